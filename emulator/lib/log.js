// @ts-check
'use strict';

/**
 * The request log: one entry per API/image request (admin requests are never logged). Secrets never enter it:
 * Authorization keeps only its scheme (`Bearer ***`), cookies are masked, and the secret form/query fields
 * (client_secret, password, refresh_token, code, …) are replaced by `***`. Bodies are not logged, only their size.
 */

const SECRET_PARAMS = new Set(['client_secret', 'password', 'refresh_token', 'code', 'access_token', 'token', 'id_token', 's']);
const SECRET_HEADERS = new Set(['cookie', 'set-cookie', 'x-api-key', 'proxy-authorization']);

/** @param {import('node:http').IncomingHttpHeaders} headers */
function maskHeaders(headers) {
	/** @type {Record<string, string>} */
	const out = {};
	for (const [k, v] of Object.entries(headers)) {
		const value = Array.isArray(v) ? v.join(', ') : String(v);
		if (k === 'authorization' || k === 'proxy-authorization') {
			const scheme = value.trim().split(/\s+/)[0] || '';
			out[k] = value.trim().includes(' ') ? `${scheme} ***` : '***';
		} else if (SECRET_HEADERS.has(k)) {
			out[k] = '***';
		} else {
			out[k] = value;
		}
	}
	return out;
}

/** @param {URLSearchParams} params */
function maskQuery(params) {
	/** @type {Record<string, string>} */
	const out = {};
	for (const [k, v] of params) out[k] = SECRET_PARAMS.has(k) ? '***' : v;
	return out;
}

class RequestLog {
	/** @param {() => number} now  @param {() => number} limit */
	constructor(now, limit) {
		this.now = now;
		this.limit = limit;
		/** @type {any[]} */
		this.entries = [];
		this.seq = 0;
	}

	/**
	 * @param {string} dc
	 * @param {import('node:http').IncomingMessage} req
	 * @param {URL} url
	 * @param {string} correlationId
	 */
	start(dc, req, url, correlationId) {
		this.seq += 1;
		const entry = {
			seq: this.seq,
			time: new Date(this.now()).toISOString(),
			dc,
			method: String(req.method).toUpperCase(),
			path: url.pathname,
			query: maskQuery(url.searchParams),
			headers: maskHeaders(req.headers),
			bodyBytes: 0,
			status: /** @type {number | null} */ (null),
			correlationId,
		};
		this.entries.push(entry);
		while (this.entries.length > this.limit()) this.entries.shift();
		return entry;
	}

	list() {
		return this.entries.map((e) => ({ ...e }));
	}

	clear() {
		this.entries = [];
	}
}

module.exports = { RequestLog, maskHeaders, maskQuery };
