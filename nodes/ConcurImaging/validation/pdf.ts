// PDF structure and encryption check, decided from the file's tail and its cross-reference structures only:
// `%%EOF` and `startxref` near the end, then the chain of cross-reference sections (classic `xref` tables with a
// `trailer`, or cross-reference streams whose dictionary sits before `stream`) followed through /Prev and /XRefStm.
// A file is encrypted when a trailer (or xref-stream dictionary) of that chain has an /Encrypt entry: the text
// "/Encrypt" in a content stream, a string or any other object never counts. No stream is decoded and the
// document is never loaded, so the cost does not grow with the number of pages or objects.

import { ByteView, isDigit, isPdfDelimiter, isPdfWhite } from './bytes';
import { Budget, dictInt, MAX_DICT_BYTES, PdfDict, PdfReader, PdfValue } from './pdf-syntax';
import type { CorruptReason } from './types';

/** Acrobat requires `%%EOF` within the last 1024 bytes; the last `startxref` is searched for there (+64). */
const TAIL_BYTES = 1024;
/** When startxref is unusable, the last trailer / xref stream is searched for in this many bytes before it. */
const FALLBACK_WINDOW_BYTES = 1024 * 1024;
const FALLBACK_CANDIDATES = 16;
/** Longest /Prev chain followed (files with hundreds of incremental updates are not receipts). */
const MAX_SECTIONS = 512;

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
		budget: new Budget(4 * len + 4 * 1024 * 1024),
		visited: new Set(),
		dicts: [],
		tables: [],
		hasXrefStreams: false,
		repaired: false,
		truncated: false,
	};

	const reader = new PdfReader(v, sx + 'startxref'.length, eof);
	const offset = reader.integer();
	const walked = offset >= 0 && walk(ctx, candidates(ctx, offset));
	if (ctx.truncated) return fail('pdf-truncated');
	if (!walked) {
		ctx.repaired = true;
		const found = findLastSectionByScanning(ctx, sx);
		if (found === -1 || !walk(ctx, [found])) return fail('pdf-no-trailer');
		if (ctx.truncated) return fail('pdf-truncated');
	}
	if (!ctx.dicts.some((d) => d.has('Root'))) return fail('pdf-no-root');
	const encrypted = ctx.dicts.some((d) => isEncryptEntry(ctx, d.get('Encrypt')));
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
	const queue: number[][] = [start];
	let first = true;
	while (queue.length > 0 && ctx.dicts.length < MAX_SECTIONS) {
		const section = readFirstUnvisited(ctx, queue.shift() as number[], true, !first);
		if (!section) {
			if (first) return false;
			ctx.repaired = true;
			continue;
		}
		first = false;
		record(ctx, section);
		const stm = dictInt(section.dict, 'XRefStm');
		if (stm !== null) {
			// Hybrid file: the classic trailer points to a hidden xref stream; its dictionary is checked too.
			const hidden = readFirstUnvisited(ctx, candidates(ctx, stm), false, true);
			if (hidden) record(ctx, hidden);
			else ctx.repaired = true;
		}
		const prev = dictInt(section.dict, 'Prev');
		if (prev !== null) queue.push(candidates(ctx, prev));
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
		const section = readSectionAt(ctx, pos, allowClassic, following);
		if (section) {
			ctx.visited.add(pos);
			return section;
		}
	}
	// Every section ends with a dictionary: no `>>` between the target and the end of the file means the
	// section the pointer refers to was cut off.
	if (following && positions.every((pos) => pos >= ctx.v.len || ctx.v.indexOf('>>', pos) === -1)) ctx.truncated = true;
	return null;
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
	if (pos < 0 || pos >= v.len || !ctx.budget.spend(64)) return null;
	const r = new PdfReader(v, pos, v.len);
	if (allowClassic) {
		if (r.keyword('xref')) return readClassic(ctx, r.pos, following);
		if (r.keyword('trailer')) return trailerAt(ctx, r.pos, null, following);
	}
	r.pos = pos;
	if (!r.objectHeader()) return null;
	const reader = new PdfReader(v, r.pos, r.pos + MAX_DICT_BYTES);
	const dict = reader.dict();
	if (!dict && following && reader.hitEndOfFile) ctx.truncated = true;
	if (!dict || !isName(dict.get('Type'), 'XRef')) return null;
	ctx.budget.spend(256);
	return { dict };
}

/**
 * Skips the subsections of a classic table arithmetically (entries are 20 bytes; 19 and 21 are tolerated) and
 * parses the trailer dictionary after them. If the table is malformed, falls back to a forward search for the
 * `trailer` keyword, which cannot occur inside a table.
 */
function readClassic(ctx: Ctx, from: number, following: boolean): Section | null {
	const { v } = ctx;
	const r = new PdfReader(v, from, v.len);
	const subsections: Subsection[] = [];
	for (;;) {
		if (!ctx.budget.spend(16)) return null;
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
	if (t === -1) {
		// An `xref` table that runs to the end of the file without its trailer: the file was cut off.
		if (following) ctx.truncated = true;
		return null;
	}
	if (!ctx.budget.spend(t - from)) return null;
	return trailerAt(ctx, t + 'trailer'.length, null, following);
}

function trailerAt(ctx: Ctx, pos: number, table: Subsection[] | null, following: boolean): Section | null {
	const reader = new PdfReader(ctx.v, pos, pos + MAX_DICT_BYTES);
	const dict = reader.dict();
	if (!dict && following && reader.hitEndOfFile) ctx.truncated = true;
	if (!dict) return null;
	ctx.budget.spend(256);
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
 * candidates, each parsed with a bounded dictionary reader. Returns the section position or -1.
 */
function findLastSectionByScanning(ctx: Ctx, sx: number): number {
	const { v } = ctx;
	const from = Math.max(ctx.h, sx - FALLBACK_WINDOW_BYTES);
	let best = -1;

	let p = sx;
	for (let n = 0; n < FALLBACK_CANDIDATES; n++) {
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

	p = sx;
	for (let n = 0; n < FALLBACK_CANDIDATES; n++) {
		const x = v.lastIndexOf('/XRef', Math.max(from, best + 1), p);
		if (x === -1) break;
		p = x + 4;
		const after = v.at(x + 5);
		if (after !== -1 && !isPdfWhite(after) && !isPdfDelimiter(after)) continue; // e.g. /XRefStm
		const o = v.lastIndexOf('obj', Math.max(from, x - 4096), x);
		if (o === -1) continue;
		const start = objectStart(v, o);
		if (start !== -1 && readSectionAt(ctx, start, false)) {
			best = start;
			break;
		}
	}
	return best;
}

function isKeywordAt(v: ByteView, p: number, kw: string): boolean {
	const before = v.at(p - 1);
	const after = v.at(p + kw.length);
	return (before === -1 || isPdfWhite(before) || isPdfDelimiter(before)) && (after === -1 || isPdfWhite(after) || isPdfDelimiter(after));
}

/** Given the position of `obj`, the position of the `<num> <gen>` before it, or -1. */
function objectStart(v: ByteView, objAt: number): number {
	let p = objAt - 1;
	const back = (pred: (c: number) => boolean) => {
		let n = 0;
		while (p >= 0 && pred(v.b[p]) && n++ < 20) p--;
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
