/**
 * Expense entries, reports and invoices share one shape in Concur's Image v1 API: upload an image to the object,
 * get its image back. One row per object type says everything that differs: path, words, rules.
 */
export interface AttachmentSpec {
	/** The node's resource value (saved workflows hold it). */
	resource: string;
	/** Resource name in the UI. */
	name: string;
	/** Image v1 path segment: /api/image/v1.0/<segment>/<id>. */
	segment: string;
	/** How messages name the object, and the same with its article for the UI's action texts. */
	label: string;
	withArticle: string;
	idParameter: string;
	idLabel: string;
	idDescription: string;
	idPlaceholder: string;
	uploadDescription: string;
	getDescription: string;
}

export const ATTACHMENT_SPECS: AttachmentSpec[] = [
	{
		resource: 'expenseEntry',
		name: 'Expense Entry',
		segment: 'expenseentry',
		label: 'expense entry',
		withArticle: 'an expense entry',
		idParameter: 'entryId',
		idLabel: 'Expense Entry ID',
		idDescription: 'ID of the expense entry (report entry) the receipt belongs to',
		idPlaceholder: 'e.g. A2C40CEE415B43B2A0BE',
		uploadDescription:
			'Attach a receipt to an expense entry. An entry takes one image: once it has one, Concur refuses more.',
		getDescription: 'Get the receipt image of an expense entry',
	},
	{
		resource: 'report',
		name: 'Report',
		segment: 'report',
		label: 'report',
		withArticle: 'a report',
		idParameter: 'reportId',
		idLabel: 'Report ID',
		idDescription: 'ID of the expense report',
		idPlaceholder: 'e.g. gWonjE$prhaSd7DMzt3iGi1EcpjI3UNHOjwQ',
		uploadDescription: "Add an image to a report. Each upload is appended to the report's image.",
		getDescription: "Get one PDF with all of a report's receipts",
	},
	{
		resource: 'invoice',
		name: 'Invoice',
		segment: 'invoice',
		label: 'invoice',
		withArticle: 'an invoice',
		idParameter: 'invoiceId',
		idLabel: 'Invoice ID',
		idDescription: 'ID of the invoice (payment request); needs Concur Invoice',
		idPlaceholder: 'e.g. 3E6969DD15D64A349188',
		uploadDescription:
			'Attach an image to an invoice (payment request). An invoice takes one image: once it has one, Concur refuses more.',
		getDescription: 'Get the image of an invoice (payment request)',
	},
];
