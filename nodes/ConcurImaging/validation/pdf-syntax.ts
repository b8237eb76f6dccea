// A small, bounded reader for the few PDF objects the structure check needs: trailer dictionaries and the
// dictionaries of cross-reference streams. It never decodes a stream and never follows references.

import { ByteView, isDigit, isPdfDelimiter, isPdfWhite } from './bytes';

export type PdfValue =
	| { t: 'num'; v: number; int: boolean }
	| { t: 'ref'; n: number; g: number }
	| { t: 'name'; v: string }
	| { t: 'str' }
	| { t: 'dict'; d: Map<string, PdfValue> }
	| { t: 'arr' }
	| { t: 'bool' }
	| { t: 'null' }
	| { t: 'kw'; v: string };

export type PdfDict = Map<string, PdfValue>;

const MAX_DEPTH = 32;
/** No trailer or xref stream dictionary seen in practice comes near this; larger ones are treated as damage. */
export const MAX_DICT_BYTES = 64 * 1024;
const MAX_WHITE_RUN = 64 * 1024;

/** Shared work budget so that a hostile file cannot make the check superlinear. */
export class Budget {
	constructor(public remaining: number) {}

	spend(n: number): boolean {
		this.remaining -= n;
		return this.remaining >= 0;
	}
}

export class PdfReader {
	pos: number;
	/** Set when parsing ran into the end of the file (not just the reader's limit): the data is cut off. */
	hitEndOfFile = false;
	private end: number;
	private depth = 0;

	constructor(
		private readonly v: ByteView,
		pos: number,
		limit: number = v.len,
	) {
		this.pos = pos;
		this.end = Math.min(limit, v.len);
	}

	/**
	 * Skips white space and comments, at most MAX_WHITE_RUN bytes: real files have short runs, and a pointer into
	 * megabytes of blanks must not cost a scan of them.
	 */
	skipWhite(): void {
		const { b } = this.v;
		const stop = Math.min(this.end, this.pos + MAX_WHITE_RUN);
		while (this.pos < stop) {
			const c = b[this.pos];
			if (isPdfWhite(c)) {
				this.pos++;
			} else if (c === 0x25) {
				while (this.pos < stop && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
			} else {
				return;
			}
		}
	}

	/** True (and consumes it) when the next token is the keyword `kw` followed by a delimiter or white space. */
	keyword(kw: string): boolean {
		this.skipWhite();
		if (!this.v.startsWith(kw, this.pos)) return false;
		const after = this.pos + kw.length;
		if (after < this.v.len && !isPdfWhite(this.v.b[after]) && !isPdfDelimiter(this.v.b[after])) return false;
		this.pos = after;
		return true;
	}

	/** Reads a non-negative integer token, or returns -1 (position unchanged on failure). */
	integer(): number {
		this.skipWhite();
		const start = this.pos;
		let n = 0;
		let digits = 0;
		while (this.pos < this.end && isDigit(this.v.b[this.pos]) && digits < 15) {
			n = n * 10 + (this.v.b[this.pos] - 0x30);
			this.pos++;
			digits++;
		}
		if (digits === 0 || (this.pos < this.v.len && !isPdfWhite(this.v.b[this.pos]) && !isPdfDelimiter(this.v.b[this.pos]))) {
			this.pos = start;
			return -1;
		}
		return n;
	}

	/** `<num> <gen> obj` header; returns false (position unchanged) if absent. */
	objectHeader(): boolean {
		const start = this.pos;
		if (this.integer() >= 0 && this.integer() >= 0 && this.keyword('obj')) return true;
		this.pos = start;
		return false;
	}

	/** Parses a dictionary at the current position; null when it is not a well-formed dictionary. */
	dict(): PdfDict | null {
		this.skipWhite();
		if (this.v.b[this.pos] !== 0x3c || this.v.b[this.pos + 1] !== 0x3c) return null;
		const value = this.value();
		return value !== null && value.t === 'dict' ? value.d : null;
	}

	/** Parses one object; null when malformed or past the limit. */
	private value(): PdfValue | null {
		this.skipWhite();
		if (this.pos >= this.end) return this.ranOut();
		const { b } = this.v;
		const c = b[this.pos];
		if (c === 0x3c) {
			if (b[this.pos + 1] === 0x3c) return this.dictBody();
			return this.hexString() ? { t: 'str' } : null;
		}
		if (c === 0x28) return this.literalString() ? { t: 'str' } : null;
		if (c === 0x2f) return { t: 'name', v: this.name() };
		if (c === 0x5b) return this.array();
		if (isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e) return this.numberOrRef();
		if (isPdfDelimiter(c)) return null;
		const start = this.pos;
		while (this.pos < this.end && !isPdfWhite(b[this.pos]) && !isPdfDelimiter(b[this.pos]) && this.pos - start < 64) this.pos++;
		const kw = this.v.latin1(start, this.pos, 64);
		if (kw === 'null') return { t: 'null' };
		if (kw === 'true' || kw === 'false') return { t: 'bool' };
		return { t: 'kw', v: kw };
	}

	private dictBody(): PdfValue | null {
		if (++this.depth > MAX_DEPTH) return null;
		this.pos += 2;
		const d: PdfDict = new Map();
		for (;;) {
			this.skipWhite();
			if (this.pos + 1 >= this.end) return this.ranOut();
			const { b } = this.v;
			if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
				this.pos += 2;
				this.depth--;
				return { t: 'dict', d };
			}
			if (b[this.pos] !== 0x2f) return null;
			const key = this.name();
			const value = this.value();
			if (value === null) return null;
			d.set(key, value);
		}
	}

	private array(): PdfValue | null {
		if (++this.depth > MAX_DEPTH) return null;
		this.pos++;
		for (;;) {
			this.skipWhite();
			if (this.pos >= this.end) return this.ranOut();
			if (this.v.b[this.pos] === 0x5d) {
				this.pos++;
				this.depth--;
				return { t: 'arr' };
			}
			if (this.value() === null) return null;
		}
	}

	/** A name with its #xx escapes decoded (so `/Encr#79pt` is `Encrypt`, as readers see it). */
	private name(): string {
		const { b } = this.v;
		this.pos++;
		let out = '';
		while (this.pos < this.end) {
			const c = b[this.pos];
			if (isPdfWhite(c) || isPdfDelimiter(c)) break;
			if (c === 0x23 && this.pos + 2 < this.end) {
				const hex = this.v.latin1(this.pos + 1, this.pos + 3, 2);
				if (/^[0-9a-fA-F]{2}$/.test(hex)) {
					out += String.fromCharCode(parseInt(hex, 16));
					this.pos += 3;
					continue;
				}
			}
			if (out.length < 128) out += String.fromCharCode(c);
			this.pos++;
		}
		return out;
	}

	private numberOrRef(): PdfValue {
		const { b } = this.v;
		const start = this.pos;
		if (b[this.pos] === 0x2b || b[this.pos] === 0x2d) this.pos++;
		let sawDot = false;
		while (this.pos < this.end && this.pos - start < 32) {
			const c = b[this.pos];
			if (c === 0x2e && !sawDot) sawDot = true;
			else if (!isDigit(c)) break;
			this.pos++;
		}
		const text = this.v.latin1(start, this.pos, 32);
		const v = Number(text === '-' || text === '+' || text === '.' ? '0' : text);
		const isInt = !sawDot && /^\d+$/.test(text);
		if (isInt) {
			// Indirect reference: <int> <int> R
			const save = this.pos;
			const gen = this.integer();
			if (gen >= 0 && this.keyword('R')) return { t: 'ref', n: v, g: gen };
			this.pos = save;
		}
		return { t: 'num', v: Number.isFinite(v) ? v : 0, int: isInt };
	}

	private ranOut(): null {
		if (this.end >= this.v.len) this.hitEndOfFile = true;
		return null;
	}

	/** Skips a literal string (balanced parentheses, backslash escapes); false if it does not end in range. */
	private literalString(): boolean {
		const { b } = this.v;
		let depth = 0;
		while (this.pos < this.end) {
			const c = b[this.pos++];
			if (c === 0x5c) {
				this.pos++;
			} else if (c === 0x28) {
				depth++;
			} else if (c === 0x29) {
				if (--depth === 0) return true;
			}
		}
		this.ranOut();
		return false;
	}

	private hexString(): boolean {
		const close = this.v.indexOfByte(0x3e, this.pos + 1, this.end);
		if (close === -1) return this.ranOut() ?? false;
		this.pos = close + 1;
		return true;
	}
}

export function dictInt(d: PdfDict, key: string): number | null {
	const value = d.get(key);
	return value && value.t === 'num' && value.int && value.v >= 0 ? value.v : null;
}
