import type { ListPage, SummaryField } from './pages';
import { amount, flag, parseListPage, readSummary, text } from './pages';

/**
 * Payment Request Digests v3 (`GET /api/v3.0/invoice/paymentrequestdigests`), as Concur's reference documents
 * it (developer.concur.com, api-reference/invoice/v3.payment-request-digest): the query parameters this node
 * sends and the fields of one digest it reads. Approval and payment status codes are company data (Concur
 * points to `GET /invoice/localizeddata`), so they are free text here.
 */
export const INVOICE_QUERY = {
	approvalStatus: 'approvalStatus',
	paymentStatus: 'paymentStatus',
	lastModifiedDateAfter: 'lastModifiedDateAfter',
	lastModifiedDateBefore: 'lastModifiedDateBefore',
	submitDateAfter: 'submitDateAfter',
	paidDateAfter: 'paidDateAfter',
	vendorInvoiceNumber: 'vendorInvoiceNumber',
	limit: 'limit',
	offset: 'offset',
} as const;

export interface InvoiceSummary {
	/** The payment request's ID (`PaymentRequestId`): what Image v1 `invoice/{requestId}` takes. */
	id: string;
	/** The digest's own `ID`. */
	digestId: string | null;
	invoiceNumber: string | null;
	vendorName: string | null;
	total: number | null;
	currencyCode: string | null;
	approvalStatusCode: string | null;
	paymentStatusCode: string | null;
	ownerLoginId: string | null;
	ownerName: string | null;
	createDate: string | null;
	userDefinedDate: string | null;
	paidDate: string | null;
	extractedDate: string | null;
	lastModifiedDate: string | null;
	paymentMethod: string | null;
	isDeleted: boolean | null;
	uri: string | null;
}

const INVOICE_FIELDS: SummaryField[] = [
	'InvoiceNumber', 'VendorName', ['Total', amount], 'CurrencyCode', 'ApprovalStatusCode', 'PaymentStatusCode',
	'OwnerLoginID', 'OwnerName', 'CreateDate', 'UserDefinedDate', 'PaidDate', 'ExtractedDate', 'LastModifiedDate',
	'PaymentMethod', ['IsDeleted', flag],
];

export function invoiceSummary(fields: Record<string, string>): InvoiceSummary {
	const digestId = text(fields, 'ID');
	return {
		id: text(fields, 'PaymentRequestId') ?? digestId ?? '',
		digestId,
		...readSummary(fields, INVOICE_FIELDS),
		uri: text(fields, 'PaymentRequestUri') ?? text(fields, 'URI'),
	} as unknown as InvoiceSummary;
}

export function parseInvoicePage(body: Buffer | string | undefined, contentType?: string): ListPage & { invoices: InvoiceSummary[] } {
	const page = parseListPage(body, contentType, ['PaymentRequestDigest']);
	return { ...page, invoices: page.items.map(invoiceSummary).filter((invoice) => invoice.id) };
}
