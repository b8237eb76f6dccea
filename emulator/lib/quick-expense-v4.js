// @ts-check
'use strict';

const { authenticateV4, pathUser, readMultipart, storeFilePart, parseJsonPart, hex32 } = require('./v4-common');

/**
 * Quick Expense v4 (developer.concur.com, api-reference/expense/quick-expense/v4.quick-expense):
 *   POST /quickexpense/v4/users/{userID}/context/TRAVELER/quickexpenses         JSON QuickExpenseRequest
 *   POST /quickexpense/v4/users/{userID}/context/TRAVELER/quickexpenses/image   multipart: quickExpenseRequest
 *        (the JSON as a string), fileContent (the file)
 *   → 201 {"quickExpenseIdUri": ".../quickexpenses/{32 hex}"}; errors 400, 403, 429, 500 as
 *     {errorId, errorMessage, httpStatus, path, timestamp, validationErrors?}
 * Shared rate limit: 120 requests per 5 minutes per userID (sliding window here; the page does not say which),
 * counting the requests it let through (a refused one does not count). Scopes: quickexpense.writeonly (+ receipts.writeonly
 * on the image endpoint with quickExpenseImageScopes 'endpoint').
 */

const RE = /^\/quickexpense\/v4\/users\/([^/]+)\/context\/([^/]+)\/quickexpenses(\/image)?\/?$/i;

/** @param {string} path */
const matches = (path) => path.startsWith('/quickexpense/v4/');

/** Types the image endpoint accepts: the reference page (PNG, PDF, TIFF, JPEG); the swagger adds GIF. */
const TYPES = ['image/png', 'application/pdf', 'image/tiff', 'image/jpeg'];

/**
 * @param {import('./http').Ctx} ctx
 * @param {string} userId
 * @returns {number | null}  seconds until a slot frees when the limit is reached, else null (and the call counted)
 */
function rateLimited(ctx, userId) {
	const { emu } = ctx;
	const windowMs = emu.options.quickExpenseRateWindowSeconds * 1000;
	const now = emu.clock.now();
	const calls = (emu.v4.quickExpenseCalls.get(userId) || []).filter((/** @type {number} */ t) => t > now - windowMs);
	emu.v4.quickExpenseCalls.set(userId, calls);
	if (calls.length >= emu.options.quickExpenseRateLimit) {
		// The oldest call that must leave the window before one more fits (refused requests are not counted).
		return Math.max(1, Math.ceil((calls[calls.length - emu.options.quickExpenseRateLimit] + windowMs - now) / 1000));
	}
	calls.push(now);
	return null;
}

/**
 * @param {any} request
 * @param {'reference'|'swagger'} reading
 * @returns {Array<{source: string, message: string}>}
 */
function validateRequest(request, reading) {
	/** @type {Array<{source: string, message: string}>} */
	const errors = [];
	if (!request || typeof request !== 'object' || Array.isArray(request)) return [{ source: 'quickExpenseRequest', message: 'must be a JSON object' }];
	const amount = request.transactionAmount;
	if (!amount || typeof amount !== 'object') errors.push({ source: 'transactionAmount', message: 'must not be null' });
	else {
		if (typeof amount.value !== 'number' || !Number.isFinite(amount.value)) errors.push({ source: 'transactionAmount.value', message: 'must be a number' });
		if (!/^[A-Z]{3}$/.test(String(amount.currencyCode || ''))) errors.push({ source: 'transactionAmount.currencyCode', message: 'must be a 3-letter ISO 4217 code' });
	}
	const date = String(request.transactionDate || '');
	if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
		errors.push({ source: 'transactionDate', message: 'must be a date as YYYY-MM-DD' });
	}
	if (reading === 'reference' && !request.expenseTypeId) errors.push({ source: 'expenseTypeId', message: 'must not be null' });
	if (reading === 'swagger' && (!request.location || typeof request.location !== 'object')) errors.push({ source: 'location', message: 'must not be null' });
	if (request.paymentTypeId !== undefined && !['CASHX', 'CPAID', 'PENDC'].includes(request.paymentTypeId)) {
		errors.push({ source: 'paymentTypeId', message: 'must be one of CASHX, CPAID, PENDC' });
	}
	return errors;
}

/** @param {import('./http').Ctx} ctx */
async function handle(ctx) {
	const { emu } = ctx;
	/** @param {number} status @param {string} message @param {Record<string, any>} [extra] @param {Record<string, string>} [headers] */
	const answer = (status, message, extra = {}, headers = {}) =>
		ctx.sendJson(
			status,
			{ errorId: hex32(), errorMessage: message, httpStatus: String(status), path: ctx.url.pathname, timestamp: new Date(emu.clock.now()).toISOString(), ...extra },
			headers,
		);
	const fail = (/** @type {number} */ status, /** @type {string} */ message) => answer(status, message);
	const m = RE.exec(ctx.url.pathname);
	if (!m) return fail(404, `No Quick Expense resource at ${ctx.url.pathname}.`);
	if (ctx.method !== 'POST') return fail(405, `Quick Expense v4 has no ${ctx.method} (v4 dropped GET, PUT and DELETE).`);
	const withImage = Boolean(m[3]);
	const scopes = [['quickexpense.writeonly']];
	if (withImage && emu.options.quickExpenseImageScopes === 'endpoint') scopes.push(['receipts.writeonly']);
	const auth = authenticateV4(ctx, scopes, fail);
	if (!auth) return;
	const userId = decodeURIComponent(m[1]);
	const wait = rateLimited(ctx, userId);
	if (wait !== null) {
		ctx.req.resume();
		/** @type {Record<string, string>} */
		const headers = emu.options.quickExpenseRetryAfter === 'seconds' ? { 'Retry-After': String(wait) } : {};
		return answer(429, 'Too many requests: 120 requests per 5 minutes per user.', {}, headers);
	}
	const user = pathUser(ctx, auth, userId, fail);
	if (!user) return;
	if (m[2] !== 'TRAVELER') return fail(400, `contextType "${m[2]}" is not supported; use TRAVELER.`);

	let request;
	/** @type {import('./state').Img | null} */
	let image = null;
	/** @type {import('./multipart').Part | undefined} */
	let filePart;
	/** @type {import('./multipart').Part | undefined} */
	let requestPart;
	if (withImage) {
		const parts = await readMultipart(ctx, emu.options.quickExpenseMaxBytes, fail);
		if (!parts) return;
		filePart = parts.find((p) => p.name === 'fileContent');
		requestPart = parts.find((p) => p.name === 'quickExpenseRequest');
		if (!filePart) return answer(400, 'Required request part "fileContent" is not present.');
		request = requestPart ? parseJsonPart(requestPart.data) : undefined;
	} else {
		const body = await ctx.readSmallBody(256 * 1024);
		if (!String(ctx.req.headers['content-type'] || '').toLowerCase().startsWith('application/json')) {
			return fail(415, 'Content-Type must be application/json.');
		}
		request = body ? parseJsonPart(body) : undefined;
	}
	const validationErrors = validateRequest(request, emu.options.quickExpenseRequired);
	if (validationErrors.length) return answer(400, 'Validation failed for the quick expense request.', { validationErrors });
	if (filePart) {
		image = await storeFilePart(ctx, filePart, { types: TYPES, maxBytes: emu.options.quickExpenseMaxBytes, tooLarge: 400, unsupported: 400 }, fail);
		if (!image) return;
	}
	const id = hex32();
	emu.v4.quickExpenses.set(id, {
		id,
		userId: user.id,
		contextType: m[2],
		request,
		image,
		fileName: filePart ? filePart.filename : null,
		partContentType: filePart ? filePart.contentType : null,
		requestContentType: requestPart ? requestPart.contentType : null,
		createdAt: emu.clock.now(),
	});
	emu.changed();
	return ctx.sendJson(201, { quickExpenseIdUri: `${ctx.baseUrl}/quickexpense/v4/users/${user.id}/context/TRAVELER/quickexpenses/${id}` });
}

module.exports = { handle, matches, rateLimited, validateRequest };
