#!/usr/bin/env node
// Memory rows alone, for experiments (issue 17): `node bench/memory-rows.js upload:1:10mb download:0:1mb:1000 ...`
// Each argument is op:concurrency:set[:items] (concurrency 0 = the node's defaults; set 1mb or 10mb; items by
// default max(2 x concurrency, 8), the files reused round-robin). Runs the same worker as `npm run bench`
// (lib/worker.js, kind 'rss', a fresh process per row) against a fresh emulator, and prints the peak RSS above
// the baseline, the peak of Buffer memory and of V8's heap, and the full GCs. Env: REPS=n (runs per row),
// RAW=1 (also way (a), undici, the floor), HTTP=1 (also way (c), n8n's HTTP Request node in Loop Over Items with
// the same number in flight: what n8n's helpers cost), NODE_FLAGS="--trace-gc ..." (extra flags for the node's worker).
// The generated files stay in $TMPDIR/concur-bench-rows-data for the next call.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const REPO_ROOT = path.resolve(__dirname, '..');
const MB = 1e6;
const DATA = path.join(os.tmpdir(), 'concur-bench-rows-data');

async function filesOf(set, count) {
	const dir = path.join(DATA, set);
	const list = path.join(dir, 'files.json');
	if (fs.existsSync(list)) {
		const files = JSON.parse(fs.readFileSync(list, 'utf8'));
		if (files.length >= count && files.every((f) => fs.existsSync(f.path))) return files.slice(0, count);
	}
	const { makeSet } = require('./lib/files');
	const files = await makeSet(dir, set, count, set === '10mb' ? 10 * MB : MB);
	fs.writeFileSync(list, JSON.stringify(files));
	return files;
}

function runWorker(job, flags) {
	const jobFile = path.join(job.scratchDir, `job-${Math.random().toString(36).slice(2)}.json`);
	job.resultFile = `${jobFile}.result`;
	fs.writeFileSync(jobFile, JSON.stringify(job));
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--expose-gc', ...flags, path.join(__dirname, 'lib/worker.js'), jobFile], { stdio: ['ignore', 'inherit', 'inherit'], cwd: REPO_ROOT });
		child.on('exit', (code) => (code ? reject(new Error(`worker exit ${code}`)) : resolve(JSON.parse(fs.readFileSync(job.resultFile, 'utf8')))));
	});
}

const mb = (bytes) => (bytes / MB).toFixed(1);
const describe = (r) =>
	`+${mb(r.peak - r.baseline)} MB (buffers +${mb(r.arrayBuffersPeak)}, heap +${mb(r.heapPeak)}, ${r.majorGcs} full GCs, ${Math.round(r.engineMs ?? r.wallMs)} ms)`;

async function main() {
	const specs = process.argv.slice(2);
	if (!specs.length) throw new Error('usage: node bench/memory-rows.js op:concurrency:set[:items] ...');
	const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concur-bench-rows-'));
	const { runCli } = require('../support/emulator-cli');
	const emulator = await runCli(['--port', '0', '--json'], { timeoutMs: 30000 });
	const info = JSON.parse(emulator.stdout().trim().split('\n').pop());
	const { RawClient, companyToken } = require('./lib/raw-client');
	const api = await companyToken(info);
	const reset = async () => await (await fetch(`${info.adminUrl}/reset`, { method: 'POST' })).arrayBuffer();
	const httpNode = process.env.HTTP ? require('./lib/http-node-install').ensureHttpRequestNode() : null;
	const flags = process.env.NODE_FLAGS ? process.env.NODE_FLAGS.split(' ').filter(Boolean) : [];
	try {
		for (const spec of specs) {
			const [op, c, set, n] = spec.split(':');
			const concurrency = Number(c);
			const count = Number(n) || Math.max(2 * concurrency, 8);
			const stored = await filesOf(set, Math.min(count, set === '10mb' ? 32 : 100));
			const files = Array.from({ length: count }, (_, i) => stored[i % stored.length]);
			for (let rep = 0; rep < (Number(process.env.REPS) || 1); rep++) {
				await reset();
				let ids;
				if (op === 'download') {
					const raw = new RawClient(api);
					ids = await raw.upload(files, 4);
					await raw.close();
				}
				const r = await runWorker({ kind: 'rss', info, scratchDir, op, concurrency, files, ids }, flags);
				let line = `${spec} (${count} items): node ${describe(r)}`;
				if (process.env.RAW) {
					if (op === 'upload') await reset();
					const a = await runWorker({ kind: 'rss-a', info, scratchDir, op, concurrency: concurrency || 16, files, ids }, []);
					line += `; (a) ${describe(a)}`;
				}
				if (httpNode) {
					if (op === 'upload') await reset();
					const c = await runWorker({ kind: 'rss-c', info, scratchDir, n8nModulesDir: httpNode.modulesDir, op, concurrency: concurrency || 16, files, ids }, []);
					line += `; (c) ${describe(c)}`;
				}
				process.stdout.write(`${line}\n`);
			}
		}
	} finally {
		await emulator.stop();
		fs.rmSync(scratchDir, { recursive: true, force: true });
	}
}

main().catch((e) => {
	process.stderr.write(`${e.stack || e}\n`);
	process.exitCode = 1;
});
