import type { XmlElement } from './xml';
import { child, childText, parseXml } from './xml';

/**
 * Concur's answers, read whichever way Concur sends them: Image v1 `<Image><Id/><Url/></Image>` in its namespace,
 * Receipt Images v3 `ReceiptImage`/`ReceiptImages` with upper-case `ID`/`URI`, or the same as JSON; and its
 * error envelopes (`<Error><Message/>…</Error>`, `{"Error":{…}}`, `{"Message":…}`, OAuth-style JSON).
 */

export type ParsedBody =
	| { kind: 'xml'; root: XmlElement }
	| { kind: 'json'; value: unknown }
	| { kind: 'html'; title?: string }
	| { kind: 'empty' }
	| { kind: 'text'; text: string };

export class UnreadableResponseError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UnreadableResponseError';
	}
}

export function parseBody(body: Buffer | string | undefined, contentType = ''): ParsedBody {
	// Largest answer read as XML or JSON (1 MiB). Concur's answers are a few KB; a bigger one is not one of them
	// (a proxy's page, a misrouted download). Of a body over it only the first 64 KiB are decoded: enough to tell
	// an HTML page or to quote plain text; XML or JSON that large is refused unread.
	const MAX_PARSED_BODY_BYTES = 1024 * 1024;
	const HEAD_BYTES = 64 * 1024;
	const size = Buffer.isBuffer(body) ? body.length : (body ?? '').length;
	const oversized = size > MAX_PARSED_BODY_BYTES;
	const raw = Buffer.isBuffer(body) ? body.toString('utf8', 0, oversized ? HEAD_BYTES : body.length) : (body ?? '');
	const text = (oversized ? raw.slice(0, HEAD_BYTES) : raw).trim();
	if (!text) return { kind: 'empty' };
	const type = contentType.toLowerCase();
	if (/^<!doctype html|^<html/i.test(text) || type.includes('text/html')) {
		return { kind: 'html', title: /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim() };
	}
	const structured = type.includes('json') || type.includes('xml') || text[0] === '{' || text[0] === '[' || text[0] === '<';
	if (oversized && structured) {
		// Refused unread: an error answer this large is reported from its status alone.
		throw new UnreadableResponseError(
			`Concur's answer could not be read: it is ${Math.round(size / 1024)} KB, more than the ${MAX_PARSED_BODY_BYTES / 1024} KB read as XML or JSON, so it is not an answer of Concur's API.`,
		);
	}
	let failure: string | undefined;
	try {
		if (type.includes('json') || text[0] === '{' || text[0] === '[') {
			return { kind: 'json', value: JSON.parse(text) as unknown };
		}
		if (text[0] === '<') return { kind: 'xml', root: parseXml(text) };
	} catch (error) {
		failure = (error as Error).message;
	}
	if (failure !== undefined) throw new UnreadableResponseError(`Concur's answer could not be read: ${failure}`);
	return { kind: 'text', text: text.slice(0, 500) };
}

const pick = (object: unknown, ...keys: string[]): string | undefined => {
	if (!object || typeof object !== 'object') return undefined;
	const entries = Object.entries(object as Record<string, unknown>);
	for (const key of keys) {
		const found = entries.find(([name]) => name.toLowerCase() === key.toLowerCase());
		if (found && (typeof found[1] === 'string' || typeof found[1] === 'number') && String(found[1]).trim()) {
			return String(found[1]).trim();
		}
	}
	return undefined;
};

/** An image reference: its id and (for gets) the short-lived URL, already unescaped. */
export interface ImageLink {
	id?: string;
	url?: string;
}

/** Image v1 answers and Receipt Images v3 single answers, XML or JSON. */
export function parseImageLink(body: Buffer | string | undefined, contentType?: string): ImageLink {
	const parsed = parseBody(body, contentType);
	if (parsed.kind === 'xml') {
		const { root } = parsed;
		const element = ['image', 'receiptimage'].includes(root.name.toLowerCase())
			? root
			: (child(root, 'Image', 'ReceiptImage') ?? root);
		return { id: childText(element, 'Id', 'ID'), url: childText(element, 'Url', 'URI') };
	}
	if (parsed.kind === 'json') {
		const value = parsed.value as Record<string, unknown>;
		const inner = (pick(value, 'Id', 'ID') === undefined && (value?.Image ?? value?.ReceiptImage)) || value;
		return { id: pick(inner, 'Id', 'ID', 'ReceiptID'), url: pick(inner, 'Url', 'URI') };
	}
	if (parsed.kind === 'empty') return {};
	throw new UnreadableResponseError('Concur answered with something that is not XML or JSON.');
}

export interface ReceiptImageSummary {
	id: string;
	uri?: string;
}

export interface ReceiptImagePage {
	items: ReceiptImageSummary[];
	/** URL of the next page; undefined on the last page. */
	nextPage?: string;
}

/** A page of Receipt Images v3 (`Items` + `NextPage`), XML or JSON. */
export function parseReceiptImagePage(body: Buffer | string | undefined, contentType?: string): ReceiptImagePage {
	const parsed = parseBody(body, contentType);
	if (parsed.kind === 'xml') {
		const itemsElement = child(parsed.root, 'Items') ?? parsed.root;
		const items = itemsElement.children
			.filter((element) => element.name.toLowerCase() === 'receiptimage')
			.map((element) => ({ id: childText(element, 'ID', 'Id') ?? '', uri: childText(element, 'URI', 'Url') }))
			.filter((item) => item.id);
		return { items, nextPage: childText(parsed.root, 'NextPage') };
	}
	if (parsed.kind === 'json') {
		const value = parsed.value as Record<string, unknown>;
		const rawItems = (value?.Items ?? value?.items ?? []) as unknown[];
		const items = (Array.isArray(rawItems) ? rawItems : [])
			.map((item) => ({ id: pick(item, 'ID', 'Id') ?? '', uri: pick(item, 'URI', 'Url') }))
			.filter((item) => item.id);
		return { items, nextPage: pick(value, 'NextPage') };
	}
	if (parsed.kind === 'empty') return { items: [] };
	throw new UnreadableResponseError('Concur answered the list request with something that is not XML or JSON.');
}

export interface ConcurErrorDetails {
	message?: string;
	/** Concur's own error code when it sends one (OAuth-style `code`, or an `error` id). */
	code?: string;
	errorId?: string;
	serverTime?: string;
	/** Set when the body was an HTML page (a gateway or maintenance page) rather than an API answer. */
	htmlTitle?: string;
}

/** Reads any of Concur's error envelopes; never throws (a broken error body is still an error). */
export function parseConcurError(body: Buffer | string | undefined, contentType?: string): ConcurErrorDetails {
	let parsed: ParsedBody;
	try {
		parsed = parseBody(body, contentType);
	} catch {
		return { message: undefined };
	}
	if (parsed.kind === 'xml') {
		const root = parsed.root;
		const error = root.name.toLowerCase() === 'error' ? root : (child(root, 'Error') ?? root);
		return {
			message: childText(error, 'Message') ?? (root.text.trim() || undefined),
			errorId: childText(error, 'Id'),
			serverTime: childText(error, 'Server-Time'),
		};
	}
	if (parsed.kind === 'json') {
		const value = parsed.value as Record<string, unknown>;
		const inner = (value?.Error && typeof value.Error === 'object' ? value.Error : value) as Record<string, unknown>;
		const nested = inner?.error && typeof inner.error === 'object' ? inner.error : undefined;
		return {
			message:
				pick(inner, 'Message', 'error_description', 'errorMessage') ??
				pick(nested, 'message') ??
				pick(inner, 'error'),
			code: pick(inner, 'code') ?? pick(nested, 'id'),
			errorId: pick(inner, 'Id', 'errorId'),
			serverTime: pick(inner, 'Server-Time', 'timestamp'),
		};
	}
	if (parsed.kind === 'html') return { htmlTitle: parsed.title ?? 'an HTML page' };
	if (parsed.kind === 'text') return { message: parsed.text };
	return {};
}
