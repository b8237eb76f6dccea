// One list item of Expense Entries, Reports and Invoices v3 as the node outputs it: every documented field under
// its own name in camelCase, in Concur's order, a null where Concur left it out, numbers and flags typed.
import { parseEntryPage } from '../../nodes/ConcurImaging/api/entries';
import { parseInvoicePage } from '../../nodes/ConcurImaging/api/invoices';
import { outputKey } from '../../nodes/ConcurImaging/api/pages';
import { parseReportPage } from '../../nodes/ConcurImaging/api/reports';

const json = (items: object[]) => JSON.stringify({ Items: items, NextPage: null });

describe('list items as the node outputs them', () => {
	it('names each field after Concur: first letter lower-case, ID as Id, URI as uri', () => {
		expect(['ReportID', 'OwnerLoginID', 'URI', 'LastModifiedDate', 'IsImageRequired', 'ID'].map(outputKey)).toEqual([
			'reportId',
			'ownerLoginId',
			'uri',
			'lastModifiedDate',
			'isImageRequired',
			'id',
		]);
	});

	it('an expense entry: every field in order, amounts as numbers, flags as booleans, missing ones null', () => {
		const page = parseEntryPage(
			json([{ ID: 'e1', ReportID: 'r1', TransactionAmount: '12.50', PostedAmount: 'n/a', HasImage: 'true', IsImageRequired: 'false', URI: 'https://x/e1' }]),
			'application/json',
		);
		const [entry] = page.entries;
		expect(Object.keys(entry)).toEqual([
			'id', 'reportId', 'expenseTypeCode', 'expenseTypeName', 'transactionDate', 'transactionAmount',
			'transactionCurrencyCode', 'postedAmount', 'vendorDescription', 'hasImage', 'isImageRequired',
			'reportOwnerId', 'lastModified', 'uri',
		]);
		expect(entry).toMatchObject({ id: 'e1', reportId: 'r1', transactionAmount: 12.5, postedAmount: null, hasImage: true, isImageRequired: false, vendorDescription: null, uri: 'https://x/e1' });
	});

	it('a report: hasImages from HasImages or HasImage, total as a number', () => {
		const [report] = parseReportPage(json([{ ID: 'r1', Name: 'Trip', Total: '99', HasImage: 'true', OwnerLoginID: 'a@b.c' }]), 'application/json').reports;
		expect(Object.keys(report)).toEqual([
			'id', 'name', 'ownerLoginId', 'ownerName', 'approvalStatusCode', 'approvalStatusName', 'paymentStatusCode',
			'paymentStatusName', 'total', 'currencyCode', 'createDate', 'submitDate', 'processingPaymentDate', 'paidDate',
			'lastModifiedDate', 'hasImages', 'uri',
		]);
		expect(report).toMatchObject({ id: 'r1', name: 'Trip', total: 99, hasImages: true, ownerLoginId: 'a@b.c', paidDate: null });
	});

	it('an invoice: its payment request ID first, the digest ID kept, isDeleted as a flag', () => {
		const [invoice] = parseInvoicePage(json([{ ID: 'd1', PaymentRequestId: 'p1', Total: '5', IsDeleted: 'false', PaymentRequestUri: 'https://x/p1' }]), 'application/json').invoices;
		expect(Object.keys(invoice)).toEqual([
			'id', 'digestId', 'invoiceNumber', 'vendorName', 'total', 'currencyCode', 'approvalStatusCode', 'paymentStatusCode',
			'ownerLoginId', 'ownerName', 'createDate', 'userDefinedDate', 'paidDate', 'extractedDate', 'lastModifiedDate',
			'paymentMethod', 'isDeleted', 'uri',
		]);
		expect(invoice).toMatchObject({ id: 'p1', digestId: 'd1', total: 5, isDeleted: false, uri: 'https://x/p1' });
	});
});
