// @ts-check
'use strict';

const { REDIRECT_STATUSES } = require('./fault-actions');

/**
 * Fault injection, per route and per request count.
 *
 * A fault: { method?, path, dc?, times?, nth?, kind, after?, retryAfter?, latencyMs?, status?, location?,
 *            hangMs?, bytes?, chunkBytes?, intervalMs? }
 *  - path: exact path ('/api/image/v1.0/receipt'), a prefix ending in '*' ('/api/image/v1.0/*'),
 *    or a regular expression: a RegExp object, or a string starting with '^' ('^/api/v3\\.0/.*$').
 *  - method: optional, case-insensitive. dc: optional 'us' | 'eu' | 'image'.
 *  - times: apply to the first N matching requests; nth: [k, …] apply to the k-th matching requests (1-based);
 *    neither: every matching request. Each fault counts its own matching requests.
 *  - kind: '429' (Retry-After: retryAfter, default 1; null: none) | '500' | '502' | '503' | '504' (Retry-After if
 *    retryAfter given)
 *    | 'reset' (TCP reset) | 'latency' (wait latencyMs, default 1000, then answer normally)
 *    | 'truncate' (Content-Length larger than the body, then the socket is destroyed)
 *    | 'short' (Content-Length larger than the body, `bytes` of it (default half), then a clean close: FIN, no reset)
 *    | 'slow-body' (the whole body, `chunkBytes` (16) every `intervalMs` (1000) ms)
 *    | 'malformed' (200 with broken XML/JSON) | 'html' (502 HTML error page, like a proxy)
 *    | 'redirect' (`status` 300/301/302/303/307/308, default 307, Location on `location`: 'trap' (default: the trap
 *      listener, same path and query), 'us' | 'eu' | 'image', or an absolute URL used as is)
 *    | 'hang' (accepts the request, never answers; closed after `hangMs` (option hangMs, 10 min), on
 *      releaseHangs(), reset or stop)
 *    | 'expire-tokens' (every access token expires just before this request is handled: a token running out
 *      in the middle of a batch).
 *  - after: when it strikes (fault-actions.js). Default: 500, truncate, short, malformed and slow-body strike
 *    AFTER the request was processed (an upload IS stored: the "Concur may have processed it" case, so clients
 *    must not blindly retry a POST); all others BEFORE (an upload is not stored). `after: true|false` overrides.
 */

const KINDS = [
	'429', '500', '502', '503', '504', 'reset', 'latency', 'truncate', 'short', 'slow-body', 'malformed', 'html', 'redirect',
	'hang', 'expire-tokens',
];
const LOCATIONS = ['trap', 'us', 'eu', 'image'];

/**
 * @param {any} f
 * @param {number} i
 */
function normalize(f, i) {
	if (!f || typeof f !== 'object') throw new Error(`fault #${i + 1}: must be an object`);
	const kind = String(f.kind);
	if (!KINDS.includes(kind)) throw new Error(`fault #${i + 1}: kind must be one of ${KINDS.join(', ')}`);
	/** @type {(p: string) => boolean} */
	let test;
	let pathLabel;
	if (f.path instanceof RegExp) {
		const re = f.path;
		test = (p) => re.test(p);
		pathLabel = re.toString();
	} else if (typeof f.path === 'string' && f.path.length) {
		const p = f.path;
		pathLabel = p;
		if (p.startsWith('^')) {
			const re = new RegExp(p);
			test = (x) => re.test(x);
		} else if (p.endsWith('*')) {
			const prefix = p.slice(0, -1);
			test = (x) => x.startsWith(prefix);
		} else {
			test = (x) => x === p;
		}
	} else {
		throw new Error(`fault #${i + 1}: path is required (exact, prefix*, or ^regex)`);
	}
	if (f.times !== undefined && !(Number.isInteger(f.times) && f.times >= 0)) {
		throw new Error(`fault #${i + 1}: times must be a non-negative integer`);
	}
	if (f.nth !== undefined && !(Array.isArray(f.nth) && f.nth.every((/** @type {any} */ k) => Number.isInteger(k) && k >= 1))) {
		throw new Error(`fault #${i + 1}: nth must be an array of positive integers`);
	}
	if (f.dc !== undefined && !['us', 'eu', 'image'].includes(f.dc)) throw new Error(`fault #${i + 1}: dc must be us, eu or image`);
	if (f.after !== undefined && typeof f.after !== 'boolean') throw new Error(`fault #${i + 1}: after must be true or false`);
	if (f.location !== undefined && !LOCATIONS.includes(f.location) && !/^https?:\/\/[^/]/.test(String(f.location))) {
		throw new Error(`fault #${i + 1}: location must be trap, us, eu, image or an absolute http(s) URL`);
	}
	if (kind === 'redirect' && f.status !== undefined && !REDIRECT_STATUSES.includes(f.status)) {
		throw new Error(`fault #${i + 1}: a redirect status must be one of ${REDIRECT_STATUSES.join(', ')}`);
	}
	for (const k of ['hangMs', 'bytes', 'chunkBytes', 'intervalMs', 'latencyMs']) {
		if (f[k] !== undefined && !(Number.isFinite(f[k]) && f[k] >= 0)) throw new Error(`fault #${i + 1}: ${k} must be a number >= 0`);
	}
	return {
		kind,
		method: f.method ? String(f.method).toUpperCase() : undefined,
		dc: f.dc,
		path: pathLabel,
		test,
		times: f.times,
		nth: f.nth,
		after: f.after,
		retryAfter: f.retryAfter,
		latencyMs: f.latencyMs,
		status: f.status,
		location: f.location,
		hangMs: f.hangMs,
		bytes: f.bytes,
		chunkBytes: f.chunkBytes,
		intervalMs: f.intervalMs,
		seen: 0,
		applied: 0,
	};
}

class Faults {
	constructor() {
		/** @type {ReturnType<typeof normalize>[]} */
		this.list = [];
	}

	/** @param {any[]} faults */
	set(faults) {
		if (!Array.isArray(faults)) throw new Error('faults must be an array');
		this.list = faults.map(normalize);
	}

	/**
	 * Count this request against every fault it matches; return the first fault that applies to it.
	 * @param {string} dc
	 * @param {string} method
	 * @param {string} path
	 */
	match(dc, method, path) {
		let hit = null;
		for (const f of this.list) {
			if (f.method && f.method !== method) continue;
			if (f.dc && f.dc !== dc) continue;
			if (!f.test(path)) continue;
			f.seen += 1;
			let applies = true;
			if (f.nth) applies = f.nth.includes(f.seen);
			else if (f.times !== undefined) applies = f.seen <= f.times;
			if (applies && !hit) {
				f.applied += 1;
				hit = f;
			}
		}
		return hit;
	}

	describe() {
		return this.list.map((f) => ({
			kind: f.kind,
			method: f.method,
			dc: f.dc,
			path: f.path,
			times: f.times,
			nth: f.nth,
			after: f.after,
			status: f.status,
			location: f.location,
			retryAfter: f.retryAfter,
			latencyMs: f.latencyMs,
			matched: f.seen,
			applied: f.applied,
		}));
	}
}

module.exports = { Faults, KINDS };
