'use strict';
// What the folder example works on, planned from the emulator's seeded data: receipts named by expense entry ids.

const { receiptPdf, receiptPng, receiptJpeg } = require('./receipts');

const RECEIPT_TEXT = {
	Taxi: ['Taxi', 'FARE   23.40', 'TOTAL  23.40 EUR'],
	Hotel: ['Hotel', '2 NIGHTS  258.00', 'TOTAL    258.00 EUR'],
	Meals: ['Restaurant', 'DINNER  46.80', 'TOTAL   46.80 EUR'],
};

/**
 * Which expense entries the folder example fills, from the emulator's seeded data (`emu.seeded`): the first
 * three entries without an image (as PDF, PNG, JPEG), and the first entry that already has one (JPEG; Concur
 * refuses a second image: IMAGE_ALREADY_ATTACHED). Returns [{ name, bytes, entryId, reportId, reportName,
 * expenseType, expect }].
 */
async function entryFiles(seeded) {
	const entries = [];
	for (const report of seeded.reports)
		for (const entry of report.entries)
			entries.push({ ...entry, reportId: report.id, reportName: report.name });
	const free = entries.filter((e) => !e.hasImage).slice(0, 3);
	const taken = entries.find((e) => e.hasImage);
	const out = [];
	const kinds = ['pdf', 'png', 'jpg'];
	for (const [i, e] of free.entries())
		out.push({ entry: e, ext: kinds[i % 3], expect: 'attached' });
	if (taken) out.push({ entry: taken, ext: 'jpg', expect: 'IMAGE_ALREADY_ATTACHED' });
	const files = [];
	for (const { entry, ext, expect } of out) {
		const [title, ...lines] = RECEIPT_TEXT[entry.expenseType] || ['Receipt', 'TOTAL 10.00 EUR'];
		const text = [title, `ENTRY ${entry.id.slice(0, 8)}`, ...lines];
		const bytes =
			ext === 'pdf'
				? await receiptPdf(text[0], text.slice(1))
				: ext === 'png'
					? receiptPng(text)
					: receiptJpeg(text);
		files.push({
			name: `${entry.id}.${ext}`,
			bytes,
			entryId: entry.id,
			reportId: entry.reportId,
			reportName: entry.reportName,
			expenseType: entry.expenseType,
			expect,
		});
	}
	return files;
}

module.exports = { entryFiles };
