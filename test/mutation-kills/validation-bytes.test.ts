// The byte searches under every format check (validation/bytes.ts), found by the mutation run (issue 18,
// reports/mutation/SURVIVORS.md). A wrong search shows as a wrong verdict on a file whose structure sits where
// the search's edge cases are: a keyword that is not there, a run of padding longer than a block, a value right
// before a delimiter, a marker a few bytes before the end. Each case is a file in, the verdict out, except at the
// end: what a search returns and counts where no file's verdict can show it (a caller that repairs the result, a
// count off by one search). Lines (L…) are those of bytes.ts at 1f11e71.

import { measureValidationWork, validateReceiptFile } from '../../nodes/ConcurImaging/validation';
import { ByteView, isPdfDelimiter, isPdfTokenEnd, isPdfWhite } from '../../nodes/ConcurImaging/validation/bytes';
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
	// Mutant: a backward search that finds nothing returns 1 instead of -1 (L112): the missing startxref would
	// be "found" at byte 1.
	it('a PDF that ends in %%EOF without a startxref is refused: the pointer to its index is missing', () => {
		const v = verdict(rawPdf({ omitStartxref: true }));
		expect(v.problems).toEqual(['CORRUPT_FILE']);
		expect(v.messages[0]).toContain('the pointer to its internal index (startxref) is missing');
	});

	// Mutant: indexOf searching backward (L89): the last '%PDF-' of the first KiB would be taken for the header.
	it('a PDF behind 18 bytes of mail header is valid with a warning, also when its page text quotes "%PDF-"', () => {
		const junk = 'From: scanner@x\r\n\r\n'.slice(0, 18);
		const pdf = rawPdf({ junk, objects: simpleObjects('BT /F1 18 Tf 72 720 Td (Saved as %PDF-1.4) Tj ET') });
		const v = validateReceiptFile(pdf, { computeSha256: false });
		expect([v.valid, v.warnings.map((w) => w.code)]).toEqual([true, ['PDF_HEADER_OFFSET']]);
		expect(v.warnings[0].message).toContain('18 bytes');
	});
});

describe('the first KiB where a PDF header is looked for, with and without Node\'s Buffer', () => {
	// Mutant: the plain forward search (no Buffer) running `p - s.length <= to` (L166): it would find a header
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

	// Mutants: the byte loop after the blocks running on to the end of the range whatever the bytes (L151 `||`,
	// `=== c` -> true): the walk would skip over the `xref` keyword.
	it.each([
		['blanks', ' '],
		['NUL bytes', '\0'],
		['line feeds', '\n'],
	])('a PDF with 10 KB of %s where startxref points, before its xref table, is valid', (_name, c) => {
		expect(verdict(padBeforeXref(10_000, c))).toMatchObject(VALID);
	});

	// Mutant: the block comparison made true (L131): the blocks after the padding would be taken for padding
	// too, here the first 4 KB of a 300-entry xref table (its index found again only by the repair scan).
	it('a PDF of 300 objects with 10 KB of blanks before its xref table is valid, its index read where startxref points', () => {
		const objects = simpleObjects().concat(Array.from({ length: 295 }, (_, i) => `<< /Note (page note ${i}) >>`));
		expect(verdict(padBeforeXref(10_000, ' ', objects))).toMatchObject(VALID);
	});
});

describe('PDF delimiters right after a value', () => {
	// Mutants: '%' (L215) and the first delimiters of the list dropped from isPdfDelimiter: a value followed
	// directly by a comment, a literal string or an array would not end where it does.
	it('a trailer with a comment right after the /Root reference is valid', () => {
		expect(verdict(rawPdf({ compact: true, trailerExtra: '%scanned\n' }))).toMatchObject(VALID);
	});

	it('a trailer with a name directly followed by a literal string or an array is valid', () => {
		expect(verdict(rawPdf({ compact: true, trailerExtra: '/Producer(ScanApp 2.1)' }))).toMatchObject(VALID);
		expect(verdict(rawPdf({ compact: true, trailerExtra: '/ID[<00112233445566778899aabbccddeeff><00112233445566778899aabbccddeeff>]' }))).toMatchObject(VALID);
	});
});

describe('PDF delimiters (ISO 32000-1, table 2) and where a token ends', () => {
	// Mutants: each delimiter of isPdfDelimiter (L215) -> false (`)`, `>`, `]`, `{`, `}` survived the retest at
	// 210c4bf: no verdict of today's corpus turns on them): a name or number right before one would run on into it.
	it('the ten delimiters, and only they, end a token besides white space and the end of the file', () => {
		const delimiters = '()<>[]{}/%';
		for (const c of delimiters) {
			expect([c, isPdfDelimiter(c.charCodeAt(0)), isPdfTokenEnd(c.charCodeAt(0))]).toEqual([c, true, true]);
		}
		for (const c of 'aZ09.#-+\\') expect([c, isPdfDelimiter(c.charCodeAt(0)), isPdfTokenEnd(c.charCodeAt(0))]).toEqual([c, false, false]);
		expect(isPdfTokenEnd(-1)).toBe(true);
		expect(isPdfTokenEnd(0x0a)).toBe(true);
	});
});

describe('JPEG markers near the end of the file (the short byte search)', () => {
	// Mutant: the short search that finds nothing returns 1 instead of -1 (L73): the walk would go back to
	// byte 1 and call the file's structure invalid.
	it('a JPEG that ends in a few stray bytes after a header segment is refused as TRUNCATED', () => {
		const v = verdict(concat([[0xff, 0xd8], APP0, [0x20, 0x20, 0x20, 0x20, 0x20]]));
		expect(v.problems).toEqual(['CORRUPT_FILE']);
		expect(v.messages[0]).toContain('This JPEG photo is incomplete');
	});

	// Mutants of the loop for ranges of at most 32 bytes (L78: the bound, the comparison made true / false /
	// negated): the end marker 20 stray bytes after the header would be missed or misplaced.
	it('a JPEG of headers only, with 20 stray bytes before its end marker, is refused as having no picture data', () => {
		const v = verdict(concat([[0xff, 0xd8], APP0, new Uint8Array(20).fill(0x20), [0xff, 0xd9]]));
		expect(v.problems).toEqual(['CORRUPT_FILE']);
		expect(v.messages[0]).toContain('This JPEG file contains headers but no picture data');
	});
});

describe('the work the checks count', () => {
	// Mutants: the work of a native single-byte search `SEARCH_CALL_COST + n / 16` -> `- n / 16` and `n * 16`
	// (L83). A photo's entropy data is scanned this way (when the file does not simply end in its end marker:
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

	// Mutants: `this.work += SEARCH_CALL_COST + RUN_BLOCK / 16` -> `-=` and `SEARCH_CALL_COST - …` (L132), and
	// the first loop's count `p - from` -> `p + from` (L125), which would charge the padding's offset in the file.
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

	// Mutant: the short loop's count `to - from` -> `to + from` (L77), which would charge the offset in the file.
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
	// Mutant: `i + sig.length > this.len` -> `>=` (L62): a signature that fills the whole file would not match.
	it('a file that is exactly the 8-byte PNG signature is an (empty) PNG, not a PNG with a mangled signature', () => {
		const v = validateReceiptFile(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), { computeSha256: false });
		expect([v.detectedKind, v.problems[0].message]).toEqual(['PNG image', expect.stringContaining('This PNG image is empty')]);
	});
});

describe('a PDF body without its %PDF- header: where a token may end (isPdfTokenEnd)', () => {
	const named = (text: string) => {
		const v = validateReceiptFile(latin1(text), { computeSha256: false });
		return [v.detectedKind, v.problems.map((p) => p.code)];
	};
	const HEADLESS = ['PDF document (damaged: its %PDF- header is missing)', ['CORRUPT_FILE']];
	const TEXT = ['plain text file', ['UNSUPPORTED_TYPE']];

	// Mutants: the end of the file not a token end: `at()` past the end -1 -> +1 (L33); isPdfTokenEnd (L221)
	// `c === -1` -> false, `c !== -1`, `c === +1`, the whole test -> false, its body emptied, `&&` for either `||`.
	it('a file that is only "1 0 obj" is part of a PDF without its header', () => {
		expect(named('1 0 obj')).toEqual(HEADLESS);
		expect(named('12 0 obj')).toEqual(HEADLESS);
	});

	// Mutants: isPdfTokenEnd (L221) `isPdfWhite(c)` -> false (a line after obj), `isPdfDelimiter(c)` -> false (<<).
	it('"1 0 obj" followed by a line break or directly by a dictionary is part of a PDF without its header', () => {
		expect(named('1 0 obj\n<< /Type /Catalog >>\nendobj\n')).toEqual(HEADLESS);
		expect(named('1 0 obj<< /Type /Catalog >>\nendobj\n')).toEqual(HEADLESS);
	});

	// Mutants: isPdfTokenEnd (L221) the whole test -> true, `c === -1` -> true, `c !== -1`: "objects" would end after "obj".
	it('a note that starts "1 0 objects" is plain text', () => {
		expect(named('1 0 objects were scanned\n')).toEqual(TEXT);
	});
});

describe('names and text read from the file (latin1)', () => {
	const u16 = (n: number) => [n & 0xff, n >> 8];
	const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
	/** A stored ZIP entry (local file header, name, data). */
	const zipEntry = (name: string, data: string) =>
		concat([[0x50, 0x4b, 3, 4], u16(20), u16(0), u16(0), u16(0), u16(0), u32(0), u32(data.length), u32(data.length), u16(name.length), u16(0), latin1(name), latin1(data)]);

	// Mutant: the cut to `max` characters `from + max` -> `from - max` (L142): a name over 512 characters would read as ''.
	it('a Word document whose part has a 600-character name is named a Word document', () => {
		const docx = concat([zipEntry('[Content_Types].xml', '<Types/>'), zipEntry(`word/${'x'.repeat(600)}.xml`, '<w/>')]);
		const v = validateReceiptFile(docx, { computeSha256: false });
		expect([v.detectedKind, v.problems.map((p) => p.code)]).toEqual(['Word document (.docx)', ['UNSUPPORTED_TYPE']]);
	});

	// Mutant: latin1's count `to > from ? to - from : 0` -> 0 (L145). The 4 KiB sample is read three times: the
	// text test looks at each byte, latin1 copies it, the patterns (4 units per character) run over it.
	it('naming a plain text file counts its 4 KiB sample: tested, copied and matched', () => {
		const { verdict: v, work } = measureValidationWork(latin1('Receipt 42: 12.50 EUR\n'.repeat(400)), { computeSha256: false });
		expect(v.detectedKind).toBe('plain text file');
		expect(work).toBeGreaterThanOrEqual(4096 + 4096 + 4 * 4096);
	});
});

describe("without Node's Buffer (the plain-loop searches), the same verdicts", () => {
	const both = (bytes: Uint8Array) => {
		const one = () => {
			const v = validateReceiptFile(bytes, { computeSha256: false });
			return { kind: v.detectedKind, problems: v.problems.map((p) => p.code), warnings: v.warnings.map((w) => w.code) };
		};
		return [one(), withoutNodeBuffer(one)];
	};

	// Mutants of the plain backward search (lastIndexOfSlow): the loop test -> false, `p < from`, `p++` (hangs),
	// the body emptied, the match -> false, `!==` on the first byte, the found branch emptied (L177-L179).
	it('a PDF is valid', () => {
		expect(both(rawPdf())).toEqual([{ kind: 'PDF document', problems: [], warnings: [] }, { kind: 'PDF document', problems: [], warnings: [] }]);
	});

	// Mutants: the plain backward search `p >= from` -> `p > from` (L177): a startxref that starts exactly where
	// the searched tail begins (1,088 bytes before the end) would be missed; one byte further it is not found.
	it('a PDF whose startxref starts 1,088 bytes before the end (trailing bytes after %%EOF) is valid; 1,089 is too far', () => {
		const base = toLatin1(rawPdf({ omitEof: true }));
		const tail = base.length - base.lastIndexOf('startxref') + '%%EOF\n'.length;
		const at = (n: number) => both(latin1(`${base}%%EOF\n${'x'.repeat(n - tail)}`));
		expect(at(1088)).toEqual([{ kind: 'PDF document', problems: [], warnings: [] }, { kind: 'PDF document', problems: [], warnings: [] }]);
		expect(at(1089).map((v) => v.problems)).toEqual([['CORRUPT_FILE'], ['CORRUPT_FILE']]);
	});

	// Mutants: the plain backward search `to - s.length` -> `to + s.length` (L177), the match -> true, `||` (L178):
	// the quoted `trailer` (or each `t` of the title) would be found again and again up to the repair scan's 16-candidate limit.
	it('a PDF whose startxref is off, with the word "trailer" quoted in its trailer, is repaired from the real trailer', () => {
		const w = { kind: 'PDF document', problems: [], warnings: ['PDF_XREF_REPAIRED'] };
		expect(both(rawPdf({ startxrefDelta: 7, trailerExtra: `/Note (trailer) /Title (${'t'.repeat(20)})` }))).toEqual([w, w]);
	});

	// Mutant: the plain backward search's `return -1` -> `+1` (L184): the missing startxref would be "found" at byte 1.
	it('a PDF that ends in %%EOF without a startxref is refused as missing it', () => {
		const [a, b] = both(rawPdf({ omitStartxref: true }));
		expect([a.problems, b.problems]).toEqual([['CORRUPT_FILE'], ['CORRUPT_FILE']]);
		const msg = withoutNodeBuffer(() => validateReceiptFile(rawPdf({ omitStartxref: true }), { computeSha256: false }).problems[0].message);
		expect(msg).toContain('the pointer to its internal index (startxref) is missing');
	});

	// Mutants: the plain forward search's `return -1` -> `+1` (L173): every note would have a %PDF- header at
	// byte 1; its match `||` (L167): the '%' of "10%" would be taken for one.
	it('a short note is plain text, also when it has a percent sign', () => {
		const t = { kind: 'plain text file', problems: ['UNSUPPORTED_TYPE'], warnings: [] };
		expect(both(latin1('Lunch with the team, 12.50 EUR\n'))).toEqual([t, t]);
		expect(both(latin1('Lunch with the team, 12.50 EUR, 10% tip\n'))).toEqual([t, t]);
	});
});

// What one search returns and counts, where no file can show it: the callers repair a short result (the PDF
// reader's white-space loop calls runEnd again) or never pass such a range, and the checks bound work loosely (4
// units per byte plus 1 MiB), so a count off by one search changes no verdict. The counts are bytes.ts's cost
// model: a JavaScript loop 1 unit per byte, a native call SEARCH_CALL_COST (64) plus 1/16 unit per byte for a
// byte search and 1 per byte for a string search, a 4 KiB block compared natively 64 + 4096 / 16.
describe('ByteView: what a search returns and what it counts', () => {
	const view = (s: string) => new ByteView(latin1(s));
	/** What `f` returns on a fresh view, and the work units it counted. */
	const run = (bv: ByteView, f: (v: ByteView) => number) => {
		const at = f(bv);
		return { at, work: bv.work };
	};
	const blanks = (n: number, then = 'x') => `${' '.repeat(n)}${then}`;

	// Mutants: the short loop (L75) -> false and its block emptied (a native call instead), its count `-=` (L77).
	it('a byte search over at most 32 bytes is a loop, 1 unit per byte', () => {
		expect(run(view('a'.repeat(100)), (v) => v.indexOfByte(0xff, 60, 80))).toEqual({ at: -1, work: 20 });
		expect(run(view('a'.repeat(100)), (v) => v.indexOfByte(0xff, 20))).toEqual({ at: -1, work: 64 + 80 / 16 });
	});

	// Mutant: the short loop `i < to` -> `i <= to` (L78): the byte at `to` would be found.
	it('a byte search never finds the byte at its end', () => {
		expect(run(view('aaaaaaaaaa\xff'), (v) => v.indexOfByte(0xff, 0, 10))).toEqual({ at: -1, work: 10 });
	});

	// Mutants: `from >= to` -> false (L73): a reversed range would count negative work; `to > this.len` -> false
	// (L72): a range past the end would be searched natively, counting the bytes past the end. (No caller passes
	// either today: a defensive clamp.)
	it('a byte search over an empty, reversed or overlong range counts only the bytes of the view', () => {
		expect(run(view('a'.repeat(10)), (v) => v.indexOfByte(0x61, 5, 5))).toEqual({ at: -1, work: 0 });
		expect(run(view('a'.repeat(10)), (v) => v.indexOfByte(0x61, 8, 3))).toEqual({ at: -1, work: 0 });
		expect(run(view('a'.repeat(10)), (v) => v.indexOfByte(0x62, 0, 1000))).toEqual({ at: -1, work: 10 });
	});

	// Mutants found by the retest at 210c4bf (L71 `from < 0` -> false: a range starting before the view counted the
	// bytes before it; L75 `<= 32` -> `< 32`: a 32-byte range searched natively; L83 `p + 1` -> `p - 1`: a native
	// hit counted two bytes short). No caller passes a negative start today: a defensive clamp.
	it('a byte search counts only bytes of the view, loops over exactly 32 bytes, and counts a native hit up to and including it', () => {
		expect(run(view('a'.repeat(10)), (v) => v.indexOfByte(0x62, -5, 10))).toEqual({ at: -1, work: 10 });
		expect(run(view('a'.repeat(100)), (v) => v.indexOfByte(0xff, 0, 32))).toEqual({ at: -1, work: 32 });
		expect(run(view(`${'a'.repeat(40)}\xff${'a'.repeat(59)}`), (v) => v.indexOfByte(0xff, 0))).toEqual({ at: 40, work: 64 + 41 / 16 });
	});

	// Mutant: the string search's `to > this.len` clamp -> false (L100): a range past the end would count the bytes
	// past the end, forward and backward (found by the retest at 210c4bf).
	it('a string search over a range past the end counts only the bytes of the view', () => {
		expect(run(view('x'.repeat(20)), (v) => v.indexOf('trailer', 0, 1000))).toEqual({ at: -1, work: 64 + 20 });
		expect(run(view('x'.repeat(20)), (v) => v.lastIndexOf('trailer', 0, 1000))).toEqual({ at: -1, work: 64 + 20 });
	});

	// Mutant: latin1's count `to > from ? to - from : 0` -> `true ? …` (L145): a reversed range would count negative
	// work, which would let a later step run past the budget (found by the retest at 210c4bf).
	it('reading text over a reversed range gives nothing and counts nothing', () => {
		const bv = view('trailer');
		expect(bv.latin1(5, 2)).toBe('');
		expect(bv.work).toBe(0);
		// Mutant: its count `to - from` -> `to + from` (L145): text read from byte 2 would count two bytes more.
		expect(bv.latin1(2, 5)).toBe('ail');
		expect(bv.work).toBe(3);
	});

	// Mutants found when the timeouts of the first run were re-run (2026-12-04): `at`'s bounds made true (L33: a
	// read before or past the view gives undefined, which isPdfTokenEnd does not take for the end); the string
	// search's `from < 0` clamp made false (L99: a native search from a negative offset starts that far from the
	// end); latin1's clamps made false (L140-L142: bytes outside the view read as NUL characters, no cap).
	it('reads outside the view are -1, a search from before the view starts at its first byte, text is clamped and capped', () => {
		const bv = view(`trailer${'x'.repeat(20)}`);
		expect([bv.at(-1), bv.at(bv.len), bv.at(0)]).toEqual([-1, -1, 0x74]);
		expect(bv.indexOf('trailer', -5)).toBe(0);
		expect(bv.lastIndexOf('trailer', -5)).toBe(0);
		expect(bv.latin1(-2, 3)).toBe('tra');
		expect(bv.latin1(20, 100)).toBe('xxxxxxx');
		expect(bv.latin1(0, 27, 7)).toBe('trailer');
	});

	// Mutants: tab and form feed dropped from isPdfWhite (L209): a trailer laid out with tabs would not be read.
	it('the six PDF white-space characters (ISO 32000-1, table 1) are white space, others are not', () => {
		for (const c of [0x20, 0x0a, 0x0d, 0x09, 0x0c, 0x00]) expect([c, isPdfWhite(c)]).toEqual([c, true]);
		for (const c of [0x0b, 0x08, 0x41, 0xa0, -1]) expect([c, isPdfWhite(c)]).toEqual([c, false]);
	});

	// Mutants: `to - from < s.length` -> `to + from` (L101): a range too short for the keyword would cost a native call.
	it('a string search over a range shorter than the string counts nothing', () => {
		expect(run(view('x'.repeat(20)), (v) => v.indexOf('startxref', 5, 10))).toEqual({ at: -1, work: 0 });
		expect(run(view('x'.repeat(20)), (v) => v.lastIndexOf('startxref', 5, 10))).toEqual({ at: -1, work: 0 });
	});

	// Mutants: which end of a native string search is counted: forward `p === -1` -> `p !== -1` (L106); backward
	// `p === -1` -> true, false (L111).
	it('a native string search counts 64 plus the bytes up to the end of the match, or the whole range', () => {
		const s = `${'x'.repeat(40)}trailer${'x'.repeat(53)}`; // 100 bytes, trailer at 40
		expect(run(view(s), (v) => v.indexOf('trailer', 10))).toEqual({ at: 40, work: 64 + 47 - 10 });
		expect(run(view(s), (v) => v.indexOf('startxref', 10))).toEqual({ at: -1, work: 64 + 90 });
		expect(run(view(s), (v) => v.lastIndexOf('trailer', 10))).toEqual({ at: 40, work: 64 + 60 });
		expect(run(view(s), (v) => v.lastIndexOf('startxref', 10))).toEqual({ at: -1, work: 64 + 90 });
	});

	// Mutants of the plain searches (no Buffer): the counts `-=`, `p - from - s.length`, `p + from` (L168),
	// `-=`, `to + from` (L172); `-=`, `to + p` (L179); `-=`, `to + from` (L183). Same positions, loop counts.
	it("without Node's Buffer, a string search counts the bytes it steps over", () => {
		const s = `${'x'.repeat(40)}trailer${'x'.repeat(53)}`;
		const plain = (f: (v: ByteView) => number) => withoutNodeBuffer(() => run(view(s), f));
		expect(plain((v) => v.indexOf('trailer', 10))).toEqual({ at: 40, work: 47 - 10 });
		expect(plain((v) => v.indexOf('startxref', 10))).toEqual({ at: -1, work: 90 });
		expect(plain((v) => v.lastIndexOf('trailer', 10))).toEqual({ at: 40, work: 60 });
		expect(plain((v) => v.lastIndexOf('startxref', 10))).toEqual({ at: -1, work: 90 });
	});

	// Mutants: runEnd's `to > this.len` -> true, `to <= this.len` (L121) and `p < near` -> `p <= near` (L124):
	// the run would be followed past `to`.
	it('a run ends at the end of its range', () => {
		expect(run(view(blanks(20)), (v) => v.runEnd(0x20, 0, 10))).toEqual({ at: 10, work: 10 });
		expect(run(view(blanks(20)), (v) => v.runEnd(0x20, 3, 13))).toEqual({ at: 13, work: 10 });
	});

	// Mutants: `p + RUN_BLOCK` -> `p - RUN_BLOCK` (L123: the first 4 KiB compared as a block), the first loop's
	// count `-=` (L125).
	it('the first 4 KiB of a run are stepped byte by byte: a run of 5,000 blanks counts 5,000', () => {
		expect(run(view(blanks(5000)), (v) => v.runEnd(0x20, 0))).toEqual({ at: 5000, work: 5000 });
	});

	// Mutants: the byte loop after the blocks (L151) -> false, `p >= to`, `!== c`: the run would end after the
	// last block; its count `-=` (L152); `p + RUN_BLOCK <= to` -> `<` (L131: the last whole block left to the loop).
	it('a longer run is compared a block at a time after its first 4 KiB, the rest byte by byte', () => {
		expect(run(view(blanks(10_000)), (v) => v.runEnd(0x20, 0))).toEqual({ at: 10_000, work: 4096 + (64 + 4096 / 16) + 1808 });
		expect(run(view(blanks(8192, '')), (v) => v.runEnd(0x20, 0))).toEqual({ at: 8192, work: 4096 + 64 + 4096 / 16 });
	});

	// Mutants: `p === near` -> false, `p !== near` (L127): without Buffer a run would end after its first 4 KiB.
	// `to > this.len` -> false (L121): a range past the end would compare a block past the end (a RangeError).
	it("a run longer than 4 KiB is followed to its end, also without Node's Buffer and when the range runs past the end", () => {
		expect(withoutNodeBuffer(() => run(view(blanks(10_000)), (v) => v.runEnd(0x20, 0)))).toEqual({ at: 10_000, work: 10_000 });
		expect(run(view(blanks(5000, '')), (v) => v.runEnd(0x20, 0, 20_000))).toEqual({ at: 5000, work: 5000 });
	});
});
