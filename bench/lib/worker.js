// A measuring process, started by bench/run.js with a job file: `node --expose-gc bench/lib/worker.js <job.json>`.
// It never shares a process with the emulator (which runs in its own child process) nor with the orchestrator.
//   kind 'timing': loads the engine once and runs every timed row, repetitions interleaved across the ways
//                  (a, b, c, ...) so that drift of the machine hits all of them alike.
//   kind 'rss':    one memory configuration of the Concur node in a fresh process.
//   kind 'rss-a':  the same configuration done by way (a), undici alone: the floor of that row.
// The result is written as JSON to job.resultFile; progress goes to stderr.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { request } = require('undici');

const counters = require('./counters');
const rss = require('./rss');

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

function log(message) {
	process.stderr.write(`  ${message}\n`);
}

async function admin(pathname, body) {
	const res = await request(`${job.info.adminUrl}/${pathname}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body || {}),
	});
	const text = await res.body.text();
	if (res.statusCode >= 300) throw new Error(`emulator admin ${pathname}: HTTP ${res.statusCode} ${text}`);
	return text ? JSON.parse(text) : null;
}

/** Back to the seeded state (stored images removed, tokens kept), with the latency of the section. */
async function resetEmulator(latencyMs) {
	await admin('reset');
	if (latencyMs) await admin('config', { latencyMs });
}

const hr = () => Number(process.hrtime.bigint()) / 1e6;

function check(label, items, expected, field) {
	if (items.length !== expected) throw new Error(`${label}: ${items.length} output items, expected ${expected}`);
	if (field && items.some((item) => !item[field])) throw new Error(`${label}: an output item has no ${field}`);
}

async function timing() {
	const { loadEngine } = require('./engine');
	const { RawClient, companyToken } = require('./raw-client');
	const t0 = hr();
	const engine = loadEngine({ scratchDir: job.scratchDir, n8nModulesDir: job.n8nModulesDir });
	engine.useEmulator(job.info);
	counters.install({ emulatorPid: job.emulatorPid, validation: engine.validation() });
	const api = await companyToken(job.info);
	const raw = new RawClient(api);
	const base = engine.base;
	const loaded = {
		engineLoadMs: engine.loadMs,
		httpRequest: base && { version: base.version, typeVersion: engine.httpVersion(), shared: base.shared, report: base.report, oneWorkflowCopy: base.oneWorkflowCopy, loadMs: base.loadMs },
	};
	log(`engine loaded in ${(engine.loadMs / 1000).toFixed(1)} s`);

	// The ways. Each returns { ms, wallMs } for one run over `files` (uploads) or `ids` (downloads).
	const ways = {
		a: {
			label: (c) => `(a) undici, ${c} in flight`,
			upload: async (files, c) => {
				const from = counters.snapshot();
				const s = hr();
				const ids = await raw.upload(files, c);
				const ms = hr() - s;
				check('(a) upload', ids, files.length);
				return { ms, wallMs: ms, ids, counters: counters.since(from) };
			},
			download: async (ids, c) => {
				const from = counters.snapshot();
				const s = hr();
				const sizes = await raw.download(ids, c);
				const ms = hr() - s;
				check('(a) download', sizes, ids.length);
				return { ms, wallMs: ms, bytes: sizes.reduce((n, x) => n + x, 0), counters: counters.since(from) };
			},
		},
		b: {
			label: (c) => `(b) Concur node, concurrency ${c}`,
			upload: async (files, c) => {
				const r = await engine.run(engine.concurUpload(files, c), ['Concur']);
				check('(b) upload', r.items.map((i) => i.json), files.length, 'id');
				return { ms: r.engineMs, wallMs: r.wallMs - r.inputMs, counters: counters.since() };
			},
			download: async (ids, c) => {
				const r = await engine.run(engine.concurDownload(ids, c), ['Concur']);
				check('(b) download', r.items, ids.length, 'binary');
				return { ms: r.engineMs, wallMs: r.wallMs - r.inputMs, counters: counters.since() };
			},
		},
		// The node at its defaults: no Concurrency option (adaptive: starts at 8, up to 16).
		bd: {
			label: () => '(b) Concur node, defaults (adaptive, 8 up to 16)',
			upload: async (files) => await ways.b.upload(files, null),
			download: async (ids) => await ways.b.download(ids, null),
		},
		// Experiment: (b) with the node's SHA-256 switched off at run time (see counters.skipSha256).
		bn: {
			label: (c) => `(b') Concur node, ${c}, without its SHA-256 (experiment)`,
			upload: async (files, c) => {
				counters.skipSha256(true);
				try {
					return await ways.b.upload(files, c);
				} finally {
					counters.skipSha256(false);
				}
			},
			download: async (ids, c) => {
				counters.skipSha256(true);
				try {
					return await ways.b.download(ids, c);
				} finally {
					counters.skipSha256(false);
				}
			},
		},
		c: {
			label: (c) => (c ? `(c) HTTP Request in Loop Over Items, batch ${c}` : '(c) HTTP Request, defaults (all at once)'),
			upload: async (files, c) => {
				const nodes = c ? ['Loop Over Items', 'HTTP Request'] : ['HTTP Request'];
				const r = await engine.run(engine.httpUpload(files, api, c), nodes);
				check('(c) upload', r.items.map((i) => i.json), files.length, 'ID');
				return { ms: r.engineMs, wallMs: r.wallMs - r.inputMs, counters: counters.since() };
			},
			download: async (ids, c) => {
				const nodes = c ? ['Loop Over Items', 'HTTP Request', 'HTTP Request 2'] : ['HTTP Request', 'HTTP Request 2'];
				const r = await engine.run(engine.httpDownload(ids, api, c), nodes);
				check('(c) download', r.items, ids.length, 'binary');
				return { ms: r.engineMs, wallMs: r.wallMs - r.inputMs, counters: counters.since() };
			},
		},
	};

	// A set's files; '1mb1000' is the 1 MB set repeated to 1000 items (the same stored binaries: 100 files).
	async function inputsOf(set, store) {
		const base = set === '1mb1000' ? '1mb' : set;
		const files = store ? await engine.storeInputs(job.sets[base]) : job.sets[base];
		return set === '1mb1000' ? Array.from({ length: job.sets.big }, (_, i) => files[i % files.length]) : files;
	}

	const rows = [];
	const MIN_REPS = 3;
	let sectionsLeft = 7;
	async function measure(section, plan, reps, latencyMs) {
		// plan: [{ key, way, op, concurrency, set }]
		if (job.only && job.only.length && !job.only.includes(section)) return;
		const results = plan.map((p) => ({ ...p, label: ways[p.way].label(p.concurrency), runs: [], walls: [], counters: [] }));
		// Uploads: the files go into n8n's binary storage once; (a) reads the same files from the set's dir.
		const set = plan[0].set;
		const sets = { [set]: await inputsOf(set, plan.some((p) => p.op === 'upload')) };
		let ids = null;
		const needsDownload = plan.some((p) => p.op === 'download');
		if (needsDownload) {
			await resetEmulator(latencyMs);
			ids = (await ways.a.upload(sets[set], 8)).ids;
		}
		// At least MIN_REPS repetitions; more (up to `reps`) while this section stays within its share of the time
		// left before the deadline, so a slow or busy machine still finishes `npm run bench` in time.
		sectionsLeft--;
		const sectionStart = Date.now();
		const share = (job.deadline - sectionStart) / (sectionsLeft + 1);
		let lastRepMs = 0;
		for (let rep = 0; rep < reps; rep++) {
			if (rep >= MIN_REPS && Date.now() - sectionStart + lastRepMs > share) {
				log(`${section}: stopping after ${rep} repetitions (time budget)`);
				break;
			}
			const s = hr();
			for (const r of results) {
				if (r.op === 'upload') await resetEmulator(latencyMs);
				rss.gc();
				const out = r.op === 'upload' ? await ways[r.way].upload(sets[r.set], r.concurrency) : await ways[r.way].download(ids, r.concurrency);
				r.runs.push(out.ms);
				r.walls.push(out.wallMs);
				r.counters.push(out.counters);
				await engine.clearBinaryStorage(sets[set].filter((f) => f.binary));
			}
			lastRepMs = hr() - s;
			log(`${section}: repetition ${rep + 1}/${reps} in ${(lastRepMs / 1000).toFixed(1)} s`);
		}
		for (const r of results) rows.push({ section, latencyMs, ...r });
		await engine.clearBinaryStorage();
	}

	// Warm-up (not counted): every way once on a few files, so JIT, connections and the node's token are ready.
	const warm = job.sets['1mb'].slice(0, 6);
	await resetEmulator(0);
	const warmIds = (await ways.a.upload(warm, 4)).ids;
	for (const way of ['a', 'b', 'bd', 'c']) {
		await ways[way].upload(warm, 4);
		await ways[way].download(warmIds, 4);
		if (way === 'c') {
			await ways.c.upload(warm, 0);
			await ways.c.download(warmIds, 0);
		}
		await engine.clearBinaryStorage();
	}
	log(`warm-up done (${((hr() - t0) / 1000).toFixed(1)} s since start)`);

	const C = 4;
	for (const op of ['upload', 'download']) {
		for (const set of ['1mb', '10mb']) {
			const plan = [
				{ key: `${op}-${set}-a`, way: 'a', op, concurrency: C, set },
				{ key: `${op}-${set}-b`, way: 'b', op, concurrency: C, set },
				{ key: `${op}-${set}-bd`, way: 'bd', op, concurrency: 0, set },
				{ key: `${op}-${set}-c`, way: 'c', op, concurrency: 0, set },
				{ key: `${op}-${set}-c4`, way: 'c', op, concurrency: C, set },
			];
			await measure(`${op} ${set}`, plan, job.reps[set], 0);
		}
	}
	// 1000 items of 1 MB: the per-item time must stay flat as the batch grows (compared with the 100-item rows).
	for (const op of ['upload', 'download']) {
		const set = '1mb1000';
		const plan = [
			{ key: `${op}-${set}-bd`, way: 'bd', op, concurrency: 0, set },
			{ key: `${op}-${set}-b`, way: 'b', op, concurrency: C, set },
			{ key: `${op}-${set}-c4`, way: 'c', op, concurrency: C, set },
		];
		await measure(`${op} ${set}`, plan, job.reps[set], 0);
	}
	const L = job.latencyMs;
	await measure(
		`upload 1mb, ${L} ms latency`,
		[
			{ key: 'latency-upload-1mb-a', way: 'a', op: 'upload', concurrency: C, set: '1mb' },
			{ key: 'latency-upload-1mb-bd', way: 'bd', op: 'upload', concurrency: 0, set: '1mb' },
			{ key: 'latency-upload-1mb-c', way: 'c', op: 'upload', concurrency: 0, set: '1mb' },
			{ key: 'latency-upload-1mb-b', way: 'b', op: 'upload', concurrency: C, set: '1mb' },
			{ key: 'latency-upload-1mb-c4', way: 'c', op: 'upload', concurrency: C, set: '1mb' },
			{ key: 'latency-upload-1mb-b16', way: 'b', op: 'upload', concurrency: 16, set: '1mb' },
			{ key: 'latency-upload-1mb-c16', way: 'c', op: 'upload', concurrency: 16, set: '1mb' },
		],
		job.reps.latency,
		L,
	);
	// Per-call costs, one call at a time: what the transfer rows are made of.
	await resetEmulator(0);
	const probeIds = (await ways.a.upload(job.sets['1mb'].slice(0, 1), 1)).ids;
	const probe = await engine.probe({
		url: `${api.apiBase}/api/v3.0/expense/receiptimages/${encodeURIComponent(probeIds[0])}`,
		authorization: `Bearer ${api.accessToken}`,
		count: 100,
		sampleFile: job.sets['1mb'][0].path,
	});
	await engine.clearBinaryStorage();
	log('per-call probe done');
	await resetEmulator(0);
	await raw.close();
	return { loaded, rows, probe, probeFile: job.sets['1mb'][0], totalMs: hr() - t0 };
}

async function memory() {
	const { loadEngine } = require('./engine');
	const engine = loadEngine({ scratchDir: job.scratchDir });
	engine.useEmulator(job.info);
	const c = job.concurrency || null; // 0: the node's default (adaptive, up to 16)
	const build = (markBaseline) => (job.op === 'upload' ? engine.concurUpload(job.files, c, markBaseline) : engine.concurDownload(job.ids, c, markBaseline));
	// No warm-up run: the buffers of a warm-up would be freed but stay in the process (V8 and malloc keep freed
	// pages), so they would sit in the baseline and hide the node's real peak. The first run's extra costs
	// (fetching the token, compiling the code paths) are small next to the files.
	const r = await engine.run(build(true), ['Concur']);
	const memoryResult = rss.peak();
	const items = r.items.length;
	await engine.clearBinaryStorage();
	return { ...memoryResult, engineMs: r.engineMs, items, loadMs: engine.loadMs };
}

/**
 * Way (a) of a memory row: read each file into one Buffer and POST it, or GET the receipt and stream its file to
 * disk, with the node's ceiling in flight; baseline and peak taken as for the node (rss.markBaseline, rss.peak).
 */
async function memoryRaw() {
	const { loadEngine } = require('./engine');
	const engine = loadEngine({ scratchDir: job.scratchDir });
	const { RawClient, companyToken } = require('./raw-client');
	const raw = new RawClient(await companyToken(job.info)); // the token, like (a)'s timed rows, before the baseline
	const dir = fs.mkdtempSync(path.join(job.scratchDir, 'a-download-'));
	// The node rows' input node, which marks the baseline: the same modules, heap, threads and freed-but-kept
	// memory at the baseline as theirs (V8's GC limits scale with the heap; malloc reuses what it kept).
	await engine.run(engine.inputsOnly(job.op, job.files, job.ids), ['Files']);
	const s = hr();
	const done = job.op === 'upload' ? await raw.upload(job.files, job.concurrency) : await raw.downloadToDisk(job.ids, job.concurrency, dir);
	const wallMs = hr() - s;
	const memoryResult = rss.peak();
	check(`(a) ${job.op}`, done, (job.files || job.ids).length);
	await raw.close();
	fs.rmSync(dir, { recursive: true, force: true });
	await engine.clearBinaryStorage();
	return { ...memoryResult, wallMs, items: done.length, loadMs: engine.loadMs };
}

/**
 * Way (c) of a memory row: n8n's own HTTP Request node moving the same files through n8n's helpers, in Loop Over
 * Items with the node's ceiling as the batch size (n8n's way to bound what is in flight); baseline and peak as for
 * the node. What n8n itself costs in memory for this transfer, for a node that goes through its helpers.
 */
async function memoryHttp() {
	const { loadEngine } = require('./engine');
	const { companyToken } = require('./raw-client');
	const engine = loadEngine({ scratchDir: job.scratchDir, n8nModulesDir: job.n8nModulesDir });
	const api = await companyToken(job.info); // before the baseline, as the node's rows fetch theirs in the input node's run
	const workflow = job.op === 'upload' ? engine.httpUpload(job.files, api, job.concurrency, true) : engine.httpDownload(job.ids, api, job.concurrency, true);
	const measured = job.op === 'upload' ? ['Loop Over Items', 'HTTP Request'] : ['Loop Over Items', 'HTTP Request', 'HTTP Request 2'];
	const r = await engine.run(workflow, measured);
	const memoryResult = rss.peak();
	check(`(c) ${job.op}`, r.items, (job.files || job.ids).length);
	await engine.clearBinaryStorage();
	return { ...memoryResult, engineMs: r.engineMs, items: r.items.length, loadMs: engine.loadMs };
}

const kinds = { timing, rss: memory, 'rss-a': memoryRaw, 'rss-c': memoryHttp };
kinds[job.kind]().then(
	(result) => {
		fs.writeFileSync(job.resultFile, JSON.stringify(result));
		process.exit(0);
	},
	(e) => {
		process.stderr.write(`${e.stack || e}\n`);
		process.exit(1);
	},
);
