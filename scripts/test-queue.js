#!/usr/bin/env node
'use strict';
// `npm run test:queue`: the package on n8n's queue mode under concurrent load (README, "Scale out: queue mode").
// Installs Debian's redis-server and postgresql when missing (apt-get, as root), provisions Node 24 + n8n 2.41.1,
// builds and packs the package, starts Redis, PostgreSQL, the Concur emulator and n8n main + 2 workers on
// loopback, runs three workloads (200 receipts at once with the token expiring mid-run; the nightly archive on a
// worker; a worker killed with executions in flight) and prints the figures. Stops everything at the end, also on
// failure or Ctrl+C. The parts are in scripts/lib/queue/.
//
// Options: --no-build       use dist/ as it is (still packed)
//          --receipts=<n>   receipts of workload 1 (default 200)

const { runQueueTest } = require('./lib/queue/run');

const args = process.argv.slice(2);
const receiptsArg = args.find((a) => a.startsWith('--receipts='));
const receipts = receiptsArg ? Number(receiptsArg.split('=')[1]) : 200;
if (!Number.isInteger(receipts) || receipts < 12 || receipts > 1000) {
	process.stderr.write('--receipts must be a whole number from 12 to 1000\n');
	process.exit(2);
}

runQueueTest({ build: !args.includes('--no-build'), receipts }).then(
	(code) => process.exit(code),
	(e) => {
		process.stderr.write(`[queue] FAILED: ${e.stack || e}\n`);
		process.exit(1);
	},
);
