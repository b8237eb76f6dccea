'use strict';
// Runs real n8n (as provisioned by scripts/provision-n8n.js) headless, for the end-to-end tests and the demo.
//
//   const { createInstance, nodeOutput } = require('./lib/n8n-instance');
//   const n8n = await createInstance();                  // fresh user folder (copy of a pre-migrated template)
//   await n8n.installPackage('/tmp/x/n8n-nodes-concur-imaging-0.1.0.tgz');   // -> .n8n/nodes/node_modules/<name>
//   await n8n.importCredentials([{ id, name, type, data }]);                  // plaintext data; n8n encrypts it
//   await n8n.importWorkflows([{ id, name, nodes, connections }]);
//   const r = await n8n.execute('wf1');                 // { ok, run, status, error, lastNodeExecuted, ... }
//   nodeOutput(r.run, 'Concur', { output: 1 })          // items' json of a node output
//   await n8n.readBinary(item.binary.data)              // the bytes (filesystem binary mode)
//   await n8n.executeBatch(['wf1', 'wf2'])              // one process: { ok, summary, executions, runs }
//   await n8n.exportCredentials()                        // decrypted, as stored in n8n's database
//   const ed = await n8n.startEditor({ port: 5678, owner }); // ed.url, ed.cookie; await ed.stop()
//   await n8n.cleanup();
//
// Everything is asynchronous (child processes are never waited for synchronously), so a test can serve HTTP (e.g. the
// Concur emulator) from its own process while n8n calls it.
//
// Facts this relies on (measured; ../../../shared/research/toolchain.md §2): `execute --file` is gone, so workflows
// are imported and executed by id; the result JSON follows some log lines on stdout; the exit code is not reliable
// (n8n may die with SIGSEGV at exit after writing everything), so results are judged from the JSON; every instance
// needs its own task-broker port; community packages load from <user folder>/.n8n/nodes/node_modules/<pkg> without
// any database registration, as node type `<package name>.<node name>`.

const crypto = require('crypto');
const fs = require('fs');
const fsp = require('fs/promises');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const { provision } = require('../provision-n8n');

const DEFAULT_ENCRYPTION_KEY = 'n8n-nodes-concur-imaging-e2e-only-key';
const DEFAULT_TIMEOUT_MS = 120000;
const TEMPLATE_FORMAT = 1;

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

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

/**
 * The run JSON printed by `n8n execute`: a pretty-printed object starting at a line that begins with `{` and ending
 * at the next line that is exactly `}`. Log lines may come before and after it. Returns null if there is none.
 */
function parseRunJson(stdout) {
	const lines = String(stdout || '').split(/\r?\n/);
	for (let i = 0; i < lines.length; i++) {
		if (!lines[i].startsWith('{')) continue;
		if (lines[i].trim().endsWith('}')) {
			try {
				return JSON.parse(lines[i]);
			} catch {
				/* not a one-line object */
			}
		}
		for (let j = i + 1; j < lines.length; j++) {
			if (lines[j] !== '}') continue;
			try {
				return JSON.parse(lines.slice(i, j + 1).join('\n'));
			} catch {
				break; // try the next line starting with '{'
			}
		}
	}
	return null;
}

/** Items' `json` of one node output in an IRun: nodeOutput(run, 'Set'), nodeOutput(run, 'Concur', { output: 1 }). */
function nodeOutput(run, nodeName, { output = 0, runIndex = 0, withBinary = false } = {}) {
	const taskData =
		run &&
		run.data &&
		run.data.resultData &&
		run.data.resultData.runData &&
		run.data.resultData.runData[nodeName];
	if (!taskData || !taskData[runIndex]) return undefined;
	const main = taskData[runIndex].data && taskData[runIndex].data.main;
	const items = (main && main[output]) || [];
	return withBinary ? items : items.map((i) => i.json);
}

/** The error a node reported in a run (NodeOperationError etc.), or undefined. */
function nodeError(run, nodeName, { runIndex = 0 } = {}) {
	const taskData =
		run &&
		run.data &&
		run.data.resultData &&
		run.data.resultData.runData &&
		run.data.resultData.runData[nodeName];
	return taskData && taskData[runIndex] ? taskData[runIndex].error : undefined;
}

/** Names of the nodes that ran, in execution order when n8n recorded it. */
function executedNodes(run) {
	const rd = run && run.data && run.data.resultData && run.data.resultData.runData;
	if (!rd) return [];
	return Object.entries(rd)
		.sort(
			(a, b) =>
				(a[1][0] ? a[1][0].executionIndex || 0 : 0) - (b[1][0] ? b[1][0].executionIndex || 0 : 0),
		)
		.map(([name]) => name);
}

function summarizeRun(run) {
	const error = run && run.data && run.data.resultData ? run.data.resultData.error : undefined;
	return {
		status: run ? run.status : undefined,
		error: error
			? {
					message: error.message,
					description: error.description,
					name: error.name,
					node: error.node ? error.node.name : undefined,
				}
			: undefined,
		lastNodeExecuted:
			run && run.data && run.data.resultData ? run.data.resultData.lastNodeExecuted : undefined,
	};
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

function killGroup(child, signal) {
	if (!child.pid) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		/* already gone */
	}
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

const PORT_IN_USE = /port \d+ is already in use|EADDRINUSE/i;

// ---------------------------------------------------------------------------------------------------------------
// Pre-migrated user folder template (saves the ~5 s the first command on a fresh database spends on migrations).
// It is tied to the encryption key (n8n's config file and the seeded signing secret derive from it), so its folder
// name carries a hash of the key.

function templateDirFor(p, encryptionKey) {
	const h = crypto.createHash('sha256').update(encryptionKey).digest('hex').slice(0, 12);
	return path.join(p.cacheDir, `n8n-${p.n8nVersion}-userfolder-${h}`);
}

function templateIsReady(dir) {
	try {
		const s = JSON.parse(fs.readFileSync(path.join(dir, '.template.json'), 'utf8'));
		return s.format === TEMPLATE_FORMAT && fs.existsSync(path.join(dir, '.n8n', 'database.sqlite'));
	} catch {
		return false;
	}
}

async function ensureTemplate({ encryptionKey = DEFAULT_ENCRYPTION_KEY, provisioned } = {}) {
	const p = provisioned || provision({ quiet: true });
	const dir = templateDirFor(p, encryptionKey);
	if (templateIsReady(dir)) return dir;
	const t0 = Date.now();
	const tmp = await fsp.mkdtemp(`${dir}.tmp-`);
	try {
		const inst = new N8nInstance({
			provisioned: p,
			userFolder: tmp,
			encryptionKey,
			brokerPort: await getFreePort(),
			owned: false,
		});
		// Any command that opens the database runs all migrations.
		const r = await inst.n8n(['list:workflow']);
		if (r.code !== 0 || !fs.existsSync(path.join(tmp, '.n8n', 'database.sqlite')))
			throw commandFailure('n8n list:workflow (migrating a template database)', r);
		fs.writeFileSync(
			path.join(tmp, '.template.json'),
			JSON.stringify({ format: TEMPLATE_FORMAT, n8nVersion: p.n8nVersion, ms: Date.now() - t0 }) +
				'\n',
		);
		try {
			fs.renameSync(tmp, dir);
		} catch (e) {
			// Someone else finished first: use theirs.
			if (!templateIsReady(dir)) throw e;
			await fsp.rm(tmp, { recursive: true, force: true });
		}
	} catch (e) {
		await fsp.rm(tmp, { recursive: true, force: true });
		throw e;
	}
	return dir;
}

// ---------------------------------------------------------------------------------------------------------------

class N8nInstance {
	constructor({
		provisioned,
		userFolder,
		encryptionKey,
		brokerPort,
		env = {},
		owned = true,
		keep = false,
	}) {
		this.provisioned = provisioned;
		this.userFolder = userFolder;
		this.n8nFolder = path.join(userFolder, '.n8n');
		this.nodesDir = path.join(this.n8nFolder, 'nodes');
		this.filesDir = path.join(userFolder, 'files');
		this.encryptionKey = encryptionKey;
		this.brokerPort = brokerPort;
		this.extraEnv = env;
		this.owned = owned;
		this.keep = keep;
		this.editors = new Set();
	}

	/** The environment every n8n process of this instance gets. */
	get env() {
		const p = this.provisioned;
		return {
			...cleanEnv(process.env),
			PATH: [p.nodeBinDir, process.env.PATH || ''].join(path.delimiter),
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			// isolated-vm's expression engine crashes n8n at exit (SIGSEGV) in most batch runs; the legacy engine does not.
			N8N_EXPRESSION_ENGINE: 'legacy',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			// Community packages: these are n8n 2.41.1's defaults, set explicitly so nothing inherited changes them.
			// Packages are found by scanning .n8n/nodes/node_modules; no reinstall from the registry is attempted.
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_COMMUNITY_PACKAGES_PREVENT_LOADING: 'false',
			N8N_REINSTALL_MISSING_PACKAGES: 'false',
			// File nodes (Read/Write Files from Disk) may only touch this folder (n8n's default is ~/.n8n-files).
			N8N_RESTRICT_FILE_ACCESS_TO: this.filesDir,
			...this.extraEnv,
		};
	}

	/** Runs `n8n <args>` under Node 24 with this instance's environment; resolves {code, signal, stdout, stderr, ms}. */
	async n8n(args, { timeoutMs = DEFAULT_TIMEOUT_MS, env = {} } = {}) {
		const p = this.provisioned;
		for (let attempt = 0; ; attempt++) {
			const r = await runProcess(p.nodeBin, [p.n8nBin, ...args], {
				env: { ...this.env, ...env },
				cwd: this.userFolder,
				timeoutMs,
			});
			// Another process grabbed our broker port between getFreePort() and n8n's listen(): take a new one.
			if (
				attempt < 3 &&
				!env.N8N_RUNNERS_BROKER_PORT &&
				r.code !== 0 &&
				PORT_IN_USE.test(r.stdout + r.stderr) &&
				!parseRunJson(r.stdout)
			) {
				this.brokerPort = await getFreePort();
				continue;
			}
			return r;
		}
	}

	async writeTemp(name, data) {
		const dir = path.join(this.userFolder, 'tmp');
		await fsp.mkdir(dir, { recursive: true });
		const file = path.join(dir, `${Date.now()}-${process.hrtime.bigint()}-${name}`);
		await fsp.writeFile(file, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
		return file;
	}

	/**
	 * Installs an npm package tarball (from `npm pack`) the way a user's manual install does: extracted into
	 * <user folder>/.n8n/nodes/node_modules/<name>. The package must not need runtime dependencies (n8n-workflow
	 * resolves from n8n's own tree). Returns { name, version, dir, nodes, credentials } (n8n section paths).
	 */
	async installPackage(tarball) {
		const tgz = path.resolve(tarball);
		const stage = await fsp.mkdtemp(path.join(this.userFolder, '.pkg-'));
		try {
			const r = await runProcess('tar', ['-xzf', tgz, '-C', stage, '--no-same-owner'], {
				env: process.env,
				timeoutMs: 60000,
			});
			if (r.code !== 0) throw commandFailure(`tar -xzf ${tgz}`, r);
			const root = path.join(stage, 'package');
			const pkg = JSON.parse(await fsp.readFile(path.join(root, 'package.json'), 'utf8'));
			const dest = path.join(this.nodesDir, 'node_modules', ...pkg.name.split('/'));
			await fsp.rm(dest, { recursive: true, force: true });
			await fsp.mkdir(path.dirname(dest), { recursive: true });
			await fsp.rename(root, dest);
			// What `npm install <pkg>` in .n8n/nodes would leave next to node_modules.
			const manifestFile = path.join(this.nodesDir, 'package.json');
			let manifest = { name: 'installed-nodes', private: true, dependencies: {} };
			try {
				manifest = JSON.parse(await fsp.readFile(manifestFile, 'utf8'));
			} catch {
				/* first package */
			}
			manifest.dependencies = { ...(manifest.dependencies || {}), [pkg.name]: pkg.version };
			await fsp.writeFile(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
			const n8nSection = pkg.n8n || {};
			return {
				name: pkg.name,
				version: pkg.version,
				dir: dest,
				nodes: n8nSection.nodes || [],
				credentials: n8nSection.credentials || [],
			};
		} finally {
			await fsp.rm(stage, { recursive: true, force: true });
		}
	}

	/** `n8n import:credentials`: [{ id, name, type, data: { plaintext fields } }]; n8n encrypts them with the key. */
	async importCredentials(credentials) {
		const list = Array.isArray(credentials) ? credentials : [credentials];
		const file = await this.writeTemp('credentials.json', list);
		const r = await this.n8n(['import:credentials', `--input=${file}`]);
		if (r.code !== 0 || !/Successfully imported/i.test(r.stdout + r.stderr))
			throw commandFailure('n8n import:credentials', r);
		return r;
	}

	/** `n8n import:workflow`: workflow JSON objects, each with an `id` (1-21 characters; containing a digit if it is to be used with executeBatch). */
	async importWorkflows(workflows) {
		const list = Array.isArray(workflows) ? workflows : [workflows];
		for (const wf of list) {
			if (!wf || typeof wf.id !== 'string' || wf.id.length < 1 || wf.id.length > 21) {
				throw new Error(
					`importWorkflows: every workflow needs a string id of 1-21 characters (got ${JSON.stringify(wf && wf.id)})`,
				);
			}
		}
		const file = await this.writeTemp(
			'workflows.json',
			list.map((wf) => ({ active: false, settings: {}, connections: {}, ...wf })),
		);
		const r = await this.n8n(['import:workflow', `--input=${file}`]);
		if (r.code !== 0 || !/Successfully imported/i.test(r.stdout + r.stderr))
			throw commandFailure('n8n import:workflow', r);
		return r;
	}

	/**
	 * `n8n execute --id=<id> --rawOutput`. Resolves (never rejects for a workflow failure):
	 *   { ok, run, status, error, lastNodeExecuted, code, signal, crashed, timedOut, stdout, stderr, ms }
	 * ok: the run JSON was printed and has no resultData.error. run: the IRun ({ data: { resultData: { runData,
	 * error?, lastNodeExecuted } }, status, startedAt, stoppedAt, ... }). crashed: the process died on a signal
	 * (judge by `ok`/`run`, which may still be complete).
	 */
	async execute(workflowId, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
		const r = await this.n8n(['execute', `--id=${workflowId}`, '--rawOutput'], { timeoutMs });
		const run = parseRunJson(r.stdout);
		const s = summarizeRun(run);
		let error = s.error;
		if (!run && !error) {
			const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-15).join('\n');
			error = {
				message: r.timedOut
					? `n8n execute timed out after ${timeoutMs} ms`
					: `n8n execute printed no run JSON (exit ${r.signal || r.code})`,
				description: tail,
			};
		}
		return {
			ok: !!run && !s.error,
			run,
			status: s.status,
			error,
			lastNodeExecuted: s.lastNodeExecuted,
			code: r.code,
			signal: r.signal,
			crashed: !!r.signal || r.code === 139,
			timedOut: r.timedOut,
			stdout: r.stdout,
			stderr: r.stderr,
			ms: r.ms,
		};
	}

	/**
	 * `n8n execute-batch` over several workflows in one process (no retries). n8n runs them one after another, in
	 * database order (not the order given), and only accepts ids containing a digit. Resolves:
	 *   { ok, summary: { successfulExecutions, failedExecutions, warningExecutions, errors, warnings },
	 *     executions: [{ workflowId, executionStatus, error, executionTime }], runs: { [id]: IRun },
	 *     code, signal, crashed, timedOut, stdout, stderr, ms }
	 * runs holds the full IRun of each successful workflow (n8n writes no snapshot for failed ones).
	 */
	async executeBatch(ids, { timeoutMs = DEFAULT_TIMEOUT_MS * 2, concurrency = 1 } = {}) {
		for (const id of ids)
			if (!/\d/.test(id))
				throw new Error(`executeBatch: n8n ignores workflow ids without a digit (${id})`);
		const dir = await fsp.mkdtemp(path.join(this.userFolder, '.batch-'));
		const outFile = path.join(dir, 'result.json');
		const snapDir = path.join(dir, 'snapshots');
		await fsp.mkdir(snapDir);
		try {
			const r = await this.n8n(
				[
					'execute-batch',
					`--ids=${ids.join(',')}`,
					`--output=${outFile}`,
					`--snapshot=${snapDir}`,
					'--retries=0',
					`--concurrency=${concurrency}`,
				],
				{ timeoutMs },
			);
			let result = null;
			try {
				result = JSON.parse(await fsp.readFile(outFile, 'utf8'));
			} catch {
				/* no result file */
			}
			const runs = {};
			for (const f of await fsp.readdir(snapDir)) {
				const m = /^(.*)-snapshot\.json$/.exec(f);
				if (m) runs[m[1]] = JSON.parse(await fsp.readFile(path.join(snapDir, f), 'utf8'));
			}
			const executions = result
				? result.executions.map((e) => ({
						workflowId: e.workflowId,
						executionStatus: e.executionStatus,
						error: e.error,
						executionTime: e.executionTime,
					}))
				: [];
			const summary = result ? result.summary : undefined;
			return {
				ok:
					!!result &&
					summary.failedExecutions === 0 &&
					summary.warningExecutions === 0 &&
					executions.length === ids.length,
				summary,
				executions,
				runs,
				code: r.code,
				signal: r.signal,
				crashed: !!r.signal || r.code === 139,
				timedOut: r.timedOut,
				stdout: r.stdout,
				stderr: r.stderr,
				ms: r.ms,
			};
		} finally {
			await fsp.rm(dir, { recursive: true, force: true });
		}
	}

	/**
	 * The bytes of a binary data entry from a run (item.binary.<key>): read from this instance's storage folder in
	 * filesystem mode (id `filesystem-v2:<path>` -> <user folder>/.n8n/storage/<path>), or decoded when inline.
	 */
	async readBinary(binaryData) {
		if (!binaryData || typeof binaryData !== 'object')
			throw new Error('readBinary: pass item.binary.<key> from a run');
		if (!binaryData.id) return Buffer.from(binaryData.data, 'base64');
		const sep = binaryData.id.indexOf(':');
		const mode = binaryData.id.slice(0, sep);
		const fileId = binaryData.id.slice(sep + 1);
		if (!mode.startsWith('filesystem'))
			throw new Error(`readBinary: binary data mode ${mode} is not read from disk`);
		const candidates = [
			path.join(this.n8nFolder, 'storage', fileId),
			path.join(this.n8nFolder, 'binaryData', fileId),
		];
		for (const file of candidates) {
			const resolved = path.resolve(file);
			if (!resolved.startsWith(this.n8nFolder + path.sep))
				throw new Error(`readBinary: ${binaryData.id} points outside the user folder`);
			if (fs.existsSync(resolved)) return fsp.readFile(resolved);
		}
		throw new Error(`readBinary: no file for ${binaryData.id} under ${this.n8nFolder}/storage`);
	}

	/** `n8n export:credentials --all [--decrypted]`: what n8n stored, e.g. [{ id, name, type, data: {...} }]. */
	async exportCredentials({ decrypted = true, id } = {}) {
		const file = path.join(
			this.userFolder,
			'tmp',
			`export-${Date.now()}-${process.hrtime.bigint()}.json`,
		);
		await fsp.mkdir(path.dirname(file), { recursive: true });
		const args = ['export:credentials', id ? `--id=${id}` : '--all', `--output=${file}`];
		if (decrypted) args.push('--decrypted');
		const r = await this.n8n(args);
		let list;
		try {
			list = JSON.parse(await fsp.readFile(file, 'utf8'));
		} catch {
			if (/No credentials found/i.test(r.stdout + r.stderr)) return [];
			throw commandFailure('n8n export:credentials', r);
		} finally {
			await fsp.rm(file, { force: true });
		}
		return list;
	}

	/** `n8n export:workflow --all`: the workflows as stored. */
	async exportWorkflows() {
		const file = path.join(
			this.userFolder,
			'tmp',
			`export-wf-${Date.now()}-${process.hrtime.bigint()}.json`,
		);
		await fsp.mkdir(path.dirname(file), { recursive: true });
		const r = await this.n8n(['export:workflow', '--all', `--output=${file}`]);
		try {
			return JSON.parse(await fsp.readFile(file, 'utf8'));
		} catch {
			if (/No workflows found/i.test(r.stdout + r.stderr)) return [];
			throw commandFailure('n8n export:workflow', r);
		} finally {
			await fsp.rm(file, { force: true });
		}
	}

	/**
	 * Starts `n8n start` (editor + REST API) on 127.0.0.1:<port> and waits until it is ready.
	 * owner: optional { email, firstName, lastName, password } to complete the owner setup, so the editor opens on a
	 * sign-in page instead of the setup form. Resolves { url, port, pid, cookie, output(), stop() }: cookie is the
	 * owner's session cookie (when owner was given); stop() resolves when the process has exited (SIGTERM, then
	 * SIGKILL after graceMs).
	 */
	async startEditor({ port, timeoutMs = 120000, owner, env = {}, graceMs = 15000 } = {}) {
		const p = this.provisioned;
		const editorPort = port || (await getFreePort());
		const url = `http://localhost:${editorPort}/`;
		const child = spawn(p.nodeBin, [p.n8nBin, 'start'], {
			env: {
				...this.env,
				N8N_PORT: String(editorPort),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_HOST: 'localhost',
				N8N_PROTOCOL: 'http',
				N8N_EDITOR_BASE_URL: url,
				N8N_SECURE_COOKIE: 'false',
				...env,
			},
			cwd: this.userFolder,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const chunks = [];
		const keep = (d) => {
			chunks.push(d);
			if (chunks.length > 2000) chunks.splice(0, chunks.length - 2000);
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		let exited = null;
		const exitPromise = new Promise((resolve) =>
			child.on('exit', (code, signal) => resolve((exited = { code, signal }))),
		);
		const output = () => Buffer.concat(chunks).toString('utf8');
		const stop = async () => {
			if (!exited) {
				killGroup(child, 'SIGTERM');
				const t = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
				await exitPromise;
				clearTimeout(t);
			}
			killGroup(child, 'SIGKILL');
			this.editors.delete(stop);
		};
		this.editors.add(stop);
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			if (exited)
				throw new Error(
					`n8n start exited (${exited.signal || exited.code}) before it was ready:\n${output().split('\n').slice(-30).join('\n')}`,
				);
			if (Date.now() > deadline) {
				await stop();
				throw new Error(
					`n8n start was not ready on port ${editorPort} after ${timeoutMs} ms:\n${output().split('\n').slice(-30).join('\n')}`,
				);
			}
			const ready = await httpRequest(
				'GET',
				`http://127.0.0.1:${editorPort}/healthz/readiness`,
			).catch(() => null);
			if (ready && ready.status === 200) break;
			if (ready && ready.status === 404) {
				const h = await httpRequest('GET', `http://127.0.0.1:${editorPort}/healthz`).catch(
					() => null,
				);
				if (h && h.status === 200) break;
			}
			await sleep(300);
		}
		let cookie;
		if (owner) {
			const res = await httpRequest(
				'POST',
				`http://127.0.0.1:${editorPort}/rest/owner/setup`,
				owner,
			);
			if (res.status !== 200) {
				await stop();
				throw new Error(`owner setup failed: HTTP ${res.status} ${res.body}`);
			}
			// The owner's session, for REST calls a test may want to make (e.g. GET /types/nodes.json).
			cookie =
				[]
					.concat(res.headers['set-cookie'] || [])
					.map((c) => c.split(';')[0])
					.join('; ') || undefined;
		}
		return { url, port: editorPort, pid: child.pid, cookie, output, stop };
	}

	/** Stops editors started by this instance and removes the user folder (unless created with keep: true). */
	async cleanup() {
		for (const stop of [...this.editors]) await stop();
		if (this.owned && !this.keep)
			await fsp.rm(this.userFolder, { recursive: true, force: true, maxRetries: 3 });
	}
}

function httpRequest(method, url, body) {
	return new Promise((resolve, reject) => {
		const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
		const req = http.request(
			url,
			{
				method,
				headers: data ? { 'content-type': 'application/json', 'content-length': data.length } : {},
				timeout: 5000,
			},
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode,
						headers: res.headers,
						body: Buffer.concat(chunks).toString('utf8'),
					}),
				);
			},
		);
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', reject);
		if (data) req.end(data);
		else req.end();
	});
}

/**
 * A fresh n8n instance in a new user folder.
 * options:
 *   encryptionKey  (default: a fixed test key)
 *   template       (default true): start from a copy of a pre-migrated user folder cached in .cache/
 *   baseDir        where the user folder is created (default os.tmpdir(); keep it outside the repository so the
 *                  package under test cannot resolve modules from the repo's node_modules)
 *   env            extra environment for every n8n process of this instance
 *   keep           leave the user folder on cleanup()
 *   provisioned    result of provision() (default: provision({ quiet: true }))
 */
async function createInstance({
	encryptionKey = DEFAULT_ENCRYPTION_KEY,
	template = true,
	baseDir = os.tmpdir(),
	env = {},
	keep = false,
	provisioned,
} = {}) {
	const p = provisioned || provision({ quiet: true });
	const userFolder = await fsp.mkdtemp(path.join(baseDir, 'n8n-e2e-'));
	if (template) {
		const tpl = await ensureTemplate({ encryptionKey, provisioned: p });
		await fsp.cp(path.join(tpl, '.n8n'), path.join(userFolder, '.n8n'), { recursive: true });
	}
	await fsp.mkdir(path.join(userFolder, '.n8n', 'nodes', 'node_modules'), { recursive: true });
	await fsp.mkdir(path.join(userFolder, 'files'), { recursive: true });
	return new N8nInstance({
		provisioned: p,
		userFolder,
		encryptionKey,
		brokerPort: await getFreePort(),
		env,
		keep,
	});
}

module.exports = {
	createInstance,
	ensureTemplate,
	N8nInstance,
	parseRunJson,
	nodeOutput,
	nodeError,
	executedNodes,
	getFreePort,
	DEFAULT_ENCRYPTION_KEY,
};
