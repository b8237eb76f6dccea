// @ts-check
'use strict';

/**
 * The header data the listing APIs show for expense reports and invoices (payment requests): approval and
 * payment status, dates, totals, and LastModifiedDate, which moves on the virtual clock whenever the record
 * changes. Used by reports-v3.js, invoice-digests-v3.js and the admin routes `POST /_emulator/reports/{id}` /
 * `POST /_emulator/invoices/{id}`.
 *
 * Status codes: the standard Concur Expense codes of the Reports v3 reference (approvalStatusCode A_…,
 * paymentStatusCode P_…). Custom codes are accepted (any `[A-Z0-9_]+`); their name is the code itself.
 */

const APPROVAL_NAMES = {
	A_AAFH: 'Anomaly and Fraud Check',
	A_ACCO: 'Pending Reviews',
	A_APPR: 'Approved',
	A_EXTV: 'Pending External Validation',
	A_FILE: 'Submitted',
	A_NOTF: 'Not Submitted',
	A_PBDG: 'Pending Budget Approval',
	A_PECO: 'Pending Cost Object Approval',
	A_PEND: 'Submitted & Pending Approval',
	A_PVAL: 'Pending Prepayment Validation',
	A_RESU: 'Returned',
	A_RHLD: 'Pending Receipt Images',
	A_TEXP: 'Expired in Approval Queue',
};
const PAYMENT_NAMES = {
	P_HOLD: 'Payment on Hold',
	P_NOTP: 'Not Paid',
	P_PAID: 'Sent for Payment',
	P_PAYC: 'Payment Confirmed',
	P_PROC: 'Processing Payment',
};
const CODE = /^[A-Z0-9_]{1,32}$/;
const DAY = 86400 * 1000;

/** @param {string} code */
const approvalName = (code) => /** @type {Record<string, string>} */ (APPROVAL_NAMES)[code] || code;
/** @param {string} code */
const paymentName = (code) => /** @type {Record<string, string>} */ (PAYMENT_NAMES)[code] || code;

/**
 * Fields every new report gets (state.addReport).
 * @param {number} now
 */
function newReportFields(now) {
	return {
		approvalStatusCode: 'A_NOTF',
		paymentStatusCode: 'P_NOTP',
		createDate: now,
		submitDate: /** @type {number | null} */ (null),
		paidDate: /** @type {number | null} */ (null),
		lastModified: now,
		total: 0,
		currencyCode: 'EUR',
	};
}

/**
 * Fields every new invoice gets (state.addInvoice).
 * @param {number} now
 * @param {number} n  running number, for InvoiceNumber
 */
function newInvoiceFields(now, n) {
	return {
		approvalStatusCode: 'A_NOTF',
		paymentStatusCode: 'P_NOTP',
		invoiceNumber: `INV-${String(1000 + n)}`,
		createDate: now,
		submitDate: /** @type {number | null} */ (null),
		paidDate: /** @type {number | null} */ (null),
		extractedDate: /** @type {number | null} */ (null),
		lastModified: now,
		total: 0,
		currencyCode: 'EUR',
		ownerLoginId: '',
		deleted: false,
	};
}

/**
 * The seeded statuses (state.seed calls this once the seeded reports/invoices exist), dated in the past of the
 * clock so that date filters have something to tell apart:
 *   reports[0] A_APPR/P_PAID (entry image)    reports[1] A_PEND/P_NOTP (report image)
 *   reports[2] A_NOTF/P_NOTP (no image)       reports[3] A_APPR/P_PROC (no image)
 *   invoices[0] A_APPR/P_PAID (no image)      invoices[1] A_PEND/P_NOTP   invoices[2] A_APPR/P_PAID (2-page PDF)
 * @param {import('./state').State} state
 * @param {number} now
 */
function seedStatuses(state, now) {
	const plan = [
		{ a: 'A_APPR', p: 'P_PAID', created: 40, submitted: 35, paid: 20, total: 412.5 },
		{ a: 'A_PEND', p: 'P_NOTP', created: 12, submitted: 10, paid: null, total: 89.9 },
		{ a: 'A_NOTF', p: 'P_NOTP', created: 5, submitted: null, paid: null, total: 1310 },
		{ a: 'A_APPR', p: 'P_PROC', created: 25, submitted: 22, paid: null, total: 64 },
	];
	const reports = [...state.reports.values()];
	plan.forEach((x, i) => {
		const r = /** @type {any} */ (reports[i]);
		if (!r) return;
		Object.assign(r, {
			approvalStatusCode: x.a,
			paymentStatusCode: x.p,
			createDate: now - x.created * DAY,
			submitDate: x.submitted === null ? null : now - x.submitted * DAY,
			paidDate: x.paid === null ? null : now - x.paid * DAY,
			total: x.total,
		});
		r.lastModified = Math.max(r.createDate, r.submitDate || 0, r.paidDate || 0);
	});
	const invPlan = [
		{ a: 'A_APPR', p: 'P_PAID', created: 30, paid: 15, total: 220 },
		{ a: 'A_PEND', p: 'P_NOTP', created: 8, paid: null, total: 37.4 },
		{ a: 'A_APPR', p: 'P_PAID', created: 18, paid: 3, total: 980 },
	];
	const admin = state.users.get(state.company.adminUserId);
	[...state.invoices.values()].forEach((inv, i) => {
		const x = invPlan[i];
		const v = /** @type {any} */ (inv);
		if (!x) return;
		Object.assign(v, {
			approvalStatusCode: x.a,
			paymentStatusCode: x.p,
			createDate: now - x.created * DAY,
			submitDate: now - (x.created - 1) * DAY,
			paidDate: x.paid === null ? null : now - x.paid * DAY,
			extractedDate: x.paid === null ? null : now - x.paid * DAY,
			total: x.total,
			ownerLoginId: admin ? admin.loginId : '',
		});
		v.lastModified = Math.max(v.createDate, v.submitDate, v.paidDate || 0);
	});
}

/**
 * A new image on a report (or one of its entries) or an invoice: LastModifiedDate moves unless
 * `imageMovesLastModified: false`.
 * @param {any} emu
 * @param {any} record
 */
function imageAdded(emu, record) {
	if (emu.options.imageMovesLastModified) record.lastModified = emu.clock.now();
}

/**
 * @param {any} value
 * @param {string} name
 * @returns {number | null | undefined}  undefined = not given
 */
function dateOf(value, name) {
	if (value === undefined) return undefined;
	if (value === null) return null;
	const ms = Date.parse(String(value));
	if (!Number.isFinite(ms)) throw new Error(`${name} must be an ISO date or null`);
	return ms;
}

/**
 * Apply a status/date patch (shared by reports and invoices). Moving out of A_NOTF sets the submit date,
 * P_PAID / P_PAYC sets the paid date (unless given), and LastModifiedDate becomes now (a patch with only
 * addImage leaves it to imageAdded).
 * @param {any} emu
 * @param {any} rec
 * @param {Record<string, any>} patch
 */
function applyStatus(emu, rec, patch) {
	const now = emu.clock.now();
	for (const k of ['approvalStatusCode', 'paymentStatusCode']) {
		if (patch[k] !== undefined && !CODE.test(String(patch[k]))) throw new Error(`${k} must be a status code such as A_APPR / P_PAID`);
	}
	const keys = ['approvalStatusCode', 'paymentStatusCode', 'submitDate', 'paidDate', 'extractedDate', 'total', 'deleted'];
	if (!keys.some((k) => patch[k] !== undefined)) return;
	if (patch.approvalStatusCode) {
		rec.approvalStatusCode = patch.approvalStatusCode;
		if (patch.approvalStatusCode !== 'A_NOTF' && !rec.submitDate) rec.submitDate = now;
	}
	if (patch.paymentStatusCode) {
		rec.paymentStatusCode = patch.paymentStatusCode;
		if (['P_PAID', 'P_PAYC'].includes(patch.paymentStatusCode) && !rec.paidDate) rec.paidDate = now;
	}
	for (const [key, field] of [['submitDate', 'submitDate'], ['paidDate', 'paidDate'], ['extractedDate', 'extractedDate']]) {
		const d = dateOf(patch[key], key);
		if (d !== undefined) rec[field] = d;
	}
	if (patch.total !== undefined) {
		if (!Number.isFinite(patch.total)) throw new Error('total must be a number');
		rec.total = patch.total;
	}
	rec.lastModified = now;
}

/**
 * @param {any} emu
 * @param {string} kind  'pdf' | 'png' | true (= pdf)
 * @param {string} label
 */
async function makeImage(emu, kind, label) {
	const { TINY_PNG, minimalPdf } = require('./pdf');
	if (kind === 'png') return emu.state.storeBuffer(TINY_PNG, 'image/png');
	return emu.state.storeBuffer(minimalPdf([label]), 'application/pdf', 1);
}

/**
 * POST /_emulator/reports/{id}: {approvalStatusCode?, paymentStatusCode?, submitDate?, paidDate?, total?,
 *   addImage?: true | 'pdf' | 'png', entryId?: an entry of the report that gets the image instead}
 * @param {any} emu
 * @param {string} id
 * @param {Record<string, any>} patch
 */
async function updateReport(emu, id, patch = {}) {
	const report = emu.state.reports.get(id);
	if (!report) throw new Error(`unknown report ${id}`);
	applyStatus(emu, report, patch);
	if (patch.addImage) {
		const img = await makeImage(emu, patch.addImage, `Report ${report.name}: added page`);
		if (patch.entryId) {
			const entry = emu.state.entries.get(patch.entryId);
			if (!entry || entry.reportId !== id) throw new Error(`entry ${patch.entryId} is not an entry of report ${id}`);
			if (entry.image) throw new Error(`entry ${patch.entryId} already has an image`);
			entry.image = img;
		} else {
			report.images.push(img);
		}
		report.version++;
		imageAdded(emu, report);
	}
	emu.changed();
	return { id: report.id, ...describeRecord(report) };
}

/**
 * POST /_emulator/invoices/{id}: {approvalStatusCode?, paymentStatusCode?, submitDate?, paidDate?,
 *   extractedDate?, total?, deleted?, addImage?: true | 'pdf' | 'png'}
 * @param {any} emu
 * @param {string} id
 * @param {Record<string, any>} patch
 */
async function updateInvoice(emu, id, patch = {}) {
	const invoice = emu.state.invoices.get(id);
	if (!invoice) throw new Error(`unknown invoice ${id}`);
	applyStatus(emu, invoice, patch);
	if (patch.deleted !== undefined) invoice.deleted = Boolean(patch.deleted);
	if (patch.addImage) {
		if (invoice.image) throw new Error(`invoice ${id} already has an image`);
		invoice.image = await makeImage(emu, patch.addImage, `Invoice ${invoice.vendor}`);
		imageAdded(emu, invoice);
	}
	emu.changed();
	return { id: invoice.id, ...describeRecord(invoice), deleted: invoice.deleted, hasImage: !!invoice.image };
}

/** @param {number | null | undefined} ms  Concur's v3 date-time: no zone, milliseconds (UTC here) */
function v3Date(ms) {
	return ms === null || ms === undefined ? null : new Date(ms).toISOString().slice(0, 23);
}

/** @param {any} r */
function describeRecord(r) {
	return {
		approvalStatusCode: r.approvalStatusCode,
		paymentStatusCode: r.paymentStatusCode,
		createDate: v3Date(r.createDate),
		submitDate: v3Date(r.submitDate),
		paidDate: v3Date(r.paidDate),
		lastModifiedDate: v3Date(r.lastModified),
	};
}

module.exports = {
	newReportFields,
	newInvoiceFields,
	seedStatuses,
	imageAdded,
	applyStatus,
	updateReport,
	updateInvoice,
	approvalName,
	paymentName,
	v3Date,
	describeRecord,
	APPROVAL_NAMES,
	PAYMENT_NAMES,
};
