// The repository's Jest config for mutation runs (stryker.config.mjs): the same tests, plus a setup file that
// leaves out the few tests that cannot mean anything on instrumented code (skip-under-mutation.js says which).
const path = require('node:path');
const base = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	rootDir: path.resolve(__dirname, '..', '..'),
	setupFilesAfterEnv: [...(base.setupFilesAfterEnv || []), '<rootDir>/scripts/mutation/skip-under-mutation.js'],
};
