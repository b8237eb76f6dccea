// Byte-level helpers shared by the format checks. Everything works on views of the caller's bytes: nothing here
// copies the file. Searches use Buffer#indexOf (memchr speed) when the Node `Buffer` global is present and fall
// back to Uint8Array#indexOf elsewhere, so the module stays dependency-free and fast on 10 MB inputs.

export type Bytes = Uint8Array;

interface IndexOfByte {
	(b: number, from: number): number;
}

/** A read-only view of the input with bounded, copy-free search helpers. */
export class ByteView {
	readonly b: Bytes;
	readonly len: number;
	private readonly findByte: IndexOfByte;

	constructor(bytes: Bytes) {
		this.b = bytes;
		this.len = bytes.length;
		const fast = toFastView(bytes);
		this.findByte = (value: number, from: number) => fast.indexOf(value, from);
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

	/** Same as startsWith, comparing ASCII letters case-insensitively. */
	startsWithIgnoreCase(s: string, i = 0): boolean {
		if (i < 0 || i + s.length > this.len) return false;
		for (let k = 0; k < s.length; k++) {
			let c = this.b[i + k];
			if (c >= 0x41 && c <= 0x5a) c += 0x20;
			if (c !== s.charCodeAt(k)) return false;
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

	/** Position of byte `value` in [from, to), or -1. */
	indexOfByte(value: number, from: number, to: number = this.len): number {
		if (from < 0) from = 0;
		if (from >= to) return -1;
		const p = this.findByte(value, from);
		return p === -1 || p >= to ? -1 : p;
	}

	/**
	 * First position of the ASCII string `s` fully inside [from, to), or -1. Linear: one memchr for the first
	 * byte, then a short compare per candidate.
	 */
	indexOf(s: string, from: number, to: number = this.len): number {
		const first = s.charCodeAt(0);
		const last = to - s.length;
		let p = from < 0 ? 0 : from;
		while (p <= last) {
			p = this.indexOfByte(first, p, last + 1);
			if (p === -1) return -1;
			if (this.startsWith(s, p)) return p;
			p++;
		}
		return -1;
	}

	/** Last position of the ASCII string `s` fully inside [from, to), or -1 (backward scan, stops at first hit). */
	lastIndexOf(s: string, from: number, to: number = this.len): number {
		if (from < 0) from = 0;
		const first = s.charCodeAt(0);
		for (let p = to - s.length; p >= from; p--) {
			if (this.b[p] === first && this.startsWith(s, p)) return p;
		}
		return -1;
	}

	/** Latin-1 text of [from, to), clamped to the file and to `max` characters (bounded: never the whole file). */
	latin1(from: number, to: number, max = 4096): string {
		if (from < 0) from = 0;
		if (to > this.len) to = this.len;
		if (to - from > max) to = from + max;
		let out = '';
		for (let i = from; i < to; i++) out += String.fromCharCode(this.b[i]);
		return out;
	}
}

interface Searchable {
	indexOf(value: number, from: number): number;
}

function toFastView(bytes: Bytes): Searchable {
	// Buffer is a Node global (not an import): a Buffer over the same memory, no copy.
	if (typeof Buffer !== 'undefined') {
		if (Buffer.isBuffer(bytes)) return bytes;
		return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	}
	return bytes;
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

export function isDigit(c: number): boolean {
	return c >= 0x30 && c <= 0x39;
}
