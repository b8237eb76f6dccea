// A small, bounded reader for the few PDF objects the structure check needs: trailer dictionaries and the
// dictionaries of cross-reference streams. It never decodes a stream and never follows references. Every byte
// it steps over and every value it builds is charged to the check's Budget; reaching a limit is recorded there.
// This file is the object level (dictionaries, arrays, names, numbers, strings, references); the token level is
// pdf-lexer.ts, the budget and the limits pdf-budget.ts.

import { isDigit, isPdfDelimiter, isPdfWhite } from './bytes';
import { PdfLexer } from './pdf-lexer';

export type PdfValue =
	| { t: 'num'; v: number; int: boolean }
	| { t: 'ref'; n: number; g: number }
	| { t: 'name'; v: string }
	| { t: 'str' }
	| { t: 'dict'; d: Map<string, PdfValue> }
	| { t: 'arr' }
	| { t: 'bool' }
	| { t: 'null' }
	| { t: 'kw'; v: string }
	/** Every value of an /Encrypt key written more than once (see KEPT_WHEN_REPEATED). */
	| { t: 'repeated'; values: PdfValue[] };

export type PdfDict = Map<string, PdfValue>;

/** Dictionaries and arrays nested deeper than this are refused (the check fails closed: limit 'depth'). */
export const MAX_DEPTH = 32;
/**
 * No trailer or xref stream dictionary seen in practice comes near this; a dictionary that does not end within
 * it is refused (limit 'dict-size'), since an /Encrypt entry could follow.
 */
export const MAX_DICT_BYTES = 64 * 1024;
/** Longest number (digits, sign, point) and bare keyword read; longer ones are refused (limit 'token'). */
export const MAX_NUMBER_CHARS = 32;
export const MAX_KEYWORD_CHARS = 64;
/** Names are compared by their first characters only: no name the check looks at is anywhere near this long. */
const NAME_CHARS_KEPT = 128;
/**
 * Keys whose value, replaced by a later repeat of the key, could hide an encryption or an older revision (readers
 * differ on which of two wins): a later `null` never replaces their value, and every value of /Encrypt is kept, so
 * that one that names no object does not hide one that does.
 */
const KEPT_WHEN_REPEATED = new Set(['Encrypt', 'Prev', 'XRefStm']);
/** Work units charged per parsed value (object allocation, map entry: 100-200 ns), on top of its bytes. */
const VALUE_COST = 64;

/** Reads the values of a bounded byte range: the tokens of PdfLexer, and the objects built from them. */
export class PdfReader extends PdfLexer {
	private depth = 0;

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
		if (!this.budget.spend(VALUE_COST)) return null;
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
		while (this.pos < this.end && !isPdfWhite(b[this.pos]) && !isPdfDelimiter(b[this.pos]) && this.pos - start <= MAX_KEYWORD_CHARS) this.pos++;
		if (this.pos - start > MAX_KEYWORD_CHARS) return this.tooLong();
		const kw = this.v.latin1(start, this.pos, MAX_KEYWORD_CHARS);
		if (kw === 'null') return { t: 'null' };
		if (kw === 'true' || kw === 'false') return { t: 'bool' };
		return { t: 'kw', v: kw };
	}

	private dictBody(): PdfValue | null {
		if (++this.depth > MAX_DEPTH) return this.tooDeep();
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
			const earlier = d.get(key);
			if (earlier !== undefined && earlier.t !== 'null' && KEPT_WHEN_REPEATED.has(key)) {
				if (value.t === 'null') continue;
				if (key === 'Encrypt') {
					d.set(key, { t: 'repeated', values: [...(earlier.t === 'repeated' ? earlier.values : [earlier]), value] });
					continue;
				}
			}
			d.set(key, value);
		}
	}

	private array(): PdfValue | null {
		if (++this.depth > MAX_DEPTH) return this.tooDeep();
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

	/**
	 * A name with its #xx escapes decoded (so `/Encr#79pt` is `Encrypt`, as readers see it), of which the first
	 * NAME_CHARS_KEPT characters are kept: every name the check compares is far shorter, so a longer name can
	 * never be mistaken for one of them.
	 */
	private name(): string {
		const { b } = this.v;
		const start = this.pos;
		this.pos++;
		let out = '';
		while (this.pos < this.end) {
			const c = b[this.pos];
			if (isPdfWhite(c) || isPdfDelimiter(c)) break;
			let decoded = c;
			let step = 1;
			if (c === 0x23 && this.pos + 2 < this.end) {
				const hi = hexDigit(b[this.pos + 1]);
				const lo = hexDigit(b[this.pos + 2]);
				if (hi >= 0 && lo >= 0) {
					decoded = hi * 16 + lo;
					step = 3;
				}
			}
			if (out.length < NAME_CHARS_KEPT) out += String.fromCharCode(decoded);
			this.pos += step;
		}
		this.v.work += 2 * (this.pos - start); // two classifications and an escape test per byte
		return out;
	}

	private numberOrRef(): PdfValue | null {
		const { b } = this.v;
		const start = this.pos;
		if (b[this.pos] === 0x2b || b[this.pos] === 0x2d) this.pos++;
		let sawDot = false;
		let digits = 0;
		let whole = 0;
		let fraction = 0;
		let scale = 1;
		while (this.pos < this.end) {
			const c = b[this.pos];
			if (c === 0x2e && !sawDot) {
				sawDot = true;
			} else if (isDigit(c)) {
				digits++;
				if (sawDot) fraction += (c - 0x30) * (scale /= 10);
				else whole = whole * 10 + (c - 0x30);
			} else {
				break;
			}
			this.pos++;
			if (this.pos - start > MAX_NUMBER_CHARS) return this.tooLong();
		}
		this.v.work += this.pos - start;
		const magnitude = whole + fraction;
		const v = b[start] === 0x2d ? -magnitude : magnitude;
		const isInt = !sawDot && digits > 0 && isDigit(b[start]);
		if (isInt) {
			// Indirect reference: <int> <int> R
			const save = this.pos;
			const gen = this.integer();
			if (gen >= 0 && this.keyword('R')) return { t: 'ref', n: v, g: gen };
			this.pos = save;
		}
		return { t: 'num', v: Number.isFinite(v) ? v : 0, int: isInt };
	}

	private tooDeep(): null {
		this.budget.hit('depth');
		return null;
	}

	private tooLong(): null {
		this.budget.hit('token');
		return null;
	}

	/** Ran into the reader's limit: the end of the file (data cut off) or MAX_DICT_BYTES (limit 'dict-size'). */
	private ranOut(): null {
		if (this.end >= this.v.len) this.hitEndOfFile = true;
		else this.budget.hit('dict-size');
		return null;
	}

	/** Skips a literal string (balanced parentheses, backslash escapes); false if it does not end in range. */
	private literalString(): boolean {
		const { b } = this.v;
		let depth = 0;
		const start = this.pos;
		while (this.pos < this.end) {
			const c = b[this.pos++];
			if (c === 0x5c) {
				this.pos++;
			} else if (c === 0x28) {
				depth++;
			} else if (c === 0x29) {
				if (--depth === 0) break;
			}
		}
		this.v.work += this.pos - start;
		if (depth === 0) return true;
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

function hexDigit(c: number): number {
	if (c >= 0x30 && c <= 0x39) return c - 0x30;
	const l = c | 0x20;
	return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

/** A non-negative integer entry; also one written as a real number with no fraction (`/Prev 1234.0`), as readers take it. */
export function dictInt(d: PdfDict, key: string): number | null {
	const value = d.get(key);
	return value && value.t === 'num' && Number.isInteger(value.v) && value.v >= 0 ? value.v : null;
}
