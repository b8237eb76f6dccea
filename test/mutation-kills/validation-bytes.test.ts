// The byte searches under every format check (validation/bytes.ts), found by the mutation run (issue 18,
// reports/mutation/SURVIVORS.md). A wrong search shows as a wrong verdict on a file whose structure sits where
// the search's edge cases are: a keyword that is not there, a run of padding longer than a block, a value right
// before a delimiter, a marker a few bytes before the end. Each case is a file in, the verdict out.

import { measureValidationWork, validateReceiptFile } from '../../nodes/ConcurImaging/validation';
import { makeJpeg } from '../../support/validation-fixtures/jpeg';
import { latin1, rawPdf, simpleObjects, toLatin1 } from '../../support/validation-fixtures/pdf';
import { concat } from '../../support/validation-fixtures/png';
import { withoutNodeBuffer } from '../support/node-globals';

function verdict(bytes: Uint8Array) {
	const v = validateReceiptFile(bytes, { computeSha256: false });
	return { valid: v.valid, problems: v.problems.map((p) => p.code), warnings: v.warnings.map((w) => w.code), messages: v.problems.map((p) => p.message) };
}
const VALID = { valid: true, problems: [], warnings: [] };

/** The JFIF APP0 segment of a JPEG, after its start marker. */
const APP0 = [0xff, 0xe0, 0x00, 0x10, ...latin1('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0];

describe('PDF keywords that are missing or repeated', () => {
	// Mutant: a backward search that finds nothing returns 1 instead of -1 (L123): the missing startxref would
	// be "found" at byte 1.
	it('a PDF that ends in %%EOF without a startxref is refused: the pointer to its index is missing', () => {
		const v = verdict(rawPdf({ omitStartxref: true }));
		expect(v.problems).toEqual(['CORRUPT_FILE']);
		expect(v.messages[0]).toContain('the pointer to its internal index (startxref) is missing');
	});

	// Mutant: indexOf searching backward (L100): the last '%PDF-' of the first KiB would be taken for the header.
	it('a PDF behind 18 bytes of mail header is valid with a warning, also when its page text quotes "%PDF-"', () => {
		const junk = 'From: scanner@x\r\n\r\n'.slice(0, 18);
		const pdf = rawPdf({ junk, objects: simpleObjects('BT /F1 18 Tf 72 720 Td (Saved as %PDF-1.4) Tj ET') });
		const v = validateReceiptFile(pdf, { computeSha256: false });
		expect([v.valid, v.warnings.map((w) => w.code)]).toEqual([true, ['PDF_HEADER_OFFSET']]);
		expect(v.warnings[0].message).toContain('18 bytes');
	});
});

describe('the first KiB where a PDF header is looked for, with and without Node\'s Buffer', () => {
	// Mutant: the plain forward search (no Buffer) running `p - s.length <= to` (L177): it would find a header
	// that starts inside the first 1029 bytes but does not fit in them.
	it('junk of 1024 bytes before %PDF- leaves a PDF; 1025 bytes make the file something else, the same in both paths', () => {
		const named = (junk: number) => {
			const bytes = rawPdf({ junk: 'x'.repeat(junk) });
			const mime = (v: { detectedMimeType: string | null }) => v.detectedMimeType;
			return [mime(validateReceiptFile(bytes, { computeSha256: false })), mime(withoutNodeBuffer(() => validateReceiptFile(bytes, { computeSha256: false })))];
		};
		expect(named(1024)).toEqual(['application/pdf', 'application/pdf']);
		expect(named(1025)).toEqual(['text/plain', 'text/plain']);
	});
});

describe('padding behind a pointer (runs of one byte, compared a block at a time)', () => {
	/** A PDF with `n` bytes of `c` inserted where its startxref points (before `xref`), startxref unchanged. */
	function padBeforeXref(n: number, c: string, objects = simpleObjects()): Uint8Array {
		const s = toLatin1(rawPdf({ objects }));
		const at = s.lastIndexOf('\nxref') + 1;
		return latin1(s.slice(0, at) + c.repeat(n) + s.slice(at));
	}

	// Mutants: the byte loop after the blocks running on to the end of the range whatever the bytes (L162 `||`,
	// `=== c` -> true): the walk would skip over the `xref` keyword.
	it.each([
		['blanks', ' '],
		['NUL bytes', '\0'],
		['line feeds', '\n'],
	])('a PDF with 10 KB of %s where startxref points, before its xref table, is valid', (_name, c) => {
		expect(verdict(padBeforeXref(10_000, c))).toMatchObject(VALID);
	});

	// Mutant: the block comparison made true (L142): the blocks after the padding would be taken for padding
	// too, here the first 4 KB of a 300-entry xref table (its index found again only by the repair scan).
	it('a PDF of 300 objects with 10 KB of blanks before its xref table is valid, its index read where startxref points', () => {
		const objects = simpleObjects().concat(Array.from({ length: 295 }, (_, i) => `<< /Note (page note ${i}) >>`));
		expect(verdict(padBeforeXref(10_000, ' ', objects))).toMatchObject(VALID);
	});
});

describe('PDF delimiters right after a value', () => {
	// Mutants: '%' (L226) and the first delimiters of the list dropped from isPdfDelimiter: a value followed
	// directly by a comment, a literal string or an array would not end where it does.
	it('a trailer with a comment right after the /Root reference is valid', () => {
		expect(verdict(rawPdf({ compact: true, trailerExtra: '%scanned\n' }))).toMatchObject(VALID);
	});

	it('a trailer with a name directly followed by a literal string or an array is valid', () => {
		expect(verdict(rawPdf({ compact: true, trailerExtra: '/Producer(ScanApp 2.1)' }))).toMatchObject(VALID);
		expect(verdict(rawPdf({ compact: true, trailerExtra: '/ID[<00112233445566778899aabbccddeeff><00112233445566778899aabbccddeeff>]' }))).toMatchObject(VALID);
	});
});

describe('JPEG markers near the end of the file (the short byte search)', () => {
	// Mutant: the short search that finds nothing returns 1 instead of -1 (L84): the walk would go back to
	// byte 1 and call the file's structure invalid.
	it('a JPEG that ends in a few stray bytes after a header segment is refused as TRUNCATED', () => {
		const v = verdict(concat([[0xff, 0xd8], APP0, [0x20, 0x20, 0x20, 0x20, 0x20]]));
		expect(v.problems).toEqual(['CORRUPT_FILE']);
		expect(v.messages[0]).toContain('This JPEG photo is incomplete');
	});

	// Mutants of the loop for ranges of at most 32 bytes (L89: the bound, the comparison made true / false /
	// negated): the end marker 20 stray bytes after the header would be missed or misplaced.
	it('a JPEG of headers only, with 20 stray bytes before its end marker, is refused as having no picture data', () => {
		const v = verdict(concat([[0xff, 0xd8], APP0, new Uint8Array(20).fill(0x20), [0xff, 0xd9]]));
		expect(v.problems).toEqual(['CORRUPT_FILE']);
		expect(v.messages[0]).toContain('This JPEG file contains headers but no picture data');
	});
});

describe('the work the checks count', () => {
	// Mutants: the work of a native single-byte search `SEARCH_CALL_COST + n / 16` -> `- n / 16` and `n * 16`
	// (L94). A photo's entropy data is scanned this way (when the file does not simply end in its end marker:
	// here a byte of trailing data follows it): about 1/16 unit per byte, well under 1.
	it('a 256 KiB JPEG photo is counted between 1/16 and 1/2 work unit per byte', () => {
		const jpeg = makeJpeg();
		const eoi = jpeg.length - 2;
		const big = concat([jpeg.subarray(0, eoi), new Uint8Array(256 * 1024).fill(0x11), jpeg.subarray(eoi), [0x01]]);
		const { verdict: v, work } = measureValidationWork(big, { computeSha256: false });
		expect(v.valid).toBe(true);
		expect(work / big.length).toBeGreaterThan(1 / 16);
		expect(work / big.length).toBeLessThan(1 / 2);
	});

	// Mutants: `this.work += SEARCH_CALL_COST + RUN_BLOCK / 16` -> `-=` and `SEARCH_CALL_COST - …` (L143), and
	// the first loop's count `p - from` -> `p + from` (L136), which would charge the padding's offset in the file.
	it('1 MB of padding 1 MB into a PDF is counted between 1/16 and 1/4 work unit per byte of padding', () => {
		const big = 'x'.repeat(1 << 20);
		const objects = simpleObjects();
		objects[3] = `<< /Length ${big.length} >>\nstream\n${big}\nendstream`;
		const s = toLatin1(rawPdf({ objects }));
		const at = s.lastIndexOf('\nxref') + 1;
		const padded = latin1(s.slice(0, at) + ' '.repeat(1 << 20) + s.slice(at));
		const { verdict: v, work } = measureValidationWork(padded, { computeSha256: false });
		expect(v.valid).toBe(true);
		expect(work).toBeGreaterThan((1 << 20) / 16);
		expect(work).toBeLessThan((1 << 20) / 4);
	});

	// Mutant: the short loop's count `to - from` -> `to + from` (L88), which would charge the offset in the file.
	it('a 1 MB JPEG of header segments with stray bytes before its end marker is counted under 1/2 work unit per byte', () => {
		const segment = concat([[0xff, 0xe1, 0xff, 0xff], new Uint8Array(0xffff - 2).fill(0x11)]);
		const jpeg = concat([[0xff, 0xd8], APP0, ...Array.from({ length: 16 }, () => segment), new Uint8Array(20).fill(0x20), [0xff, 0xd9]]);
		const { verdict: v, work } = measureValidationWork(jpeg, { computeSha256: false });
		expect(v.problems.map((p) => p.code)).toEqual(['CORRUPT_FILE']);
		expect(work / jpeg.length).toBeLessThan(1 / 2);
	});

	// Mutant: `v.work += end` -> `-=` in the UTF-16 reader (sniff-text.ts L37): its loop over the 4 KiB sample
	// is one unit per byte, its regular expressions 4 per character.
	it('naming a 4 KiB UTF-16 text file counts the bytes of its sample and the characters its patterns read', () => {
		const text = concat([[0xff, 0xfe], latin1('Receipt 42 '.repeat(400).slice(0, 2047)).reduce<number[]>((a, c) => a.concat([c, 0]), [])]);
		const { verdict: v, work } = measureValidationWork(text, { computeSha256: false });
		expect(v.detectedMimeType).toBe('text/plain');
		expect(work).toBeGreaterThanOrEqual(4096 + 4 * 2047);
	});
});

describe('signatures at the very end of the file', () => {
	// Mutant: `i + sig.length > this.len` -> `>=` (L73): a signature that fills the whole file would not match.
	it('a file that is exactly the 8-byte PNG signature is an (empty) PNG, not a PNG with a mangled signature', () => {
		const v = validateReceiptFile(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), { computeSha256: false });
		expect([v.detectedKind, v.problems[0].message]).toEqual(['PNG image', expect.stringContaining('This PNG image is empty')]);
	});
});
