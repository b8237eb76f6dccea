// JPEG files the structure check must tell apart, found by the mutation run over validation/jpeg.ts (issue 18,
// reports/mutation/SURVIVORS.md): each case is a small hand-made JPEG in, the verdict out (valid, or the
// CORRUPT_FILE message). The check never decodes, so the picture data here is a few arbitrary bytes behind a
// well-formed scan header; where a case needs a real photo it comes from makeJpeg.

import { measureValidationWork, validateReceiptFile } from '../../nodes/ConcurImaging/validation';
import { makeJpeg } from '../../support/validation-fixtures/jpeg';
import { latin1 } from '../../support/validation-fixtures/pdf';
import { concat } from '../../support/validation-fixtures/png';

const SOI = [0xff, 0xd8];
const EOI = [0xff, 0xd9];

/** A marker segment: FF, the marker, the 2-byte length (which counts itself) and the payload. */
function seg(marker: number, payload: ArrayLike<number> = []): number[] {
	const n = payload.length + 2;
	return [0xff, marker, n >> 8, n & 0xff, ...Array.from(payload)];
}

interface Frame {
	width?: number;
	height?: number;
	components?: number;
	/** Component bytes actually written (default: 3 per component). */
	componentBytes?: number;
}

/** The payload of a frame header (SOFn): precision, height, width, component count and the components. */
function frame(f: Frame = {}): number[] {
	const w = f.width ?? 4;
	const h = f.height ?? 3;
	const n = f.components ?? 3;
	const comps = Array.from({ length: f.componentBytes ?? 3 * n }, (_, i) => (i % 3 === 0 ? 1 + i / 3 : 0x11));
	return [8, h >> 8, h & 0xff, w >> 8, w & 0xff, n, ...comps];
}

const APP0 = seg(0xe0, [...latin1('JFIF\0'), 1, 1, 1, 0, 72, 0, 72, 0, 0]);
const DQT = seg(0xdb, [0, ...new Array<number>(64).fill(1)]);
const SOF0 = seg(0xc0, frame());
const SOS = seg(0xda, [1, 1, 0, 0, 0x3f, 0]);
/** Entropy-coded data with a stuffed byte (FF 00) and two restart markers (RST0, RST7). */
const DATA = [0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78, 0x9a, 0xff, 0xd7, 0xbc];
/** What a phone appends after the image of a "motion photo" (an MP4 box here): not padding, no EOI at the end. */
const APPENDED = [0, 0, 0, 0x18, ...latin1('ftypmp42'), 0, 0, 0, 0, ...latin1('mp42isom')];

const jpeg = (...parts: ArrayLike<number>[]) => concat([SOI, ...parts]);
/** A well-formed JPEG: header segments, one scan, EOI. */
const PHOTO = jpeg(APP0, DQT, SOF0, SOS, DATA, EOI);

/** The CORRUPT_FILE message, or 'valid' / the problem codes when the verdict is something else. */
function refusal(bytes: Uint8Array): string {
	const v = validateReceiptFile(bytes, { computeSha256: false });
	if (v.valid) return v.detectedMimeType === 'image/jpeg' ? 'valid' : `valid as ${v.detectedMimeType}`;
	const corrupt = v.problems.find((p) => p.code === 'CORRUPT_FILE');
	return corrupt ? corrupt.message : v.problems.map((p) => p.code).join(',');
}
const workOf = (bytes: Uint8Array) => measureValidationWork(bytes, { computeSha256: false });

const TRUNCATED = 'This JPEG photo is incomplete: it stops before its end marker (EOI)';
const BAD = 'This JPEG photo is damaged: its internal structure is invalid.';
const NO_FRAME = 'This JPEG photo is damaged: its frame header (picture size and colours) is missing.';
const NO_PICTURE = 'This JPEG file contains headers but no picture data.';

const refusedWith = (bytes: Uint8Array, message: string) => expect(refusal(bytes)).toContain(message);
const accepted = (bytes: Uint8Array) => expect(refusal(bytes)).toBe('valid');

describe('a JPEG cut off in its header segments', () => {
	it('the hand-made photo these cases start from is valid', () => {
		accepted(PHOTO);
	});

	// Mutants: `p <= 3` -> true / `p > 3` (L24): the cut-off download would be called "no picture data".
	it('a JPEG that stops right after a header segment is refused as TRUNCATED', () => {
		refusedWith(jpeg(APP0, DQT), TRUNCATED);
	});

	// Mutant: `p + 2 > len` -> `p - 2 > len` (L45): the missing length would be read as 0, a bad marker.
	it('a JPEG that stops right after the marker of a segment, or in its length, is refused as TRUNCATED', () => {
		refusedWith(jpeg(APP0, [0xff, 0xdb]), TRUNCATED);
		refusedWith(jpeg(APP0, [0xff, 0xdb, 0x00]), TRUNCATED);
	});
});

describe('the header segments', () => {
	// Mutants: `length < 2` -> false / `<= 2` (L47).
	it('a segment whose length is 0 or 1 is refused as damaged; an empty comment (length 2) is fine', () => {
		refusedWith(jpeg(APP0, [0xff, 0xfe, 0, 0], DQT, SOF0, SOS, DATA, EOI), BAD);
		refusedWith(jpeg(APP0, [0xff, 0xfe, 0, 1], DQT, SOF0, SOS, DATA, EOI), BAD);
		accepted(jpeg(APP0, seg(0xfe), DQT, SOF0, SOS, DATA, EOI));
	});

	// Mutants: the standalone-marker test -> false, `m >= 0xd0` -> `>` (L44): TEM (FF 01) or RST0 would be read
	// as a segment with a length.
	it('standalone markers (TEM, RST0, RST7) between header segments are stepped over', () => {
		accepted(jpeg(APP0, [0xff, 0x01], DQT, SOF0, SOS, DATA, EOI));
		accepted(jpeg(APP0, [0xff, 0xd0], DQT, SOF0, SOS, DATA, EOI));
		accepted(jpeg(APP0, [0xff, 0xd7], DQT, SOF0, SOS, DATA, EOI));
	});

	// Mutants: MAX_EXTRANEOUS_BYTES `64 * 1024` -> `64 / 1024` (L14), the short loop's `b[q] !== 0xff` -> true
	// (L31) and `q === near` -> true (L33): the frame header after the stray bytes would be skipped.
	it('a few stray bytes before the frame header are skipped, as decoders do', () => {
		accepted(jpeg(APP0, DQT, [0x20, 0x0d, 0x0a], SOF0, SOS, DATA, EOI));
	});

	// Mutants of `p + MAX_EXTRANEOUS_BYTES < len ? 'jpeg-bad-marker' : 'jpeg-truncated'` (L34: true, false,
	// `<=`, `>=`, `p - MAX_EXTRANEOUS_BYTES`).
	it('a JPEG that ends in stray bytes (up to 64 KiB) is TRUNCATED; over 64 KiB of them is refused as damaged', () => {
		refusedWith(jpeg(APP0, DQT, [0x12, 0x34, 0x56]), TRUNCATED);
		refusedWith(jpeg(APP0, DQT, new Uint8Array(64 * 1024)), TRUNCATED);
		refusedWith(jpeg(APP0, DQT, new Uint8Array(64 * 1024 + 1)), BAD);
		refusedWith(jpeg(APP0, DQT, new Uint8Array(64 * 1024 + 1), SOF0, SOS, DATA, EOI), BAD);
	});

	// Mutant: `Math.min(bound, p + 16)` -> `Math.max` (L29): the whole run would be stepped over by a loop.
	it('60 KB of stray bytes before a segment are found past with one native search (under 1/4 work unit per byte)', () => {
		const stray = new Uint8Array(60_000).fill(0x20);
		const { verdict, work } = workOf(jpeg(APP0, DQT, stray, SOF0, SOS, DATA, EOI));
		expect(verdict.valid).toBe(true);
		expect(work).toBeLessThan(stray.length / 4);
	});

	// Mutants: `v.work += STEP_COST` -> `-=` (L23) and `v.work += q - p` -> `-=` (L32).
	it('header segments and the stray bytes before them are counted: at least 8 units per segment and 1 per stray byte', () => {
		const base = workOf(PHOTO).work;
		const comments = Array.from({ length: 1000 }, () => seg(0xfe));
		expect(workOf(jpeg(APP0, ...comments, DQT, SOF0, SOS, DATA, EOI)).work - base).toBeGreaterThanOrEqual(8 * 1000);
		const strayComments = comments.map((c) => [...new Array<number>(15).fill(0x20), ...c]);
		const withStray = workOf(jpeg(APP0, ...strayComments, DQT, SOF0, SOS, DATA, EOI));
		expect(withStray.verdict.valid).toBe(true);
		expect(withStray.work - base).toBeGreaterThanOrEqual((8 + 15) * 1000);
	});
});

describe('the frame header (SOFn)', () => {
	// Mutants of isStartOfFrame (L68): `m <= 0xcf` -> `<` (SOF15 not a frame).
	it.each(['C0', 'C1', 'C2', 'C3', 'C5', 'C6', 'C7', 'C9', 'CA', 'CB', 'CD', 'CE', 'CF'])('a JPEG whose frame header has marker FF %s is valid', (marker) => {
		accepted(jpeg(APP0, DQT, seg(parseInt(marker, 16), frame()), SOS, DATA, EOI));
	});

	// Mutants: `m !== 0xc8` -> true, `m !== 0xcc` -> true (L68): JPG (reserved) and DAC are not frame headers.
	it.each(['C8', 'CC'])('a segment with marker FF %s is not a frame header: the scan has no frame', (marker) => {
		refusedWith(jpeg(APP0, DQT, seg(parseInt(marker, 16), frame()), SOS, DATA, EOI), NO_FRAME);
	});

	// Mutant: `m >= 0xc0` -> true (L68): a reserved marker below C0 would be checked as a frame header.
	it('a segment with a reserved marker (FF B0) is stepped over by its length', () => {
		accepted(jpeg(APP0, seg(0xb0, latin1('vendor data')), DQT, SOF0, SOS, DATA, EOI));
	});

	// Mutant: `return false` -> true for `length < 8` (L72, no test covered it).
	it('a frame header too short to hold the picture size is refused as damaged', () => {
		refusedWith(jpeg(APP0, DQT, seg(0xc0, [8, 0, 3, 0, 4]), SOS, DATA, EOI), BAD);
	});

	// Mutants of `components >= 1 && length === 8 + 3 * components && width > 0` (L74): the whole test and the
	// length test -> true, `&&` -> `||` (2).
	it('a frame header whose length disagrees with its number of colour components is refused as damaged', () => {
		refusedWith(jpeg(APP0, DQT, seg(0xc0, frame({ components: 3, componentBytes: 6 })), SOS, DATA, EOI), BAD);
		refusedWith(jpeg(APP0, DQT, seg(0xc0, frame({ components: 1, componentBytes: 6 })), SOS, DATA, EOI), BAD);
	});

	// Mutants: `components >= 1` -> true, `> 1` (L74).
	it('a frame header with no colour components is refused; a greyscale one (1 component) is valid', () => {
		refusedWith(jpeg(APP0, DQT, seg(0xc0, frame({ components: 0 })), SOS, DATA, EOI), BAD);
		accepted(jpeg(APP0, DQT, seg(0xc0, frame({ components: 1 })), SOS, DATA, EOI));
	});

	// Mutants: the width test -> true, `>= 0`, and the width read at `p - 5` (L74; there it reads the quantization
	// table before the frame header).
	it('a frame header of width 0 is refused as damaged; height 0 (set later by a DNL segment) is allowed', () => {
		refusedWith(jpeg(APP0, DQT, seg(0xc0, frame({ width: 0 })), SOS, DATA, EOI), BAD);
		accepted(jpeg(APP0, DQT, seg(0xc0, frame({ height: 0 })), SOS, DATA, EOI));
	});
});

describe('the end of the picture', () => {
	// Mutants: `end - 2 > p` -> true, `>=`, `end + 2` (L62), and `f === dataStart` -> false, `!==` (L117).
	it('a JPEG whose scan header is followed straight by its end marker is refused as having no picture data', () => {
		refusedWith(jpeg(APP0, DQT, SOF0, SOS, EOI), NO_PICTURE);
		refusedWith(jpeg(APP0, DQT, SOF0, SOS, EOI, APPENDED), NO_PICTURE);
	});

	// Mutants: `end > p` -> `end <= p`, `b[end - 1]` -> `b[end + 1]`, `end--` -> `end++` (L60), each padding byte
	// not counted as padding (L78, 9 mutants), and `v.work += len - end` -> `-=` (L61). With the padding stepped
	// over from the end, the picture data is not read at all; without it, it is scanned (a few hundred units).
	it.each([
		['NUL', 0x00],
		['space', 0x20],
		['line feed', 0x0a],
		['carriage return', 0x0d],
		['tab', 0x09],
	])('%s padding after the end marker is stepped over from the end: one unit per byte, the picture data not read', (_name, c) => {
		const photo = makeJpeg({ width: 128, height: 96 });
		const padded = concat([photo, new Uint8Array(4096).fill(c)]);
		const plain = workOf(photo);
		const { verdict, work } = workOf(padded);
		expect(plain.verdict.valid && verdict.valid).toBe(true);
		expect(work - plain.work).toBeGreaterThanOrEqual(4096);
		expect(work - plain.work).toBeLessThan(4096 + 64);
	});
});

describe('a JPEG with data after its end marker (motion photos), or cut off in its picture data', () => {
	// Mutants of scanToEndOfImage that break the scan of any picture data (L107 `f === -1` -> true, `!==`;
	// L109 the fill loop `||`, `b[k] === 0xff` -> true, `!==`; L111 `k >= len` -> true, `<`; L113 the skip test
	// -> true, false, `&&`, `m === 0x00` -> false, `||`, `m <= 0xd7` -> true, `m > 0xd7`, `m > 0xd0`, `m < 0xd0`,
	// `m < 0xd7`, the block emptied; L117 `m === 0xd9` -> false, `f === dataStart` -> true).
	it('a hand-made photo with stuffed bytes and restart markers, followed by appended data, is valid', () => {
		accepted(jpeg(APP0, DQT, SOF0, SOS, DATA, EOI, APPENDED));
	});

	// The same, and the segments between scans (L118 `m === 0xd8` -> true, `!==`; L119 `k + 3 > len` -> true,
	// `<=`; L120 the length read at `k - 1`; L121 `length < 2` -> true, `>= 2`; L122 -> true, `<=`).
	it.each([
		['baseline', {}],
		['progressive (several scans)', { mode: 'progressive' as const }],
		['baseline, with restart markers,', { restartInterval: 1 }],
		['greyscale progressive', { mode: 'progressive' as const, components: 1 as const }],
	])('a %s photo with a motion-photo video appended after its end marker is valid', (_name, options) => {
		accepted(concat([makeJpeg({ width: 96, height: 64, ...options }), APPENDED]));
	});

	// Mutants: the fill loop `while (k < len && b[k] === 0xff)` -> false, `k >= len` (L109).
	it('fill bytes (FF FF …) before the end marker are stepped over', () => {
		accepted(jpeg(APP0, DQT, SOF0, SOS, DATA, [0xff, 0xff, 0xff], EOI, APPENDED));
	});

	// Mutant: `v.work += k - f` -> `-=` (L110).
	it('a long run of fill bytes in the picture data is counted, one unit per byte', () => {
		const fill = new Uint8Array(100_000).fill(0xff);
		const { verdict, work } = workOf(jpeg(APP0, DQT, SOF0, SOS, DATA, fill, EOI, APPENDED));
		expect(verdict.valid).toBe(true);
		expect(work).toBeGreaterThanOrEqual(fill.length);
	});

	// Mutant: `m === 0xd8` -> false (L118): the start of the next photo would be read as a segment.
	it('a JPEG with the start of another JPEG inside its picture data is refused as damaged', () => {
		refusedWith(jpeg(APP0, DQT, SOF0, SOS, DATA, SOI, APP0, DQT), BAD);
	});

	// Mutants: `k + 3 > len` -> false, `k - 3` (L119): the missing length would be read as 0.
	it('a JPEG cut off right after the marker of a segment between its scans is refused as TRUNCATED', () => {
		refusedWith(jpeg(APP0, DQT, SOF0, SOS, DATA, [0xff, 0xc4]), TRUNCATED);
		refusedWith(jpeg(APP0, DQT, SOF0, SOS, DATA, [0xff, 0xc4, 0x00]), TRUNCATED);
	});

	// Mutants: `k + 3 > len` -> `>=` (L119), `length < 2` -> false (L121).
	it('a segment of length 0 between scans, even at the very end, is refused as damaged', () => {
		refusedWith(jpeg(APP0, DQT, SOF0, SOS, DATA, [0xff, 0xfe, 0x00, 0x00]), BAD);
		refusedWith(jpeg(APP0, DQT, SOF0, SOS, DATA, [0xff, 0xfe, 0x00, 0x00], SOS, DATA, EOI, APPENDED), BAD);
	});

	// Mutant: `length < 2` -> `<= 2` (L121).
	it('an empty comment (length 2) between two scans is fine', () => {
		accepted(jpeg(APP0, DQT, SOF0, SOS, DATA, seg(0xfe), SOS, DATA, EOI, APPENDED));
	});

	// Mutant: `q = k + 1 + length` -> `k - 1 + length` (L123): the last two bytes of the comment would be read as
	// the end marker.
	it('a JPEG cut off after a comment between its scans that ends in the bytes FF D9 is still TRUNCATED', () => {
		refusedWith(jpeg(APP0, DQT, SOF0, SOS, DATA, seg(0xfe, latin1('not an end: \xff\xd9')), SOS, DATA), TRUNCATED);
	});

	// Mutants of the dense-data branch (L92 `true`, `hits >= 4096`, `hits / 16`; L106 `hits--`) and of its loop
	// (L98 `i < len` -> false, `>=`, the body emptied; L99 `b[i] === 0xff` -> true, false, `!==`, the branch
	// emptied), `v.work += i - q` -> `-=` (L104) and `v.work += STEP_COST` -> `-=` in the scan (L90).
	it('picture data dense in FF bytes (one in 6) is read to its end marker, counted between 2 and 8 units per byte', () => {
		const dense = new Uint8Array(6 * 40_000);
		for (let i = 0; i < dense.length; i += 6) dense.set([0xff, 0x00, 0x12, 0x34, 0x00, 0x00], i);
		const bytes = jpeg(APP0, DQT, SOF0, SOS, dense, EOI, APPENDED);
		const { verdict, work } = workOf(bytes);
		expect(verdict.valid).toBe(true);
		expect(work / bytes.length).toBeGreaterThan(2);
		expect(work / bytes.length).toBeLessThan(8);
	});

	// Mutants: the native search not used past 4096 hits in sparse data (L92 -> false, `&&`, `hits * 16 < …`
	// -> false, `>=`).
	it('a 6 MB photo (one FF per KiB of picture data) with appended data is read with native searches, under 1/4 unit per byte', () => {
		const block = new Uint8Array(1024).fill(0x55);
		block.set([0xff, 0x00]);
		const data = new Uint8Array(1024 * 6000);
		for (let i = 0; i < data.length; i += 1024) data.set(block, i);
		const bytes = jpeg(APP0, DQT, SOF0, SOS, data, EOI, APPENDED);
		const { verdict, work } = workOf(bytes);
		expect(verdict.valid).toBe(true);
		expect(work / bytes.length).toBeLessThan(1 / 4);
	});
});
