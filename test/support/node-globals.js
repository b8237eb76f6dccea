// What .ts tests need of Node's globals, which n8n's lint rules keep out of .ts files: timers, process, Buffer.
'use strict';

/** Resolves after `ms` milliseconds (a real pause, e.g. the database round trip a fake store plays). */
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The share of the random cases and cut positions test/validation/fuzz.test.ts runs: CONCUR_FUZZ_SCALE (set by
 * mutation runs, scripts/mutation/jest.config.js), else all of them.
 */
const fuzzScale = () => Math.min(1, Number(process.env.CONCUR_FUZZ_SCALE) || 1);

/** Runs `fn` with Node's Buffer global hidden (as in a runtime without it) and gives its result. */
function withoutNodeBuffer(fn) {
	const saved = globalThis.Buffer;
	globalThis.Buffer = undefined;
	try {
		return fn();
	} finally {
		globalThis.Buffer = saved;
	}
}

module.exports = { pause, fuzzScale, withoutNodeBuffer };
