#!/usr/bin/env node
// npm run bench: the Concur Imaging node against the physical limit (a raw undici client) and against n8n's HTTP
// Request node, on n8n-core's engine, in one run; plus validation speed vs pdf-lib and the node's peak memory.
// Prints one table (machine first), writes it to bench/results/latest.txt and latest.json, and compares with the
// previous latest.json. See bench/README.md for what each number is.
//
// Processes: this orchestrator; the Concur emulator (node emulator/cli.js, its own child process, no added
// latency except in the latency section); one timing worker (engine + undici + HTTP Request node); two fresh
// workers per memory configuration (the node, then undici alone: its floor); one validation worker.
//
// Environment: BENCH_REPS=n (repetitions of every timed row), BENCH_SMALL=1 (small sets, for development),
// BENCH_SKIP=rss,validation,timing (leave sections out), BENCH_FULL_N8N=1 (provision the full n8n runtime
// instead of the light n8n-nodes-base install when it is missing), BENCH_ONLY='upload 10mb,download 1mb' (only these
// timing sections, by the names the progress lines print; a partial run, for experiments).
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const RESULTS_DIR = path.join(__dirname, 'results');
const REPO_ROOT = path.resolve(__dirname, '..');
const MB = 1e6;
const SMALL = process.env.BENCH_SMALL === '1';
const SKIP = new Set(String(process.env.BENCH_SKIP || '').split(',').filter(Boolean));
const ONLY = String(process.env.BENCH_ONLY || '').split(',').map((name) => name.trim()).filter(Boolean);
const LATENCY_MS = 20;
const GOALS = { ba: 1.3, bc: 1.0, defaultsLatency: 0.8, perItem1000: 1.2, validation: 50, rss: 1.5 };
/** The node's default Concurrency (the ceiling of its adaptive concurrency): C of the memory rows at defaults. */
const NODE_DEFAULT_CONCURRENCY = 16;
const BIG_BATCH = SMALL ? 30 : 1000;

const SETS = SMALL ? { '1mb': { count: 12, size: 1 * MB }, '10mb': { count: 4, size: 10 * MB } } : { '1mb': { count: 100, size: 1 * MB }, '10mb': { count: 20, size: 10 * MB } };
const forcedReps = Number(process.env.BENCH_REPS) || 0;
const REPS = { '1mb': forcedReps || 7, '10mb': forcedReps || 5, '1mb1000': forcedReps || 3, latency: forcedReps || 5 };
// The timing rows stop adding repetitions (beyond 3) when this much time has passed since the start, leaving
// time for the memory and validation rows: the whole run stays under 10 minutes on a busy 2-core machine.
const TIMING_DEADLINE_S = Number(process.env.BENCH_TIMING_DEADLINE_S) || 420;

const RSS_CONFIGS = [
	{ op: 'upload', concurrency: 1, set: '10mb' },
	{ op: 'upload', concurrency: 4, set: '1mb' },
	{ op: 'upload', concurrency: 4, set: '10mb' },
	{ op: 'upload', concurrency: 16, set: '1mb' },
	{ op: 'upload', concurrency: 16, set: '10mb' },
	{ op: 'download', concurrency: 4, set: '10mb' },
	{ op: 'download', concurrency: 16, set: '10mb' },
	// the defaults (concurrency 0: no option set; adaptive up to 16) on a big batch: memory bounded by concurrency
	{ op: 'upload', concurrency: 0, set: '1mb1000' },
	{ op: 'download', concurrency: 0, set: '1mb1000' },
];

/** The 1 MB set repeated up to BIG_BATCH items (the same files: the batch grows, the files do not). */
const bigBatch = (files) => Array.from({ length: BIG_BATCH }, (_, i) => files[i % files.length]);

const hr = () => Number(process.hrtime.bigint()) / 1e6;
const started = hr();
const startedAt = Date.now();
const elapsed = () => `${((hr() - started) / 1000).toFixed(0)} s`;
function progress(message) {
	process.stderr.write(`[bench ${elapsed()}] ${message}\n`);
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function machine() {
	const cpus = os.cpus();
	return {
		cores: cpus.length,
		cpu: cpus[0] ? cpus[0].model.trim() : 'unknown CPU',
		memGiB: Math.round(os.totalmem() / 2 ** 30),
		platform: `${os.platform()} ${os.arch()}`,
		node: process.version,
		loadavg: os.loadavg(),
	};
}

function git() {
	try {
		const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain', '--', 'nodes', 'credentials'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
		return dirty ? `${sha} (+ uncommitted changes in nodes/ or credentials/)` : sha;
	} catch {
		return 'unknown';
	}
}

/** Runs `node [flags] script job.json` and returns the result file's JSON. */
function runWorker(script, job, flags = []) {
	const jobFile = path.join(job.scratchDir || os.tmpdir(), `job-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
	job.resultFile = `${jobFile}.result`;
	fs.writeFileSync(jobFile, JSON.stringify(job));
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [...flags, script, jobFile], { stdio: ['ignore', 'inherit', 'inherit'], cwd: REPO_ROOT });
		child.on('exit', (code, signal) => {
			if (code !== 0) return reject(new Error(`${path.basename(script)} failed (${signal || `exit ${code}`})`));
			try {
				resolve(JSON.parse(fs.readFileSync(job.resultFile, 'utf8')));
			} catch (e) {
				reject(e);
			} finally {
				fs.rmSync(jobFile, { force: true });
				fs.rmSync(job.resultFile, { force: true });
			}
		});
	});
}

async function main() {
	const machineAtStart = machine();
	const gitRef = git();
	progress(`machine: ${machineAtStart.cores} cores, ${machineAtStart.cpu}, Node ${machineAtStart.node}, load ${machineAtStart.loadavg.map((x) => x.toFixed(2)).join(' ')}`);

	// n8n's HTTP Request node: the provisioned runtime if present, else the light install (timed either way).
	let httpNode = null;
	let httpNodeError = null;
	if (!SKIP.has('timing') || !SKIP.has('rss')) {
		try {
			httpNode = require('./lib/http-node-install').ensureHttpRequestNode(progress);
			progress(`HTTP Request node from ${httpNode.source} (${(httpNode.ms / 1000).toFixed(1)} s)`);
		} catch (e) {
			httpNodeError = e.message.split('\n')[0];
			progress(`HTTP Request node unavailable: ${httpNodeError}`);
		}
	}

	const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concur-bench-'));
	let emulator = null;
	const cleanup = async () => {
		if (emulator) await emulator.stop().catch(() => undefined);
		emulator = null;
		fs.rmSync(scratchDir, { recursive: true, force: true });
	};
	process.on('SIGINT', () => cleanup().then(() => process.exit(130)));

	try {
		// Inputs: generated now, checked by the node's own validator.
		const tGen = hr();
		const { loadValidation } = require('./lib/load-validation');
		const { validateReceiptFile } = loadValidation();
		const { makeSet } = require('./lib/files');
		const sets = {};
		for (const [name, spec] of Object.entries(SETS)) {
			sets[name] = await makeSet(path.join(scratchDir, 'in', name), name, spec.count, spec.size, (bytes) => validateReceiptFile(bytes, { computeSha256: false }));
		}
		const generateMs = hr() - tGen;
		progress(`inputs generated in ${(generateMs / 1000).toFixed(1)} s`);

		// The emulator, in its own process.
		const { runCli } = require('../support/emulator-cli');
		emulator = await runCli(['--port', '0', '--json'], { timeoutMs: 30000 });
		const info = JSON.parse(emulator.stdout().trim().split('\n').pop());
		const emulatorPid = findChild(process.pid, 'emulator/cli.js');
		progress(`emulator started in its own process (pid ${emulatorPid}, ${emulator.startupMs.toFixed(0)} ms), base ${info.baseUrl}`);

		const result = {
			version: 1,
			at: new Date().toISOString(),
			git: gitRef,
			machine: machineAtStart,
			sets: Object.fromEntries(
				Object.entries({ ...sets, '1mb1000': bigBatch(sets['1mb']) }).map(([k, files]) => [k, { count: files.length, bytes: files.reduce((n, f) => n + f.size, 0), kinds: countKinds(files) }]),
			),
			reps: REPS,
			latencyMs: LATENCY_MS,
			httpNode: httpNode && { source: httpNode.source, installMs: httpNode.ms, installed: httpNode.installed },
			httpNodeError,
			generateMs,
			timing: null,
			rss: [],
			rssA: [], // way (a) of each memory row, the floor (same order as rss)
			rssC: [], // way (c) of the 1000-item memory rows: n8n's HTTP Request node, the same number in flight
			validation: null,
		};

		if (!SKIP.has('timing')) {
			progress(`timing worker: uploads and downloads, (a) (b) (c), ${REPS['1mb']}/${REPS['10mb']}/${REPS.latency} repetitions`);
			if (!httpNode) throw new Error(`the HTTP Request node is needed for the timing rows: ${httpNodeError}`);
			result.timing = await runWorker(
				path.join(__dirname, 'lib/worker.js'),
				{ kind: 'timing', info, emulatorPid, scratchDir, n8nModulesDir: httpNode.modulesDir, sets: { ...sets, big: BIG_BATCH }, reps: REPS, latencyMs: LATENCY_MS, deadline: startedAt + TIMING_DEADLINE_S * 1000, only: ONLY },
				['--expose-gc'],
			);
		}

		if (!SKIP.has('rss')) {
			const { RawClient, companyToken } = require('./lib/raw-client');
			const api = await companyToken(info);
			for (const config of RSS_CONFIGS) {
				const big = config.set === '1mb1000';
				const all = big ? bigBatch(sets['1mb']) : sets[config.set];
				const count = big ? all.length : Math.min(all.length, Math.max(2 * config.concurrency, 8));
				const files = all.slice(0, count);
				await resetEmulator(info);
				let ids;
				if (config.op === 'download') {
					const raw = new RawClient(api);
					ids = await raw.upload(files, 4);
					await raw.close();
				}
				const r = await runWorker(path.join(__dirname, 'lib/worker.js'), { kind: 'rss', info, scratchDir, op: config.op, concurrency: config.concurrency, files, ids }, ['--expose-gc']);
				const fileSize = SETS[big ? '1mb' : config.set].size;
				const ceiling = config.concurrency || NODE_DEFAULT_CONCURRENCY;
				const row = { ...config, count, fileSize, ceiling, defaults: !config.concurrency };
				result.rss.push({ ...row, ...r });
				progress(`memory ${config.op} ${config.concurrency || 'default'} x ${fileSize / MB} MB, ${count} items: +${((r.peak - r.baseline) / MB).toFixed(1)} MB`);
				// Right after it, way (a) on the same files (or ids) with the node's ceiling in flight: this row's floor.
				if (config.op === 'upload') await resetEmulator(info);
				const a = await runWorker(path.join(__dirname, 'lib/worker.js'), { kind: 'rss-a', info, scratchDir, op: config.op, concurrency: ceiling, files, ids }, ['--expose-gc']);
				result.rssA.push({ ...row, ...a });
				progress(`memory (a) undici ${config.op} ${ceiling} x ${fileSize / MB} MB, ${count} items: +${((a.peak - a.baseline) / MB).toFixed(1)} MB`);
				// The 1000-item rows also get way (c): n8n's HTTP Request node through the same helpers, the ceiling in
				// flight (Loop Over Items): what n8n's own per-request work costs, which the node cannot go below.
				if (big && httpNode) {
					if (config.op === 'upload') await resetEmulator(info);
					const c = await runWorker(path.join(__dirname, 'lib/worker.js'), { kind: 'rss-c', info, scratchDir, n8nModulesDir: httpNode.modulesDir, op: config.op, concurrency: ceiling, files, ids }, ['--expose-gc']);
					result.rssC.push({ ...row, ...c });
					progress(`memory (c) HTTP Request ${config.op} ${ceiling} x ${fileSize / MB} MB, ${count} items: +${((c.peak - c.baseline) / MB).toFixed(1)} MB`);
				}
			}
			await resetEmulator(info);
		}

		await emulator.stop();
		emulator = null;

		if (!SKIP.has('validation')) {
			progress('validation worker (bench/validate.js measureInput)');
			const tenMb = sets['10mb'];
			result.validation = await runWorker(path.join(__dirname, 'lib/validate-rows.js'), {
				scratchDir,
				pdfScan: tenMb.find((f) => f.mimeType === 'application/pdf').path,
				jpeg: tenMb.find((f) => f.mimeType === 'image/jpeg').path,
			});
		}

		result.machineAtEnd = machine();
		result.totalMs = hr() - started;
		const { render, compare } = require('./lib/report');
		const previousFile = path.join(RESULTS_DIR, 'latest.json');
		const previous = fs.existsSync(previousFile) ? JSON.parse(fs.readFileSync(previousFile, 'utf8')) : null;
		const table = render(result, GOALS);
		const comparison = previous ? compare(result, previous) : ['No previous bench/results/latest.json: nothing to compare with.'];
		const text = [...table, '', ...comparison].join('\n');
		process.stdout.write(`${text}\n`);
		if (!SMALL && SKIP.size === 0 && ONLY.length === 0) {
			fs.mkdirSync(RESULTS_DIR, { recursive: true });
			fs.writeFileSync(path.join(RESULTS_DIR, 'latest.txt'), `${text}\n`);
			fs.writeFileSync(previousFile, `${JSON.stringify(result, null, 1)}\n`);
			process.stdout.write(`\nWritten to bench/results/latest.txt and latest.json (${elapsed()} in all).\n`);
		} else {
			process.stdout.write(`\nPartial run (BENCH_SMALL, BENCH_SKIP or BENCH_ONLY): bench/results/ left unchanged (${elapsed()}).\n`);
		}
	} finally {
		await cleanup();
	}
}

/**
 * The emulator back to its seeded state. Retried once: after a worker's few seconds the emulator may be closing
 * the kept-alive socket just as fetch reuses it ("other side closed").
 */
async function resetEmulator(info) {
	try {
		await (await fetch(`${info.adminUrl}/reset`, { method: 'POST' })).arrayBuffer();
	} catch {
		await (await fetch(`${info.adminUrl}/reset`, { method: 'POST' })).arrayBuffer();
	}
}

/** The pid of our child process whose command line contains `pattern` (the emulator). */
function findChild(ppid, pattern) {
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (parent === ppid && fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(pattern)) return Number(entry);
		} catch {
			// gone meanwhile
		}
	}
	return 0;
}

function countKinds(files) {
	const counts = {};
	for (const f of files) counts[f.mimeType] = (counts[f.mimeType] || 0) + 1;
	return counts;
}

main().catch((e) => {
	process.stderr.write(`${e.stack || e}\n`);
	process.exitCode = 1;
});
