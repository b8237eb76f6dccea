// @ts-check
'use strict';

/**
 * Options of the v4 APIs (Quick Expense v4, Spend Documents v4, Receipts v4 image-only receipts, Identity v4).
 * Each one is a point where Concur's pages are silent or disagree; the default is the reading V4.md argues for.
 * config.js merges these into the emulator's options (same validation, same runtime `configure`).
 *
 * @typedef {Object} V4Options
 * @property {number} quickExpenseRateLimit        requests per window per userID (Quick Expense v4 page: 120)
 * @property {number} quickExpenseRateWindowSeconds the window (page: 5 minutes)
 * @property {'seconds'|'none'} quickExpenseRetryAfter  429 with Retry-After (seconds until a slot frees) or none
 *                                                  (the page names the limit, not the header)
 * @property {number} quickExpenseMaxBytes          fileContent cap: 50 MB (reference page since 2024-10), 5 MB (swagger)
 * @property {'reference'|'swagger'} quickExpenseRequired  required request fields: the page (expenseTypeId,
 *                                                  transactionAmount, transactionDate) or the swagger (location,
 *                                                  transactionAmount, transactionDate)
 * @property {'table'|'endpoint'} quickExpenseImageScopes  'table': quickexpense.writeonly (receipts.writeonly only
 *                                                  with e-Bunsho); 'endpoint': the image endpoint's list, both
 * @property {'document'|'image'} spendDocumentsFilePart  the file part of POST /spend-documents/v4/receipts:
 *                                                  the request table says `document`, the curl example `image`
 * @property {200|202} spendDocumentsPostStatus     status list says 200, the example answers 202 Accepted
 * @property {number} receiptsV4MaxBytes            image-only receipt cap (endpoints page: 25 MB)
 * @property {number} receiptsV4PollsToProcess      status reads before an image-only receipt is PROCESSED
 * @property {'PROCESSED'|'FAILED'} receiptsV4Outcome  where processing ends
 * @property {'images'|'image-only-receipts'} receiptsV4Location  Location of the 202: the example's
 *                                                  `/receipts/v4/images/{id}` or the GET path
 * @property {'empty'|'404'} identityNoMatch        a userName filter without a match: SCIM's 200 with
 *                                                  totalResults 0, or the 404 the status list also names
 */

/** @type {V4Options} */
const V4_DEFAULTS = Object.freeze({
	quickExpenseRateLimit: 120,
	quickExpenseRateWindowSeconds: 300,
	quickExpenseRetryAfter: 'seconds',
	quickExpenseMaxBytes: 50 * 1024 * 1024,
	quickExpenseRequired: 'reference',
	quickExpenseImageScopes: 'table',
	spendDocumentsFilePart: 'document',
	spendDocumentsPostStatus: 202,
	receiptsV4MaxBytes: 25 * 1024 * 1024,
	receiptsV4PollsToProcess: 1,
	receiptsV4Outcome: 'PROCESSED',
	receiptsV4Location: 'images',
	identityNoMatch: 'empty',
});

const positiveInt = (/** @type {any} */ v) => Number.isInteger(v) && v > 0;

/** @type {Record<keyof V4Options, (v: any) => boolean>} */
const V4_CHECKS = {
	quickExpenseRateLimit: positiveInt,
	quickExpenseRateWindowSeconds: (v) => Number.isFinite(v) && v > 0,
	quickExpenseRetryAfter: (v) => v === 'seconds' || v === 'none',
	quickExpenseMaxBytes: positiveInt,
	quickExpenseRequired: (v) => v === 'reference' || v === 'swagger',
	quickExpenseImageScopes: (v) => v === 'table' || v === 'endpoint',
	spendDocumentsFilePart: (v) => v === 'document' || v === 'image',
	spendDocumentsPostStatus: (v) => v === 200 || v === 202,
	receiptsV4MaxBytes: positiveInt,
	receiptsV4PollsToProcess: (v) => Number.isInteger(v) && v >= 0,
	receiptsV4Outcome: (v) => v === 'PROCESSED' || v === 'FAILED',
	receiptsV4Location: (v) => v === 'images' || v === 'image-only-receipts',
	identityNoMatch: (v) => v === 'empty' || v === '404',
};

module.exports = { V4_DEFAULTS, V4_CHECKS };
