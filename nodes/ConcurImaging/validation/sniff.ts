// Type detection from the bytes only (never from the name or the declared type). Looks at a bounded prefix:
// at most the first 4 KiB, plus up to 64 KiB of ZIP local headers to tell Office documents from plain archives.
// Its limits (the text sample, the ZIP entries and bytes, the APNG chunks, the runs read by sniffDamaged) can
// only change which unsupported type or which kind of damage is named, never make a file valid: the structural
// check of an accepted type always runs on the whole file.
//
// This file holds the detection logic for binary formats; the tables of types, signatures and brands are
// sniff-tables.ts, the text formats (HTML, SVG, XML, plain text) sniff-text.ts.

import { ByteView, isDigit, isPdfTokenEnd, isPdfWhite } from './bytes';
import { CFB_SIG, damaged, ISO_MEDIA_BRANDS, JP2_SIG, JXL_BOX_SIG, PNG_SIG, SEVEN_ZIP_SIG, TYPES, XZ_SIG } from './sniff-tables';
import { looksLikeText, sniffText, TEXT_SAMPLE_BYTES } from './sniff-text';
import type { Detection } from './types';

/** Readers accept a `%PDF-` header anywhere in the first 1024 bytes (Acrobat implementation note 13). */
export const PDF_HEADER_SEARCH_BYTES = 1024;
const ZIP_SCAN_BYTES = 64 * 1024;
const ZIP_SCAN_ENTRIES = 64;

/** Detects what the bytes are. `v.len` must be > 0. */
export function sniff(v: ByteView): Detection {
	if (v.startsWith('%PDF-')) return { ...TYPES.pdf, pdfHeaderOffset: 0 };
	const strong = sniffMagic(v);
	if (strong) return strong;
	const pdfAt = v.indexOf('%PDF-', 1, Math.min(v.len, PDF_HEADER_SEARCH_BYTES + 5));
	if (pdfAt > 0) return { ...TYPES.pdf, pdfHeaderOffset: pdfAt };
	const broken = sniffDamaged(v);
	if (broken) return broken;
	return sniffText(v) ?? sniffWeakBinary(v) ?? TYPES.unknown;
}

function sniffMagic(v: ByteView): Detection | null {
	const b0 = v.b[0];
	if (v.startsWithBytes(PNG_SIG)) return sniffApng(v);
	if (b0 === 0xff && v.at(1) === 0xd8 && v.at(2) === 0xff) return TYPES.jpeg;
	if (v.startsWith('GIF87a') || v.startsWith('GIF89a')) return TYPES.gif;
	if (v.startsWithBytes([0x49, 0x49, 0x2a, 0x00]) || v.startsWithBytes([0x4d, 0x4d, 0x00, 0x2a])) return TYPES.tiff;
	if (v.startsWithBytes([0x49, 0x49, 0x2b, 0x00]) || v.startsWithBytes([0x4d, 0x4d, 0x00, 0x2b])) return TYPES.tiff; // BigTIFF
	if (v.startsWith('RIFF') && v.startsWith('WEBP', 8)) return TYPES.webp;
	if (v.startsWith('ftyp', 4)) {
		const iso = sniffIsoMedia(v);
		if (iso) return iso;
	}
	if (v.startsWithBytes(JP2_SIG)) return TYPES.jp2;
	if (v.startsWithBytes(JXL_BOX_SIG) || (b0 === 0xff && v.at(1) === 0x0a)) return TYPES.jxl;
	if (v.startsWith('PK') && isZipMagic(v.at(2), v.at(3))) return sniffZip(v);
	if (v.startsWithBytes(CFB_SIG)) return TYPES.cfb;
	if (v.startsWithBytes([0x7f, 0x45, 0x4c, 0x46])) return TYPES.elf;
	if (
		v.startsWithBytes([0xfe, 0xed, 0xfa, 0xce]) ||
		v.startsWithBytes([0xfe, 0xed, 0xfa, 0xcf]) ||
		v.startsWithBytes([0xce, 0xfa, 0xed, 0xfe]) ||
		v.startsWithBytes([0xcf, 0xfa, 0xed, 0xfe])
	) {
		return TYPES.macho;
	}
	if (v.startsWithBytes([0xca, 0xfe, 0xba, 0xbe]) && v.len >= 8) {
		// Same magic for universal Mach-O binaries and Java classes; disambiguated like file(1) does.
		const archCount = v.u32be(4);
		if (archCount > 0 && archCount <= 30) return TYPES.macho;
		if (v.u16be(6) > 30) return TYPES.javaClass;
	}
	if (v.startsWithBytes([0x1f, 0x8b, 0x08])) return TYPES.gz;
	if (v.startsWith('BZh') && v.at(3) >= 0x31 && v.at(3) <= 0x39) return TYPES.bz2;
	if (v.startsWithBytes(XZ_SIG)) return TYPES.xz;
	if (v.startsWithBytes(SEVEN_ZIP_SIG)) return TYPES.sevenZip;
	if (v.startsWith('Rar!\x1a\x07') && (v.at(6) === 0 || v.at(6) === 1)) return TYPES.rar;
	if (v.startsWith('8BPS')) return TYPES.psd;
	if (v.startsWith('{\\rtf')) return TYPES.rtf;
	if (v.startsWith('%!')) return TYPES.ps;
	if (v.startsWith('MZ') && isWindowsExecutable(v)) return TYPES.exe;
	if (v.startsWith('BM') && isBmp(v)) return TYPES.bmp;
	if (v.startsWithBytes([0x00, 0x00, 0x01, 0x00]) && v.len >= 6 && v.u16le(4) > 0) return TYPES.ico;
	return null;
}

function isZipMagic(c2: number, c3: number): boolean {
	return (c2 === 3 && c3 === 4) || (c2 === 5 && c3 === 6) || (c2 === 7 && c3 === 8);
}

/** APNG = a PNG with an acTL chunk before the first IDAT; bounded walk over the leading chunks. */
function sniffApng(v: ByteView): Detection {
	let p = 8;
	for (let n = 0; n < 64 && p + 8 <= v.len; n++) {
		v.work += 16;
		if (v.startsWith('acTL', p + 4)) return TYPES.apng;
		if (v.startsWith('IDAT', p + 4)) break;
		p += 12 + v.u32be(p);
	}
	return TYPES.png;
}

/** ISO base media files (HEIC/HEIF/AVIF photos, MP4/MOV videos): decided by the major brand of the `ftyp` box. */
function sniffIsoMedia(v: ByteView): Detection | null {
	if (v.len < 12 || (v.b[8] & 0x60) === 0) return null;
	const brand = v.latin1(8, 12).replace('\0', ' ').trim();
	return ISO_MEDIA_BRANDS.get(brand) ?? (brand.startsWith('3g') ? TYPES.threeGp : TYPES.mp4);
}

/**
 * ZIP family. Office Open XML and OpenDocument files are ZIP archives; tell them apart from the entry names in
 * the first local file headers (names are never compressed), bounded to 64 entries / 64 KiB.
 */
function sniffZip(v: ByteView): Detection {
	let p = 0;
	let hasContentTypes = false;
	let office: Detection | null = null;
	const limit = Math.min(v.len, ZIP_SCAN_BYTES);
	for (let n = 0; n < ZIP_SCAN_ENTRIES && p + 30 <= limit && v.startsWithBytes([0x50, 0x4b, 0x03, 0x04], p); n++) {
		v.work += 64;
		const flags = v.u16le(p + 6);
		const method = v.u16le(p + 8);
		const compressed = v.u32le(p + 18);
		const nameLen = v.u16le(p + 26);
		const extraLen = v.u16le(p + 28);
		const name = v.latin1(p + 30, p + 30 + nameLen, 512);
		const dataAt = p + 30 + nameLen + extraLen;
		if (name === '[Content_Types].xml') hasContentTypes = true;
		if (name === 'mimetype' && method === 0) {
			const mt = v.latin1(dataAt, dataAt + Math.min(compressed, 128));
			if (mt.startsWith('application/vnd.oasis.opendocument.text')) return TYPES.odt;
			if (mt.startsWith('application/vnd.oasis.opendocument.spreadsheet')) return TYPES.ods;
			if (mt.startsWith('application/vnd.oasis.opendocument.presentation')) return TYPES.odp;
			if (mt.startsWith('application/epub+zip')) return TYPES.epub;
		}
		if (!office) {
			if (name.startsWith('word/')) office = TYPES.docx;
			else if (name.startsWith('xl/')) office = TYPES.xlsx;
			else if (name.startsWith('ppt/')) office = TYPES.pptx;
		}
		if (hasContentTypes && office) return office;
		// Sizes kept in a trailing data descriptor, or ZIP64: the next header cannot be found without inflating.
		if ((flags & 0x08 && compressed === 0) || compressed === 0xffffffff) break;
		p = dataAt + compressed;
	}
	return TYPES.zip;
}

function isWindowsExecutable(v: ByteView): boolean {
	if (v.len < 64) return false;
	const peAt = v.u32le(0x3c);
	if (peAt >= 64 && peAt + 4 <= v.len && v.startsWithBytes([0x50, 0x45, 0x00, 0x00], peAt)) return true;
	// A DOS executable without PE header: accept when the header is not plain text.
	return !looksLikeText(v, 0, Math.min(v.len, TEXT_SAMPLE_BYTES));
}

function isBmp(v: ByteView): boolean {
	if (v.len < 26) return false;
	const dib = v.u32le(14);
	return dib === 12 || dib === 16 || dib === 40 || dib === 52 || dib === 56 || dib === 64 || dib === 108 || dib === 124;
}

/** Damaged variants of the accepted formats, recognisable although their signature is missing or mangled. */
function sniffDamaged(v: ByteView): Detection | null {
	// PNG whose 8-byte signature was lost, or mangled by a text-mode transfer (CRLF -> LF, LF -> CRLF).
	if (v.startsWithBytes([0x00, 0x00, 0x00, 0x0d]) && v.startsWith('IHDR', 4)) {
		return damaged(TYPES.png, 'png-no-signature', 'its PNG signature is missing');
	}
	if (v.startsWithBytes([0x89, 0x50, 0x4e, 0x47])) {
		return damaged(TYPES.png, 'png-no-signature', 'its PNG signature is mangled, typically by a text-mode transfer');
	}
	// Only the JPEG start-of-image marker.
	if (v.len === 2 && v.b[0] === 0xff && v.b[1] === 0xd8) return damaged(TYPES.jpeg, 'jpeg-header-only', 'nothing after its start marker');
	// JPEG that lost its SOI marker but still starts with a JFIF or Exif segment.
	if (v.at(0) === 0xff && ((v.at(1) === 0xe0 && v.startsWith('JFIF\0', 4)) || (v.at(1) === 0xe1 && v.startsWith('Exif\0', 4)))) {
		return damaged(TYPES.jpeg, 'jpeg-no-soi', 'its start-of-image marker is missing');
	}
	// PDF body without its %PDF- header: starts with "<n> <g> obj".
	let p = 0;
	while (p < v.len && p < 64 && isPdfWhite(v.b[p])) p++;
	const q = skipDigits(v, p);
	if (q > p && q < v.len && isPdfWhite(v.b[q])) {
		const generation = skipWhite(v, q);
		const r = skipDigits(v, generation);
		const keyword = skipWhite(v, r);
		// Two numbers, then the keyword obj on its own ("12 objects" and "3 obj notes" are text).
		if (r > generation && keyword > r && v.startsWith('obj', keyword) && isPdfTokenEnd(v.at(keyword + 3))) {
			return damaged(TYPES.pdf, 'pdf-no-header', 'its %PDF- header is missing');
		}
	}
	return null;
}

function skipDigits(v: ByteView, p: number): number {
	let n = 0;
	while (p < v.len && isDigit(v.b[p]) && n++ < 12) p++;
	return p;
}

function skipWhite(v: ByteView, p: number): number {
	let n = 0;
	while (p < v.len && isPdfWhite(v.b[p]) && n++ < 64) p++;
	return p;
}

/** Two-byte and other weak signatures, only used when the bytes are not text. */
function sniffWeakBinary(v: ByteView): Detection | null {
	if (v.startsWith('MZ') && v.len >= 2) return TYPES.exe;
	return null;
}
