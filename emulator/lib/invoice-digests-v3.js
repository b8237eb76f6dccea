// @ts-check
'use strict';

/**
 * Payment Request Digests v3 (Invoice; scope INVPMT), for finding invoices to archive:
 *   GET /api/v3.0/invoice/paymentrequestdigests?approvalStatus&paymentStatus&vendorInvoiceNumber
 *       &createDateBefore/After&submitDateBefore/After&paidDateBefore/After&lastModifiedDateBefore/After
 *       &extractedDateBefore/After&limit&offset              (limit default 1000, at most 1000)
 *   GET /api/v3.0/invoice/paymentrequestdigests/{id}
 * Names as in Concur's "Retrieve Invoice Digests v3" reference. `PaymentRequestId` is the id Image v1
 * `invoice/{id}` takes. The digests are open to every company or user token, like the invoices of Image v1.
 */

const { authenticate } = require('./auth');
const { v3Date } = require('./records');
const L = require('./listing');

const PREFIX = '/api/v3.0/invoice/paymentrequestdigests';

const FILTERS = /** @type {const} */ ({
	approvalStatus: 'string',
	paymentStatus: 'string',
	vendorInvoiceNumber: 'string',
	createDateBefore: 'date',
	createDateAfter: 'date',
	submitDateBefore: 'date',
	submitDateAfter: 'date',
	paidDateBefore: 'date',
	paidDateAfter: 'date',
	lastModifiedDateBefore: 'date',
	lastModifiedDateAfter: 'date',
	extractedDateBefore: 'date',
	extractedDateAfter: 'date',
});

/**
 * @param {import('./http').Ctx} ctx
 * @param {import('./state').Invoice} i
 */
function digestItem(ctx, i) {
	const owner = i.ownerLoginId ? ctx.emu.state.findUserByLogin(i.ownerLoginId) : undefined;
	return {
		ID: i.id,
		URI: `${ctx.baseUrl}${PREFIX}/${i.id}`,
		PaymentRequestId: i.id,
		PaymentRequestUri: `${ctx.baseUrl}/api/v3.0/invoice/paymentrequest/${i.id}`,
		ApprovalStatusCode: i.approvalStatusCode,
		PaymentStatusCode: i.paymentStatusCode,
		VendorName: i.vendor,
		InvoiceNumber: i.invoiceNumber,
		PurchaseOrderNumber: null,
		Total: String(i.total),
		CurrencyCode: i.currencyCode,
		CreateDate: v3Date(i.createDate),
		UserDefinedDate: v3Date(i.createDate),
		PaidDate: v3Date(i.paidDate),
		LastModifiedDate: v3Date(i.lastModified),
		ExtractedDate: v3Date(i.extractedDate),
		PaymentMethod: null,
		OwnerLoginID: i.ownerLoginId || null,
		OwnerName: owner ? owner.name : null,
		IsDeleted: i.deleted,
	};
}

/** @param {import('./http').Ctx} ctx */
async function handle(ctx) {
	const state = ctx.emu.state;
	const rest = ctx.url.pathname.slice(PREFIX.length).replace(/\/+$/, '');
	if (rest !== '' && !/^\/[^/]+$/.test(rest)) {
		return ctx.v1Error(404, `No HTTP resource was found that matches the request URI '${ctx.baseUrl}${ctx.url.pathname}'.`);
	}
	if (ctx.method !== 'GET') return ctx.v1Error(405, `The requested resource does not support http method '${ctx.method}'.`, { Allow: 'GET' });
	const auth = authenticate(ctx);
	if (!auth) return;
	const q = L.queryOf(ctx);
	if (rest) {
		q.finish();
		const id = decodeURIComponent(rest.slice(1));
		const inv = state.invoices.get(id);
		if (!inv) return ctx.v1Error(404, `No payment request digest was found with the id ${id}.`);
		return L.sendOne(ctx, 'PaymentRequestDigest', digestItem(ctx, inv));
	}
	const f = L.readFilters(ctx, q, FILTERS);
	if (!f) return;
	const all = [...state.invoices.values()].filter(
		(i) =>
			(f.approvalStatus === undefined || f.approvalStatus === i.approvalStatusCode) &&
			(f.paymentStatus === undefined || f.paymentStatus === i.paymentStatusCode) &&
			(f.vendorInvoiceNumber === undefined || f.vendorInvoiceNumber === i.invoiceNumber) &&
			L.inRange(i.createDate, f.createDateBefore, f.createDateAfter) &&
			L.inRange(i.submitDate, f.submitDateBefore, f.submitDateAfter) &&
			L.inRange(i.paidDate, f.paidDateBefore, f.paidDateAfter) &&
			L.inRange(i.lastModified, f.lastModifiedDateBefore, f.lastModifiedDateAfter) &&
			L.inRange(i.extractedDate, f.extractedDateBefore, f.extractedDateAfter),
	);
	const p = L.page(ctx, q, all, { scope: 'paymentrequestdigests', defaultLimit: 1000, maxLimit: 1000 });
	if (!p) return;
	q.finish();
	return L.sendList(
		ctx,
		{ root: 'PaymentRequestDigests', item: 'PaymentRequestDigest' },
		p.items.map((i) => digestItem(ctx, i)),
		p.next,
		{ TotalCount: p.total },
	);
}

/** @param {string} lower */
function matches(lower) {
	return lower === PREFIX || lower.startsWith(`${PREFIX}/`);
}

module.exports = { handle, matches, PREFIX };
