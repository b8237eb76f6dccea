import { concurDateMs, toConcurDate } from '../api/dates';

/**
 * The trigger's memory, kept in the workflow's static data (pure: no n8n import). Events with a time (reports,
 * invoices) keep a watermark: the newest `LastModifiedDate` seen and the IDs seen at exactly that time, so a
 * record modified in the same instant as the watermark is neither missed nor repeated. Concur moves
 * `LastModifiedDate` on any change, so the cursor also remembers the last status it emitted per record (the most
 * recent ones): an edit that does not change the watched status is not a new event. Receipt images have no time:
 * their cursor is the set of IDs in Available Receipts.
 */

/** One record as the trigger sees it: its ID, its `LastModifiedDate` as Concur wrote it, and its watched status. */
export interface Candidate {
	id: string;
	modified?: string | null;
	/** The watched status values (e.g. `A_APPR|P_PAID`): the event is "this record reached this status". */
	key: string;
}

export interface TimedCursor {
	kind: 'timed';
	/** What the trigger watches (event and filters); a different one starts a new cursor. */
	watch: string;
	/** The watermark, as Concur wrote it; null before anything was seen. */
	time: string | null;
	/** IDs seen with `LastModifiedDate` equal to the watermark. */
	ids: string[];
	/** [id, key] of the most recent events, oldest first, at most EMITTED_LIMIT. */
	emitted: Array<[string, string]>;
}

export interface IdCursor {
	kind: 'ids';
	watch: string;
	ids: string[];
}

export type Cursor = TimedCursor | IdCursor;

/**
 * How many records the cursor remembers with their status. It also holds every record that matched at activation,
 * so that none of them fires when it is edited later; beyond this many, the oldest could fire once.
 */
export const EMITTED_LIMIT = 10_000;

/** Where the watermark starts when nothing matched at activation (covers any clock or zone offset, ≤ 14 h). */
export const BASELINE_LOOKBACK_MS = 48 * 3600 * 1000;

/** The query window for a poll: a second before the watermark, so Concur's "after" (strict or not) misses nothing. */
export function windowStart(cursor: TimedCursor): string | undefined {
	const time = concurDateMs(cursor.time);
	return time === undefined ? undefined : toConcurDate(time - 1000);
}

/** The newest time among the candidates (and the current watermark), with the IDs seen at it. */
function watermark(time: string | null, ids: string[], listed: Candidate[]) {
	let best = { time, ms: concurDateMs(time), ids: new Set(ids) };
	for (const candidate of listed) {
		const ms = concurDateMs(candidate.modified);
		if (ms === undefined || !candidate.modified) continue;
		if (best.ms === undefined || ms > best.ms) best = { time: candidate.modified, ms, ids: new Set([candidate.id]) };
		else if (ms === best.ms) best.ids.add(candidate.id);
	}
	return { time: best.time, ids: [...best.ids] };
}

/**
 * The cursor of a first poll without "Include Existing": everything that matches now (however long ago it got
 * there) existed before activation, so all of it is remembered with its status and none of it is an event,
 * also when it is edited later. When nothing matched, the watermark is the look-back start.
 */
export function baselineCursor(watch: string, listed: Candidate[], lookbackStart: string): TimedCursor {
	const mark = watermark(lookbackStart, [], listed);
	const byAge = [...listed].sort((a, b) => (concurDateMs(a.modified) ?? 0) - (concurDateMs(b.modified) ?? 0));
	return {
		kind: 'timed',
		watch,
		...mark,
		emitted: byAge.slice(-EMITTED_LIMIT).map((candidate) => [candidate.id, candidate.key]),
	};
}

export function emptyTimedCursor(watch: string): TimedCursor {
	return { kind: 'timed', watch, time: null, ids: [], emitted: [] };
}

/**
 * The events among the listed records, and the cursor after them. The watermark moves only when the listing was
 * complete (a poll that ran out of time repeats its window next time; the emitted memory keeps it from
 * repeating events).
 */
export function selectEvents(cursor: TimedCursor, listed: Candidate[], complete: boolean) {
	const markMs = concurDateMs(cursor.time);
	const atMark = new Set(cursor.ids);
	const emitted = new Map(cursor.emitted);
	const events: Candidate[] = [];
	const taken = new Set<string>();
	for (const candidate of listed) {
		if (taken.has(candidate.id)) continue; // a record on two pages (it changed while we paged) is one event
		const ms = concurDateMs(candidate.modified);
		if (ms !== undefined && markMs !== undefined) {
			if (ms < markMs) continue;
			if (ms === markMs && atMark.has(candidate.id)) continue;
		}
		if (emitted.get(candidate.id) === candidate.key) continue;
		events.push(candidate);
		taken.add(candidate.id);
	}
	for (const event of events) {
		emitted.delete(event.id);
		emitted.set(event.id, event.key);
	}
	const mark = complete ? watermark(cursor.time, cursor.ids, listed) : { time: cursor.time, ids: cursor.ids };
	const next: TimedCursor = { ...cursor, ...mark, emitted: [...emitted].slice(-EMITTED_LIMIT) };
	return { events, next };
}

/** New receipt images: IDs not in the cursor. A complete listing replaces the set (receipts leave when used). */
export function selectNewIds(cursor: IdCursor, listed: string[], complete: boolean) {
	const known = new Set(cursor.ids);
	const events = [...new Set(listed)].filter((id) => !known.has(id));
	const ids = complete ? [...new Set(listed)] : [...known, ...events];
	return { events, next: { ...cursor, ids } };
}

/** Reads a cursor from static data; anything else (none yet, another watch, an older shape) is no cursor. */
export function readCursor(stored: unknown, watch: string, kind: Cursor['kind']): Cursor | undefined {
	const cursor = stored as Partial<Cursor> | undefined;
	if (!cursor || cursor.kind !== kind || cursor.watch !== watch || !Array.isArray(cursor.ids)) return undefined;
	if (cursor.kind === 'timed' && !Array.isArray(cursor.emitted)) return undefined;
	return cursor as Cursor;
}
