// The verdict that validateReceiptFile assembles (validation/index.ts), found by the mutation run
// `validation-pdf-syntax` over index.ts (issue 18, reports/mutation/SURVIVORS.md): what a user sees for an empty
// file, for a blank file name, and for a file of exactly Concur's 10 MB. Each case is a file in, the verdict out.
// Lines (L…) are those of index.ts at 5609ba5.

import { CONCUR_MAX_FILE_BYTES, validateReceiptFile } from '../../nodes/ConcurImaging/validation';
import { chunk, concat, makePng } from '../../support/validation-fixtures/png';

const verdictOf = (bytes: Uint8Array, options: Parameters<typeof validateReceiptFile>[1] = {}) => {
	const v = validateReceiptFile(bytes, { computeSha256: false, ...options });
	return { valid: v.valid, kind: v.detectedKind, fileName: v.fileName, problems: v.problems.map((p) => p.code), warnings: v.warnings.map((w) => w.code) };
};

describe('what the verdict says', () => {
	// Mutants: the empty-file branch made false or emptied (L76) and its kind emptied (L78): an empty download
	// would be named an unrecognised file, and the user not told that the step before failed.
	it('an empty file is refused as empty, with the advice to fetch it again, also when it is named like a PDF', () => {
		const empty = validateReceiptFile(new Uint8Array(0), { fileName: 'receipt.pdf', declaredMimeType: 'application/pdf' });
		expect(empty).toMatchObject({ valid: false, detectedKind: 'empty file', detectedMimeType: null, fileSize: 0 });
		expect(empty.problems).toEqual([{ code: 'EMPTY_FILE', message: expect.stringMatching(/^The file is empty \(0 bytes\)\..*fetch the file again/) }]);
		expect(empty.warnings).toEqual([]);
	});

	// Mutant: `options.fileName.trim()` -> `options.fileName` (L57): a blank name (as a form sends for a field
	// left empty) would be kept as the file's name.
	it('a blank file name is no name: the verdict has none and no extension warning', () => {
		expect(verdictOf(makePng(), { fileName: '   ' })).toEqual({ valid: true, kind: 'PNG image', fileName: null, problems: [], warnings: [] });
		expect(verdictOf(makePng(), { fileName: ' scan.png ' })).toMatchObject({ fileName: ' scan.png ', warnings: [] });
	});

	// Mutant: `fileSize <= CONCUR_MAX_FILE_BYTES` -> `<` (L91): a file of exactly 10 MB is within Concur's limit,
	// so its structure is checked; with the mutant a damaged one would pass.
	it('a PNG of exactly 10 MB is checked: cut off before its end it is refused as damaged, whole it is valid', () => {
		const png = makePng();
		const iend = png.subarray(png.length - 12);
		/** The PNG with a private ancillary chunk (a scanner's metadata) that makes it `size` bytes. */
		const pngOf = (size: number) => concat([png.subarray(0, png.length - 12), chunk('scNr', new Uint8Array(size - png.length - 12).fill(0x20)), iend]);
		const whole = pngOf(CONCUR_MAX_FILE_BYTES);
		expect(whole.length).toBe(CONCUR_MAX_FILE_BYTES);
		expect(verdictOf(whole)).toEqual({ valid: true, kind: 'PNG image', fileName: null, problems: [], warnings: [] });
		// The same file one byte longer, cut back to 10 MB: its end chunk is incomplete.
		const cutOff = pngOf(CONCUR_MAX_FILE_BYTES + 1).subarray(0, CONCUR_MAX_FILE_BYTES);
		expect(verdictOf(cutOff)).toMatchObject({ valid: false, problems: ['CORRUPT_FILE'] });
		expect(verdictOf(pngOf(CONCUR_MAX_FILE_BYTES + 1))).toMatchObject({ valid: false, problems: ['FILE_TOO_LARGE'] });
	});
});
