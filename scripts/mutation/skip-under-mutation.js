// Mutation runs only (scripts/mutation/jest.config.js). Stryker rewrites every mutated file: each expression gets
// a mutant switch and, in the initial run, a coverage counter. Two kinds of test cannot pass on that code, and
// could not tell a mutant from the original if they did:
// - wall-clock budgets (ns per byte, ms per call): instrumented code runs 5-70x slower, so they would fail the
//   initial run, and under a mutant they would measure Stryker, not the mutant. The counted-work tests next to
//   them (measureValidationWork, steps, bytes visited) stay: they do not depend on speed.
// - the purity test of validation/: it reads the source text, which in the sandbox is Stryker's.
// - the hung token endpoint (credentials/hardening): it waits out the credential's real 30 s timeout, for every
//   mutant of the token code that it covers; the timeout itself is a module-level constant (ignored as static).
// A test is left out when its body calls one of the helpers below. Each one left out is listed once per file.
'use strict';

const WALL_CLOCK_OR_SOURCE_TEXT = /\b(performance\.now|nsPerByte|fastestMs|validationSources|releaseHangs)\b/;

const skipped = [];
const describes = [];

function leaveOut(fn) {
	return typeof fn === 'function' && WALL_CLOCK_OR_SOURCE_TEXT.test(Function.prototype.toString.call(fn));
}

function wrapTest(original) {
	const wrapped = function (name, fn, timeout) {
		if (leaveOut(fn)) {
			skipped.push([...describes, name].join(' › '));
			return original.skip(name, fn, timeout);
		}
		return original(name, fn, timeout);
	};
	Object.assign(wrapped, original);
	wrapped.each = (...table) => {
		const run = original.each(...table);
		const skip = original.skip.each(...table);
		return (name, fn, timeout) => {
			if (leaveOut(fn)) {
				skipped.push([...describes, name].join(' › '));
				return skip(name, fn, timeout);
			}
			return run(name, fn, timeout);
		};
	};
	return wrapped;
}

function wrapDescribe(original) {
	const wrapped = function (name, fn) {
		return original(name, function (...args) {
			describes.push(String(name));
			try {
				return fn.apply(this, args);
			} finally {
				describes.pop();
			}
		});
	};
	Object.assign(wrapped, original);
	return wrapped;
}

globalThis.test = wrapTest(globalThis.test);
globalThis.it = wrapTest(globalThis.it);
globalThis.describe = wrapDescribe(globalThis.describe);

afterAll(() => {
	if (skipped.length) {
		process.stderr.write(`mutation run: left out (wall clock, source text or a real timeout): ${skipped.join('; ')}\n`);
	}
});
