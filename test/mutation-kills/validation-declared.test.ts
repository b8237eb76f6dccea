// What a file claims to be (validation/declared.ts), found by the mutation run `validation-declared-messages`
// (issue 18, reports/mutation/SURVIVORS.md). Mail clients, browsers, scanners and cloud drives name the same type in
// many ways ("image/jpg", "image/pjpeg", ".jfif"); each alias must count as its type, or a correct receipt gets a
// mismatch warning and a wrong one is refused without "its name says it is a PDF". Each case is a declared type or
// a file name in, the type it claims and the verdict out.

import { validateReceiptFile } from '../../nodes/ConcurImaging/validation';
import {
	claimedFamily,
	extensionDisagrees,
	fileExtension,
	isGenericMimeType,
	mimeTypeDisagrees,
	normalizeMimeType,
} from '../../nodes/ConcurImaging/validation/declared';
import { TYPES } from '../../nodes/ConcurImaging/validation/sniff-tables';
import { rawPdf } from '../../support/validation-fixtures/pdf';

/** Declared MIME types by the family they claim (every one an alias seen from some sender). */
const MIME_ALIASES: Record<string, string[]> = {
	pdf: ['application/pdf', 'application/x-pdf', 'application/acrobat', 'application/vnd.pdf', 'applications/vnd.pdf', 'text/pdf', 'text/x-pdf'],
	png: ['image/png', 'image/x-png', 'image/apng', 'image/vnd.mozilla.apng'],
	jpeg: ['image/jpeg', 'image/jpg', 'image/pjpeg', 'image/jpe', 'image/x-jpeg', 'image/x-citrix-jpeg'],
	heic: ['image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence'],
	avif: ['image/avif'],
	gif: ['image/gif'],
	tiff: ['image/tiff', 'image/tif', 'image/x-tiff'],
	webp: ['image/webp'],
	bmp: ['image/bmp', 'image/x-bmp', 'image/x-ms-bmp'],
	ico: ['image/x-icon', 'image/vnd.microsoft.icon'],
	psd: ['image/vnd.adobe.photoshop', 'image/x-photoshop', 'application/x-photoshop'],
	jp2: ['image/jp2', 'image/jpx', 'image/jpm'],
	jxl: ['image/jxl'],
	cr3: ['image/x-canon-cr3'],
	svg: ['image/svg+xml'],
	html: ['text/html', 'application/xhtml+xml'],
	xml: ['application/xml', 'text/xml'],
	text: ['text/plain', 'text/csv', 'application/json', 'text/markdown'],
	rtf: ['application/rtf', 'text/rtf'],
	ps: ['application/postscript', 'application/eps', 'image/eps'],
	zip: ['application/zip', 'application/x-zip-compressed', 'application/x-zip'],
	cfb: ['application/msword', 'application/vnd.ms-excel', 'application/vnd.ms-powerpoint', 'application/vnd.ms-outlook', 'application/x-cfb'],
	exe: ['application/x-msdownload', 'application/x-msdos-program', 'application/x-dosexec', 'application/vnd.microsoft.portable-executable'],
	elf: ['application/x-elf'],
	macho: ['application/x-mach-binary'],
	class: ['application/java-vm'],
	gz: ['application/gzip', 'application/x-gzip'],
	bz2: ['application/x-bzip2'],
	xz: ['application/x-xz'],
	'7z': ['application/x-7z-compressed'],
	rar: ['application/vnd.rar', 'application/x-rar-compressed', 'application/x-rar'],
	mp4: ['video/mp4'],
	mov: ['video/quicktime'],
	m4a: ['audio/mp4', 'audio/x-m4a', 'audio/m4a'],
	'3gp': ['video/3gpp'],
};

/** File-name extensions by the family they claim. */
const EXTENSIONS: Record<string, string[]> = {
	pdf: ['pdf'],
	png: ['png', 'apng'],
	jpeg: ['jpg', 'jpeg', 'jpe', 'jfif', 'pjpeg', 'pjp'],
	heic: ['heic', 'heif', 'hif', 'heics', 'heifs'],
	avif: ['avif'],
	gif: ['gif'],
	tiff: ['tif', 'tiff'],
	webp: ['webp'],
	bmp: ['bmp', 'dib'],
	ico: ['ico'],
	psd: ['psd'],
	jp2: ['jp2', 'j2k', 'jpf', 'jpx'],
	jxl: ['jxl'],
	cr3: ['cr3'],
	svg: ['svg'],
	html: ['html', 'htm', 'xhtml'],
	xml: ['xml'],
	text: ['txt', 'text', 'csv', 'tsv', 'json', 'md', 'log'],
	rtf: ['rtf'],
	ps: ['ps', 'eps'],
	zip: ['zip', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'epub'],
	cfb: ['doc', 'xls', 'ppt', 'msg'],
	exe: ['exe', 'dll', 'scr', 'com'],
	class: ['class'],
	gz: ['gz', 'tgz'],
	bz2: ['bz2'],
	xz: ['xz'],
	'7z': ['7z'],
	rar: ['rar'],
	mp4: ['mp4', 'm4v'],
	mov: ['mov', 'qt'],
	m4a: ['m4a'],
	'3gp': ['3gp'],
};

const pairs = (table: Record<string, string[]>) => Object.entries(table).flatMap(([family, names]) => names.map((name) => [name, family]));

describe('declared MIME types', () => {
	// Mutants: each key and each family of the MIME table emptied (MIME_FAMILIES): the alias would claim nothing,
	// or another family.
	it.each(pairs(MIME_ALIASES))('%s claims a %s file', (declared, family) => {
		expect(claimedFamily(declared, null)).toBe(family);
	});

	// Mutants: the Office and e-book types emptied (ZIP_SUBTYPE_MIME): a .docx declared as Word would be a mismatch
	// on a Word document, or no mismatch on an Excel workbook.
	it.each([
		['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx', 'xlsx'],
		['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx', 'docx'],
		['application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx', 'docx'],
		['application/vnd.oasis.opendocument.text', 'odt', 'ods'],
		['application/vnd.oasis.opendocument.spreadsheet', 'ods', 'odt'],
		['application/vnd.oasis.opendocument.presentation', 'odp', 'odt'],
		['application/epub+zip', 'epub', 'docx'],
	] as const)('%s claims a %s document, not a %s', (declared, same, other) => {
		expect(claimedFamily(declared, null)).toBe('zip');
		expect(mimeTypeDisagrees(declared, TYPES[same])).toBe(false);
		expect(mimeTypeDisagrees(declared, TYPES[other])).toBe(true);
		expect(mimeTypeDisagrees(declared, TYPES.zip)).toBe(false); // a ZIP whose parts were not read: no contradiction
	});

	// Mutants: each generic type emptied (GENERIC_MIME_TYPES): "application/octet-stream", which many senders use
	// for any attachment, would warn on every receipt.
	it.each([
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
	])('%j says nothing about the content: never a mismatch', (declared) => {
		expect(isGenericMimeType(declared)).toBe(true);
		expect(mimeTypeDisagrees(declared, TYPES.pdf)).toBe(false);
		expect(mimeTypeDisagrees(declared, TYPES.unknown)).toBe(false);
	});

	it('a type this check does not know disagrees only with recognised content of another type', () => {
		expect(isGenericMimeType('application/vnd.example')).toBe(false);
		expect(mimeTypeDisagrees('application/vnd.example', TYPES.pdf)).toBe(true);
		expect(mimeTypeDisagrees('application/vnd.example', TYPES.unknown)).toBe(false);
		expect(mimeTypeDisagrees('image/x-example', { ...TYPES.unknown, mime: 'image/x-example' })).toBe(false);
	});

	// Mutants of normalizeMimeType: parameters cut at ";", blanks trimmed, lower case, an over-long type cut after
	// 256 characters (it then matches no type and differs from every detected one).
	it('a declared type is compared without its parameters, blanks and case', () => {
		expect(normalizeMimeType(' Image/JPEG ; charset=binary')).toBe('image/jpeg');
		expect(normalizeMimeType('application/PDF')).toBe('application/pdf');
		expect(normalizeMimeType(`image/${'x'.repeat(300)}`)).toBe(`image/${'x'.repeat(250)}`);
		expect(normalizeMimeType(`image/${'x'.repeat(249)}`)).toHaveLength(255);
		const pdf = rawPdf();
		expect(validateReceiptFile(pdf, { declaredMimeType: 'Application/PDF; name="receipt.pdf"' }).warnings).toEqual([]);
		expect(validateReceiptFile(pdf, { declaredMimeType: 'image/JPG' }).warnings.map((w) => w.code)).toEqual(['MIME_MISMATCH']);
	});

	// Mutant of disagrees: the SVG-is-XML exception.
	it('an SVG drawing declared as XML is no mismatch (SVG is XML); declared as HTML it is', () => {
		expect(mimeTypeDisagrees('application/xml', TYPES.svg)).toBe(false);
		expect(extensionDisagrees('xml', TYPES.svg)).toBe(false);
		expect(mimeTypeDisagrees('text/html', TYPES.svg)).toBe(true);
		expect(mimeTypeDisagrees('image/svg+xml', TYPES.xml)).toBe(true);
	});
});

describe('file-name extensions', () => {
	// Mutants: each extension and its family emptied (EXTENSION_FAMILIES, ZIP_SUBTYPE_EXTENSIONS).
	it.each(pairs(EXTENSIONS))('.%s claims a %s file', (ext, family) => {
		expect(claimedFamily(null, ext)).toBe(family);
		expect(extensionDisagrees(ext, TYPES.unknown)).toBe(true);
	});

	it('an Office extension claims its own kind of document; an unknown extension claims nothing', () => {
		expect(extensionDisagrees('docx', TYPES.docx)).toBe(false);
		expect(extensionDisagrees('docx', TYPES.xlsx)).toBe(true);
		expect(extensionDisagrees('xlsx', TYPES.zip)).toBe(false);
		expect(claimedFamily(null, 'xyz')).toBeNull();
		expect(extensionDisagrees('xyz', TYPES.pdf)).toBe(false);
		expect(claimedFamily('application/pdf', 'jpg')).toBe('pdf'); // the declared type speaks first
		expect(claimedFamily('application/vnd.example', 'jpg')).toBe('jpeg');
	});

	// Mutants of fileExtension: folders, a trailing dot or blanks, case, characters and length of an extension, and
	// the 1,024 last characters a name is judged on.
	it('the extension is read from the last part of a name, in lower case; odd endings are no extension', () => {
		expect(fileExtension('Scan 01.JPG')).toBe('jpg');
		expect(fileExtension('receipts/2026.11/taxi.pdf')).toBe('pdf');
		expect(fileExtension('C:\\Receipts\\2026.11\\taxi')).toBeNull();
		expect(fileExtension('receipts.2026/taxi')).toBeNull();
		expect(fileExtension('taxi.pdf   ')).toBe('pdf');
		expect(fileExtension('taxi.')).toBeNull();
		expect(fileExtension('taxi')).toBeNull();
		expect(fileExtension('taxi.p-d-f')).toBeNull();
		expect(fileExtension('taxi.abcdefghij')).toBe('abcdefghij');
		expect(fileExtension('taxi.abcdefghijk')).toBeNull();
		expect(fileExtension(`${'a'.repeat(2000)}.png`)).toBe('png');
		expect(fileExtension(`x.jpg${'a'.repeat(1020)}`)).toBeNull();
		// Blanks a form pads the name with are cut before the last 1,024 characters are taken; blanks after the dot too.
		expect(fileExtension(`taxi.pdf${' '.repeat(2000)}`)).toBe('pdf');
		expect(fileExtension('Scan 3. PDF')).toBe('pdf');
	});

	// Mutant of disagrees: `claim.subtype !== undefined` -> true (L235): a plain ZIP claim would contradict a Word
	// document, which many senders declare as application/zip or name .zip.
	it('a Word document declared as application/zip or named .zip is no mismatch', () => {
		expect(mimeTypeDisagrees('application/zip', TYPES.docx)).toBe(false);
		expect(extensionDisagrees('zip', TYPES.docx)).toBe(false);
	});
});
