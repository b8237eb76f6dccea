// @ts-check
'use strict';

/**
 * multipart/form-data (RFC 7578) as the v4 receipt APIs take it: the body is read whole (with a cap), then split
 * on the boundary. Each part keeps its name, file name, Content-Type and bytes exactly as sent.
 *
 * @typedef {{name: string, filename: string | null, contentType: string | null, data: Buffer}} Part
 */

/**
 * The boundary of a multipart/form-data Content-Type, or null when the type is another one.
 * @param {string | undefined} header
 */
function boundaryOf(header) {
	const value = String(header || '');
	if (value.split(';')[0].trim().toLowerCase() !== 'multipart/form-data') return null;
	const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(value);
	return m ? m[1] || m[2] : '';
}

/**
 * @param {string} headerBlock
 * @returns {{name: string | null, filename: string | null, contentType: string | null}}
 */
function partHeaders(headerBlock) {
	/** @type {{name: string | null, filename: string | null, contentType: string | null}} */
	const out = { name: null, filename: null, contentType: null };
	for (const line of headerBlock.split('\r\n')) {
		const i = line.indexOf(':');
		if (i < 0) continue;
		const key = line.slice(0, i).trim().toLowerCase();
		const value = line.slice(i + 1).trim();
		if (key === 'content-type') out.contentType = value;
		if (key === 'content-disposition') {
			if (!/^form-data\b/i.test(value)) continue;
			const name = /;\s*name="([^"]*)"/i.exec(value) || /;\s*name=([^;\s]+)/i.exec(value);
			const file = /;\s*filename="([^"]*)"/i.exec(value) || /;\s*filename=([^;\s]+)/i.exec(value);
			out.name = name ? name[1] : null;
			out.filename = file ? file[1] : null;
		}
	}
	return out;
}

/**
 * Splits a multipart body. Returns the parts, or an error sentence for a body that is not well formed.
 * @param {Buffer} body
 * @param {string} boundary
 * @returns {{parts: Part[]} | {error: string}}
 */
function parseMultipart(body, boundary) {
	if (!boundary) return { error: 'The multipart Content-Type has no boundary parameter.' };
	const delimiter = Buffer.from(`--${boundary}`);
	let at = body.indexOf(delimiter);
	if (at < 0) return { error: 'The multipart body does not contain its boundary.' };
	/** @type {Part[]} */
	const parts = [];
	for (;;) {
		at += delimiter.length;
		if (body.subarray(at, at + 2).toString('latin1') === '--') return { parts };
		if (body.subarray(at, at + 2).toString('latin1') !== '\r\n') return { error: 'A multipart boundary is not followed by CRLF.' };
		at += 2;
		const headerEnd = body.indexOf('\r\n\r\n', at);
		if (headerEnd < 0) return { error: 'A multipart part has no end of headers.' };
		const headers = partHeaders(body.subarray(at, headerEnd).toString('utf8'));
		const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
		if (next < 0) return { error: 'The multipart body ends without its closing boundary.' };
		if (!headers.name) return { error: 'A multipart part has no Content-Disposition form-data name.' };
		parts.push({ name: headers.name, filename: headers.filename, contentType: headers.contentType, data: body.subarray(headerEnd + 4, next) });
		at = next + 2;
	}
}

module.exports = { boundaryOf, parseMultipart };
