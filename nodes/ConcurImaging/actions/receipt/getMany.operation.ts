import { callOptions, optionsCollection, returnAllFields } from '../fields';
import { listAll } from '../listing';
import { RECEIPT_IMAGE_LIST } from '../lists';
import { userQuery } from '../parameters';
import type { OperationModule } from '../types';
import { userOption } from './fields';

/** Lists Available Receipts page by page, as every v3 list is read (listAll: NextPage's opaque offset). */
export const getMany: OperationModule = {
	option: {
		name: 'Get Many',
		value: 'getMany',
		description: 'List the receipt images in Available Receipts',
		action: 'Get many receipt images',
	},
	fields: [...returnAllFields, optionsCollection([userOption, ...callOptions])],
	async execute(context) {
		const { fn, client, itemIndex } = context;
		const returnAll = fn.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? Infinity : (fn.getNodeParameter('limit', itemIndex, 50) as number);
		const { items } = await listAll(client, itemIndex, { ...RECEIPT_IMAGE_LIST, qs: { ...userQuery(context) }, limit });
		return items.map((receipt) => ({ json: { id: receipt.id, ...(receipt.uri ? { uri: receipt.uri } : {}) } }));
	},
};
