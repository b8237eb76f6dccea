'use strict';
// Running the provisioning's commands (synchronously, output captured), its error type, and its log lines.

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

class ProvisionError extends Error {}

function makeLogger(quiet) {
	return (msg) => {
		if (!quiet) process.stderr.write(`[provision] ${msg}\n`);
	};
}

function secs(ms) {
	return `${(ms / 1000).toFixed(1)} s`;
}

function rmrf(dir) {
	fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Runs a command to completion; returns its stdout, throws ProvisionError (with the output's tail) on failure. */
function run(cmd, args, opts, log) {
	const t0 = Date.now();
	const r = spawnSync(cmd, args, {
		stdio: ['ignore', 'pipe', 'pipe'],
		maxBuffer: 256 * 1024 * 1024,
		...opts,
	});
	const out = `${r.stdout || ''}${r.stderr || ''}`;
	if (r.error || r.status !== 0) {
		const tail = out.split('\n').slice(-40).join('\n');
		throw new ProvisionError(
			`command failed (${r.error ? r.error.message : `exit ${r.status}${r.signal ? ` signal ${r.signal}` : ''}`}) ` +
				`after ${secs(Date.now() - t0)}: ${[cmd, ...args].join(' ')}\n  in ${opts.cwd || process.cwd()}\n${tail}`,
		);
	}
	if (log) log(`  ${path.basename(cmd)} ${args.join(' ')}: ${secs(Date.now() - t0)}`);
	return String(r.stdout || '');
}

module.exports = { ProvisionError, makeLogger, secs, rmrf, run };
