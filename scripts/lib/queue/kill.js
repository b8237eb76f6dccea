'use strict';
// Workload 3: a worker killed (SIGKILL) with executions in flight. Receipts go to a variant of the receipt
// workflow with a 4 s step after the upload (so some executions die after Concur stored their file and others
// before they uploaded); the victim is killed once it has run a few of them for a moment. Then: what n8n reports
// for the victim's executions (execution_entity.status once Bull's stalled-job check and main's queue recovery
// have seen the lost worker; the log lines about them), receipts posted after the kill (the other worker must
// carry on), n8n's own Retry of each execution that did not succeed (REST POST /rest/executions/:id/retry, what
// the editor's Retry button calls), and how many files Concur holds twice afterwards.

const { postAll } = require('./load');
const { workerExecutions, rest } = require('./cluster');
const { listExecutions, waitForExecutions, executionData, receiptOutcome } = require('./executions');
const { countBy, perWorker } = require('./workloads');
const { say } = require('./services');
const { sleep } = require('../n8n/processes');

function storedCounts(state) {
	const m = new Map();
	for (const r of state.receipts) if (r.image) m.set(r.image.sha256, (m.get(r.image.sha256) || 0) + 1);
	return m;
}

/** Waits until the victim has started `min` executions of the workflow and the first began `heldMs` ago. */
async function waitForVictim(pg, victim, workflowId, { min = 3, heldMs = 2500, timeoutMs = 60000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	let firstSeen;
	for (;;) {
		const mine = new Set((await listExecutions(pg, workflowId)).map((e) => e.id));
		const started = [...workerExecutions(victim).started].filter((id) => mine.has(id));
		if (started.length && !firstSeen) firstSeen = Date.now();
		if (started.length >= min && Date.now() - firstSeen >= heldMs) return;
		if (Date.now() > deadline) throw new Error(`workload 3: ${victim.name} started only ${started.length} executions in ${timeoutMs} ms`);
		await sleep(150);
	}
}

/** Lines of a process's log that talk about the given executions or about stalled/dangling/crashed jobs. */
function linesAbout(proc, ids) {
	const re = new RegExp(`stall|dangling|crash|lost|execution (${[...ids].join('|') || 'none'})\\b`, 'i');
	return proc.lines.filter((l) => re.test(l)).map((l) => `${proc.name}: ${l.trim()}`).slice(0, 12);
}

/** Workload 3. Resolves { figures, problems }. */
async function killWorkload({ emu, cluster, pg, provisioned, files, afterKillFiles, workflowId, pathName, skipAlreadySent }) {
	const problems = [];
	const [survivor, victim] = cluster.workers;
	const url = `http://127.0.0.1:${cluster.mainPort}/webhook/${pathName}`;
	say(`workload 3: posting ${files.length} receipts; ${victim.name} (pid ${victim.pid}) is killed with executions in flight`);
	const posting = postAll(url, files, { concurrency: 16 });
	await waitForVictim(pg, victim, workflowId);
	const mine = new Set((await listExecutions(pg, workflowId)).map((e) => e.id));
	const { started, finished } = workerExecutions(victim);
	const inFlight = [...started].filter((id) => mine.has(id) && !finished.has(id));
	const killedAt = Date.now();
	await victim.kill('SIGKILL');
	const storedAtKill = storedCounts(await emu.state());
	say(`workload 3: SIGKILL to ${victim.name} with ${inFlight.length} executions in flight (${inFlight.join(', ')}); ${survivor.name} goes on`);
	const posted = await posting;
	const after = await postAll(url, afterKillFiles, { concurrency: 4 });
	const notAccepted = [...posted.results, ...after.results].filter((r) => r.status !== 200);
	if (notAccepted.length) problems.push(`workload 3: ${notAccepted.length} posts not answered 200 (${notAccepted[0].status} ${notAccepted[0].body})`);
	const total = files.length + afterKillFiles.length - notAccepted.length;

	// What n8n makes of the lost worker's executions (Bull's lock is 10 s here, recovery every 15 s).
	const t = Date.now();
	let settled;
	try {
		settled = await waitForExecutions(pg, workflowId, total, { timeoutMs: 150000 });
	} catch (e) {
		if (!e.executions) throw e;
		settled = e.executions;
		problems.push(`workload 3: ${e.message} (n8n still reports the killed worker's executions as they were)`);
	}
	const reportedAfterS = ((Date.now() - t) / 1000).toFixed(1);
	const byId = new Map(settled.map((e) => [e.id, e]));
	const reported = inFlight.map((id) => ({ id, status: byId.get(id) ? byId.get(id).status : 'missing' }));
	for (const r of reported) if (r.status === 'success') problems.push(`workload 3: execution ${r.id} of the killed worker is reported success`);
	const logLines = [...linesAbout(cluster.main, inFlight), ...linesAbout(survivor, inFlight)];

	// The other worker carried on: everything it ran succeeded, including the receipts posted after the kill.
	const dataBefore = await executionData(pg, provisioned, settled.map((e) => e.id));
	const afterNames = new Set(afterKillFiles.map((f) => f.name));
	const afterExecs = settled.filter((e) => afterNames.has(receiptOutcome(dataBefore.get(e.id)).fileName));
	const survivorIds = workerExecutions(survivor).started;
	for (const e of afterExecs) {
		if (e.status !== 'success') problems.push(`workload 3: receipt posted after the kill: execution ${e.id} ended ${e.status}`);
		if (!survivorIds.has(e.id)) problems.push(`workload 3: execution ${e.id} posted after the kill was not run by ${survivor.name}`);
	}
	const notOk = settled.filter((e) => e.status !== 'success');
	for (const e of notOk)
		if (!inFlight.includes(e.id)) problems.push(`workload 3: execution ${e.id} (not on the killed worker at the kill) ended ${e.status}`);

	// Run them again, as a user does from the execution list.
	const retries = [];
	for (const e of notOk.filter((x) => !['new', 'running', 'waiting'].includes(x.status))) {
		const r = await rest(cluster, 'POST', `/rest/executions/${e.id}/retry`, { loadWorkflow: false }, 180000).catch((err) => ({ status: 0, body: err.message }));
		retries.push({ id: e.id, httpStatus: r.status, body: r.body.slice(0, 300) });
		if (r.status !== 200) problems.push(`workload 3: retry of execution ${e.id} answered ${r.status} ${r.body.slice(0, 200)}`);
	}
	let all;
	try {
		all = await waitForExecutions(pg, workflowId, total + retries.length, { timeoutMs: 120000 });
	} catch (e) {
		if (!e.executions) throw e;
		all = e.executions;
		problems.push(`workload 3, retries: ${e.message}`);
	}
	const retried = all.filter((e) => e.retryOf && notOk.some((n) => n.id === e.retryOf));
	const retryData = await executionData(pg, provisioned, retried.map((e) => e.id));
	const retryOutcomes = retried.map((e) => ({ id: e.id, retryOf: e.retryOf, status: e.status, ...receiptOutcome(retryData.get(e.id)) }));
	for (const r of retryOutcomes) {
		if (r.status !== 'success') problems.push(`workload 3: retry ${r.id} of ${r.retryOf} ended ${r.status}`);
		if (!survivorIds.has(r.id) && !workerExecutions(survivor).started.has(r.id)) problems.push(`workload 3: retry ${r.id} was not run by ${survivor.name}`);
	}

	// Concur's side: every file stored, and how many twice.
	const stored = storedCounts(await emu.state());
	const allFiles = [...files, ...afterKillFiles];
	const lost = allFiles.filter((f) => !stored.get(f.sha256));
	const twice = allFiles.filter((f) => (stored.get(f.sha256) || 0) > 1);
	for (const f of lost) problems.push(`workload 3: ${f.name} never reached Concur`);
	// Concur had stored these before the kill, so their upload had been answered (loopback, milliseconds) unless
	// the kill fell into that answer: with Skip Files Already Sent they must not be sent again.
	const storedBefore = allFiles.filter((f) => storedAtKill.get(f.sha256));
	const uploadLog = emu.requestLog().filter((e) => e.method === 'POST' && /receiptimages|\/receipt$/.test(e.path));
	const answeredLongBefore = uploadLog.filter((e) => e.status && Date.parse(e.time) < killedAt - 1000).length;
	if (skipAlreadySent && twice.length)
		problems.push(`workload 3: with Skip Files Already Sent, ${twice.length} files are stored twice: ${twice.map((f) => f.name).join(', ')}`);
	const namesOf = (id) => {
		const o = receiptOutcome(dataBefore.get(id));
		return o.fileName;
	};
	return {
		problems,
		figures: {
			victim: victim.name,
			survivor: survivor.name,
			inFlight: inFlight.map((id) => `${id} (${namesOf(id)})`),
			reported: countBy(reported.map((r) => r.status)),
			reportedAfterS,
			logLines,
			retries: retryOutcomes.map((r) => `${r.retryOf} -> ${r.id}: ${r.status}, ${r.outcome}${r.code ? ` ${r.code}` : ''}`),
			filesStoredBeforeKill: storedBefore.length,
			uploadsAnsweredOver1sBeforeKill: answeredLongBefore,
			duplicates: twice.map((f) => `${f.name} x${stored.get(f.sha256)}`),
			lost: lost.length,
			perWorker: perWorker(cluster, all.map((e) => e.id)).counts,
			skipAlreadySent,
			afterKill: { posted: afterKillFiles.length, succeeded: afterExecs.filter((e) => e.status === 'success').length },
			statuses: countBy(all.map((e) => e.status)),
		},
	};
}

module.exports = { killWorkload };
