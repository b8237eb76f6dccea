import type { ListPage, SummaryField } from './pages';
import { amount, flag, parseListPage, readSummary, text } from './pages';

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

const ENTRY_FIELDS: SummaryField[] = [
	'ReportID', 'ExpenseTypeCode', 'ExpenseTypeName', 'TransactionDate', ['TransactionAmount', amount],
	'TransactionCurrencyCode', ['PostedAmount', amount], 'VendorDescription', ['HasImage', flag],
	['IsImageRequired', flag], 'ReportOwnerID', 'LastModified', 'URI',
];

export function entrySummary(fields: Record<string, string>): EntrySummary {
	return { id: text(fields, 'ID') ?? '', ...readSummary(fields, ENTRY_FIELDS) } as unknown as EntrySummary;
}

export function parseEntryPage(body: Buffer | string | undefined, contentType?: string): ListPage & { entries: EntrySummary[] } {
	const page = parseListPage(body, contentType, ['Entry']);
	return { ...page, entries: page.items.map(entrySummary).filter((entry) => entry.id) };
}
