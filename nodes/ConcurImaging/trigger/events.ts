import type { IDataObject, INode } from 'n8n-workflow';

import { INVOICE_QUERY, parseInvoicePage } from '../api/invoices';
import { parseReceiptImagePage } from '../api/responses';
import { IMAGE_V1, PAYMENT_REQUEST_DIGESTS_V3, RECEIPT_IMAGES_V3, REPORTS_V3 } from '../api/paths';
import { parseReportPage, REPORT_QUERY } from '../api/reports';
import { ATTACHMENT_SPECS } from '../actions/attachment/specs';
import type { ImageTarget } from '../actions/imageGet';
import { listAll, statusCodes } from '../actions/listing';
import { inputError } from '../errors';
import type { ConcurClient } from '../transport';
import { EVENTS } from './description';

/** A record the trigger may emit: what the cursor needs, the output item's JSON, and where its image is. */
export interface EventRecord {
	id: string;
	modified?: string | null;
	key: string;
	json: IDataObject;
	image: ImageTarget;
}

export interface EventSettings {
	event: string;
	node: INode;
	company: boolean;
	reportApprovalStatus?: unknown;
	reportPaymentStatus?: unknown;
	invoiceApprovalStatus?: unknown;
	invoicePaymentStatus?: unknown;
	owner?: string;
	user?: string;
}

export interface ListWindow {
	/** Concur's modified-after filter, when the poll has a watermark. */
	modifiedAfter?: string;
	limit: number;
	more?: () => boolean;
}

/** One event type: whether it has a time, what it watches (its signature), and how to list its records. */
export interface EventSource {
	timed: boolean;
	watch: string;
	list(client: ConcurClient, window: ListWindow): Promise<{ records: EventRecord[]; complete: boolean }>;
}

const noStatus = (node: INode, message: string) =>
	inputError(node, { message, description: 'Without a status the trigger would fire for every change.' }, { code: 'INVALID_FILTER' });

const imageOf = (resource: 'report' | 'invoice', id: string): ImageTarget => {
	const spec = ATTACHMENT_SPECS.find((candidate) => candidate.resource === resource)!;
	return {
		path: `${IMAGE_V1}/${spec.segment}/${encodeURIComponent(id)}`,
		resource: spec.resource,
		call: { target: spec.label, id, action: 'get' },
	};
};

function reportSource(settings: EventSettings): EventSource {
	const { node } = settings;
	const approval = statusCodes(node, 0, settings.reportApprovalStatus, 'approval status');
	const payment = statusCodes(node, 0, settings.reportPaymentStatus, 'payment status');
	if (!approval && !payment) throw noStatus(node, 'Choose at least one approval or payment status for the report event');
	const qs: IDataObject = { [REPORT_QUERY.hasImages]: 'true' };
	if (settings.owner) qs[REPORT_QUERY.user] = settings.owner;
	else if (settings.company) qs[REPORT_QUERY.user] = 'ALL';
	if (approval) qs[REPORT_QUERY.approvalStatusCode] = approval;
	if (payment) qs[REPORT_QUERY.paymentStatusCode] = payment;
	return {
		timed: true,
		watch: JSON.stringify(['report', qs]),
		async list(client, window) {
			const { items, complete } = await listAll(client, 0, {
				path: REPORTS_V3,
				qs: { ...qs, ...(window.modifiedAfter ? { [REPORT_QUERY.modifiedDateAfter]: window.modifiedAfter } : {}) },
				call: { target: 'reports', action: 'list' },
				parse: (body, contentType) => {
					const page = parseReportPage(body, contentType);
					return { list: page.reports, nextPage: page.nextPage };
				},
				limit: window.limit,
				more: window.more,
			});
			const records = items.map((report) => ({
				id: report.id,
				modified: report.lastModifiedDate,
				key: [approval ? report.approvalStatusCode : '', payment ? report.paymentStatusCode : ''].join('|'),
				json: { event: EVENTS.report, ...report, hasImages: report.hasImages ?? true, resource: 'report' } as IDataObject,
				image: imageOf('report', report.id),
			}));
			return { records, complete };
		},
	};
}

function invoiceSource(settings: EventSettings): EventSource {
	const { node } = settings;
	const approval = statusCodes(node, 0, settings.invoiceApprovalStatus, 'approval status', false);
	const payment = statusCodes(node, 0, settings.invoicePaymentStatus, 'payment status', false);
	if (!approval && !payment) throw noStatus(node, 'Enter an approval status or a payment status for the invoice event');
	const qs: IDataObject = {};
	if (approval) qs[INVOICE_QUERY.approvalStatus] = approval;
	if (payment) qs[INVOICE_QUERY.paymentStatus] = payment;
	return {
		timed: true,
		watch: JSON.stringify(['invoice', qs]),
		async list(client, window) {
			const { items, complete } = await listAll(client, 0, {
				path: PAYMENT_REQUEST_DIGESTS_V3,
				qs: { ...qs, ...(window.modifiedAfter ? { [INVOICE_QUERY.lastModifiedDateAfter]: window.modifiedAfter } : {}) },
				call: { target: 'invoices', action: 'list' },
				parse: (body, contentType) => {
					const page = parseInvoicePage(body, contentType);
					return { list: page.invoices, nextPage: page.nextPage };
				},
				limit: window.limit,
				more: window.more,
			});
			const records = items.map((invoice) => ({
				id: invoice.id,
				modified: invoice.lastModifiedDate,
				key: [approval ? invoice.approvalStatusCode : '', payment ? invoice.paymentStatusCode : ''].join('|'),
				json: { event: EVENTS.invoice, ...invoice, resource: 'invoice' } as IDataObject,
				image: imageOf('invoice', invoice.id),
			}));
			return { records, complete };
		},
	};
}

function receiptSource(settings: EventSettings): EventSource {
	const qs: IDataObject = settings.user ? { user: settings.user } : {};
	return {
		timed: false,
		watch: JSON.stringify(['receipt', qs]),
		async list(client, window) {
			const { items, complete } = await listAll(client, 0, {
				path: RECEIPT_IMAGES_V3,
				qs,
				call: { target: 'receipt images', action: 'list' },
				parse: (body, contentType) => {
					const page = parseReceiptImagePage(body, contentType);
					return { list: page.items, nextPage: page.nextPage };
				},
				limit: window.limit,
				more: window.more,
			});
			const records = items.map((receipt) => ({
				id: receipt.id,
				key: '',
				json: { event: EVENTS.receipt, id: receipt.id, uri: receipt.uri ?? null, resource: 'receipt' } as IDataObject,
				image: {
					path: `${RECEIPT_IMAGES_V3}/${encodeURIComponent(receipt.id)}`,
					qs: settings.user ? { user: settings.user } : undefined,
					accept: 'application/json',
					resource: 'receipt',
					call: { target: 'receipt image', id: receipt.id, action: 'get' },
				},
			}));
			return { records, complete };
		},
	};
}

export function eventSource(settings: EventSettings): EventSource {
	if (settings.event === EVENTS.invoice) return invoiceSource(settings);
	if (settings.event === EVENTS.receipt) return receiptSource(settings);
	return reportSource(settings);
}
