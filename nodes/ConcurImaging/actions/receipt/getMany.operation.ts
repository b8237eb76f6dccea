import type { IDataObject } from 'n8n-workflow';

import { RECEIPT_IMAGES_V3 } from '../../api/paths';
import { parseReceiptImagePage } from '../../api/responses';
import { callOptions, optionsCollection, returnAllFields } from '../fields';
import { userQuery } from '../parameters';
import type { OperationModule } from '../types';
import { userOption } from './fields';

const PAGE_SIZE = 100;

/**
 * Lists Available Receipts page by page. `NextPage` is a full URL (sometimes on another host than the one
 * called), so only its opaque `offset` is taken and the next page is requested from the token's geolocation.
 */
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
		const results: IDataObject[] = [];
		let offset: string | undefined;
		const seenOffsets = new Set<string>();
		do {
			const qs: IDataObject = { ...userQuery(context), limit: Math.min(PAGE_SIZE, limit - results.length) };
			if (offset) qs.offset = offset;
			const response = await client.request(
				itemIndex,
				{ method: 'GET', path: RECEIPT_IMAGES_V3, qs, accept: 'application/json', repeatable: true },
				{ target: 'receipt images', action: 'list' },
			);
			const page = parseReceiptImagePage(response.body, response.contentType);
			for (const receipt of page.items) {
				if (results.length >= limit) break;
				results.push({ id: receipt.id, ...(receipt.uri ? { uri: receipt.uri } : {}) });
			}
			offset = offsetOf(page.nextPage);
			if (offset && seenOffsets.has(offset)) break; // a server repeating itself must not loop forever
			if (offset) seenOffsets.add(offset);
		} while (offset && results.length < limit);
		return results.map((json) => ({ json }));
	},
};

function offsetOf(nextPage: string | undefined): string | undefined {
	if (!nextPage) return undefined;
	try {
		return new URL(nextPage, 'http://placeholder.invalid').searchParams.get('offset') ?? undefined;
	} catch {
		return undefined;
	}
}
