/**
 * Dates in Concur's v3 lists. Concur writes them without a zone (`2013-09-02T19:46:01.98`) and its filters
 * accept `yyyy-MM-dd` or `yyyy-MM-ddTHH:mm:ss.SSS` (Reports v3, Payment Request Digests v3 references). This
 * node reads a zone-less time as UTC and sends UTC, so a time read from Concur goes back to Concur unchanged.
 */

const CONCUR_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Milliseconds of a Concur date (zone-less = UTC; an explicit zone is honoured), or undefined. */
export function concurDateMs(value: string | null | undefined): number | undefined {
	const match = CONCUR_DATE.exec(String(value ?? '').trim());
	if (!match) return undefined;
	const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone = ''] = match;
	const ms = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
	let time = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), ms);
	if (zone && zone.toUpperCase() !== 'Z') {
		const sign = zone[0] === '-' ? -1 : 1;
		const digits = zone.slice(1).replace(':', '');
		time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
	}
	return Number.isFinite(time) ? time : undefined;
}

/** A time as Concur's filters take it: `yyyy-MM-ddTHH:mm:ss.SSS`, UTC. */
export function toConcurDate(ms: number): string {
	return new Date(ms).toISOString().slice(0, 23);
}

/**
 * A date parameter as n8n hands it over (the editor's `2026-11-28T00:00:00`, an ISO string with a zone from
 * `$now`, a Date or a Luxon DateTime) in Concur's filter format; undefined when it is not a date.
 */
export function concurFilterDate(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (value instanceof Date) return Number.isFinite(value.getTime()) ? toConcurDate(value.getTime()) : undefined;
	const maybeLuxon = value as { toISO?: () => string | null; toMillis?: () => number };
	if (typeof maybeLuxon.toMillis === 'function') {
		const ms = maybeLuxon.toMillis();
		return Number.isFinite(ms) ? toConcurDate(ms) : undefined;
	}
	const ms = concurDateMs(String(value));
	return ms === undefined ? undefined : toConcurDate(ms);
}
