import { parseInvoicePage } from '../api/invoices';
import { PAYMENT_REQUEST_DIGESTS_V3, RECEIPT_IMAGES_V3, REPORTS_V3 } from '../api/paths';
import { parseReportPage } from '../api/reports';
import { parseReceiptImagePage } from '../api/responses';
import type { ListRequest } from './listing';

/**
 * The v3 lists Get Many and the trigger both read: where each is, how messages name it, and how one page is
 * read. A caller adds its query and its limit (see listAll).
 */
export type ListSource<T> = Pick<ListRequest<T>, 'path' | 'call' | 'parse'>;

/** A list at `path`, named `target` in messages, whose pages `read` parses and `itemsOf` takes the items from. */
function listSource<P extends { nextPage?: string }, T>(
	path: string,
	target: string,
	read: (body: Buffer, contentType: string) => P,
	itemsOf: (page: P) => T[],
): ListSource<T> {
	return {
		path,
		call: { target, action: 'list' },
		parse: (body, contentType) => {
			const page = read(body, contentType);
			return { list: itemsOf(page), nextPage: page.nextPage };
		},
	};
}

export const REPORT_LIST = listSource(
	REPORTS_V3,
	'reports',
	parseReportPage,
	(page) => page.reports,
);

export const INVOICE_LIST = listSource(
	PAYMENT_REQUEST_DIGESTS_V3,
	'invoices',
	parseInvoicePage,
	(page) => page.invoices,
);

export const RECEIPT_IMAGE_LIST = listSource(
	RECEIPT_IMAGES_V3,
	'receipt images',
	parseReceiptImagePage,
	(page) => page.items,
);
