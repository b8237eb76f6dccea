// Jest runs the TypeScript tests through ts-jest in transpile-only mode (`isolatedModules` in tsconfig.test.json;
// types are checked by `tsc -p tsconfig.test.json` in `npm run lint`), which keeps the run fast on two cores. setup-env.js points n8n's user folder at a temp dir before any
// n8n-core module loads, so no test writes into the home folder.
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	setupFiles: ['<rootDir>/test/support/setup-env.js'],
	testTimeout: 60000,
	maxWorkers: 2,
};
