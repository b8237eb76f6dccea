import { sleep } from 'n8n-workflow';

/**
 * Client-side pacing for APIs with a published rate limit (Quick Expense v4: 120 requests per 5 minutes per
 * userID). A sliding window per key: a request waits until it fits, so a batch never runs into the limit on its
 * own; a 429 caused by someone else is still retried by the client with Concur's Retry-After.
 */
export class RateWindow {
	private readonly sent = new Map<string, number[]>();

	constructor(
		readonly limit: number,
		readonly windowMs: number,
		private readonly now: () => number = Date.now,
		private readonly wait: (ms: number) => Promise<void> = sleep,
	) {}

	/** Resolves when one more request for `key` fits in the window, and counts it. */
	async take(key: string): Promise<void> {
		for (;;) {
			const now = this.now();
			const recent = (this.sent.get(key) ?? []).filter((at) => at > now - this.windowMs);
			this.sent.set(key, recent);
			if (recent.length < this.limit) {
				recent.push(now);
				return;
			}
			// The oldest request that has to leave the window first; others waiting re-check after it.
			await this.wait(recent[recent.length - this.limit] + this.windowMs - now + 1);
		}
	}
}

const WINDOWS = new WeakMap<object, Map<string, RateWindow>>();

/**
 * The window of one execution: keyed by the execution's client (one per run of the node), so pacing state lives
 * exactly as long as the run and is shared by all of its items.
 */
export function rateWindowFor(owner: object, name: string, make: () => RateWindow): RateWindow {
	let windows = WINDOWS.get(owner);
	if (!windows) WINDOWS.set(owner, (windows = new Map()));
	let window = windows.get(name);
	if (!window) windows.set(name, (window = make()));
	return window;
}
