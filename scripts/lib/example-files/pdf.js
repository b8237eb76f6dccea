'use strict';
// PDFs: a receipt written by pdf-lib, and a real password-protected PDF built by hand (PDF standard security
// handler, revision 2, RC4 40-bit, empty user password, owner password "owner").

const crypto = require('crypto');

const FIXED_DATE = new Date('2026-11-24T12:00:00Z');

/** A one-page receipt PDF written by pdf-lib (fixed dates, so the bytes are the same on every run). */
async function receiptPdf(title, lines) {
	const { PDFDocument, StandardFonts } = require('pdf-lib');
	const doc = await PDFDocument.create({ updateMetadata: false });
	doc.setTitle(title);
	doc.setProducer('n8n-nodes-concur-imaging examples');
	doc.setCreationDate(FIXED_DATE);
	doc.setModificationDate(FIXED_DATE);
	const page = doc.addPage([298, 420]); // A6
	const bold = await doc.embedFont(StandardFonts.HelveticaBold);
	const font = await doc.embedFont(StandardFonts.Helvetica);
	page.drawText(title, { x: 24, y: 380, size: 16, font: bold });
	lines.forEach((line, i) => page.drawText(line, { x: 24, y: 348 - i * 18, size: 11, font }));
	return Buffer.from(await doc.save({ useObjectStreams: false }));
}

function rc4(key, data) {
	const s = Array.from({ length: 256 }, (_, i) => i);
	for (let i = 0, j = 0; i < 256; i++) {
		j = (j + s[i] + key[i % key.length]) & 0xff;
		[s[i], s[j]] = [s[j], s[i]];
	}
	const out = Buffer.alloc(data.length);
	for (let k = 0, i = 0, j = 0; k < data.length; k++) {
		i = (i + 1) & 0xff;
		j = (j + s[i]) & 0xff;
		[s[i], s[j]] = [s[j], s[i]];
		out[k] = data[k] ^ s[(s[i] + s[j]) & 0xff];
	}
	return out;
}

const md5 = (...parts) => crypto.createHash('md5').update(Buffer.concat(parts)).digest();

/**
 * A real password-protected PDF as banks send statements: it opens without a password (empty user password) but
 * has an owner password ("owner") restricting changes. PDF standard security handler revision 2 (RC4, 40-bit):
 * the content stream is encrypted with the per-object key. Concur refuses any encrypted PDF.
 */
function encryptedPdf(title, lines) {
	const PAD = Buffer.from(
		'28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a',
		'hex',
	);
	const pad = (pw) => Buffer.concat([Buffer.from(pw, 'latin1'), PAD]).subarray(0, 32);
	const id = crypto
		.createHash('md5')
		.update(`${title}\n${lines.join('\n')}`)
		.digest();
	const P = -44;
	const O = rc4(md5(pad('owner')).subarray(0, 5), pad(''));
	const pBytes = Buffer.alloc(4);
	pBytes.writeInt32LE(P, 0);
	const fileKey = md5(pad(''), O, pBytes, id).subarray(0, 5);
	const U = rc4(fileKey, PAD);
	const objectKey = (num, gen) =>
		md5(
			fileKey,
			Buffer.from([num & 0xff, (num >> 8) & 0xff, (num >> 16) & 0xff, gen & 0xff, gen >> 8]),
		).subarray(0, 10);

	const esc = (s) => s.replace(/[\\()]/g, (c) => `\\${c}`);
	const content = [
		'BT /F1 16 Tf 24 380 Td',
		`(${esc(title)}) Tj`,
		'/F1 11 Tf 0 -32 Td',
		...lines.map((l, i) => `${i ? '0 -18 Td ' : ''}(${esc(l)}) Tj`),
		'ET',
	].join('\n');
	const stream = rc4(objectKey(5, 0), Buffer.from(content, 'latin1'));
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 298 420] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
		null, // the content stream
		`<< /Filter /Standard /V 1 /R 2 /O <${O.toString('hex')}> /U <${U.toString('hex')}> /P ${P} >>`,
	];
	const parts = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
	let offset = parts[0].length;
	const offsets = [];
	objects.forEach((body, i) => {
		const head =
			body === null
				? Buffer.concat([
						Buffer.from(`${i + 1} 0 obj\n<< /Length ${stream.length} >>\nstream\n`, 'latin1'),
						stream,
						Buffer.from('\nendstream\nendobj\n', 'latin1'),
					])
				: Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, 'latin1');
		offsets.push(offset);
		parts.push(head);
		offset += head.length;
	});
	const xref = [
		'xref',
		`0 ${objects.length + 1}`,
		'0000000000 65535 f \n' +
			offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `).join('\n'),
		`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 6 0 R /ID [<${id.toString('hex')}> <${id.toString('hex')}>] >>`,
		'startxref',
		String(offset),
		'%%EOF\n',
	].join('\n');
	parts.push(Buffer.from(xref, 'latin1'));
	return Buffer.concat(parts);
}

module.exports = { receiptPdf, encryptedPdf };
