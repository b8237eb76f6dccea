'use strict';
// Workloads 1 and 2 of the queue run, each checked against the emulator (kill.js has workload 3):
//   1. receipts posted concurrently to the receipt webhook, the access token made to expire twice mid-run;
//   2. the nightly archive example, started by its webhook, run by a worker.
// Which worker ran an execution: n8n 2.41.1 keeps no worker id on the execution (execution_entity has none; the
// worker id travels only in Bull's job progress messages), but every worker logs "Worker started execution <id>"
// (scaling/job-processor.js); the per-worker counts come from those lines of each worker's own output.

const crypto = require('crypto');
const fsp = require('fs/promises');
const path = require('path');

const { prepareExampleFiles } = require('../example-setup');
const { postAll } = require('./load');
const { workerExecutions } = require('./cluster');
const { waitForExecutions, executionData, items, receiptOutcome, timing } = require('./executions');
const { say } = require('./services');

const sha256 = (b) => crypto.createHash('sha256').update(b).digest('hex');

/** Token endpoint calls in the emulator's log after `fromSeq`. */
function tokenCalls(emu, fromSeq = 0) {
	const calls = emu.requestLog().filter((e) => e.seq > fromSeq && e.path === '/oauth2/v0/token');
	const grant = (e) => (e.form && e.form.grant_type) || '';
	const isExchange = (e) => grant(e) === 'password' && e.form.credtype === 'authtoken';
	return {
		exchanges: calls.filter((e) => isExchange(e) && e.status === 200).length,
		refusedExchanges: calls.filter((e) => isExchange(e) && e.status !== 200).length,
		refreshes: calls.filter((e) => grant(e) === 'refresh_token' && e.status === 200).length,
		refusedRefreshes: calls.filter((e) => grant(e) === 'refresh_token' && e.status !== 200).length,
	};
}

const lastSeq = (emu) => emu.requestLog().reduce((m, e) => Math.max(m, e.seq), 0);

/** { workerName: count } of the given execution ids, and the ids no worker or several workers claim. */
function perWorker(cluster, ids) {
	const want = new Set(ids.map(String));
	const counts = {};
	const claims = new Map();
	for (const w of cluster.workers) {
		const { started } = workerExecutions(w);
		counts[w.name] = 0;
		for (const id of started) {
			if (!want.has(id)) continue;
			counts[w.name]++;
			claims.set(id, [...(claims.get(id) || []), w.name]);
		}
	}
	const unclaimed = [...want].filter((id) => !claims.has(id));
	const doubly = [...claims].filter(([, ws]) => ws.length > 1).map(([id]) => id);
	return { counts, unclaimed, doubly, claims };
}

/**
 * Checks receipt executions against what was posted and what the emulator stored: every valid file uploaded once
 * with its bytes, every invalid one refused with its code, nothing else. Returns [problem].
 */
function checkReceipts(files, outcomes, state, problems, label) {
	const byName = new Map();
	for (const o of outcomes) byName.set(o.fileName, [...(byName.get(o.fileName) || []), o]);
	const storedBySha = new Map();
	for (const r of state.receipts) if (r.image) storedBySha.set(r.image.sha256, (storedBySha.get(r.image.sha256) || 0) + 1);
	for (const f of files) {
		const got = byName.get(f.name) || [];
		const stored = storedBySha.get(f.sha256) || 0;
		if (got.length !== 1) problems.push(`${label}: ${f.name} has ${got.length} executions, expected 1`);
		const o = got[0];
		if (f.expect === 'valid') {
			if (o && o.outcome !== 'uploaded')
				problems.push(`${label}: ${f.name} was not uploaded: ${o.outcome} ${o.code || ''} ${o.reasons || o.error || ''}`.trim());
			if (o && o.outcome === 'uploaded' && o.sha256 !== f.sha256) problems.push(`${label}: ${f.name} uploaded other bytes`);
			if (stored !== 1) problems.push(`${label}: ${f.name} is stored ${stored} times in Concur, expected once`);
		} else {
			if (o && (o.outcome !== 'refused' || o.code !== f.expect))
				problems.push(`${label}: ${f.name} should have been refused with ${f.expect}, got ${o.outcome} ${o.code || ''}`);
			if (stored) problems.push(`${label}: ${f.name} (invalid) reached Concur`);
		}
	}
	for (const o of outcomes) {
		if (o.code === 'CREDENTIAL_INVALID' || /CREDENTIAL_INVALID/.test(o.error || ''))
			problems.push(`${label}: ${o.fileName}: CREDENTIAL_INVALID`);
	}
}

/** Workload 1. Resolves { figures, problems }. */
async function receiptsWorkload({ emu, cluster, pg, provisioned, files, workflowId, pathName, concurrency = 16 }) {
	const problems = [];
	const seq0 = lastSeq(emu);
	const url = `http://127.0.0.1:${cluster.mainPort}/webhook/${pathName}`;
	const expireAt = [Math.floor(files.length / 3), Math.floor((2 * files.length) / 3)];
	const expired = [];
	say(`workload 1: posting ${files.length} receipts (${files.filter((f) => f.expect !== 'valid').length} invalid), ${concurrency} in flight, to ${url}`);
	const t0 = Date.now();
	const posted = await postAll(url, files, {
		concurrency,
		onSent: (n) => {
			if (expireAt.includes(n)) {
				emu.expireAccessTokens();
				expired.push(n);
			}
		},
	});
	const notAccepted = posted.results.filter((r) => r.status !== 200);
	if (notAccepted.length)
		problems.push(`workload 1: ${notAccepted.length} posts not answered 200 (first: ${notAccepted[0].name} ${notAccepted[0].status} ${notAccepted[0].body})`);
	say(`workload 1: ${files.length} posts answered in ${(posted.ms / 1000).toFixed(1)} s (access tokens expired after answers ${expired.join(' and ')}); waiting for the executions`);
	const list = await waitForExecutions(pg, workflowId, files.length - notAccepted.length, { timeoutMs: 300000 });
	const wallMs = Date.now() - t0;
	const data = await executionData(pg, provisioned, list.map((e) => e.id));
	const outcomes = list.map((e) => ({ executionId: e.id, status: e.status, ...receiptOutcome(data.get(e.id)) }));
	for (const e of list) if (e.status !== 'success') problems.push(`workload 1: execution ${e.id} ended ${e.status}`);
	checkReceipts(files, outcomes, await emu.state(), problems, 'workload 1');
	const workers = perWorker(cluster, list.map((e) => e.id));
	if (workers.unclaimed.length) problems.push(`workload 1: no worker logged executions ${workers.unclaimed.slice(0, 10).join(', ')}`);
	if (workers.doubly.length) problems.push(`workload 1: executions started by two workers: ${workers.doubly.join(', ')}`);
	const idle = Object.entries(workers.counts).filter(([, n]) => n === 0).map(([w]) => w);
	if (idle.length) problems.push(`workload 1: ${idle.join(', ')} ran no execution`);
	const count = (k) => outcomes.filter((o) => o.outcome === k).length;
	return {
		problems,
		figures: {
			receipts: files.length,
			uploaded: count('uploaded'),
			refused: count('refused'),
			concurRefused: count('concurRefused'),
			statuses: countBy(list.map((e) => e.status)),
			postMs: posted.ms,
			wallMs,
			timing: timing(list),
			perWorker: workers.counts,
			tokens: tokenCalls(emu, seq0),
			expiredAfter: expired,
		},
	};
}

function countBy(values) {
	const out = {};
	for (const v of values) out[v] = (out[v] || 0) + 1;
	return out;
}

/** Workload 2: the archive example on a worker. Resolves { figures, problems }. */
async function archiveWorkload({ emu, cluster, pg, provisioned, folder, workflowId, pathName, workflow }) {
	const problems = [];
	const plan = await prepareExampleFiles(emu, folder);
	const wanted = plan.archive.reports.length + plan.archive.invoices.length;
	const readsIds = workflow.nodes.some((n) => /archive-ids\.json/.test(JSON.stringify(n.parameters || {})));
	const url = `http://127.0.0.1:${cluster.mainPort}/webhook/${pathName}`;
	say(`workload 2: starting the nightly archive through ${url}`);
	const posted = await postAll(url, [{ name: 'start.json', mimeType: 'application/json', bytes: Buffer.from('{}') }], { concurrency: 1 });
	if (posted.results[0].status !== 200) {
		problems.push(`workload 2: the archive webhook answered ${posted.results[0].status} ${posted.results[0].body}`);
		return { problems, figures: undefined };
	}
	const list = await waitForExecutions(pg, workflowId, 1, { timeoutMs: 180000 });
	const e = list[list.length - 1];
	if (e.status !== 'success') problems.push(`workload 2: the archive execution ${e.id} ended ${e.status}`);
	const data = (await executionData(pg, provisioned, [e.id])).get(e.id);
	const concurNodes = workflow.nodes.filter((n) => n.type === 'n8n-nodes-concur-imaging.concurImaging').map((n) => n.name);
	const gets = concurNodes.flatMap((n) => items(data, n, 0)).filter((j) => j.sha256);
	const failed = concurNodes.flatMap((n) => items(data, n, 1));
	const dir = path.join(folder, 'archive');
	const written = [];
	for (const name of (await fsp.readdir(dir)).filter((n) => !n.startsWith('.')).sort()) {
		const bytes = await fsp.readFile(path.join(dir, name));
		written.push({ name, size: bytes.length, sha256: sha256(bytes) });
	}
	for (const w of written)
		if (!gets.some((g) => g.sha256 === w.sha256)) problems.push(`workload 2: ${w.name} does not hold bytes Concur returned`);
	if (written.length !== gets.length) problems.push(`workload 2: ${gets.length} images got, ${written.length} files written`);
	if (readsIds && gets.length !== wanted) problems.push(`workload 2: archive-ids.json names ${wanted} reports and invoices, ${gets.length} were archived`);
	if (!gets.length) problems.push('workload 2: nothing was archived');
	// A report or invoice that went to a Get node and came out of its error output is fine only when Concur has
	// no image for it (the committed example gets every approved invoice, with or without an image).
	const state = await emu.state();
	const hasImage = (id) => {
		const r = state.reports.find((x) => x.id === id);
		if (r) return (r.images || []).length > 0 || (r.entries || []).some((e) => e.image);
		const i = state.invoices.find((x) => x.id === id);
		return !!(i && i.image);
	};
	const noImage = [];
	for (const f of failed) {
		const id = f.targetId || f.id;
		const code = (f.details && f.details.code) || f.code;
		if (id && !hasImage(id)) noImage.push(`${id} ${code || ''}`.trim());
		else problems.push(`workload 2: not archived although Concur has its image: ${id} ${code || ''} ${f.error || ''}`.trim());
	}
	const ranOn = cluster.workers.filter((w) => workerExecutions(w).started.has(e.id)).map((w) => w.name);
	if (ranOn.length !== 1) problems.push(`workload 2: execution ${e.id} was logged by ${ranOn.length} workers`);
	return {
		problems,
		figures: {
			executionId: e.id,
			status: e.status,
			worker: ranOn.join(', ') || '(none)',
			seconds: e.stoppedMs && e.startedMs ? (e.stoppedMs - e.startedMs) / 1000 : undefined,
			written: written.map((w) => `${w.name} (${w.size} B)`),
			notArchived: noImage,
		},
	};
}

module.exports = { receiptsWorkload, archiveWorkload, tokenCalls, perWorker, lastSeq, countBy, checkReceipts };
