import type { LoadSignals } from '../transport';

/** Where the number of items in flight starts (the Concurrency option, when lower, wins). */
export const START_CONCURRENCY = 8;

/**
 * Adaptive concurrency for the item loop: how many items may be in flight now, never above `ceiling` (the
 * Concurrency option) and never below 1.
 *
 * - It starts at 8 and, while Concur has refused nothing, grows by one for each item that succeeds (so 16 is
 *   reached after one round of 8 items): fast under latency, where more in flight is faster.
 * - A 429 or 503 from Concur or the image host (reported by the transport, even when its retry then succeeds)
 *   halves it. Refusals of requests that were sent before that cut are the same wave and count once, so a burst
 *   of 429s halves once, not down to 1.
 * - After a refusal it grows back slowly: by one per round of successes (as many successes in a row as items in
 *   flight), the way TCP probes after a loss.
 *
 * Items already in flight when it shrinks finish; no new one starts until fewer than the new limit are running.
 */
export class AdaptiveConcurrency implements LoadSignals {
	generation = 0;
	private current: number;
	private successes = 0;
	private refused = false;

	constructor(readonly ceiling: number) {
		this.current = Math.max(1, Math.min(START_CONCURRENCY, ceiling));
	}

	get limit(): number {
		return this.current;
	}

	throttled(sentAtGeneration: number): void {
		if (sentAtGeneration < this.generation) return;
		this.generation++;
		this.refused = true;
		this.successes = 0;
		this.current = Math.max(1, Math.floor(this.current / 2));
	}

	succeeded(): void {
		if (this.current >= this.ceiling) return;
		this.successes++;
		if (!this.refused || this.successes >= this.current) {
			this.current++;
			this.successes = 0;
		}
	}
}
