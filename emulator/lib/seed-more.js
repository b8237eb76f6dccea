// @ts-check
'use strict';

/** POST /_emulator/seed: add users, reports (with entries and statuses), entries, invoices and receipts. */

const { applyStatus } = require('./records');

/**
 * POST /_emulator/seed: {users:[{loginId,password?,homeDataCenter?,isAdmin?,name?}],
 *  reports:[{ownerLoginId,name?,entries?: n | [{expenseType?}], approvalStatusCode?, paymentStatusCode?,
 *            submitDate?, paidDate?, total?}], entries:[{reportId, expenseType?}],
 *  invoices: n | [{vendor?, approvalStatusCode?, paymentStatusCode?, submitDate?, paidDate?, extractedDate?, total?}],
 *  receipts:[{ownerLoginId}] (a 1x1 PNG each)}
 * @param {any} emu
 * @param {any} body
 */
async function seedMore(emu, body) {
	const s = emu.state;
	/** @type {{users: any[], reports: any[], entries: any[], invoices: any[], receipts: any[]}} */
	const out = { users: [], reports: [], entries: [], invoices: [], receipts: [] };
	for (const u of body.users || []) {
		if (!u || !u.loginId) throw new Error('seed: every user needs a loginId');
		if (u.homeDataCenter && !['us', 'eu'].includes(u.homeDataCenter)) throw new Error('seed: homeDataCenter must be us or eu');
		const user = s.addUser(u);
		out.users.push({ id: user.id, loginId: user.loginId, password: user.password, homeDataCenter: user.homeDataCenter, isAdmin: user.isAdmin });
	}
	const owner = (/** @type {string} */ loginId) => {
		const u = loginId ? s.findUserByLogin(loginId) : s.users.values().next().value;
		if (!u) throw new Error(`seed: unknown user ${loginId}`);
		return u;
	};
	for (const r of body.reports || []) {
		const u = owner(r.ownerLoginId);
		const report = s.addReport({ ownerId: u.id, name: r.name, entries: r.entries === undefined ? 1 : r.entries });
		applyStatus(emu, report, r);
		out.reports.push({ id: report.id, name: report.name, ownerLoginId: u.loginId, entries: report.entryIds.map((/** @type {string} */ id) => ({ id })) });
	}
	for (const e of body.entries || []) {
		const report = e && s.reports.get(e.reportId);
		if (!report) throw new Error(`seed: unknown report ${e && e.reportId}`);
		const added = s.addEntry(report, e);
		out.entries.push({ id: added.id, reportId: report.id, expenseType: added.expenseType });
	}
	const invoices = typeof body.invoices === 'number' ? Array.from({ length: body.invoices }, () => ({})) : body.invoices || [];
	for (const i of invoices) {
		const invoice = s.addInvoice(i || {});
		applyStatus(emu, invoice, i || {});
		out.invoices.push({ id: invoice.id });
	}
	const { TINY_PNG } = require('./pdf');
	for (const r of body.receipts || []) {
		const u = owner(r && r.ownerLoginId);
		const receipt = s.addReceipt(u.id, await s.storeBuffer(TINY_PNG, 'image/png'));
		out.receipts.push({ id: receipt.id, ownerLoginId: u.loginId });
	}
	emu.changed();
	return out;
}

module.exports = { seedMore };
