// The token level of the PDF reader (pdf-syntax.ts): white space and comments, keywords, non-negative integers
// and `<num> <gen> obj` headers. Every byte it steps over is charged to the check's Budget (pdf-budget.ts).

import { ByteView, isDigit, isPdfTokenEnd, isPdfWhite } from './bytes';
import type { Budget } from './pdf-budget';

export class PdfLexer {
	pos: number;
	/** Set when parsing ran into the end of the file (not just the reader's limit): the data is cut off. */
	hitEndOfFile = false;
	protected end: number;

	constructor(
		protected readonly v: ByteView,
		protected readonly budget: Budget,
		pos: number,
		limit: number = v.len,
	) {
		this.pos = pos;
		this.end = Math.min(limit, v.len);
	}

	/**
	 * Skips white space and comments. The run is paid for from the budget; a run longer than the budget left
	 * stops there and records the 'work' limit.
	 */
	skipWhite(): void {
		const { b } = this.v;
		const from = this.pos;
		const room = this.budget.remaining();
		const stop = Math.min(this.end, this.pos + room);
		let counted = from;
		while (this.pos < stop) {
			const c = b[this.pos];
			if (isPdfWhite(c)) {
				this.pos++;
				// Padding (megabytes of blanks or NULs behind a pointer) is skipped a block at a time.
				if (b[this.pos] === c && b[this.pos + 1] === c) {
					this.v.work += this.pos - counted;
					this.pos = this.v.runEnd(c, this.pos, stop);
					counted = this.pos;
				}
			} else if (c === 0x25) {
				while (this.pos < stop && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
			} else {
				break;
			}
		}
		this.v.work += this.pos - counted;
		if (this.pos === stop && stop < this.end) this.budget.hit('work');
	}

	/** True (and consumes it) when the next token is the keyword `kw` followed by a delimiter or white space. */
	keyword(kw: string): boolean {
		this.skipWhite();
		if (!this.v.startsWith(kw, this.pos)) return false;
		const after = this.pos + kw.length;
		if (!isPdfTokenEnd(this.v.at(after))) return false;
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
		this.v.work += digits + 1;
		if (digits === 0 || !isPdfTokenEnd(this.v.at(this.pos))) {
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
}
