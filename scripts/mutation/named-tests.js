// MUTATION_TESTS: comma-separated test folders or files (e.g. `test/validation` or
// `test/transport,test/node/transport.test.ts`), as jest.config.js and sequencer.js read it.
'use strict';

function namedTests() {
	return (process.env.MUTATION_TESTS || '')
		.split(',')
		.map((entry) => entry.trim().replace(/\/+$/, ''))
		.filter(Boolean);
}

module.exports = { namedTests };
