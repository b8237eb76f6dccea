import type { Operation } from '../shared';
import { getImage, idParameter, receiptApi, userQuery, V1_BASE, V3_RECEIPTS } from '../shared';

/** GET a receipt image by ID: Concur answers with a temporary image URL, downloaded unless Download is off. */
export const get: Operation = async (context) => {
	const id = idParameter(context, 'receiptId', 'receipt image ID');
	const v1 = receiptApi(context) === 'imageV1';
	return await getImage(context, {
		path: v1 ? `${V1_BASE}/receipt/${id.encoded}` : `${V3_RECEIPTS}/${id.encoded}`,
		qs: v1 ? undefined : userQuery(context),
		accept: v1 ? 'application/xml' : 'application/json',
		resource: 'receipt',
		call: { target: 'receipt image', id: id.raw, action: 'get' },
	});
};
