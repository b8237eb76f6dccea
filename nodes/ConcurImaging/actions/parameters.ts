import type { IDataObject } from 'n8n-workflow';

import { inputError } from '../errors';
import type { ItemContext } from './types';

/** The item's Options collection (every operation has one). */
export const optionsOf = (context: ItemContext) =>
	context.fn.getNodeParameter('options', context.itemIndex, {}) as IDataObject;

export interface IdValue {
	raw: string;
	/** Safe as one URL path segment. */
	encoded: string;
}

/**
 * Reads an ID parameter. IDs go into the URL path, so they are checked and encoded: no value can change the
 * path or query of the request.
 */
export function idParameter(context: ItemContext, name: string, label: string): IdValue {
	const raw = String(context.fn.getNodeParameter(name, context.itemIndex, '') ?? '').trim();
	const problem = !raw
		? 'is empty'
		: raw.length > 256
			? 'is longer than 256 characters'
			: hasSpaceOrControl(raw)
				? 'contains spaces or control characters'
				: raw === '.' || raw === '..'
					? 'is not an ID'
					: notInIds(raw);
	if (problem) {
		throw inputError(
			context.fn.getNode(),
			{
				message: `The ${label} ${problem}`,
				description: `Enter the ${label} as Concur shows it, or map it from an earlier node with an expression.`,
				itemIndex: context.itemIndex,
			},
			{ code: 'INVALID_ID' },
		);
	}
	return { raw, encoded: encodeURIComponent(raw) };
}

/**
 * The characters Concur's IDs are made of: letters and digits, `$` (report and image IDs such as
 * `gWonjE$prhaSd7DMzt3iGi1EcpjI3UNHOjwQ`), and the other URL-safe `-`, `_`, `.`, `~`. Anything else (a slash, a
 * query, a fragment, a percent sign, quotes) is not an ID but usually a URL or a mapping mistake, and could
 * change the request; it is refused before anything is sent rather than only encoded.
 */
const ID_CHARACTER = /[A-Za-z0-9$\-_.~]/;

function notInIds(raw: string): string | undefined {
	const bad = [...raw].find((char) => !ID_CHARACTER.test(char));
	if (bad === undefined) return undefined;
	const hint = /^https?:\/\//i.test(raw) ? ' (it looks like a URL: map the ID field, not the URI)' : '';
	return `contains "${bad}", which Concur IDs never contain${hint}`;
}

const hasSpaceOrControl = (text: string) =>
	[...text].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f || /\s/.test(char));

/** Which receipt API the item uses: Receipt Images v3 unless the API option says Image v1. */
export function receiptApi(context: ItemContext): 'receiptImagesV3' | 'imageV1' {
	return optionsOf(context).api === 'imageV1' ? 'imageV1' : 'receiptImagesV3';
}

/** The user to act for (v3 `user` query parameter), when set. */
export function userQuery(context: ItemContext): IDataObject | undefined {
	const user = String(optionsOf(context).user ?? '').trim();
	return user ? { user } : undefined;
}
