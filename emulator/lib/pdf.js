// @ts-check
'use strict';

/**
 * PDF work: the merged report PDF (Image v1 GET report) and the consolidated receipt PDF (v3 PUT append) are
 * built with pdf-lib, loaded lazily so `npm run emulator` starts fast. Seed images are hand-built (no pdf-lib).
 */

/** @type {any} */
let pdfLib;
function lib() {
	if (!pdfLib) pdfLib = require('pdf-lib');
	return pdfLib;
}

/** A 1x1 transparent PNG. */
const TINY_PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg==',
	'base64',
);

/** @param {string} s */
function pdfString(s) {
	return s.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');
}

/**
 * A small valid PDF with one page per text, built by hand (correct xref offsets).
 * @param {string[]} pageTexts
 * @returns {Buffer}
 */
function minimalPdf(pageTexts) {
	const n = pageTexts.length;
	const fontObj = 3 + 2 * n;
	/** @type {string[]} */
	const objects = [];
	objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
	const kids = pageTexts.map((_, i) => `${3 + 2 * i} 0 R`).join(' ');
	objects[2] = `<< /Type /Pages /Kids [${kids}] /Count ${n} >>`;
	pageTexts.forEach((text, i) => {
		const pageObj = 3 + 2 * i;
		const content = `BT /F1 18 Tf 72 720 Td (${pdfString(text)}) Tj ET`;
		objects[pageObj] =
			`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${pageObj + 1} 0 R ` +
			`/Resources << /Font << /F1 ${fontObj} 0 R >> >> >>`;
		objects[pageObj + 1] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
	});
	objects[fontObj] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
	let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
	/** @type {number[]} */
	const offsets = [];
	for (let i = 1; i <= fontObj; i++) {
		offsets[i] = Buffer.byteLength(out, 'latin1');
		out += `${i} 0 obj\n${objects[i]}\nendobj\n`;
	}
	const xref = Buffer.byteLength(out, 'latin1');
	out += `xref\n0 ${fontObj + 1}\n0000000000 65535 f \n`;
	for (let i = 1; i <= fontObj; i++) out += `${String(offsets[i]).padStart(10, '0')} 00000 n \n`;
	out += `trailer\n<< /Size ${fontObj + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out, 'latin1');
}

/**
 * @param {Buffer} bytes
 * @returns {Promise<number | null>}
 */
async function pdfPageCount(bytes) {
	try {
		const doc = await lib().PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
		return doc.getPageCount();
	} catch {
		return null;
	}
}

/**
 * Merge images and PDFs into one PDF: a PNG/JPEG becomes one page of its own size, a PDF contributes all its
 * pages. Parts pdf-lib cannot read become a page saying so (the emulator only sniffs magic bytes on upload).
 * @param {Array<{mimeType: string, bytes: Buffer, label?: string}>} parts
 * @returns {Promise<Buffer>}
 */
async function mergeToPdf(parts) {
	const { PDFDocument, StandardFonts } = lib();
	const out = await PDFDocument.create();
	out.setProducer('Concur emulator');
	out.setCreator('Concur emulator');
	/** @param {string} text */
	const placeholder = async (text) => {
		const page = out.addPage([612, 792]);
		const font = await out.embedFont(StandardFonts.Helvetica);
		page.drawText(text.slice(0, 90), { x: 40, y: 740, size: 12, font });
	};
	for (const part of parts) {
		// pdf-lib reads JPEG/PNG through `bytes.buffer` ignoring byteOffset: give it a view that starts at 0.
		const whole = part.bytes.byteOffset === 0 && part.bytes.byteLength === part.bytes.buffer.byteLength;
		const bytes = whole ? part.bytes : new Uint8Array(part.bytes);
		try {
			if (part.mimeType === 'application/pdf') {
				const src = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
				const pages = await out.copyPages(src, src.getPageIndices());
				for (const p of pages) out.addPage(p);
			} else {
				const img =
					part.mimeType === 'image/png' ? await out.embedPng(bytes) : await out.embedJpg(bytes);
				const page = out.addPage([Math.max(1, img.width), Math.max(1, img.height)]);
				page.drawImage(img, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
			}
		} catch (e) {
			await placeholder(`Unreadable ${part.mimeType} ${part.label || ''}`);
		}
	}
	if (out.getPageCount() === 0) await placeholder('Empty');
	return Buffer.from(await out.save());
}

module.exports = { TINY_PNG, minimalPdf, pdfPageCount, mergeToPdf };
