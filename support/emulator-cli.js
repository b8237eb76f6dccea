// Test helper (plain JS: the n8n lint forbids child_process/process/timers in .ts test files): run the emulator
// CLI (`node emulator/cli.js`) as a child process, wait until it printed its banner or JSON line, and stop it
// with a signal. Used by test/emulator/cli.test.ts.
'use strict';

const { spawn } = require('node:child_process');
const path = require('node:path');

const CLI = path.join(__dirname, '..', 'emulator', 'cli.js');

/**
 * @param {string[]} args
 * @param {{env?: Record<string, string>, readyPattern?: RegExp, timeoutMs?: number}} [opts]
 * @returns {Promise<{startupMs: number, stdout: () => string, stderr: () => string,
 *   stop: (signal?: NodeJS.Signals) => Promise<{code: number | null, signal: string | null, stdout: string}>,
 *   exited: Promise<{code: number | null, signal: string | null, stdout: string}>}>}
 */
function runCli(args, opts = {}) {
	const started = process.hrtime.bigint();
	const child = spawn(process.execPath, [CLI, ...args], {
		env: { ...process.env, ...(opts.env || {}) },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	let err = '';
	const exited = new Promise((resolve) => {
		child.on('exit', (code, signal) => resolve({ code, signal, stdout: out }));
	});
	const ready = opts.readyPattern || /Press Ctrl\+C to stop\.|^\{.*\}$/m;
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`emulator CLI not ready after ${opts.timeoutMs || 10000} ms; stdout: ${out} stderr: ${err}`));
		}, opts.timeoutMs || 10000);
		let done = false;
		const check = () => {
			if (done || !ready.test(out)) return;
			done = true;
			clearTimeout(timer);
			const startupMs = Number(process.hrtime.bigint() - started) / 1e6;
			resolve({
				startupMs,
				stdout: () => out,
				stderr: () => err,
				exited,
				stop: (signal = 'SIGTERM') => {
					child.kill(signal);
					return exited;
				},
			});
		};
		child.stdout.on('data', (d) => {
			out += d;
			check();
		});
		child.stderr.on('data', (d) => {
			err += d;
		});
		child.on('exit', (code) => {
			if (!done) {
				done = true;
				clearTimeout(timer);
				reject(Object.assign(new Error(`emulator CLI exited with ${code}: ${err || out}`), { code, stdout: out, stderr: err }));
			}
		});
	});
}

module.exports = { runCli };
