// Repair of a PDF whose startxref is unusable, as readers do it: a bounded backward scan for the last `trailer`
// keyword or `/Type /XRef` stream dictionary before `startxref`. Reaching one of its bounds (the window, the
// number of candidates, the length of an object header) is the limit 'repair': the file is refused, never passed.

import { ByteView, isDigit, isPdfTokenEnd, isPdfWhite } from './bytes';
import { MAX_DICT_BYTES } from './pdf-syntax';
import type { PdfDict } from './pdf-syntax';
import { Ctx, readSectionAt } from './pdf-xref';

/** When startxref is unusable, the last trailer / xref stream is searched for in this many bytes before it. */
const FALLBACK_WINDOW_BYTES = 1024 * 1024;
/** Candidates of each kind (`trailer` keywords, `/XRef` names) tried by that scan before it gives up. */
export const FALLBACK_CANDIDATES = 16;
/** Longest run of digits or white space read backwards from an `obj` keyword found by the repair scan. */
const OBJECT_HEADER_RUN = 20;

/**
 * Fallback when startxref is unusable: the last `trailer` keyword or the last `/Type /XRef` stream dictionary
 * before `startxref`, whichever is later. Backward scans over a bounded window (1 MiB), a bounded number of
 * candidates, each parsed with a bounded dictionary reader. Returns the section position or -1. Giving up after
 * FALLBACK_CANDIDATES unusable candidates is a limit ('repair'): an older candidate could be the real one.
 */
export function findLastSectionByScanning(ctx: Ctx, sx: number): number {
	const { v } = ctx;
	const from = Math.max(ctx.h, sx - FALLBACK_WINDOW_BYTES);
	let best = -1;

	let p = sx;
	let tried = 0;
	for (; tried < FALLBACK_CANDIDATES && !ctx.budget.stopped; tried++) {
		const t = v.lastIndexOf('trailer', from, p);
		if (t === -1) break;
		p = t + 'trailer'.length - 1;
		if (!isKeywordAt(v, t, 'trailer')) continue;
		const section = readSectionAt(ctx, t, true);
		if (section && (section.dict.has('Root') || section.dict.has('Size'))) {
			best = t;
			break;
		}
	}
	if (tried === FALLBACK_CANDIDATES && best === -1) ctx.budget.hit('repair');

	p = sx;
	tried = 0;
	for (; tried < FALLBACK_CANDIDATES && !ctx.budget.stopped; tried++) {
		const x = v.lastIndexOf('/XRef', Math.max(from, best + 1), p);
		if (x === -1) break;
		p = x + 4;
		const after = v.at(x + 5);
		if (!isPdfTokenEnd(after)) continue; // e.g. /XRefStm
		// The dictionary is read from its `obj` for at most MAX_DICT_BYTES: an `obj` further back cannot be its own.
		const o = v.lastIndexOf('obj', Math.max(from, x - MAX_DICT_BYTES), x);
		if (o === -1) continue;
		const start = objectStart(ctx, o);
		if (start !== -1 && readSectionAt(ctx, start, false)) {
			best = start;
			break;
		}
	}
	if (tried === FALLBACK_CANDIDATES) ctx.budget.hit('repair');
	return best;
}

/**
 * Every trailer and then every cross-reference stream dictionary before `sx`: what a chain that broke after its
 * first section (pdf-xref.ts, `chainBroken`) may have left unread. An update whose trailer leaves /Encrypt out
 * (against ISO 32000-1 §7.5.6) and whose /Prev leads nowhere would otherwise hide the older, encrypted revision;
 * pdf-lib, which reads every object, finds it. Bounded by the check's budget alone: two backward
 * searches over the file and one bounded read per candidate, so a file with more candidates than its budget pays
 * for is refused at the work limit, never passed.
 */
export function readEverySectionBefore(ctx: Ctx, sx: number): PdfDict[] {
	const { v } = ctx;
	const found: PdfDict[] = [];
	for (let p = sx; !ctx.budget.stopped; ) {
		const t = v.lastIndexOf('trailer', ctx.h, p);
		if (t === -1) break;
		p = t + 'trailer'.length - 1;
		if (!isKeywordAt(v, t, 'trailer')) continue;
		const section = readSectionAt(ctx, t, true);
		if (section) found.push(section.dict);
	}
	for (let p = sx; !ctx.budget.stopped; ) {
		const x = v.lastIndexOf('/XRef', ctx.h, p);
		if (x === -1) break;
		p = x + 4;
		if (!isPdfTokenEnd(v.at(x + 5))) continue;
		const o = v.lastIndexOf('obj', Math.max(ctx.h, x - MAX_DICT_BYTES), x);
		const start = o === -1 ? -1 : objectStart(ctx, o);
		const section = start === -1 ? null : readSectionAt(ctx, start, false);
		if (section) found.push(section.dict);
	}
	return found;
}

function isKeywordAt(v: ByteView, p: number, kw: string): boolean {
	const before = v.at(p - 1);
	const after = v.at(p + kw.length);
	return isPdfTokenEnd(before) && isPdfTokenEnd(after);
}

/** Given the position of `obj`, the position of the `<num> <gen>` before it, or -1 (a longer run: limit). */
function objectStart(ctx: Ctx, objAt: number): number {
	const { v } = ctx;
	let p = objAt - 1;
	const back = (pred: (c: number) => boolean) => {
		let n = 0;
		while (p >= 0 && pred(v.b[p])) {
			if (n++ === OBJECT_HEADER_RUN) {
				ctx.budget.hit('repair');
				return 0;
			}
			p--;
		}
		v.work += n;
		return n;
	};
	if (back(isPdfWhite) === 0) return -1;
	if (back(isDigit) === 0) return -1;
	if (back(isPdfWhite) === 0) return -1;
	if (back(isDigit) === 0) return -1;
	return p + 1;
}

