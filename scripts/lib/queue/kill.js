'use strict';
// Workload 3: a worker killed (SIGKILL) with executions in flight. Receipts go to a variant of the receipt
// workflow with a 4 s step after the upload (so some executions die after Concur stored their file and others
// before they uploaded); the victim is killed once it has run a few of them for a moment. Then: what n8n reports
// for the victim's executions (execution_entity.status once Bull's stalled-job check and main's queue recovery
// have seen the lost worker; the log lines about them), receipts posted after the kill (the other worker must
// carry on), n8n's own Retry of each execution that did not succeed (REST POST /rest/executions/:id/retry, what
// the editor's Retry button calls), then the same files posted again for every one whose retry did not succeed
// (what a sender does with work it cannot confirm), and how many files Concur holds twice afterwards.

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

/**
 * Waits for a moment when no upload is open at the emulator and none was answered in the last `quietMs`, so the
 * kill does not fall between Concur storing a file and n8n recording it as sent (no client-side store can close
 * that gap; README). Resolves true, or false when no such moment came in `timeoutMs`.
 */
async function quietUploads(emu, { quietMs = 500, timeoutMs = 20000 } = {}) {
	const done = new Map();
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const uploads = emu.requestLog().filter((e) => e.method === 'POST' && /receiptimages|image\/v1\.0\/receipt/.test(e.path));
		const now = Date.now();
		let open = 0;
		for (const e of uploads) {
			if (e.status === null || e.status === undefined) open++;
			else if (!done.has(e.seq)) done.set(e.seq, now);
		}
		const last = Math.max(0, ...done.values());
		if (!open && now - last >= quietMs) return true;
		if (now > deadline) return false;
		await sleep(20);
	}
}

/** Lines of a process's log that talk about the given executions or about stalled/dangling/crashed jobs. */
function linesAbout(proc, ids) {
	const re = new RegExp(`stall|dangling|crash|too many times|execution (${[...ids].join('|') || 'none'})\\b`, 'i');
	return proc.lines
		.filter((l) => re.test(l) && !/Enqueued execution/.test(l))
		.map((l) => `${proc.name}: ${l.trim()}`)
		.filter((l, i, all) => all.indexOf(l) === i)
		.slice(0, 8);
}

const errorOf = (data) => {
	const e = data && data.resultData && data.resultData.error;
	return e ? String(e.message || e).slice(0, 240) : undefined;
};

/** Waits for the executions to settle; on a timeout keeps what there is and says so. */
async function settle(pg, workflowId, count, problems, label) {
	try {
		return await waitForExecutions(pg, workflowId, count, { timeoutMs: 150000 });
	} catch (e) {
		if (!e.executions) throw e;
		problems.push(`workload 3, ${label}: ${e.message}`);
		return e.executions;
	}
}

/** Workload 3. Resolves { figures, problems }. */
async function killWorkload({ emu, cluster, pg, provisioned, files, afterKillFiles, workflowId, pathName, skipAlreadySent }) {
	const problems = [];
	const [survivor, victim] = cluster.workers;
	const url = `http://127.0.0.1:${cluster.mainPort}/webhook/${pathName}`;
	say(`workload 3: posting ${files.length} receipts; ${victim.name} (pid ${victim.pid}) is killed with executions in flight`);
	const posting = postAll(url, files, { concurrency: 16 });
	await waitForVictim(pg, victim, workflowId);
	const quiet = await quietUploads(emu);
	await victim.kill('SIGKILL');
	// Read once the victim's pipes are drained: an execution it began in its last moment is in flight too.
	const { started, finished } = workerExecutions(victim);
	const mine = new Set((await listExecutions(pg, workflowId)).map((e) => e.id));
	const inFlight = [...started].filter((id) => mine.has(id) && !finished.has(id));
	// Read at once: which file each one had (main queued it with the webhook's item; n8n rewrites it later).
	const atKill = await executionData(pg, provisioned, inFlight);
	const fileOf = new Map(inFlight.map((id) => [id, receiptOutcome(atKill.get(id)).fileName]));
	const storedAtKill = storedCounts(await emu.state());
	say(`workload 3: SIGKILL to ${victim.name} with ${inFlight.length} executions in flight (${inFlight.map((id) => `${id} ${fileOf.get(id)}`).join(', ')}); ${survivor.name} goes on`);
	const posted = await posting;
	const after = await postAll(url, afterKillFiles, { concurrency: 4 });
	const notAccepted = [...posted.results, ...after.results].filter((r) => r.status !== 200);
	if (notAccepted.length) problems.push(`workload 3: ${notAccepted.length} posts not answered 200 (${notAccepted[0].status} ${notAccepted[0].body})`);
	let total = files.length + afterKillFiles.length - notAccepted.length;

	// What n8n makes of the lost worker's executions (Bull's lock is 10 s here, recovery every 15 s).
	const t = Date.now();
	const settled = await settle(pg, workflowId, total, problems, 'after the kill');
	const reportedAfterS = ((Date.now() - t) / 1000).toFixed(1);
	const byId = new Map(settled.map((e) => [e.id, e]));
	const dataBefore = await executionData(pg, provisioned, settled.map((e) => e.id));
	const reported = inFlight.map((id) => ({ id, status: byId.get(id) ? byId.get(id).status : 'missing', error: errorOf(dataBefore.get(id)) }));
	for (const r of reported) if (r.status === 'success') problems.push(`workload 3: execution ${r.id} of the killed worker is reported success`);
	const logLines = [...linesAbout(cluster.main, inFlight), ...linesAbout(survivor, inFlight)];

	// The other worker carried on: everything it ran succeeded, including the receipts posted after the kill.
	const afterNames = new Set(afterKillFiles.map((f) => f.name));
	const afterExecs = settled.filter((e) => afterNames.has(receiptOutcome(dataBefore.get(e.id)).fileName));
	for (const e of afterExecs) {
		if (e.status !== 'success') problems.push(`workload 3: receipt posted after the kill: execution ${e.id} ended ${e.status}`);
		if (!workerExecutions(survivor).started.has(e.id)) problems.push(`workload 3: execution ${e.id} posted after the kill was not run by ${survivor.name}`);
	}
	const notOk = settled.filter((e) => e.status !== 'success');
	for (const e of notOk)
		if (!inFlight.includes(e.id)) problems.push(`workload 3: execution ${e.id} (not on the killed worker at the kill) ended ${e.status}`);

	// Run them again, as a user does from the execution list.
	const retries = [];
	for (const e of notOk.filter((x) => !['new', 'running', 'waiting'].includes(x.status))) {
		const r = await rest(cluster, 'POST', `/rest/executions/${e.id}/retry`, { loadWorkflow: false }, 180000).catch((err) => ({ status: 0, body: err.message }));
		retries.push({ id: e.id, httpStatus: r.status, body: r.body.slice(0, 200) });
	}
	total += retries.filter((r) => r.httpStatus === 200).length;
	let all = await settle(pg, workflowId, total, problems, 'retries');
	const retried = all.filter((e) => e.retryOf && notOk.some((n) => n.id === e.retryOf));
	const retryData = await executionData(pg, provisioned, retried.map((e) => e.id));
	const retryOutcomes = retried.map((e) => ({ ...receiptOutcome(retryData.get(e.id)), id: e.id, retryOf: e.retryOf, status: e.status, error: errorOf(retryData.get(e.id)) }));

	// Whatever n8n's Retry did not finish, the sender posts again (same files).
	const again = inFlight.filter((id) => !retryOutcomes.some((r) => r.retryOf === id && r.status === 'success'));
	const againFiles = again.map((id) => [...files, ...afterKillFiles].find((f) => f.name === fileOf.get(id))).filter(Boolean);
	if (againFiles.length !== again.length) problems.push(`workload 3: the files of ${again.length - againFiles.length} killed executions are unknown`);
	let reposted = [];
	if (againFiles.length) {
		const known = new Set(all.map((e) => e.id));
		const r = await postAll(url, againFiles, { concurrency: 4 });
		total += r.results.filter((x) => x.status === 200).length;
		all = await settle(pg, workflowId, total, problems, 'posted again');
		const fresh = all.filter((e) => !known.has(e.id));
		const freshData = await executionData(pg, provisioned, fresh.map((e) => e.id));
		reposted = fresh.map((e) => ({ ...receiptOutcome(freshData.get(e.id)), id: e.id, status: e.status }));
		for (const x of reposted) if (x.status !== 'success') problems.push(`workload 3: ${x.fileName} posted again: execution ${x.id} ended ${x.status}`);
	}

	// Concur's side: every file stored, and how many twice.
	const stored = storedCounts(await emu.state());
	const allFiles = [...files, ...afterKillFiles];
	const lost = allFiles.filter((f) => !stored.get(f.sha256));
	const twice = allFiles.filter((f) => (stored.get(f.sha256) || 0) > 1);
	if (lost.length) {
		// Say what each of a lost file's executions did, so the finding names its cause (refusal, skip, crash).
		const ran = await executionData(pg, provisioned, all.map((e) => e.id));
		const workers = perWorker(cluster, all.map((e) => e.id)).claims;
		for (const f of lost) {
			const runs = all
				.map((e) => ({ e, o: receiptOutcome(ran.get(e.id)) }))
				.filter(({ o }) => o.fileName === f.name)
				.map(({ e, o }) => {
					const why = [o.code, o.reasons, o.error].filter(Boolean).join(': ');
					return `execution ${e.id} on ${(workers.get(e.id) || ['no worker']).join('+')} ${e.status}, ${o.outcome}${why ? ` (${why})` : ''}`;
				});
			problems.push(`workload 3: ${f.name} never reached Concur: ${runs.join('; ') || 'no execution has it'}`);
		}
	}
	if (!quiet) problems.push('workload 3: no quiet moment between uploads came within 20 s: the kill may have fallen into an upload');
	if (skipAlreadySent && twice.length)
		problems.push(`workload 3: with Skip Files Already Sent, ${twice.length} files are stored twice: ${twice.map((f) => f.name).join(', ')}`);
	const inFlightStored = inFlight.filter((id) => {
		const f = allFiles.find((x) => x.name === fileOf.get(id));
		return f && storedAtKill.get(f.sha256);
	}).length;
	return {
		problems,
		figures: {
			victim: victim.name,
			survivor: survivor.name,
			inFlight: inFlight.map((id) => `${id} (${fileOf.get(id)})`),
			inFlightStored,
			reported: countBy(reported.map((r) => r.status)),
			reportedErrors: [...new Set(reported.map((r) => r.error).filter(Boolean))],
			reportedAfterS,
			logLines,
			retries: retries.map((r) => {
				const o = retryOutcomes.find((x) => x.retryOf === r.id);
				return `${r.id}: HTTP ${r.httpStatus}${o ? ` -> ${o.id} ${o.status}, ${o.outcome}${o.error ? ` (${o.error})` : ''}` : ` ${r.body}`}`;
			}),
			reposted: reposted.map((x) => `${x.fileName} -> ${x.id} ${x.status}, ${x.outcome}`),
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
