// Shared helpers for the emulator tests: fixtures (PNG, JPEG, PDFs built with pdf-lib), token shortcuts, and
// small XML/JWT readers. Plain HTTP with undici against an in-process emulator; no timers (time is advanced
// through the emulator's virtual clock).
import { request } from 'undici';
import type { Dispatcher } from 'undici';
import { PDFDocument } from 'pdf-lib';
import { startEmulator } from '../../emulator';

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;
export type Options = Parameters<typeof startEmulator>[0];

export { startEmulator, request };

export const IMAGE_NS = 'http://www.concursolutions.com/api/image/2011/02';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** A 1x1 PNG. */
export const PNG_1x1 = new Uint8Array(
	Buffer.from(
		'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg==',
		'base64',
	),
);

/** A 1x1 baseline JPEG (SOI, APP0, DQT, SOF0, DHT, SOS, EOI). */
export const JPEG_1x1 = new Uint8Array(
	Buffer.from(
		'/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
		'base64',
	),
);

/** A PDF with `pages` pages. useObjectStreams=false gives a classic xref table + trailer. */
export async function makePdf(pages = 1, useObjectStreams = true): Promise<Uint8Array> {
	const doc = await PDFDocument.create();
	for (let i = 0; i < pages; i++) {
		const page = doc.addPage([300, 400]);
		page.drawText(`page ${i + 1}`, { x: 20, y: 360, size: 18 });
	}
	return doc.save({ useObjectStreams });
}

/**
 * An "encrypted" PDF as far as a cheap check can tell: an /Encrypt reference in the trailer (classic) or in the
 * cross-reference stream dictionary (useObjectStreams = true).
 */
export async function makeEncryptedPdf(useObjectStreams: boolean): Promise<Uint8Array> {
	const bytes = Buffer.from(await makePdf(1, useObjectStreams));
	const text = bytes.toString('latin1');
	const marker = useObjectStreams ? '/Type /XRef' : 'trailer\n<<';
	const at = text.lastIndexOf(marker);
	if (at < 0) throw new Error('fixture: marker not found');
	const insertAt = at + marker.length;
	const out = text.slice(0, insertAt) + '\n/Encrypt 9 0 R' + text.slice(insertAt);
	return new Uint8Array(Buffer.from(out, 'latin1'));
}

export async function pdfPages(bytes: Uint8Array): Promise<number> {
	const doc = await PDFDocument.load(bytes);
	return doc.getPageCount();
}

/** Text of the first `<name>…</name>` element (namespace-agnostic), XML entities decoded. */
export function xmlValue(xml: string, name: string): string | undefined {
	const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
	if (!m) return undefined;
	return m[1]
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&amp;/g, '&');
}

export function decodeJwt(token: string): Record<string, unknown> {
	const parts = token.split('.');
	if (parts.length !== 3) throw new Error('not a JWT');
	return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

export interface HttpResult {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	bytes: Uint8Array;
	/** Whatever JSON.parse gives (tests read fields freely). */
	json: () => ReturnType<typeof JSON.parse>;
}

/** One request, body fully read. */
export async function http(
	url: string,
	init: {
		method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
		headers?: Record<string, string>;
		body?: string | Uint8Array | AsyncIterable<Uint8Array>;
	} = {},
): Promise<HttpResult> {
	const res = await request(url, {
		method: init.method || 'GET',
		headers: init.headers,
		// undici also streams an AsyncIterable body (sent chunked); its type list omits it.
		body: init.body as Dispatcher.DispatchOptions['body'],
	});
	const bytes = new Uint8Array(await res.body.arrayBuffer());
	const text = Buffer.from(bytes).toString('utf8');
	return {
		status: res.statusCode,
		headers: res.headers,
		text,
		bytes,
		json: () => JSON.parse(text),
	};
}

export function form(fields: Record<string, string>): string {
	return new URLSearchParams(fields).toString();
}

export const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };

/** POST /oauth2/v0/token with a form body. */
export async function tokenRequest(baseUrl: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
	return http(`${baseUrl}/oauth2/v0/token`, {
		method: 'POST',
		headers: { ...FORM_HEADERS, ...headers },
		body: form(fields),
	});
}

export interface TokenBody {
	access_token: string;
	token_type: string;
	expires_in: string | number;
	refresh_token?: string;
	refresh_expires_in?: number;
	scope: string;
	id_token?: string;
	geolocation: string;
}

/** A company-level token (password grant, credtype=authtoken) fetched at baseUrl. */
export async function companyToken(emu: Emulator): Promise<TokenBody> {
	const res = await tokenRequest(emu.baseUrl, {
		client_id: emu.client.id,
		client_secret: emu.client.secret,
		grant_type: 'password',
		credtype: 'authtoken',
		username: emu.company.id,
		password: emu.company.requestToken,
	});
	if (res.status !== 200) throw new Error(`company token failed: ${res.status} ${res.text}`);
	return res.json() as TokenBody;
}

/** A user token (password grant, credtype=password) fetched at the user's home data center. */
export async function userToken(emu: Emulator, loginId: string): Promise<TokenBody> {
	const user = emu.users.find((u: { loginId: string }) => u.loginId === loginId);
	if (!user) throw new Error(`no user ${loginId}`);
	const home = emu.dataCenters[user.homeDataCenter as 'us' | 'eu'];
	const res = await tokenRequest(home, {
		client_id: emu.client.id,
		client_secret: emu.client.secret,
		grant_type: 'password',
		username: user.loginId,
		password: user.password,
	});
	if (res.status !== 200) throw new Error(`user token failed: ${res.status} ${res.text}`);
	return res.json() as TokenBody;
}

export function bearer(token: TokenBody | string): Record<string, string> {
	return { authorization: `Bearer ${typeof token === 'string' ? token : token.access_token}` };
}

/** Upload raw bytes to an Image v1 / v3 path with a Content-Type. */
export async function upload(
	url: string,
	token: TokenBody | string,
	contentType: string,
	body: Uint8Array,
	extraHeaders: Record<string, string> = {},
	method: 'POST' | 'PUT' = 'POST',
) {
	return http(url, {
		method,
		headers: { ...bearer(token), 'content-type': contentType, ...extraHeaders },
		body,
	});
}

export const V1 = '/api/image/v1.0';
export const V3 = '/api/v3.0/expense/receiptimages';
