// More of what a file is named from its bytes (validation/sniff.ts), found by re-running the mutation run's former
// timeouts (issue 18, reports/mutation/SURVIVORS.md). The name is what the refusal message says the file is ("This
// file is a 7-Zip archive, not …"), and a damaged receipt must be told from a file of another type: a BigTIFF scan
// is a TIFF image, a WAV recording is not a WebP picture, a ZIP that only holds a Word document is not one. Each
// case is a file in, the detected type and the verdict out; where only the cost of naming differs, the work units
// counted by measureValidationWork (bytes.ts: 64 a ZIP header, 16 a PNG chunk, 1 a byte read as text).

import { measureValidationWork, validateReceiptFile } from '../../nodes/ConcurImaging/validation';
import { latin1 } from '../../support/validation-fixtures/pdf';
import { chunk, concat, makePng } from '../../support/validation-fixtures/png';
import { docx, gif, machO, pptx, tiff, utf8, webp, xlsx, zip } from '../validation/fixtures/other';

function named(bytes: Uint8Array): { mime: string | null; kind: string | undefined; problems: string[] } {
	const v = validateReceiptFile(bytes, { computeSha256: false });
	return { mime: v.detectedMimeType, kind: v.detectedKind, problems: v.problems.map((p) => p.code) };
}
const mimeOf = (bytes: Uint8Array) => named(bytes).mime;
const workOf = (bytes: Uint8Array) => measureValidationWork(bytes, { computeSha256: false }).work;
const UNRECOGNISED = { mime: null, kind: 'unrecognised file', problems: ['UNSUPPORTED_TYPE'] };

const le16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const be32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const padded = (head: number[], size = 64) => concat([head, new Uint8Array(Math.max(0, size - head.length))]);

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ODT = 'application/vnd.oasis.opendocument.text';
const ZIP = { mime: 'application/zip', kind: 'ZIP archive or Office document', problems: ['UNSUPPORTED_TYPE'] };

/** A ZIP local file header for `name` with `data` stored (no central directory), with flags, extra field, sizes. */
function zipEntry(name: string, data: string | Uint8Array, options: { flags?: number; extra?: number[]; sizes?: number } = {}): Uint8Array {
	const body = typeof data === 'string' ? latin1(data) : data;
	const extra = options.extra ?? [];
	const size = options.sizes ?? body.length;
	const header = [...le32(0x04034b50), ...le16(20), ...le16(options.flags ?? 0), ...le16(0), ...le16(0), ...le16(0), ...le32(0), ...le32(size), ...le32(size), ...le16(name.length), ...le16(extra.length)];
	return concat([header, latin1(name), extra, body]);
}

describe('images named by their signature (sniff.ts sniffMagic)', () => {
	// Mutant: the JPEG test `b0 === 0xff && …` -> true (L35): every file after a PNG would be a JPEG photo.
	it('a GIF, a TIFF and a WebP picture are each named for what they are, not a JPEG photo', () => {
		expect(named(gif())).toMatchObject({ mime: 'image/gif', kind: 'GIF image', problems: ['UNSUPPORTED_TYPE'] });
		expect(mimeOf(tiff(false))).toBe('image/tiff');
		expect(mimeOf(webp('VP8L'))).toBe('image/webp');
	});

	// Mutants: the BigTIFF test made false, `||` -> `&&` (L38).
	it('a BigTIFF scan, little- or big-endian, is named a TIFF image', () => {
		const tiff = { mime: 'image/tiff', kind: 'TIFF image (often made by scanners and fax software)', problems: ['UNSUPPORTED_TYPE'] };
		expect(named(padded([0x49, 0x49, 0x2b, 0x00, 8, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0]))).toEqual(tiff);
		expect(named(padded([0x4d, 0x4d, 0x00, 0x2b, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16]))).toEqual(tiff);
	});

	// Mutants: `'RIFF' && 'WEBP'` -> `||`, 'WEBP' -> '' (L39): every RIFF file (WAV, AVI) would be a WebP picture;
	// 'RIFF' -> '' (L39): any file with "WEBP" at byte 8 would be one.
	it('a WAV recording (RIFF but not WEBP) is an unrecognised file, a note "Convert WEBP …" is text, not WebP', () => {
		const wav = concat([latin1('RIFF'), le32(36), latin1('WAVEfmt '), le32(16), le16(1), le16(1), le32(8000), le32(8000), le16(1), le16(8), latin1('data'), le32(0)]);
		expect(named(wav)).toEqual(UNRECOGNISED);
		expect(named(utf8('Convert WEBP to PNG before uploading the receipt\n'))).toMatchObject({ mime: 'text/plain', problems: ['UNSUPPORTED_TYPE'] });
	});
});

describe('animated PNGs (sniff.ts sniffApng)', () => {
	const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
	const ihdr = makePng().subarray(8, 33);
	const text = (i: number) => chunk('tEXt', latin1(`Comment\0note ${i}`));
	const actl = chunk('acTL', new Uint8Array([0, 0, 0, 1, 0, 0, 0, 0]));
	const rest = makePng().subarray(33); // IDAT, IEND
	const APNG = 'PNG image (animated PNG; Concur shows its first frame)';

	// Mutants: the walk's test made false, `n >= 64`, `p + 8 > v.len` (L84), its body emptied (L84), `p -= …` and
	// `12 - v.u32be(p)` (L88), the acTL test made false or `p - 4` (L86), the IDAT test made true or 'IDAT' -> ''
	// (L87): the acTL chunk would not be found.
	it('an animated PNG is named an animated PNG and is valid', () => {
		expect(named(makePng({ apng: true }))).toEqual({ mime: 'image/png', kind: APNG, problems: [] });
	});

	// Mutants: the IDAT test made false or `p - 4` (L87): the walk would go on past the image data. An acTL chunk
	// after the first IDAT does not make a PNG animated (APNG specification: acTL must come before IDAT).
	it('a PNG with an acTL chunk after its image data is a still PNG image', () => {
		const png = concat([sig, ihdr, rest.subarray(0, rest.length - 12), actl, rest.subarray(rest.length - 12)]);
		expect(named(png)).toEqual({ mime: 'image/png', kind: 'PNG image', problems: [] });
	});

	// Mutants: `n < 64` -> true, `n <= 64`, and `n++` -> `n--` (L84), `n < 64 && …` -> `||` (L84): the walk for the
	// animation chunk reads at most 64 chunks, so its cost is bounded; an acTL chunk as the 64th chunk is found,
	// one as the 65th is not.
	it('the search for an animation chunk reads at most 64 chunks: an acTL as 64th chunk is found, as 65th it is not', () => {
		const before = (k: number) => Array.from({ length: k }, (_, i) => text(i));
		expect(named(concat([sig, ihdr, ...before(62), actl, rest]))).toMatchObject({ kind: APNG, problems: [] });
		expect(named(concat([sig, ihdr, ...before(63), actl, rest]))).toMatchObject({ kind: 'PNG image', problems: [] });
	});

	// Mutants: `p + 8 <= v.len` -> true and `n < 64 && …` -> `||` (L84) walk 64 times past the end of a short PNG
	// (1024 units). A PNG cut off after its header chunk costs under 2 units a byte.
	it('naming a PNG cut off after its header chunk stops at its end (under 2 work units a byte) and calls it damaged', () => {
		const cut = concat([sig, ihdr]);
		expect(named(cut)).toMatchObject({ mime: 'image/png', kind: 'PNG image', problems: ['CORRUPT_FILE'] });
		expect(workOf(cut)).toBeLessThan(2 * cut.length);
	});

	// Mutant: `p + 8 <= v.len` -> `<` (L84): a chunk header that ends exactly at the end of the file is read.
	it('an animated PNG cut off right after the name of its acTL chunk is named an animated PNG, and damaged', () => {
		expect(named(concat([sig, ihdr, [0, 0, 0, 8], latin1('acTL')]))).toEqual({ mime: 'image/png', kind: APNG, problems: ['CORRUPT_FILE'] });
	});
});

describe('HEIC photos and other ISO media files (sniff.ts sniffIsoMedia)', () => {
	// Mutant: `v.len < 12` -> `<= 12` (L95): the 12 bytes up to the end of the major brand name the file.
	it('the first 12 bytes of an iPhone photo (its ftyp box up to the brand) name a HEIC photo', () => {
		expect(named(concat([be32(24), latin1('ftypheic')]))).toMatchObject({ mime: 'image/heic', problems: ['UNSUPPORTED_TYPE'] });
	});

	// Mutants: `v.len < 12` -> false and the whole test -> false (L95): a brand cut off would name an MP4 video.
	it('an iPhone photo cut off inside its brand (11 bytes) is an unrecognised file', () => {
		expect(named(concat([be32(24), latin1('ftyphei')]))).toEqual(UNRECOGNISED);
	});

	// Mutants: `(v.b[8] & 0x60) === 0` -> false and `||` -> `&&` (L95): a brand that is no name (NUL bytes) would be
	// an MP4 video.
	it('bytes with "ftyp" at byte 4 but no brand (zeros) are an unrecognised file, not an MP4 video', () => {
		expect(named(padded([...be32(16), ...latin1('ftyp')], 48))).toEqual(UNRECOGNISED);
	});

	// Mutant: `.replace('\0', ' ')` -> `.replace('', ' ')` (L96): a brand padded with a NUL byte would not be found.
	it('an M4A recording whose brand is padded with a NUL byte ("M4A\\0") is an audio recording', () => {
		const m4a = concat([be32(20), latin1('ftypM4A\0'), be32(0), latin1('isom'), be32(8), latin1('mdat')]);
		expect(named(m4a)).toMatchObject({ mime: 'audio/x-m4a', kind: 'audio recording (M4A)' });
	});
});

describe('ZIP archives and Office documents (sniff.ts sniffZip)', () => {
	// Mutants of isZipMagic (L78): `c2 === 3` -> true, `c3 === 4` -> true, `c2 === 3 && c3 === 4` -> `||`: "PK"
	// is a ZIP archive only before 03 04, 05 06 or 07 08.
	it.each([[[0x50, 0x4b, 0x03, 0x00]], [[0x50, 0x4b, 0x00, 0x04]]])('"PK" followed by %j is an unrecognised file, not a ZIP archive', (head) => {
		expect(named(padded(head))).toEqual(UNRECOGNISED);
	});

	// Mutants: `hasContentTypes = false` -> true (L106), `name === '[Content_Types].xml'` -> true or `!==` (L118):
	// without the package's content-type list a folder named "word" is only a folder.
	it('a ZIP of a folder named "word" (no [Content_Types].xml) is a ZIP archive, not a Word document', () => {
		expect(named(zip([['word/notes.txt', 'Receipts to file'], ['word/total.txt', '12.50 EUR']]))).toEqual(ZIP);
	});

	// Mutants: the `xl/` and `ppt/` tests made false or endsWith (L128, L129).
	it('an Excel workbook and a PowerPoint presentation are named so', () => {
		expect(named(xlsx())).toMatchObject({ mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', kind: 'Excel workbook (.xlsx)' });
		expect(named(pptx())).toMatchObject({ mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', kind: 'PowerPoint presentation (.pptx)' });
		expect(mimeOf(docx())).toBe(DOCX);
	});

	// Mutants: the OpenDocument text test made false or endsWith (L121).
	it('an OpenDocument text is named so, also with a line break after its mimetype', () => {
		expect(named(zip([['mimetype', ODT], ['content.xml', '<office:document-content/>']]))).toMatchObject({ mime: ODT, kind: 'OpenDocument text (.odt)' });
		expect(mimeOf(zip([['mimetype', `${ODT}\n`]]))).toBe(ODT);
	});

	// Mutant: `method = v.u16le(p + 8)` -> `p - 8` (L112): a mimetype entry that is not the first one would be
	// read as compressed.
	it('an OpenDocument text re-zipped with its mimetype entry after the manifest is still an OpenDocument text', () => {
		expect(mimeOf(zip([['META-INF/manifest.xml', '<manifest:manifest/>'], ['mimetype', ODT]]))).toBe(ODT);
	});

	// Mutants: `name === 'mimetype' && method === 0` -> true, `name === 'mimetype'` -> true, `&&` -> `||` (L119):
	// only the entry named mimetype says what the package is.
	it('a ZIP holding a note that starts with the OpenDocument media type is a ZIP archive', () => {
		expect(named(zip([['notes.txt', `${ODT} is the media type of .odt files`]]))).toEqual(ZIP);
	});

	// Mutants: `extraLen = v.u16le(p + 28)` -> `p - 28` (L115), `+ extraLen` -> `- extraLen` (L117): Info-ZIP
	// writes an extended-timestamp extra field ("UT", 9 bytes) after each name; the next header is behind it.
	it('a Word document zipped by Info-ZIP (an extra field after each name) is a Word document', () => {
		const ut = [0x55, 0x54, 5, 0, 3, 0x60, 0x1f, 0x6a, 0x69];
		const file = concat([zipEntry('[Content_Types].xml', '<Types/>', { extra: ut }), zipEntry('word/document.xml', '<w:document/>', { extra: ut })]);
		expect(mimeOf(file)).toBe(DOCX);
	});

	// Mutant: `flags = v.u16le(p + 6)` -> `p - 6` (L111): the flags of the folder entry "_rels/" (empty) would be
	// read from the data before it ("yp" of "<Types/>", bit 3 set), as if its sizes followed its data, and the scan
	// would stop before word/. `zip -r` of an unpacked document writes such folder entries.
	it('a Word document re-zipped with its folder entries (zip -r) is a Word document', () => {
		const file = concat([
			zipEntry('[Content_Types].xml', '<Types/>'),
			zipEntry('_rels/', ''),
			zipEntry('_rels/.rels', '<Relationships/>'),
			zipEntry('word/', ''),
			zipEntry('word/document.xml', '<w:document/>'),
		]);
		expect(mimeOf(file)).toBe(DOCX);
	});

	// Mutants: the data-descriptor break made false (L133, whole and first part): a streaming writer (Go's
	// archive/zip, also for stored entries) leaves the sizes 0 and writes them after the data; the scan would go
	// on at the entry's data, here the headers of the Word document the archive holds.
	it('a ZIP written by a streaming writer that holds a Word document is a ZIP archive, not a Word document', () => {
		const inner = docx();
		const descriptor = [...le32(0x08074b50), ...le32(0), ...le32(inner.length), ...le32(inner.length)];
		expect(named(concat([zipEntry('receipt.docx', inner, { flags: 0x08, sizes: 0 }), descriptor]))).toEqual(ZIP);
	});

	// Mutants: `n < ZIP_SCAN_ENTRIES` -> true or `<=` and `n++` -> `n--` (L109): the scan reads at most 64 local
	// headers, so a word/ part as 64th entry names a Word document, as 65th it does not.
	it('the scan reads at most 64 entries: word/ as 64th entry names a Word document, as 65th a ZIP archive', () => {
		const others = (k: number) => Array.from({ length: k }, (_, i) => zipEntry(`media/image${i}.png`, 'x'));
		const word = zipEntry('word/document.xml', '<w:document/>');
		expect(mimeOf(concat([zipEntry('[Content_Types].xml', '<Types/>'), ...others(62), word]))).toBe(DOCX);
		expect(named(concat([zipEntry('[Content_Types].xml', '<Types/>'), ...others(63), word]))).toEqual(ZIP);
	});

	// Mutants: `Math.min(v.len, ZIP_SCAN_BYTES)` -> `Math.max` (L108), `p + 30 <= limit` -> true, `<` or `p - 30`
	// (L109), `n < … && p + 30 <= limit` -> `||` (L109): a header is read only when it ends within the first 64 KiB.
	it('the scan reads headers within the first 64 KiB: word/ at byte 65506 names a Word document, at 65507 a ZIP archive', () => {
		const at = (offset: number) => concat([zipEntry('[Content_Types].xml', 'x'.repeat(offset - 30 - 19)), zipEntry('word/document.xml', '<w:document/>')]);
		expect(mimeOf(at(65506))).toBe(DOCX);
		expect(named(at(65507))).toEqual(ZIP);
	});

	// Mutants: `v.work += 64` -> `-=` (L110), the signature test `[0x50, 0x4b, 0x03, 0x04]` -> `[]` and `n < …
	// && p + 30 <= limit` -> `||` (L109: the central directory read as a header), `Math.min(compressed, 128)` ->
	// `Math.max` (L120: 128 bytes read for a 39-byte mimetype): naming a ZIP costs 64 units per local header plus
	// the bytes of its name and of its mimetype, and nothing for the central directory behind them.
	it('naming a ZIP reads its local headers (64 units each), their names and the mimetype, not the central directory', () => {
		expect(workOf(zip([['a.txt', 'receipt']]))).toBe(64 + 'a.txt'.length);
		expect(workOf(zip([['mimetype', ODT]]))).toBe(64 + 'mimetype'.length + ODT.length);
	});
});

describe('programs (sniff.ts)', () => {
	// Mutants of the Mach-O magic test (L50: its parts made false, `||` -> `&&`): the big-endian (PowerPC) magics
	// FE ED FA CE / CF, and the little-endian CE / CF FA ED FE.
	it.each([
		[[0xfe, 0xed, 0xfa, 0xce, 0, 0, 0, 18]],
		[[0xfe, 0xed, 0xfa, 0xcf, 1, 0, 0, 18]],
		[[0xce, 0xfa, 0xed, 0xfe, 7, 0, 0, 0]],
		[[0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]],
	])('a macOS program starting with %j is named a macOS program', (head) => {
		expect(named(padded(head))).toEqual({ mime: 'application/x-mach-binary', kind: 'macOS program (Mach-O executable)', problems: ['UNSUPPORTED_TYPE'] });
	});

	// Mutants: `v.len >= 8` -> `> 8` (L57): the 8-byte header of a universal program names it; `archCount <= 30`
	// -> `< 30` (L60): file(1) takes up to 30 architectures.
	it('a universal macOS program is named by its 8-byte header, also with 30 architectures', () => {
		expect(mimeOf(machO(true).subarray(0, 8))).toBe('application/x-mach-binary');
		expect(mimeOf(padded([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 30]))).toBe('application/x-mach-binary');
	});

	// Mutant: `v.u16be(6) > 30` -> `>= 30` (L61): a Java class has a major version of at least 45 (JDK 1.1); CA FE
	// BA BE, minor 1, major 30 is neither that nor a universal program (65566 architectures).
	it('a JDK 1.1 Java class is a Java program; CA FE BA BE of version 1.30 is an unrecognised file', () => {
		expect(named(padded([0xca, 0xfe, 0xba, 0xbe, 0, 3, 0, 45]))).toMatchObject({ mime: 'application/java-vm', kind: 'Java program (.class)' });
		expect(named(padded([0xca, 0xfe, 0xba, 0xbe, 0, 1, 0, 30]))).toEqual(UNRECOGNISED);
	});

	// Mutant: `v.len >= 8` -> true (L57): 7 bytes cannot say Java class or macOS program (the version is cut off).
	it('CA FE BA BE cut off inside its version (7 bytes) is an unrecognised file', () => {
		expect(named(new Uint8Array([0xca, 0xfe, 0xba, 0xbe, 0, 0, 1]))).toEqual(UNRECOGNISED);
	});
});

describe('BMP images (sniff.ts isBmp)', () => {
	// Mutant: `v.len < 26` -> `<= 26` (L148): the 26 bytes of an OS/2 bitmap's headers (14 + 12) name it.
	it('the 26-byte headers of an OS/2 bitmap name a BMP image', () => {
		expect(mimeOf(concat([latin1('BM'), le32(30), [0, 0, 0, 0], le32(26), le32(12), le16(1), le16(1), le16(1), le16(24)]))).toBe('image/bmp');
	});

	// Mutant: `v.len < 26` -> false (L148): "BM" and less than the headers is not yet a bitmap.
	it('"BM" and 18 bytes (a DIB header size of 40 but nothing of the header) is an unrecognised file', () => {
		expect(named(concat([latin1('BM'), le32(70), [0, 0, 0, 0], le32(54), le32(40)]))).toEqual(UNRECOGNISED);
	});

	// Mutant: the DIB header size test made true (L150): any text of 26 bytes or more starting with "BM" would be
	// a bitmap.
	it('a note starting with "BM", 26 bytes or longer, is plain text', () => {
		expect(named(utf8('BMW service invoice 240 EUR, 28 Nov\n'))).toMatchObject({ mime: 'text/plain', problems: ['UNSUPPORTED_TYPE'] });
	});
});

describe('PDF bodies without their header (sniff.ts skipDigits, skipWhite)', () => {
	const HEADLESS = { mime: 'application/pdf', kind: 'PDF document (damaged: its %PDF- header is missing)', problems: ['CORRUPT_FILE'] };
	const TEXT = { mime: 'text/plain', kind: 'plain text file', problems: ['UNSUPPORTED_TYPE'] };

	// Mutants: `n++ < 12` -> `<= 12`, -> true, `n--` (L186): an object number has at most 12 digits read.
	it('a 12-digit object number before "0 obj" is a PDF without its header; a 13-digit one is plain text', () => {
		expect(named(utf8('123456789012 0 obj\n<< >>\nendobj\n'))).toEqual(HEADLESS);
		expect(named(utf8('1234567890123 0 obj\n<< >>\nendobj\n'))).toEqual(TEXT);
	});

	// Mutants: `n++ < 64` -> `<= 64`, -> true, `n--` (L192): at most 64 blanks are skipped between the numbers and
	// between the generation number and "obj".
	it('64 blanks between the numbers or before "obj" are a PDF without its header; 65 are plain text', () => {
		expect(named(utf8(`1${' '.repeat(64)}0 obj\n`))).toEqual(HEADLESS);
		expect(named(utf8(`1 0${' '.repeat(64)}obj\n`))).toEqual(HEADLESS);
		expect(named(utf8(`1${' '.repeat(65)}0 obj\n`))).toEqual(TEXT);
		expect(named(utf8(`1 0${' '.repeat(65)}obj\n`))).toEqual(TEXT);
	});
});
