'use strict';
// `npm run test:queue`, start to end: provision Node 24 + n8n 2.41.1, build and pack the package, start Redis and
// PostgreSQL (services.js), the Concur emulator, n8n main + 2 workers in queue mode (cluster.js), run the three
// workloads (workloads.js, kill.js) and print the report (figures.js). Everything started is stopped at the end,
// also on a failure, on Ctrl+C (SIGINT) or SIGTERM, and when the time limit strikes.

const fs = require('fs');
const fsp = require('fs/promises');
const os = require('os');
const path = require('path');

const { startEmulator } = require('../../../emulator');
const { buildAndPack, provisionWithProgress } = require('../demo-build');
const { OWNER, emulatorCredential } = require('../example-setup');
const { startServices, say } = require('./services');
const { prepareCluster, startCluster, outboundAttempts } = require('./cluster');
const { makeReceipts, receiptWorkflow, archiveWorkflow, hasSkipAlreadySent } = require('./workflows');
const { receiptsWorkload, archiveWorkload, tokenCalls } = require('./workloads');
const { killWorkload } = require('./kill');
const { formatReport } = require('./figures');

const IDS = { receipts: 'queueReceipts01', archive: 'queueArchive01', kill: 'queueKill01' };
const PATHS = { receipts: 'queue-receipts', archive: 'queue-archive', kill: 'queue-kill' };

/**
 * Runs everything; resolves the exit code (0 when every check passed). options: build (default true),
 * receipts (200), limitMs (the whole run, default 15 min).
 */
async function runQueueTest({ build = true, receipts = 200, limitMs = 15 * 60 * 1000 } = {}) {
	const t0 = Date.now();
	const cleanups = [];
	let cleaning;
	const cleanup = () =>
		(cleaning ??= (async () => {
			while (cleanups.length) await cleanups.pop()().catch((e) => say(`cleanup: ${e.message}`));
		})());
	const onSignal = (sig) => {
		say(`${sig}: stopping everything`);
		cleanup().then(() => process.exit(130));
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	const limit = setTimeout(() => {
		say(`time limit of ${limitMs / 1000} s reached: stopping everything`);
		cleanup().then(() => process.exit(1));
	}, limitMs);
	limit.unref();

	const problems = [];
	const results = {};
	try {
		const provisioned = await provisionWithProgress();
		const { tarball, packDir } = await buildAndPack({ build });
		cleanups.push(() => fsp.rm(packDir, { recursive: true, force: true }));
		const skipAlreadySent = hasSkipAlreadySent();
		say(`Skip Files Already Sent: ${skipAlreadySent ? 'in this build, turned on for workload 3' : 'not landed yet: workload 3 counts duplicates'}`);

		const services = await startServices();
		cleanups.push(() => services.stop());
		say(`redis-server 127.0.0.1:${services.redis.port} (pid ${services.redis.pid}), PostgreSQL 127.0.0.1:${services.postgres.port} as ${services.postgres.runsAs} (pid ${services.postgres.pid})${services.installed.length ? `; installed ${services.installed.join(', ')}` : ''}`);

		// The strict readings: one exchange per request token, rotation on every refresh, no grace.
		const emu = await startEmulator({ port: 0, refreshRotation: 'always', requestTokenUses: 1, logLimit: 100000 });
		cleanups.push(() => emu.stop());

		const filesDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'n8n-queue-files-'));
		fs.chmodSync(filesDir, 0o755);
		cleanups.push(() => fsp.rm(filesDir, { recursive: true, force: true }));
		const folder = path.join(filesDir, 'concur-examples');

		const receiptFiles = await makeReceipts(receipts, { invalid: 6, prefix: 'r' });
		const killFiles = await makeReceipts(30, { prefix: 'k' });
		const afterKillFiles = await makeReceipts(6, { prefix: 'a' });
		const workflows = {
			receipts: receiptWorkflow({ id: IDS.receipts, pathName: PATHS.receipts }),
			archive: archiveWorkflow({ id: IDS.archive, folder, pathName: PATHS.archive }),
			kill: receiptWorkflow({ id: IDS.kill, pathName: PATHS.kill, afterUpload: 4, skipAlreadySent }),
		};

		const prepared = await prepareCluster({ services, provisioned, tarball, filesDir });
		const cluster = await startCluster(prepared, {
			credentials: [emulatorCredential(emu)],
			workflows: Object.values(workflows),
			owner: OWNER,
		});
		cleanups.push(() => cluster.stop());
		const ctx = { emu, cluster, pg: services.postgres, provisioned };

		const attempt = async (name, fn) => {
			const t = Date.now();
			try {
				const r = await fn();
				results[name] = r.figures;
				problems.push(...r.problems);
				say(`${name}: ${r.problems.length ? `${r.problems.length} problem(s)` : 'passed'} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
			} catch (e) {
				problems.push(`${name}: ${e.message}`);
				say(`${name}: FAILED: ${e.message}`);
			}
		};
		await attempt('receipts', () =>
			receiptsWorkload({ ...ctx, files: receiptFiles, workflowId: IDS.receipts, pathName: PATHS.receipts }));
		await attempt('archive', () =>
			archiveWorkload({ ...ctx, folder, workflowId: IDS.archive, pathName: PATHS.archive, workflow: workflows.archive }));
		await attempt('kill', () =>
			killWorkload({ ...ctx, files: killFiles, afterKillFiles, workflowId: IDS.kill, pathName: PATHS.kill, skipAlreadySent }));

		for (const p of cluster.procs) p.sample();
		const processes = cluster.procs.map((p) => ({ name: p.name, peakRssMb: p.peakRssMb, killed: p.exited && p.exited.signal === 'SIGKILL' && p.name === (results.kill || {}).victim }));
		const outbound = outboundAttempts(cluster.procs);
		const trapped = emu.trap.requests().length;
		if (trapped) problems.push(`the emulator's trap (a foreign host) received ${trapped} requests`);
		const report = formatReport({ results, processes, tokens: tokenCalls(emu), services, durationMs: Date.now() - t0, problems, outbound });
		process.stdout.write(`${report.join('\n')}\n`);
		return problems.length ? 1 : 0;
	} catch (e) {
		say(`FAILED: ${e.stack || e.message}`);
		return 1;
	} finally {
		await cleanup();
		clearTimeout(limit);
		process.removeListener('SIGINT', onSignal);
		process.removeListener('SIGTERM', onSignal);
		say(`stopped everything; ${((Date.now() - t0) / 1000).toFixed(0)} s in all`);
	}
}

module.exports = { runQueueTest };
