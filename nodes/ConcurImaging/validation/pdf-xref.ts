// The cross-reference chain of a PDF: from a section's position, the section there (a classic `xref` table with
// its `trailer`, or a cross-reference stream whose dictionary sits before `stream`), then the older ones through
// /Prev and the hidden xref streams of hybrid files through /XRefStm. Loops are cut, a position that held no
// section is never read again, and every step is paid for from the check's Budget (pdf-budget.ts). What it
// collects (the dictionaries and the classic tables' subsections) is what pdf.ts decides encryption from.

import { ByteView, isDigit } from './bytes';
import type { Budget } from './pdf-budget';
import { dictInt, MAX_DICT_BYTES, PdfDict, PdfReader, PdfValue } from './pdf-syntax';

/** Longest /Prev chain followed (files with hundreds of incremental updates are not receipts). */
export const MAX_SECTIONS = 512;
/** Work units per section read (readers, position sets, candidates: about 1 µs), on top of its parsing. */
const SECTION_COST = 256;
/** Work units per subsection header of a classic table (two numbers and a keyword test, about 100 ns). */
const SUBSECTION_COST = 48;

export interface Subsection {
	start: number;
	count: number;
	at: number;
	size: number;
}

/** The state of one PDF check, shared by the chain walk (here), the repair scan (pdf-repair.ts) and pdf.ts. */
export interface Ctx {
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
	/**
	 * A /Prev pointer led nowhere (or back into the chain): the revisions older than the break are unknown, so
	 * pdf.ts reads every trailer of the file for /Encrypt. (A broken /XRefStm does not set it: its hidden stream
	 * repeats the table of a revision whose trailer was read, and scanning for it would make the check of the
	 * many-hybrid-sections adversary cost more than a unit per byte.)
	 */
	chainBroken: boolean;
	/** A startxref, /Prev or /XRefStm pointer points past the end of the file: the file was cut off. */
	truncated: boolean;
}

/** Offsets are relative to the `%PDF-` header; writers that prepend junk usually do not fix them, some do. */
export function candidates(ctx: Ctx, offset: number): number[] {
	return ctx.h > 0 ? [offset + ctx.h, offset] : [offset];
}

export interface Section {
	dict: PdfDict;
	/** Classic table: its subsections, or null when it could not be mapped; undefined for an xref stream. */
	table?: Subsection[] | null;
}

/** Follows the section chain from `start`; false when the first section cannot be read. */
export function walk(ctx: Ctx, start: number[]): boolean {
	let next: number[] | null = start;
	let sections = 0;
	while (next !== null && !ctx.budget.stopped) {
		const section = readFirstUnvisited(ctx, next, true, sections > 0);
		next = null;
		if (!section) {
			if (sections === 0) return false;
			chainBroke(ctx);
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

function chainBroke(ctx: Ctx): void {
	ctx.repaired = true;
	ctx.chainBroken = true;
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
export function readSectionAt(ctx: Ctx, pos: number, allowClassic: boolean, following = false): Section | null {
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

function isName(value: PdfValue | undefined, name: string): boolean {
	return value !== undefined && value.t === 'name' && value.v === name;
}
