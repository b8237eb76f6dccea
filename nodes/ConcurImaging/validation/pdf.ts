// PDF structure and encryption check, decided from the file's tail and its cross-reference structures only:
// `%%EOF` and `startxref` near the end, then the chain of cross-reference sections (classic `xref` tables with a
// `trailer`, or cross-reference streams whose dictionary sits before `stream`) followed through /Prev and /XRefStm.
// A file is encrypted when a trailer (or xref-stream dictionary) of that chain has an /Encrypt entry: the text
// "/Encrypt" in a content stream, a string or any other object never counts. No stream is decoded and the
// document is never loaded, so the cost does not grow with the number of pages or objects.
//
// Cost: every step is paid for from a budget of WORK_PER_BYTE work units per byte plus WORK_BASE (see bytes.ts
// and pdf-budget.ts), so the check is linear in the file size whatever the file contains. Reaching the budget or
// any other limit (sections, dictionary size, nesting, token length, repair candidates) refuses the file as
// CORRUPT_FILE with a message naming the limit: what lies beyond a limit could be an /Encrypt entry, so a limit
// never passes a file.
//
// This file holds the tail check, the verdict and the encryption decision; the chain walk and the reading of
// sections are pdf-xref.ts, the repair scan pdf-repair.ts, the reader of PDF values pdf-syntax.ts.

import type { ByteView } from './bytes';
import { Budget, PdfLimit } from './pdf-budget';
import { findLastSectionByScanning, readEverySectionBefore } from './pdf-repair';
import { dictInt, PdfReader, PdfValue } from './pdf-syntax';
import { candidates, walk } from './pdf-xref';
import type { Ctx, Subsection } from './pdf-xref';
import type { CorruptReason } from './types';

/** The check's limits, for messages.ts and the tests. */
export { FALLBACK_CANDIDATES } from './pdf-repair';
export { MAX_SECTIONS } from './pdf-xref';

/** Acrobat requires `%%EOF` within the last 1024 bytes; the last `startxref` is searched for there (+64). */
const TAIL_BYTES = 1024;
/**
 * The work budget: this many units per byte of the file, plus a constant that lets a small file have
 * MAX_SECTIONS ordinary hybrid sections (about 1,500 units each) and a repair scan: at most about 2 ms plus
 * 5-20 ns per byte.
 */
export const WORK_PER_BYTE = 4;
export const WORK_BASE = 1024 * 1024;

const LIMIT_REASONS: Record<PdfLimit, CorruptReason> = {
	sections: 'pdf-limit-sections',
	work: 'pdf-limit-work',
	'dict-size': 'pdf-limit-dict-size',
	depth: 'pdf-limit-depth',
	token: 'pdf-limit-token',
	repair: 'pdf-limit-repair',
};

export interface PdfCheck {
	corrupt: CorruptReason | null;
	encrypted: boolean;
	/** True when a startxref, /Prev or /XRefStm pointer was unusable and the structure was found by scanning. */
	repaired: boolean;
}

export function checkPdf(v: ByteView, headerOffset: number): PdfCheck {
	const h = headerOffset;
	const len = v.len;
	const fail = (corrupt: CorruptReason): PdfCheck => ({ corrupt, encrypted: false, repaired: false });

	// The last `startxref` near the end must be followed by `%%EOF`: a file cut inside its final revision
	// (even one whose older revision still ends in %%EOF) is incomplete.
	const tailFrom = Math.max(h, len - TAIL_BYTES - 64);
	const sx = v.lastIndexOf('startxref', tailFrom, len);
	if (sx === -1) {
		if (v.lastIndexOf('%%EOF', tailFrom, len) !== -1) return fail('pdf-no-startxref');
		const body = v.indexOf('obj', h, Math.min(len, h + 4096));
		return fail(body === -1 && len - h < 4096 ? 'pdf-header-only' : 'pdf-no-eof');
	}
	const eof = v.indexOf('%%EOF', sx, len);
	if (eof === -1) return fail('pdf-no-eof');
	// PDF structure after that %%EOF (a later revision, or the rest of a linearized file) that has no
	// startxref/%%EOF of its own: the end of the file is missing. Plain trailing garbage is tolerated.
	if (['endobj', 'xref', 'trailer'].some((kw) => v.indexOf(kw, eof + 5, len) !== -1)) return fail('pdf-no-eof');

	const ctx: Ctx = {
		v,
		h,
		budget: new Budget(v, WORK_PER_BYTE * len + WORK_BASE),
		visited: new Set(),
		failed: new Set(),
		dicts: [],
		tables: [],
		hasXrefStreams: false,
		repaired: false,
		chainBroken: false,
		truncated: false,
	};

	const reader = new PdfReader(v, ctx.budget, sx + 'startxref'.length, eof);
	const offset = reader.integer();
	const walked = offset >= 0 && walk(ctx, candidates(ctx, offset));
	if (ctx.truncated) return fail('pdf-truncated');
	if (!walked && !ctx.budget.stopped) {
		ctx.repaired = true;
		const found = findLastSectionByScanning(ctx, sx);
		// A limit reached in the scan or in the walk from what it found is reported below as that limit.
		const repaired = !ctx.budget.stopped && found !== -1 && walk(ctx, [found]);
		if (ctx.truncated) return fail('pdf-truncated');
		if (!repaired && !ctx.budget.stopped) return fail('pdf-no-trailer');
	}
	// A broken chain: the revisions before the break are unknown, and any of them may be the encrypted one.
	const unchained = ctx.chainBroken && !ctx.budget.stopped ? readEverySectionBefore(ctx, sx) : [];
	const encrypted = [...ctx.dicts, ...unchained].some((d) => isEncryptEntry(ctx, d.get('Encrypt')));
	// A limit reached anywhere refuses the file, even if what was read looked fine (an encryption found in the
	// part that was read is still reported).
	if (ctx.budget.stopped) return { corrupt: LIMIT_REASONS[ctx.budget.limit as PdfLimit], encrypted, repaired: ctx.repaired };
	if (!ctx.dicts.some((d) => d.has('Root'))) return fail('pdf-no-root');
	return { corrupt: null, encrypted, repaired: ctx.repaired };
}

/**
 * An /Encrypt entry counts unless it is `null` or a reference to an object that does not exist (object number
 * not below /Size, or a free entry in a fully mapped classic table): both mean "no encryption dictionary".
 */
function isEncryptEntry(ctx: Ctx, value: PdfValue | undefined): boolean {
	if (!value || value.t === 'null') return false;
	if (value.t === 'repeated') return value.values.some((each) => isEncryptEntry(ctx, each));
	if (value.t !== 'ref') return true;
	const size = dictInt(ctx.dicts[0], 'Size');
	if (size !== null && value.n >= size) return false;
	// Where the chain broke, the tables that would map the object were not read: the reference counts.
	if (ctx.hasXrefStreams || ctx.chainBroken || ctx.tables.some((table) => table === null)) return true;
	for (const table of ctx.tables as Subsection[][]) {
		for (const s of table) {
			if (value.n >= s.start && value.n < s.start + s.count) {
				return ctx.v.b[s.at + (value.n - s.start) * s.size + 17] === 0x6e; // 'n' in use, 'f' free
			}
		}
	}
	return false;
}
