// Type detection from the bytes only (never from the name or the declared type). Looks at a bounded prefix:
// at most the first 4 KiB, plus up to 64 KiB of ZIP local headers to tell Office documents from plain archives.
// Its limits (the text sample, the ZIP entries and bytes, the APNG chunks, the runs read by sniffDamaged) can
// only change which unsupported type or which kind of damage is named, never make a file valid: the structural
// check of an accepted type always runs on the whole file.

import { ByteView, isDigit, isPdfWhite } from './bytes';
import type { Detection } from './types';

/** Readers accept a `%PDF-` header anywhere in the first 1024 bytes (Acrobat implementation note 13). */
export const PDF_HEADER_SEARCH_BYTES = 1024;
const TEXT_SAMPLE_BYTES = 4096;
const ZIP_SCAN_BYTES = 64 * 1024;
const ZIP_SCAN_ENTRIES = 64;

function t(family: string, mime: string | null, ext: string | null, kind: string, subtype?: string): Detection {
	return subtype ? { family, mime, ext, kind, subtype } : { family, mime, ext, kind };
}

/** Every type the sniffer can report. `family` is what MIME/extension comparisons use. */
export const TYPES = {
	pdf: t('pdf', 'application/pdf', 'pdf', 'PDF document'),
	png: t('png', 'image/png', 'png', 'PNG image'),
	apng: t('png', 'image/png', 'png', 'PNG image (animated PNG; Concur shows its first frame)'),
	jpeg: t('jpeg', 'image/jpeg', 'jpg', 'JPEG photo'),
	heic: t('heic', 'image/heic', 'heic', 'HEIC photo (the iPhone camera default format)'),
	heicSequence: t('heic', 'image/heic-sequence', 'heic', 'HEIC photo sequence (iPhone burst or Live Photo)'),
	heif: t('heic', 'image/heif', 'heic', 'HEIF photo (a high-efficiency format used by newer phones)'),
	heifSequence: t('heic', 'image/heif-sequence', 'heic', 'HEIF image sequence'),
	avif: t('avif', 'image/avif', 'avif', 'AVIF image'),
	gif: t('gif', 'image/gif', 'gif', 'GIF image'),
	tiff: t('tiff', 'image/tiff', 'tif', 'TIFF image (often made by scanners and fax software)'),
	webp: t('webp', 'image/webp', 'webp', 'WebP image (common for pictures saved from web pages)'),
	bmp: t('bmp', 'image/bmp', 'bmp', 'BMP bitmap image'),
	ico: t('ico', 'image/x-icon', 'ico', 'Windows icon'),
	psd: t('psd', 'image/vnd.adobe.photoshop', 'psd', 'Photoshop document'),
	jp2: t('jp2', 'image/jp2', 'jp2', 'JPEG 2000 image'),
	jxl: t('jxl', 'image/jxl', 'jxl', 'JPEG XL image'),
	cr3: t('cr3', 'image/x-canon-cr3', 'cr3', 'Canon raw photo (CR3)'),
	svg: t('svg', 'image/svg+xml', 'svg', 'SVG drawing'),
	html: t('html', 'text/html', 'html', 'web page (HTML)'),
	xml: t('xml', 'application/xml', 'xml', 'XML document (for example an electronic invoice)'),
	text: t('text', 'text/plain', 'txt', 'plain text file'),
	rtf: t('rtf', 'application/rtf', 'rtf', 'RTF document'),
	ps: t('ps', 'application/postscript', 'ps', 'PostScript document'),
	zip: t('zip', 'application/zip', 'zip', 'ZIP archive or Office document'),
	docx: t('zip', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx', 'Word document (.docx)', 'docx'),
	xlsx: t('zip', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx', 'Excel workbook (.xlsx)', 'xlsx'),
	pptx: t('zip', 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx', 'PowerPoint presentation (.pptx)', 'pptx'),
	odt: t('zip', 'application/vnd.oasis.opendocument.text', 'odt', 'OpenDocument text (.odt)', 'odt'),
	ods: t('zip', 'application/vnd.oasis.opendocument.spreadsheet', 'ods', 'OpenDocument spreadsheet (.ods)', 'ods'),
	odp: t('zip', 'application/vnd.oasis.opendocument.presentation', 'odp', 'OpenDocument presentation (.odp)', 'odp'),
	epub: t('zip', 'application/epub+zip', 'epub', 'e-book (EPUB)', 'epub'),
	cfb: t('cfb', 'application/x-cfb', 'cfb', 'older Microsoft Office document (.doc, .xls, .ppt) or Outlook message (.msg)'),
	exe: t('exe', 'application/x-msdownload', 'exe', 'Windows program (.exe)'),
	elf: t('elf', 'application/x-elf', 'elf', 'Linux program (ELF executable)'),
	macho: t('macho', 'application/x-mach-binary', 'macho', 'macOS program (Mach-O executable)'),
	javaClass: t('class', 'application/java-vm', 'class', 'Java program (.class)'),
	gz: t('gz', 'application/gzip', 'gz', 'GZIP compressed file'),
	bz2: t('bz2', 'application/x-bzip2', 'bz2', 'BZIP2 compressed file'),
	xz: t('xz', 'application/x-xz', 'xz', 'XZ compressed file'),
	sevenZip: t('7z', 'application/x-7z-compressed', '7z', '7-Zip archive'),
	rar: t('rar', 'application/x-rar-compressed', 'rar', 'RAR archive'),
	mp4: t('mp4', 'video/mp4', 'mp4', 'MP4 video'),
	mov: t('mov', 'video/quicktime', 'mov', 'QuickTime video (.mov)'),
	m4a: t('m4a', 'audio/x-m4a', 'm4a', 'audio recording (M4A)'),
	threeGp: t('3gp', 'video/3gpp', '3gp', 'mobile phone video (3GP)'),
	unknown: t('unknown', null, null, 'unrecognised file'),
} as const;

function damaged(base: Detection, reason: Detection['damaged'], what: string): Detection {
	return { ...base, kind: `${base.kind} (damaged: ${what})`, damaged: reason };
}

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CFB_SIG = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const SEVEN_ZIP_SIG = [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c];
const XZ_SIG = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const JP2_SIG = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];
const JXL_BOX_SIG = [0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a];

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

/** The `ftyp` major brands named by their type; any other is an MP4-family video (3GPP when its brand says so). */
const ISO_MEDIA_BRANDS = new Map<string, Detection>([
	['avif', TYPES.avif],
	['avis', TYPES.avif],
	['mif1', TYPES.heif],
	['msf1', TYPES.heifSequence],
	['heic', TYPES.heic],
	['heix', TYPES.heic],
	['hevc', TYPES.heicSequence],
	['hevx', TYPES.heicSequence],
	['qt', TYPES.mov],
	['M4A', TYPES.m4a],
	['M4B', TYPES.m4a],
	['crx', TYPES.cr3],
]);

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
		const r = skipDigits(v, skipWhite(v, q));
		if (r > q && v.startsWith('obj', skipWhite(v, r))) {
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

/**
 * Text formats: HTML, SVG, XML, plain text (UTF-8 / Latin-1, or UTF-16 with a BOM). Only the first 4 KiB are
 * sampled.
 */
function sniffText(v: ByteView): Detection | null {
	let start = 0;
	let head: string;
	if (v.startsWithBytes([0xef, 0xbb, 0xbf])) start = 3;
	if (v.startsWithBytes([0xff, 0xfe]) || v.startsWithBytes([0xfe, 0xff])) {
		head = utf16Sample(v, v.b[0] === 0xff);
		if (head === '') return null;
	} else {
		const end = Math.min(v.len, start + TEXT_SAMPLE_BYTES);
		if (!looksLikeText(v, start, end)) return null;
		head = v.latin1(start, end, TEXT_SAMPLE_BYTES);
	}
	v.work += 4 * head.length; // a few regular expressions over the sample
	return classifyMarkup(head);
}

/** Low bytes of a UTF-16 sample, or '' when it does not look like UTF-16 text. */
function utf16Sample(v: ByteView, littleEndian: boolean): string {
	const end = Math.min(v.len, TEXT_SAMPLE_BYTES) & ~1;
	let out = '';
	let bad = 0;
	v.work += end;
	for (let i = 2; i + 1 < end; i += 2) {
		const unit = littleEndian ? v.u16le(i) : v.u16be(i);
		if (unit === 0 || (unit < 0x20 && unit !== 9 && unit !== 10 && unit !== 13 && unit !== 12)) bad++;
		out += String.fromCharCode(unit < 0x100 ? unit : 0x3f);
	}
	return bad * 100 > out.length + 1 ? '' : out;
}

/** True when [from, to) has no NUL byte and at most 1% other binary control bytes. */
export function looksLikeText(v: ByteView, from: number, to: number): boolean {
	let controls = 0;
	if (to > from) v.work += to - from;
	for (let i = from; i < to; i++) {
		const c = v.b[i];
		if (c < 0x20) {
			if (c === 0) return false;
			if (c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b) controls++;
		}
	}
	return controls * 100 <= to - from;
}

function classifyMarkup(head: string): Detection {
	const s = head.replace(/^[\s\u00a0]+/, '').toLowerCase();
	if (!s.startsWith('<')) return TYPES.text;
	if (s.startsWith('<?xml')) {
		if (/<svg[\s>]/.test(s) || s.includes('<!doctype svg')) return TYPES.svg;
		if (/<html[\s>]/.test(s)) return TYPES.html;
		return TYPES.xml;
	}
	const rest = s.replace(/^(<!--[\s\S]*?-->\s*)+/, '');
	if (rest.startsWith('<svg') || rest.startsWith('<!doctype svg')) return TYPES.svg;
	if (
		rest.startsWith('<!doctype html') ||
		/^<(html|head|body|meta|title|script|style|link|div|table|p|h[1-6]|br|form|iframe|span|a)[\s>/]/.test(rest) ||
		/<html[\s>]/.test(s)
	) {
		return TYPES.html;
	}
	if (/<svg[\s>]/.test(s)) return TYPES.svg;
	return TYPES.text;
}

/** Two-byte and other weak signatures, only used when the bytes are not text. */
function sniffWeakBinary(v: ByteView): Detection | null {
	if (v.startsWith('MZ') && v.len >= 2) return TYPES.exe;
	return null;
}
