// Test helper (plain JS: the n8n lint forbids net/zlib/timers in .ts files): one HTTP/1.1 request on a raw
// socket, so a test can see exactly how the emulator ends a response — a clean end (FIN) after fewer bytes than
// Content-Length declared, a reset (ECONNRESET), or no answer at all — which an HTTP client library hides.
'use strict';

const net = require('node:net');
const zlib = require('node:zlib');

/**
 * @param {string} url
 * @param {{method?: string, headers?: Record<string, string>, body?: Uint8Array | string}} [init]
 * @returns {{done: Promise<{status: number | null, headers: Record<string, string>, body: Buffer,
 *   declaredLength: number | null, endedBy: 'end' | 'reset' | 'error', error?: string}>, bytesReceived: () => number}}
 */
function rawRequest(url, init = {}) {
	const u = new URL(url);
	const body = init.body === undefined ? Buffer.alloc(0) : Buffer.from(init.body);
	const headers = { host: u.host, connection: 'close', ...(init.headers || {}) };
	if (body.length || init.method === 'POST' || init.method === 'PUT') headers['content-length'] = String(body.length);
	const head =
		`${init.method || 'GET'} ${u.pathname}${u.search} HTTP/1.1\r\n` +
		Object.entries(headers)
			.map(([k, v]) => `${k}: ${v}\r\n`)
			.join('') +
		'\r\n';
	/** @type {Buffer[]} */
	const chunks = [];
	let received = 0;
	const done = new Promise((resolve) => {
		const socket = net.connect(Number(u.port), u.hostname, () => {
			socket.write(head);
			if (body.length) socket.write(body);
		});
		let settled = false;
		/** @param {'end' | 'reset' | 'error'} endedBy @param {string} [error] */
		const finish = (endedBy, error) => {
			if (settled) return;
			settled = true;
			resolve({ ...parse(Buffer.concat(chunks)), endedBy, error });
		};
		socket.on('data', (c) => {
			chunks.push(c);
			received += c.length;
		});
		socket.on('end', () => finish('end'));
		socket.on('error', (e) => finish(/** @type {any} */ (e).code === 'ECONNRESET' ? 'reset' : 'error', String(e)));
		socket.on('close', () => finish('end'));
	});
	return { done, bytesReceived: () => received };
}

/** @param {Buffer} raw */
function parse(raw) {
	const at = raw.indexOf('\r\n\r\n');
	if (at < 0) return { status: null, headers: {}, body: Buffer.alloc(0), declaredLength: null };
	const lines = raw.subarray(0, at).toString('latin1').split('\r\n');
	const status = Number(lines[0].split(' ')[1]);
	/** @type {Record<string, string>} */
	const headers = {};
	for (const line of lines.slice(1)) {
		const i = line.indexOf(':');
		headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
	}
	const declared = headers['content-length'];
	return { status, headers, body: raw.subarray(at + 4), declaredLength: declared === undefined ? null : Number(declared) };
}

/**
 * Resolve once `check()` is true, re-checking on each turn of the event loop (no fixed sleeps); reject after
 * `turns` turns.
 * @param {() => boolean} check
 * @param {number} [turns]
 */
function until(check, turns = 100000) {
	return new Promise((resolve, reject) => {
		let n = 0;
		const tick = () => {
			if (check()) return resolve(undefined);
			if (++n > turns) return reject(new Error('condition not reached'));
			setImmediate(tick);
		};
		tick();
	});
}

/** @param {Uint8Array} bytes */
function gunzip(bytes) {
	return new Uint8Array(zlib.gunzipSync(bytes));
}

module.exports = { rawRequest, until, gunzip };
