'use strict';
// Running imported workflows headless: `n8n execute --id` (one workflow, its run JSON from stdout) and
// `n8n execute-batch` (several in one process, results and snapshots from files). Both resolve, never reject,
// for a workflow failure; judge by the returned JSON, not the exit code (n8n may die with SIGSEGV at exit after
// writing everything).

const fsp = require('fs/promises');
const path = require('path');

const { DEFAULT_TIMEOUT_MS } = require('./processes');
const { parseRunJson, summarizeRun } = require('./run-results');

/**
 * `n8n execute --id=<id> --rawOutput`. Resolves:
 *   { ok, run, status, error, lastNodeExecuted, code, signal, crashed, timedOut, stdout, stderr, ms }
 * ok: the run JSON was printed and has no resultData.error. run: the IRun ({ data: { resultData: { runData,
 * error?, lastNodeExecuted } }, status, startedAt, stoppedAt, ... }). crashed: the process died on a signal
 * (judge by `ok`/`run`, which may still be complete).
 */
async function execute(instance, workflowId, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
	const r = await instance.n8n(['execute', `--id=${workflowId}`, '--rawOutput'], { timeoutMs });
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
		...processFacts(r),
	};
}

function processFacts(r) {
	return {
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
async function executeBatch(
	instance,
	ids,
	{ timeoutMs = DEFAULT_TIMEOUT_MS * 2, concurrency = 1 } = {},
) {
	for (const id of ids)
		if (!/\d/.test(id))
			throw new Error(`executeBatch: n8n ignores workflow ids without a digit (${id})`);
	const dir = await fsp.mkdtemp(path.join(instance.userFolder, '.batch-'));
	const outFile = path.join(dir, 'result.json');
	const snapDir = path.join(dir, 'snapshots');
	await fsp.mkdir(snapDir);
	try {
		const r = await instance.n8n(
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
			...processFacts(r),
		};
	} finally {
		await fsp.rm(dir, { recursive: true, force: true });
	}
}

module.exports = { execute, executeBatch };
