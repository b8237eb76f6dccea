'use strict';
// Reading what n8n printed or stored about a run (an IRun): the run JSON on `n8n execute`'s stdout, a node's
// output items and error, the order the nodes ran in, and a short summary.

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

function taskDataOf(run, nodeName) {
	return (
		run &&
		run.data &&
		run.data.resultData &&
		run.data.resultData.runData &&
		run.data.resultData.runData[nodeName]
	);
}

/** Items' `json` of one node output in an IRun: nodeOutput(run, 'Set'), nodeOutput(run, 'Concur', { output: 1 }). */
function nodeOutput(run, nodeName, { output = 0, runIndex = 0, withBinary = false } = {}) {
	const taskData = taskDataOf(run, nodeName);
	if (!taskData || !taskData[runIndex]) return undefined;
	const main = taskData[runIndex].data && taskData[runIndex].data.main;
	const items = (main && main[output]) || [];
	return withBinary ? items : items.map((i) => i.json);
}

/** The error a node reported in a run (NodeOperationError etc.), or undefined. */
function nodeError(run, nodeName, { runIndex = 0 } = {}) {
	const taskData = taskDataOf(run, nodeName);
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

/** { status, error: { message, description, name, node }, lastNodeExecuted } of an IRun (or of null). */
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

module.exports = { parseRunJson, nodeOutput, nodeError, executedNodes, summarizeRun };
