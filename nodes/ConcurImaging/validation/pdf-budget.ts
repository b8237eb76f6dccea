// The work budget and the limits of one PDF check (pdf.ts), shared by the section walk (pdf-xref.ts), the repair
// scan (pdf-repair.ts) and the reader of PDF values (pdf-lexer.ts, pdf-syntax.ts).

import type { ByteView } from './bytes';

/**
 * Internal limits of the PDF check. Reaching any of them makes the check refuse the file (CORRUPT_FILE, with a
 * message naming the limit), never pass it: what lies beyond a limit could be an /Encrypt entry.
 */
export type PdfLimit = 'sections' | 'work' | 'dict-size' | 'depth' | 'token' | 'repair';

/**
 * Work budget of one PDF check, in the work units of ByteView#work, so that a hostile file cannot make the
 * check superlinear. Running out is a limit like the others: `limit` records the first one reached.
 */
export class Budget {
	limit: PdfLimit | null = null;
	private readonly max: number;

	constructor(
		private readonly v: ByteView,
		units: number,
	) {
		this.max = v.work + units;
	}

	/** Units left (0 once exhausted, which also records the 'work' limit). */
	remaining(): number {
		const left = this.max - this.v.work;
		if (left > 0) return left;
		this.hit('work');
		return 0;
	}

	/** Charges `n` units; false when the budget is exhausted. */
	spend(n: number): boolean {
		this.v.work += n;
		return this.remaining() > 0;
	}

	/** True once any limit was reached: callers stop and the file is refused. */
	get stopped(): boolean {
		return this.limit !== null || this.remaining() === 0;
	}

	hit(limit: PdfLimit): void {
		if (this.limit === null) this.limit = limit;
	}
}
