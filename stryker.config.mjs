// Mutation testing (issue 18): `npm run test:mutation` mutates the node and credential sources and runs the Jest
// suite (jest.config.js: TypeScript through ts-jest transpile-only; test/e2e is node --test and not part of Jest)
// against each mutant. In a shared tree with a red test or half-done edits: `node scripts/mutation/at-commit.js` runs
// it on a committed snapshot. One folder at a time: `npm run test:mutation -- --mutate 'nodes/ConcurImaging/validation/**/*.ts'`.
// Summary: `node scripts/mutation/summary.js` writes reports/mutation/SUMMARY.md from reports/mutation/mutation.json.
import os from 'node:os';
import path from 'node:path';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	packageManager: 'npm',
	mutate: ['nodes/**/*.ts', 'credentials/**/*.ts'],
	testRunner: 'jest',
	// scripts/mutation/jest.config.js is jest.config.js plus skip-under-mutation.js (leaves out wall-clock budgets and
	// the source-text purity test, which cannot pass on instrumented code).
	// Not --findRelatedTests: the engine harness loads the node and credential classes by a computed import
	// (support/engine/run-workflow.ts), which Jest's dependency graph cannot see, so it would skip the workflow tests.
	jest: { projectType: 'custom', configFile: 'scripts/mutation/jest.config.js', enableFindRelatedTests: false },
	// Only the tests that cover a mutant run against it: the suite takes minutes, the machine has two cores.
	coverageAnalysis: 'perTest',
	// Mutants in module-level code (node and credential descriptions, constant tables) are hit while a file loads,
	// before any test starts, so Stryker would run the whole suite for each of them. They are reported as ignored
	// (mutation.json and SUMMARY.md count them) and are not in the score.
	ignoreStatic: true,
	// Mutants that do not compile are not counted (a type error is not a test result).
	checkers: ['typescript'],
	tsconfigFile: 'tsconfig.json',
	typescriptChecker: { prioritizePerformanceOverAccuracy: true },
	// Stryker gives half of this to TypeScript checkers and half to Jest runners: two runners on two cores (the
	// checkers are idle between their batches).
	concurrency: 4,
	// A mutant's tests get their unmutated time x 1.5 + 3 s. A run ends at its first failing test
	// (scripts/mutation/skip-under-mutation.js), so only survivors and timeouts use the whole budget; in the first
	// validation runs timeouts took over half of the runners' time at x 2 + 10 s.
	timeoutFactor: 1.5,
	timeoutMS: 3000,
	dryRunTimeoutMinutes: 30,
	// Incremental: the file is a local cache of the last run (git-ignored). Stryker re-tests only mutants whose
	// source or covering test file changed; it cannot see changes in emulator/ or support/, so after those use
	// `--force` (runs.json records each run; the api/responses.ts figure reused 137 results for unit tests that
	// use neither).
	incremental: true,
	incrementalFile: 'reports/mutation/stryker-incremental.json', // at-commit.js: one per run name
	reporters: ['json', 'clear-text', 'progress-append-only'],
	jsonReporter: { fileName: 'reports/mutation/mutation.json' },
	clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
	// The sandbox lives outside the working tree: `n8n-node lint` lints every **/*.ts that is not in dist/, and
	// several people lint and test in this tree while a run is going.
	tempDirName: path.join(os.tmpdir(), 'stryker-concur-imaging'),
	cleanTempDir: 'always',
	ignorePatterns: ['/.cache', '/dist', '/coverage', '/.n8n-e2e', '*.tgz'],
};
