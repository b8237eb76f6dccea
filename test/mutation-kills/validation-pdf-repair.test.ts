// PDFs whose pointer to their internal index (startxref) is unusable, so that the check searches for the index
// the way PDF readers repair such files (validation/pdf-repair.ts). Found by the mutation run over pdf-repair.ts
// (issue 18, reports/mutation/SURVIVORS.md): each case is a small hand-made PDF in, the verdict out (valid, valid
// with the PDF_XREF_REPAIRED warning, or the CORRUPT_FILE message).

import { validateReceiptFile } from '../../nodes/ConcurImaging/validation';
import { latin1, rawPdf, RawPdfOptions, simpleObjects, toLatin1 } from '../../support/validation-fixtures/pdf';

/** 'valid', 'repaired' (valid with the PDF_XREF_REPAIRED warning), or the CORRUPT_FILE message / problem codes. */
function verdict(bytes: Uint8Array): string {
	const v = validateReceiptFile(bytes, { computeSha256: false });
	if (v.valid) return v.warnings.some((w) => w.code === 'PDF_XREF_REPAIRED') ? 'repaired' : 'valid';
	const corrupt = v.problems.find((p) => p.code === 'CORRUPT_FILE');
	return corrupt ? corrupt.message : v.problems.map((p) => p.code).join(',');
}

const NO_TRAILER = 'This PDF is damaged: its internal index (cross-reference table and trailer) cannot be found.';
const NO_ROOT = 'This PDF is damaged: its internal index does not say where the document starts';
const LIMIT_REPAIR = 'the search for the index gave up after 16 unusable candidates';

/** A hand-made PDF whose startxref points a few bytes past its section, with `edit` applied to its text. */
function offPdf(options: RawPdfOptions = {}, edit: (s: string) => string = (s) => s): Uint8Array {
	return latin1(edit(toLatin1(rawPdf({ startxrefDelta: 3, ...options }))));
}

/** Replaces the first occurrence of `from`, failing the test if it is not there (the fixture changed). */
const replacing = (from: string, to: string) => (s: string) => {
	expect(s).toContain(from);
	return s.replace(from, to);
};

describe('a PDF whose startxref is unusable is repaired by a search for its index', () => {
	// Mutant: FALLBACK_WINDOW_BYTES `1024 * 1024` -> `1024 / 1024` (L10): the search window would be 1 byte.
	it('a PDF with a classic table whose startxref is off by a few bytes is valid, with the repair warning', () => {
		expect(verdict(rawPdf())).toBe('valid');
		expect(verdict(offPdf())).toBe('repaired');
	});

	// Mutants: `t === -1` -> false, `t === +1` (L31; the trailer search would go on for 16 rounds and give up),
	// `tried === FALLBACK_CANDIDATES && best === -1` -> `||`, and its first half -> true (L40), the xref-stream
	// branch (L54: the test -> false, `start === -1`, the block emptied), and objectStart (L75 `||`, L76 the
	// run limit -> true / `!==`, L85-L88 each `=== 0` test -> true / `!==`, L89 `p - 1`).
	it('a PDF with a cross-reference stream whose startxref is off is valid, with the repair warning', () => {
		expect(verdict(rawPdf({ xref: 'stream' }))).toBe('valid');
		expect(verdict(offPdf({ xref: 'stream' }))).toBe('repaired');
	});

	// Mutant: `!isPdfDelimiter(after)` -> `isPdfDelimiter(after)` (L49): `/Type/XRef/Size` would be skipped as if
	// it were /XRefStm.
	it('a PDF with a compact cross-reference stream dictionary (/Type/XRef/Size) is repaired too', () => {
		expect(verdict(offPdf({ xref: 'stream' }, replacing('/Type /XRef /Size', '/Type/XRef/Size')))).toBe('repaired');
	});

	// Mutant: `p = t + 'trailer'.length - 1` -> `t - 'trailer'.length - 1` (L32): a `trailer` keyword up to 14
	// bytes before the rejected candidate would be skipped.
	it('a trailer with a comment mentioning "oldtrailer" right after its keyword is still found', () => {
		expect(verdict(offPdf({}, replacing('trailer\n<<', 'trailer\n%oldtrailer\n<<')))).toBe('repaired');
	});

	// Mutants: `!isKeywordAt(...)` -> false (L33), and in isKeywordAt (L66) the whole test -> true, `&&` -> `||`,
	// the test of the byte before -> true, `before === -1` -> `!==`.
	it('the word "oldtrailer" in a string is not a trailer: a PDF that lost its real trailer is refused', () => {
		const objects = [...simpleObjects(), '(oldtrailer << /Size 7 /Root 1 0 R >>)'];
		expect(verdict(offPdf({ objects }, replacing('trailer\n<<', 'Trailer\n<<')))).toContain(NO_TRAILER);
	});

	// Mutant: `section && (Root || Size)` -> `section && true` (L35): the later trailer-like dictionary without
	// /Root or /Size would be taken, and the document would have no catalog.
	it('a trailer-like dictionary without /Root or /Size after the real trailer is passed over', () => {
		expect(verdict(offPdf({}, replacing('startxref', 'trailer\n<< /Info 5 0 R >>\nstartxref')))).toBe('repaired');
	});

	// Mutants: `||` -> `&&`, `'Root'` -> `''` (L35).
	it('a found trailer with /Root but no /Size is used', () => {
		expect(verdict(offPdf({}, replacing('/Size 6 ', '')))).toBe('repaired');
	});

	// Mutant: `'Size'` -> `''` (L35): the trailer would be passed over and the PDF called index-less.
	it('a found trailer with /Size but no /Root is used, and the PDF is refused as having no catalog', () => {
		expect(verdict(offPdf({ noRoot: true }))).toContain(NO_ROOT);
	});

	it('16 unusable trailer candidates make the search give up: refused at the repair limit', () => {
		const decoys = '% trailer << >>\n'.repeat(16);
		expect(verdict(offPdf({}, replacing('trailer\n<<', `${decoys}Trailer\n<<`)))).toContain(LIMIT_REPAIR);
	});
});
