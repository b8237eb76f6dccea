// JPEG structure check. Walks the marker segments by their lengths up to the first scan (SOS), requiring a
// frame header (SOFn) before it. Then, fast path: the file ends with the EOI marker, allowing trailing padding
// (NUL bytes, white space). Otherwise (data appended after the image, as in motion photos, or a cut-off
// download) the entropy-coded data is scanned for the EOI marker, which cannot occur inside it: found means
// valid with trailing data, not found means truncated.

import type { ByteView } from './bytes';
import type { CorruptReason } from './types';

/**
 * Stray bytes skipped before a marker. More is refused as damage ('jpeg-bad-marker'), which fails closed: no
 * JPEG is passed because of this limit.
 */
export const MAX_EXTRANEOUS_BYTES = 64 * 1024;
/** Work units (bytes.ts) charged per marker segment and per entropy-scan step, on top of the bytes stepped over. */
const STEP_COST = 8;

export function checkJpeg(v: ByteView): CorruptReason | null {
	const { b, len } = v;
	let p = 2;
	let sawFrame = false;
	for (;;) {
		v.work += STEP_COST;
		if (p >= len) return p <= 3 ? 'jpeg-header-only' : 'jpeg-truncated';
		if (b[p] !== 0xff) {
			// Decoders skip stray bytes before a marker ("extraneous bytes"); so do we, within a bound. A few are
			// looked at directly, a long run with one native search.
			const bound = Math.min(len, p + MAX_EXTRANEOUS_BYTES);
			const near = Math.min(bound, p + 16);
			let q = p;
			while (q < near && b[q] !== 0xff) q++;
			v.work += q - p;
			if (q === near) q = v.indexOfByte(0xff, near, bound);
			if (q === -1) return p + MAX_EXTRANEOUS_BYTES < len ? 'jpeg-bad-marker' : 'jpeg-truncated';
			p = q;
		}
		const fill = p;
		while (p < len && b[p] === 0xff) p++;
		v.work += p - fill;
		if (p >= len) return 'jpeg-truncated';
		const m = b[p++];
		if (m === 0xd9) return 'jpeg-header-only';
		if (m === 0xd8 || m === 0x00) return 'jpeg-bad-marker';
		if ((m >= 0xd0 && m <= 0xd7) || m === 0x01) continue;
		if (p + 2 > len) return 'jpeg-truncated';
		const length = v.u16be(p);
		if (length < 2) return 'jpeg-bad-marker';
		if (p + length > len) return 'jpeg-truncated';
		if (isStartOfFrame(m)) {
			if (!validFrame(v, p, length)) return 'jpeg-bad-marker';
			sawFrame = true;
		}
		p += length;
		if (m === 0xda) {
			if (!sawFrame) return 'jpeg-no-frame';
			break;
		}
	}
	let end = len;
	while (end > p && isPadding(b[end - 1])) end--;
	v.work += len - end;
	if (end - 2 > p && b[end - 2] === 0xff && b[end - 1] === 0xd9) return null;
	return scanToEndOfImage(v, p);
}

/** SOF0-3, 5-7, 9-11, 13-15 (C4 is DHT, C8 is reserved, CC is DAC). */
function isStartOfFrame(m: number): boolean {
	return m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
}

function validFrame(v: ByteView, p: number, length: number): boolean {
	if (length < 8) return false;
	const components = v.b[p + 7];
	return components >= 1 && length === 8 + 3 * components && v.u16be(p + 5) > 0;
}

function isPadding(c: number): boolean {
	return c === 0x00 || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * From the start of the first scan's entropy-coded data: skips stuffed bytes (FF 00), restart markers and the
 * segments between scans (progressive JPEGs), and stops at EOI. Linear in the file size.
 */
function scanToEndOfImage(v: ByteView, dataStart: number): CorruptReason | null {
	const { b, len } = v;
	let q = dataStart;
	let hits = 0;
	for (;;) {
		v.work += STEP_COST;
		let f: number;
		if (hits < 4096 || hits * 16 < q - dataStart) {
			f = v.indexOfByte(0xff, q);
		} else {
			// 0xFF-dense data (over 1 in 16 bytes; real photos have ~1 in 230): a plain loop beats many native calls.
			f = -1;
			let i = q;
			for (; i < len; i++) {
				if (b[i] === 0xff) {
					f = i;
					break;
				}
			}
			v.work += i - q;
		}
		hits++;
		if (f === -1) return 'jpeg-truncated';
		let k = f + 1;
		while (k < len && b[k] === 0xff) k++;
		v.work += k - f;
		if (k >= len) return 'jpeg-truncated';
		const m = b[k];
		if (m === 0x00 || (m >= 0xd0 && m <= 0xd7)) {
			q = k + 1;
			continue;
		}
		if (m === 0xd9) return f === dataStart ? 'jpeg-header-only' : null;
		if (m === 0xd8) return 'jpeg-bad-marker';
		if (k + 3 > len) return 'jpeg-truncated';
		const length = v.u16be(k + 1);
		if (length < 2) return 'jpeg-bad-marker';
		if (k + 1 + length > len) return 'jpeg-truncated';
		q = k + 1 + length;
	}
}
