'use strict';
// One n8n user folder and the commands run in it: every n8n process gets the same environment (this folder, the
// encryption key, its own task-broker port, community packages on); imports and exports go through temp files.
// Installing a package, executing workflows and the editor are in package-install.js, executions.js, editor.js.

const fs = require('fs');
const fsp = require('fs/promises');
const path = require('path');

const {
	DEFAULT_TIMEOUT_MS,
	PORT_IN_USE,
	getFreePort,
	cleanEnv,
	runProcess,
	commandFailure,
} = require('./processes');
const { parseRunJson } = require('./run-results');
const { installPackage } = require('./package-install');
const { execute, executeBatch } = require('./executions');
const { startEditor } = require('./editor');

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

	/** A new file under <user folder>/tmp with `data` (a string, or JSON). */
	async writeTemp(name, data) {
		const dir = path.join(this.userFolder, 'tmp');
		await fsp.mkdir(dir, { recursive: true });
		const file = path.join(dir, `${Date.now()}-${process.hrtime.bigint()}-${name}`);
		await fsp.writeFile(file, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
		return file;
	}

	/** A fresh path under <user folder>/tmp for an export to write. */
	async tempPath(prefix) {
		const file = path.join(
			this.userFolder,
			'tmp',
			`${prefix}-${Date.now()}-${process.hrtime.bigint()}.json`,
		);
		await fsp.mkdir(path.dirname(file), { recursive: true });
		return file;
	}

	/** See package-install.js: extracts an `npm pack` tarball into .n8n/nodes/node_modules/<name>. */
	installPackage(tarball) {
		return installPackage(this, tarball);
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

	/** See executions.js: `n8n execute --id=<id>`, resolves { ok, run, status, error, ... }. */
	execute(workflowId, options) {
		return execute(this, workflowId, options);
	}

	/** See executions.js: `n8n execute-batch`, resolves { ok, summary, executions, runs, ... }. */
	executeBatch(ids, options) {
		return executeBatch(this, ids, options);
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
		const file = await this.tempPath('export');
		const args = ['export:credentials', id ? `--id=${id}` : '--all', `--output=${file}`];
		if (decrypted) args.push('--decrypted');
		const r = await this.n8n(args);
		try {
			return JSON.parse(await fsp.readFile(file, 'utf8'));
		} catch {
			if (/No credentials found/i.test(r.stdout + r.stderr)) return [];
			throw commandFailure('n8n export:credentials', r);
		} finally {
			await fsp.rm(file, { force: true });
		}
	}

	/** `n8n export:workflow --all`: the workflows as stored. */
	async exportWorkflows() {
		const file = await this.tempPath('export-wf');
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

	/** See editor.js: `n8n start` on 127.0.0.1, resolves { url, port, pid, cookie, output(), stop() }. */
	startEditor(options) {
		return startEditor(this, options);
	}

	/** Stops editors started by this instance and removes the user folder (unless created with keep: true). */
	async cleanup() {
		for (const stop of [...this.editors]) await stop();
		if (this.owned && !this.keep)
			await fsp.rm(this.userFolder, { recursive: true, force: true, maxRetries: 3 });
	}
}

module.exports = { N8nInstance };
