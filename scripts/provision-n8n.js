#!/usr/bin/env node
'use strict';
// Provisions Node.js 24 and n8n into <repo>/.cache/ (once; a few minutes the first time, under a second when warm)
// for the end-to-end tests and the demo. What and why: scripts/lib/provision/index.js, which the other scripts use.
//
//   node scripts/provision-n8n.js [--quiet]     prints node24=<path> and n8n=<path>

const { provision, ProvisionError } = require('./lib/provision');

try {
	const r = provision({ quiet: process.argv.includes('--quiet') });
	process.stdout.write(`node24=${r.nodeBin}\nn8n=${r.n8nBin}\n`);
} catch (e) {
	process.stderr.write(
		`[provision] FAILED: ${e instanceof ProvisionError ? e.message : e.stack || e}\n`,
	);
	process.exit(1);
}
