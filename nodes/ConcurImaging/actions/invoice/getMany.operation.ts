import type { IDataObject } from 'n8n-workflow';

import { INVOICE_QUERY } from '../../api/invoices';
import { callOptions, optionsCollection, returnAllFields } from '../fields';
import { filterDate, listAll, statusCodes } from '../listing';
import { INVOICE_LIST } from '../lists';
import type { ConcurItemContext, OperationModule } from '../types';
import { invoiceFilters } from './fields';

/** The Payment Request Digests v3 query for the item's filters. */
export function invoiceQuery(context: ConcurItemContext): IDataObject {
	const { fn, itemIndex } = context;
	const node = fn.getNode();
	const filters = fn.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	const set = (name: string, value: string | undefined) => {
		if (value !== undefined) qs[name] = value;
	};
	set(INVOICE_QUERY.approvalStatus, statusCodes(node, itemIndex, filters.approvalStatus, 'approval status', false));
	set(INVOICE_QUERY.paymentStatus, statusCodes(node, itemIndex, filters.paymentStatus, 'payment status', false));
	set(INVOICE_QUERY.lastModifiedDateAfter, filterDate(node, itemIndex, filters.modifiedAfter, 'Modified After date'));
	set(INVOICE_QUERY.lastModifiedDateBefore, filterDate(node, itemIndex, filters.modifiedBefore, 'Modified Before date'));
	set(INVOICE_QUERY.submitDateAfter, filterDate(node, itemIndex, filters.submittedAfter, 'Submitted After date'));
	set(INVOICE_QUERY.paidDateAfter, filterDate(node, itemIndex, filters.paidAfter, 'Paid After date'));
	const vendorInvoiceNumber = String(filters.vendorInvoiceNumber ?? '').trim();
	if (vendorInvoiceNumber) qs[INVOICE_QUERY.vendorInvoiceNumber] = vendorInvoiceNumber;
	return qs;
}

/** GET /api/v3.0/invoice/paymentrequestdigests: one output item per payment request, following NextPage. */
export const getMany: OperationModule = {
	option: {
		name: 'Get Many',
		value: 'getMany',
		description: 'List invoices (payment requests) by status and dates (Payment Request Digests v3)',
		action: 'Get many invoices',
	},
	fields: [...returnAllFields, invoiceFilters, optionsCollection(callOptions)],
	async execute(context) {
		const { fn, client, itemIndex } = context;
		const returnAll = fn.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const { items } = await listAll(client, itemIndex, {
			...INVOICE_LIST,
			qs: invoiceQuery(context),
			limit: returnAll ? Infinity : (fn.getNodeParameter('limit', itemIndex, 50) as number),
		});
		return items.map((invoice) => ({ json: { ...invoice, resource: 'invoice' } as IDataObject }));
	},
};
