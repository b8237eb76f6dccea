import type { IDataObject } from 'n8n-workflow';

import { parseReceiptImagePage } from '../../api/responses';
import type { Operation } from '../shared';
import { userQuery, V3_RECEIPTS } from '../shared';

const PAGE_SIZE = 100;

/**
 * Lists Available Receipts page by page. `NextPage` is a full URL (sometimes on another host than the one
 * called), so only its opaque `offset` is taken and the next page is requested from the token's geolocation.
 */
export const getMany: Operation = async (context) => {
	const { fn, client, itemIndex } = context;
	const returnAll = fn.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (fn.getNodeParameter('limit', itemIndex, 50) as number);
	const results: IDataObject[] = [];
	let offset: string | undefined;
	const seenOffsets = new Set<string>();
	do {
		const qs: IDataObject = { ...userQuery(context), limit: Math.min(PAGE_SIZE, limit - results.length) };
		if (offset) qs.offset = offset;
		const response = await client.request(
			itemIndex,
			{ method: 'GET', path: V3_RECEIPTS, qs, accept: 'application/json', repeatable: true },
			{ target: 'receipt images', action: 'list' },
		);
		const page = parseReceiptImagePage(response.body, String(response.headers['content-type'] ?? ''));
		for (const receipt of page.items) {
			if (results.length >= limit) break;
			results.push({ id: receipt.id, ...(receipt.uri ? { uri: receipt.uri } : {}) });
		}
		offset = offsetOf(page.nextPage);
		if (offset && seenOffsets.has(offset)) break; // a server repeating itself must not loop forever
		if (offset) seenOffsets.add(offset);
	} while (offset && results.length < limit);
	return results.map((json) => ({ json, pairedItem: { item: itemIndex } }));
};

function offsetOf(nextPage: string | undefined): string | undefined {
	if (!nextPage) return undefined;
	try {
		return new URL(nextPage, 'http://placeholder.invalid').searchParams.get('offset') ?? undefined;
	} catch {
		return undefined;
	}
}
