import type { IDataObject, INode } from 'n8n-workflow';

import type { InvoiceSummary } from '../api/invoices';
import { INVOICE_QUERY } from '../api/invoices';
import { RECEIPT_IMAGES_V3 } from '../api/paths';
import type { ReportSummary } from '../api/reports';
import { REPORT_QUERY } from '../api/reports';
import { ATTACHMENT_SPECS } from '../actions/attachment/specs';
import { imageTargetOf } from '../actions/attachment/target';
import type { ImageTarget } from '../actions/imageGet';
import { listAll, statusCodes } from '../actions/listing';
import type { ListSource } from '../actions/lists';
import { INVOICE_LIST, RECEIPT_IMAGE_LIST, REPORT_LIST } from '../actions/lists';
import { reportJson } from '../actions/report/getMany.operation';
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

/** What a report or an invoice has for the trigger: a time to keep a watermark by, and the statuses it watches. */
interface StatusSummary {
	id: string;
	lastModifiedDate: string | null;
	approvalStatusCode: string | null;
	paymentStatusCode: string | null;
}

/** What differs between the report and the invoice event: the list, the names its query gives the filters, words. */
interface StatusEvent<T extends StatusSummary> {
	resource: 'report' | 'invoice';
	list: ListSource<T>;
	query: { approval: string; payment: string; modifiedAfter: string };
	/** Reports take several codes of each status (chosen from Concur's list); invoices one each (company codes). */
	severalCodes: boolean;
	noStatus: string;
	json: (item: T, qs: IDataObject) => IDataObject;
}

const REPORT_EVENT: StatusEvent<ReportSummary> = {
	resource: 'report',
	list: REPORT_LIST,
	query: {
		approval: REPORT_QUERY.approvalStatusCode,
		payment: REPORT_QUERY.paymentStatusCode,
		modifiedAfter: REPORT_QUERY.modifiedDateAfter,
	},
	severalCodes: true,
	noStatus: 'Choose at least one approval or payment status for the report event',
	json: (report, qs) => ({ event: EVENTS.report, ...reportJson(report, qs) }),
};

const INVOICE_EVENT: StatusEvent<InvoiceSummary> = {
	resource: 'invoice',
	list: INVOICE_LIST,
	query: {
		approval: INVOICE_QUERY.approvalStatus,
		payment: INVOICE_QUERY.paymentStatus,
		modifiedAfter: INVOICE_QUERY.lastModifiedDateAfter,
	},
	severalCodes: false,
	noStatus: 'Enter an approval status or a payment status for the invoice event',
	json: (invoice) => ({ event: EVENTS.invoice, ...invoice, resource: 'invoice' }) as IDataObject,
};

/**
 * Reports and invoices: timed sources that watch an approval and/or payment status (sent as filters after the
 * event's own `base` query). Records are keyed by the statuses watched (a record reaching another watched
 * status is a new event), each with its Image v1 image.
 */
function statusSource<T extends StatusSummary>(
	event: StatusEvent<T>,
	node: INode,
	base: IDataObject,
	statuses: { approval: unknown; payment: unknown },
): EventSource {
	const approval = statusCodes(node, 0, statuses.approval, 'approval status', event.severalCodes);
	const payment = statusCodes(node, 0, statuses.payment, 'payment status', event.severalCodes);
	if (!approval && !payment) throw noStatus(node, event.noStatus);
	const qs: IDataObject = { ...base };
	if (approval) qs[event.query.approval] = approval;
	if (payment) qs[event.query.payment] = payment;
	const spec = ATTACHMENT_SPECS.find((candidate) => candidate.resource === event.resource)!;
	return {
		timed: true,
		watch: JSON.stringify([event.resource, qs]),
		async list(client, window) {
			const { items, complete } = await listAll(client, 0, {
				...event.list,
				qs: { ...qs, ...(window.modifiedAfter ? { [event.query.modifiedAfter]: window.modifiedAfter } : {}) },
				limit: window.limit,
				more: window.more,
			});
			const records = items.map((item) => ({
				id: item.id,
				modified: item.lastModifiedDate,
				key: [approval ? item.approvalStatusCode : '', payment ? item.paymentStatusCode : ''].join('|'),
				json: event.json(item, qs),
				image: imageTargetOf(spec, { raw: item.id, encoded: encodeURIComponent(item.id) }),
			}));
			return { records, complete };
		},
	};
}

function reportSource(settings: EventSettings): EventSource {
	const base: IDataObject = { [REPORT_QUERY.hasImages]: 'true' };
	if (settings.owner) base[REPORT_QUERY.user] = settings.owner;
	else if (settings.company) base[REPORT_QUERY.user] = 'ALL';
	return statusSource(REPORT_EVENT, settings.node, base, {
		approval: settings.reportApprovalStatus,
		payment: settings.reportPaymentStatus,
	});
}

function invoiceSource(settings: EventSettings): EventSource {
	return statusSource(INVOICE_EVENT, settings.node, {}, {
		approval: settings.invoiceApprovalStatus,
		payment: settings.invoicePaymentStatus,
	});
}

function receiptSource(settings: EventSettings): EventSource {
	const qs: IDataObject = settings.user ? { user: settings.user } : {};
	return {
		timed: false,
		watch: JSON.stringify(['receipt', qs]),
		async list(client, window) {
			const { items, complete } = await listAll(client, 0, {
				...RECEIPT_IMAGE_LIST,
				qs,
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
