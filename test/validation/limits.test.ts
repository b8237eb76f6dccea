// Every internal limit of the validation module fails closed (issue 12, defect 3): a file that makes a check
// reach a limit is never reported valid. The PDF limits refuse the file as CORRUPT_FILE with a message naming
// the limit (an /Encrypt entry could lie beyond it); the other limits can only lead to an invalid verdict by
// construction, which is shown here too. One test (at least) per limit constant.

import { CONCUR_MAX_FILE_BYTES, measureValidationWork, validateReceiptFile } from '../../nodes/ConcurImaging/validation';
import { MAX_EXTRANEOUS_BYTES } from '../../nodes/ConcurImaging/validation/jpeg';
import { FALLBACK_CANDIDATES, MAX_SECTIONS } from '../../nodes/ConcurImaging/validation/pdf';
import { MAX_DEPTH, MAX_DICT_BYTES, MAX_KEYWORD_CHARS, MAX_NUMBER_CHARS } from '../../nodes/ConcurImaging/validation/pdf-syntax';
import { PDF_HEADER_SEARCH_BYTES } from '../../nodes/ConcurImaging/validation/sniff';
import { costlyRepair, ENCRYPT_DICT, encryptedBehindFakeTrailers, encryptedBehindUpdates, olderTrailerWith, PDF_ADVERSARIES, repeatTo } from '../../support/validation-fixtures/adversarial';
import { makeJpeg } from '../../support/validation-fixtures/jpeg';
import * as other from './fixtures/other';
import { appendUpdate, HAND_ENCRYPT_DICT, HAND_ID, latin1, rawPdf, simpleObjects, toLatin1 } from '../../support/validation-fixtures/pdf';
import { chunk, concat, makePng } from '../../support/validation-fixtures/png';

const codes = (bytes: Uint8Array) => validateReceiptFile(bytes, { computeSha256: false }).problems.map((p) => p.code);
const corruptMessage = (bytes: Uint8Array) => validateReceiptFile(bytes).problems.find((p) => p.code === 'CORRUPT_FILE')?.message ?? '';
const ENCRYPT = `/Encrypt ${ENCRYPT_DICT}`;
const REFUSED = /cannot be checked for encryption within the limits of this check: .+ So that no encrypted PDF slips through, it is refused\. .*save or print it as a new PDF/;

describe('PDF limits refuse the file, never pass it', () => {
	test(`issue 12 defect 3: an encrypted PDF behind more than ${MAX_SECTIONS} incremental updates is refused, not valid`, () => {
		// Before the fix: valid (the chain was cut at 512 sections and the oldest trailer, with /Encrypt, never read).
		const bytes = encryptedBehindUpdates(600);
		expect(validateReceiptFile(bytes).valid).toBe(false);
		expect(codes(bytes)).toEqual(['CORRUPT_FILE']);
		expect(corruptMessage(bytes)).toMatch(REFUSED);
		expect(corruptMessage(bytes)).toMatch(/the file has more than 512 revisions/);
	});

	test(`MAX_SECTIONS: ${MAX_SECTIONS} sections are read (the encryption in the oldest is found), one more is refused`, () => {
		expect(codes(encryptedBehindUpdates(MAX_SECTIONS - 1))).toEqual(['ENCRYPTED_PDF']);
		expect(codes(encryptedBehindUpdates(MAX_SECTIONS))).toEqual(['CORRUPT_FILE']);
		// The same chains without any /Encrypt: within the limit valid, beyond it refused.
		expect(codes(olderTrailerWith('', MAX_SECTIONS - 1))).toEqual([]);
		expect(codes(olderTrailerWith('', MAX_SECTIONS))).toEqual(['CORRUPT_FILE']);
	});

	test(`MAX_DICT_BYTES: /Encrypt behind ${MAX_DICT_BYTES} bytes of an older trailer is refused`, () => {
		const bytes = olderTrailerWith(`/Pad (${'x'.repeat(MAX_DICT_BYTES + 10)}) ${ENCRYPT}`);
		expect(codes(bytes)).toEqual(['CORRUPT_FILE']);
		expect(corruptMessage(bytes)).toMatch(/an entry of its internal index is larger than 64 KB/);
		// Also when the bytes are white space, and in the newest trailer.
		expect(codes(olderTrailerWith(`/W 1${' '.repeat(MAX_DICT_BYTES + 10)}${ENCRYPT}`))).toEqual(['CORRUPT_FILE']);
		expect(codes(olderTrailerWith(`/Pad (${'x'.repeat(MAX_DICT_BYTES + 10)})`, 0))).toEqual(['CORRUPT_FILE']);
		// Below the limit the entry is read.
		expect(codes(olderTrailerWith(`/Pad (${'x'.repeat(MAX_DICT_BYTES - 1000)}) ${ENCRYPT}`))).toEqual(['ENCRYPTED_PDF']);
	});

	test(`MAX_DEPTH: /Encrypt after dictionaries nested more than ${MAX_DEPTH} deep is refused`, () => {
		const nested = (depth: number) => `/A ${'<< /A '.repeat(depth)}1${' >>'.repeat(depth)} ${ENCRYPT}`;
		expect(codes(olderTrailerWith(nested(MAX_DEPTH)))).toEqual(['CORRUPT_FILE']);
		expect(corruptMessage(olderTrailerWith(nested(MAX_DEPTH)))).toMatch(/nested more than 32 levels deep/);
		expect(codes(olderTrailerWith(nested(MAX_DEPTH - 2)))).toEqual(['ENCRYPTED_PDF']);
		const arrays = `/A ${'['.repeat(MAX_DEPTH + 1)}${']'.repeat(MAX_DEPTH + 1)} ${ENCRYPT}`;
		expect(codes(olderTrailerWith(arrays))).toEqual(['CORRUPT_FILE']);
	});

	test('the work budget running out just after the repair scan is named as the limit, not as a missing index', () => {
		// Found by the mutation triage of pdf.ts L96 (issue 18): when the budget ran out in the walk from the trailer
		// the repair scan had found, the file was refused as "its internal index ... cannot be found".
		const valid = (padding: number) => validateReceiptFile(costlyRepair(padding), { computeSha256: false }).valid;
		// The largest padding whose repair still fits in the budget (a valid file, repaired); the scan costs more with
		// every byte of padding, so past it the budget runs out: first in the walk after the scan, then in the scan.
		let fits = 1000;
		let over = 60_000;
		expect([valid(fits), valid(over)]).toEqual([true, false]);
		while (over - fits > 1) {
			const mid = Math.floor((fits + over) / 2);
			if (valid(mid)) fits = mid;
			else over = mid;
		}
		for (let padding = over; padding < over + 40; padding++) {
			const message = corruptMessage(costlyRepair(padding));
			expect([padding, message]).toEqual([padding, expect.stringMatching(REFUSED)]);
			expect(message).toMatch(/checking it would take more than 4 steps per byte of the file/);
		}
		expect(validateReceiptFile(costlyRepair(fits)).warnings.map((w) => w.code)).toEqual(['PDF_XREF_REPAIRED']);
	});

	test(`MAX_NUMBER_CHARS / MAX_KEYWORD_CHARS: an over-long number or word before /Encrypt is refused`, () => {
		expect(codes(olderTrailerWith(`/N ${'0'.repeat(MAX_NUMBER_CHARS + 5)}3 ${ENCRYPT}`))).toEqual(['CORRUPT_FILE']);
		expect(codes(olderTrailerWith(`/N ${'t'.repeat(MAX_KEYWORD_CHARS + 5)} ${ENCRYPT}`))).toEqual(['CORRUPT_FILE']);
		expect(corruptMessage(olderTrailerWith(`/N ${'t'.repeat(MAX_KEYWORD_CHARS + 5)}`))).toMatch(/a number longer than 32 characters or a word longer than 64/);
		// Within the limits, the same entries are read (and the /Encrypt found).
		expect(codes(olderTrailerWith(`/N ${'0'.repeat(MAX_NUMBER_CHARS - 2)}3 ${ENCRYPT}`))).toEqual(['ENCRYPTED_PDF']);
		expect(codes(olderTrailerWith(`/N true ${ENCRYPT}`))).toEqual(['ENCRYPTED_PDF']);
	});

	test(`FALLBACK_CANDIDATES: a repair scan that gives up after ${FALLBACK_CANDIDATES} unusable trailers refuses the file`, () => {
		// Before the fix: valid (the scan fell back to the older xref stream, which has no /Encrypt).
		const bytes = encryptedBehindFakeTrailers(FALLBACK_CANDIDATES + 1);
		expect(codes(bytes)).toEqual(['CORRUPT_FILE']);
		expect(corruptMessage(bytes)).toMatch(/gave up after 16 unusable candidates/);
		expect(codes(encryptedBehindFakeTrailers(FALLBACK_CANDIDATES - 1))).toEqual(['ENCRYPTED_PDF']);
		// Too many unusable /XRef candidates (and no trailer): refused as well.
		const xrefs = concat([latin1('%PDF-1.4\n'), repeatTo('1 0 obj /XRef ', 4000), latin1('\nstartxref\n3\n%%EOF\n')]);
		expect(corruptMessage(xrefs)).toMatch(REFUSED);
	});

	test('the repair scan: an object header with an over-long run of digits or blanks is refused, not skipped', () => {
		const base = latin1(`%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n2 0${' '.repeat(30)}obj\n<< /Type /XRef /Size 3 /Root 1 0 R >>\nstream\n\nendstream\nendobj\nstartxref\n7\n%%EOF\n`);
		expect(corruptMessage(base)).toMatch(REFUSED);
	});

	test('the work budget: a structure that would cost more than the budget is refused', () => {
		const adversary = PDF_ADVERSARIES.find((a) => a.name === 'PDF: xref table of empty subsections');
		const bytes = (adversary as { make(size: number): Uint8Array }).make(1_000_000);
		expect(codes(bytes)).toEqual(['CORRUPT_FILE']);
		expect(corruptMessage(bytes)).toMatch(/would take more than 4 steps per byte of the file/);
	});

	test('a repeated /Encrypt key: a null never hides a real one (readers differ on which one wins)', () => {
		// Before the fix: valid (the later `null` replaced the dictionary).
		expect(codes(olderTrailerWith(`${ENCRYPT} /Encrypt null`, 0))).toEqual(['ENCRYPTED_PDF']);
		expect(codes(olderTrailerWith(`/Encrypt null ${ENCRYPT}`, 0))).toEqual(['ENCRYPTED_PDF']);
		expect(codes(olderTrailerWith('/Encrypt null /Encrypt null', 0))).toEqual([]);
	});

	test('a repeated /Encrypt, /Prev or /XRefStm key: a value that means "nothing" never hides a real one', () => {
		// Found by the mutation triage of pdf-syntax.ts L93 (issue 18). Before the fix all three were valid: the later
		// reference to a missing object replaced the real encryption dictionary; the later /Prev null and the /Prev
		// written as a real number hid the older, encrypted revision.
		const encrypted = rawPdf({ objects: [...simpleObjects(), HAND_ENCRYPT_DICT], trailerExtra: `/Encrypt 6 0 R ${HAND_ID}` });
		expect(codes(encrypted)).toEqual(['ENCRYPTED_PDF']);
		expect(codes(rawPdf({ objects: [...simpleObjects(), HAND_ENCRYPT_DICT], trailerExtra: `/Encrypt 6 0 R /Encrypt 99 0 R ${HAND_ID}` }))).toEqual(['ENCRYPTED_PDF']);
		expect(codes(rawPdf({ objects: [...simpleObjects(), HAND_ENCRYPT_DICT], trailerExtra: `/Encrypt 99 0 R /Encrypt 6 0 R ${HAND_ID}` }))).toEqual(['ENCRYPTED_PDF']);
		expect(codes(rawPdf({ trailerExtra: `/Encrypt 99 0 R /Encrypt null ${HAND_ID}` }))).toEqual([]);
		const update = toLatin1(appendUpdate(encrypted, { carry: false }));
		const prev = /\/Prev (\d+)/g;
		expect([...update.matchAll(prev)]).toHaveLength(1);
		expect(codes(latin1(update))).toEqual(['ENCRYPTED_PDF']);
		expect(codes(latin1(update.replace(prev, '/Prev $1 /Prev null')))).toEqual(['ENCRYPTED_PDF']);
		expect(codes(latin1(update.replace(prev, '/Prev $1.0')))).toEqual(['ENCRYPTED_PDF']);
		// A hybrid file whose /Encrypt is only in the hidden cross-reference stream: a later /XRefStm null must not
		// hide that stream (the mutant L42 `'XRefStm'` -> `''` of 2026-12-08 made this valid).
		const hybrid = toLatin1(rawPdf({ xref: 'hybrid', objects: [...simpleObjects(), HAND_ENCRYPT_DICT] }));
		const hidden = hybrid.replace('/Type /XRef /Size 8 ', `/Type /XRef /Size 8 /Encrypt 6 0 R ${HAND_ID}`);
		const moved = hidden.replace(/startxref\n\d+\n/, `startxref\n${hidden.lastIndexOf('xref\n0 8')}\n`);
		const stm = /\/XRefStm (\d+) /;
		expect(stm.test(moved)).toBe(true);
		expect(codes(latin1(moved))).toEqual(['ENCRYPTED_PDF']);
		expect(codes(latin1(moved.replace(stm, '/XRefStm $1 /XRefStm null ')))).toEqual(['ENCRYPTED_PDF']);
	});

	test('long names are no limit: an escaped /Encrypt still counts, a long name is not mistaken for it', () => {
		expect(codes(olderTrailerWith(`/${'N'.repeat(5000)} 1 /Encr#79pt ${ENCRYPT_DICT}`))).toEqual(['ENCRYPTED_PDF']);
		expect(codes(olderTrailerWith(`/Encrypt${'x'.repeat(200)} ${ENCRYPT_DICT}`))).toEqual([]);
	});

	test('the startxref tail window (1024 + 64 bytes): a startxref further from the end is refused', () => {
		const pdf = rawPdf();
		expect(codes(concat([pdf, new Uint8Array(2000).fill(0x20)]))).toEqual(['CORRUPT_FILE']);
		expect(codes(concat([pdf, new Uint8Array(100).fill(0x20)]))).toEqual([]);
	});

	test('the repair window (1 MiB): a trailer further before a wrong startxref is not found, the file is refused', () => {
		const head = latin1('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Size 2 /Root 1 0 R >>\n');
		const far = concat([head, new Uint8Array(1024 * 1024 + 10).fill(0x25), latin1('\nstartxref\n5\n%%EOF\n')]);
		expect(codes(far)).toEqual(['CORRUPT_FILE']);
		const near = concat([head, new Uint8Array(1000).fill(0x25), latin1('\nstartxref\n5\n%%EOF\n')]);
		expect(codes(near)).toEqual([]);
	});
});

describe('limits outside the PDF walk lead to invalid verdicts only', () => {
	test(`JPEG: more than ${MAX_EXTRANEOUS_BYTES} stray bytes before a marker are damage`, () => {
		const jpeg = makeJpeg();
		const afterApp0 = 4 + ((jpeg[4] << 8) | jpeg[5]);
		const withStray = (n: number) => concat([jpeg.subarray(0, afterApp0), new Uint8Array(n).fill(0x41), jpeg.subarray(afterApp0)]);
		expect(codes(withStray(MAX_EXTRANEOUS_BYTES + 10))).toEqual(['CORRUPT_FILE']);
		expect(codes(withStray(100))).toEqual([]);
	});

	test(`sniffing: a %PDF- header after ${PDF_HEADER_SEARCH_BYTES} bytes, a ZIP with more entries than are read: not accepted types`, () => {
		expect(codes(concat([new Uint8Array(PDF_HEADER_SEARCH_BYTES + 1).fill(0x78), rawPdf()]))).toEqual(['UNSUPPORTED_TYPE']);
		const many = other.zip(Array.from({ length: 80 }, (_, i): [string, string] => [`f${i}.txt`, 'x']));
		expect(codes(concat([many, rawPdf()]))).toEqual(['UNSUPPORTED_TYPE']);
	});

	test('PNG: chunks past the APNG look-ahead are still walked to the end', () => {
		const png = makePng();
		const text = chunk('tEXt', latin1('k\0v'));
		const many = concat([png.subarray(0, 33), ...Array.from({ length: 100 }, () => text), png.subarray(33)]);
		expect(codes(many)).toEqual([]);
		expect(codes(many.subarray(0, many.length - 12))).toEqual(['CORRUPT_FILE']);
	});

	test('over 10 MiB: the type is named, the structure is not read (FILE_TOO_LARGE says it all)', () => {
		const hostile = PDF_ADVERSARIES[0].make(CONCUR_MAX_FILE_BYTES + 100_000);
		expect(hostile.length).toBeGreaterThan(CONCUR_MAX_FILE_BYTES);
		const { verdict, work } = measureValidationWork(hostile, { computeSha256: false });
		expect(verdict.detectedMimeType).toBe('application/pdf');
		expect(verdict.problems.map((p) => p.code)).toEqual(['FILE_TOO_LARGE']);
		expect(work).toBeLessThan(1000);
		const png = concat([makePng(), new Uint8Array(CONCUR_MAX_FILE_BYTES)]);
		expect(validateReceiptFile(png, { computeSha256: false }).detectedMimeType).toBe('image/png');
	});
});
