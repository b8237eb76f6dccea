// @ts-check
'use strict';

/**
 * Expense Reports v3 and Expense Entries v3 (listing, for archiving; scope EXPRPT):
 *   GET /api/v3.0/expense/reports?user&approvalStatusCode&paymentStatusCode&hasImages&createDateBefore/After
 *       &submitDateBefore/After&paidDateBefore/After&modifiedDateBefore/After&currencyCode&limit&offset
 *   GET /api/v3.0/expense/reports/{id}[?user]
 *   GET /api/v3.0/expense/entries?reportID&user&limit&offset     GET /api/v3.0/expense/entries/{id}
 * Field and parameter names as in Concur's Reports v3 and Entries v3 references. The ids are the ones Image v1
 * takes (report/{id}, expenseentry/{id}), so a listed report's image can be fetched at once.
 */

const { encodeId } = require('./http');
const { authenticate } = require('./auth');
const { approvalName, paymentName, v3Date } = require('./records');
const L = require('./listing');

const REPORTS = '/api/v3.0/expense/reports';
const ENTRIES = '/api/v3.0/expense/entries';

const REPORT_FILTERS = /** @type {const} */ ({
	approvalStatusCode: 'codes',
	paymentStatusCode: 'codes',
	currencyCode: 'string',
	hasImages: 'bool',
	createDateBefore: 'date',
	createDateAfter: 'date',
	submitDateBefore: 'date',
	submitDateAfter: 'date',
	paidDateBefore: 'date',
	paidDateAfter: 'date',
	modifiedDateBefore: 'date',
	modifiedDateAfter: 'date',
});

const TYPE_CODES = { Taxi: 'TAXIX', Hotel: 'LODNG', Meals: 'BUSML', Airfare: 'AIRFR', Parking: 'PARKG', Miscellaneous: 'MISCL' };

/**
 * @param {import('./state').State} state
 * @param {import('./state').Report} r
 */
function hasImages(state, r) {
	return r.images.length > 0 || state.entriesOf(r.id).some((e) => !!e.image);
}

/**
 * The Report item of Reports v3 (fields of the reference's JSON example, OrgUnit/Custom fields left out).
 * @param {import('./http').Ctx} ctx
 * @param {import('./state').Report} r
 */
function reportItem(ctx, r) {
	const owner = ctx.emu.state.users.get(r.ownerId);
	const paid = ['P_PAID', 'P_PAYC'].includes(r.paymentStatusCode);
	return {
		Name: r.name,
		Total: r.total,
		CurrencyCode: r.currencyCode,
		Country: null,
		CountrySubdivision: null,
		CreateDate: v3Date(r.createDate),
		SubmitDate: v3Date(r.submitDate),
		ProcessingPaymentDate: r.approvalStatusCode === 'A_APPR' ? v3Date(r.submitDate) : null,
		PaidDate: v3Date(r.paidDate),
		ReceiptsReceived: paid,
		UserDefinedDate: v3Date(r.createDate),
		LastComment: '',
		OwnerLoginID: owner ? owner.loginId : null,
		OwnerName: owner ? owner.name : null,
		ApproverLoginID: null,
		ApproverName: null,
		ApprovalStatusName: approvalName(r.approvalStatusCode),
		ApprovalStatusCode: r.approvalStatusCode,
		PaymentStatusName: paymentName(r.paymentStatusCode),
		PaymentStatusCode: r.paymentStatusCode,
		LastModifiedDate: v3Date(r.lastModified),
		PersonalAmount: 0,
		AmountDueEmployee: r.total,
		AmountDueCompanyCard: 0,
		TotalClaimedAmount: r.total,
		TotalApprovedAmount: r.approvalStatusCode === 'A_APPR' ? r.total : 0,
		LedgerName: 'DEFAULT',
		PolicyID: null,
		EverSentBack: false,
		HasException: false,
		WorkflowActionUrl: '',
		ID: r.id,
		URI: `${ctx.baseUrl}${REPORTS}/${encodeId(r.id)}`,
	};
}

/**
 * The Entry item of Entries v3 (a subset of the reference's EntryGet fields).
 * @param {import('./http').Ctx} ctx
 * @param {import('./state').Entry} e
 * @param {number} index  position in its report
 */
function entryItem(ctx, e, index) {
	const state = ctx.emu.state;
	const report = /** @type {import('./state').Report} */ (state.reports.get(e.reportId));
	const owner = state.users.get(report.ownerId);
	const amount = Math.round((12.5 + index * 17.25) * 100) / 100;
	const day = v3Date(report.createDate + index * 86400 * 1000);
	return {
		ID: e.id,
		URI: `${ctx.baseUrl}${ENTRIES}/${e.id}`,
		ReportID: report.id,
		ReportOwnerID: owner ? owner.loginId : null,
		ExpenseTypeCode: /** @type {Record<string, string>} */ (TYPE_CODES)[e.expenseType] || e.expenseType.toUpperCase().replace(/[^A-Z]/g, '').slice(0, 5),
		ExpenseTypeName: e.expenseType,
		TransactionDate: day ? day.slice(0, 10) : null,
		TransactionAmount: amount,
		TransactionCurrencyCode: report.currencyCode,
		PostedAmount: amount,
		ApprovedAmount: report.approvalStatusCode === 'A_APPR' ? amount : 0,
		VendorDescription: null,
		HasImage: !!e.image,
		IsImageRequired: true,
		ReceiptReceived: false,
		LastModified: v3Date(report.lastModified),
	};
}

/** @param {import('./http').Ctx} ctx */
async function handle(ctx) {
	const emu = ctx.emu;
	const state = emu.state;
	const lower = ctx.url.pathname.toLowerCase();
	const isReports = lower === REPORTS || lower.startsWith(`${REPORTS}/`);
	const base = isReports ? REPORTS : ENTRIES;
	const rest = ctx.url.pathname.slice(base.length).replace(/\/+$/, '');
	if (rest !== '' && !/^\/[^/]+$/.test(rest)) {
		return ctx.v1Error(404, `No HTTP resource was found that matches the request URI '${ctx.baseUrl}${ctx.url.pathname}'.`);
	}
	if (ctx.method !== 'GET') {
		return ctx.v1Error(405, `The emulator implements only GET on ${base}.`, { Allow: 'GET' });
	}
	const auth = authenticate(ctx);
	if (!auth) return;
	const q = L.queryOf(ctx);
	const id = rest ? decodeURIComponent(rest.slice(1)) : '';

	if (isReports) {
		const owns = L.ownerFilter(ctx, auth, q.get('user'), !id);
		if (!owns) return;
		if (id) {
			q.finish();
			const r = state.reports.get(id);
			if (!r || !(owns(r.ownerId) || (auth.isAdmin && q.get('user') === null))) {
				return ctx.v1Error(404, `No expense report was found with the id ${id}.`);
			}
			return L.sendOne(ctx, 'Report', reportItem(ctx, r));
		}
		const f = L.readFilters(ctx, q, REPORT_FILTERS);
		if (!f) return;
		const all = [...state.reports.values()].filter(
			(r) =>
				owns(r.ownerId) &&
				(!f.approvalStatusCode || f.approvalStatusCode.includes(r.approvalStatusCode)) &&
				(!f.paymentStatusCode || f.paymentStatusCode.includes(r.paymentStatusCode)) &&
				(f.currencyCode === undefined || f.currencyCode === r.currencyCode) &&
				(f.hasImages === undefined || f.hasImages === hasImages(state, r)) &&
				L.inRange(r.createDate, f.createDateBefore, f.createDateAfter) &&
				L.inRange(r.submitDate, f.submitDateBefore, f.submitDateAfter) &&
				L.inRange(r.paidDate, f.paidDateBefore, f.paidDateAfter) &&
				L.inRange(r.lastModified, f.modifiedDateBefore, f.modifiedDateAfter),
		);
		const p = L.page(ctx, q, all, { scope: 'reports', defaultLimit: 25, maxLimit: 100 });
		if (!p) return;
		q.finish();
		return L.sendList(ctx, { root: 'Reports', item: 'Report' }, p.items.map((r) => reportItem(ctx, r)), p.next);
	}

	// entries
	const user = q.get('user');
	const owns = L.ownerFilter(ctx, auth, user, false);
	if (!owns) return;
	/** @param {import('./state').Report | undefined} r  an admin may name any report without `user` */
	const visible = (r) => !!r && (owns(r.ownerId) || (auth.isAdmin && user === null));
	if (id) {
		q.finish();
		const e = state.entries.get(id);
		const r = e && state.reports.get(e.reportId);
		if (!e || !visible(r)) return ctx.v1Error(404, `No expense entry was found with the id ${id}.`);
		return L.sendOne(ctx, 'Entry', entryItem(ctx, e, /** @type {any} */ (r).entryIds.indexOf(e.id)));
	}
	const reportId = q.get('reportID');
	/** @type {Array<{e: import('./state').Entry, i: number}>} */
	const all = [];
	for (const r of state.reports.values()) {
		if (reportId !== null && reportId !== '' ? r.id !== reportId || !visible(r) : !owns(r.ownerId)) continue;
		r.entryIds.forEach((/** @type {string} */ eid, /** @type {number} */ i) => all.push({ e: /** @type {any} */ (state.entries.get(eid)), i }));
	}
	const p = L.page(ctx, q, all, { scope: 'entries', defaultLimit: 25, maxLimit: 100 });
	if (!p) return;
	q.finish();
	return L.sendList(ctx, { root: 'Entries', item: 'Entry' }, p.items.map((x) => entryItem(ctx, x.e, x.i)), p.next);
}

/** @param {string} lower  the lower-cased path */
function matches(lower) {
	return [REPORTS, ENTRIES].some((b) => lower === b || lower.startsWith(`${b}/`));
}

module.exports = { handle, matches, REPORTS, ENTRIES, hasImages };
