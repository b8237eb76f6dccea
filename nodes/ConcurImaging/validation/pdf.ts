// PDF structure and encryption check, decided from the file's tail and its cross-reference structures only:
// `%%EOF` and `startxref` near the end, then the chain of cross-reference sections (classic `xref` tables with a
// `trailer`, or cross-reference streams whose dictionary sits before `stream`) followed through /Prev and /XRefStm.
// A file is encrypted when a trailer (or xref-stream dictionary) of that chain has an /Encrypt entry: the text
// "/Encrypt" in a content stream, a string or any other object never counts. No stream is decoded and the
// document is never loaded, so the cost does not grow with the number of pages or objects.
//
// Cost: every step is paid for from a budget of WORK_PER_BYTE work units per byte plus WORK_BASE (see bytes.ts),
// so the check is linear in the file size whatever the file contains. Reaching the budget or any other limit
// (sections, dictionary size, nesting, token length, repair candidates) refuses the file as CORRUPT_FILE with a
// message naming the limit: what lies beyond a limit could be an /Encrypt entry, so a limit never passes a file.

import { ByteView, isDigit, isPdfDelimiter, isPdfWhite } from './bytes';
import { Budget, PdfLimit } from './pdf-budget';
import { dictInt, MAX_DICT_BYTES, PdfDict, PdfReader, PdfValue } from './pdf-syntax';
import type { CorruptReason } from './types';

/** Acrobat requires `%%EOF` within the last 1024 bytes; the last `startxref` is searched for there (+64). */
const TAIL_BYTES = 1024;
/** When startxref is unusable, the last trailer / xref stream is searched for in this many bytes before it. */
const FALLBACK_WINDOW_BYTES = 1024 * 1024;
/** Candidates of each kind (`trailer` keywords, `/XRef` names) tried by that scan before it gives up. */
export const FALLBACK_CANDIDATES = 16;
/** Longest /Prev chain followed (files with hundreds of incremental updates are not receipts). */
export const MAX_SECTIONS = 512;
/**
 * The work budget: this many units per byte of the file, plus a constant that lets a small file have
 * MAX_SECTIONS ordinary hybrid sections (about 1,500 units each) and a repair scan: at most about 2 ms plus
 * 5-20 ns per byte.
 */
export const WORK_PER_BYTE = 4;
export const WORK_BASE = 1024 * 1024;
/** Work units per section read (readers, position sets, candidates: about 1 µs), on top of its parsing. */
const SECTION_COST = 256;
/** Work units per subsection header of a classic table (two numbers and a keyword test, about 100 ns). */
const SUBSECTION_COST = 48;
/** Longest run of digits or white space read backwards from an `obj` keyword found by the repair scan. */
const OBJECT_HEADER_RUN = 20;

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

interface Subsection {
	start: number;
	count: number;
	at: number;
	size: number;
}

interface Ctx {
	v: ByteView;
	h: number;
	budget: Budget;
	visited: Set<number>;
	/** Reads that found no section, by position and kind (see failureKey): never repeated. */
	failed: Set<number>;
	/** Position of the last `>>` in the file (computed once, when first needed); -1 if none. */
	lastDictEnd?: number;
	/** Trailer and xref-stream dictionaries, newest first. */
	dicts: PdfDict[];
	/** Classic sections' subsections (newest first); null entries mark a table that could not be mapped. */
	tables: Array<Subsection[] | null>;
	hasXrefStreams: boolean;
	repaired: boolean;
	/** A startxref, /Prev or /XRefStm pointer points past the end of the file: the file was cut off. */
	truncated: boolean;
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
		truncated: false,
	};

	const reader = new PdfReader(v, ctx.budget, sx + 'startxref'.length, eof);
	const offset = reader.integer();
	const walked = offset >= 0 && walk(ctx, candidates(ctx, offset));
	if (ctx.truncated) return fail('pdf-truncated');
	if (!walked && !ctx.budget.stopped) {
		ctx.repaired = true;
		const found = findLastSectionByScanning(ctx, sx);
		if (!ctx.budget.stopped) {
			if (found === -1 || !walk(ctx, [found])) return fail('pdf-no-trailer');
			if (ctx.truncated) return fail('pdf-truncated');
		}
	}
	const encrypted = ctx.dicts.some((d) => isEncryptEntry(ctx, d.get('Encrypt')));
	// A limit reached anywhere refuses the file, even if what was read looked fine (an encryption found in the
	// part that was read is still reported).
	if (ctx.budget.stopped) return { corrupt: LIMIT_REASONS[ctx.budget.limit as PdfLimit], encrypted, repaired: ctx.repaired };
	if (!ctx.dicts.some((d) => d.has('Root'))) return fail('pdf-no-root');
	return { corrupt: null, encrypted, repaired: ctx.repaired };
}

/** Offsets are relative to the `%PDF-` header; writers that prepend junk usually do not fix them, some do. */
function candidates(ctx: Ctx, offset: number): number[] {
	return ctx.h > 0 ? [offset + ctx.h, offset] : [offset];
}

interface Section {
	dict: PdfDict;
	/** Classic table: its subsections, or null when it could not be mapped; undefined for an xref stream. */
	table?: Subsection[] | null;
}

/** Follows the section chain from `start`; false when the first section cannot be read. */
function walk(ctx: Ctx, start: number[]): boolean {
	let next: number[] | null = start;
	let sections = 0;
	while (next !== null && !ctx.budget.stopped) {
		const section = readFirstUnvisited(ctx, next, true, sections > 0);
		next = null;
		if (!section) {
			if (sections === 0) return false;
			ctx.repaired = true;
			break;
		}
		if (sections === MAX_SECTIONS) {
			// One revision more than the limit: what the rest hold (an /Encrypt in the oldest trailer) is not read.
			ctx.budget.hit('sections');
			break;
		}
		sections++;
		record(ctx, section);
		const stm = dictInt(section.dict, 'XRefStm');
		if (stm !== null) {
			// Hybrid file: the classic trailer points to a hidden xref stream; its dictionary is checked too.
			const hidden = readFirstUnvisited(ctx, candidates(ctx, stm), false, true);
			if (hidden) record(ctx, hidden);
			else ctx.repaired = true;
		}
		const prev = dictInt(section.dict, 'Prev');
		if (prev !== null) next = candidates(ctx, prev);
	}
	return true;
}

/** Reads the section at the first usable position; `following` marks a /Prev or /XRefStm pointer. */
function readFirstUnvisited(ctx: Ctx, positions: number[], allowClassic: boolean, following: boolean): Section | null {
	if (positions.every((pos) => pos >= ctx.v.len)) {
		ctx.truncated = true;
		return null;
	}
	for (const pos of positions) {
		if (ctx.visited.has(pos)) return null; // a /Prev loop
		const key = failureKey(pos, allowClassic, following);
		if (ctx.failed.has(key)) continue; // read before, nothing there (and nothing new to learn)
		const section = readSectionAt(ctx, pos, allowClassic, following);
		if (ctx.budget.stopped) return null;
		if (section) {
			ctx.visited.add(pos);
			return section;
		}
		ctx.failed.add(key);
	}
	// Every section ends with a dictionary: no `>>` between the target and the end of the file means the
	// section the pointer refers to was cut off.
	if (following && positions.every((pos) => pos >= ctx.v.len || lastDictEnd(ctx) < pos)) ctx.truncated = true;
	return null;
}

function failureKey(pos: number, allowClassic: boolean, following: boolean): number {
	return pos * 4 + (allowClassic ? 2 : 0) + (following ? 1 : 0);
}

/** The last `>>` of the file, searched for once: "is there a `>>` after p" is then a comparison. */
function lastDictEnd(ctx: Ctx): number {
	if (ctx.lastDictEnd === undefined) ctx.lastDictEnd = ctx.v.lastIndexOf('>>', 0, ctx.v.len);
	return ctx.lastDictEnd;
}

function record(ctx: Ctx, section: Section): void {
	ctx.dicts.push(section.dict);
	if (section.table === undefined) ctx.hasXrefStreams = true;
	else ctx.tables.push(section.table);
}

/**
 * Reads the section at `pos`: a classic `xref` table (or, when found by scanning, a bare `trailer`), or an xref
 * stream object `<n> <g> obj << /Type /XRef ... >>`. Returns null when there is none at `pos`.
 */
function readSectionAt(ctx: Ctx, pos: number, allowClassic: boolean, following = false): Section | null {
	const { v } = ctx;
	if (pos < 0 || pos >= v.len || !ctx.budget.spend(SECTION_COST)) return null;
	const r = new PdfReader(v, ctx.budget, pos, v.len);
	r.skipWhite();
	const at = r.pos; // white space is skipped once, whatever follows
	if (allowClassic) {
		if (r.keyword('xref')) return readClassic(ctx, r.pos, following);
		if (r.keyword('trailer')) return trailerAt(ctx, r.pos, null, following);
	}
	r.pos = at;
	if (ctx.budget.stopped || !r.objectHeader()) return null;
	const reader = new PdfReader(v, ctx.budget, r.pos, r.pos + MAX_DICT_BYTES);
	const dict = reader.dict();
	if (!dict && following && reader.hitEndOfFile) ctx.truncated = true;
	if (!dict || !isName(dict.get('Type'), 'XRef')) return null;
	return { dict };
}

/**
 * Skips the subsections of a classic table arithmetically (entries are 20 bytes; 19 and 21 are tolerated) and
 * parses the trailer dictionary after them. If the table is malformed, falls back to a forward search for the
 * `trailer` keyword, which cannot occur inside a table.
 */
function readClassic(ctx: Ctx, from: number, following: boolean): Section | null {
	const { v } = ctx;
	const r = new PdfReader(v, ctx.budget, from, v.len);
	const subsections: Subsection[] = [];
	for (;;) {
		if (!ctx.budget.spend(SUBSECTION_COST)) return null;
		const save = r.pos;
		if (r.keyword('trailer')) return trailerAt(ctx, r.pos, subsections, following);
		r.pos = save;
		const start = r.integer();
		const count = start >= 0 ? r.integer() : -1;
		if (count < 0) break;
		r.skipWhite();
		const at = r.pos;
		if (count === 0) continue;
		const size = entrySize(v, at, count);
		if (size === 0) break;
		subsections.push({ start, count, at, size });
		r.pos = at + size * count;
	}
	const t = v.indexOf('trailer', from, v.len);
	if (ctx.budget.stopped) return null;
	if (t === -1) {
		// An `xref` table that runs to the end of the file without its trailer: the file was cut off.
		if (following) ctx.truncated = true;
		return null;
	}
	return trailerAt(ctx, t + 'trailer'.length, null, following);
}

function trailerAt(ctx: Ctx, pos: number, table: Subsection[] | null, following: boolean): Section | null {
	const reader = new PdfReader(ctx.v, ctx.budget, pos, pos + MAX_DICT_BYTES);
	const dict = reader.dict();
	if (!dict && following && reader.hitEndOfFile) ctx.truncated = true;
	if (!dict) return null;
	return { dict, table };
}

/** Entry size (20, 19 or 21) for which the first and the last entry both look like xref entries; 0 if none. */
function entrySize(v: ByteView, at: number, count: number): number {
	if (!isEntry(v, at)) return 0;
	for (const size of [20, 19, 21]) {
		const last = at + size * (count - 1);
		if (last + 18 <= v.len && isEntry(v, last)) return size;
	}
	return 0;
}

/** `nnnnnnnnnn ggggg n|f` */
function isEntry(v: ByteView, p: number): boolean {
	if (p + 18 > v.len) return false;
	const b = v.b;
	for (let i = 0; i < 10; i++) if (!isDigit(b[p + i])) return false;
	if (b[p + 10] !== 0x20) return false;
	for (let i = 11; i < 16; i++) if (!isDigit(b[p + i])) return false;
	return b[p + 16] === 0x20 && (b[p + 17] === 0x6e || b[p + 17] === 0x66);
}

/**
 * Fallback when startxref is unusable: the last `trailer` keyword or the last `/Type /XRef` stream dictionary
 * before `startxref`, whichever is later. Backward scans over a bounded window (1 MiB), a bounded number of
 * candidates, each parsed with a bounded dictionary reader. Returns the section position or -1. Giving up after
 * FALLBACK_CANDIDATES unusable candidates is a limit ('repair'): an older candidate could be the real one.
 */
function findLastSectionByScanning(ctx: Ctx, sx: number): number {
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
		if (after !== -1 && !isPdfWhite(after) && !isPdfDelimiter(after)) continue; // e.g. /XRefStm
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

function isKeywordAt(v: ByteView, p: number, kw: string): boolean {
	const before = v.at(p - 1);
	const after = v.at(p + kw.length);
	return (before === -1 || isPdfWhite(before) || isPdfDelimiter(before)) && (after === -1 || isPdfWhite(after) || isPdfDelimiter(after));
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

function isName(value: PdfValue | undefined, name: string): boolean {
	return value !== undefined && value.t === 'name' && value.v === name;
}

/**
 * An /Encrypt entry counts unless it is `null` or a reference to an object that does not exist (object number
 * not below /Size, or a free entry in a fully mapped classic table): both mean "no encryption dictionary".
 */
function isEncryptEntry(ctx: Ctx, value: PdfValue | undefined): boolean {
	if (!value || value.t === 'null') return false;
	if (value.t !== 'ref') return true;
	const size = dictInt(ctx.dicts[0], 'Size');
	if (size !== null && value.n >= size) return false;
	if (ctx.hasXrefStreams || ctx.tables.some((table) => table === null)) return true;
	for (const table of ctx.tables as Subsection[][]) {
		for (const s of table) {
			if (value.n >= s.start && value.n < s.start + s.count) {
				return ctx.v.b[s.at + (value.n - s.start) * s.size + 17] === 0x6e; // 'n' in use, 'f' free
			}
		}
	}
	return false;
}
