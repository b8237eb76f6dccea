import type { ListPage } from './pages';
import { amount, flag, parseListPage, text } from './pages';

/**
 * Expense Entries v3 (`GET /api/v3.0/expense/entries`), as Concur's reference documents it
 * (developer.concur.com, api-reference/expense/expense-report/expense-entry): the query parameters this node
 * sends and the fields of one entry it reads.
 */
export const ENTRY_QUERY = { reportId: 'reportID', user: 'user', limit: 'limit', offset: 'offset' } as const;

export interface EntrySummary {
	id: string;
	reportId: string | null;
	expenseTypeCode: string | null;
	expenseTypeName: string | null;
	transactionDate: string | null;
	transactionAmount: number | null;
	transactionCurrencyCode: string | null;
	postedAmount: number | null;
	vendorDescription: string | null;
	hasImage: boolean | null;
	isImageRequired: boolean | null;
	reportOwnerId: string | null;
	lastModified: string | null;
	uri: string | null;
}

export function entrySummary(fields: Record<string, string>): EntrySummary {
	return {
		id: text(fields, 'ID') ?? '',
		reportId: text(fields, 'ReportID'),
		expenseTypeCode: text(fields, 'ExpenseTypeCode'),
		expenseTypeName: text(fields, 'ExpenseTypeName'),
		transactionDate: text(fields, 'TransactionDate'),
		transactionAmount: amount(fields, 'TransactionAmount'),
		transactionCurrencyCode: text(fields, 'TransactionCurrencyCode'),
		postedAmount: amount(fields, 'PostedAmount'),
		vendorDescription: text(fields, 'VendorDescription'),
		hasImage: flag(fields, 'HasImage'),
		isImageRequired: flag(fields, 'IsImageRequired'),
		reportOwnerId: text(fields, 'ReportOwnerID'),
		lastModified: text(fields, 'LastModified'),
		uri: text(fields, 'URI'),
	};
}

export function parseEntryPage(body: Buffer | string | undefined, contentType?: string): ListPage & { entries: EntrySummary[] } {
	const page = parseListPage(body, contentType, ['Entry']);
	return { ...page, entries: page.items.map(entrySummary).filter((entry) => entry.id) };
}
