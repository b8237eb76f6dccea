// The object level of the PDF check (validation/pdf-syntax.ts: the bounded reader of trailer and xref-stream
// dictionaries, with their arrays, names and #xx escapes, numbers, references, strings and keywords, and its
// limits MAX_DEPTH, MAX_DICT_BYTES, MAX_NUMBER_CHARS and MAX_KEYWORD_CHARS). Found by the mutation run over
// pdf-syntax.ts (issue 18, run validation-pdf-syntax, reports/mutation/SURVIVORS.md). What the reader gets wrong, a
// user sees: an /Encrypt entry read past (an encrypted PDF uploaded as if it were not), a well-formed trailer
// refused, or a refusal that names the wrong reason. Most cases are a small hand-made PDF in, the verdict out; where
// no verdict can show a mistake (the work a value is charged, the value of a real number, the reader's answer at
// the end of the data) the reader is asked directly.

import { validateReceiptFile } from '../../nodes/ConcurImaging/validation';
import { ByteView } from '../../nodes/ConcurImaging/validation/bytes';
import { Budget } from '../../nodes/ConcurImaging/validation/pdf-budget';
import { MAX_DEPTH, MAX_DICT_BYTES, MAX_KEYWORD_CHARS, MAX_NUMBER_CHARS, PdfDict, PdfReader } from '../../nodes/ConcurImaging/validation/pdf-syntax';
import { ENCRYPT_DICT } from '../../support/validation-fixtures/adversarial';
import { HAND_ENCRYPT_DICT, HAND_ID, latin1, rawPdf, RawPdfOptions, simpleObjects, toLatin1 } from '../../support/validation-fixtures/pdf';

/** 'valid' or the problem codes (CORRUPT_FILE with its message) and warning codes of the verdict, joined by ' + '. */
function verdict(bytes: Uint8Array): string {
	const v = validateReceiptFile(bytes, { computeSha256: false });
	const parts = v.valid ? ['valid'] : v.problems.map((p) => (p.code === 'CORRUPT_FILE' ? `CORRUPT_FILE: ${p.message}` : p.code));
	parts.push(...v.warnings.map((w) => w.code));
	return parts.join(' + ');
}

const ENCRYPTED = 'ENCRYPTED_PDF';
const REPAIRED = 'valid + PDF_XREF_REPAIRED';
const NO_TRAILER = 'CORRUPT_FILE: This PDF is damaged: its internal index (cross-reference table and trailer) cannot be found.';
const NO_ROOT = 'CORRUPT_FILE: This PDF is damaged: its internal index does not say where the document starts';
const LIMIT_DICT_SIZE = 'an entry of its internal index is larger than 64 KB';
const LIMIT_TOKEN = `a number longer than ${MAX_NUMBER_CHARS} characters or a word longer than ${MAX_KEYWORD_CHARS} characters`;
const LIMIT_DEPTH = `nested more than ${MAX_DEPTH} levels deep`;
const LIMIT_WORK = 'checking it would take more than 4 steps per byte';

/** The text of a hand-made PDF, so that a test can edit it. */
const text = (options: RawPdfOptions = {}) => toLatin1(rawPdf(options));

/** A PDF whose one trailer holds `entries` (after /Size and /Root). */
const withTrailer = (entries: string, options: RawPdfOptions = {}) => rawPdf({ ...options, trailerExtra: entries });

/** Seven objects, the sixth an encryption dictionary (in use in the table), the seventh an ordinary one. */
const WITH_ENCRYPT_DICT = [...simpleObjects(), HAND_ENCRYPT_DICT, '<< /Producer (last object) >>'];

/**
 * A trailer is read for at most MAX_DICT_BYTES from just after its `trailer` keyword. This PDF's trailer is padded
 * with a string so that `inside` ends exactly there, on the last byte the reader may read, and `outside` starts on
 * the first byte it may not (`outside` closes the dictionary, if anything does). The table before the trailer
 * does not move, so the startxref stays right.
 */
function trailerAtLimit(inside: string, outside: string): Uint8Array {
	const s = text({ compact: true });
	const open = s.indexOf('trailer<<') + 'trailer'.length;
	const close = s.indexOf('>>', open);
	expect(s.slice(open, close)).toBe('<</Size 6/Root 1 0 R');
	const padding = open + MAX_DICT_BYTES - close - '/Pad ()'.length - inside.length;
	const bytes = latin1(`${s.slice(0, close)}/Pad (${'x'.repeat(padding)})${inside}${outside}${s.slice(close + 2)}`);
	// The premise: `inside` is the last thing within the reader's range.
	expect(toLatin1(bytes, open + MAX_DICT_BYTES - inside.length, open + MAX_DICT_BYTES + outside.length)).toBe(inside + outside);
	return bytes;
}

/** What the reader makes of `source` from its first byte, within `units` of work, reading to the end of the data. */
function read(source: string, units = 1 << 20): { dict: PdfDict | null; endOfData: boolean; limit: string | null; work: number } {
	const view = new ByteView(latin1(source));
	const budget = new Budget(view, units);
	const reader = new PdfReader(view, budget, 0);
	const dict = reader.dict();
	return { dict, endOfData: reader.hitEndOfFile, limit: budget.limit, work: view.work };
}

describe('dictionaries: where one starts and ends, and what counts as a key', () => {
	// Mutants: the `<<` test -> false (twice), `&&` for `||`, its first half -> false, its second half -> false (L45):
	// what the startxref points at would be parsed as whatever value it is, here a string that runs past 64 KB, and
	// the file refused at the dictionary size limit instead of repaired.
	it.each([
		['a 66 KB hex string', `<${'41'.repeat(33 * 1024)}>`],
		['a 66 KB literal string of XML', `(<?xml version="1.0"?><x:xmpmeta>${'x'.repeat(66 * 1024)}</x:xmpmeta>)`],
	])('a startxref that points at an object holding %s (not a dictionary) is repaired, not refused', (_what, body) => {
		const objects = [...simpleObjects(), body];
		const at = text({ objects }).indexOf('6 0 obj');
		expect(at).toBeGreaterThan(0);
		expect(verdict(rawPdf({ objects, startxrefText: String(at) }))).toBe(REPAIRED);
	});

	// Mutant: MAX_DICT_BYTES `64 * 1024` -> `64 / 1024` (L29): no trailer would fit in the reader's range.
	it('an ordinary PDF, with a classic table or a cross-reference stream, is valid', () => {
		expect(verdict(rawPdf())).toBe('valid');
		expect(verdict(rawPdf({ compact: true }))).toBe('valid');
		expect(verdict(rawPdf({ xref: 'stream' }))).toBe('valid');
	});

	// Mutants: the `>>` test `&&` -> `||`, its first half -> true, its second half -> true (L83): a lone `>`, or any
	// byte followed by one, would end the trailer, and the /Encrypt entry after it would never be read: the PDF would
	// pass as valid.
	it.each(['>', '/>'])('a trailer with a stray `%s` before its /Encrypt entry is refused as damaged, not passed as valid', (stray) => {
		expect(verdict(withTrailer(`/Info 5 0 R ${stray} /Encrypt ${ENCRYPT_DICT}`))).toContain(NO_TRAILER);
	});

	// Mutant: the key's `/` test -> false (L88): `Info` would be read as a key named `nfo`.
	it('a trailer with a key written without its slash (Info 5 0 R) is refused as damaged', () => {
		expect(verdict(withTrailer('Info 5 0 R'))).toContain(NO_TRAILER);
	});

	// Mutant: `isPdfDelimiter(c)` -> false (L65): the `>` after the key would be read as an empty word, the key's
	// value, and the damaged trailer pass.
	it('a trailer whose last key has no value (/Info >>) is refused as damaged', () => {
		expect(verdict(withTrailer('/Info'))).toContain(NO_TRAILER);
	});

	// Mutant: the repeated-key rule `&&` -> `||` before `d.has(key)` (L93): the first of two /Encrypt entries would
	// win, here a reference to an object that does not exist, and the PDF pass as not encrypted.
	it('a trailer with two /Encrypt entries, the last naming the encryption dictionary, is encrypted', () => {
		expect(verdict(withTrailer(`/Encrypt 99 0 R /Encrypt 6 0 R ${HAND_ID}`, { objects: WITH_ENCRYPT_DICT }))).toBe(ENCRYPTED);
	});

	// Mutant: `key === 'Encrypt'` -> true in the repeated-key rule (L93): a repeated key of any name would keep its
	// first value when the second is null. Only /Encrypt does (a null must not hide a real one); for the others the
	// last value wins, as in the readers that take the last: this stream says it is not a cross-reference stream.
	it('a cross-reference stream whose /Type is repeated as null (/Type /XRef ... /Type null) is not one: damaged', () => {
		const s = text({ xref: 'stream' });
		expect(s).toContain('/W [1 4 2] ');
		expect(verdict(latin1(s.replace('/W [1 4 2] ', '/W [1 4 2] /Type null ')))).toContain(NO_TRAILER);
		expect(verdict(latin1(s.replace('/W [1 4 2] ', '/W [1 4 2] /Type /XRef ')))).toBe('valid');
	});
});

describe('the 64 KB dictionary limit, to the byte', () => {
	// Mutant: `this.pos + 1 >= this.end` -> `>` (L81): a `>>` whose second byte lies past the limit would still end
	// the dictionary.
	it('a trailer whose closing >> ends on the last byte of its 64 KB is valid; one byte later it is refused', () => {
		expect(verdict(trailerAtLimit('>>', ''))).toBe('valid');
		expect(verdict(trailerAtLimit('>', '>'))).toContain(LIMIT_DICT_SIZE);
	});

	// Mutants: `this.pos >= this.end` -> false, `>` (L53): the value of a key that ends on the limit would be read
	// from the first byte past it, here the `>` of `>>` (no value, so no limit), and the PDF refused as damaged.
	it('a trailer whose last key within its 64 KB has its value past the limit is refused at the size limit', () => {
		expect(verdict(trailerAtLimit('/Info', '>>'))).toContain(LIMIT_DICT_SIZE);
	});

	// Mutants: the word loop's `this.pos < this.end` -> true, `<=` (L67); the number loop's `this.pos < this.end` ->
	// `<=` (L152): a word (number) of 64 (32) characters up to the limit would take one more from past it, and the
	// refusal name the token limit.
	it.each([
		['a word', `/W ${'w'.repeat(MAX_KEYWORD_CHARS)}`, 'w>>'],
		['a number', `/N ${'1'.repeat(MAX_NUMBER_CHARS)}`, '1>>'],
	])('a trailer cut by the 64 KB limit just after %s of the longest length read is refused at the size limit', (_what, inside, outside) => {
		const refused = verdict(trailerAtLimit(inside, outside));
		expect(refused).toContain(LIMIT_DICT_SIZE);
		expect(refused).not.toContain(LIMIT_TOKEN);
	});
});

describe('nesting: MAX_DEPTH counts levels, not arrays', () => {
	// Mutants: `++this.depth > MAX_DEPTH` -> `>=` in dictionaries (L76) and in arrays (L99): a trailer holding values
	// nested exactly 32 levels deep (the trailer is the first) would be refused.
	it.each([
		['dictionaries', `/Deep ${'<< /A '.repeat(MAX_DEPTH - 1)}1${' >>'.repeat(MAX_DEPTH - 1)}`, `/Deep ${'<< /A '.repeat(MAX_DEPTH)}1${' >>'.repeat(MAX_DEPTH)}`],
		['arrays', `/Deep ${'['.repeat(MAX_DEPTH - 1)}1${']'.repeat(MAX_DEPTH - 1)}`, `/Deep ${'['.repeat(MAX_DEPTH)}1${']'.repeat(MAX_DEPTH)}`],
	])('a trailer with %s nested to 32 levels in all is valid; 33 levels are refused', (_what, deepest, tooDeep) => {
		expect(verdict(withTrailer(deepest))).toBe('valid');
		expect(verdict(withTrailer(tooDeep))).toContain(LIMIT_DEPTH);
	});

	// Mutant: the array's `this.depth--` -> `this.depth++` (L106): each array would add two levels for good, and the
	// seventeenth array of a trailer pass the nesting limit.
	it('a trailer with 20 arrays one after another is valid', () => {
		const arrays = Array.from({ length: 20 }, (_, i) => `/A${i} [${i} ${i}]`).join(' ');
		expect(verdict(withTrailer(arrays))).toBe('valid');
	});
});

describe('names and their #xx escapes', () => {
	// Mutants of the escape decoding: `lo >= 0` -> `lo > 0` (L131) for `#70`; hexDigit's `c >= 0x30` -> `c > 0x30`
	// (L227) for `#70`; its digit test -> true, `||`, `c <= 0x39` -> true (L227) and its letter test -> false,
	// `l < 0x61`, `l > 0x66`, `l - 0x61 - 10`, `l + 0x61` (L229) for `#6e` / `#6E`: the escaped key would not be
	// /Encrypt (or /Root), and the encryption missed (or the catalog).
	it.each([
		['/Encry#70t', `/Encry#70t ${ENCRYPT_DICT}`, ENCRYPTED],
		['/E#6ecrypt', `/E#6ecrypt ${ENCRYPT_DICT}`, ENCRYPTED],
		['/E#6Ecrypt', `/E#6Ecrypt ${ENCRYPT_DICT}`, ENCRYPTED],
		['/Encr#79pt', `/Encr#79pt ${ENCRYPT_DICT}`, ENCRYPTED],
		['/Ro#6Ft (the catalog)', '/Ro#6Ft 1 0 R', 'valid'],
	])('a trailer key written %s is read as the name it spells', (_written, entries, expected) => {
		const noRoot = !entries.startsWith('/E');
		expect(verdict(withTrailer(entries, { noRoot }))).toBe(expected);
	});

	// Mutants: the escape test `hi >= 0 && lo >= 0` -> true, `||`, `lo >= 0` -> true (L131) for `#7G`; hexDigit's
	// letter test -> true, `||`, `l <= 0x66` -> true (L229) for `#5v`: `#` followed by something that is not two hex
	// digits is the character `#`, so these keys are not /Root (nor /Type), whatever they look like decoded.
	it.each([
		['/R#7Got', '/R#7Got 1 0 R'],
		['/R#5vot', '/R#5vot 1 0 R'],
	])('a trailer whose only catalog key is written %s (no escape) has no catalog', (_written, entries) => {
		expect(verdict(withTrailer(entries, { noRoot: true }))).toContain(NO_ROOT);
	});

	// Mutant: hexDigit's letter test `l >= 0x61` -> true (L229): `@` would be the hex digit 9 and `/T#7@pe` be /Type.
	it('a cross-reference stream whose /Type key is written /T#7@pe (no escape) is not one: the PDF is damaged', () => {
		const s = text({ xref: 'stream' });
		expect(s).toContain('<< /Type /XRef');
		expect(verdict(latin1(s.replace('<< /Type /XRef', '<< /T#7@pe /XRef')))).toContain(NO_TRAILER);
	});

	// Mutants: hexDigit's `return -1` -> `+1` (L229) and the escape test -> true (L131): the `#` at the end of `/A#`
	// would be read with the blank and the digit after it as an escape, the value 1 swallowed into the key, and the
	// trailer after it misread.
	it('a trailer key ending in a bare # (/A# 1) keeps its value: the /Encrypt entry after it is found', () => {
		expect(verdict(withTrailer(`/A# 1 /Encrypt ${ENCRYPT_DICT}`))).toBe(ENCRYPTED);
	});
});

describe('numbers, references and keywords', () => {
	// Mutant: the sign test -> false (L146): `-44` would not be read at all, and the trailer's encryption dictionary
	// (with its /P -44) be unreadable.
	it('a trailer holding its encryption dictionary directly (with /P -44) is encrypted', () => {
		expect(verdict(withTrailer(`/Encrypt ${HAND_ENCRYPT_DICT} ${HAND_ID}`))).toBe(ENCRYPTED);
	});

	// Mutants: the decimal point test -> false, `!sawDot` -> `sawDot` (L154): `1.5` would stop at its point, and the
	// trailer be unreadable.
	it('a trailer with a real number (/Scale 1.5) before its /Encrypt entry is encrypted', () => {
		expect(verdict(withTrailer(`/Scale 1.5 /Encrypt ${ENCRYPT_DICT}`))).toBe(ENCRYPTED);
	});

	// Mutants: `sawDot = true` -> false, its block -> `{}` (L154-L155): `1.5` would be the integer 15; the integer test
	// -> true, `!sawDot || digits > 0`, `... || isDigit(b[start])`, `!sawDot && digits > 0` -> true (L169), and
	// `if (isInt)` -> true (L170): `1.5 0 R` would be a reference. Either way a dangling reference, the PDF valid.
	it('a trailer whose /Encrypt is a real number followed by `0 R` (/Encrypt 1.5 0 R) is refused as damaged', () => {
		expect(verdict(withTrailer('/Encrypt 1.5 0 R'))).toContain(NO_TRAILER);
	});

	// Mutants: the number tests for `+`, `-` and `.` -> false (L64): a number starting with one would be read as a
	// word, whose limit is 64 characters, not 32.
	it.each(['+', '-', '.'])('a trailer with a 41-character number starting with "%s" is refused at the token limit', (sign) => {
		expect(verdict(withTrailer(`/N ${sign}${'0'.repeat(40)}`))).toContain(LIMIT_TOKEN);
	});

	// Mutants: `this.pos - start > MAX_NUMBER_CHARS` -> `>=` (L164), `this.pos - start > MAX_KEYWORD_CHARS` -> `>=`
	// (L68): a number of exactly 32 characters (sign included), a word of exactly 64, would be refused.
	it('a trailer with a number of 32 characters and a word of 64 is valid; one character more is refused', () => {
		expect(verdict(withTrailer(`/N -${'1'.repeat(MAX_NUMBER_CHARS - 1)} /W ${'w'.repeat(MAX_KEYWORD_CHARS)}`))).toBe('valid');
		expect(verdict(withTrailer(`/N -${'1'.repeat(MAX_NUMBER_CHARS)}`))).toContain(LIMIT_TOKEN);
		expect(verdict(withTrailer(`/W ${'w'.repeat(MAX_KEYWORD_CHARS + 1)}`))).toContain(LIMIT_TOKEN);
	});

	// Mutant: `kw === 'null'` -> true (L70): every word would be null, and an /Encrypt entry that is a word other than
	// null not count. (An /Encrypt entry counts unless it is null or names no object: pdf.ts.)
	it('a trailer whose /Encrypt entry is the word true is encrypted; /Encrypt null is not', () => {
		expect(verdict(withTrailer('/Encrypt true'))).toBe(ENCRYPTED);
		expect(verdict(withTrailer('/Encrypt null'))).toBe('valid');
	});

	// Mutant: dictInt's `value.v >= 0` -> `> 0` (L234): `/Prev 0` would be no pointer. With junk before the header,
	// offset 0 is also tried from the start of the file, where this junk holds an older section with /Encrypt.
	it('a trailer whose /Prev 0 leads to an older section at the very start of the file, with /Encrypt, is encrypted', () => {
		const junk = `xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 6 /Root 1 0 R /Encrypt ${ENCRYPT_DICT} >>\n`;
		expect(verdict(rawPdf({ junk, trailerExtra: '/Prev 0' }))).toBe(`${ENCRYPTED} + PDF_HEADER_OFFSET`);
		expect(verdict(rawPdf({ junk }))).toBe('valid + PDF_HEADER_OFFSET');
	});
});

describe('strings', () => {
	// Mutants: the backslash test -> false, its block -> `{}` (L204): `\)` would end the string, and the rest of
	// the trailer be misread.
	it('a trailer string with an escaped parenthesis, (Total \\) EUR), is read to its end: the /Encrypt after it is found', () => {
		expect(verdict(withTrailer(`/Info << /Title (Total \\) EUR) >> /Encrypt ${ENCRYPT_DICT}`))).toBe(ENCRYPTED);
	});

	// Mutants: hexString's `close === -1` -> false, `close === +1` (L220): a hex string that does not end within the
	// reader's range would send the reader back to the start of the file instead of reaching the size limit.
	it('a trailer hex string longer than 64 KB is refused at the size limit', () => {
		expect(verdict(withTrailer(`/ID [<${'ab'.repeat(MAX_DICT_BYTES / 2 + 16)}> <00>] /Encrypt ${ENCRYPT_DICT}`))).toContain(LIMIT_DICT_SIZE);
	});

	// Mutant: literalString's `this.pos - start` -> `this.pos + start` (L212): each string 1 MB into the file would
	// cost 2 million work units, and the check give up at its work limit.
	it('a 1 MB PDF whose trailer holds a direct /Info dictionary with three strings is valid', () => {
		const pdf = withTrailer('/Info << /Title (Receipt 42) /Author (Shop) /Subject (Coffee) >>', { objects: simpleObjects(`BT (${'x'.repeat(1 << 20)}) Tj ET`) });
		expect(pdf.length).toBeGreaterThan(1 << 20);
		const seen = verdict(pdf);
		expect(seen).not.toContain(LIMIT_WORK);
		expect(seen).toBe('valid');
	});
});

describe('the reader asked directly', () => {
	// Mutants of the values no verdict reads (only dictInt's integers and references are used by the check):
	// the fraction `-=`, `/`, `c + 0x30`, `scale *= 10` (L158, no coverage), `if (sawDot)` -> false (L158),
	// `whole - fraction` (L167), the sign test -> false and `-magnitude` -> `+magnitude` (L168).
	it('numbers are read with their value, sign and fraction', () => {
		const { dict } = read('<< /A 1.25 /B -44 /C -.5 /D +7 /E 3 /F 2 0 R >>');
		expect(dict).not.toBeNull();
		expect(Object.fromEntries(dict!)).toEqual({
			A: { t: 'num', v: 1.25, int: false },
			B: { t: 'num', v: -44, int: false },
			C: { t: 'num', v: -0.5, int: false },
			D: { t: 'num', v: 7, int: false },
			E: { t: 'num', v: 3, int: true },
			F: { t: 'ref', n: 2, g: 0 },
		});
	});

	// Mutants: a name's work `+=` -> `-=`, `2 *` -> `2 /` (L139); a number's `+=` -> `-=` (L166); a literal string's
	// `+=` -> `-=` (L212): the budget that bounds the check's time would not be charged for the bytes.
	it.each([
		['a name', '/N', `/${'N'.repeat(1000)}`],
		['a number', '1', '1'.repeat(MAX_NUMBER_CHARS - 2)],
		['a literal string', '(s)', `(${'s'.repeat(1000)})`],
	])('%s costs at least one work unit more for each byte more', (_what, short, long) => {
		const cost = (value: string) => read(`<< /K ${value} >>`).work;
		expect(cost(long) - cost(short)).toBeGreaterThanOrEqual(long.length - short.length);
	});

	// Mutant: `if (!this.budget.spend(VALUE_COST)) return null` -> false (L54): a dictionary read on after the budget
	// ran out would still be returned.
	it('a dictionary whose reading runs out of budget half-way is not returned, and the work limit is recorded', () => {
		const source = '<</A/X/B/Y/C/Z/D/W/E/V/F/U/G/T/H/S>>';
		const full = read(source);
		expect(full.dict?.size).toBe(8);
		const half = read(source, Math.floor(full.work / 2));
		expect(half.dict).toBeNull();
		expect(half.limit).toBe('work');
	});

	// Mutant: hexString's `this.ranOut() ?? false` -> `?? true` (L220, no coverage): in an array, the unfinished hex
	// string would be read again and again until the budget is gone, and the cut-off data reported as the work limit.
	// Mutant: the word loop's `this.pos < this.end` -> true (L67): a word at the end of the data would be read on
	// past it and refused at the token limit. The check tells a file cut off (hitEndOfFile) from a limit reached.
	it.each(['<< /ID [<0011', '<< /A tru', '<< /A 12', '<< /A (abc', '<< /A /Na', '<< /A [1 2', '<< /A << /B 1'])(
		'a dictionary cut off by the end of the data (%s) is no dictionary, and no limit is reached',
		(source) => {
			const cut = read(source);
			expect(cut.dict).toBeNull();
			expect(cut.endOfData).toBe(true);
			expect(cut.limit).toBeNull();
		},
	);
});
