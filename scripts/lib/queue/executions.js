'use strict';
// Reading what n8n recorded, from its PostgreSQL database: execution_entity (status, mode, retryOf, createdAt,
// startedAt, stoppedAt) and execution_data (the run data, stored by n8n in the `flatted` format; parsed with
// n8n's own copy of flatted from the provisioned runtime).

const path = require('path');

const { sleep } = require('../n8n/processes');

function flattedOf(provisioned) {
	return require(path.join(provisioned.n8nModulesDir, 'flatted'));
}

/** The executions of the given workflow(s), oldest first: [{ id, workflowId, status, mode, retryOf, ... }]. */
async function listExecutions(pg, workflowIds) {
	const ids = [].concat(workflowIds).map((id) => `'${String(id).replace(/'/g, "''")}'`).join(',');
	const rows = await pg.query(
		`select id::text as id, "workflowId", status, mode, "retryOf", "retrySuccessId", finished,
		        "createdAt", "startedAt", "stoppedAt"
		   from execution_entity where "workflowId" in (${ids}) and "deletedAt" is null order by id`,
	);
	return rows.map((r) => ({
		...r,
		createdMs: r.createdAt ? Date.parse(r.createdAt) : undefined,
		startedMs: r.startedAt ? Date.parse(r.startedAt) : undefined,
		stoppedMs: r.stoppedAt ? Date.parse(r.stoppedAt) : undefined,
	}));
}

/** Waits until `count` executions of the workflow(s) exist and none is new/running/waiting; resolves the list. */
async function waitForExecutions(pg, workflowIds, count, { timeoutMs = 300000, quietMs = 0 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const list = await listExecutions(pg, workflowIds);
		const open = list.filter((e) => ['new', 'running', 'waiting', 'unknown'].includes(e.status));
		if (list.length >= count && open.length === 0) {
			if (quietMs) await sleep(quietMs);
			return list;
		}
		if (Date.now() > deadline) {
			const e = new Error(`after ${timeoutMs} ms: ${list.length}/${count} executions, ${open.length} not finished`);
			e.executions = list;
			throw e;
		}
		await sleep(1000);
	}
}

/** The run data (IRunExecutionData) of executions, by id. */
async function executionData(pg, provisioned, ids) {
	const { parse } = flattedOf(provisioned);
	const out = new Map();
	for (let i = 0; i < ids.length; i += 50) {
		const chunk = ids.slice(i, i + 50).map(Number).filter(Number.isFinite);
		if (!chunk.length) continue;
		const rows = await pg.query(`select "executionId"::text as id, data from execution_data where "executionId" in (${chunk.join(',')})`);
		for (const r of rows) {
			try {
				out.set(r.id, parse(r.data));
			} catch {
				out.set(r.id, undefined);
			}
		}
	}
	return out;
}

/** Items' json of a node's output in a run (every run of the node). */
function items(data, node, output = 0) {
	const runs = data && data.resultData && data.resultData.runData && data.resultData.runData[node];
	if (!runs) return [];
	return runs.flatMap((r) => ((r.data && r.data.main && r.data.main[output]) || []).map((i) => i.json || {}));
}

/**
 * The file a receipt execution was about: the webhook item's binary, from the webhook's run, or, for an execution
 * that never got that far (killed worker), from the execution stack main queued it with.
 */
function postedFileName(data) {
	const runs = data && data.resultData && data.resultData.runData && data.resultData.runData['Receipt webhook'];
	let item = runs && runs[0] && runs[0].data && runs[0].data.main[0] && runs[0].data.main[0][0];
	if (!item) {
		const stack = (data && data.executionData && data.executionData.nodeExecutionStack) || [];
		const first = stack.find((s) => s.node && s.node.name === 'Receipt webhook') || stack[0];
		item = first && first.data && first.data.main && first.data.main[0] && first.data.main[0][0];
	}
	return item && item.binary && item.binary.data ? item.binary.data.fileName : undefined;
}

/**
 * What one receipt execution did: { fileName, outcome: 'uploaded'|'skipped'|'refused'|'concurRefused'|'none',
 * id, code, sha256, error }.
 */
function receiptOutcome(data) {
	const fileName = postedFileName(data);
	const error = data && data.resultData && data.resultData.error;
	const up = items(data, 'Upload to Available Receipts', 0);
	const refused = items(data, 'Record rejection');
	const concur = items(data, 'Record Concur refusal');
	const base = { fileName, error: error ? error.message || String(error) : undefined };
	if (up.length) return { ...base, outcome: up[0].skipped ? 'skipped' : 'uploaded', id: up[0].id, sha256: up[0].sha256 };
	if (refused.length) return { ...base, outcome: 'refused', code: refused[0].code };
	if (concur.length) return { ...base, outcome: 'concurRefused', code: concur[0].code, reasons: concur[0].reasons };
	return { ...base, outcome: 'none' };
}

function percentile(sorted, p) {
	if (!sorted.length) return undefined;
	const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[i];
}

/** Timing of finished executions: { count, seconds, perSecond, p50, p95, max, queueP50, queueP95 } (ms). */
function timing(list) {
	const done = list.filter((e) => e.startedMs && e.stoppedMs);
	if (!done.length) return { count: 0 };
	const durations = done.map((e) => e.stoppedMs - e.startedMs).sort((a, b) => a - b);
	const waits = done.filter((e) => e.createdMs).map((e) => e.startedMs - e.createdMs).sort((a, b) => a - b);
	const first = Math.min(...done.map((e) => e.createdMs || e.startedMs));
	const last = Math.max(...done.map((e) => e.stoppedMs));
	const seconds = (last - first) / 1000;
	return {
		count: done.length,
		seconds,
		perSecond: seconds > 0 ? done.length / seconds : undefined,
		p50: percentile(durations, 50),
		p95: percentile(durations, 95),
		max: durations[durations.length - 1],
		queueP50: percentile(waits, 50),
		queueP95: percentile(waits, 95),
	};
}

module.exports = { listExecutions, waitForExecutions, executionData, items, receiptOutcome, timing, percentile };
