import { parseImageLink } from '../../concur/responses';
import type { Operation } from '../shared';
import { readCheckedFile, uploadResult, userQuery, V3_RECEIPTS } from '../shared';

/** POST to Receipt Images v3: the file lands in the user's Available Receipts (200 with `ID` and `URI`). */
export const upload: Operation = async (context) => {
	const file = await readCheckedFile(context);
	const response = await context.client.request(
		context.itemIndex,
		{
			method: 'POST',
			path: V3_RECEIPTS,
			qs: userQuery(context),
			body: file.bytes,
			contentType: file.mimeType,
			accept: 'application/json',
			repeatable: false,
		},
		{ target: 'receipt image', action: 'upload' },
	);
	const link = parseImageLink(response.body, String(response.headers['content-type'] ?? ''));
	return uploadResult(context, file, { id: link.id, uri: link.url, resource: 'receipt' });
};
