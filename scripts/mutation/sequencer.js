// Test file order for mutation runs (scripts/mutation/jest.config.js). Jest's own order puts the slowest files
// first; with skip-under-mutation.js ending a mutant's run at its first failing test, the cheap, direct tests
// should come first instead: files in the order MUTATION_TESTS names them, then the smallest first.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const named = (process.env.MUTATION_TESTS || '')
	.split(',')
	.map((entry) => entry.trim().replace(/\/+$/, ''))
	.filter(Boolean);

function rank(file) {
	const relative = path.relative(path.resolve(__dirname, '..', '..'), file);
	const at = named.findIndex((entry) => relative === entry || relative.startsWith(`${entry}/`));
	return at === -1 ? named.length : at;
}

class MutationSequencer extends Sequencer {
	sort(tests) {
		const size = (test) => fs.statSync(test.path).size;
		return [...tests].sort((a, b) => rank(a.path) - rank(b.path) || size(a) - size(b));
	}
}

module.exports = MutationSequencer;
