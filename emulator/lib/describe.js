// @ts-check
'use strict';

/** GET /_emulator/state: what the emulator holds, for tests and scripts (no secrets). */

const { pdfPageCount } = require('./pdf');
const { describeRecord } = require('./records');

/**
 * @param {any} emu
 * @param {import('./state').Img | null} img
 * @param {string} id
 */
async function describeImage(emu, img, id) {
	if (!img) return null;
	if (img.mimeType === 'application/pdf' && img.pageCount === undefined) {
		img.pageCount = await pdfPageCount(await emu.store.read(img.blobKey));
	}
	return { id, mimeType: img.mimeType, size: img.size, sha256: img.sha256, pageCount: img.pageCount === undefined ? null : img.pageCount };
}

/**
 * GET /_emulator/state: ids, statuses, images and counts; never a token, secret or password.
 * @param {any} emu
 */
async function describeState(emu) {
	const s = emu.state;
	const login = (/** @type {string} */ id) => s.users.get(id)?.loginId;
	const reports = [];
	for (const r of s.reports.values()) {
		const images = [];
		for (let i = 0; i < r.images.length; i++) images.push(await describeImage(emu, r.images[i], `${r.id}-${i + 1}`));
		const entries = [];
		for (const e of s.entriesOf(r.id)) entries.push({ id: e.id, expenseType: e.expenseType, image: await describeImage(emu, e.image, e.id) });
		reports.push({ id: r.id, name: r.name, ownerLoginId: login(r.ownerId), ...describeRecord(r), images, entries });
	}
	const invoices = [];
	for (const i of s.invoices.values()) invoices.push({ id: i.id, vendor: i.vendor, ...describeRecord(i), deleted: !!i.deleted, image: await describeImage(emu, i.image, i.id) });
	const receipts = [];
	for (const r of s.receipts.values()) {
		if (r.deleted) continue;
		receipts.push({ id: r.id, ownerLoginId: login(r.ownerId), image: await describeImage(emu, r.image, r.id) });
	}
	return {
		now: new Date(emu.clock.now()).toISOString(),
		dataCenters: { us: emu.urls.us, eu: emu.urls.eu },
		imageBaseUrl: emu.urls.image,
		company: { id: s.company.id, name: s.company.name, homeDataCenter: s.company.homeDataCenter },
		users: [...s.users.values()].map((u) => ({ id: u.id, loginId: u.loginId, name: u.name, homeDataCenter: u.homeDataCenter, isAdmin: u.isAdmin })),
		reports,
		invoices,
		receipts,
		deletedReceipts: [...s.receipts.values()].filter((r) => r.deleted).map((r) => r.id),
		tokens: emu.tokens.counts(),
	};
}

module.exports = { describeState, describeImage };
