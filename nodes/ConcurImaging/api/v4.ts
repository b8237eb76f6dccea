import { headerValue } from '../transport/headers';
import { parseBody, UnreadableResponseError } from './responses';

/**
 * Readers for the answers of Quick Expense v4, Spend Documents v4 and Receipts v4 (JSON, headers). Pure.
 */

function jsonObject(body: Buffer | string | undefined, contentType: string | undefined, what: string): Record<string, unknown> {
	const parsed = parseBody(body, contentType);
	if (parsed.kind !== 'json' || !parsed.value || typeof parsed.value !== 'object') {
		throw new UnreadableResponseError(`Concur answered ${what} with something that is not JSON.`);
	}
	return parsed.value as Record<string, unknown>;
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/** Quick Expense v4: `{"quickExpenseIdUri": ".../quickexpenses/{id}"}`; the id is the last path segment. */
export function parseQuickExpenseCreated(body: Buffer, contentType: string): { id: string | undefined; uri: string | undefined } {
	const uri = text(jsonObject(body, contentType, 'the quick expense').quickExpenseIdUri);
	return { uri, id: uri?.replace(/\/+$/, '').split('/').pop() || undefined };
}

/** Spend Documents v4 POST: `{"id", "imageId", "href"}`. */
export function parseSpendDocumentCreated(body: Buffer, contentType: string) {
	const value = jsonObject(body, contentType, 'the receipt upload (Spend Documents v4)');
	return { id: text(value.id), imageId: text(value.imageId), href: text(value.href) };
}

export interface SpendDocument {
	representation: string;
	type?: string;
	name?: string;
	href?: string;
}

/** Spend Documents v4 receipt: `metadata` (id, imageId, userId, …) and `documents[]` (representation, href). */
export function parseSpendDocumentReceipt(body: Buffer, contentType: string) {
	const value = jsonObject(body, contentType, 'the receipt (Spend Documents v4)');
	const metadata = (value.metadata && typeof value.metadata === 'object' ? value.metadata : {}) as Record<string, unknown>;
	const documents: SpendDocument[] = (Array.isArray(value.documents) ? value.documents : [])
		.filter((doc): doc is Record<string, unknown> => !!doc && typeof doc === 'object' && typeof doc.representation === 'string')
		.map((doc) => ({ representation: String(doc.representation), type: text(doc.type), name: text(doc.name), href: text(doc.href) }));
	return { id: text(metadata.id), imageId: text(metadata.imageId), userId: text(metadata.userId), metadata, documents };
}

/** The URL of a `Link` header entry with the given rel (RFC 8288), e.g. Receipts v4 `processing-status`. */
export function linkWithRel(headers: Record<string, unknown>, rel: string): string | undefined {
	const link = headerValue(headers, 'link');
	if (!link) return undefined;
	for (const entry of link.split(/,(?=\s*<)/)) {
		const m = /^\s*<([^>]*)>(.*)$/.exec(entry);
		if (m && new RegExp(`;\\s*rel="?[^";]*\\b${rel}\\b`, 'i').test(m[2])) return m[1];
	}
	return undefined;
}

/**
 * The path and query of a link Concur gave, if it lies under `prefix`; undefined otherwise. Only the path is
 * used, on the token's own host: a link never takes the Authorization header to another host.
 */
export function pathUnder(url: string | undefined, prefix: string): string | undefined {
	if (!url) return undefined;
	try {
		const parsed = new URL(url, 'http://relative.invalid');
		return parsed.pathname.toLowerCase().startsWith(prefix.toLowerCase()) ? `${parsed.pathname}${parsed.search}` : undefined;
	} catch {
		return undefined;
	}
}

export type ReceiptStatus = 'ACCEPTED' | 'PROCESSING' | 'PROCESSED' | 'FAILED';

/** Receipts v4 status resource: `{"status", "logs": [{logLevel, message, timestamp}]}`. */
export function parseReceiptStatus(body: Buffer, contentType: string): { status: string; errors: string[] } {
	const value = jsonObject(body, contentType, 'the receipt status (Receipts v4)');
	const logs = Array.isArray(value.logs) ? (value.logs as Array<Record<string, unknown>>) : [];
	return {
		status: String(value.status ?? '').toUpperCase(),
		errors: logs.filter((log) => String(log?.logLevel).toUpperCase() === 'ERROR').map((log) => String(log.message)),
	};
}
