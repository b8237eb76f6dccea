import type { ListPage, SummaryField } from './pages';
import { amount, flag, parseListPage, readSummary, text } from './pages';

/**
 * Reports v3 (`GET /api/v3.0/expense/reports`), as Concur's reference documents it
 * (developer.concur.com, api-reference/expense/expense-report/v3.reports): the query parameters this node
 * sends and the fields of one report it reads.
 */
export const REPORT_QUERY = {
	user: 'user',
	approvalStatusCode: 'approvalStatusCode',
	paymentStatusCode: 'paymentStatusCode',
	hasImages: 'hasImages',
	modifiedDateAfter: 'modifiedDateAfter',
	modifiedDateBefore: 'modifiedDateBefore',
	submitDateAfter: 'submitDateAfter',
	paidDateAfter: 'paidDateAfter',
	limit: 'limit',
	offset: 'offset',
} as const;

/** The standard Concur Expense approval status codes (the reference's list; companies may add custom codes). */
export const REPORT_APPROVAL_STATUSES: Array<[code: string, words: string]> = [
	['A_AAFH', 'Anomaly and fraud check'],
	['A_ACCO', 'Pending reviews'],
	['A_APPR', 'Approved'],
	['A_EXTV', 'Pending external validation'],
	['A_FILE', 'Submitted'],
	['A_NOTF', 'Not submitted'],
	['A_PBDG', 'Pending budget approval'],
	['A_PECO', 'Pending cost object approval'],
	['A_PEND', 'Pending manager approval'],
	['A_PVAL', 'Pending prepayment validation'],
	['A_RESU', 'Needs to be resubmitted'],
	['A_RHLD', 'Pending receipt images'],
	['A_TEXP', 'Expired in approval queue'],
];

export const REPORT_PAYMENT_STATUSES: Array<[code: string, words: string]> = [
	['P_HOLD', 'Payment on hold'],
	['P_NOTP', 'Not paid'],
	['P_PAID', 'Paid'],
	['P_PAYC', 'Payment confirmed'],
	['P_PROC', 'Processing payment'],
];

export interface ReportSummary {
	id: string;
	name: string | null;
	ownerLoginId: string | null;
	ownerName: string | null;
	approvalStatusCode: string | null;
	approvalStatusName: string | null;
	paymentStatusCode: string | null;
	paymentStatusName: string | null;
	total: number | null;
	currencyCode: string | null;
	createDate: string | null;
	submitDate: string | null;
	processingPaymentDate: string | null;
	paidDate: string | null;
	lastModifiedDate: string | null;
	/**
	 * The Report schema has no image field; Concur's `hasImages` filter is the only documented source. Read from
	 * a `HasImages`/`HasImage` field when Concur sends one, else null (the operation fills it from its filter).
	 */
	hasImages: boolean | null;
	uri: string | null;
}

const REPORT_FIELDS: SummaryField[] = [
	'Name', 'OwnerLoginID', 'OwnerName', 'ApprovalStatusCode', 'ApprovalStatusName', 'PaymentStatusCode',
	'PaymentStatusName', ['Total', amount], 'CurrencyCode', 'CreateDate', 'SubmitDate', 'ProcessingPaymentDate',
	'PaidDate', 'LastModifiedDate',
];

export function reportSummary(fields: Record<string, string>): ReportSummary {
	return {
		id: text(fields, 'ID') ?? '',
		...readSummary(fields, REPORT_FIELDS),
		hasImages: flag(fields, 'HasImages') ?? flag(fields, 'HasImage'),
		uri: text(fields, 'URI'),
	} as unknown as ReportSummary;
}

export function parseReportPage(body: Buffer | string | undefined, contentType?: string): ListPage & { reports: ReportSummary[] } {
	const page = parseListPage(body, contentType, ['Report']);
	return { ...page, reports: page.items.map(reportSummary).filter((report) => report.id) };
}
