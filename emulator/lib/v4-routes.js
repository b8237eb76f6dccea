// @ts-check
'use strict';

const identityV4 = require('./identity-v4');
const quickExpenseV4 = require('./quick-expense-v4');
const spendDocumentsV4 = require('./spend-documents-v4');
const receiptsV4 = require('./receipts-v4');

/**
 * The v4 API families (V4.md): server.js asks `matches` with the lower-cased path, then hands the request over.
 * v4 answers are JSON only.
 */
const FAMILIES = [identityV4, quickExpenseV4, spendDocumentsV4, receiptsV4];

/** @param {string} lowerPath */
const matches = (lowerPath) => FAMILIES.some((family) => family.matches(lowerPath));

/** @param {import('./http').Ctx} ctx */
async function handle(ctx) {
	ctx.format = 'json';
	const lower = ctx.url.pathname.toLowerCase();
	const family = /** @type {any} */ (FAMILIES.find((candidate) => candidate.matches(lower)));
	return await family.handle(ctx);
}

/**
 * What tests and the demo read back (startEmulator().v4): the records with their stored bytes' fingerprints.
 * @param {any} emu
 */
function v4Api(emu) {
	const img = (/** @type {any} */ image) => (image ? { mimeType: image.mimeType, size: image.size, sha256: image.sha256 } : null);
	return {
		quickExpenses: () =>
			[...emu.v4.quickExpenses.values()].map((q) => ({ id: q.id, userId: q.userId, request: q.request, fileName: q.fileName, partContentType: q.partContentType, requestContentType: q.requestContentType, image: img(q.image) })),
		spendDocuments: () =>
			[...emu.v4.spendDocuments.values()].map((d) => ({ id: d.id, imageId: d.imageId, userId: d.userId, metadata: d.metadata, fileName: d.fileName, filePart: d.filePart, availableReceiptId: d.availableReceiptId, image: img(d.image) })),
		imageOnlyReceipts: () =>
			[...emu.v4.imageOnlyReceipts.values()].map((r) => ({ id: r.id, userId: r.userId, fileName: r.fileName, forwardId: r.forwardId, statusReads: r.statusReads, image: img(r.image) })),
		/** The stored bytes of a record's image. @param {'quickExpenses'|'spendDocuments'|'imageOnlyReceipts'} kind @param {string} id */
		bytes: async (kind, id) => {
			const record = emu.v4[kind].get(id);
			return record && record.image ? await emu.store.read(record.image.blobKey) : null;
		},
		/** Another client of the same user spends Quick Expense quota. @param {string} userId @param {number} calls */
		useQuickExpenseQuota: (userId, calls) => {
			const list = emu.v4.quickExpenseCalls.get(userId) || [];
			for (let i = 0; i < calls; i++) list.push(emu.clock.now());
			emu.v4.quickExpenseCalls.set(userId, list);
		},
	};
}

module.exports = { matches, handle, v4Api };
