'use strict';
// n8n 2.41.1 in queue mode: one main process (`n8n start`: editor, REST, production webhooks, enqueues) and
// workers (`n8n worker`: run the executions they pull from Redis). Each process has its own user folder with the
// package installed the way a user installs it (.n8n/nodes/node_modules/<package>, package-install.js), and all
// share the database, Redis, the encryption key and the binary data mode. Names checked in n8n 2.41.1's source:
// @n8n/config (EXECUTIONS_MODE, QUEUE_BULL_REDIS_*, DB_TYPE, DB_POSTGRESDB_*, QUEUE_HEALTH_CHECK_*,
// N8N_WORKER_SERVER_ADDRESS, QUEUE_WORKER_LOCK_DURATION/_RENEW_TIME/_STALLED_INTERVAL,
// N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL) and n8n-core's binary-data.config.js (N8N_DEFAULT_BINARY_DATA_MODE,
// one of default, filesystem, s3, azure, database; `database` is already the default in queue mode).

const http = require('http');
const fs = require('fs');
const { spawn } = require('child_process');

const { createInstance } = require('../n8n-instance');
const { getFreePort, killGroup, sleep } = require('../n8n/processes');
const { httpRequest } = require('../n8n/editor');
const { say } = require('./services');

const ENCRYPTION_KEY = 'n8n-nodes-concur-imaging-queue-test-key';

/** The environment every process of the cluster shares. */
function queueEnv({ redis, postgres }, filesDir) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		QUEUE_BULL_REDIS_PASSWORD: redis.password,
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		DB_POSTGRESDB_POOL_SIZE: '8',
		// Files cross processes: the webhook's upload is stored by main, read by a worker.
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		// A killed worker's jobs: Bull notices the lost lock within seconds (defaults: 60 s lock, 30 s check) and
		// main's queue recovery marks such executions crashed every 15 s (default: every 3 hours).
		QUEUE_WORKER_LOCK_DURATION: '10000',
		QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
		QUEUE_WORKER_STALLED_INTERVAL: '5000',
		N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '0.25',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		QUEUE_WORKER_TIMEOUT: '10',
		N8N_LOG_LEVEL: 'info',
		// Loopback only: n8n 2.41.1's MCP registry module fetches https://api.n8n.io/api/mcp-servers at start.
		N8N_DISABLED_MODULES: 'mcp-registry',
		// The shared folder the archive workflow writes to (every process must allow it).
		N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
	};
}

/** Peak resident memory (VmHWM, MB) of a live process; undefined once it is gone. */
function peakRssMb(pid) {
	try {
		const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Math.round(Number(m[1]) / 1024) : undefined;
	} catch {
		return undefined;
	}
}

function isUp(port, pathName) {
	return httpRequest('GET', `http://127.0.0.1:${port}${pathName}`)
		.then((r) => r.status === 200)
		.catch(() => false);
}

/** Spawns `n8n <args>` for an instance; resolves a handle once GET <readyPath> on readyPort answers 200. */
async function spawnN8n(name, instance, args, env, readyPort, readyPath, timeoutMs = 240000) {
	const p = instance.provisioned;
	const child = spawn(p.nodeBin, [p.n8nBin, ...args], {
		env: { ...instance.env, ...env },
		cwd: instance.userFolder,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const proc = { name, pid: child.pid, child, instance, lines: [], peakRssMb: 0, exited: null };
	let partial = '';
	const take = (d) => {
		const parts = (partial + d.toString('utf8')).split('\n');
		partial = parts.pop();
		for (const l of parts) proc.lines.push(l);
		if (proc.lines.length > 50000) proc.lines.splice(0, 10000);
	};
	child.stdout.on('data', take);
	child.stderr.on('data', take);
	proc.exitPromise = new Promise((resolve) =>
		child.on('exit', (code, signal) => resolve((proc.exited = { code, signal, at: Date.now() }))),
	);
	// 'close' comes once the pipes are drained too: the last lines a killed process wrote are in proc.lines then.
	proc.closePromise = new Promise((resolve) =>
		child.on('close', () => {
			if (partial) proc.lines.push(partial);
			partial = '';
			resolve();
		}),
	);
	proc.sample = () => {
		const mb = peakRssMb(proc.pid);
		if (mb !== undefined) proc.peakRssMb = Math.max(proc.peakRssMb, mb);
	};
	proc.tail = (n = 25) => proc.lines.slice(-n).join('\n');
	proc.kill = async (signal = 'SIGKILL') => {
		proc.sample();
		killGroup(child, signal);
		await proc.exitPromise;
		let waited;
		await Promise.race([proc.closePromise, new Promise((r) => (waited = setTimeout(r, 5000)))]);
		clearTimeout(waited);
	};
	proc.stop = async () => {
		if (!proc.exited) {
			proc.sample();
			killGroup(child, 'SIGTERM');
			const t = setTimeout(() => killGroup(child, 'SIGKILL'), 20000);
			await proc.exitPromise;
			clearTimeout(t);
		}
		killGroup(child, 'SIGKILL'); // the task runner, should it outlive n8n
	};
	const deadline = Date.now() + timeoutMs;
	while (!(await isUp(readyPort, readyPath))) {
		if (proc.exited) throw new Error(`${name} exited (${proc.exited.signal || proc.exited.code}) before it was ready:\n${proc.tail()}`);
		if (Date.now() > deadline) {
			await proc.stop();
			throw new Error(`${name} was not ready after ${timeoutMs} ms:\n${proc.tail()}`);
		}
		await sleep(500);
	}
	proc.sample();
	return proc;
}

/**
 * The cluster, not yet running: three user folders with the package installed. start() imports the credential
 * and workflows (through main's folder; the first command migrates the empty database), starts main, sets up the
 * owner, then the workers. Resolves { main, workers, all(), stop(), ... }.
 */
async function prepareCluster({ services, provisioned, tarball, filesDir, workers = 2 }) {
	const env = queueEnv(services, filesDir);
	const names = ['main', ...Array.from({ length: workers }, (_, i) => `worker-${i + 1}`)];
	const instances = {};
	for (const name of names) {
		const inst = await createInstance({ encryptionKey: ENCRYPTION_KEY, template: false, env, provisioned });
		const pkg = await inst.installPackage(tarball);
		instances[name] = inst;
		say(`${name}: user folder ${inst.userFolder}, ${pkg.name}@${pkg.version} in .n8n/nodes`);
	}
	return { env, names, instances };
}

async function importInto(main, { credentials, workflows }) {
	await main.importCredentials(credentials);
	// import:workflow --activeState=fromJson cannot activate them here: n8n 2.41.1 says "User attempted to
	// activate a workflow without permissions" before the owner is set up. activate() does it through REST.
	const file = await main.writeTemp('workflows.json', workflows.map((w) => ({ ...w, active: false })));
	const r = await main.n8n(['import:workflow', `--input=${file}`]);
	if (r.code !== 0 || !/Successfully imported/i.test(r.stdout + r.stderr))
		throw new Error(`n8n import:workflow failed:\n${(r.stdout + r.stderr).slice(-2000)}`);
	return r.stdout + r.stderr;
}

/** Publishes (activates) workflows as the owner does in the editor: their current version. */
async function activate(cluster, workflows) {
	for (const wf of workflows) {
		const got = await rest(cluster, 'GET', `/rest/workflows/${wf.id}`);
		const versionId = got.status === 200 ? JSON.parse(got.body).data.versionId : undefined;
		const r = versionId && (await rest(cluster, 'POST', `/rest/workflows/${wf.id}/activate`, { versionId }));
		if (!r || r.status !== 200)
			throw new Error(`activating ${wf.id} failed: ${r ? `${r.status} ${r.body.slice(0, 300)}` : `GET ${got.status} ${got.body.slice(0, 300)}`}`);
	}
}

async function setUpOwner(port, owner) {
	const res = await httpRequest('POST', `http://127.0.0.1:${port}/rest/owner/setup`, owner);
	if (res.status !== 200) throw new Error(`owner setup failed: HTTP ${res.status} ${res.body}`);
	return [].concat(res.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
}

async function startCluster(prepared, { credentials, workflows, owner, workerConcurrency = 6 }) {
	const { instances, names } = prepared;
	const procs = [];
	const sampler = setInterval(() => procs.forEach((p) => p.sample()), 1000);
	const cluster = {
		procs,
		async stop() {
			clearInterval(sampler);
			await Promise.all(procs.map((p) => p.stop().catch(() => undefined)));
			for (const inst of Object.values(instances)) await inst.cleanup().catch(() => undefined);
		},
	};
	try {
		let t = Date.now();
		const importLog = await importInto(instances.main, { credentials, workflows });
		const unsupported = /Postgres \d+ is not supported[^\n]*/.exec(importLog);
		if (unsupported) say(`n8n says: ${unsupported[0]}`);
		say(`database migrated, credential and ${workflows.length} workflows imported (${((Date.now() - t) / 1000).toFixed(1)} s)`);
		t = Date.now();
		const port = await getFreePort();
		cluster.main = await spawnN8n('main', instances.main, ['start'], {
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_SECURE_COOKIE: 'false',
			WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		}, port, '/healthz/readiness');
		procs.push(cluster.main);
		cluster.mainPort = port;
		cluster.cookie = await setUpOwner(port, owner);
		await activate(cluster, workflows.filter((w) => w.active));
		say(`main ready on 127.0.0.1:${port} (pid ${cluster.main.pid}, ${((Date.now() - t) / 1000).toFixed(1)} s)`);
		t = Date.now();
		cluster.workers = await Promise.all(names.slice(1).map(async (name) => {
			const health = await getFreePort();
			const w = await spawnN8n(name, instances[name], ['worker', `--concurrency=${workerConcurrency}`], {
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(health),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			}, health, '/healthz/readiness');
			w.healthPort = health;
			procs.push(w);
			return w;
		}));
		say(`${cluster.workers.length} workers ready (${cluster.workers.map((w) => `${w.name} pid ${w.pid}, health :${w.healthPort}`).join('; ')}; ${((Date.now() - t) / 1000).toFixed(1)} s)`);
		return cluster;
	} catch (e) {
		await cluster.stop();
		throw e;
	}
}

/** Executions a worker says it started / finished (n8n's worker log: "Worker started execution <id> (job <n>)"). */
function workerExecutions(worker) {
	const started = new Set();
	const finished = new Set();
	for (const l of worker.lines) {
		let m = /Worker started execution (\d+)/.exec(l);
		if (m) started.add(m[1]);
		m = /Worker finished execution (\d+)/.exec(l);
		if (m) finished.add(m[1]);
	}
	return { started, finished };
}

/** Hosts a process tried to resolve and could not (n8n reaching out beyond loopback), from its log. */
function outboundAttempts(procs) {
	const hosts = new Set();
	for (const p of procs) for (const l of p.lines) {
		const m = /getaddrinfo (?:ENOTFOUND|EAI_AGAIN) (\S+)/.exec(l);
		if (m) hosts.add(`${p.name}: ${m[1]}`);
	}
	return [...hosts];
}

/** A REST call on main with the owner's session. */
function rest(cluster, method, pathName, body, timeoutMs = 120000) {
	return new Promise((resolve, reject) => {
		const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
		const req = http.request(`http://127.0.0.1:${cluster.mainPort}${pathName}`, {
			method,
			headers: { cookie: cluster.cookie, ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}) },
			timeout: timeoutMs,
		}, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
		});
		req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
		req.on('error', reject);
		req.end(data);
	});
}

module.exports = { ENCRYPTION_KEY, prepareCluster, startCluster, workerExecutions, rest, peakRssMb, outboundAttempts };
