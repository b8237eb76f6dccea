// @ts-check
'use strict';

const { V4_DEFAULTS, V4_CHECKS } = require('./v4-config');

/**
 * Options of the emulator: defaults, validation, and which options may change at runtime.
 * Every point where Concur's documentation (developer.concur.com) is silent or disagrees with itself, and that the
 * node must cope with, is an option here; the default is the reading we consider most faithful today (README.md,
 * "Concur conflicts", says which and why).
 */

/**
 * @typedef {Object} EmulatorBaseOptions
 * @property {string} host                     loopback address to listen on (127.x.x.x only)
 * @property {number} port                     primary data-center ('us') port, 0 = ephemeral
 * @property {{us?: number, eu?: number, image?: number}} [ports]  explicit ports per host
 * @property {number} tokenLifetimeSeconds     access-token lifetime (Concur: 3600)
 * @property {'always'|'never'|'sometimes'} refreshRotation  refresh-token rotation on the refresh grant
 * @property {401|403} expiredTokenStatus      status for an expired/unknown access token on API paths
 * @property {'string'|'number'} expiresInType type of `expires_in` in token responses
 * @property {number} imageUrlTtlSeconds       lifetime of pre-signed image URLs (900 = 15 min; 1800 other reading)
 * @property {200|201} v1PostStatus            status of a successful Image v1 POST
 * @property {200|204} v3DeleteStatus          status of a successful Receipt Images v3 DELETE
 * @property {'ReceiptImage'|'Image'} v3GetShape  body of v3 GET /receiptimages/{id}
 * @property {400|415} v3UnsupportedTypeStatus status for an unsupported Content-Type on v3 POST/PUT
 * @property {403|404} v3DeletedGetStatus      status of a v3 GET/PUT/DELETE on a deleted receipt image
 * @property {number} latencyMs                extra latency before every API/image request
 * @property {Array<any>} faults               fault list (see faults.js)
 * @property {number} requestTokenLifetimeSeconds  company request token lifetime (Concur: 24 h)
 * @property {number} refreshTokenLifetimeSeconds   refresh-token lifetime, sliding (Concur: ~6 months)
 * @property {'us'|'eu'} companyHome           data center the company (and most users) live in
 * @property {number} maxUploadBytes           upload cap (Concur: 10 MB)
 * @property {'memory'|'disk'} storage         where image bytes are kept
 * @property {string} [stateDir]               persist state + images here across restarts
 * @property {boolean | string} imageContentDisposition  true: `attachment; filename="<id>.<ext>"` on image
 *                                            downloads; a string: sent verbatim (hostile file names)
 * @property {'identity'|'gzip'} imageContentEncoding  gzip: image bodies gzip-encoded (Content-Length = encoded)
 * @property {number} rotatedRefreshGraceSeconds  how long a rotated-out refresh token still works (0 = refused, 108)
 * @property {number | 'unlimited'} requestTokenUses  successful exchanges one company request token allows
 * @property {string | null} tokenGeolocation  null: the real data center; 'trap' or an http(s) URL: the
 *                                            `geolocation` every token response names instead (a foreign host)
 * @property {number} trapStatus               status the trap listener answers with
 * @property {string} trapHost                 address of the trap listener (127.0.0.2; the host if not bindable)
 * @property {number} hangMs                   a 'hang' fault closes the connection after this long at the latest
 * @property {boolean} imageMovesLastModified  a new image on a report or entry moves the report's LastModifiedDate
 * @property {'exact'|'ignoreCase'} v3QueryNames  v3 listing query parameters by their exact documented names,
 *                                            or matched case-insensitively (others are ignored, like Concur)
 * @property {'reject'|'ignore'} imageUrlAuthorization  what the image host does with an Authorization header
 * @property {'accept'|'reject'} formCharset   whether `; charset=utf-8` on the token request is accepted
 * @property {boolean} companyIdToken          include id_token in company (authtoken) token responses
 * @property {string} seed                     seed of the deterministic id generator
 * @property {() => number} [now]              clock (ms since epoch); the admin clock offset is added
 * @property {number} logLimit                 max request-log entries kept (oldest dropped)
 * @typedef {EmulatorBaseOptions & import('./v4-config').V4Options} EmulatorOptions  (v4 options: v4-config.js)
 */

/** @type {EmulatorOptions} */
const DEFAULTS = Object.freeze({
	host: '127.0.0.1',
	port: 0,
	ports: undefined,
	tokenLifetimeSeconds: 3600,
	refreshRotation: 'always',
	expiredTokenStatus: 401,
	expiresInType: 'string',
	imageUrlTtlSeconds: 900,
	v1PostStatus: 201,
	v3DeleteStatus: 204,
	v3GetShape: 'ReceiptImage',
	v3UnsupportedTypeStatus: 400,
	v3DeletedGetStatus: 403,
	latencyMs: 0,
	faults: [],
	requestTokenLifetimeSeconds: 86400,
	refreshTokenLifetimeSeconds: 180 * 86400,
	companyHome: 'eu',
	maxUploadBytes: 10 * 1024 * 1024,
	storage: 'disk',
	stateDir: undefined,
	imageContentDisposition: false,
	imageContentEncoding: 'identity',
	rotatedRefreshGraceSeconds: 0,
	requestTokenUses: 'unlimited',
	tokenGeolocation: null,
	trapStatus: 200,
	trapHost: '127.0.0.2',
	hangMs: 10 * 60 * 1000,
	imageMovesLastModified: true,
	v3QueryNames: 'exact',
	imageUrlAuthorization: 'reject',
	formCharset: 'accept',
	companyIdToken: true,
	seed: 'concur-emulator',
	now: undefined,
	logLimit: 5000,
	...V4_DEFAULTS,
});

/** Options that only make sense at start (listening sockets, storage, identity of the seed). */
const START_ONLY = new Set(['host', 'port', 'ports', 'storage', 'stateDir', 'seed', 'now', 'companyHome', 'trapHost']);

/** @type {Record<string, (v: any) => boolean>} */
const CHECKS = {
	host: (v) => typeof v === 'string' && isLoopback(v),
	port: (v) => Number.isInteger(v) && v >= 0 && v < 65536,
	ports: (v) =>
		v === undefined ||
		(typeof v === 'object' &&
			v !== null &&
			Object.entries(v).every(
				([k, p]) => ['us', 'eu', 'image'].includes(k) && (p === undefined || (Number.isInteger(p) && p >= 0 && p < 65536)),
			)),
	tokenLifetimeSeconds: (v) => Number.isFinite(v) && v > 0,
	refreshRotation: (v) => ['always', 'never', 'sometimes'].includes(v),
	expiredTokenStatus: (v) => v === 401 || v === 403,
	expiresInType: (v) => v === 'string' || v === 'number',
	imageUrlTtlSeconds: (v) => Number.isFinite(v) && v > 0,
	v1PostStatus: (v) => v === 200 || v === 201,
	v3DeleteStatus: (v) => v === 200 || v === 204,
	v3GetShape: (v) => v === 'ReceiptImage' || v === 'Image',
	v3UnsupportedTypeStatus: (v) => v === 400 || v === 415,
	v3DeletedGetStatus: (v) => v === 403 || v === 404,
	latencyMs: (v) => Number.isFinite(v) && v >= 0,
	faults: (v) => Array.isArray(v),
	requestTokenLifetimeSeconds: (v) => Number.isFinite(v) && v > 0,
	refreshTokenLifetimeSeconds: (v) => Number.isFinite(v) && v > 0,
	companyHome: (v) => v === 'us' || v === 'eu',
	maxUploadBytes: (v) => Number.isInteger(v) && v > 0,
	storage: (v) => v === 'memory' || v === 'disk',
	stateDir: (v) => v === undefined || (typeof v === 'string' && v.length > 0),
	imageContentDisposition: (v) => typeof v === 'boolean' || (typeof v === 'string' && v.length > 0 && !/[\r\n]/.test(v)),
	imageContentEncoding: (v) => v === 'identity' || v === 'gzip',
	rotatedRefreshGraceSeconds: (v) => Number.isFinite(v) && v >= 0,
	requestTokenUses: (v) => v === 'unlimited' || (Number.isInteger(v) && v >= 1),
	tokenGeolocation: (v) => v === null || v === 'trap' || isHttpUrl(v),
	trapStatus: (v) => Number.isInteger(v) && v >= 200 && v <= 599,
	trapHost: (v) => typeof v === 'string' && isLoopback(v),
	hangMs: (v) => Number.isFinite(v) && v > 0,
	imageMovesLastModified: (v) => typeof v === 'boolean',
	v3QueryNames: (v) => v === 'exact' || v === 'ignoreCase',
	imageUrlAuthorization: (v) => v === 'reject' || v === 'ignore',
	formCharset: (v) => v === 'accept' || v === 'reject',
	companyIdToken: (v) => typeof v === 'boolean',
	seed: (v) => typeof v === 'string' && v.length > 0,
	now: (v) => v === undefined || typeof v === 'function',
	logLimit: (v) => Number.isInteger(v) && v > 0,
	...V4_CHECKS,
};

/** @param {unknown} v */
function isHttpUrl(v) {
	if (typeof v !== 'string') return false;
	try {
		return /^https?:$/.test(new URL(v).protocol);
	} catch {
		return false;
	}
}

/** @param {string} host */
function isLoopback(host) {
	return host === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Validate a (partial) option object. Throws an Error naming the bad option.
 * @param {Record<string, any>} partial
 * @param {{runtime?: boolean}} [how]
 * @returns {Partial<EmulatorOptions>}
 */
function validate(partial, how = {}) {
	/** @type {Record<string, any>} */
	const out = {};
	for (const [key, value] of Object.entries(partial || {})) {
		if (value === undefined) continue;
		if (!(key in CHECKS)) throw new Error(`Unknown emulator option "${key}"`);
		if (how.runtime && START_ONLY.has(key)) {
			throw new Error(`Option "${key}" can only be set when the emulator starts`);
		}
		if (!CHECKS[key](value)) {
			throw new Error(`Invalid value for emulator option "${key}": ${JSON.stringify(value)}`);
		}
		out[key] = value;
	}
	if (out.host === 'localhost') out.host = '127.0.0.1';
	if (out.tokenGeolocation) out.tokenGeolocation = out.tokenGeolocation.replace(/\/+$/, '');
	return out;
}

/**
 * @param {Record<string, any>} options
 * @returns {EmulatorOptions}
 */
function resolveOptions(options) {
	return /** @type {EmulatorOptions} */ ({ ...DEFAULTS, ...validate(options) });
}

module.exports = { DEFAULTS, START_ONLY, validate, resolveOptions, isLoopback };
