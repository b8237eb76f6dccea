// Benchmark input files, generated at bench time into a temp dir (never committed): real PDF, PNG and JPEG files
// of an exact target size, each with its own random content (so every upload has its own bytes and SHA-256).
//   PNG:  8-bit RGB, filter 0, random pixel bytes in a zlib stream of *stored* (uncompressed) deflate blocks,
//         IDAT chunks of 1 MiB with correct CRCs, a tEXt chunk sized so the file hits the target exactly.
//         A valid, decodable picture (noise).
//   JPEG: baseline structure (SOI, APP0 JFIF, DQT, SOF0 3 components, the four standard DHT tables, SOS, EOI),
//         the entropy-coded segment random bytes with 0xFF avoided (no stuffing/markers), a COM segment sizing
//         the file exactly. Structurally valid (what validateReceiptFile and Concur's magic-byte check look
//         at); a decoder would show garbage, which does not matter for moving bytes.
//   PDF:  pdf-lib: one A4 page drawing such a JPEG as an image XObject (a "scanned receipt"), saved without
//         object streams; the JPEG is sized so the PDF lands within a few hundred bytes of the target.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const { PDFDocument } = require('pdf-lib');

const crcTable = (() => {
	const table = new Int32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c;
	}
	return table;
})();

function crc32(buf, crc = 0) {
	if (typeof zlib.crc32 === 'function') return zlib.crc32(buf, crc);
	let c = ~crc;
	for (let i = 0; i < buf.length; i++) c = crcTable[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
	return ~c >>> 0;
}

function pngChunk(type, data) {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
	return [head, data, crc];
}

/** A PNG of exactly `size` bytes: random RGB noise, stored (uncompressed) deflate. */
function makePng(size) {
	const width = size >= 4e6 ? 1600 : 500;
	const row = 1 + width * 3;
	const fixed = 8 + 25 + 12 + 12 + 12 + 'Comment\0'.length; // signature, IHDR, IEND, tEXt and one IDAT overhead
	// stored deflate: 2 (zlib header) + 4 (adler) + 5 per 65535-byte block; IDAT chunks of 1 MiB (12 bytes each)
	let height = Math.floor((size - fixed) / row);
	const total = (h) => {
		const raw = h * row;
		const z = 6 + raw + 5 * Math.ceil(raw / 65535);
		return fixed + z + 12 * (Math.ceil(z / 1048576) - 1);
	};
	while (height > 1 && total(height) > size) height--;
	const raw = crypto.randomBytes(height * row);
	for (let y = 0; y < height; y++) raw[y * row] = 0; // filter type None
	const z = zlib.deflateSync(raw, { level: 0 });
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // RGB
	const idat = [];
	for (let p = 0; p < z.length; p += 1048576) idat.push(...pngChunk('IDAT', z.subarray(p, p + 1048576)));
	const partial = 8 + 25 + idat.reduce((n, b) => n + b.length, 0) + 12;
	const textLength = size - partial - 12;
	if (textLength < 8) throw new Error(`PNG sizing failed for ${size}`);
	const text = Buffer.alloc(textLength, 0x61);
	text.write('Comment\0', 0, 'latin1');
	const parts = [
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		...pngChunk('IHDR', ihdr),
		...pngChunk('tEXt', text),
		...idat,
		...pngChunk('IEND', Buffer.alloc(0)),
	];
	const out = Buffer.concat(parts);
	if (out.length !== size) throw new Error(`PNG is ${out.length} bytes, wanted ${size}`);
	return out;
}

// ITU T.81 Annex K standard Huffman tables (DC/AC, luminance/chrominance).
const DHT = [
	[0x00, [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
	[0x01, [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
	[
		0x10,
		[0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d],
		Buffer.from(
			'01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa',
			'hex',
		),
	],
	[
		0x11,
		[0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77],
		Buffer.from(
			'000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9fa',
			'hex',
		),
	],
];

function segment(marker, data) {
	const head = Buffer.from([0xff, marker, 0, 0]);
	head.writeUInt16BE(data.length + 2, 2);
	return Buffer.concat([head, data]);
}

/** A baseline JPEG of exactly `size` bytes with random entropy-coded data. */
function makeJpeg(size) {
	const side = size >= 4e6 ? 2400 : 800;
	const app0 = segment(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
	const dqt = segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 8)]));
	const sof = Buffer.from([8, side >> 8, side & 0xff, side >> 8, side & 0xff, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]);
	const dht = DHT.map(([tc, bits, vals]) => segment(0xc4, Buffer.concat([Buffer.from([tc, ...bits]), Buffer.from(vals)])));
	const sos = segment(0xda, Buffer.from([3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]));
	const head = Buffer.concat([Buffer.from([0xff, 0xd8]), app0, dqt, segment(0xc0, sof), ...dht]);
	const comLength = 64; // COM segment carries a nonce; its size is fixed, the entropy data takes the rest
	const dataLength = size - head.length - (comLength + 4) - sos.length - 2;
	if (dataLength < 16) throw new Error(`JPEG sizing failed for ${size}`);
	const data = crypto.randomBytes(dataLength);
	for (let i = data.indexOf(0xff); i !== -1; i = data.indexOf(0xff, i + 1)) data[i] = 0xfe;
	const com = segment(0xfe, Buffer.concat([Buffer.from(crypto.randomBytes(16).toString('hex')), Buffer.alloc(comLength - 32, 0x20)]));
	const out = Buffer.concat([head, com, sos, data, Buffer.from([0xff, 0xd9])]);
	if (out.length !== size) throw new Error(`JPEG is ${out.length} bytes, wanted ${size}`);
	return out;
}

let pdfOverhead;

/** A one-page PDF (pdf-lib) of about `size` bytes: a scanned receipt, i.e. one JPEG image on an A4 page. */
async function makePdf(size) {
	const build = async (jpegSize) => {
		const doc = await PDFDocument.create({ updateMetadata: false });
		const image = await doc.embedJpg(makeJpeg(jpegSize));
		doc.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
		return Buffer.from(await doc.save({ useObjectStreams: false }));
	};
	if (pdfOverhead === undefined) {
		const probe = await build(100000);
		pdfOverhead = probe.length - 100000;
	}
	return await build(size - pdfOverhead);
}

const KINDS = [
	{ ext: 'pdf', mimeType: 'application/pdf', make: makePdf },
	{ ext: 'png', mimeType: 'image/png', make: makePng },
	{ ext: 'jpg', mimeType: 'image/jpeg', make: makeJpeg },
];

/**
 * Writes `count` files of `size` bytes into `dir`, cycling PDF, PNG, JPEG. Returns their descriptions
 * ({ path, fileName, mimeType, size }). Checks each with `validate` (validateReceiptFile) if given.
 */
async function makeSet(dir, label, count, size, validate) {
	fs.mkdirSync(dir, { recursive: true });
	const files = [];
	for (let i = 0; i < count; i++) {
		const kind = KINDS[i % KINDS.length];
		const bytes = await kind.make(size);
		if (validate) {
			const verdict = validate(bytes);
			if (!verdict.valid || verdict.detectedMimeType !== kind.mimeType) {
				throw new Error(`generated ${kind.ext} file is not accepted: ${JSON.stringify(verdict.problems)}`);
			}
		}
		const fileName = `${label}-${String(i).padStart(3, '0')}.${kind.ext}`;
		const file = path.join(dir, fileName);
		fs.writeFileSync(file, bytes);
		files.push({ path: file, fileName, mimeType: kind.mimeType, size: bytes.length });
	}
	return files;
}

module.exports = { makePng, makeJpeg, makePdf, makeSet, KINDS };
