// The token level of the PDF check (validation/pdf-lexer.ts: white space, keywords, integers, `<n> <g> obj`
// headers), found by the mutation run over pdf-lexer.ts (issue 18, reports/mutation/SURVIVORS.md): each case is a
// small hand-made PDF in, the verdict out (valid, valid with the PDF_XREF_REPAIRED warning, or the refusal).

import { validateReceiptFile } from '../../nodes/ConcurImaging/validation';
import { latin1, rawPdf, RawPdfOptions, simpleObjects, toLatin1 } from '../../support/validation-fixtures/pdf';

/** 'valid', 'repaired' (valid with the PDF_XREF_REPAIRED warning), or the CORRUPT_FILE message / problem codes. */
function verdict(bytes: Uint8Array): string {
	const v = validateReceiptFile(bytes, { computeSha256: false });
	if (v.valid) return v.warnings.some((w) => w.code === 'PDF_XREF_REPAIRED') ? 'repaired' : 'valid';
	const corrupt = v.problems.find((p) => p.code === 'CORRUPT_FILE');
	return corrupt ? corrupt.message : v.problems.map((p) => p.code).join(',');
}

/** A hand-made PDF with `from` replaced by `to` in its text (failing the test if `from` is not there). */
function edited(options: RawPdfOptions, from: string | RegExp, to: string): Uint8Array {
	const s = toLatin1(rawPdf(options));
	expect(s).toMatch(from);
	return latin1(s.replace(from, to));
}

describe('white space', () => {
	// Mutant: `this.v.work += this.pos - counted` -> `this.pos + counted` (L39): each run of blanks 1 MB into the
	// file would cost 2 million units, and the check would give up at its work limit.
	it('a 1 MB PDF whose trailer is indented with runs of spaces is valid', () => {
		const pdf = rawPdf({ objects: simpleObjects(`BT (${'x'.repeat(1 << 20)}) Tj ET`), trailerExtra: '    /Info    5 0 R    /Note    (a)    ' });
		expect(pdf.length).toBeGreaterThan(1 << 20);
		expect(verdict(pdf)).toBe('valid');
	});
});

describe('keywords', () => {
	// Mutant: `!isPdfDelimiter(b[after])` -> `isPdfDelimiter(b[after])` (L58): `obj` followed by `<<` would not be
	// the keyword.
	it('a PDF whose cross-reference stream is written without spaces (6 0 obj<</Type/XRef…) is valid', () => {
		expect(verdict(edited({ xref: 'stream' }, '6 0 obj\n<< /Type /XRef', '6 0 obj<</Type/XRef'))).toBe('valid');
	});

	// Mutants: `after < this.v.len` -> `>=` (L58), and the `return false` for a keyword followed by a letter ->
	// true (L58, no test covered it): the word `xrefs` would be read as an xref table.
	it('a startxref that points at the word "xrefs" in a page is unusable: the PDF is repaired', () => {
		const options = { objects: simpleObjects('BT (see xrefs) Tj ET') };
		const text = toLatin1(rawPdf(options));
		const at = text.indexOf('xrefs');
		expect(at).toBeGreaterThan(0);
		expect(verdict(edited(options, /startxref\n\d+\n/, `startxref\n${at}\n`))).toBe('repaired');
	});
});

describe('integers and object headers', () => {
	// Mutants of the integer's end test (L75): -> false, `this.pos >= this.v.len`, `isPdfDelimiter` not negated.
	it('a startxref whose number runs into a letter (612x) is unusable: the PDF is repaired', () => {
		expect(verdict(edited({}, /startxref\n(\d+)\n/, 'startxref\n$1x\n'))).toBe('repaired');
	});

	// Mutant: integer's `return -1` -> `return +1` (L77): `9 R` would be read as a reference to object 9 with a
	// made-up generation 1; object 9 does not exist, so the PDF would pass as not encrypted.
	it('a trailer whose /Encrypt entry lacks its generation number (/Encrypt 9 R) is refused, not passed as unencrypted', () => {
		const pdf = rawPdf({ trailerExtra: '/Encrypt 9 R ' });
		expect(verdict(rawPdf())).toBe('valid');
		expect(verdict(pdf)).toContain('This PDF is damaged: its internal index (cross-reference table and trailer) cannot be found.');
	});

	// Mutant: objectHeader's `return false` -> true (L87): a pointer to the dictionary itself would pass for one
	// to its object.
	it('a startxref that points at the cross-reference stream dictionary, not its object header, is repaired', () => {
		const pdf = rawPdf({ xref: 'stream', startxrefDelta: '6 0 obj\n'.length });
		expect(toLatin1(pdf)).toContain('6 0 obj\n<< /Type /XRef');
		expect(verdict(pdf)).toBe('repaired');
	});
});

describe('comments and integers at their edges (issue 18, run validation-changed)', () => {
	// Mutant: L44 `b[this.pos] !== 0x0d` -> true: a comment ends at a lone CR too (old Mac line ends), or the one
	// in this trailer would swallow the `>>` on the next line.
	it('a PDF written with CR line ends, with a comment in its trailer, is valid', () => {
		const s = toLatin1(rawPdf({ eol: '\r' }));
		expect(s).toContain('% a comment\r>>');
		expect(verdict(latin1(s))).toBe('valid');
	});

	// Mutant: L44 `this.pos < stop` -> true: a comment is read no further than the reader's end (here the %%EOF
	// the file ends with), or it would run past the end of the file for ever.
	it('a startxref followed by a comment that runs into the final %%EOF is searched for, and found', () => {
		const s = toLatin1(rawPdf({ omitStartxref: true, omitEof: true }));
		expect(verdict(latin1(`${s}startxref\n% the offset is missing %%EOF`))).toBe('repaired');
	});

	// Mutants: L69 `digits < 15` -> true, `<= 15`; L72 `digits++` -> `digits--`: an integer of 16 digits is no
	// integer here (no offset has that many), so the startxref is unusable and the index is searched for.
	it('a startxref written with 16 digits is unusable: the PDF is repaired', () => {
		expect(verdict(rawPdf({ startxrefText: `${'0'.repeat(13)}419` }))).toBe('repaired');
		expect(verdict(rawPdf({ startxrefText: `${'0'.repeat(12)}419` }))).toBe('valid');
	});

	// Mutant: L75 `digits === 0` -> false: no digit before a delimiter would read as 0, and a table whose
	// subsection header is `[0 6]` would be read as `0 0` for ever, up to the work limit.
	it('an xref table whose subsection header is not two integers is passed over to its trailer', () => {
		expect(verdict(edited({}, 'xref\n0 6\n', 'xref\n[0 6]\n'))).toBe('valid');
	});
});
