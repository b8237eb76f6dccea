import { parseImageLink } from '../../api/responses';
import type { Operation } from '../shared';
import { readCheckedFile, receiptApi, uploadResult, userQuery, V1_BASE, V3_RECEIPTS } from '../shared';

/**
 * Puts the file in the user's Available Receipts: Receipt Images v3 (200 with `ID` and `URI`) by default, or
 * Image v1 `POST /receipt` (201 with `<Image><Id/>`), as the API option says.
 */
export const upload: Operation = async (context) => {
	const file = await readCheckedFile(context);
	const v1 = receiptApi(context) === 'imageV1';
	const response = await context.client.request(
		context.itemIndex,
		{
			method: 'POST',
			path: v1 ? `${V1_BASE}/receipt` : V3_RECEIPTS,
			qs: v1 ? undefined : userQuery(context),
			body: file.bytes,
			contentType: file.mimeType,
			accept: v1 ? 'application/xml' : 'application/json',
			repeatable: false,
		},
		{ target: 'receipt image', action: 'upload' },
	);
	const link = parseImageLink(response.body, String(response.headers['content-type'] ?? ''));
	return uploadResult(context, file, { id: link.id, uri: link.url, resource: 'receipt' });
};
