// The end of a PDF and its chain of cross-reference sections (validation/pdf.ts, validation/pdf-xref.ts): the tail
// check (startxref, %%EOF), the walk through /Prev and /XRefStm, the reading of classic `xref` tables entry by
// entry, and the decision whether an /Encrypt entry of a trailer names an encryption dictionary that exists. Found by
// the mutation run over pdf.ts and pdf-xref.ts (issue 18, run validation-pdf-xref, reports/mutation/SURVIVORS.md):
// each case is a small hand-made PDF in, the verdict a user sees out.

import { validateReceiptFile } from '../../nodes/ConcurImaging/validation';
import { appendUpdate, HAND_ENCRYPT_DICT, HAND_ID, latin1, rawPdf, RawPdfOptions, simpleObjects, toLatin1 } from '../../support/validation-fixtures/pdf';

/** 'valid' or the problem codes (CORRUPT_FILE with its message) and warning codes of the verdict, joined by ' + '. */
function verdict(bytes: Uint8Array): string {
	const v = validateReceiptFile(bytes, { computeSha256: false });
	const parts = v.valid ? ['valid'] : v.problems.map((p) => (p.code === 'CORRUPT_FILE' ? `CORRUPT_FILE: ${p.message}` : p.code));
	parts.push(...v.warnings.map((w) => w.code));
	return parts.join(' + ');
}

const REPAIRED = 'PDF_XREF_REPAIRED';
const ENCRYPTED = 'ENCRYPTED_PDF';
const CUT_OFF =
	'CORRUPT_FILE: This PDF is incomplete: its internal index refers to parts that are missing from the end of the file, which usually means the download or copy was cut off. Download or export the PDF again, then upload it again.';
const NO_EOF =
	'CORRUPT_FILE: This PDF is incomplete: its end-of-file marker (%%EOF) is missing, which usually means the download or copy was cut off. Download or export the PDF again, then upload it again.';
const HEADER_ONLY =
	'CORRUPT_FILE: This PDF is empty: it has a PDF header and nothing else, so the download or export probably stopped at the very start. Download or export it again, then upload it again.';

/** The text of a hand-made PDF, so that a test can edit it. */
const text = (options: RawPdfOptions = {}) => toLatin1(rawPdf(options));

/** Replaces the first occurrence of `from`, failing the test if it is not there (the fixture changed). */
function replacing(s: string, from: string, to: string): string {
	expect(s).toContain(from);
	return s.replace(from, to);
}

/** A one-revision PDF with an update appended whose trailer's `/Prev <n>` is replaced by `/Prev <target(text)>`. */
function updateWithPrev(target: (s: string) => number, base: Uint8Array = rawPdf()): Uint8Array {
	const s = toLatin1(appendUpdate(base));
	const prev = /\/Prev (\d+) /.exec(s.slice(base.length));
	expect(prev).not.toBeNull();
	const at = base.length + s.slice(base.length).indexOf(prev![0]);
	// The same number of characters, so that the positions computed from the text stay right.
	const to = String(target(s)).padStart(prev![1].length, '0');
	expect(to.length).toBe(prev![1].length);
	return latin1(s.slice(0, at) + `/Prev ${to} ` + s.slice(at + prev![0].length));
}

describe('pdf.ts: a PDF whose end has no startxref is told apart as empty or cut off', () => {
	// Mutants: L65 `%%EOF found` -> true (would say "startxref missing"), L67 the test -> false, `body === +1`,
	// `len - h >= 4096` (would say "incomplete").
	it('a file that is only a PDF header is an empty PDF', () => {
		expect(verdict(latin1('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'))).toBe(HEADER_ONLY);
	});

	// Mutants: L66 `h - 4096` (the object search range would be empty), L67 the test -> true, `||`, `body === -1`
	// -> true, `body !== -1`: each would call a PDF cut after its objects "empty".
	it('a small PDF cut off after its objects, before its index, is incomplete, not empty', () => {
		const s = text();
		expect(verdict(latin1(s.slice(0, s.indexOf('xref'))))).toBe(NO_EOF);
	});

	// Mutants: L67 `len - h < 4096` -> true, `<= 4096`: a header and 4096 bytes without any object would be "empty".
	it('a PDF header followed by exactly 4096 bytes of comments and no object is incomplete; 4095 bytes is empty', () => {
		const header = '%PDF-1.4\n';
		const comments = (n: number) => `%${' '.repeat(n - header.length - 2)}\n`;
		expect(verdict(latin1(header + comments(4096)))).toBe(NO_EOF);
		expect(verdict(latin1(header + comments(4095)))).toBe(HEADER_ONLY);
	});

	// Mutant: L67 `len - h` -> `len + h`: the 1000 bytes of junk before the header would be counted twice.
	it('a header-only PDF after 1000 bytes of junk is empty, and reported with the header offset', () => {
		const junk = `${'x'.repeat(999)}\n`;
		const bytes = latin1(`${junk}%PDF-1.4\n%${' '.repeat(3000)}\n`);
		expect(verdict(bytes)).toBe(`${HEADER_ONLY} + PDF_HEADER_OFFSET`);
	});
});

describe('pdf.ts: an /Encrypt entry counts only when it names an encryption dictionary that exists', () => {
	// Mutants: L115 `'Size'` -> `''`, L116 the test -> false, `value.n > size`, `return false` -> true: the
	// reference to object 7 of a file whose /Size is 7 (objects 0-6) would count as encryption.
	it('a cross-reference stream whose /Encrypt names object 7 of a 7-object file is not encrypted', () => {
		expect(verdict(rawPdf({ xref: 'stream', trailerExtra: '/Encrypt 7 0 R' }))).toBe('valid');
	});

	// Mutant: pdf-syntax.ts L243 hexDigit `l >= 0x61` -> `l > 0x61` (run validation-changed): `/Si#7Ae` is /Size as
	// every reader decodes it (`#7A` is "z"), so object 7 of this 7-object file does not exist.
	it('the same with /Size written with a #7A escape is not encrypted either', () => {
		const s = replacing(text({ xref: 'stream', trailerExtra: '/Encrypt 7 0 R' }), '/Type /XRef /Size 7 ', '/Type /XRef /Si#7Ae 7 ');
		expect(verdict(latin1(s))).toBe('valid');
	});

	// Mutants: L117 `return true` -> false, and pdf-xref.ts L124 `hasXrefStreams = true` -> false: with a
	// cross-reference stream the object is not looked up in a table (there is none) and the file would pass.
	it('a cross-reference stream whose /Encrypt names an existing object is encrypted', () => {
		expect(verdict(rawPdf({ xref: 'stream', objects: [...simpleObjects(), HAND_ENCRYPT_DICT], trailerExtra: `/Encrypt 6 0 R ${HAND_ID}` }))).toBe(ENCRYPTED);
	});

	// Mutants: pdf.ts L117 `table === null` -> true, L121 the in-use test -> true; and every mutant of pdf-xref.ts
	// that makes a well-formed table unmappable (L170, L172 size tests; L196, L197-L199 the entry size search; L206,
	// L208, L210, L211 the entry format), which makes any existing object number count: the free entry of
	// object 6 says the encryption dictionary written there is not part of the document.
	it('a trailer whose /Encrypt names an object marked free in the cross-reference table is not encrypted', () => {
		const objects = [...simpleObjects(), HAND_ENCRYPT_DICT, '<< /Producer (last object, in use) >>'];
		expect(verdict(rawPdf({ objects, freeObjects: [6], trailerExtra: `/Encrypt 6 0 R ${HAND_ID}` }))).toBe('valid');
	});

	// Mutants: pdf-xref.ts L199 the size test -> true, `||`: the 19-byte entries would be read as 20 bytes long and
	// the table could not be mapped.
	it('the same with 19-byte table entries (one byte after each entry) is not encrypted either', () => {
		const objects = [...simpleObjects(), HAND_ENCRYPT_DICT, '<< /Producer (last object, in use) >>'];
		const s = text({ objects, freeObjects: [6], entryEnd: '\n', trailerExtra: `/Encrypt 6 0 R ${HAND_ID}` });
		expect(s).toContain('0000000000 00001 f\n');
		expect(verdict(latin1(s))).toBe('valid');
	});

	// Mutant: L125 `return false` -> true (no coverage): object 8 is below /Size but in no subsection of the table.
	it('a trailer whose /Encrypt names an object that its table does not list is not encrypted', () => {
		const s = replacing(text({ trailerExtra: '/Encrypt 8 0 R' }), '/Size 6 ', '/Size 10 ');
		expect(verdict(latin1(s))).toBe('valid');
	});

	// Mutants: L120 the subsection test -> true, `||`, the end test -> true, `value.n <= s.start + s.count`,
	// `value.n > s.start`; L121 `value.n + s.start`: object 7 is found in subsection `7 1` of the update's table
	// (after `0 1` and `6 1`), not in an earlier one nor past its own entry.
	it('an update that adds an encryption dictionary as the last of its one-entry subsections is encrypted', () => {
		const update = appendUpdate(rawPdf(), {
			objects: [
				{ num: 6, body: '<< /Producer (update) >>' },
				{ num: 7, body: HAND_ENCRYPT_DICT },
			],
			trailerExtra: `/Encrypt 7 0 R ${HAND_ID} `,
		});
		expect(toLatin1(update)).toContain('0 1\n0000000000 65535 f \n6 1\n');
		expect(verdict(update)).toBe(ENCRYPTED);
	});

	// Mutant: L120 `value.n >= s.start` -> true: object 6 of the original table would be looked for in the
	// update's subsection `7 1`, at the byte before its entry.
	it('an update whose /Encrypt names the encryption dictionary of the original revision is encrypted', () => {
		const base = rawPdf({ objects: [...simpleObjects(), HAND_ENCRYPT_DICT] });
		const update = appendUpdate(base, { trailerExtra: `/Encrypt 6 0 R ${HAND_ID} ` });
		expect(toLatin1(update)).toContain('0 1\n0000000000 65535 f \n7 1\n');
		expect(verdict(update)).toBe(ENCRYPTED);
	});

	// Mutant: L117 `tables.some(...)` -> `tables.every(...)`: the original table, which cannot be mapped (a damaged
	// entry), holds the object the update's /Encrypt names; the check cannot tell it is free, so it counts.
	it('an update whose /Encrypt names an object of an older, damaged table is encrypted', () => {
		const damaged = replacing(text({ objects: [...simpleObjects(), HAND_ENCRYPT_DICT] }), '0000000000 65535 f', '000000000 65535 f ');
		const update = appendUpdate(latin1(damaged), { trailerExtra: `/Encrypt 6 0 R ${HAND_ID} ` });
		expect(verdict(update)).toBe(ENCRYPTED);
	});
});

describe('pdf-xref.ts: the chain of sections through /Prev and /XRefStm', () => {
	// Mutants: L65 `repaired = true` -> false; L108 the entry test -> true, `pos < ctx.v.len`,
	// `lastDictEnd(ctx) >= pos`: the pointer leads into the objects, before the last `>>`, so nothing is missing.
	it('an update whose /Prev points into the middle of an object is valid, with the repair warning', () => {
		expect(verdict(updateWithPrev((s) => s.indexOf('/MediaBox')))).toBe(`valid + ${REPAIRED}`);
	});

	// Mutants: L108 the arrow function -> `() => undefined`, its test -> false, `&&`, `lastDictEnd(ctx) < pos` ->
	// false, `= true` -> false (no coverage); L118 `'>>'` -> `''`: no dictionary lies after the target, so the
	// older section was cut off.
	it('an update whose /Prev points after the last dictionary of the file (at its startxref) is incomplete', () => {
		expect(verdict(updateWithPrev((s) => s.lastIndexOf('startxref')))).toBe(CUT_OFF);
	});

	// Mutant: L108 `lastDictEnd(ctx) <= pos`: a target at the last `>>` still has that dictionary end after it.
	it('an update whose /Prev points at the `>>` closing its own trailer is valid, with the repair warning', () => {
		expect(verdict(updateWithPrev((s) => s.lastIndexOf('>>')))).toBe(`valid + ${REPAIRED}`);
	});

	// Mutant: L108 `positions.every(...)` -> `some(...)`: with junk before the header, the pointer is tried as given
	// and shifted by the junk's length; only the shifted one lies after the last `>>`.
	it('with 10 bytes of junk first, a /Prev that lands in the trailer only when shifted is repaired, not cut off', () => {
		const junk = 'junkjunk\r\n';
		const base = rawPdf({ junk, offsetsFromHeader: true });
		const bytes = updateWithPrev((s) => s.lastIndexOf('>>') - 5, base);
		expect(verdict(bytes)).toBe(`valid + PDF_HEADER_OFFSET + ${REPAIRED}`);
	});

	// Mutant: L134 `pos < 0` -> `pos <= 0`: with junk before the header, `startxref 0` is tried at the header and
	// at byte 0 of the file, where this junk holds a section; position 0 would never be read, and the PDF repaired.
	it('a PDF whose startxref 0 counts from the start of the file, where a section sits before the header, is read there', () => {
		const junk = 'xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 6 /Root 1 0 R >>\n';
		const s = text({ junk, startxrefText: '0' });
		expect(s.startsWith(`${junk}%PDF-1.4`)).toBe(true);
		expect(verdict(latin1(s))).toBe('valid + PDF_HEADER_OFFSET');
	});

	// Mutant: L90 the block that marks a pointer past the end of the file -> `{}`: the PDF would be repaired.
	it('a startxref pointing past the end of the file means the file was cut off', () => {
		expect(verdict(rawPdf({ startxrefText: '88888' }))).toBe(CUT_OFF);
	});

	// Mutants: L75 `'XRefStm'` -> `''`, L76-L81 the hybrid block -> `{}`: the hidden stream's /Encrypt would be missed.
	it('a hybrid PDF whose /Encrypt is only in the hidden cross-reference stream is encrypted', () => {
		const s = replacing(text({ xref: 'hybrid', objects: [...simpleObjects(), HAND_ENCRYPT_DICT] }), '/Type /XRef /Size 8 ', `/Type /XRef /Size 8 /Encrypt 6 0 R ${HAND_ID}`);
		// The stream's dictionary grew, so the classic table after it moved: its startxref is written anew.
		const fixed = s.replace(/startxref\n\d+\n/, `startxref\n${s.lastIndexOf('xref\n0 8')}\n`);
		expect(verdict(latin1(fixed))).toBe(ENCRYPTED);
	});

	// Mutants: L78 allowClassic `false` -> true (the classic table would be read as the hidden stream), L80
	// `repaired = true` -> false: /XRefStm must point to a stream, a classic table there is a broken pointer.
	it('an update whose /XRefStm (and no /Prev) points to the original classic table is repaired', () => {
		const base = rawPdf();
		const s = toLatin1(appendUpdate(base));
		const tail = replacing(s.slice(base.length), '/Prev ', '/XRefStm ');
		expect(verdict(latin1(s.slice(0, base.length) + tail))).toBe(`valid + ${REPAIRED}`);
	});

	// Mutant: L78 following `true` -> false: a hidden stream pointer past the last `>>` was cut off, as for /Prev.
	it('a hybrid PDF whose /XRefStm points at its startxref is incomplete', () => {
		const s = text({ xref: 'hybrid' });
		const target = String(s.lastIndexOf('startxref'));
		expect(target.length).toBe(3);
		expect(verdict(latin1(replacing(s, '/XRefStm 419 ', `/XRefStm ${target} `)))).toBe(CUT_OFF);
	});
});

describe('pdf-xref.ts: a section whose dictionary or table runs into the end of the file', () => {
	/** Object 7, which starts like a cross-reference stream whose dictionary never ends (a string left open). */
	const openXrefStream = '<< /Type /XRef /Size 8 /W [1 4 2] /Title (cut here';

	// Mutants: L146 the test -> false, `dict && ...`, `= true` -> false (no coverage): the update's /Prev leads to a
	// section that runs to the end of the file, which means the older revision was cut off.
	it('an update whose /Prev points to a cross-reference stream cut in its dictionary is incomplete', () => {
		const base = rawPdf();
		const s = toLatin1(appendUpdate(base, { objects: [{ num: 7, body: openXrefStream }] }));
		const tail = replacing(s.slice(base.length), '/Prev 419 ', `/Prev ${base.length} `);
		expect(verdict(latin1(s.slice(0, base.length) + tail))).toBe(CUT_OFF);
	});

	// Mutant: L189 `= true` -> false (no coverage): the same for a classic table whose trailer dictionary runs to
	// the end of the file (a string left open swallows the update after it).
	it('an update whose /Prev points to an xref table cut in its trailer dictionary is incomplete', () => {
		const base = rawPdf();
		const cut = latin1(`${toLatin1(base)}xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 6 /Root 1 0 R /Title (cut here\n`);
		const s = toLatin1(appendUpdate(cut, { objects: [{ num: 6, body: '<< /Producer /Update >>' }] }));
		const tail = replacing(s.slice(cut.length), '/Prev 419 ', `/Prev ${base.length} `);
		expect(verdict(latin1(s.slice(0, cut.length) + tail))).toBe(CUT_OFF);
	});

	// Mutants: L146 `(!dict && following) || ...`, `!dict && following` -> true, `!dict || following`: the startxref
	// itself leads there (not a /Prev), so the index is searched for and the original revision's table found.
	it('a startxref that points to a cross-reference stream cut in its dictionary is repaired', () => {
		const s = text();
		const at = s.indexOf('xref\n0 6');
		const bytes = latin1(`${s.slice(0, at)}xrefs are below\n${s.slice(at, s.lastIndexOf('startxref'))}startxref\n${s.length + 16}\n%%EOF\n7 0 obj\n${openXrefStream}`);
		// The open object comes after %%EOF here, which the tail check tolerates (no endobj, xref or trailer there).
		expect(verdict(bytes)).toBe(`valid + ${REPAIRED}`);
	});

	// Mutants: L176 `'trailer'` -> `''`, L177 the budget test -> true, L178 `t === -1` -> true, L183
	// `t - 'trailer'.length`, `''.length`: a table whose first entry is damaged is skipped by searching for its
	// trailer, which is not a repair.
	it('a PDF whose first table entry lacks a digit is valid, without the repair warning', () => {
		expect(verdict(latin1(replacing(text(), '0000000000 65535 f ', '000000000 65535 f  ')))).toBe('valid');
	});

	// Mutant: L172 `size === 0` -> false: the table header `0 6` with no entries would be taken as a subsection
	// made of the trailer's bytes, where object 4 is not "in use", and the /Encrypt would be dropped.
	it('a table with no entries under its header cannot say its /Encrypt object is free: encrypted', () => {
		const s = text({ objects: [...simpleObjects(), HAND_ENCRYPT_DICT], trailerExtra: `/Encrypt 6 0 R ${HAND_ID}` });
		const entries = s.slice(s.indexOf('0000000000 65535 f'), s.indexOf('trailer'));
		expect(verdict(latin1(replacing(s, entries, '')))).toBe(ENCRYPTED);
	});

	/** A stream PDF with a classic table header `xref 0 6` and no entries nor trailer, just before `startxref`. */
	function cutTable(): { s: string; at: number } {
		const s = text({ xref: 'stream' });
		const at = s.lastIndexOf('startxref');
		return { s: `${s.slice(0, at)}xref\n0 6\n${s.slice(at)}`, at };
	}

	// Mutants: L178 `t !== -1`, `t === +1`, its block -> `{}`, L180 the test -> false, `= true` -> false: the
	// update's /Prev leads to a table with no trailer after it, then only a cross-reference stream: cut off.
	it('an update whose /Prev points to an xref table that has no trailer is incomplete', () => {
		const { s, at } = cutTable();
		const base = latin1(s);
		const update = toLatin1(appendUpdate(base, { xref: 'stream' }));
		const prev = /\/Prev (\d+) /.exec(update.slice(base.length));
		expect(prev).not.toBeNull();
		const tail = update.slice(base.length).replace(prev![0], `/Prev ${at} `);
		expect(verdict(latin1(update.slice(0, base.length) + tail))).toBe(CUT_OFF);
	});

	// Mutants: L180 `following` -> true: when the startxref itself leads to such a table, the index is searched for
	// (and the cross-reference stream before it found); pdf.ts L37 WORK_BASE `1024 * 1024` -> `1024 / 1024`: the
	// budget of this 700-byte file would then be 4 units a byte only, and the search would not find the stream
	// (the PDF would be refused as having no index).
	it('a startxref that points to an xref table that has no trailer is repaired', () => {
		const { s, at } = cutTable();
		expect(verdict(latin1(s.replace(/startxref\n\d+\n%%EOF\n$/, `startxref\n${at}\n%%EOF\n`)))).toBe(`valid + ${REPAIRED}`);
	});
});

describe('pdf-xref.ts: a table entry that does not have the form `nnnnnnnnnn ggggg n` cannot be trusted', () => {
	const objects = [...simpleObjects(), HAND_ENCRYPT_DICT, '<< /Producer (last object, in use) >>'];
	const pdf = () => text({ objects, freeObjects: [6], trailerExtra: `/Encrypt 6 0 R ${HAND_ID}` });

	// Mutants: L196 `!isEntry(v, at)` -> false (the first entry is not checked), and in isEntry L208 `i < 10` ->
	// false, `return false` -> true; L209 `return false` -> true (no coverage); L210 the generation loop test ->
	// false, `i >= 16`, `!isDigit` -> false, `return false` -> true (no coverage); L211 the whole test -> true,
	// `||`, the blank test -> true, the n/f test -> true. Each would accept the damaged first entry, map the table,
	// and read object 6 as free: the PDF would pass as not encrypted.
	it.each([
		['a letter in its offset', '00000000O0 65535 f '],
		['no blank after its offset', '0000000000_65535 f '],
		['a letter in its generation', '0000000000 6553S f '],
		['no blank after its generation', '0000000000 65535_f '],
		['neither n nor f as its type', '0000000000 65535 F '],
	])('a table whose first entry has %s cannot say the /Encrypt object is free: encrypted', (_what, entry) => {
		expect(verdict(latin1(replacing(pdf(), '0000000000 65535 f ', entry)))).toBe(ENCRYPTED);
	});
});

describe('pdf-xref.ts: pointers that lead back, to the very end, or to a place read before (issue 18, the by-hand retest)', () => {
	/** An encrypted one-revision PDF with an update appended; the update's trailer is rewritten by `edit`. */
	function encryptedWithUpdate(edit: (trailer: string, baseXref: number) => string): Uint8Array {
		const base = rawPdf({ objects: [...simpleObjects(), HAND_ENCRYPT_DICT], trailerExtra: `/Encrypt 6 0 R ${HAND_ID}` });
		const baseXref = toLatin1(base).lastIndexOf('xref\n0 7');
		const s = toLatin1(appendUpdate(base, { carry: false }));
		// The update's trailer comes after its table, so editing it moves no position the file points to.
		const at = s.lastIndexOf('trailer');
		return latin1(s.slice(0, at) + edit(s.slice(at), baseXref));
	}

	it('an update that drops the /Encrypt of the revision it updates is still encrypted', () => {
		expect(verdict(encryptedWithUpdate((trailer) => trailer))).toBe(ENCRYPTED);
	});

	// Mutant: pdf-syntax.ts L103 `key === 'Encrypt'` -> true (run validation-changed): a /Prev written twice would be
	// kept as both values, which is no pointer, and the older revision with its /Encrypt never read.
	it('an update whose trailer names its /Prev twice still reads the revision it updates', () => {
		const bytes = encryptedWithUpdate((trailer, baseXref) => replacing(trailer, `/Prev ${baseXref} `, `/Prev ${baseXref} /Prev ${baseXref} `));
		expect(verdict(bytes)).toBe(ENCRYPTED);
	});

	// Mutant: pdf-syntax.ts L249 dictInt's `value.v >= 0` -> true (run validation-changed): a /Prev of -419 points
	// before the file, and one of 419.5 between two bytes; neither is a pointer (as in pdf.js), so the chain ends
	// there, with nothing to repair.
	it.each(['-419', '419.5'])('an update whose /Prev is %s ends the chain there, with no repair', (prev) => {
		const s = toLatin1(appendUpdate(rawPdf()));
		const at = s.lastIndexOf('trailer');
		expect(verdict(latin1(s.slice(0, at) + replacing(s.slice(at), '/Prev 419 ', `/Prev ${prev} `)))).toBe('valid');
	});

	// Mutant: pdf.ts L78 the budget `WORK_PER_BYTE * len + WORK_BASE` -> `WORK_PER_BYTE / len + WORK_BASE` (run
	// validation-changed): the budget grows with the file, so a big PDF whose index must be searched for through
	// 900 KB (a large object after its trailer) is still repaired, not refused at a work limit.
	it('a 900 KB PDF whose startxref is wrong, with its trailer 900 KB before it, is repaired', () => {
		const s = text({ startxrefText: '5' });
		const at = s.lastIndexOf('startxref');
		const bytes = latin1(`${s.slice(0, at)}7 0 obj\n(${'x'.repeat(900_000)})\nendobj\n${s.slice(at)}`);
		expect(verdict(bytes)).toBe(`valid + ${REPAIRED}`);
	});

	// Mutant: pdf.ts L73 `.some(...)` -> `.every(...)` (run validation-changed): an object after %%EOF with no index
	// of its own is an update cut off, even without an `xref` or `trailer` after it.
	it('a PDF with an object after its %%EOF and nothing else is missing its end', () => {
		expect(verdict(rawPdf({ afterEof: '7 0 obj\n<< /Producer (cut-off update) >>\nendobj\n' }))).toBe(NO_EOF);
	});

	// Mutant: L113 failureKey `pos * 4` -> `pos / 4`: the failed read of the /XRefStm target as a stream, 8 bytes
	// into the older table, would be taken for a failed read of the /Prev target as a table, and the older trailer
	// with its /Encrypt never read. (At the table itself no mutant of failureKey mixes the two reads up: `+` -> `-`
	// of either term still gives each kind of read its own remainder mod 4.)
	it.each([
		['at the older table', 0],
		['8 bytes into the older table', 8],
	])('an update whose /XRefStm points %s and whose /Prev leads to that table still reads its /Encrypt', (_where, shift) => {
		const bytes = encryptedWithUpdate((trailer, baseXref) =>
			replacing(trailer, `/Prev ${baseXref} `, `/XRefStm ${baseXref + shift} /Prev ${baseXref} `),
		);
		expect(verdict(bytes)).toBe(`${ENCRYPTED} + ${REPAIRED}`);
	});

	// Mutant: L95 `ctx.visited.has(pos)` -> false: a /Prev that points back to the section it is in would be read
	// again and again, up to the limit on sections.
	it('an update whose /Prev points to its own table is repaired, not read in a loop', () => {
		const s = toLatin1(appendUpdate(rawPdf()));
		const own = s.lastIndexOf('xref\n0 1');
		const at = s.lastIndexOf('/Prev ');
		const prev = /\/Prev (\d+) /.exec(s.slice(at))![1];
		expect(String(own).length).toBe(prev.length);
		expect(verdict(latin1(`${s.slice(0, at)}/Prev ${own} ${s.slice(at + `/Prev ${prev} `.length)}`))).toBe(`valid + ${REPAIRED}`);
	});

	// Mutant: L90 `pos >= ctx.v.len` -> `pos > ctx.v.len`: a startxref that points at the very end of the file,
	// where nothing follows, means the file was cut off, as one that points past the end does.
	it('a startxref that points at the very end of the file means the file was cut off', () => {
		let length = 0;
		let bytes = rawPdf({ startxrefText: '999' });
		while (length !== bytes.length) {
			length = bytes.length;
			bytes = rawPdf({ startxrefText: String(length) });
		}
		expect(verdict(bytes)).toBe(CUT_OFF);
		expect(verdict(rawPdf({ startxrefText: String(bytes.length - 1) }))).not.toBe(CUT_OFF);
	});

	// Mutants: L132 readSectionAt's `following = false` -> true, and L189 `!dict && following` -> `!dict ||
	// following`: the search for the index finds, before startxref, a `trailer` whose dictionary never ends (it
	// runs to the end of the file). That is a damaged trailer to pass over, not a sign that the file was cut off:
	// the table and trailer before it are used.
	it('a PDF whose startxref is wrong and whose last trailer never closes is repaired from the trailer before it', () => {
		const s = text({ startxrefText: '5' });
		const at = s.lastIndexOf('startxref');
		const bytes = latin1(`${s.slice(0, at)}trailer\n<< /Size 6 /Title (never closed\n${s.slice(at)}`);
		expect(verdict(bytes)).toBe(`valid + ${REPAIRED}`);
	});
});
