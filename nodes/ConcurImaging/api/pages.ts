import { parseBody, UnreadableResponseError } from './responses';
import type { XmlElement } from './xml';
import { child, childText } from './xml';

/**
 * A page of a Concur v3 list (Reports, Entries, Payment Request Digests, Receipt Images): `Items` and
 * `NextPage`, as JSON or as Concur's default XML. Each item is flattened to its simple fields, keyed by
 * Concur's field name in lower case (Concur mixes `ID`/`Id`); nested objects (custom fields, journeys) are
 * left out, `null` and `i:nil` fields are absent.
 */
export interface ListPage {
	items: Array<Record<string, string>>;
	/** URL of the next page; undefined on the last page. */
	nextPage?: string;
}

const flattenXml = (element: XmlElement): Record<string, string> => {
	const fields: Record<string, string> = {};
	for (const field of element.children) {
		if (field.children.length || field.attributes.nil === 'true') continue;
		const text = field.text.trim();
		if (text) fields[field.name.toLowerCase()] = text;
	}
	return fields;
};

const flattenJson = (value: unknown): Record<string, string> => {
	const fields: Record<string, string> = {};
	if (!value || typeof value !== 'object') return fields;
	for (const [name, field] of Object.entries(value as Record<string, unknown>)) {
		if (typeof field === 'string' ? field.trim() : typeof field === 'number' || typeof field === 'boolean') {
			fields[name.toLowerCase()] = String(field).trim();
		}
	}
	return fields;
};

/**
 * Reads a list page. `itemNames` are the XML element names of one item (e.g. `Report`); they are also the JSON
 * keys tried when a page has no `Items` (the digests schema lists a `PaymentRequestDigest` array beside it).
 */
export function parseListPage(body: Buffer | string | undefined, contentType: string | undefined, itemNames: string[]): ListPage {
	const parsed = parseBody(body, contentType);
	const wanted = itemNames.map((name) => name.toLowerCase());
	if (parsed.kind === 'xml') {
		const { root } = parsed;
		const container = child(root, 'Items') ?? root;
		const elements = container.children.filter((element) =>
			container === root ? wanted.includes(element.name.toLowerCase()) : element.children.length > 0,
		);
		return { items: elements.map(flattenXml), nextPage: childText(root, 'NextPage') };
	}
	if (parsed.kind === 'json') {
		const value = (parsed.value ?? {}) as Record<string, unknown>;
		const keyOf = (name: string) => Object.keys(value).find((key) => key.toLowerCase() === name);
		const listKey = ['items', ...wanted].map(keyOf).find((key) => key && Array.isArray(value[key]));
		const rawItems = listKey ? (value[listKey] as unknown[]) : Array.isArray(parsed.value) ? (parsed.value as unknown[]) : [];
		const nextKey = keyOf('nextpage');
		const next = nextKey && typeof value[nextKey] === 'string' ? (value[nextKey] as string).trim() : '';
		return { items: rawItems.map(flattenJson), nextPage: next || undefined };
	}
	if (parsed.kind === 'empty') return { items: [] };
	throw new UnreadableResponseError('Concur answered the list request with something that is not XML or JSON.');
}

/** The opaque `offset` of a `NextPage` URL (which may name another host than the one called). */
export function offsetOf(nextPage: string | undefined): string | undefined {
	if (!nextPage) return undefined;
	try {
		return new URL(nextPage, 'http://placeholder.invalid').searchParams.get('offset') ?? undefined;
	} catch {
		return undefined;
	}
}

/** Field readers for a flattened item. */
export const text = (fields: Record<string, string>, name: string): string | null => fields[name.toLowerCase()] ?? null;

export function amount(fields: Record<string, string>, name: string): number | null {
	const raw = fields[name.toLowerCase()];
	if (raw === undefined) return null;
	const value = Number(raw);
	return Number.isFinite(value) ? value : null;
}

export function flag(fields: Record<string, string>, name: string): boolean | null {
	const raw = fields[name.toLowerCase()]?.toLowerCase();
	return raw === 'true' ? true : raw === 'false' ? false : null;
}

type FieldReader = (fields: Record<string, string>, name: string) => string | number | boolean | null;

/** One field of a list item: Concur's name (read as text), or the name with `amount` or `flag`. */
export type SummaryField = string | [name: string, read: FieldReader];

/** Concur's field name as the output key: first letter lower-case, a trailing "ID" as "Id", "URI" as "uri". */
export function outputKey(name: string): string {
	if (name === 'URI') return 'uri';
	const key = name.replace(/ID$/, 'Id');
	return key.charAt(0).toLowerCase() + key.slice(1);
}

/**
 * The fields of one list item in the order given, each under its output key: entries, reports and invoices are
 * read by one rule, so an output key is always Concur's field name (a null where Concur did not send it).
 */
export function readSummary(fields: Record<string, string>, spec: SummaryField[]): Record<string, string | number | boolean | null> {
	const summary: Record<string, string | number | boolean | null> = {};
	for (const field of spec) {
		const [name, read]: [string, FieldReader] = typeof field === 'string' ? [field, text] : field;
		summary[outputKey(name)] = read(fields, name);
	}
	return summary;
}
