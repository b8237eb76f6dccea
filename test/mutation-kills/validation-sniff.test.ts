// What a file is named from its bytes, found by the mutation run over validation/sniff.ts, sniff-text.ts and
// sniff-tables.ts (issue 18, reports/mutation/SURVIVORS.md). The name matters to the user: it is the type the
// refusal message says the file is ("This file is a 7-Zip archive, not …"), and a damaged receipt must be told
// from a file of another type. Each case is a file in, the detected type and the verdict out.

import { measureValidationWork, validateReceiptFile } from '../../nodes/ConcurImaging/validation';
import { makeJpeg } from '../../support/validation-fixtures/jpeg';
import { latin1 } from '../../support/validation-fixtures/pdf';
import { concat, makePng } from '../../support/validation-fixtures/png';
import { cfb, isoMedia, jp2, jxl, pe, sevenZip, TEXTS, utf16, utf8, xz, zip } from '../validation/fixtures/other';

function named(bytes: Uint8Array): { mime: string | null; kind: string | undefined; problems: string[] } {
	const v = validateReceiptFile(bytes, { computeSha256: false });
	return { mime: v.detectedMimeType, kind: v.detectedKind, problems: v.problems.map((p) => p.code) };
}
const mimeOf = (bytes: Uint8Array) => named(bytes).mime;
const UNRECOGNISED_FILE = { mime: null, kind: 'unrecognised file', problems: ['UNSUPPORTED_TYPE'] };

const le16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];

describe('binary signatures (sniff-tables.ts)', () => {
	// Mutants: each signature table emptied (L68-L73): an empty signature matches every file, so every file
	// after it in the order of the checks would get that name.
	it('a JPEG photo, an old Office document, a 7-Zip, an XZ, a JPEG 2000 and a JPEG XL file are each named for what they are', () => {
		expect(mimeOf(makeJpeg())).toBe('image/jpeg');
		expect(mimeOf(cfb())).toBe('application/x-cfb');
		expect(mimeOf(sevenZip())).toBe('application/x-7z-compressed');
		expect(mimeOf(xz())).toBe('application/x-xz');
		expect(mimeOf(jp2())).toBe('image/jp2');
		expect(mimeOf(concat([[0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a], new Uint8Array(20)]))).toBe('image/jxl');
		expect(mimeOf(jxl())).toBe('image/jxl');
		expect(named(utf8(TEXTS.receipt))).toEqual({ mime: 'text/plain', kind: 'plain text file', problems: ['UNSUPPORTED_TYPE'] });
	});

	// Mutants: the brand table emptied (L76) and each brand list emptied (L77, L78), or split on '' (L81):
	// the photo or video would be called an MP4 video.
	it.each([
		['avif', 'image/avif'],
		['avis', 'image/avif'],
		['mif1', 'image/heif'],
		['msf1', 'image/heif-sequence'],
		['heic', 'image/heic'],
		['heix', 'image/heic'],
		['hevc', 'image/heic-sequence'],
		['hevx', 'image/heic-sequence'],
		['qt  ', 'video/quicktime'],
		['M4A ', 'audio/x-m4a'],
		['M4B ', 'audio/x-m4a'],
		['crx ', 'image/x-canon-cr3'],
		['isom', 'video/mp4'],
		['3gp4', 'video/3gpp'],
	])('an ISO media file of major brand %j is named %s', (brand, mime) => {
		expect(named(isoMedia(brand, ['mif1']))).toMatchObject({ mime, problems: ['UNSUPPORTED_TYPE'] });
	});
});

describe('text files (sniff-text.ts)', () => {
	// Mutant: the UTF-8 byte order mark not skipped (L19): the page would start with 'ï»¿' and be plain text.
	it('an HTML page saved with a UTF-8 byte order mark is a web page', () => {
		expect(mimeOf(utf8(TEXTS.html, true))).toBe('text/html');
	});

	// Mutants: little-endian read as big-endian (L21), and the damaged-JPEG test for files starting with 0xFF
	// made true (sniff.ts L165: FF FE would be a JPEG without its start marker).
	it('UTF-16 HTML pages (little-endian, as Windows Notepad saves them, and big-endian) are web pages', () => {
		expect(named(utf16(TEXTS.html, true))).toEqual({ mime: 'text/html', kind: 'web page (HTML)', problems: ['UNSUPPORTED_TYPE'] });
		expect(mimeOf(utf16(TEXTS.html, false))).toBe('text/html');
	});

	// Found by the triage of sniff-text.ts L41: a second byte order mark (U+FEFF) after the first, as some tools
	// write when they save a file twice, was read as '?' and the page named plain text.
	it('a UTF-16 HTML page with its byte order mark written twice is still a web page', () => {
		expect(named(utf16(`\ufeff${TEXTS.html}`, true))).toEqual({ mime: 'text/html', kind: 'web page (HTML)', problems: ['UNSUPPORTED_TYPE'] });
		expect(mimeOf(utf16(`\ufeff${TEXTS.html}`, false))).toBe('text/html');
	});

	// Mutants of the UTF-16 reader's verdict (L22 `head === ''`, L40 the count of bad units, L43 the 1 % test
	// and its '' result): binary data behind a UTF-16 byte order mark is not text.
	it('binary data behind a UTF-16 byte order mark (NULs, or control characters) is an unrecognised file', () => {
		expect(named(concat([[0xff, 0xfe], new Uint8Array(64)]))).toEqual({ mime: null, kind: 'unrecognised file', problems: ['UNSUPPORTED_TYPE'] });
		const controls = concat([[0xff, 0xfe], ...Array.from({ length: 32 }, (_, i) => [1 + (i % 8), 0])]); // units 0x0001-0x0008
		expect(mimeOf(controls)).toBeNull();
	});

	// Mutants: tab, line feed, carriage return or form feed counted as binary (L40, 4 mutants).
	it('a UTF-16 text with tabs, Windows line breaks and page breaks is plain text', () => {
		expect(mimeOf(utf16('Item\tAmount\r\nCoffee\t2.80\r\n\fPage 2\r\n'.repeat(4), true))).toBe('text/plain');
	});

	// Mutant: `i + 1 < end` -> `i - 1 < end` (L38): one unit read past the end of the file, as a NUL.
	it('a very short UTF-16 text (two letters) is plain text', () => {
		expect(mimeOf(utf16('ok', true))).toBe('text/plain');
	});

	// Mutants: `bad * 100 > out.length + 1` -> `>=` and `out.length - 1` (L43): one control character in 99
	// is still text.
	it('a UTF-16 text with one control character in 99 is plain text', () => {
		expect(mimeOf(utf16('\u0001' + 'a'.repeat(98), true))).toBe('text/plain');
	});

	// Mutant: `!looksLikeText(...)` -> false (L25): binary data would be read as text.
	it('binary data with NUL bytes and no signature is an unrecognised file, not plain text', () => {
		expect(mimeOf(concat([latin1('DATA'), new Uint8Array(40)]))).toBeNull();
	});

	// Mutants of the <?xml branch (L64, L65): the SVG test made true, false, `&&`, its regex negated, its
	// '<!doctype svg' emptied; the HTML test made true or false.
	it('behind an XML declaration: an e-invoice is XML, an SVG drawing is SVG, an XHTML page is a web page', () => {
		expect(named(utf8(TEXTS.ubl))).toMatchObject({ mime: 'application/xml', kind: 'XML document (for example an electronic invoice)' });
		expect(mimeOf(utf8(TEXTS.svgXml))).toBe('image/svg+xml');
		expect(mimeOf(utf8(TEXTS.xhtml))).toBe('text/html');
	});

	// Mutant: `rest.startsWith('<!doctype svg')` -> endsWith (L69): the later `<svg ` search does not find a
	// root element written with a namespace prefix.
	it('an SVG that starts with its doctype is SVG even when its root element has a namespace prefix', () => {
		const svg = '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg:svg xmlns:svg="http://www.w3.org/2000/svg"/>';
		expect(mimeOf(utf8(svg))).toBe('image/svg+xml');
	});

	// Mutants: the HTML test made true (L71-L73) and the later SVG test made true (L77).
	it('a note that starts with "<" but is not markup is plain text', () => {
		expect(mimeOf(utf8('<3 thanks for lunch! Total 12.50 EUR\n'))).toBe('text/plain');
	});

	// Mutants: the `<html[\s>]` and `<svg[\s>]` searches negated (L73, L77) and the SVG one made false.
	it('a PHP template is a web page or an SVG drawing by the root element after its <?php ... ?> block', () => {
		expect(mimeOf(utf8('<?php $total = 12.5; ?>\n<html lang="en"><body>Total</body></html>'))).toBe('text/html');
		expect(mimeOf(utf8('<?php header("Content-Type: image/svg+xml"); ?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('image/svg+xml');
	});
});

/** A ZIP local file header for `name` with `data` stored, and the given general-purpose flags. */
function zipEntry(name: string, data: string, flags = 0): Uint8Array {
	const header = [...le32(0x04034b50), ...le16(20), ...le16(flags), ...le16(0), ...le16(0), ...le16(0), ...le32(0), ...le32(data.length), ...le32(data.length), ...le16(name.length), ...le16(0)];
	return concat([header, latin1(name), latin1(data)]);
}

describe('ZIP archives and Office documents (sniff.ts)', () => {
	// Mutant: ZIP_SCAN_BYTES `64 * 1024` -> `64 / 1024` (L17): no entry would be read.
	it('a Word document is named a Word document', () => {
		const docx = zip([
			['[Content_Types].xml', '<Types/>'],
			['word/document.xml', '<w:document/>'],
		]);
		expect(named(docx)).toMatchObject({ mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', kind: 'Word document (.docx)' });
	});

	// Mutants: the data-descriptor test (L133, no test reached it): a flag 8 entry that still has its sizes
	// written lets the scan go on to the next entry.
	it('a Word document whose entries have the data-descriptor flag and their sizes is a Word document', () => {
		const docx = concat([zipEntry('[Content_Types].xml', '<Types/>', 0x08), zipEntry('word/document.xml', '<w:document/>', 0x08)]);
		expect(mimeOf(docx)).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
	});

	// Mutants: the OpenDocument and EPUB `startsWith` tests made false or endsWith (L122-L124).
	it('OpenDocument spreadsheets and presentations and EPUB books are named, also with a line break after the mimetype', () => {
		for (const tail of ['', '\n']) {
			expect(mimeOf(zip([['mimetype', `application/vnd.oasis.opendocument.spreadsheet${tail}`]]))).toBe('application/vnd.oasis.opendocument.spreadsheet');
			expect(mimeOf(zip([['mimetype', `application/vnd.oasis.opendocument.presentation${tail}`]]))).toBe('application/vnd.oasis.opendocument.presentation');
			expect(mimeOf(zip([['mimetype', `application/epub+zip${tail}`]]))).toBe('application/epub+zip');
		}
	});

	// Mutants: the EPUB test made true or its string emptied (L124): any other mimetype would be an e-book.
	it('an OpenDocument drawing (.odg), which has no name of its own here, is a ZIP archive', () => {
		expect(mimeOf(zip([['mimetype', 'application/vnd.oasis.opendocument.graphics']]))).toBe('application/zip');
	});

	// Mutants of `c2 === 7 && c3 === 8` (L78, no test reached it).
	it('a split ZIP archive (it starts with PK 07 08) is a ZIP archive', () => {
		expect(mimeOf(concat([[0x50, 0x4b, 0x07, 0x08], zipEntry('a.txt', 'receipt')]))).toBe('application/zip');
	});
});

describe('programs and other binary types (sniff.ts)', () => {
	// Mutants: `v.at(3) >= 0x31` -> `>` / true and `<= 0x39` -> true (L64).
	it('BZIP2 files of block size 1 to 9 are BZIP2; "BZh" with no digit after it is plain text', () => {
		for (const level of ['1', '9']) expect(mimeOf(concat([latin1(`BZh${level}`), [0x31, 0x41, 0x59, 0x26, 0x53, 0x59, 0, 0]]))).toBe('application/x-bzip2');
		expect(mimeOf(utf8('BZh0 is not a block size'))).toBe('text/plain');
		expect(mimeOf(utf8('BZh: notes'))).toBe('text/plain');
	});

	// Mutants: `v.len < 64` -> true (L140) makes the program go on to the other checks, where the %PDF- header in
	// its first KiB names it a PDF; `return false` -> true (L140) and `!looksLikeText` -> looksLikeText (L144)
	// call text that starts with "MZ" a program; `v.len < 2` (L195) loses the short DOS stub.
	it('a Windows program is a program even with a PDF header in its first KiB; text starting with "MZ" is text', () => {
		const polyglot = pe();
		polyglot.set(latin1('%PDF-1.7\n'), 0x200 - 16);
		expect(named(polyglot)).toEqual({ mime: 'application/x-msdownload', kind: 'Windows program (.exe)', problems: ['UNSUPPORTED_TYPE'] });
		expect(mimeOf(utf8('MZ-4471 service'))).toBe('text/plain');
		expect(mimeOf(utf8('MZ-4471 service invoice, 12 items, delivered to the Hamburg office on 28 Nov.'))).toBe('text/plain');
		expect(mimeOf(concat([latin1('MZ'), [0x90, 0, 3, 0, 0, 0, 4, 0]]))).toBe('application/x-msdownload');
	});

	// Mutants: each DIB header size of a BMP made false (L150, no test reached them), and `return false` ->
	// true for a file too short to be a BMP (L148).
	it.each([12, 16, 40, 52, 56, 64, 108, 124])('a BMP image with a %i-byte DIB header is a BMP', (dib) => {
		const bmp = concat([latin1('BM'), le32(14 + dib + 4), [0, 0, 0, 0], le32(14 + dib), le32(dib), new Uint8Array(dib - 4 + 4)]);
		expect(mimeOf(bmp)).toBe('image/bmp');
	});

	it('a short note starting with "BM" is plain text', () => {
		expect(mimeOf(utf8('BMW service 240 EUR'))).toBe('text/plain');
	});
});

describe('damaged receipts are named by what they lost (sniff.ts)', () => {
	// Mutant: the 'nothing after its start marker' text emptied (L163).
	it('a JPEG that is only its start marker is a damaged JPEG with nothing after its start marker', () => {
		expect(named(new Uint8Array([0xff, 0xd8]))).toEqual({
			mime: 'image/jpeg',
			kind: 'JPEG photo (damaged: nothing after its start marker)',
			problems: ['CORRUPT_FILE'],
		});
	});

	// Mutant: the 'its start-of-image marker is missing' text emptied (L166).
	it('a JPEG that lost its start marker (it starts with its JFIF segment) is named so', () => {
		expect(named(makeJpeg().subarray(2))).toMatchObject({ kind: 'JPEG photo (damaged: its start-of-image marker is missing)', problems: ['CORRUPT_FILE'] });
	});

	// Mutants: the headless-PDF branch emptied and its text emptied (L174, L175), `p++` -> `p--` in the blanks
	// before the object number (L170) and in skipWhite (L189).
	it('a PDF body without its %PDF- header, also after blank lines, is a PDF whose header is missing', () => {
		const body = '1 0 obj\n<< /Type /Catalog >>\nendobj\n';
		expect(named(utf8(body))).toEqual({ mime: 'application/pdf', kind: 'PDF document (damaged: its %PDF- header is missing)', problems: ['CORRUPT_FILE'] });
		expect(mimeOf(utf8(`\n\n${body}`))).toBe('application/pdf');
	});

	// Mutant: 'obj' -> '' (L174 at 4bdbe8f1ec, L177 now): any text starting with two numbers and a word would be a
	// headless PDF (since the keyword must end after three letters, only a three-letter word shows it: "pcs").
	it('a note that starts with two numbers is plain text, not a PDF without its header', () => {
		expect(mimeOf(utf8('10 20 receipts scanned on 28 Nov\n'))).toBe('text/plain');
		expect(named(utf8('12 3 pcs coffee beans, 250 g\n'))).toMatchObject({ mime: 'text/plain', problems: ['UNSUPPORTED_TYPE'] });
	});

	// Found by the mutation triage (L174 compared the generation number's end with the object number's end): one
	// number and a word starting with "obj" looked like a PDF body.
	it('a note with one number before "obj…" is plain text, not a PDF without its header', () => {
		expect(named(utf8('12 objects scanned today\n'))).toMatchObject({ mime: 'text/plain', problems: ['UNSUPPORTED_TYPE'] });
		expect(mimeOf(utf8('3 obj notes\n'))).toBe('text/plain');
		expect(mimeOf(utf8('4 0 objects lost\n'))).toBe('text/plain');
		expect(mimeOf(utf8('4 0 obj<< /Type /Catalog >>\nendobj\n'))).toBe('application/pdf');
	});

	// Mutants of the lost-signature test (L156-L157 at 210c4bf: its test made false, `||`, its signature or 'IHDR'
	// emptied, its branch or text emptied): a PNG that lost its first 8 bytes starts with its IHDR chunk, and only
	// that chunk's length and type together name it.
	it('a PNG that lost its 8-byte signature is a PNG whose signature is missing; the IHDR length or name alone is not', () => {
		expect(named(makePng().subarray(8))).toEqual({ mime: 'image/png', kind: 'PNG image (damaged: its PNG signature is missing)', problems: ['CORRUPT_FILE'] });
		expect(named(concat([[0, 0, 0, 0x0d], latin1('DATA'), new Uint8Array(24)]))).toEqual(UNRECOGNISED_FILE);
		expect(named(concat([[1, 2, 3, 4], latin1('IHDR'), new Uint8Array(24)]))).toEqual(UNRECOGNISED_FILE);
	});

	// Mutants of the mangled-signature test (L159-L160: made false, its branch or text emptied): a PNG sent through
	// a text-mode transfer keeps "\x89PNG" but its line breaks are rewritten.
	it('a PNG whose signature a text-mode transfer rewrote (CRLF to LF, LF to CRLF) is a PNG whose signature is mangled', () => {
		const png = makePng();
		const mangled = 'PNG image (damaged: its PNG signature is mangled, typically by a text-mode transfer)';
		expect(named(concat([[0x89, 0x50, 0x4e, 0x47, 0x0a, 0x1a, 0x0a], png.subarray(8)]))).toEqual({ mime: 'image/png', kind: mangled, problems: ['CORRUPT_FILE'] });
		expect(named(concat([[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0d, 0x0a, 0x1a, 0x0d, 0x0a], png.subarray(8)]))).toMatchObject({ kind: mangled });
	});

	// Mutants of the header-only test (L163: `v.len === 2`, `v.b[0] === 0xff`, `v.b[1] === 0xd8` each made true,
	// `||` for either `&&`): only the two bytes FF D8 and nothing else are "a JPEG with nothing after its start".
	it.each([
		['FF D8 followed by zeros', [0xff, 0xd8, 0, 0, 0, 0, 0, 0]],
		['the two bytes 00 D8', [0x00, 0xd8]],
		['the two bytes FF 00', [0xff, 0x00]],
		['00 D8 followed by zeros', [0x00, 0xd8, 0, 0, 0, 0]],
	])('%s is an unrecognised file, not a JPEG with nothing after its start marker', (_, bytes) => {
		expect(named(new Uint8Array(bytes))).toEqual(UNRECOGNISED_FILE);
	});

	// Mutants of the lost-start-marker test (L165: the Exif branch made false or `!== 0xe1`; the marker byte, each
	// segment marker and 'JFIF\0' made true or emptied, `||` for `&&`): most phone photos start with an Exif
	// segment after the start marker; a JFIF or Exif name under another marker, or without the FF byte, is no JPEG.
	it('a phone photo that lost its start marker (it starts with its Exif segment) is a JPEG whose start marker is missing', () => {
		expect(named(makeJpeg({ header: 'exif' }).subarray(2))).toMatchObject({
			mime: 'image/jpeg',
			kind: 'JPEG photo (damaged: its start-of-image marker is missing)',
			problems: ['CORRUPT_FILE'],
		});
	});
	it.each([
		['"JFIF" after 00 E0 (no marker byte)', [0x00, 0xe0, 0x00, 0x10], 'JFIF\0'],
		['"JFIF" after FF 00 (a stuffed byte, not a marker)', [0xff, 0x00, 0x00, 0x10], 'JFIF\0'],
		['"Exif" after FF 00', [0xff, 0x00, 0x00, 0x10], 'Exif\0'],
		['"Exif" in an APP0 segment', [0xff, 0xe0, 0x00, 0x10], 'Exif\0'],
		['"JFIF" in an APP1 segment', [0xff, 0xe1, 0x00, 0x10], 'JFIF\0'],
	])('%s is an unrecognised file, not a JPEG without its start marker', (_, marker, name) => {
		expect(named(concat([marker, latin1(name), new Uint8Array(24)]))).toEqual(UNRECOGNISED_FILE);
	});

	// Mutants of the headless-PDF scan's bounds (L170 `p < 64` made true or `<=`; L172 `q > p` made true or `>=`,
	// `||` for its first `&&`; L177 `r > generation` made true or `>=`, `keyword > r` made true or `>=`): the scan
	// reads at most 64 blank bytes before the object number, at most 12 digits and 64 blanks per step, and "obj" must
	// be a word of its own, so a long run of blanks, a 13-digit number or "0obj" never make a text a PDF.
	it.each([
		['65 blank lines, then "1 0 obj"', `${'\n'.repeat(65)}1 0 obj\n`],
		['65 blank lines, then "1 obj"', `${'\n'.repeat(65)}1 obj\n`],
		['a 13-digit number and "obj"', '1234567890123 obj\n'],
		['a number, 65 spaces and "obj"', `1${' '.repeat(65)}obj\n`],
		['two numbers run into "obj" ("1 0obj")', '1 0obj notes\n'],
	])('a note of %s is plain text, not a PDF without its header', (_, text) => {
		expect(named(utf8(text))).toMatchObject({ mime: 'text/plain', problems: ['UNSUPPORTED_TYPE'] });
	});
});

describe('the 4 KiB text sample (sniff-text.ts looksLikeText)', () => {
	const UNRECOGNISED = { mime: null, kind: 'unrecognised file', problems: ['UNSUPPORTED_TYPE'] };
	const note = (n: number) => 'ACME Coffee, 1 x Espresso 2.80 EUR, thank you! '.repeat(Math.ceil(n / 40)).slice(0, n);

	// Mutant: `c === 0` -> false (L53): a NUL byte would count as one control character, within the 1 %.
	it('a text with a single NUL byte in it is an unrecognised file, not plain text', () => {
		expect(named(concat([latin1(note(300)), [0], latin1(note(300))]))).toEqual(UNRECOGNISED);
	});

	// Mutants: the control-character test made false or `c === 0x1b` (L54), `controls--` (L54), the 1 % test made
	// true (L57), `controls / 100` (L57): bytes that are all control characters would be text.
	it('bytes that are all control characters (no NUL) are an unrecognised file, not plain text', () => {
		const controls = [1, 2, 3, 4, 5, 6, 7, 8, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1c, 0x1d, 0x1e, 0x1f];
		expect(named(new Uint8Array([...controls, ...controls, ...controls]))).toEqual(UNRECOGNISED);
	});

	// Mutants: tab, carriage return, form feed, escape counted as control characters (L54 `c !== 0x09`, `0x0d`,
	// `0x0c`, `0x1b` -> true): each is over 1 % of these files.
	it.each([
		['a tab-separated export', 'Date\tItem\tAmount\n2026-11-28\tEspresso\t2.80\n'],
		['a text with Windows line breaks', 'Espresso 2.80\r\nTaxi 14.00\r\n'],
		['a text with a page break per page', 'Page 1: Espresso 2.80 EUR\n\f'],
		['a terminal log with colour codes', '\x1b[1mTotal\x1b[0m 2.80 EUR\n'],
	])('%s is plain text', (_, line) => {
		expect(named(utf8(line.repeat(20)))).toEqual({ mime: 'text/plain', kind: 'plain text file', problems: ['UNSUPPORTED_TYPE'] });
	});

	// Mutants: `controls * 100 <= to - from` -> `<` and `to + from` (L57): one control character in 100 bytes is
	// text, one in 99 is not; the UTF-8 byte order mark is not part of the count.
	it('one control character in 100 bytes is still text, one in 99 is not, with or without a UTF-8 byte order mark', () => {
		for (const bom of [false, true]) {
			expect(mimeOf(utf8(`${note(99)}\x07`, bom))).toBe('text/plain');
			expect(named(utf8(`${note(98)}\x07`, bom))).toEqual(UNRECOGNISED);
		}
	});

	// Mutants: `i < to` -> `i <= to` (L50: the byte right after the sample is read too), and in sniff.ts
	// `Math.min(v.len, TEXT_SAMPLE_BYTES)` -> `Math.max` (L144: a file starting with "MZ" tested whole for text).
	it('a text is named by its first 4 KiB, also when binary data follows them and when it starts with "MZ"', () => {
		expect(mimeOf(concat([latin1(note(4096)), new Uint8Array(64)]))).toBe('text/plain');
		expect(named(concat([latin1(`MZ-4471 service invoice. ${note(4096 - 25)}`), new Uint8Array(64)]))).toMatchObject({ mime: 'text/plain', kind: 'plain text file' });
	});

	// Mutants: the sample's work `v.work += to - from` -> `-=`, the guard `to > from` -> false or `to <= from`
	// (L49): the text test reads each byte of the sample, the copy reads it again, the patterns 4 units a character.
	it('naming a 4 KiB plain text file counts its sample twice (the text test, the copy) and 4 units per character', () => {
		const { verdict, work } = measureValidationWork(utf8(note(4096)), { computeSha256: false });
		expect(verdict.detectedMimeType).toBe('text/plain');
		expect(work).toBeGreaterThanOrEqual(2 * 4096 + 4 * 4096);
	});
});

describe('web pages and drawings (sniff-text.ts classifyMarkup)', () => {
	const html = (text: string) => mimeOf(utf8(text));

	// Mutants: `/^[\s\u00a0]+/` -> `/^[\s\u00a0]/` and its replacement '' -> "Stryker was here!" (L61).
	it('an HTML page that starts with blank lines and an indent is a web page', () => {
		expect(html(`\n\n  ${TEXTS.html}`)).toBe('text/html');
		expect(html(` ${TEXTS.html}`)).toBe('text/html');
	});

	// Mutants: `!s.startsWith('<')` -> false and '<' -> '' (L62): the later searches for <html and <svg anywhere
	// would name the note a web page or a drawing.
	it('a note that does not start with "<" is plain text, even when it mentions <html> or <svg> further on', () => {
		expect(html('Total 12.50 EUR\nThe shop sent an <html> page instead of the receipt\n')).toBe('text/plain');
		expect(html('Logo for the expense report: <svg width="10"> attached separately\n')).toBe('text/plain');
	});

	// Mutants of the comment skip (L68): only one comment skipped (`+` dropped), a comment of one character or of
	// none (`[\s\S]`, `[^\s\S]`), of no blanks or only blanks (`[\S\S]`, `[\s\s]`), exactly one blank or non-blanks
	// after it (`\s`, `\S*`), the replacement '' -> "Stryker was here!"; and the first two HTML tests (L71-L72)
	// made false or joined with `&&`.
	it('an HTML fragment behind two comments (as e-mail templates start, with Windows line breaks) is a web page', () => {
		expect(html('<!-- header -->\r\n<!-- generated 2026-11-28 -->\r\n<table><tr><td>Total</td><td>12.50</td></tr></table>\r\n')).toBe('text/html');
	});

	// Mutants: `rest.startsWith('<!doctype html')` -> endsWith (L71), the first two HTML tests made false or `&&`.
	it('an HTML5 page with its doctype and no <html> element is a web page', () => {
		expect(html('<!DOCTYPE html>\n<meta charset="utf-8">\n<title>Receipt 4471</title>\n<p>Total 12.50 EUR</p>\n')).toBe('text/html');
	});

	// Mutants of the leading-tag pattern (L72): `h[1-6]` -> `h[^1-6]`, `[\s>/]` -> `[^\s>/]` and `[\S>/]`.
	it('HTML fragments starting with a heading or a paragraph with attributes are web pages', () => {
		expect(html('<h1>Receipt 4471</h1>\n<p>Total 12.50 EUR</p>\n')).toBe('text/html');
		expect(html('<p class="total">Total 12.50 EUR</p>\n')).toBe('text/html');
	});

	// Mutant: the leading-tag pattern without its `^` (L72): a tag anywhere would make the text a web page.
	it('a mail saved as text, starting with "<no subject>", is plain text even when it mentions an <a> tag', () => {
		expect(html('<no subject>\nForwarded: the shop says the <a> link in their mail is the receipt\n')).toBe('text/plain');
	});

	// Mutant: `rest.startsWith('<svg')` -> endsWith (L69): a root element with a namespace prefix has no `<svg `.
	it('an SVG drawing whose root element has a namespace prefix (<svg:svg>) is SVG', () => {
		expect(html('<svg:svg xmlns:svg="http://www.w3.org/2000/svg" width="10" height="10"/>\n')).toBe('image/svg+xml');
	});
});

describe('bytes that only start like a signature are unrecognised (sniff.ts)', () => {
	const UNRECOGNISED = { mime: null, kind: 'unrecognised file', problems: ['UNSUPPORTED_TYPE'] };
	const padded = (head: number[]) => concat([head, new Uint8Array(32)]);

	// Mutants of isZipMagic (L78): `c2 === 5 || c3 === 6`, `c2 === 5` -> true, `c2 === 7 || c3 === 8`,
	// `c2 === 7` -> true, `c3 === 8` -> true: "PK" is a ZIP archive only before 03 04, 05 06 or 07 08 (as file(1)).
	it.each([
		[[0x50, 0x4b, 0x05, 0x00]],
		[[0x50, 0x4b, 0x00, 0x06]],
		[[0x50, 0x4b, 0x07, 0x00]],
		[[0x50, 0x4b, 0x00, 0x08]],
	])('"PK" followed by %j is an unrecognised file, not a ZIP archive', (head) => {
		expect(named(padded(head))).toEqual(UNRECOGNISED);
	});

	// Mutant: the RAR version byte test made true (L67): only 0 (RAR 1.5-4) and 1 (RAR 5) are RAR archives.
	it('a RAR signature with an unknown version byte (2) is an unrecognised file', () => {
		expect(named(padded([...latin1('Rar!\x1a\x07'), 2]))).toEqual(UNRECOGNISED);
	});

	// Mutant: `archCount > 0` -> `>= 0` (L60): CA FE BA BE with 0 architectures (and Java version 0) is neither a
	// universal macOS program nor a Java class.
	it('CA FE BA BE followed by zeros is an unrecognised file, not a macOS program', () => {
		expect(named(padded([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0]))).toEqual(UNRECOGNISED);
	});

	// Mutants: `v.u16le(4) > 0` -> true and `>= 0` (L73): an icon directory of 0 images is no icon; `v.len >= 6` ->
	// `> 6` and -> true (L73): the bare 6-byte header of a one-image icon names it, its first 5 bytes do not (the
	// image count would be read half past the end).
	it('an icon header of 0 images is an unrecognised file; the 6-byte header of a one-image icon is a Windows icon, its first 5 bytes are not', () => {
		expect(named(padded([0, 0, 1, 0, 0, 0]))).toEqual(UNRECOGNISED);
		expect(mimeOf(new Uint8Array([0, 0, 1, 0, 1, 0]))).toBe('image/x-icon');
		expect(named(new Uint8Array([0, 0, 1, 0, 1]))).toEqual(UNRECOGNISED);
	});
});
