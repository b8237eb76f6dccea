// PNG files the structure check must tell apart, found by the mutation run over validation/png.ts (issue 18,
// reports/mutation/SURVIVORS.md): each case is a small hand-made PNG in, the verdict out. The check never
// decompresses, so the picture data here is a few arbitrary bytes behind a well-formed chunk.

import { measureValidationWork, validateReceiptFile } from '../../nodes/ConcurImaging/validation';
import { chunk, concat, makePng } from '../../support/validation-fixtures/png';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

interface Header {
	width?: number;
	height?: number;
	depth?: number;
	colour?: number;
	compression?: number;
	filter?: number;
	interlace?: number;
}

/** The 13 bytes of an IHDR chunk's data (defaults: 4 × 3, 8-bit RGB). */
function ihdrData(h: Header = {}): Uint8Array {
	const d = new Uint8Array(13);
	const view = new DataView(d.buffer);
	view.setUint32(0, h.width ?? 4);
	view.setUint32(4, h.height ?? 3);
	d.set([h.depth ?? 8, h.colour ?? 2, h.compression ?? 0, h.filter ?? 0, h.interlace ?? 0], 8);
	return d;
}

const IDAT = chunk('IDAT', new Uint8Array([0x78, 0x01, 0x01, 0x00, 0x00, 0xff, 0xff]));
const IEND = chunk('IEND', new Uint8Array(0));

/** Signature, IHDR with `h`, then `rest` (by default one IDAT and IEND). */
function png(h: Header = {}, rest: Uint8Array[] = [IDAT, IEND]): Uint8Array {
	return concat([SIGNATURE, chunk('IHDR', ihdrData(h)), ...rest]);
}

/** A chunk with any type and any length field (no data, a zero CRC: the check reads neither). */
function rawChunk(length: number, type: number[]): Uint8Array {
	const out = new Uint8Array(12);
	new DataView(out.buffer).setUint32(0, length);
	out.set(type, 4);
	return out;
}

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/** The CORRUPT_FILE message, or 'valid' / the problem codes when the verdict is something else. */
function refusal(bytes: Uint8Array): string {
	const v = validateReceiptFile(bytes, { computeSha256: false });
	if (v.valid) return 'valid';
	const corrupt = v.problems.find((p) => p.code === 'CORRUPT_FILE');
	return corrupt ? corrupt.message : v.problems.map((p) => p.code).join(',');
}

const EMPTY = 'This PNG image is empty: it contains its header but no picture.';
const NO_IHDR = 'This PNG image is damaged: its image header (IHDR) is missing.';
const BAD_IHDR = 'This PNG image is damaged: its image header (size and colours) is invalid.';
const BAD_CHUNK = 'This PNG image is damaged: its internal structure is invalid.';
const TRUNCATED = 'This PNG image is incomplete: it stops before its end marker (IEND)';
const NO_IDAT = 'This PNG image contains no picture data.';
const NO_PLTE = 'This PNG image is damaged: it uses a colour palette, but the palette is missing.';

const refusedWith = (bytes: Uint8Array, message: string) => expect(refusal(bytes)).toContain(message);

describe('a PNG cut short or empty', () => {
	// Mutants: `len <= SIGNATURE_BYTES` -> false / `<` (L14).
	it('a file that is only the 8-byte PNG signature is refused as an empty PNG', () => {
		refusedWith(new Uint8Array(SIGNATURE), EMPTY);
	});

	// Mutants of the walk's end test (L26): `p + 12 > len` -> false / `p - 12`, and the header-only choice.
	it('a PNG with its header and nothing after it is refused as empty', () => {
		refusedWith(concat([SIGNATURE, chunk('IHDR', ihdrData())]), EMPTY);
	});

	it('a PNG cut off between two chunks, before IEND, is refused as TRUNCATED', () => {
		refusedWith(png({}, [IDAT]), TRUNCATED);
	});

	// Mutant: `len < SIGNATURE_BYTES + 8` -> `<=` (L15): 16 bytes hold the IHDR name, the rest is cut.
	it('a PNG cut right after the name of its IHDR chunk is refused as TRUNCATED', () => {
		refusedWith(concat([SIGNATURE, [0, 0, 0, 13], ascii('IHDR')]), TRUNCATED);
	});
});

describe('the image header (IHDR)', () => {
	// Mutants: the IHDR test on L15 -> false, `||` -> `&&`, and 'IHDR' -> '' (every name matches then).
	it('a PNG whose first chunk is not IHDR is refused as having no image header', () => {
		refusedWith(concat([SIGNATURE, chunk('gAMA', new Uint8Array([0, 0, 0xb1, 0x8f])), IDAT, IEND]), NO_IHDR);
	});

	// Mutants: `!validIhdr(...)` -> false (L18) and the CRC comparison -> true (L63).
	it('a PNG whose IHDR checksum is wrong is refused as a bad image header', () => {
		const bytes = png();
		bytes[8 + 8 + 13] ^= 0x01; // first CRC byte of IHDR
		refusedWith(bytes, BAD_IHDR);
	});

	// Mutants of `width === 0 || height === 0 || width > 2^31-1 || height > 2^31-1` (L59, 14 of them) and
	// `height = u32be(data + 4)` -> `data - 4` (L56, which reads the chunk length 13 as the height).
	it('a width or height of 0 or over 2^31-1 is refused as a bad image header; 2^31-1 itself is allowed', () => {
		refusedWith(png({ width: 0 }), BAD_IHDR);
		refusedWith(png({ height: 0 }), BAD_IHDR);
		refusedWith(png({ width: 0x80000000 }), BAD_IHDR);
		refusedWith(png({ height: 0x80000000 }), BAD_IHDR);
		expect(refusal(png({ width: 0x7fffffff, height: 0x7fffffff }))).toBe('valid');
	});

	// Mutants: the colour type / bit depth test -> false and its `return false` -> true (L61).
	it('a colour type / bit depth pair PNG does not allow is refused as a bad image header', () => {
		refusedWith(png({ colour: 2, depth: 4 }), BAD_IHDR); // RGB needs 8 or 16 bits
		refusedWith(png({ colour: 5 }), BAD_IHDR); // no colour type 5
		expect(refusal(png({ colour: 0, depth: 1 }))).toBe('valid');
	});

	// Mutants: each method test -> false and the `return false` -> true (L62).
	it('a compression or filter method other than 0, or an interlace method over 1, is refused as a bad image header', () => {
		refusedWith(png({ compression: 1 }), BAD_IHDR);
		refusedWith(png({ filter: 1 }), BAD_IHDR);
		refusedWith(png({ interlace: 2 }), BAD_IHDR);
		expect(refusal(png({ interlace: 1 }))).toBe('valid');
	});
});

describe('the chunks after the header', () => {
	// Mutant: `sawIdat = false` -> true (L22).
	it('a PNG with a header and an end marker but no picture data (IDAT) is refused', () => {
		refusedWith(png({}, [IEND]), NO_IDAT);
	});

	// Mutants: `sawPlte = false` -> true (L23), and the colour type read from the wrong byte (L19, 2 mutants).
	it('a palette PNG without its palette (PLTE) is refused; with it, it is valid', () => {
		refusedWith(png({ colour: 3 }), NO_PLTE);
		expect(refusal(png({ colour: 3 }, [chunk('PLTE', new Uint8Array([0, 0, 0, 255, 255, 255])), IDAT, IEND]))).toBe('valid');
	});

	// Mutants of the chunk type test (L28 -> false / `&&`, and in isChunkType L46 and L48: the loop bound, the
	// letter range, `return false` -> true).
	it('a chunk whose type is not four ASCII letters is refused as a damaged structure', () => {
		refusedWith(png({}, [rawChunk(0, [0, 0, 0, 0]), IDAT, IEND]), BAD_CHUNK);
		refusedWith(png({}, [rawChunk(0, ascii('tE1t')), IDAT, IEND]), BAD_CHUNK); // a digit
		refusedWith(png({}, [rawChunk(0, ascii('tE{t')), IDAT, IEND]), BAD_CHUNK); // just past 'z'
		expect(refusal(png({}, [chunk('tEXt', new Uint8Array(ascii('a\0b'))), IDAT, IEND]))).toBe('valid');
	});

	// Mutants: `length > 0x7fffffff` -> false / `>=` (L28).
	it('a chunk length over 2^31-1 is a damaged structure; a length of 2^31-1 past the end is TRUNCATED', () => {
		refusedWith(png({}, [rawChunk(0x80000000, ascii('IDAT')), IEND]), BAD_CHUNK);
		refusedWith(png({}, [rawChunk(0x7fffffff, ascii('IDAT')), IEND]), TRUNCATED);
	});

	// Mutant: the second-IHDR branch emptied (L38, no test reached it).
	it('a PNG with a second IHDR chunk is refused as a damaged structure', () => {
		refusedWith(png({}, [IDAT, chunk('IHDR', ihdrData()), IEND]), BAD_CHUNK);
	});
});

describe('the work a PNG check counts', () => {
	// Mutant: `v.work += CHUNK_COST` -> `-=` (L25). The per-chunk charge is what bounds the cost of a PNG made of
	// thousands of empty chunks in the tests that bound work per byte.
	it('a PNG of many chunks counts more work than one of few', () => {
		const few = measureValidationWork(makePng({ width: 8, height: 8 }), { computeSha256: false });
		const many = measureValidationWork(makePng({ width: 8, height: 8, idatSize: 1 }), { computeSha256: false });
		expect(few.verdict.valid && many.verdict.valid).toBe(true);
		expect(many.work).toBeGreaterThan(few.work + 16 * 100);
	});
});
