// @ts-check
'use strict';

/**
 * The trap: a listener on another origin (by default 127.0.0.2, a different host than the emulator) that is NOT
 * Concur. It records everything it receives (method, URL, every header unmasked, the body) so a test can prove
 * that no Authorization header, client secret, request token or file reached it. The emulator points clients
 * at it on purpose: a foreign `geolocation` in token responses (`tokenGeolocation: 'trap'`) and the 'redirect'
 * fault (Location on the trap).
 *
 * Unlike the request log, the trap does not mask anything: that is its point. It lives on loopback only and
 * is emptied on reset. It answers `trapStatus` (200) with `{}` to everything.
 */

const http = require('node:http');

const BODY_LIMIT = 1024 * 1024;

class Trap {
	/** @param {() => number} now  @param {() => number} status */
	constructor(now, status) {
		this.now = now;
		this.status = status;
		/** @type {Array<{seq: number, time: string, method: string, url: string, path: string,
		 *   headers: Record<string, string>, body: string, bodyBytes: number}>} */
		this.records = [];
		this.seq = 0;
		this.url = '';
		/** @type {http.Server | null} */
		this.server = null;
	}

	/**
	 * Listen on `host` (falls back to `fallbackHost` when `host` cannot be bound, e.g. 127.0.0.2 on macOS).
	 * @param {string} host
	 * @param {string} fallbackHost
	 */
	async start(host, fallbackHost) {
		const server = http.createServer((req, res) => this.handle(req, res));
		const listen = (/** @type {string} */ h) =>
			new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(0, h, () => {
					server.removeListener('error', reject);
					resolve(h);
				});
			});
		let bound;
		try {
			bound = await listen(host);
		} catch {
			bound = await listen(fallbackHost);
		}
		this.server = server;
		const addr = /** @type {import('node:net').AddressInfo} */ (server.address());
		this.url = `http://${bound}:${addr.port}`;
	}

	/**
	 * @param {http.IncomingMessage} req
	 * @param {http.ServerResponse} res
	 */
	handle(req, res) {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		req.on('data', (/** @type {Buffer} */ c) => {
			if (size < BODY_LIMIT) chunks.push(c.subarray(0, BODY_LIMIT - size));
			size += c.length;
		});
		const record = () => {
			/** @type {Record<string, string>} */
			const headers = {};
			for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
			const url = new URL(req.url || '/', this.url);
			this.seq += 1;
			this.records.push({
				seq: this.seq,
				time: new Date(this.now()).toISOString(),
				method: String(req.method).toUpperCase(),
				url: url.toString(),
				path: url.pathname,
				headers,
				body: Buffer.concat(chunks).toString('latin1'),
				bodyBytes: size,
			});
		};
		req.on('end', () => {
			record();
			const body = Buffer.from('{}');
			res.writeHead(this.status(), { 'Content-Type': 'application/json', 'Content-Length': body.length });
			res.end(body);
		});
		req.on('error', () => record());
	}

	list() {
		return this.records.map((r) => ({ ...r, headers: { ...r.headers } }));
	}

	clear() {
		this.records = [];
	}

	/**
	 * Does any recorded request carry `needle` (in its URL, a header value or its body, also after
	 * percent-/form-decoding)? The body is compared byte for byte (latin1), so a file's bytes can be looked for too.
	 * @param {string | Uint8Array} needle
	 */
	received(needle) {
		const n = typeof needle === 'string' ? needle : Buffer.from(needle).toString('latin1');
		if (!n) return false;
		const decoded = (/** @type {string} */ s) => {
			try {
				return decodeURIComponent(s.replace(/\+/g, ' '));
			} catch {
				return s;
			}
		};
		return this.records.some((r) =>
			[r.url, r.body, ...Object.values(r.headers)].some((s) => s.includes(n) || decoded(s).includes(n)),
		);
	}

	async stop() {
		const server = this.server;
		this.server = null;
		if (!server) return;
		await new Promise((resolve) => {
			server.close(() => resolve(undefined));
			server.closeAllConnections();
		});
	}
}

module.exports = { Trap };
