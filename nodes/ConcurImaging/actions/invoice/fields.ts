import type { INodeProperties } from 'n8n-workflow';

import { filtersCollection } from '../listFields';

const code = (displayName: string, name: string, concurName: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder: name === 'approvalStatus' ? 'e.g. A_APPR' : 'e.g. P_PAID',
	description: `Concur's ${concurName}: the company's code, as Concur's GET /invoice/localizeddata?type=${concurName} lists it`,
});

const date = (displayName: string, name: string, concurName: string, words: string): INodeProperties => ({
	displayName,
	name,
	type: 'dateTime',
	default: '',
	description: `Invoices ${words} this time (Concur's ${concurName}). UTC when no zone is given.`,
});

/** Payment Request Digests v3 filters, named in the UI as Concur's reference names them. */
export const invoiceFilters: INodeProperties = filtersCollection([
	code('Approval Status', 'approvalStatus', 'approvalStatus'),
	date('Modified After', 'modifiedAfter', 'lastModifiedDateAfter', 'last modified after'),
	date('Modified Before', 'modifiedBefore', 'lastModifiedDateBefore', 'last modified before'),
	date('Paid After', 'paidAfter', 'paidDateAfter', 'paid after'),
	code('Payment Status', 'paymentStatus', 'paymentStatus'),
	date('Submitted After', 'submittedAfter', 'submitDateAfter', 'submitted after'),
	{
		displayName: 'Vendor Invoice Number',
		name: 'vendorInvoiceNumber',
		type: 'string',
		default: '',
		description: "The vendor's invoice number (Concur's vendorInvoiceNumber)",
	},
]);
