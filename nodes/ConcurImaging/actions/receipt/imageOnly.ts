import { sleep } from 'n8n-workflow';

import { RECEIPTS_V4 } from '../../api/paths';
import { linkWithRel, parseReceiptStatus, pathUnder } from '../../api/v4';
import { apiError } from '../../errors';
import { headerValue } from '../../transport/headers';
import { multipartBody } from '../../transport/multipart';
import type { CheckedFile } from '../inputFile';
import { uploadOutput } from '../inputFile';
import { optionsOf } from '../parameters';
import type { ConcurItemContext, OutputItem } from '../types';
import { resolveUser } from '../users';

/** Waits between status reads: about 15 s in all, then the item succeeds with the status URL to check later. */
export const STATUS_WAITS_MS = [0, 500, 1000, 2000, 4000, 8000];

/**
 * Receipts v4 image-only receipt: POST the file as the `image` part; Concur accepts it with 202 and a
 * `processing-status` link, which is followed (only its path, on the token's host) until PROCESSED or FAILED.
 */
export async function uploadImageOnly(context: ConcurItemContext, file: CheckedFile): Promise<OutputItem[]> {
	const { fn, client, itemIndex } = context;
	const user = await resolveUser(context, String(optionsOf(context).user ?? ''), 'Act for User (Login ID) option, which Receipts V4 needs,');
	const { body, contentType } = multipartBody([{ name: 'image', data: file.bytes, fileName: file.fileName, contentType: file.mimeType }]);
	const call = { target: 'receipt', action: 'upload' };
	const response = await client.request(
		itemIndex,
		{
			method: 'POST',
			path: `${RECEIPTS_V4}/users/${encodeURIComponent(user.id)}/image-only-receipts`,
			body,
			contentType,
			accept: 'application/json',
			repeatable: false,
		},
		call,
	);
	const statusUrl = linkWithRel(response.headers, 'processing-status');
	const statusPath = pathUnder(statusUrl, `${RECEIPTS_V4}/status/`);
	const id = statusPath?.split('/').pop() ?? headerValue(response.headers, 'location')?.split('/').pop();
	let status = 'ACCEPTED';
	if (statusPath && optionsOf(context).waitForProcessing !== false) {
		for (const wait of STATUS_WAITS_MS) {
			if (wait) await sleep(wait);
			const answer = await client.request(
				itemIndex,
				{ method: 'GET', path: statusPath, accept: 'application/json', repeatable: true },
				{ target: 'receipt processing status', id, action: 'get' },
			);
			const read = parseReceiptStatus(answer.body, answer.contentType);
			status = read.status || status;
			if (status === 'FAILED') {
				throw apiError(
					fn.getNode(),
					{
						message: `Concur accepted the receipt "${file.fileName}" but could not process it${read.errors.length ? `: ${read.errors.join(' ')}` : ''}`,
						description: 'The receipt was not added to Available Receipts. Check the file in Concur, or upload it again with another API.',
						itemIndex,
					},
					{ code: 'CONCUR_REJECTED', concurMessage: read.errors.join(' ') || undefined },
				);
			}
			if (status === 'PROCESSED') break;
		}
	}
	const [output] = uploadOutput(context, file, { id, uri: headerValue(response.headers, 'location'), resource: 'receipt' });
	output.json = { ...output.json, userId: user.id, api: 'receiptsV4ImageOnly', status, ...(statusUrl ? { statusUrl } : {}) };
	return [output];
}
