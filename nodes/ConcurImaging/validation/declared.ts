// What the file claims to be: its declared MIME type and its file-name extension, mapped to the same type
// families the sniffer reports, so that "image/jpg" and "image/jpeg", or ".heif" and "image/heic", agree.

import type { Detection } from './types';

interface Claim {
	family: string;
	subtype?: string;
}

/** Declared types that say nothing about the content: never a mismatch. */
const GENERIC_MIME_TYPES = new Set([
	'',
	'application/octet-stream',
	'binary/octet-stream',
	'application/binary',
	'application/unknown',
	'application/x-unknown',
	'unknown/unknown',
	'application/download',
	'application/force-download',
	'application/x-download',
]);

const MIME_FAMILIES: Record<string, string> = {
	'application/pdf': 'pdf',
	'application/x-pdf': 'pdf',
	'application/acrobat': 'pdf',
	'application/vnd.pdf': 'pdf',
	'applications/vnd.pdf': 'pdf',
	'text/pdf': 'pdf',
	'text/x-pdf': 'pdf',
	'image/png': 'png',
	'image/x-png': 'png',
	'image/apng': 'png',
	'image/vnd.mozilla.apng': 'png',
	'image/jpeg': 'jpeg',
	'image/jpg': 'jpeg',
	'image/pjpeg': 'jpeg',
	'image/jpe': 'jpeg',
	'image/x-jpeg': 'jpeg',
	'image/x-citrix-jpeg': 'jpeg',
	'image/heic': 'heic',
	'image/heif': 'heic',
	'image/heic-sequence': 'heic',
	'image/heif-sequence': 'heic',
	'image/avif': 'avif',
	'image/gif': 'gif',
	'image/tiff': 'tiff',
	'image/tif': 'tiff',
	'image/x-tiff': 'tiff',
	'image/webp': 'webp',
	'image/bmp': 'bmp',
	'image/x-bmp': 'bmp',
	'image/x-ms-bmp': 'bmp',
	'image/x-icon': 'ico',
	'image/vnd.microsoft.icon': 'ico',
	'image/vnd.adobe.photoshop': 'psd',
	'image/x-photoshop': 'psd',
	'application/x-photoshop': 'psd',
	'image/jp2': 'jp2',
	'image/jpx': 'jp2',
	'image/jpm': 'jp2',
	'image/jxl': 'jxl',
	'image/x-canon-cr3': 'cr3',
	'image/svg+xml': 'svg',
	'text/html': 'html',
	'application/xhtml+xml': 'html',
	'application/xml': 'xml',
	'text/xml': 'xml',
	'text/plain': 'text',
	'text/csv': 'text',
	'application/json': 'text',
	'text/markdown': 'text',
	'application/rtf': 'rtf',
	'text/rtf': 'rtf',
	'application/postscript': 'ps',
	'application/eps': 'ps',
	'image/eps': 'ps',
	'application/zip': 'zip',
	'application/x-zip-compressed': 'zip',
	'application/x-zip': 'zip',
	'application/msword': 'cfb',
	'application/vnd.ms-excel': 'cfb',
	'application/vnd.ms-powerpoint': 'cfb',
	'application/vnd.ms-outlook': 'cfb',
	'application/x-cfb': 'cfb',
	'application/x-msdownload': 'exe',
	'application/x-msdos-program': 'exe',
	'application/x-dosexec': 'exe',
	'application/vnd.microsoft.portable-executable': 'exe',
	'application/x-elf': 'elf',
	'application/x-mach-binary': 'macho',
	'application/java-vm': 'class',
	'application/gzip': 'gz',
	'application/x-gzip': 'gz',
	'application/x-bzip2': 'bz2',
	'application/x-xz': 'xz',
	'application/x-7z-compressed': '7z',
	'application/vnd.rar': 'rar',
	'application/x-rar-compressed': 'rar',
	'application/x-rar': 'rar',
	'video/mp4': 'mp4',
	'video/quicktime': 'mov',
	'audio/mp4': 'm4a',
	'audio/x-m4a': 'm4a',
	'audio/m4a': 'm4a',
	'video/3gpp': '3gp',
};

const ZIP_SUBTYPE_MIME: Record<string, string> = {
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
	'application/vnd.oasis.opendocument.text': 'odt',
	'application/vnd.oasis.opendocument.spreadsheet': 'ods',
	'application/vnd.oasis.opendocument.presentation': 'odp',
	'application/epub+zip': 'epub',
};

const EXTENSION_FAMILIES: Record<string, string> = {
	pdf: 'pdf',
	png: 'png',
	apng: 'png',
	jpg: 'jpeg',
	jpeg: 'jpeg',
	jpe: 'jpeg',
	jfif: 'jpeg',
	pjpeg: 'jpeg',
	pjp: 'jpeg',
	heic: 'heic',
	heif: 'heic',
	hif: 'heic',
	heics: 'heic',
	heifs: 'heic',
	avif: 'avif',
	gif: 'gif',
	tif: 'tiff',
	tiff: 'tiff',
	webp: 'webp',
	bmp: 'bmp',
	dib: 'bmp',
	ico: 'ico',
	psd: 'psd',
	jp2: 'jp2',
	j2k: 'jp2',
	jpf: 'jp2',
	jpx: 'jp2',
	jxl: 'jxl',
	cr3: 'cr3',
	svg: 'svg',
	html: 'html',
	htm: 'html',
	xhtml: 'html',
	xml: 'xml',
	txt: 'text',
	text: 'text',
	csv: 'text',
	tsv: 'text',
	json: 'text',
	md: 'text',
	log: 'text',
	rtf: 'rtf',
	ps: 'ps',
	eps: 'ps',
	zip: 'zip',
	doc: 'cfb',
	xls: 'cfb',
	ppt: 'cfb',
	msg: 'cfb',
	exe: 'exe',
	dll: 'exe',
	scr: 'exe',
	com: 'exe',
	class: 'class',
	gz: 'gz',
	tgz: 'gz',
	bz2: 'bz2',
	xz: 'xz',
	'7z': '7z',
	rar: 'rar',
	mp4: 'mp4',
	m4v: 'mp4',
	mov: 'mov',
	qt: 'mov',
	m4a: 'm4a',
	'3gp': '3gp',
};

const ZIP_SUBTYPE_EXTENSIONS = new Set(['docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'epub']);

/** Longest MIME type compared (RFC 6838 allows 127 + 1 + 127 characters); a longer one is no known type. */
const MAX_MIME_CHARS = 255;
/** File names are judged on their last characters only (file systems allow 255); a longer extension is none. */
const MAX_NAME_TAIL_CHARS = 1024;

/** Lower case, without parameters (`image/JPEG; charset=binary` -> `image/jpeg`). */
export function normalizeMimeType(declared: string): string {
	const semicolon = declared.indexOf(';');
	const base = (semicolon === -1 ? declared : declared.slice(0, semicolon)).trim();
	// A base longer than any MIME type matches none and differs from every detected type, as does its start.
	return (base.length > MAX_MIME_CHARS ? base.slice(0, MAX_MIME_CHARS + 1) : base).toLowerCase();
}

export function isGenericMimeType(normalized: string): boolean {
	return GENERIC_MIME_TYPES.has(normalized);
}

function mimeClaim(normalized: string): Claim | null {
	if (ZIP_SUBTYPE_MIME[normalized]) return { family: 'zip', subtype: ZIP_SUBTYPE_MIME[normalized] };
	const family = MIME_FAMILIES[normalized];
	return family ? { family } : null;
}

/** The lower-case extension of a file name (`Scan 01.JPG` -> `jpg`), or null. */
export function fileExtension(fileName: string): string | null {
	const name = fileName.trimEnd();
	const tail = name.length > MAX_NAME_TAIL_CHARS ? name.slice(-MAX_NAME_TAIL_CHARS) : name;
	const base = tail.slice(Math.max(tail.lastIndexOf('/'), tail.lastIndexOf('\\')) + 1);
	const dot = base.lastIndexOf('.');
	if (dot === -1 || dot === base.length - 1) return null;
	const ext = base.slice(dot + 1).trim().toLowerCase();
	return /^[a-z0-9]{1,10}$/.test(ext) ? ext : null;
}

function extensionClaim(ext: string): Claim | null {
	if (ZIP_SUBTYPE_EXTENSIONS.has(ext)) return { family: 'zip', subtype: ext };
	const family = EXTENSION_FAMILIES[ext];
	return family ? { family } : null;
}

function disagrees(claim: Claim, detected: Detection): boolean {
	if (claim.family === 'xml' && detected.family === 'svg') return false; // SVG is XML
	if (claim.family !== detected.family) return true;
	return claim.subtype !== undefined && detected.subtype !== undefined && claim.subtype !== detected.subtype;
}

/** True when a specific declared MIME type contradicts the detected content. */
export function mimeTypeDisagrees(normalized: string, detected: Detection): boolean {
	if (isGenericMimeType(normalized)) return false;
	const claim = mimeClaim(normalized);
	if (claim) return disagrees(claim, detected);
	// A type we do not know: it disagrees with content we recognised and whose type is different.
	return detected.mime !== null && detected.mime !== normalized;
}

/** True when a known extension contradicts the detected content (unknown extensions are no claim). */
export function extensionDisagrees(ext: string, detected: Detection): boolean {
	const claim = extensionClaim(ext);
	return claim !== null && disagrees(claim, detected);
}

/** Human name of what a MIME type or extension claims, for messages ('JPEG', 'PDF', ...). */
export function claimedFamily(normalizedMime: string | null, ext: string | null): string | null {
	const claim = (normalizedMime && mimeClaim(normalizedMime)) || (ext && extensionClaim(ext)) || null;
	return claim ? claim.family : null;
}
