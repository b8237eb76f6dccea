import { sleep } from 'n8n-workflow';

export interface RetrySettings {
	/** Further attempts after the first one. */
	maxRetries: number;
	initialDelayMs: number;
	/** Upper bound for one wait, Retry-After included. */
	maxDelayMs: number;
}

/**
 * Concur answers within 60 seconds or not at all (its HTTP codes page); a stuck connection must not hold the
 * workflow forever.
 */
export const REQUEST_TIMEOUT_MS = 120_000;

/** Statuses that mean "not processed, try again later"; 502 and 504 only where repeating is harmless. */
export const NOT_PROCESSED = new Set([429, 503]);
export const MAYBE_PROCESSED = new Set([502, 504]);
/** Connection failures that prove the request never reached Concur. */
export const REFUSED_CONNECTION = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** Seconds or an HTTP date, as Retry-After allows. */
export function retryAfterMs(value: unknown, now = Date.now()): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(value));
	return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Exponential backoff with jitter; a server's Retry-After wins, both capped. */
export async function waitBeforeRetry(settings: RetrySettings, attempt: number, hintMs?: number): Promise<void> {
	const exponential = settings.initialDelayMs * 2 ** attempt;
	const jitter = exponential * 0.2 * Math.random();
	await sleep(Math.min(settings.maxDelayMs, hintMs ?? exponential + jitter));
}

/** The network error code of a failed request, from the HTTP client's error or the one n8n wrapped it in. */
export const networkCodeOf = (error: unknown): string | undefined =>
	(error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;

export const toBuffer = (body: unknown): Buffer => {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	if (body === undefined || body === null) return Buffer.alloc(0);
	return Buffer.from(JSON.stringify(body), 'utf8');
};
