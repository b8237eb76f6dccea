// Test file order for mutation runs (scripts/mutation/jest.config.js). Jest's own order puts the slowest files
// first; with skip-under-mutation.js ending a mutant's run at its first failing test, the cheap, direct tests
// should come first instead: files in the order MUTATION_TESTS names them, then the smallest first. For a mutant,
// only the files that hold its covering tests (test-files.js).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const { namedTests } = require('./named-tests');
const { filesFor } = require('./test-files');

const named = namedTests();

function rank(file) {
	const relative = path.relative(path.resolve(__dirname, '..', '..'), file);
	const at = named.findIndex((entry) => relative === entry || relative.startsWith(`${entry}/`));
	return at === -1 ? named.length : at;
}

class MutationSequencer extends Sequencer {
	constructor(options) {
		super(options);
		this.testNamePattern = options && options.globalConfig ? options.globalConfig.testNamePattern : undefined;
	}

	sort(all) {
		const only = filesFor(all.map((test) => test.path), this.testNamePattern);
		const tests = only ? all.filter((test) => only.includes(test.path)) : all;
		const key = new Map(tests.map((test) => [test, [rank(test.path), fs.statSync(test.path).size]]));
		return [...tests].sort((a, b) => key.get(a)[0] - key.get(b)[0] || key.get(a)[1] - key.get(b)[1]);
	}
}

module.exports = MutationSequencer;
