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

// Bail per mutant: Stryker runs every test that covers a mutant and cannot stop Jest at the first failure (its
// jest runner sets bail: false). One failure already kills the mutant, so once a test has failed under the active
// mutant the tests after it return at once (a flag file per runner process and mutant, since every test file of
// the run has its own globals). The dry run has no active mutant and runs everything.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';
const killedFlag = () => {
	const mutant = process.env[ACTIVE_MUTANT];
	return mutant === undefined ? undefined : path.join(os.tmpdir(), `concur-mutant-killed-${process.pid}-${mutant}`);
};
const alreadyKilled = () => {
	const flag = killedFlag();
	return flag !== undefined && fs.existsSync(flag);
};
const markKilled = () => {
	const flag = killedFlag();
	if (flag !== undefined) fs.writeFileSync(flag, '');
};

/**
 * The test body, returning at once when the mutant is already killed, and marking it when this test fails.
 * `params`: how many arguments the body takes besides a done callback (test.each passes the row's values); a
 * body that takes a done callback runs as it is.
 */
function bailing(fn, params = 0) {
	if (typeof fn !== 'function' || fn.length > params) return fn;
	return function (...args) {
		if (alreadyKilled()) return undefined;
		try {
			const result = fn.apply(this, args);
			if (result && typeof result.then === 'function') {
				return result.then(undefined, (error) => {
					markKilled();
					throw error;
				});
			}
			return result;
		} catch (error) {
			markKilled();
			throw error;
		}
	};
}

// A failing property is a kill; shrinking it to the smallest counterexample is time no mutant needs.
try {
	require('fast-check').configureGlobal({ endOnFailure: true });
} catch {
	// fast-check is only needed by the tests that use it
}

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
		return original(name, bailing(fn), timeout);
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
			return run(name, bailing(fn, typeof fn === 'function' ? fn.length : 0), timeout);
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

/** Hooks of a file that runs after the mutant was killed return at once too (a corpus to build, a server to start). */
function wrapHook(original) {
	return (fn, timeout) => original(bailing(fn), timeout);
}

// The initial run (no active mutant) records each test's file and full name, so that a mutant's run loads only
// the files of its covering tests (test-files.js, sequencer.js).
if (process.env[ACTIVE_MUTANT] === undefined) {
	const { record } = require('./test-files');
	globalThis.beforeEach(() => {
		const { testPath, currentTestName } = expect.getState();
		record(testPath, currentTestName);
	});
}

globalThis.test = wrapTest(globalThis.test);
globalThis.it = wrapTest(globalThis.it);
globalThis.describe = wrapDescribe(globalThis.describe);
for (const hook of ['beforeAll', 'beforeEach', 'afterEach', 'afterAll']) globalThis[hook] = wrapHook(globalThis[hook]);

afterAll(() => {
	if (skipped.length) {
		process.stderr.write(`mutation run: left out (wall clock, source text or a real timeout): ${skipped.join('; ')}\n`);
	}
});
