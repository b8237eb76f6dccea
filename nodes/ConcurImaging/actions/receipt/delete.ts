import type { Operation } from '../shared';
import { idParameter, userQuery, V3_RECEIPTS } from '../shared';

/** DELETE a receipt image (Concur answers 204, or 200 in its swagger; both mean done). */
export const remove: Operation = async (context) => {
	const id = idParameter(context, 'receiptId', 'receipt image ID');
	await context.client.request(
		context.itemIndex,
		{ method: 'DELETE', path: `${V3_RECEIPTS}/${id.encoded}`, qs: userQuery(context), accept: 'application/json', repeatable: true },
		{ target: 'receipt image', id: id.raw, action: 'delete' },
	);
	return [{ json: { deleted: true, id: id.raw }, pairedItem: { item: context.itemIndex } }];
};
