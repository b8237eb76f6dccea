#!/usr/bin/env node
'use strict';
// `npm run demo`: the whole job, working, in one command.
//   1. builds the package and packs it (`npm pack`, the tarball a user installs)           } in parallel
//   2. provisions Node.js 24 + n8n 2.41.1 into .cache/ (once; a few minutes the first time)  }
//   3. starts the Concur emulator (emulator/) on free loopback ports
//   4. creates a fresh n8n user folder, installs the tarball into .n8n/nodes, imports a "SAP Concur Company API"
//      credential pointing at the emulator and the three example workflows from examples/ (their folder
//      /home/node/.n8n-files/concur-examples is rewritten to this run's folder)
//   5. puts the sample files in place: examples/files/inbox, receipts named by the emulator's entry ids, the
//      report and invoice ids to archive
//   6. runs the three workflows headless (`n8n execute-batch`), checks the results against the emulator, and
//      prints a report: what was uploaded where, what was refused and why, which files were written.
// Exit code 0 when every workflow ran and every file ended where it should, 1 otherwise (with the reason).
//
//   npm run demo                      headless run and report
//   npm run demo -- --editor          the same, then keeps n8n's editor and the emulator running (Ctrl+C stops)
//        [--port 5678]                editor port (default 5678 when free, else any free port)
//        [--no-build]                 use the existing dist/ (skip `npm run build`)
//
// The n8n user folder of the last run is kept (under <tmp>/n8n-concur-imaging-demo/) so the written files can be
// looked at; the next demo run removes it. The end-to-end tests (test/e2e/concur.test.js) reuse the functions
// exported here with their own n8n instance and emulator.

const crypto = require('crypto');
const fs = require('fs');
const fsp = require('fs/promises');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const REPO = path.resolve(__dirname, '..');
const EXAMPLES_DIR = path.join(REPO, 'examples');
/** The folder the example workflows name (n8n's default N8N_RESTRICT_FILE_ACCESS_TO is ~/.n8n-files). */
const EXAMPLE_FOLDER = '/home/node/.n8n-files/concur-examples';
/** The credential the example workflows reference (by id and name). */
const CREDENTIAL = { id: 'concurEmulator01', name: 'Concur (emulator)' };
/** execute-batch runs workflows in database order: ids sorted as listed here, imported in this order. */
const EXAMPLES = [
	{
		id: 'demo1Email',
		file: 'email-receipts-to-concur.json',
		title: 'Email receipts → Available Receipts',
	},
	{ id: 'demo2Entries', file: 'folder-to-expense-entries.json', title: 'Folder → expense entries' },
	{
		id: 'demo3Archive',
		file: 'archive-report-and-invoice-images.json',
		title: 'Archive report and invoice images',
	},
];
const OWNER = {
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'User',
	password: 'Demo-password-1',
};
const DEMO_BASE = path.join(os.tmpdir(), 'n8n-concur-imaging-demo');

function say(msg) {
	process.stderr.write(`[demo] ${msg}\n`);
}

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

function kb(n) {
	return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`;
}

// ---------------------------------------------------------------------------------------------------------------
// Setup pieces (also used by the end-to-end tests)

/** The company credential as a user enters it for the emulator (plaintext; n8n encrypts it on import). */
function emulatorCredential(emu) {
	return {
		...CREDENTIAL,
		type: 'concurCompanyApi',
		data: {
			dataCenter: 'custom',
			customBaseUrl: emu.baseUrl,
			clientId: emu.client.id,
			clientSecret: emu.client.secret,
			connectWith: 'requestToken',
			companyId: emu.company.id,
			requestToken: emu.company.requestToken,
		},
	};
}

function rewriteStrings(value, from, to) {
	if (typeof value === 'string') return value.split(from).join(to);
	if (Array.isArray(value)) return value.map((v) => rewriteStrings(v, from, to));
	if (value && typeof value === 'object')
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [k, rewriteStrings(v, from, to)]),
		);
	return value;
}

/**
 * The example workflows as committed, with their folder rewritten to `folder` and an id each (see EXAMPLES).
 * Returns [{ id, file, title, workflow }].
 */
function loadExampleWorkflows(folder, examplesDir = EXAMPLES_DIR) {
	return EXAMPLES.map((ex) => {
		const json = JSON.parse(fs.readFileSync(path.join(examplesDir, ex.file), 'utf8'));
		return { ...ex, workflow: { ...rewriteStrings(json, EXAMPLE_FOLDER, folder), id: ex.id } };
	});
}

/**
 * Puts this run's input files into `folder` (the rewritten concur-examples folder): the inbox as committed
 * (examples/files/inbox), receipts named by the emulator's current entry ids, archive-ids.json from the
 * emulator's current reports and invoices, and an empty archive folder. Returns the plan the results are checked
 * against: { folder, inbox: [{ name, size, expect }], entries: [{ name, entryId, reportId, reportName,
 * expenseType, expect }], archive: { reports, invoices } }.
 */
async function prepareExampleFiles(emu, folder) {
	const { inboxFiles, entryFiles, archiveIds } = require('./make-example-files');
	for (const sub of ['inbox', 'entries', 'archive'])
		await fsp.rm(path.join(folder, sub), { recursive: true, force: true });
	for (const sub of ['inbox', 'entries', 'archive'])
		await fsp.mkdir(path.join(folder, sub), { recursive: true });

	// The committed sample files; what each should give comes from the generator's description of them.
	const expected = new Map((await inboxFiles()).map((f) => [f.name, f]));
	const inboxDir = path.join(EXAMPLES_DIR, 'files', 'inbox');
	const inbox = [];
	for (const name of fs.readdirSync(inboxDir).sort()) {
		if (name.startsWith('.')) continue;
		const bytes = fs.readFileSync(path.join(inboxDir, name));
		await fsp.writeFile(path.join(folder, 'inbox', name), bytes);
		const known = expected.get(name);
		inbox.push({
			name,
			size: bytes.length,
			sha256: sha256(bytes),
			expect: known ? known.expect : undefined,
		});
	}

	const entries = await entryFiles(emu.seeded);
	for (const f of entries) await fsp.writeFile(path.join(folder, 'entries', f.name), f.bytes);

	const archive = archiveIds(
		emu.seeded,
		entries.filter((e) => e.expect === 'attached').map((e) => e.entryId),
	);
	await fsp.writeFile(
		path.join(folder, 'archive-ids.json'),
		JSON.stringify(archive, null, 2) + '\n',
	);
	return {
		folder,
		inbox,
		entries: entries.map(({ bytes, ...e }) => ({
			...e,
			size: bytes.length,
			sha256: sha256(bytes),
		})),
		archive,
	};
}

function sha256(bytes) {
	return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** All items of all runs of a node's output (a node fed by two branches runs twice). */
function outputItems(run, nodeName, output = 0) {
	const runs = run && run.data && run.data.resultData.runData[nodeName];
	if (!runs) return [];
	return runs.flatMap((r) =>
		((r.data && r.data.main && r.data.main[output]) || []).map((i) => i.json),
	);
}

function sniff(bytes) {
	if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
	if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
		return 'image/png';
	if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
	return 'unknown';
}

/**
 * Runs the imported example workflows (one `n8n execute-batch`) and checks every outcome against the plan and
 * the emulator. Returns { ok, problems: [string], ms, workflows: [{ id, title, file, status, error, seconds }],
 * uploaded, rejected, attached, notAttached, written, notArchived, token }.
 */
async function runExamples(n8n, emu, plan) {
	const t0 = Date.now();
	const batch = await n8n.executeBatch(EXAMPLES.map((e) => e.id));
	const ms = Date.now() - t0;
	const problems = [];
	const workflows = EXAMPLES.map((ex) => {
		const e = batch.executions.find((x) => x.workflowId === ex.id);
		const run = batch.runs[ex.id];
		const status = e ? e.executionStatus : 'not run';
		if (status !== 'success' || !run)
			problems.push(
				`workflow "${ex.title}" (${ex.file}) did not succeed: ${e ? e.error || status : 'n8n did not run it'}`,
			);
		return { ...ex, status, error: e && e.error, seconds: e && e.executionTime, run };
	});
	if (!batch.executions.length) {
		const tail = `${batch.stdout}\n${batch.stderr}`.trim().split('\n').slice(-20).join('\n');
		problems.push(
			`n8n execute-batch produced no result (exit ${batch.signal || batch.code}):\n${tail}`,
		);
	}
	const runOf = (id) => workflows.find((w) => w.id === id).run;
	const state = await emu.state();

	// 1. Email receipts
	const r1 = runOf('demo1Email');
	const uploaded = outputItems(r1, 'Upload to Available Receipts', 0);
	const rejected = [
		...outputItems(r1, 'Record rejection').map((x) => ({ ...x, by: 'validation' })),
		...outputItems(r1, 'Record Concur refusal').map((x) => ({ ...x, by: 'Concur' })),
	];
	const receiptsById = new Map(state.receipts.map((r) => [r.id, r]));
	if (r1) {
		for (const f of plan.inbox) {
			const up = uploaded.filter((u) => u.fileName === f.name);
			const rej = rejected.filter((r) => r.fileName === f.name);
			if (up.length + rej.length !== 1) {
				problems.push(
					`${f.name}: expected exactly one outcome, got ${up.length} uploads and ${rej.length} refusals`,
				);
				continue;
			}
			if (f.expect === 'valid' && !up.length)
				problems.push(
					`${f.name} should have been uploaded but was refused: ${rej[0].code} ${rej[0].reasons}`,
				);
			if (f.expect && f.expect !== 'valid' && (!rej.length || rej[0].code !== f.expect))
				problems.push(
					`${f.name} should have been refused with ${f.expect}, got ${up.length ? 'an upload' : rej[0].code}`,
				);
			if (up.length) {
				const stored = receiptsById.get(up[0].id);
				if (!stored || !stored.image || stored.image.sha256 !== f.sha256)
					problems.push(
						`${f.name}: receipt ${up[0].id} is not in the emulator's Available Receipts with the same bytes`,
					);
			}
		}
	}

	// 2. Entries
	const r2 = runOf('demo2Entries');
	const attached = outputItems(r2, 'Attach to expense entry', 0);
	const notAttached = outputItems(r2, 'Not attached');
	const entryImages = new Map(state.reports.flatMap((r) => r.entries.map((e) => [e.id, e.image])));
	if (r2) {
		for (const f of plan.entries) {
			const ok = attached.filter((a) => a.fileName === f.name);
			const bad = notAttached.filter((a) => a.fileName === f.name);
			if (ok.length + bad.length !== 1) {
				problems.push(
					`${f.name}: expected exactly one outcome, got ${ok.length} attached and ${bad.length} refused`,
				);
				continue;
			}
			if (f.expect === 'attached') {
				if (!ok.length)
					problems.push(
						`${f.name} should have been attached, got ${bad[0].code}: ${bad[0].reasons}`,
					);
				else if (ok[0].targetId !== f.entryId)
					problems.push(`${f.name} went to entry ${ok[0].targetId}, not ${f.entryId}`);
				else if (!entryImages.get(f.entryId) || entryImages.get(f.entryId).sha256 !== f.sha256)
					problems.push(`${f.name}: entry ${f.entryId} in the emulator does not hold these bytes`);
			} else if (!bad.length || bad[0].code !== f.expect) {
				problems.push(
					`${f.name} should have been refused with ${f.expect}, got ${ok.length ? 'attached' : bad[0].code}`,
				);
			}
		}
	}

	// 3. Archive
	const r3 = runOf('demo3Archive');
	const gets = [
		...outputItems(r3, 'Get report PDF', 0).map((g) => ({ ...g, type: 'report' })),
		...outputItems(r3, 'Get invoice image', 0).map((g) => ({ ...g, type: 'invoice' })),
	];
	const writes = [
		...outputItems(r3, 'Write report-<id>.pdf'),
		...outputItems(r3, 'Write invoice-<id>.<ext>'),
	];
	const notArchived = outputItems(r3, 'Not archived');
	const written = [];
	if (r3) {
		const wanted = [
			...plan.archive.reports.map((id) => ({ type: 'report', id })),
			...plan.archive.invoices.map((id) => ({ type: 'invoice', id })),
		];
		for (const w of wanted) {
			const write = writes.find((x) => x.resource === w.type && x.targetId === w.id);
			const get = gets.find((g) => g.type === w.type && g.targetId === w.id);
			if (!write) {
				const why = notArchived.find((x) => x.id === w.id);
				problems.push(
					`${w.type} ${w.id} was not archived${why ? `: ${why.code} ${why.reasons}` : ''}`,
				);
				continue;
			}
			let bytes;
			try {
				bytes = await fsp.readFile(write.fileName);
			} catch (e) {
				problems.push(`${write.fileName} was reported written but cannot be read: ${e.message}`);
				continue;
			}
			const type = sniff(bytes);
			let pages;
			if (type === 'application/pdf') {
				try {
					const { PDFDocument } = require('pdf-lib');
					pages = (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
				} catch {
					problems.push(`${write.fileName} is not a readable PDF`);
				}
			}
			const expectedName =
				w.type === 'report'
					? `report-${w.id}.pdf`
					: `invoice-${w.id}.${{ 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg' }[type]}`;
			if (path.basename(write.fileName) !== expectedName)
				problems.push(`${write.fileName}: expected the name ${expectedName}`);
			if (get && get.sha256 !== sha256(bytes))
				problems.push(`${write.fileName} does not hold the bytes Concur returned`);
			written.push({
				type: w.type,
				id: w.id,
				path: write.fileName,
				size: bytes.length,
				mimeType: type,
				pages,
			});
		}
	}

	return {
		ok: problems.length === 0,
		problems,
		ms,
		workflows: workflows.map(({ run, ...w }) => w),
		uploaded,
		rejected,
		attached,
		notAttached,
		written,
		notArchived,
	};
}

// ---------------------------------------------------------------------------------------------------------------
// The report

/** What the emulator saw of the credential: token grants and where the API calls went. */
function credentialSummary(emu, data) {
	const log = emu.requestLog();
	const tokens = log.filter((e) => e.path === '/oauth2/v0/token' && e.status === 200);
	const api = log.filter((e) => e.path.startsWith('/api/'));
	const geolocation = (data && data.geolocation) || '(none)';
	const dcOf = { [emu.dataCenters.us]: 'us', [emu.dataCenters.eu]: 'eu' };
	return {
		configuredBaseUrl: emu.baseUrl,
		geolocation,
		exchanges: tokens.filter(
			(e) => e.form && e.form.grant_type === 'password' && e.form.credtype === 'authtoken',
		).length,
		refreshes: tokens.filter((e) => e.form && e.form.grant_type === 'refresh_token').length,
		apiCalls: api.length,
		apiCallsToGeolocation: api.filter((e) => e.dc === dcOf[geolocation]).length,
	};
}

function formatReport(result, plan, { credential } = {}) {
	const lines = [];
	const wf = (id) => result.workflows.find((w) => w.id === id);
	const head = (n, id) => {
		const w = wf(id);
		lines.push('');
		lines.push(`${n}. ${w.title}  (examples/${w.file}: ${w.status})`);
	};
	const col = (s, n) => (s.length >= n ? `${s} ` : s.padEnd(n));
	const nameWidth =
		Math.max(...plan.inbox.map((f) => f.name.length), ...plan.entries.map((f) => f.name.length)) +
		2;

	if (credential) {
		const c = credential;
		lines.push(
			`Credential "${CREDENTIAL.name}" (SAP Concur Company API, base URL ${c.configuredBaseUrl}):`,
		);
		lines.push(
			`   request token exchanged ${c.exchanges === 1 ? 'once' : `${c.exchanges} times`}, ${c.refreshes} refresh${c.refreshes === 1 ? '' : 'es'}; n8n stored the refresh token and the geolocation`,
		);
		lines.push(
			`   ${c.geolocation} (the company's data center "eu")` +
				(c.apiCalls === c.apiCallsToGeolocation
					? `, where all ${c.apiCalls} API calls went`
					: `; ${c.apiCallsToGeolocation} of ${c.apiCalls} API calls went there`),
		);
	}
	head(1, 'demo1Email');
	for (const u of result.uploaded)
		lines.push(
			`   uploaded  ${col(u.fileName, nameWidth)}→ Available Receipts, receipt ${u.id}  (${u.mimeType}, ${kb(u.fileSize)})`,
		);
	for (const r of result.rejected)
		lines.push(
			`   refused   ${col(r.fileName, nameWidth)}${r.code}${r.by === 'Concur' ? ' (by Concur)' : ''}: ${oneLine(r.reasons)}`,
		);

	head(2, 'demo2Entries');
	const entryOf = new Map(plan.entries.map((e) => [e.name, e]));
	for (const a of result.attached) {
		const e = entryOf.get(a.fileName) || {};
		lines.push(
			`   attached  ${col(a.fileName, nameWidth)}→ expense entry ${a.targetId} (${e.expenseType || '?'}) of report "${e.reportName || '?'}"`,
		);
	}
	for (const r of result.notAttached)
		lines.push(`   refused   ${col(r.fileName, nameWidth)}${r.code}: ${oneLine(r.reasons)}`);

	head(3, 'demo3Archive');
	const folder = result.written.length ? path.dirname(result.written[0].path) : '';
	if (folder) lines.push(`   written to ${folder}/`);
	for (const w of result.written) {
		const what =
			w.mimeType === 'application/pdf'
				? `PDF, ${w.pages} page${w.pages === 1 ? '' : 's'}`
				: w.mimeType;
		lines.push(`   wrote     ${col(path.basename(w.path), 48)}${kb(w.size).padStart(9)}  ${what}`);
	}
	for (const r of result.notArchived)
		lines.push(`   not archived  ${r.type} ${r.id}: ${r.code} ${oneLine(r.reasons)}`);

	lines.push('');
	if (result.ok) {
		lines.push(
			`All checked against the emulator: ${result.uploaded.length} receipts and ${result.attached.length} entry images hold the bytes that were sent; ${result.written.length} archived files hold the bytes Concur returned. (${secs(result.ms)} for the three workflows in one n8n execute-batch)`,
		);
	} else {
		lines.push('PROBLEMS:');
		for (const p of result.problems) lines.push(`   - ${p}`);
	}
	return lines.join('\n');
}

/** The reasons on one line: whole sentences while they fit, else cut at a word. */
function oneLine(text, max = 120) {
	const s = String(text || '')
		.replace(/\s+/g, ' ')
		.trim();
	if (s.length <= max) return s;
	const sentences = s.match(/[^.!?]+[.!?]+(\s|$)/g) || [];
	let out = '';
	for (const sentence of sentences) {
		if ((out + sentence).trim().length > max) break;
		out += sentence;
	}
	if (out.trim()) return out.trim();
	const cut = s.slice(0, max);
	return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : max - 1)}…`;
}

// ---------------------------------------------------------------------------------------------------------------
// Build, pack, provision (with progress)

function npmEnvForRepo() {
	const env = { ...process.env };
	for (const k of Object.keys(env)) if (/^npm_config_/i.test(k)) delete env[k];
	return env;
}

/** Runs a command; resolves { code, signal, out } (stdout+stderr); lines are passed to onLine as they come. */
function runAsync(cmd, args, { cwd = REPO, env = process.env, onLine } = {}) {
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		const chunks = [];
		let partial = '';
		const take = (d) => {
			chunks.push(d);
			if (!onLine) return;
			const text = partial + d.toString('utf8');
			const parts = text.split('\n');
			partial = parts.pop();
			for (const l of parts) if (l.trim()) onLine(l);
		};
		child.stdout.on('data', take);
		child.stderr.on('data', take);
		child.on('error', (e) => chunks.push(Buffer.from(`\n[spawn error] ${e.message}\n`)));
		child.on('close', (code, signal) => {
			if (onLine && partial.trim()) onLine(partial);
			resolve({ code, signal, out: Buffer.concat(chunks).toString('utf8') });
		});
	});
}

async function buildAndPack({ build = true } = {}) {
	const { findNpmCli } = require('./provision-n8n');
	const npmCli = findNpmCli();
	if (build) {
		const t = Date.now();
		say('building the package (npm run build)');
		const b = await runAsync(process.execPath, [npmCli, 'run', 'build'], { env: npmEnvForRepo() });
		if (b.code !== 0) throw new DemoError(`npm run build failed (exit ${b.code}):\n${tail(b.out)}`);
		say(`built in ${secs(Date.now() - t)}`);
	}
	if (!fs.existsSync(path.join(REPO, 'dist', 'nodes', 'ConcurImaging', 'ConcurImaging.node.js')))
		throw new DemoError('dist/ has no built node: run without --no-build');
	const packDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'n8n-concur-demo-pack-'));
	const pk = await runAsync(
		process.execPath,
		[npmCli, 'pack', '--json', '--pack-destination', packDir],
		{
			env: npmEnvForRepo(),
		},
	);
	const tgz = fs.readdirSync(packDir).find((f) => f.endsWith('.tgz'));
	if (pk.code !== 0 || !tgz)
		throw new DemoError(`npm pack failed (exit ${pk.code}):\n${tail(pk.out)}`);
	say(`packed ${tgz}`);
	return { tarball: path.join(packDir, tgz), packDir };
}

/**
 * Provisions Node 24 + n8n in a child process (so this process can print progress while npm installs for
 * minutes), then returns provision()'s paths.
 */
async function provisionWithProgress() {
	const { provision, paths } = require('./provision-n8n');
	const p = paths();
	const t0 = Date.now();
	let lastLine = Date.now();
	const timer = setInterval(() => {
		if (Date.now() - lastLine < 20000) return;
		// What the (silent) provisioning child is doing, from what it has written so far.
		let step = 'downloading Node.js 24';
		if (fs.existsSync(p.nodeStamp)) step = "installing n8n's ~1,100 packages (npm ci)";
		if (fs.existsSync(path.join(p.n8nModulesDir, 'sqlite3', 'build')))
			step = 'compiling sqlite3 for Node.js 24';
		say(
			`still provisioning: ${step}, ${Math.round((Date.now() - t0) / 1000)} s so far (first run only; a few minutes)`,
		);
		lastLine = Date.now();
	}, 5000);
	try {
		const r = await runAsync(process.execPath, [path.join(__dirname, 'provision-n8n.js')], {
			onLine: (l) => {
				lastLine = Date.now();
				if (l.startsWith('[provision]')) process.stderr.write(`${l}\n`);
			},
		});
		if (r.code !== 0) throw new DemoError(`provisioning Node 24 and n8n failed:\n${tail(r.out)}`);
	} finally {
		clearInterval(timer);
	}
	return provision({ quiet: true });
}

function tail(text, n = 30) {
	return String(text).trim().split('\n').slice(-n).join('\n');
}

class DemoError extends Error {}

/** Removes the folders of earlier demo runs whose process is gone (a running demo keeps its folder). */
async function removeOldRuns() {
	await fsp.mkdir(DEMO_BASE, { recursive: true });
	for (const name of await fsp.readdir(DEMO_BASE)) {
		const dir = path.join(DEMO_BASE, name);
		let pid = 0;
		try {
			pid = Number(await fsp.readFile(path.join(dir, '.demo-pid'), 'utf8'));
		} catch {
			/* no pid file: an interrupted setup */
		}
		let alive = false;
		if (pid > 0) {
			try {
				process.kill(pid, 0);
				alive = true;
			} catch (e) {
				alive = e.code === 'EPERM';
			}
		}
		if (!alive) await fsp.rm(dir, { recursive: true, force: true, maxRetries: 3 });
	}
}

function parseArgs(argv) {
	const args = { editor: false, build: true, port: undefined };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--editor') args.editor = true;
		else if (a === '--no-build') args.build = false;
		else if (a === '--port') args.port = Number(argv[++i]);
		else if (a.startsWith('--port=')) args.port = Number(a.slice(7));
		else if (a === '--help' || a === '-h') args.help = true;
		else throw new DemoError(`unknown option ${a} (use --editor, --port <n>, --no-build)`);
	}
	if (args.port !== undefined && !(args.port > 0 && args.port < 65536))
		throw new DemoError('--port needs a port number');
	return args;
}

async function portIsFree(port) {
	const net = require('net');
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		process.stdout.write('usage: npm run demo [-- --editor [--port 5678]] [--no-build]\n');
		return 0;
	}
	const t0 = Date.now();
	const cleanups = [];
	let stopping = false;
	const stopAll = async () => {
		if (stopping) return;
		stopping = true;
		for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
	};
	const onSignal = (sig) => {
		say(`${sig}: stopping`);
		stopAll().then(() => process.exit(args.editor ? 0 : 130));
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);

	try {
		say(
			`Concur Imaging demo: build, local Concur emulator, real n8n, example workflows${args.editor ? ', then the editor' : ''}`,
		);
		const [packed, provisioned] = await Promise.all([
			buildAndPack({ build: args.build }),
			provisionWithProgress(),
		]);
		cleanups.push(() => fsp.rm(packed.packDir, { recursive: true, force: true }));

		const { startEmulator } = require('../emulator');
		const emu = await startEmulator({ port: 0 });
		cleanups.push(() => emu.stop());
		say(
			`Concur emulator on ${emu.baseUrl} (company's data center "eu": ${emu.dataCenters.eu}, images: ${emu.imageBaseUrl})`,
		);

		const { createInstance, ensureTemplate } = require('./lib/n8n-instance');
		let t = Date.now();
		await ensureTemplate({ provisioned });
		await removeOldRuns();
		const n8n = await createInstance({ provisioned, baseDir: DEMO_BASE, keep: true });
		await fsp.writeFile(path.join(n8n.userFolder, '.demo-pid'), String(process.pid));
		cleanups.push(() => n8n.cleanup()); // stops the editor; keeps the folder
		const installed = await n8n.installPackage(packed.tarball);
		say(
			`n8n user folder ${n8n.userFolder}; installed ${installed.name}@${installed.version} into .n8n/nodes`,
		);

		const folder = path.join(n8n.filesDir, 'concur-examples');
		const plan = await prepareExampleFiles(emu, folder);
		const examples = loadExampleWorkflows(folder);
		await n8n.importCredentials([emulatorCredential(emu)]);
		await n8n.importWorkflows(examples.map((e) => e.workflow));
		say(
			`imported the credential "${CREDENTIAL.name}" and ${examples.length} example workflows (${secs(Date.now() - t)})`,
		);

		t = Date.now();
		say('running the example workflows headless (n8n execute-batch)');
		const result = await runExamples(n8n, emu, plan);
		const stored = (await n8n.exportCredentials({ decrypted: true })).find(
			(c) => c.id === CREDENTIAL.id,
		);
		const credential = credentialSummary(emu, stored && stored.data);
		if (!stored || !stored.data.currentRefreshToken)
			result.problems.push('n8n did not store a refresh token in the credential');
		else if (stored.data.geolocation !== emu.dataCenters.eu)
			result.problems.push(
				`n8n stored the geolocation ${stored.data.geolocation}, not ${emu.dataCenters.eu}`,
			);
		if (credential.exchanges !== 1)
			result.problems.push(
				`expected one request-token exchange, the emulator saw ${credential.exchanges}`,
			);
		result.ok = result.problems.length === 0;

		process.stdout.write(
			`\nConcur Imaging demo: n8n ${provisioned.n8nVersion} on Node.js ${provisioned.nodeVersion}, package ${installed.name}@${installed.version} from its npm pack tarball, local Concur emulator\n`,
		);
		process.stdout.write(`${formatReport(result, plan, { credential })}\n\n`);
		say(`${result.ok ? 'done' : 'FAILED'} in ${secs(Date.now() - t0)}`);
		if (!result.ok) {
			await stopAll();
			return 1;
		}
		if (!args.editor) {
			say(`the written files stay in ${path.join(folder, 'archive')} until the next demo run`);
			await stopAll();
			return 0;
		}

		// Editor: the emulator goes back to its seeded state (tokens kept), so each workflow can be run again from the
		// editor with the same outcome as above.
		await emu.reset();
		const port = args.port || ((await portIsFree(5678)) ? 5678 : undefined);
		say('starting the n8n editor');
		const editor = await n8n.startEditor({ port, owner: OWNER });
		process.stdout.write(
			[
				'',
				`n8n editor:  ${editor.url}`,
				`  sign in:   ${OWNER.email} / ${OWNER.password}`,
				`  workflows: ${examples.map((e) => `"${e.workflow.name}"`).join(', ')}`,
				`  open one and click "Execute workflow"; the emulator was reset to its seeded data, so the runs go as above.`,
				`Concur emulator: ${emu.baseUrl} (admin: ${emu.adminUrl}/state)`,
				`Files: ${folder}/{inbox,entries,archive}`,
				'Ctrl+C stops n8n and the emulator.',
				'',
			].join('\n'),
		);
		await new Promise(() => undefined); // until a signal
		return 0;
	} catch (e) {
		process.stderr.write(`[demo] FAILED: ${e instanceof DemoError ? e.message : e.stack || e}\n`);
		await stopAll();
		return 1;
	}
}

module.exports = {
	CREDENTIAL,
	EXAMPLES,
	EXAMPLE_FOLDER,
	OWNER,
	emulatorCredential,
	loadExampleWorkflows,
	prepareExampleFiles,
	runExamples,
	formatReport,
	outputItems,
};

if (require.main === module) {
	main().then((code) => process.exit(code));
}
