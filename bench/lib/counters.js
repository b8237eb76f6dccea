// Counters of the timing worker, to explain the times with something less noisy than wall time on a shared
// machine: CPU time of the measuring process and of the emulator process, TCP connections opened, and the time
// the node spends in validateReceiptFile (synchronous, on the main thread); plus the experiment switch
// skipSha256. `mark()` is called by the benchmark's
// input node when it has emitted its items, so a workflow run is counted from there (its input items excluded).
'use strict';

const fs = require('node:fs');
const net = require('node:net');

const state = { skipSha256: false, validation: null, connects: 0, validateMs: 0, validateCalls: 0, emulatorPid: 0, mark: null, installed: false };

/** CPU ms (user + system) of a process from /proc/<pid>/stat (clock ticks of 10 ms). */
function processCpuMs(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return NaN;
	}
}

/** Counts TCP connections opened by this process; times the node's validateReceiptFile calls. */
function install({ emulatorPid, validation }) {
	if (state.installed) return;
	state.installed = true;
	state.emulatorPid = emulatorPid || 0;
	const connect = net.Socket.prototype.connect;
	net.Socket.prototype.connect = function countedConnect(...args) {
		state.connects++;
		return connect.apply(this, args);
	};
	state.validation = validation;
	if (validation && typeof validation.validateReceiptFile === 'function') {
		const validate = validation.validateReceiptFile;
		validation.validateReceiptFile = function timedValidate(bytes, options, ...rest) {
			const t0 = process.hrtime.bigint();
			try {
				const effective = state.skipSha256 ? { ...(options || {}), computeSha256: false } : options;
				return validate.call(this, bytes, effective, ...rest);
			} finally {
				state.validateMs += Number(process.hrtime.bigint() - t0) / 1e6;
				state.validateCalls++;
			}
		};
	}
}

function snapshot() {
	const cpu = process.cpuUsage();
	return {
		cpuMs: (cpu.user + cpu.system) / 1000,
		emulatorCpuMs: state.emulatorPid ? processCpuMs(state.emulatorPid) : NaN,
		connects: state.connects,
		validateMs: state.validateMs,
		validateCalls: state.validateCalls,
	};
}

function mark() {
	state.mark = snapshot();
}

/** Counter deltas since `from` (a snapshot), or since the last mark() when `from` is omitted. */
function since(from) {
	const start = from || state.mark || snapshot();
	const now = snapshot();
	const delta = {};
	for (const key of Object.keys(now)) delta[key] = now[key] - start[key];
	return delta;
}

/**
 * Experiment switch: the node's validateReceiptFile runs without its SHA-256 (computeSha256: false) while on,
 * to measure how much of the node's time is its own hashing. Not a node setting; the output then has no hash.
 */
function skipSha256(on) {
	state.skipSha256 = Boolean(on);
}

/** The node's validation module, as installed (its validateReceiptFile is the timed one). */
function validationModule() {
	return state.validation;
}

module.exports = { install, snapshot, mark, since, processCpuMs, validationModule, skipSha256 };
