import type { IDataObject, INode } from 'n8n-workflow';

import { concurFilterDate } from '../api/dates';
import { offsetOf } from '../api/pages';
import { inputError } from '../errors';
import type { CallContext } from '../errors/fromConcur';
import type { ConcurClient } from '../transport';

/** Concur's v3 lists take up to 100 per page (Reports, Entries); asking for more is not documented. */
export const PAGE_SIZE = 100;

export interface ListRequest<T> {
	path: string;
	/** The filters; `limit` and `offset` are added here. */
	qs: IDataObject;
	call: CallContext;
	/** Reads one page: its items and the `NextPage` URL. */
	parse: (body: Buffer, contentType: string) => { list: T[]; nextPage?: string };
	/** How many items at most (Infinity = all). */
	limit: number;
	pageSize?: number;
	/** Asked before each further page; false stops the listing (a poll running out of time). */
	more?: () => boolean;
}

/**
 * Lists a v3 collection page by page. `NextPage` is a full URL (sometimes on another host than the one called),
 * so only its opaque `offset` is taken and the next page is requested through the one transport, from the
 * token's geolocation. JSON is asked for; Concur's XML default is read as well.
 */
export async function listAll<T>(client: ConcurClient, itemIndex: number, request: ListRequest<T>): Promise<{ items: T[]; complete: boolean }> {
	const items: T[] = [];
	const pageSize = request.pageSize ?? PAGE_SIZE;
	const seenOffsets = new Set<string>();
	let offset: string | undefined;
	for (;;) {
		const qs: IDataObject = { ...request.qs, limit: Math.min(pageSize, request.limit - items.length) };
		if (offset) qs.offset = offset;
		const response = await client.request(
			itemIndex,
			{ method: 'GET', path: request.path, qs, accept: 'application/json', repeatable: true },
			request.call,
		);
		const page = request.parse(response.body, response.contentType);
		for (const item of page.list) {
			if (items.length >= request.limit) break;
			items.push(item);
		}
		offset = offsetOf(page.nextPage);
		if (!offset || items.length >= request.limit) return { items, complete: !offset };
		if (seenOffsets.has(offset)) return { items, complete: true }; // a server repeating itself must not loop forever
		seenOffsets.add(offset);
		if (request.more && !request.more()) return { items, complete: false };
	}
}

const filterError = (node: INode, itemIndex: number, message: string, description: string) =>
	inputError(node, { message, description, itemIndex }, { code: 'INVALID_FILTER' });

/**
 * Status codes from a multi-select (an array) or an expression (an array or a comma-separated string), as one
 * comma-separated value, which Reports v3 documents for several codes. Undefined when none are chosen.
 */
export function statusCodes(
	node: INode,
	itemIndex: number,
	value: unknown,
	label: string,
	several = true,
): string | undefined {
	const list = (Array.isArray(value) ? value : String(value ?? '').split(','))
		.map((code) => String(code).trim().toUpperCase())
		.filter(Boolean);
	const wrong = list.find((code) => !/^[A-Z0-9_]{1,32}$/.test(code));
	if (wrong !== undefined) {
		throw filterError(
			node,
			itemIndex,
			`The ${label} "${wrong}" is not a Concur status code`,
			'Use Concur codes such as A_APPR or P_PAID (letters, digits and underscores), several separated by commas.',
		);
	}
	const codes = [...new Set(list)];
	if (codes.length > 1 && !several) {
		throw filterError(
			node,
			itemIndex,
			`Only one ${label} can be given here, not ${codes.length} (${codes.join(', ')})`,
			'Concur documents a single code for this filter. Run the node once per code, e.g. from a list of items.',
		);
	}
	return codes.length ? codes.join(',') : undefined;
}

/** A date filter in Concur's format (`yyyy-MM-ddTHH:mm:ss.SSS`, UTC); undefined when empty. */
export function filterDate(node: INode, itemIndex: number, value: unknown, label: string): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const date = concurFilterDate(value);
	if (date === undefined) {
		throw filterError(
			node,
			itemIndex,
			`The ${label} "${String(value)}" is not a date`,
			'Pick a date, or map one with an expression such as {{ $now.minus({ days: 1 }) }}. Times without a zone are taken as UTC.',
		);
	}
	return date;
}
