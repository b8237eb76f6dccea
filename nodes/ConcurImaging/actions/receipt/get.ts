import type { Operation } from '../shared';
import { getImage, idParameter, userQuery, V3_RECEIPTS } from '../shared';

/** GET a receipt image by ID: Concur answers with a temporary image URL, downloaded unless Download is off. */
export const get: Operation = async (context) => {
	const id = idParameter(context, 'receiptId', 'receipt image ID');
	return await getImage(context, {
		path: `${V3_RECEIPTS}/${id.encoded}`,
		qs: userQuery(context),
		accept: 'application/json',
		resource: 'receipt',
		call: { target: 'receipt image', id: id.raw, action: 'get' },
	});
};
