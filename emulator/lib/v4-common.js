// @ts-check
'use strict';

const crypto = require('node:crypto');
const { authenticate } = require('./auth');
const { magicMatches } = require('./media');
const { boundaryOf, parseMultipart } = require('./multipart');

/**
 * What the v4 modules share: their scopes, their records (V4Store), Bearer-only authentication with a scope
 * check, multipart bodies, user UUIDs, and the type of uploaded bytes. Each API family answers errors in its
 * own JSON shape, so every helper takes the family's `fail`.
 */

/** Scopes the seeded app holds for the v4 APIs (names as Concur's scope pages spell them). */
const V4_SCOPES = [
	'quickexpense.writeonly',
	'receipts.read',
	'receipts.writeonly',
	'spenddocs.receipts.read',
	'spenddocs.receipts.writeonly',
	'spenddocs.receipts.compliance.read',
	'identity.user.ids.read',
	'identity.user.core.read',
];

/**
 * @typedef {import('./state').Img} Img
 * @typedef {{id: string, userId: string, contextType: string, request: any, image: Img | null, fileName: string | null,
 *            partContentType: string | null, requestContentType: string | null, createdAt: number}} QuickExpense
 * @typedef {{id: string, imageId: string, userId: string, companyId: string, metadata: any, image: Img,
 *            fileName: string | null, filePart: string, createdAt: number, availableReceiptId: string}} SpendDocument
 * @typedef {{id: string, userId: string, image: Img, fileName: string | null, forwardId: string | null,
 *            clientData: any, statusReads: number, createdAt: number, availableReceiptId?: string}} ImageOnlyReceipt
 */

/** Records of the v4 APIs; cleared with the emulator's reset (their images live in the same blob store). */
class V4Store {
	constructor() {
		this.clear();
	}

	clear() {
		/** @type {Map<string, QuickExpense>} */
		this.quickExpenses = new Map();
		/** @type {Map<string, SpendDocument>} */
		this.spendDocuments = new Map();
		/** @type {Map<string, ImageOnlyReceipt>} */
		this.imageOnlyReceipts = new Map();
		/** Quick Expense requests per userID (ms timestamps), for the shared rate limit. @type {Map<string, number[]>} */
		this.quickExpenseCalls = new Map();
	}
}

/** 32 upper-case hex characters, like Concur's quick expense and image ids. */
const hex32 = () => crypto.randomBytes(16).toString('hex').toUpperCase();

/**
 * The real type of uploaded bytes, among those a v4 API may accept.
 * @param {Buffer} buf
 * @returns {string | null}
 */
function sniffType(buf) {
	const head = buf.subarray(0, 1024);
	for (const type of ['application/pdf', 'image/png', 'image/jpeg']) if (magicMatches(type, head, true)) return type;
	if (head.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
	const tiff = head.subarray(0, 4).toString('latin1');
	if (tiff === 'II*\u0000' || tiff === 'MM\u0000*') return 'image/tiff';
	return null;
}

/**
 * Bearer-only authentication (every v4 page shows `Authorization: Bearer`), then the scope check: one of
 * `anyOf` must be granted (several names when Concur's pages spell a scope differently).
 * @param {import('./http').Ctx} ctx
 * @param {string[][]} required  every inner list: at least one of its scopes
 * @param {(status: number, message: string) => void} fail
 */
function authenticateV4(ctx, required, fail) {
	const header = String(ctx.req.headers.authorization || '').trim();
	if (header && !/^Bearer\s+\S+$/i.test(header)) {
		fail(401, 'The v4 APIs take "Authorization: Bearer <access token>".');
		return null;
	}
	const auth = authenticate(ctx);
	if (!auth) return null;
	const check = ctx.emu.tokens.checkAccess(header.replace(/^Bearer\s+/i, ''));
	const granted = new Set(String(check.rec ? check.rec.scope : '').split(' '));
	for (const anyOf of required) {
		if (!anyOf.some((scope) => granted.has(scope))) {
			fail(403, `The access token lacks the scope ${anyOf.join(' or ')}.`);
			return null;
		}
	}
	return auth;
}

/**
 * The user a v4 path names by UUID. A company token may act for any user of the company; a user token only for
 * its own user.
 * @param {import('./http').Ctx} ctx
 * @param {import('./auth').Auth} auth
 * @param {string} userId
 * @param {(status: number, message: string) => void} fail
 */
function pathUser(ctx, auth, userId, fail) {
	const user = ctx.emu.state.users.get(userId);
	if (!user) {
		const byLogin = ctx.emu.state.findUserByLogin(userId);
		fail(byLogin ? 400 : 404, byLogin ? `"${userId}" is a login ID; this API takes the user's UUID (Identity v4 id).` : `No user with ID "${userId}".`);
		return null;
	}
	if (!auth.isCompany && auth.actor.id !== user.id && !auth.isAdmin) {
		fail(403, 'A user access token can only work for its own user.');
		return null;
	}
	return user;
}

/**
 * Reads a multipart/form-data body of at most `maxBytes` (plus room for the other parts).
 * @param {import('./http').Ctx} ctx
 * @param {number} maxBytes
 * @param {(status: number, message: string) => void} fail
 * @returns {Promise<import('./multipart').Part[] | null>}
 */
async function readMultipart(ctx, maxBytes, fail) {
	const boundary = boundaryOf(ctx.req.headers['content-type']);
	if (boundary === null) {
		fail(415, `Content-Type must be multipart/form-data (got "${ctx.req.headers['content-type'] || ''}").`);
		return null;
	}
	const declared = Number(ctx.req.headers['content-length']);
	const limit = maxBytes + 256 * 1024;
	if (Number.isFinite(declared) && declared > limit) {
		ctx.req.resume();
		fail(413, `The request is too large (${declared} bytes); the file may have at most ${maxBytes} bytes.`);
		return null;
	}
	const body = await ctx.readSmallBody(limit);
	if (!body) {
		fail(413, `The request is too large; the file may have at most ${maxBytes} bytes.`);
		return null;
	}
	const parsed = parseMultipart(body, boundary);
	if ('error' in parsed) {
		fail(400, parsed.error);
		return null;
	}
	return parsed.parts;
}

/**
 * Checks a file part against an API's types and cap, and stores it. Answers the error itself (null then).
 * @param {import('./http').Ctx} ctx
 * @param {import('./multipart').Part} part
 * @param {{types: string[], maxBytes: number, tooLarge: number, unsupported: number}} rules
 * @param {(status: number, message: string) => void} fail
 * @returns {Promise<Img | null>}
 */
async function storeFilePart(ctx, part, rules, fail) {
	if (!part.data.length) {
		fail(400, `The part "${part.name}" is empty.`);
		return null;
	}
	if (part.data.length > rules.maxBytes) {
		fail(rules.tooLarge, `The file is too large (${part.data.length} bytes); at most ${rules.maxBytes} bytes are accepted.`);
		return null;
	}
	const type = sniffType(part.data);
	if (!type || !rules.types.includes(type)) {
		fail(rules.unsupported, `The file is not of a supported type (${rules.types.join(', ')}).`);
		return null;
	}
	if (type === 'application/pdf' && /\/Encrypt\s*(\d+\s+\d+\s+R|<<)/.test(part.data.toString('latin1'))) {
		fail(400, 'Encrypted or password-protected PDFs are not accepted.');
		return null;
	}
	return await ctx.emu.state.storeBuffer(Buffer.from(part.data), type, type === 'application/pdf' ? null : 1);
}

/** @param {Buffer} data */
function parseJsonPart(data) {
	try {
		return JSON.parse(data.toString('utf8'));
	} catch {
		return undefined;
	}
}

module.exports = { V4_SCOPES, V4Store, hex32, sniffType, authenticateV4, pathUser, readMultipart, storeFilePart, parseJsonPart };
