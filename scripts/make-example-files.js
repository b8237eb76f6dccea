#!/usr/bin/env node
'use strict';
// Generates the sample input files of the example workflows into examples/files/ (committed; a few KB each), so
// that a user can import an example and try it at once:
//
//   inbox/      "email attachments" for examples/email-receipts-to-concur.json: three good receipts (PDF, PNG,
//               JPEG) and four that Concur would refuse (a HEIC photo, a password-protected PDF, an empty file, a
//               JPEG cut off in the middle)
//   entries/    receipts named <expense entry id>.<ext> for examples/folder-to-expense-entries.json, with the
//               entry ids the emulator seeds by default (`npm run emulator`); one of them names an entry that
//               already has an image, so Concur refuses it
//   archive-ids.json   report and invoice ids for examples/archive-report-and-invoice-images.json (the default
//               seed's reports and invoices that have images)
//   archive/    empty (.gitkeep): where the archive example writes its files
//
// Everything is built here from scratch, deterministically: PDFs with pdf-lib, PNG and JPEG with the tiny
// encoders below (grayscale, text drawn with a 5x7 bitmap font), the encrypted PDF by hand (PDF standard security
// handler, revision 2, RC4 40-bit, empty user password, owner password "owner"), the HEIC photo as an ISO-BMFF
// `ftyp heic` header with filler bytes.
//
// CLI:    node scripts/make-example-files.js [--out <dir>]        (default examples/files)
// Module: the demo (scripts/demo.js) and the end-to-end tests reuse the encoders and the entry/archive planning:
//         const { inboxFiles, entryFiles, archiveIds, receiptPng, ... } = require('./make-example-files');

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const REPO = path.resolve(__dirname, '..');
const FIXED_DATE = new Date('2026-11-24T12:00:00Z');

// ---------------------------------------------------------------------------------------------------------------
// A 5x7 bitmap font (upper case, digits, a little punctuation) and a grayscale canvas

const FONT = {
	A: [14, 17, 17, 31, 17, 17, 17],
	B: [30, 17, 17, 30, 17, 17, 30],
	C: [14, 17, 16, 16, 16, 17, 14],
	D: [30, 17, 17, 17, 17, 17, 30],
	E: [31, 16, 16, 30, 16, 16, 31],
	F: [31, 16, 16, 30, 16, 16, 16],
	G: [14, 17, 16, 23, 17, 17, 15],
	H: [17, 17, 17, 31, 17, 17, 17],
	I: [14, 4, 4, 4, 4, 4, 14],
	J: [7, 2, 2, 2, 2, 18, 12],
	K: [17, 18, 20, 24, 20, 18, 17],
	L: [16, 16, 16, 16, 16, 16, 31],
	M: [17, 27, 21, 21, 17, 17, 17],
	N: [17, 17, 25, 21, 19, 17, 17],
	O: [14, 17, 17, 17, 17, 17, 14],
	P: [30, 17, 17, 30, 16, 16, 16],
	Q: [14, 17, 17, 17, 21, 18, 13],
	R: [30, 17, 17, 30, 20, 18, 17],
	S: [15, 16, 16, 14, 1, 1, 30],
	T: [31, 4, 4, 4, 4, 4, 4],
	U: [17, 17, 17, 17, 17, 17, 14],
	V: [17, 17, 17, 17, 17, 10, 4],
	W: [17, 17, 17, 21, 21, 21, 10],
	X: [17, 17, 10, 4, 10, 17, 17],
	Y: [17, 17, 17, 10, 4, 4, 4],
	Z: [31, 1, 2, 4, 8, 16, 31],
	0: [14, 17, 19, 21, 25, 17, 14],
	1: [4, 12, 4, 4, 4, 4, 14],
	2: [14, 17, 1, 2, 4, 8, 31],
	3: [31, 2, 4, 2, 1, 17, 14],
	4: [2, 6, 10, 18, 31, 2, 2],
	5: [31, 16, 30, 1, 1, 17, 14],
	6: [6, 8, 16, 30, 17, 17, 14],
	7: [31, 1, 2, 4, 8, 8, 8],
	8: [14, 17, 17, 14, 17, 17, 14],
	9: [14, 17, 17, 15, 1, 2, 12],
	'.': [0, 0, 0, 0, 0, 12, 12],
	',': [0, 0, 0, 0, 12, 4, 8],
	':': [0, 12, 12, 0, 12, 12, 0],
	'-': [0, 0, 0, 31, 0, 0, 0],
	'/': [0, 1, 2, 4, 8, 16, 0],
	'#': [10, 10, 31, 10, 31, 10, 10],
	x: [0, 17, 10, 4, 10, 17, 0],
	' ': [0, 0, 0, 0, 0, 0, 0],
};

/**
 * A receipt as a grayscale bitmap: white paper, dark text lines (first line twice as large), a rule under the
 * title. Width and height are multiples of 8 (one JPEG block). Returns { width, height, pixels } (1 byte/pixel).
 */
function renderReceipt(lines, { scale = 2 } = {}) {
	const text = lines.map((l) => String(l).toUpperCase());
	const charW = 6 * scale;
	const lineH = 10 * scale;
	const margin = 6 * scale;
	const titleScale = scale * 2;
	const widthPx = Math.max(
		text[0].length * 6 * titleScale,
		...text.slice(1).map((l) => l.length * charW),
	);
	const width = Math.ceil((widthPx + 2 * margin) / 8) * 8;
	const height =
		Math.ceil((margin * 2 + 10 * titleScale + 4 * scale + lineH * (text.length - 1)) / 8) * 8;
	const pixels = new Uint8Array(width * height).fill(250);
	const draw = (str, x0, y0, s) => {
		for (let c = 0; c < str.length; c++) {
			const glyph = FONT[str[c]] || FONT[' '];
			for (let row = 0; row < 7; row++)
				for (let col = 0; col < 5; col++)
					if (glyph[row] & (16 >> col))
						for (let dy = 0; dy < s; dy++)
							for (let dx = 0; dx < s; dx++)
								pixels[(y0 + row * s + dy) * width + x0 + (c * 6 + col) * s + dx] = 24;
		}
	};
	draw(text[0], margin, margin, titleScale);
	const ruleY = margin + 8 * titleScale + scale;
	for (let x = margin; x < width - margin; x++)
		for (let dy = 0; dy < scale; dy++) pixels[(ruleY + dy) * width + x] = 90;
	let y = margin + 10 * titleScale + 4 * scale;
	for (const line of text.slice(1)) {
		draw(line, margin, y, scale);
		y += lineH;
	}
	return { width, height, pixels };
}

// ---------------------------------------------------------------------------------------------------------------
// PNG (grayscale, 8 bit, filter 0, zlib)

const CRC_TABLE = (() => {
	const t = new Int32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		t[n] = c;
	}
	return t;
})();

function crc32(buf) {
	let c = -1;
	for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
	return (c ^ -1) >>> 0;
}

function pngChunk(type, data) {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}

function encodePng({ width, height, pixels }) {
	const raw = Buffer.alloc((width + 1) * height);
	for (let y = 0; y < height; y++) {
		raw[y * (width + 1)] = 0;
		Buffer.from(pixels.buffer, pixels.byteOffset + y * width, width).copy(raw, y * (width + 1) + 1);
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 0; // grayscale
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		pngChunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

// ---------------------------------------------------------------------------------------------------------------
// JPEG (baseline, grayscale, standard tables of ITU T.81 Annex K)

const ZIGZAG = [
	0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
	13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52,
	45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];
const LUMA_Q = [
	16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
	14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
	92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const AC_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
const AC_VALS = Buffer.from(
	'01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa',
	'hex',
);

function huffmanTable(bits, vals) {
	const code = [];
	const size = [];
	let k = 0;
	let c = 0;
	for (let len = 1; len <= 16; len++) {
		for (let i = 0; i < bits[len - 1]; i++) {
			code[vals[k]] = c++;
			size[vals[k]] = len;
			k++;
		}
		c <<= 1;
	}
	return { code, size };
}

const COS = (() => {
	const t = new Float64Array(64);
	for (let x = 0; x < 8; x++)
		for (let u = 0; u < 8; u++) t[x * 8 + u] = Math.cos(((2 * x + 1) * u * Math.PI) / 16);
	return t;
})();

function encodeJpeg({ width, height, pixels }, quality = 75) {
	const scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
	const qt = LUMA_Q.map((q) => Math.min(255, Math.max(1, Math.floor((q * scale + 50) / 100))));
	const dcTable = huffmanTable(DC_BITS, DC_VALS);
	const acTable = huffmanTable(AC_BITS, AC_VALS);
	const out = [0xff, 0xd8];
	const segment = (marker, payload) => {
		const len = payload.length + 2;
		out.push(0xff, marker, len >> 8, len & 0xff, ...payload);
	};
	segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]); // JFIF 1.01, aspect 1:1
	segment(0xdb, [0, ...ZIGZAG.map((i) => qt[i])]);
	segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]);
	segment(0xc4, [0x00, ...DC_BITS, ...DC_VALS, 0x10, ...AC_BITS, ...AC_VALS]);
	segment(0xda, [1, 1, 0x00, 0, 63, 0]);

	let acc = 0;
	let n = 0;
	const bits = (value, count) => {
		for (let i = count - 1; i >= 0; i--) {
			acc = (acc << 1) | ((value >> i) & 1);
			if (++n === 8) {
				out.push(acc);
				if (acc === 0xff) out.push(0); // byte stuffing
				acc = 0;
				n = 0;
			}
		}
	};
	const category = (v) => {
		let a = Math.abs(v);
		let s = 0;
		while (a) {
			s++;
			a >>= 1;
		}
		return s;
	};
	const value = (v, s) => s && bits(v < 0 ? v + (1 << s) - 1 : v, s);
	const huff = (t, symbol) => bits(t.code[symbol], t.size[symbol]);

	const block = new Float64Array(64);
	const coef = new Int32Array(64);
	let prevDc = 0;
	for (let by = 0; by < height; by += 8) {
		for (let bx = 0; bx < width; bx += 8) {
			for (let y = 0; y < 8; y++)
				for (let x = 0; x < 8; x++)
					block[y * 8 + x] =
						pixels[Math.min(height - 1, by + y) * width + Math.min(width - 1, bx + x)] - 128;
			for (let v = 0; v < 8; v++) {
				for (let u = 0; u < 8; u++) {
					let s = 0;
					for (let y = 0; y < 8; y++)
						for (let x = 0; x < 8; x++) s += block[y * 8 + x] * COS[x * 8 + u] * COS[y * 8 + v];
					const cu = u === 0 ? Math.SQRT1_2 : 1;
					const cv = v === 0 ? Math.SQRT1_2 : 1;
					coef[v * 8 + u] = Math.round((0.25 * cu * cv * s) / qt[v * 8 + u]);
				}
			}
			const dc = coef[0];
			const diff = dc - prevDc;
			prevDc = dc;
			const dcCat = category(diff);
			huff(dcTable, dcCat);
			value(diff, dcCat);
			let run = 0;
			for (let k = 1; k < 64; k++) {
				const c = coef[ZIGZAG[k]];
				if (c === 0) {
					run++;
					continue;
				}
				while (run > 15) {
					huff(acTable, 0xf0);
					run -= 16;
				}
				const cat = category(c);
				huff(acTable, (run << 4) | cat);
				value(c, cat);
				run = 0;
			}
			if (run > 0) huff(acTable, 0x00);
		}
	}
	while (n !== 0) bits(1, 1); // pad the last byte with 1 bits
	out.push(0xff, 0xd9);
	return Buffer.from(out);
}

// ---------------------------------------------------------------------------------------------------------------
// PDFs

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

// ---------------------------------------------------------------------------------------------------------------
// Other files Concur refuses

/** The start of an iPhone photo: an ISO-BMFF `ftyp` box with major brand `heic`, then filler. */
function heicPhoto() {
	const ftyp = Buffer.concat([
		Buffer.from([0, 0, 0, 0x18]),
		Buffer.from('ftypheic', 'latin1'),
		Buffer.from([0, 0, 0, 0]),
		Buffer.from('mif1heic', 'latin1'),
	]);
	const filler = Buffer.alloc(1000);
	let x = 0x2f6b;
	for (let i = 0; i < filler.length; i++) {
		x = (x * 1103515245 + 12345) & 0x7fffffff;
		filler[i] = x >> 16;
	}
	const mdat = Buffer.concat([
		Buffer.from([0, 0, (filler.length + 8) >> 8, (filler.length + 8) & 0xff]),
		Buffer.from('mdat'),
		filler,
	]);
	return Buffer.concat([ftyp, mdat]);
}

const receiptPng = (lines) => encodePng(renderReceipt(lines));
const receiptJpeg = (lines) => encodeJpeg(renderReceipt(lines));

// ---------------------------------------------------------------------------------------------------------------
// What the examples use

/**
 * The "email attachments" of the first example. expect: what the validation says (valid, or the problem code).
 */
async function inboxFiles() {
	const hotelJpeg = receiptJpeg([
		'Hotel Example',
		'2026-11-23 CHECK-OUT',
		'1 NIGHT       129.00',
		'CITY TAX        5.00',
		'TOTAL  134.00 EUR',
	]);
	const parkingJpeg = receiptJpeg(['Parking', '2026-11-23 08:02-17:45', 'TOTAL 21.00 EUR']);
	return [
		{
			name: 'lunch-receipt.pdf',
			bytes: await receiptPdf('Trattoria Roma', [
				'2026-11-24 12:41',
				'Pasta del giorno      14.50',
				'Water                  3.20',
				'Total 17.70 EUR',
			]),
			expect: 'valid',
			note: 'a one-page PDF receipt',
		},
		{
			name: 'taxi-receipt.png',
			bytes: receiptPng([
				'Taxi Berlin',
				'2026-11-24 18:40',
				'FARE   16.20',
				'TIP     2.00',
				'TOTAL  18.20 EUR',
			]),
			expect: 'valid',
			note: 'a PNG scan',
		},
		{ name: 'hotel-receipt.jpg', bytes: hotelJpeg, expect: 'valid', note: 'a JPEG photo' },
		{
			name: 'IMG_0042.HEIC',
			bytes: heicPhoto(),
			expect: 'UNSUPPORTED_TYPE',
			note: 'an iPhone photo (HEIC)',
		},
		{
			name: 'bank-statement-protected.pdf',
			bytes: encryptedPdf('Card statement November', [
				'Card ending 4242',
				'Hotel Example        134.00',
				'Trattoria Roma        17.70',
			]),
			expect: 'ENCRYPTED_PDF',
			note: 'a password-protected PDF (owner password, opens without one)',
		},
		{
			name: 'empty-attachment.pdf',
			bytes: Buffer.alloc(0),
			expect: 'EMPTY_FILE',
			note: 'an empty file',
		},
		{
			name: 'parking-truncated.jpg',
			bytes: parkingJpeg.subarray(0, Math.floor(parkingJpeg.length * 0.6)),
			expect: 'CORRUPT_FILE',
			note: 'a JPEG cut off after 60 % of its bytes',
		},
	];
}

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

/**
 * The ids the archive example reads: every report that has an image (its own, or an entry's; `alsoEntryIds` are
 * entries about to get one) and every invoice with an image.
 */
function archiveIds(seeded, alsoEntryIds = []) {
	const also = new Set(alsoEntryIds);
	return {
		reports: seeded.reports
			.filter((r) => r.hasImage || r.entries.some((e) => e.hasImage || also.has(e.id)))
			.map((r) => r.id),
		invoices: seeded.invoices.filter((i) => i.hasImage).map((i) => i.id),
	};
}

// ---------------------------------------------------------------------------------------------------------------

async function writeExampleFiles(outDir) {
	const { startEmulator } = require(path.join(REPO, 'emulator'));
	const emu = await startEmulator({ port: 0 }); // default seed: the ids `npm run emulator` serves
	let seeded;
	try {
		seeded = emu.seeded;
	} finally {
		await emu.stop();
	}
	const written = [];
	const put = (rel, bytes) => {
		const file = path.join(outDir, rel);
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, bytes);
		written.push({ rel, size: bytes.length });
	};
	for (const sub of ['inbox', 'entries'])
		fs.rmSync(path.join(outDir, sub), { recursive: true, force: true });
	for (const f of await inboxFiles()) put(path.join('inbox', f.name), f.bytes);
	const entries = await entryFiles(seeded);
	for (const f of entries) put(path.join('entries', f.name), f.bytes);
	put(
		'archive-ids.json',
		JSON.stringify(
			archiveIds(
				seeded,
				entries.filter((e) => e.expect === 'attached').map((e) => e.entryId),
			),
			null,
			2,
		) + '\n',
	);
	put(path.join('archive', '.gitkeep'), Buffer.alloc(0));
	return written;
}

module.exports = {
	renderReceipt,
	encodePng,
	encodeJpeg,
	receiptPdf,
	receiptPng,
	receiptJpeg,
	encryptedPdf,
	heicPhoto,
	inboxFiles,
	entryFiles,
	archiveIds,
	writeExampleFiles,
};

if (require.main === module) {
	const i = process.argv.indexOf('--out');
	const outDir = path.resolve(i > 0 ? process.argv[i + 1] : path.join(REPO, 'examples', 'files'));
	writeExampleFiles(outDir).then(
		(written) => {
			for (const w of written)
				process.stdout.write(
					`${String(w.size).padStart(6)}  ${path.join(path.relative(process.cwd(), outDir) || '.', w.rel)}\n`,
				);
		},
		(e) => {
			process.stderr.write(`make-example-files: ${e.stack || e}\n`);
			process.exit(1);
		},
	);
}
