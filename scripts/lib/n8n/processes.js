'use strict';
// Child processes and ports for n8n: a free loopback port, the environment n8n must not inherit, running a command
// asynchronously with a timeout (its whole process group is killed at the end), and the error for a failed command.
// Nothing here waits for a child synchronously, so the caller's process can keep serving HTTP (e.g. the emulator).

const net = require('net');
const { spawn } = require('child_process');

const DEFAULT_TIMEOUT_MS = 120000;
/** What n8n prints when its task-broker (or editor) port was taken. */
const PORT_IN_USE = /port \d+ is already in use|EADDRINUSE/i;

/** A TCP port that was free a moment ago on 127.0.0.1. */
function getFreePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

// Environment inherited from the caller that must not reach n8n: the developer's own n8n settings, npm's
// variables when started via `npm run`, the test runner's context, and Node options meant for Node 20.
function cleanEnv(base) {
	const env = {};
	for (const [k, v] of Object.entries(base)) {
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|GENERIC_TIMEZONE$|npm_)/.test(k)) continue;
		if (
			[
				'NODE_OPTIONS',
				'NODE_PATH',
				'NODE_TEST_CONTEXT',
				'NODE_CHANNEL_FD',
				'NODE_CHANNEL_SERIALIZATION_MODE',
			].includes(k)
		)
			continue;
		env[k] = v;
	}
	return env;
}

function killGroup(child, signal) {
	if (!child.pid) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		/* already gone */
	}
}

/** Runs a command in its own process group; resolves { code, signal, timedOut, stdout, stderr, ms }. */
function runProcess(cmd, args, { env, cwd, timeoutMs = DEFAULT_TIMEOUT_MS, input } = {}) {
	return new Promise((resolve) => {
		const t0 = Date.now();
		const child = spawn(cmd, args, { env, cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
		const out = [];
		const err = [];
		let timedOut = false;
		child.stdout.on('data', (d) => out.push(d));
		child.stderr.on('data', (d) => err.push(d));
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child, 'SIGKILL');
		}, timeoutMs);
		child.on('error', (e) => err.push(Buffer.from(`\n[spawn error] ${e.message}\n`)));
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			// n8n's task runner child is in the same process group; make sure nothing outlives the command.
			killGroup(child, 'SIGKILL');
			resolve({
				code,
				signal,
				timedOut,
				stdout: Buffer.concat(out).toString('utf8'),
				stderr: Buffer.concat(err).toString('utf8'),
				ms: Date.now() - t0,
			});
		});
		if (input !== undefined) child.stdin.end(input);
		else child.stdin.end();
	});
}

function commandFailure(what, r) {
	const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-30).join('\n');
	const how = r.timedOut
		? 'timed out'
		: `exited with ${r.signal ? `signal ${r.signal}` : `code ${r.code}`}`;
	const e = new Error(`${what} ${how} after ${r.ms} ms:\n${tail}`);
	e.result = r;
	return e;
}

module.exports = {
	DEFAULT_TIMEOUT_MS,
	PORT_IN_USE,
	getFreePort,
	sleep,
	cleanEnv,
	killGroup,
	runProcess,
	commandFailure,
};
