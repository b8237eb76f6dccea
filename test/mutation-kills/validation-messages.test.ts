// What the user reads when a file is refused or warned about (validation/messages.ts), found by the mutation run
// `validation-declared-messages` (issue 18, reports/mutation/SURVIVORS.md). Each message says what is wrong, then
// what to do, in words a non-programmer can act on; a mutant that empties a sentence, drops the advice of a kind of
// file or miscounts a size leaves the user without the fix. Each case is a refusal in, the words out.

import * as messages from '../../nodes/ConcurImaging/validation/messages';
import { TYPES } from '../../nodes/ConcurImaging/validation/sniff-tables';
import type { CorruptReason, Detection } from '../../nodes/ConcurImaging/validation/types';

const THEN_UPLOAD = /then upload (it again|that file|the PDF|it)\.$/;

describe('damaged files: what is wrong, then what to do', () => {
	// Mutants: each entry of the table of damage reasons emptied (the module-level CORRUPT table).
	it.each<[CorruptReason, RegExp]>([
		['pdf-no-eof', /^This PDF is incomplete: its end-of-file marker \(%%EOF\) is missing.*cut off\. Download or export the PDF again/],
		['pdf-truncated', /^This PDF is incomplete: its internal index refers to parts that are missing from the end of the file/],
		['pdf-no-startxref', /^This PDF is damaged: the pointer to its internal index \(startxref\) is missing/],
		['pdf-no-trailer', /^This PDF is damaged: its internal index \(cross-reference table and trailer\) cannot be found\. Open it in a PDF reader/],
		['pdf-no-root', /^This PDF is damaged: .*\(the catalog is missing\)/],
		['pdf-header-only', /^This PDF is empty: it has a PDF header and nothing else/],
		['pdf-no-header', /^This file looks like part of a PDF, but its beginning \(the %PDF- header\) is missing/],
		['png-no-signature', /^This PNG image is damaged: its first bytes \(the PNG signature\) are missing or were altered, typically by a transfer in text mode/],
		['png-header-only', /^This PNG image is empty: it contains its header but no picture/],
		['png-no-ihdr', /^This PNG image is damaged: its image header \(IHDR\) is missing/],
		['png-bad-ihdr', /^This PNG image is damaged: its image header \(size and colours\) is invalid/],
		['png-bad-chunk', /^This PNG image is damaged: its internal structure is invalid/],
		['png-truncated', /^This PNG image is incomplete: it stops before its end marker \(IEND\)/],
		['png-no-idat', /^This PNG image contains no picture data/],
		['png-no-plte', /^This PNG image is damaged: it uses a colour palette, but the palette is missing/],
		['jpeg-no-soi', /^This JPEG photo is damaged: its start marker is missing/],
		['jpeg-header-only', /^This JPEG file contains headers but no picture data/],
		['jpeg-bad-marker', /^This JPEG photo is damaged: its internal structure is invalid/],
		['jpeg-no-frame', /^This JPEG photo is damaged: its frame header \(picture size and colours\) is missing/],
		['jpeg-truncated', /^This JPEG photo is incomplete: it stops before its end marker \(EOI\).*part of the picture is missing/],
	])('%s: %s', (reason, what) => {
		const message = messages.corruptFile(reason);
		expect(message).toMatch(what);
		expect(message).toMatch(/(Download or export (the PDF|it|the image|the photo) again|save or print it as a new PDF)/);
		expect(message).toMatch(reason === 'pdf-no-startxref' ? /if that does not help, open it and save or print it as a new PDF\.$/ : THEN_UPLOAD);
	});

	// Mutants: each limit's reason emptied, and the shared text of a refusal at a limit (refusedAtLimit).
	it.each<[CorruptReason, RegExp]>([
		['pdf-limit-sections', /: the file has more than 512 revisions \(incremental updates saved on top of each other\)\. So/],
		['pdf-limit-work', /: its internal index is built so that checking it would take more than 4 steps per byte of the file, far more than any normal PDF needs\. So/],
		['pdf-limit-dict-size', /: an entry of its internal index is larger than 64 KB, far larger than PDF writers make them\. So/],
		['pdf-limit-depth', /: its internal index has dictionaries nested more than 32 levels deep\. So/],
		['pdf-limit-token', /: its internal index has a number longer than 32 characters or a word longer than 64 characters\. So/],
		['pdf-limit-repair', /: the pointers to its internal index are wrong, and the search for the index gave up after 16 unusable candidates\. So/],
	])('%s names its limit', (reason, why) => {
		const message = messages.corruptFile(reason);
		expect(message).toMatch(/^This PDF cannot be checked for encryption within the limits of this check: /);
		expect(message).toMatch(why);
		expect(message).toMatch(/So that no encrypted PDF slips through, it is refused\. Open it in a PDF reader and save or print it as a new PDF \(that rewrites its internal index and keeps only the final version\), then upload that file\.$/);
	});
});

describe('files of a type Concur does not take: what they are, then what to do with them', () => {
	const HEIC = /Convert it to JPEG \(on an iPhone, Settings > Camera > Formats > Most Compatible makes new photos JPEG\), then upload it again\.$/;
	const IMAGE = /Convert it to JPEG or PNG \(or save the scan as PDF\), then upload it again\.$/;
	const SVG = /Export or print it as PDF or PNG, then upload it again\.$/;
	const HTML = /This often happens when a download link returns a sign-in or error page instead of the receipt\. Download the receipt itself \(PDF, PNG or JPEG\) and upload it again\.$/;
	const XML = /Upload the readable version instead: the PDF of the invoice, or the invoice printed to PDF\.$/;
	const DOCUMENT = /Save or print it as PDF, then upload the PDF\.$/;
	const ARCHIVE = /Extract it and upload each receipt inside \(PDF, PNG or JPEG\) separately\.$/;
	const PROGRAM = /A program is not a receipt: do not open it\. Check that the right attachment was picked and upload the receipt itself \(PDF, PNG or JPEG\)\.$/;
	const MEDIA = /Upload a photo \(JPEG\) or a PDF of the receipt instead\.$/;

	// Mutants: each advice emptied (ADVICE), each family's advice key emptied (ADVICE_BY_FAMILY): the refusal would
	// end in "undefined" or in the advice for documents.
	it.each<[keyof typeof TYPES, RegExp]>([
		['heic', HEIC],
		['heif', HEIC],
		['avif', IMAGE],
		['gif', IMAGE],
		['tiff', IMAGE],
		['webp', IMAGE],
		['bmp', IMAGE],
		['ico', IMAGE],
		['psd', IMAGE],
		['jp2', IMAGE],
		['jxl', IMAGE],
		['cr3', IMAGE],
		['svg', SVG],
		['html', HTML],
		['xml', XML],
		['text', DOCUMENT],
		['rtf', DOCUMENT],
		['ps', DOCUMENT],
		['cfb', DOCUMENT],
		['docx', DOCUMENT],
		['epub', DOCUMENT],
		['zip', ARCHIVE],
		['gz', ARCHIVE],
		['bz2', ARCHIVE],
		['xz', ARCHIVE],
		['sevenZip', ARCHIVE],
		['rar', ARCHIVE],
		['exe', PROGRAM],
		['elf', PROGRAM],
		['macho', PROGRAM],
		['javaClass', PROGRAM],
		['mp4', MEDIA],
		['mov', MEDIA],
		['m4a', MEDIA],
		['threeGp', MEDIA],
	])('a %s file is named, then told what to do', (type, advice) => {
		const detected: Detection = TYPES[type];
		const message = messages.unsupportedType(detected, null);
		expect(message.startsWith(`This file is a${/^[aeiouAEIOU]|^(MP4|RTF|XML|SVG|XZ)\b/.test(detected.kind) ? 'n' : ''} ${detected.kind}. Concur accepts only PDF, PNG and JPEG files. `)).toBe(true);
		expect(message).toMatch(advice);
	});

	// Mutants: the claim's sentence emptied and the names of what a name or type claims (CLAIM_NAMES) emptied.
	it.each([
		['pdf', 'a PDF'],
		['png', 'a PNG image'],
		['jpeg', 'a JPEG photo'],
	])('a file whose name or declared type says %s is told that its content is not %s', (claimed, name) => {
		expect(messages.unsupportedType(TYPES.heic, claimed)).toContain(`. Its name or declared type says it is ${name}, but the content is not. Convert it`);
		expect(messages.unsupportedType(TYPES.unknown, claimed)).toContain(`in another format. Its name or declared type says it is ${name}, but the content is not. Check`);
	});

	it('a claim of a type Concur does not take adds nothing; an unrecognised file is told to check the file picked', () => {
		expect(messages.unsupportedType(TYPES.gif, 'gif')).not.toMatch(/says it is/);
		expect(messages.unsupportedType(TYPES.unknown, null)).toBe(
			"The file's content is not a type Concur accepts (PDF, PNG or JPEG) and could not be recognised: it may be damaged, encrypted or in another format. Check that the right file was picked, then upload a PDF, PNG or JPEG.",
		);
	});

	// Mutants of withArticle: the vowel test and the list of names read with "an" (MP4, RTF, XML, SVG, XZ).
	it('names take "a" or "an" as they are spoken', () => {
		expect(messages.unsupportedType(TYPES.mp4, null)).toMatch(/^This file is an MP4 video\./);
		expect(messages.unsupportedType(TYPES.rtf, null)).toMatch(/^This file is an RTF document\./);
		expect(messages.unsupportedType(TYPES.xml, null)).toMatch(/^This file is an XML document/);
		expect(messages.unsupportedType(TYPES.svg, null)).toMatch(/^This file is an SVG drawing\./);
		expect(messages.unsupportedType(TYPES.xz, null)).toMatch(/^This file is an XZ compressed file\./);
		expect(messages.unsupportedType(TYPES.epub, null)).toMatch(/^This file is an e-book \(EPUB\)\./);
		expect(messages.unsupportedType(TYPES.odt, null)).toMatch(/^This file is an OpenDocument text/);
		expect(messages.unsupportedType(TYPES.gif, null)).toMatch(/^This file is a GIF image\./);
		expect(messages.unsupportedType(TYPES.mov, null)).toMatch(/^This file is a QuickTime video/);
		expect(messages.unsupportedType({ ...TYPES.text, kind: 'XZX file' }, null)).toMatch(/^This file is a XZX file\./);
		// Only the start of the name decides (a name that merely contains "XML" further on takes "a").
		expect(messages.unsupportedType({ ...TYPES.text, kind: 'plain text file (XML inside)' }, null)).toMatch(/^This file is a plain text file \(XML inside\)\./);
	});
});

describe('sizes, as people read them', () => {
	// Mutants of formatSize and groupDigits: the units of 1,024, the rounding (one decimal under 100), the plural.
	it('sizes are written in bytes, KB or MB of 1,024, with one decimal under 100 and digits grouped by thousands', () => {
		expect(messages.formatSize(0)).toBe('0 bytes');
		expect(messages.formatSize(1)).toBe('1 byte');
		expect(messages.formatSize(1023)).toBe('1,023 bytes');
		expect(messages.formatSize(1024)).toBe('1 KB');
		expect(messages.formatSize(1536)).toBe('1.5 KB');
		expect(messages.formatSize(99.94 * 1024)).toBe('99.9 KB');
		expect(messages.formatSize(100.4 * 1024)).toBe('100 KB');
		expect(messages.formatSize(1024 * 1024 - 1)).toBe('1024 KB');
		expect(messages.formatSize(1024 * 1024)).toBe('1 MB');
		expect(messages.formatSize(2.25 * 1024 * 1024)).toBe('2.3 MB');
		expect(messages.formatSize(150.6 * 1024 * 1024)).toBe('151 MB');
		expect(messages.groupDigits(1234567.9)).toBe('1,234,567');
		expect(messages.groupDigits(100)).toBe('100');
	});

	// Mutants of fileTooLarge: the exact byte count shown only from 1 KB, "just over" when the rounded sizes meet.
	it('a file over the limit is told its size, the limit, and how to make it smaller', () => {
		expect(messages.fileTooLarge(500, 100, false)).toBe(
			'The file is 500 bytes, more than the limit of 100 bytes set for this check. Make it smaller (compress the PDF or scan at a lower resolution, reduce the photo size, or split the document), then upload it again.',
		);
		expect(messages.fileTooLarge(12 * 1024 * 1024, 10 * 1024 * 1024, true)).toMatch(
			/^The file is 12 MB \(12,582,912 bytes\), more than Concur's limit of 10 MB \(10,485,760 bytes\)\. Make it smaller/,
		);
		expect(messages.fileTooLarge(2049, 2048, false)).toMatch(/^The file is just over 2 KB \(2,049 bytes\), more than the limit of 2 KB set for this check\./);
		expect(messages.fileTooLarge(1024, 1000, false)).toMatch(/^The file is 1 KB \(1,024 bytes\), more than the limit of 1,000 bytes/);
	});
});

describe('warnings: the file goes up, the user is told what to look at', () => {
	// Mutants of mimeMismatch: the unrecognised case and the real type named.
	it('a declared type that the content contradicts is quoted, with the real type the upload uses', () => {
		expect(messages.mimeMismatch('image/jpeg', TYPES.pdf)).toBe('The file was declared as image/jpeg, but its content is a PDF document. The upload uses the real type (application/pdf).');
		expect(messages.mimeMismatch('application/pdf', TYPES.unknown)).toBe('The file was declared as application/pdf, but its content is not that type (it could not be recognised).');
	});

	// Mutants of extensionMismatch and of quoting: names over 255 characters are cut with an ellipsis.
	it('a file name whose extension the content contradicts is quoted, with the extension to rename it to', () => {
		expect(messages.extensionMismatch('IMG_0001.jpg', 'jpg', TYPES.png)).toBe(
			'The file name "IMG_0001.jpg" ends in .jpg, but the content is a PNG image. The upload uses the real type; renaming the file to .png avoids confusion.',
		);
		expect(messages.extensionMismatch('scan.pdf', 'pdf', TYPES.unknown)).toBe('The file name "scan.pdf" ends in .pdf, but the content is not that type (it could not be recognised).');
		const long = `${'a'.repeat(300)}.jpg`;
		expect(messages.extensionMismatch(long, 'jpg', TYPES.png)).toContain(`"${'a'.repeat(255)}…" ends in .jpg`);
		expect(messages.extensionMismatch(`${'a'.repeat(251)}.jpg`, 'jpg', TYPES.png)).toContain(`"${'a'.repeat(251)}.jpg" ends in`);
		expect(messages.mimeMismatch(`image/${'x'.repeat(300)}`, TYPES.pdf)).toContain(`declared as image/${'x'.repeat(249)}…, but`);
	});

	// Mutants of the two PDF warnings' texts.
	it('the PDF warnings say that readers cope, and what to do if Concur does not', () => {
		expect(messages.pdfHeaderOffset(1200)).toBe(
			'The PDF starts with 1,200 bytes of extra data before its header. Most PDF readers accept this; if Concur rejects the upload, open the PDF and save it again, then upload the new file.',
		);
		expect(messages.pdfXrefRepaired()).toBe(
			"The PDF's internal index points to the wrong places; PDF readers repair this automatically when opening it. If Concur rejects the upload, open the PDF and save or print it as a new PDF, then upload that file.",
		);
	});

	it('an empty file and an encrypted PDF are told why and what to do', () => {
		expect(messages.emptyFile()).toBe('The file is empty (0 bytes). The download, attachment or previous step probably failed: fetch the file again, then upload it.');
		expect(messages.encryptedPdf()).toMatch(/^This PDF is encrypted \(protected by a password or by restrictions on printing, copying or editing\)\. Concur refuses encrypted PDFs, even ones that open without a password\. Open it, remove the security \(in Adobe Acrobat: File > Properties > Security > No Security\) or print it to a new PDF, then upload that file\.$/);
	});
});
