import { IMAGE_V1, RECEIPT_IMAGES_V3 } from '../../api/paths';
import { callOptions, downloadFields, fileNameOption, optionsCollection } from '../fields';
import { getImage } from '../imageGet';
import { idParameter, optionsOf, receiptApi, userQuery } from '../parameters';
import type { OperationModule } from '../types';
import { receiptIdField, userOption } from './fields';
import { getFromSpendDocuments } from './spendDocuments';
import { companyIdOption, getApiOption, representationOption } from './v4Fields';

/** GET a receipt image by ID: Concur answers with a temporary image URL, downloaded unless Download is off. */
export const get: OperationModule = {
	option: {
		name: 'Get',
		value: 'get',
		description: 'Get a receipt image as a file or as a short-lived URL',
		action: 'Get a receipt image',
	},
	fields: [receiptIdField, ...downloadFields, optionsCollection([getApiOption, companyIdOption, fileNameOption, representationOption, userOption, ...callOptions])],
	async execute(context) {
		if (optionsOf(context).api === 'spendDocumentsV4') return await getFromSpendDocuments(context);
		const id = idParameter(context, 'receiptId', 'receipt image ID');
		const v1 = receiptApi(context) === 'imageV1';
		return await getImage(context, {
			path: v1 ? `${IMAGE_V1}/receipt/${id.encoded}` : `${RECEIPT_IMAGES_V3}/${id.encoded}`,
			qs: v1 ? undefined : userQuery(context),
			accept: v1 ? 'application/xml' : 'application/json',
			resource: 'receipt',
			call: { target: 'receipt image', id: id.raw, action: 'get' },
		});
	},
};
