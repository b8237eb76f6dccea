// @ts-check
'use strict';

const crypto = require('node:crypto');
const { strike, phaseOf, HTML_502 } = require('./fault-actions');

const IMAGE_NS = 'http://www.concursolutions.com/api/image/2011/02';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const XML_TYPE = 'application/xml; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/** @param {unknown} s */
function xmlEscape(s) {
	return String(s)
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

/** Escape element text (like .NET's XmlSerializer: only &, <, >). @param {unknown} s */
function xmlText(s) {
	return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * @param {string} name
 * @param {unknown} value  null/undefined/'' → self-closing element
 */
function el(name, value) {
	if (value === null || value === undefined || value === '') return `<${name} />`;
	return `<${name}>${xmlText(value)}</${name}>`;
}

/**
 * Content negotiation as the emulator does it: JSON when the Accept header prefers application/json (or any
 * +json type) over XML; XML otherwise (also with no Accept header, the documented default).
 * @param {string | undefined} accept
 * @returns {'json' | 'xml'}
 */
function negotiate(accept) {
	if (!accept) return 'xml';
	let best = { kind: /** @type {'json'|'xml'} */ ('xml'), q: -1, pos: 0 };
	accept.split(',').forEach((part, pos) => {
		const [type, ...params] = part.trim().toLowerCase().split(';');
		const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		const q = qp ? Number(qp.slice(2)) : 1;
		/** @type {'json'|'xml'|undefined} */
		let kind;
		if (type === 'application/json' || type.endsWith('+json') || type === 'text/json') kind = 'json';
		else if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) kind = 'xml';
		if (kind && (q > best.q || (q === best.q && pos < best.pos))) best = { kind, q, pos };
	});
	return best.kind;
}

/** The image namespace envelope of Image v1 (and the v3 'Image' reading). */
function imageXml(/** @type {string} */ id, /** @type {string | null} */ url) {
	return `<Image xmlns="${IMAGE_NS}" xmlns:i="${XSI_NS}">${el('Id', id)}${el('Url', url)}</Image>`;
}

/** Percent-encode an id for a URL, leaving `$` readable (ids look like `gWonjE$prha…`). @param {string} id */
function encodeId(id) {
	return encodeURIComponent(id).replace(/%24/g, '$');
}

/** @param {number} ms */
function serverTime(ms) {
	return new Date(ms).toISOString().slice(0, 19);
}

/**
 * Per-request context: the one place responses are written, so response-altering faults (500 after
 * processing, truncate, malformed) apply to every route the same way.
 */
class Ctx {
	/**
	 * @param {any} emu  the running emulator internals
	 * @param {'us'|'eu'|'image'} dc
	 * @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res
	 * @param {URL} url
	 * @param {any} logEntry
	 * @param {any} fault
	 */
	constructor(emu, dc, req, res, url, logEntry, fault) {
		this.emu = emu;
		this.dc = dc;
		this.req = req;
		this.res = res;
		this.url = url;
		this.log = logEntry;
		this.fault = fault;
		this.format = negotiate(req.headers.accept);
		/** @type {number | undefined} bytes of the request body actually read */
		this.bodyBytes = undefined;
		/** the fault already struck (an after-phase fault strikes once, at the first response) */
		this.faultStruck = false;
	}

	get method() {
		return String(this.req.method || 'GET').toUpperCase();
	}

	get baseUrl() {
		return this.emu.urls[this.dc];
	}

	/**
	 * Write a complete response (all handlers end here).
	 * @param {number} status
	 * @param {Record<string, string | number>} headers
	 * @param {string | Buffer} [body]
	 */
	respond(status, headers, body) {
		if (this.res.headersSent || this.res.destroyed) return;
		const buf = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
		const fault = this.fault;
		if (fault && !this.faultStruck && phaseOf(fault) === 'after') {
			// The request was processed (an upload is stored); the fault now replaces or spoils the answer.
			this.faultStruck = true;
			strike(this, fault, { status, headers, buf })
				.then((done) => {
					if (!done) this.writeRaw(status, headers, buf);
				})
				.catch(() => this.res.destroy());
			return;
		}
		this.writeRaw(status, headers, buf);
	}

	/**
	 * @param {number} status
	 * @param {Record<string, string | number>} headers
	 * @param {Buffer} buf
	 */
	writeRaw(status, headers, buf) {
		if (this.res.headersSent || this.res.destroyed) return;
		const h = { ...headers };
		if (status !== 204 && status !== 304) h['Content-Length'] = buf.length;
		this.res.writeHead(status, h);
		this.res.end(status === 204 ? undefined : buf);
	}

	/**
	 * The documented error envelope. 'v1' = `<Error><Message/><Server-Time/><Id/></Error>` or
	 * `{"Error":{"Message","Server-Time","Id"}}`; 'v3' = top-level Message (`{"Message":…}` / `<Error><Message/></Error>`).
	 * @param {number} status
	 * @param {string} message
	 * @param {'v1'|'v3'} shape
	 * @returns {[number, Record<string, string>, Buffer]}
	 */
	errorParts(status, message, shape) {
		const id = crypto.randomUUID().toUpperCase();
		const time = serverTime(this.emu.clock.now());
		if (this.format === 'json') {
			const body = shape === 'v3' ? { Message: message } : { Error: { Message: message, 'Server-Time': time, Id: id } };
			return [status, { 'Content-Type': JSON_TYPE }, Buffer.from(JSON.stringify(body))];
		}
		const xml =
			shape === 'v3'
				? `<Error>${el('Message', message)}</Error>`
				: `<Error>${el('Message', message)}${el('Server-Time', time)}${el('Id', id)}</Error>`;
		return [status, { 'Content-Type': XML_TYPE }, Buffer.from(xml)];
	}

	/**
	 * @param {number} status
	 * @param {string} message
	 * @param {Record<string, string>} [extraHeaders]
	 */
	v1Error(status, message, extraHeaders = {}) {
		const [s, h, b] = this.errorParts(status, message, 'v1');
		this.respond(s, { ...h, ...extraHeaders }, b);
	}

	/**
	 * @param {number} status
	 * @param {string} message
	 */
	v3Error(status, message) {
		const [s, h, b] = this.errorParts(status, message, 'v3');
		this.respond(s, h, b);
	}

	/**
	 * OAuth2 v0 error: `{code, error, error_description[, geolocation]}`.
	 * @param {number} status
	 * @param {number} code
	 * @param {string} error
	 * @param {string} description
	 * @param {Record<string, string>} [extra]
	 */
	oauthError(status, code, error, description, extra = {}) {
		this.sendJson(status, { code, error, error_description: description, ...extra }, { 'Cache-Control': 'no-store' });
	}

	/**
	 * @param {number} status
	 * @param {unknown} obj
	 * @param {Record<string, string>} [headers]
	 */
	sendJson(status, obj, headers = {}) {
		this.respond(status, { 'Content-Type': JSON_TYPE, ...headers }, JSON.stringify(obj));
	}

	/**
	 * @param {number} status
	 * @param {string} xml
	 */
	sendXml(status, xml) {
		this.respond(status, { 'Content-Type': XML_TYPE }, xml);
	}

	/**
	 * Read a small body completely (token requests, admin JSON). Larger than `limit` → null (caller answers).
	 * @param {number} limit
	 * @returns {Promise<Buffer | null>}
	 */
	readSmallBody(limit = 64 * 1024) {
		return new Promise((resolve, reject) => {
			/** @type {Buffer[]} */
			const chunks = [];
			let size = 0;
			let tooBig = false;
			this.req.on('data', (c) => {
				size += c.length;
				if (size > limit) tooBig = true;
				else chunks.push(c);
			});
			this.req.on('end', () => {
				this.bodyBytes = size;
				resolve(tooBig ? null : Buffer.concat(chunks));
			});
			this.req.on('error', reject);
		});
	}
}

module.exports = {
	Ctx,
	IMAGE_NS,
	XSI_NS,
	XML_TYPE,
	JSON_TYPE,
	HTML_502,
	xmlEscape,
	xmlText,
	encodeId,
	el,
	negotiate,
	imageXml,
	serverTime,
};
