// @ts-check
'use strict';

/**
 * What each fault kind does to a request (faults.js decides WHICH request gets a fault). A fault strikes in one
 * of two phases:
 *  - before: the request is not processed (an upload is not stored): the default of 429, 502, 503, reset, html,
 *    latency, redirect, hang, expire-tokens;
 *  - after: the request was processed (an upload IS stored, the state changed) and the fault replaces or spoils
 *    the answer: the default of 500, truncate, short, malformed, slow-body.
 * `after: true` / `after: false` on a fault moves it to the other phase, e.g. `{kind: 'reset', after: true}`:
 * the upload is stored, then the connection is reset instead of answered.
 */

const AFTER_BY_DEFAULT = new Set(['500', 'truncate', 'short', 'malformed', 'slow-body']);
// 300 (Multiple Choices) may carry a Location too, as a proxy may send it.
const REDIRECT_STATUSES = [300, 301, 302, 303, 307, 308];

const MALFORMED = {
	xml: '<Image xmlns="http://www.concursolutions.com/api/image/2011/02"><Id>broken</Id><Url>http://127.0.0.1/&id=1</Url',
	json: '{"Id": "broken", "Url": "http://127.0.0.1/x", "ID": ',
};

const HTML_502 =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
	'<hr><center>concur-edge</center>\r\n</body>\r\n</html>\r\n';

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** @param {any} fault @returns {'before' | 'after'} */
function phaseOf(fault) {
	if (fault.after === true) return 'after';
	if (fault.after === false) return 'before';
	return AFTER_BY_DEFAULT.has(fault.kind) ? 'after' : 'before';
}

/**
 * A real TCP reset (RST), not a clean close: the client sees ECONNRESET / "socket hang up".
 * @param {import('node:net').Socket | null} socket
 */
function resetSocket(socket) {
	if (!socket) return;
	const s = /** @type {any} */ (socket);
	if (typeof s.resetAndDestroy === 'function' && !socket.destroyed) s.resetAndDestroy();
	else socket.destroy();
}

/**
 * The connection stays open and nothing is answered, until `hangMs` (default: the emulator's `hangMs`, 10 min),
 * `releaseHangs()`, a reset or stop closes it.
 * @param {import('./http').Ctx} ctx
 * @param {any} fault
 */
function hang(ctx, fault) {
	const emu = ctx.emu;
	const socket = ctx.req.socket;
	const ms = fault.hangMs === undefined ? emu.options.hangMs : fault.hangMs;
	const timer = setTimeout(() => {
		emu.hangs.delete(socket);
		socket.destroy();
	}, ms);
	timer.unref();
	emu.hangs.set(socket, timer);
	socket.once('close', () => {
		clearTimeout(timer);
		emu.hangs.delete(socket);
	});
	if (ctx.req.readable) ctx.req.resume(); // drain a body nobody reads, so the client is not blocked on it
}

/**
 * @param {import('./http').Ctx} ctx
 * @param {any} fault
 */
function redirectLocation(ctx, fault) {
	const where = fault.location === undefined ? 'trap' : String(fault.location);
	const rest = `${ctx.url.pathname}${ctx.url.search}`;
	if (where === 'trap') return `${ctx.emu.trap.url}${rest}`;
	if (where === 'us' || where === 'eu' || where === 'image') return `${ctx.emu.urls[where]}${rest}`;
	return where;
}

/**
 * Body bytes for the body-spoiling kinds: never shorter than 2 bytes (so that half of it is still something).
 * @param {import('./http').Ctx} ctx
 * @param {Buffer} buf
 */
function padded(ctx, buf) {
	if (buf.length >= 2) return buf;
	return Buffer.from(ctx.format === 'json' ? '{"Message":"padding"}' : '<Message>padding</Message>');
}

/**
 * Perform `fault` on this request. `answer` is the response the route produced (after phase) or undefined
 * (before phase). Returns false when the request should go on normally (latency, expire-tokens).
 * @param {import('./http').Ctx} ctx
 * @param {any} fault
 * @param {{status: number, headers: Record<string, string | number>, buf: Buffer}} [answer]
 * @returns {Promise<boolean>}
 */
async function strike(ctx, fault, answer) {
	const kind = fault.kind;
	const res = ctx.res;
	if (kind === 'latency') {
		await sleep(fault.latencyMs === undefined ? 1000 : fault.latencyMs);
		return false;
	}
	if (kind === 'expire-tokens') {
		if (!answer) ctx.emu.tokens.expireAccessTokens();
		return false;
	}
	if (['reset', 'hang', 'truncate', 'short'].includes(kind)) ctx.log.incomplete = true; // the log tells at once
	if (kind === 'reset') {
		resetSocket(ctx.req.socket);
		return true;
	}
	if (kind === 'hang') {
		hang(ctx, fault);
		return true;
	}
	if (kind === 'html') {
		ctx.writeRaw(fault.status || 502, { 'Content-Type': 'text/html' }, Buffer.from(HTML_502));
		return true;
	}
	if (kind === 'redirect') {
		const status = REDIRECT_STATUSES.includes(fault.status) ? fault.status : 307;
		if (ctx.req.readable) ctx.req.resume();
		ctx.writeRaw(status, { Location: redirectLocation(ctx, fault), 'Content-Type': 'text/html' }, Buffer.from('<html><body>Moved</body></html>'));
		return true;
	}
	if (kind === '429' || kind === '502' || kind === '503' || kind === '504' || kind === '500') {
		const status = Number(kind);
		/** @type {Record<string, string>} */
		const headers = {};
		// `retryAfter: null` sends a 429 without Retry-After (Concur's pages promise none).
		if (kind === '429' && fault.retryAfter !== null)
			headers['Retry-After'] = String(fault.retryAfter === undefined ? 1 : fault.retryAfter);
		else if (kind !== '429' && fault.retryAfter !== undefined && fault.retryAfter !== null)
			headers['Retry-After'] = String(fault.retryAfter);
		const message = {
			429: 'Too Many Requests: rate limit reached, slow down and retry later.',
			500: 'An internal server error occurred. Please try again later.',
			502: 'Bad Gateway.',
			503: 'The service is temporarily unavailable (maintenance). Please retry later.',
			504: 'Gateway Timeout.',
		}[status];
		const [s, h, b] = ctx.errorParts(status, /** @type {string} */ (message), 'v1');
		if (ctx.req.readable) ctx.req.resume();
		ctx.writeRaw(s, { ...h, ...headers }, b);
		return true;
	}
	// The body-spoiling kinds need an answer; before processing, the answer is a plain 200 Message body.
	const a = answer || { status: 200, headers: {}, buf: Buffer.alloc(0) };
	if (kind === 'malformed') {
		const ct = String(a.headers['Content-Type'] || '');
		const fmt = ct.includes('json') ? 'json' : ct.includes('xml') ? 'xml' : ctx.format;
		const type = fmt === 'json' ? 'application/json; charset=utf-8' : 'application/xml; charset=utf-8';
		ctx.writeRaw(200, { 'Content-Type': type }, Buffer.from(MALFORMED[fmt]));
		return true;
	}
	const buf = padded(ctx, a.buf);
	const status = a.status === 204 ? 200 : a.status;
	if (kind === 'truncate') {
		// Content-Length larger than the body, then the socket is destroyed.
		res.writeHead(status, { ...a.headers, 'Content-Length': buf.length });
		res.write(buf.subarray(0, Math.floor(buf.length / 2)), () => res.destroy());
		return true;
	}
	if (kind === 'short') {
		// Content-Length larger than the body, then a clean end of the connection (FIN after the bytes, no reset).
		const n = Number.isInteger(fault.bytes) ? Math.max(0, Math.min(fault.bytes, buf.length - 1)) : Math.floor(buf.length / 2);
		res.shouldKeepAlive = false;
		res.writeHead(status, { ...a.headers, 'Content-Length': buf.length, Connection: 'close' });
		res.write(buf.subarray(0, n), () => {
			const socket = ctx.req.socket;
			if (socket && !socket.destroyed) socket.end();
		});
		return true;
	}
	if (kind === 'slow-body') {
		// The whole body, but `chunkBytes` (16) at a time every `intervalMs` (1000) ms.
		const size = Number.isInteger(fault.chunkBytes) && fault.chunkBytes > 0 ? fault.chunkBytes : 16;
		const every = Number.isFinite(fault.intervalMs) && fault.intervalMs >= 0 ? fault.intervalMs : 1000;
		res.writeHead(status, { ...a.headers, 'Content-Length': buf.length });
		for (let at = 0; at < buf.length; at += size) {
			if (res.destroyed) return true;
			res.write(buf.subarray(at, at + size));
			if (at + size < buf.length) await sleep(every);
		}
		if (!res.destroyed) res.end();
		return true;
	}
	return false;
}

module.exports = { strike, phaseOf, resetSocket, AFTER_BY_DEFAULT, REDIRECT_STATUSES, HTML_502, MALFORMED };
