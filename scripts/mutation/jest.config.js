// The repository's Jest config for mutation runs (stryker.config.mjs): the same tests, plus a setup file that
// leaves out the few tests that cannot mean anything on instrumented code (skip-under-mutation.js says which).
//
// MUTATION_TESTS (optional): comma-separated test folders or files, e.g. `test/validation` or
// `test/transport,test/node/transport.test.ts`. Only those test files load, in the initial run and for every
// mutant. Stryker filters tests by name per mutant but Jest still loads every test file for it (n8n-core and the
// engine for each): on two cores that is most of a mutant's time, so folder runs name the tests that own the folder.
const os = require('node:os');
const path = require('node:path');
const base = require('../../jest.config.js');
const { namedTests } = require('./named-tests');

const only = namedTests();

// The validation corpus is built once per run, not once per mutant (test/support/corpus-cache.js).
process.env.CONCUR_CORPUS_CACHE ||= path.join(os.tmpdir(), 'concur-imaging-corpus-cache');
// A seventh of the random cases and cut positions of test/validation/fuzz.test.ts for each mutant: the suite runs
// once per mutant, and a weaker suite can only lower the score, never raise it.
process.env.CONCUR_FUZZ_SCALE ||= '0.15';

/** @type {import('jest').Config} */
module.exports = {
	...base,
	rootDir: path.resolve(__dirname, '..', '..'),
	...(only.length && {
		testMatch: only.map((entry) => (entry.endsWith('.test.ts') ? `<rootDir>/${entry}` : `<rootDir>/${entry}/**/*.test.ts`)),
	}),
	testSequencer: '<rootDir>/scripts/mutation/sequencer.js',
	setupFilesAfterEnv: [...(base.setupFilesAfterEnv || []), '<rootDir>/scripts/mutation/skip-under-mutation.js'],
};
