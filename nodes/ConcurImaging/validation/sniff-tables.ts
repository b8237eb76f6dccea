// The tables of the type sniffer (sniff.ts): every type it can report, the magic-byte signatures it compares,
// and the ISO base media (`ftyp`) brands it names, with the helpers that build its records. How the bytes are
// read is in sniff.ts and sniff-text.ts.

import type { Detection } from './types';

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

/** The damaged variant of an accepted type: named as that type, refused as CORRUPT_FILE with `reason`. */
export function damaged(base: Detection, reason: Detection['damaged'], what: string): Detection {
	return { ...base, kind: `${base.kind} (damaged: ${what})`, damaged: reason };
}

/** Signatures of more than four bytes (shorter ones are written where they are compared, in sniff.ts). */
export const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
export const CFB_SIG = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
export const SEVEN_ZIP_SIG = [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c];
export const XZ_SIG = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
export const JP2_SIG = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];
export const JXL_BOX_SIG = [0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a];

/** The `ftyp` major brands named by their type; any other is an MP4-family video (3GPP when its brand says so). */
const BRANDS_OF: Array<[Detection, string]> = [
	[TYPES.avif, 'avif avis'], [TYPES.heif, 'mif1'], [TYPES.heifSequence, 'msf1'], [TYPES.heic, 'heic heix'],
	[TYPES.heicSequence, 'hevc hevx'], [TYPES.mov, 'qt'], [TYPES.m4a, 'M4A M4B'], [TYPES.cr3, 'crx'],
];
export const ISO_MEDIA_BRANDS = new Map<string, Detection>(
	BRANDS_OF.flatMap(([type, brands]) => brands.split(' ').map((brand): [string, Detection] => [brand, type])),
);
