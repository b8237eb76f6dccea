// PNG structure check: walks the chunk headers by their lengths (one step per chunk, no decompression):
// IHDR first and well-formed, at least one IDAT, PLTE present for palette images, IEND present and reached
// without running past the end of the file. Bytes after IEND are tolerated, as decoders do.

import type { ByteView } from './bytes';
import type { CorruptReason } from './types';

const SIGNATURE_BYTES = 8;
/** Work units (bytes.ts) charged per chunk header read. */
const CHUNK_COST = 16;

export function checkPng(v: ByteView): CorruptReason | null {
	const len = v.len;
	if (len <= SIGNATURE_BYTES) return 'png-header-only';
	if (len < SIGNATURE_BYTES + 8 || !v.startsWith('IHDR', SIGNATURE_BYTES + 4)) return 'png-no-ihdr';
	if (v.u32be(SIGNATURE_BYTES) !== 13) return 'png-bad-ihdr';
	if (len < SIGNATURE_BYTES + 25) return 'png-truncated';
	if (!validIhdr(v, SIGNATURE_BYTES + 8)) return 'png-bad-ihdr';
	const colourType = v.b[SIGNATURE_BYTES + 8 + 9];

	let p = SIGNATURE_BYTES;
	let sawIdat = false;
	let sawPlte = false;
	for (;;) {
		v.work += CHUNK_COST;
		if (p + 12 > len) return p === SIGNATURE_BYTES + 25 ? 'png-header-only' : 'png-truncated';
		const length = v.u32be(p);
		if (length > 0x7fffffff || !isChunkType(v, p + 4)) return 'png-bad-chunk';
		const end = p + 12 + length;
		if (end > len) return 'png-truncated';
		if (v.startsWith('IDAT', p + 4)) {
			if (colourType === 3 && !sawPlte) return 'png-no-plte';
			sawIdat = true;
		} else if (v.startsWith('PLTE', p + 4)) {
			sawPlte = true;
		} else if (v.startsWith('IEND', p + 4)) {
			return sawIdat ? null : 'png-no-idat';
		} else if (p !== SIGNATURE_BYTES && v.startsWith('IHDR', p + 4)) {
			return 'png-bad-chunk';
		}
		p = end;
	}
}

function isChunkType(v: ByteView, p: number): boolean {
	for (let i = 0; i < 4; i++) {
		const c = v.b[p + i] | 0x20;
		if (c < 0x61 || c > 0x7a) return false;
	}
	return true;
}

/** Width/height non-zero, a legal colour type / bit depth pair, methods 0, interlace 0 or 1, and a matching CRC. */
function validIhdr(v: ByteView, data: number): boolean {
	const width = v.u32be(data);
	const height = v.u32be(data + 4);
	const depth = v.b[data + 8];
	const colour = v.b[data + 9];
	if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) return false;
	const depths: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
	if (!depths[colour] || !depths[colour].includes(depth)) return false;
	if (v.b[data + 10] !== 0 || v.b[data + 11] !== 0 || v.b[data + 12] > 1) return false;
	return crc32(v, data - 4, 17) === v.u32be(data + 13);
}

let crcTable: Uint32Array | null = null;

/** CRC-32 of a small range (only used for the 17-byte IHDR chunk). */
function crc32(v: ByteView, from: number, length: number): number {
	if (!crcTable) {
		crcTable = new Uint32Array(256);
		for (let n = 0; n < 256; n++) {
			let c = n;
			for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
			crcTable[n] = c >>> 0;
		}
	}
	let crc = 0xffffffff;
	for (let i = from; i < from + length; i++) crc = crcTable[(crc ^ v.b[i]) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}
