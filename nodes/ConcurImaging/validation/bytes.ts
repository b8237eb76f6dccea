// Byte-level helpers shared by the format checks. Everything works on views of the caller's bytes: nothing here
// copies the file. Searches use Buffer#indexOf / #lastIndexOf (native, memchr speed for single bytes) on views
// bounded to the range asked for, when the Node `Buffer` global is present, and fall back to loops elsewhere, so
// the module stays dependency-free and fast on 10 MB inputs. Every helper adds what it cost to `work`.

export type Bytes = Uint8Array;

/**
 * Work units, the currency in which the checks count what they do (ByteView#work): one unit is about one byte
 * stepped over by a JavaScript loop (1-3 ns). A native search call costs SEARCH_CALL_COST plus, per byte it
 * scans, 1/16 unit for a single-byte search (memchr) and 1 unit for a string search (which can slow down to a
 * few ns per byte on inputs dense in the needle's first byte). Tests bound the total per input byte, which
 * bounds the time; the PDF walk also stops, and refuses the file, when its budget in units runs out.
 */
export const SEARCH_CALL_COST = 64;

/** A read-only view of the input with bounded, copy-free search helpers that count their work. */
export class ByteView {
	readonly b: Bytes;
	readonly len: number;
	/** Work units spent so far on this view (see SEARCH_CALL_COST). */
	work = 0;
	private readonly fast: Buffer | null;
	private readonly needles = new Map<string, Buffer>();

	constructor(bytes: Bytes) {
		this.b = bytes;
		this.len = bytes.length;
		this.fast = toFastView(bytes);
	}

	at(i: number): number {
		return i >= 0 && i < this.len ? this.b[i] : -1;
	}

	u16be(i: number): number {
		return (this.b[i] << 8) | this.b[i + 1];
	}

	u16le(i: number): number {
		return this.b[i] | (this.b[i + 1] << 8);
	}

	u32be(i: number): number {
		return ((this.b[i] << 24) >>> 0) + ((this.b[i + 1] << 16) | (this.b[i + 2] << 8) | this.b[i + 3]);
	}

	u32le(i: number): number {
		return ((this.b[i + 3] << 24) >>> 0) + ((this.b[i + 2] << 16) | (this.b[i + 1] << 8) | this.b[i]);
	}

	/** True when the ASCII string `s` occurs at position `i`. */
	startsWith(s: string, i = 0): boolean {
		if (i < 0 || i + s.length > this.len) return false;
		for (let k = 0; k < s.length; k++) {
			if (this.b[i + k] !== s.charCodeAt(k)) return false;
		}
		return true;
	}

	startsWithBytes(sig: readonly number[], i = 0): boolean {
		if (i < 0 || i + sig.length > this.len) return false;
		for (let k = 0; k < sig.length; k++) {
			if (this.b[i + k] !== sig[k]) return false;
		}
		return true;
	}

	/** Position of byte `value` in [from, to), or -1. Never looks at bytes at or after `to`. */
	indexOfByte(value: number, from: number, to: number = this.len): number {
		if (from < 0) from = 0;
		if (to > this.len) to = this.len;
		if (from >= to) return -1;
		const { b } = this;
		if (to - from <= 32) {
			// Short ranges: a loop is cheaper than a native call.
			this.work += to - from;
			for (let i = from; i < to; i++) if (b[i] === value) return i;
			return -1;
		}
		const hay = this.fast ?? b;
		const p = to === this.len ? hay.indexOf(value, from) : hay.subarray(0, to).indexOf(value, from);
		this.work += SEARCH_CALL_COST + ((p === -1 ? to : p + 1) - from) / 16;
		return p;
	}

	/** First position of the ASCII string `s` fully inside [from, to), or -1. Linear (native search). */
	indexOf(s: string, from: number, to: number = this.len): number {
		return this.search(s, from, to, false);
	}

	/** Last position of the ASCII string `s` fully inside [from, to), or -1 (backward native search). */
	lastIndexOf(s: string, from: number, to: number = this.len): number {
		return this.search(s, from, to, true);
	}

	/** Both directions share the clamp to the view; each counts only the bytes its native search visits. */
	private search(s: string, from: number, to: number, backward: boolean): number {
		if (from < 0) from = 0;
		if (to > this.len) to = this.len;
		if (to - from < s.length) return -1;
		if (!this.fast) return backward ? this.lastIndexOfSlow(s, from, to) : this.indexOfSlow(s, from, to);
		if (!backward) {
			const hay = to === this.len ? this.fast : this.fast.subarray(0, to);
			const p = hay.indexOf(this.needle(s), from);
			this.work += SEARCH_CALL_COST + (p === -1 ? to : p + s.length) - from;
			return p;
		}
		// A view of exactly [from, to): the native backward search would otherwise run on towards 0.
		const p = this.fast.subarray(from, to).lastIndexOf(this.needle(s));
		this.work += SEARCH_CALL_COST + to - (p === -1 ? from : from + p);
		return p === -1 ? -1 : from + p;
	}

	/**
	 * End of the run of byte `c` that starts at `from`, within [from, to): long runs (padding of blanks or NULs)
	 * are compared a block at a time against a block of `c` (native memcmp), short ones byte by byte.
	 */
	runEnd(c: number, from: number, to: number = this.len): number {
		const { b } = this;
		if (to > this.len) to = this.len;
		let p = from;
		const near = Math.min(to, p + RUN_BLOCK);
		while (p < near && b[p] === c) p++;
		this.work += p - from;
		if (p < near || !this.fast) {
			if (p === near) return this.runEndSlow(c, p, to);
			return p;
		}
		const block = runBlock(c);
		while (p + RUN_BLOCK <= to && this.fast.compare(block, 0, RUN_BLOCK, p, p + RUN_BLOCK) === 0) {
			this.work += SEARCH_CALL_COST + RUN_BLOCK / 16;
			p += RUN_BLOCK;
		}
		return this.runEndSlow(c, p, to);
	}

	/** Latin-1 text of [from, to), clamped to the file and to `max` characters (bounded: never the whole file). */
	latin1(from: number, to: number, max = 4096): string {
		if (from < 0) from = 0;
		if (to > this.len) to = this.len;
		if (to - from > max) to = from + max;
		let out = '';
		for (let i = from; i < to; i++) out += String.fromCharCode(this.b[i]);
		this.work += to > from ? to - from : 0;
		return out;
	}

	private runEndSlow(c: number, from: number, to: number): number {
		let p = from;
		while (p < to && this.b[p] === c) p++;
		this.work += p - from;
		return p;
	}

	private needle(s: string): Buffer {
		let n = this.needles.get(s);
		if (!n) {
			n = Buffer.from(s, 'latin1');
			this.needles.set(s, n);
		}
		return n;
	}

	private indexOfSlow(s: string, from: number, to: number): number {
		for (let p = from; p + s.length <= to; p++) {
			if (this.b[p] === s.charCodeAt(0) && this.startsWith(s, p)) {
				this.work += p - from + s.length;
				return p;
			}
		}
		this.work += to - from;
		return -1;
	}

	private lastIndexOfSlow(s: string, from: number, to: number): number {
		for (let p = to - s.length; p >= from; p--) {
			if (this.b[p] === s.charCodeAt(0) && this.startsWith(s, p)) {
				this.work += to - p;
				return p;
			}
		}
		this.work += to - from;
		return -1;
	}
}

const RUN_BLOCK = 4096;
const runBlocks = new Map<number, Buffer>();

function runBlock(c: number): Buffer {
	let block = runBlocks.get(c);
	if (!block) {
		block = Buffer.alloc(RUN_BLOCK, c);
		runBlocks.set(c, block);
	}
	return block;
}

function toFastView(bytes: Bytes): Buffer | null {
	// Buffer is a Node global (not an import): a Buffer over the same memory, no copy.
	if (typeof Buffer === 'undefined') return null;
	if (Buffer.isBuffer(bytes)) return bytes;
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** PDF white-space characters (ISO 32000-1, table 1). */
export function isPdfWhite(c: number): boolean {
	return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
}

/** PDF delimiter characters (ISO 32000-1, table 2). */
export function isPdfDelimiter(c: number): boolean {
	return (
		c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25
	);
}

/** Whether a PDF token may end before byte `c` (from ByteView.at: -1 past the end): white space, a delimiter, the end. */
export function isPdfTokenEnd(c: number): boolean {
	return c === -1 || isPdfWhite(c) || isPdfDelimiter(c);
}

export function isDigit(c: number): boolean {
	return c >= 0x30 && c <= 0x39;
}
