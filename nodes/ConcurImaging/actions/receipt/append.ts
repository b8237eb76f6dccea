import type { Operation } from '../shared';
import { idParameter, readCheckedFile, uploadResult, userQuery, V3_RECEIPTS } from '../shared';

/** PUT a page onto a receipt image; Concur consolidates the receipt into one PDF. */
export const append: Operation = async (context) => {
	const id = idParameter(context, 'receiptId', 'receipt image ID');
	const file = await readCheckedFile(context);
	await context.client.request(
		context.itemIndex,
		{
			method: 'PUT',
			path: `${V3_RECEIPTS}/${id.encoded}`,
			qs: userQuery(context),
			body: file.bytes,
			contentType: file.mimeType,
			accept: 'application/json',
			repeatable: false,
		},
		{ target: 'receipt image', id: id.raw, action: 'append' },
	);
	return uploadResult(context, file, { id: id.raw, resource: 'receipt', targetId: id.raw });
};
