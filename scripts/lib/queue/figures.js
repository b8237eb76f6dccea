'use strict';
// The report printed at the end of `npm run test:queue`: per workload what was checked, then the figures
// (executions per second, p50/p95 execution time, executions per worker, token calls, peak RSS of each process).

const s = (ms) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(2)} s`);
const kv = (o) => Object.entries(o || {}).map(([k, v]) => `${k} ${v}`).join(', ') || '-';

function receiptsLines(f) {
	const t = f.timing || {};
	return [
		`Workload 1: ${f.receipts} receipts posted to the production webhook on main, 16 in flight, access token expired twice mid-run (after answers ${f.expiredAfter.join(' and ')})`,
		`   outcomes: ${f.uploaded} uploaded (each stored once, same SHA-256), ${f.refused} refused by validation (routed), ${f.concurRefused} refused by Concur; execution statuses: ${kv(f.statuses)}`,
		`   executions per second: ${t.perSecond ? t.perSecond.toFixed(2) : '-'} (${t.count} executions, first queued to last finished ${t.seconds ? t.seconds.toFixed(1) : '-'} s; posting took ${s(f.postMs)}, all done after ${s(f.wallMs)})`,
		`   execution time: p50 ${s(t.p50)}, p95 ${s(t.p95)}, max ${s(t.max)}; wait in the queue: p50 ${s(t.queueP50)}, p95 ${s(t.queueP95)}`,
		`   executions per worker: ${kv(f.perWorker)}`,
		`   token calls: ${f.tokens.exchanges} request-token exchanges (${f.tokens.refusedExchanges} refused), ${f.tokens.refreshes} refreshes, ${f.tokens.refusedRefreshes} refused refreshes`,
	];
}

function archiveLines(f) {
	return [
		`Workload 2: nightly archive example (webhook-started) ran on ${f.worker} as execution ${f.executionId}: ${f.status} in ${s(f.seconds === undefined ? undefined : f.seconds * 1000)}`,
		`   written: ${f.written.join(', ') || '(none)'}; not archived (Concur has no image): ${f.notArchived.join(', ') || 'none'}`,
	];
}

function killLines(f) {
	return [
		`Workload 3: SIGKILL to ${f.victim} with ${f.inFlight.length} executions in flight: ${f.inFlight.join(', ')}`,
		`   ${f.inFlightStored} of their files were already stored by Concur at the kill (the executions were in the step after the upload)`,
		`   n8n reported them as: ${kv(f.reported)} (settled ${f.reportedAfterS} s after the posts)${f.reportedErrors.length ? `, error: "${f.reportedErrors.join('" / "')}"` : ''}`,
		...f.logLines.map((l) => `     ${l.slice(0, 200)}`),
		`   ${f.survivor} carried on: ${f.afterKill.succeeded}/${f.afterKill.posted} receipts posted after the kill succeeded on it`,
		`   n8n Retry (Skip Files Already Sent ${f.skipAlreadySent ? 'on' : 'not in this build'}): ${f.retries.join('; ') || '(nothing to retry)'}`,
		`   posted again: ${f.reposted.join('; ') || '(nothing)'}`,
		`   Concur afterwards: lost ${f.lost}; stored twice: ${f.duplicates.length ? f.duplicates.join(', ') : 'none'}`,
		`   executions per worker (workload 3, all runs): ${kv(f.perWorker)}; statuses: ${kv(f.statuses)}`,
	];
}

/** The whole report as lines. */
function formatReport({ results, processes, tokens, services, durationMs, problems, outbound = [] }) {
	const lines = ['', '== n8n queue mode: main + 2 workers, Redis, PostgreSQL, binary data in the database =='];
	lines.push(`services: redis-server on 127.0.0.1:${services.redis.port}, PostgreSQL on 127.0.0.1:${services.postgres.port} (as ${services.postgres.runsAs})`);
	if (results.receipts) lines.push(...receiptsLines(results.receipts));
	if (results.archive) lines.push(...archiveLines(results.archive));
	if (results.kill) lines.push(...killLines(results.kill));
	lines.push('Figures:');
	const r = results.receipts;
	if (r && r.timing) {
		lines.push(`   executions per second (workload 1): ${r.timing.perSecond ? r.timing.perSecond.toFixed(2) : '-'}`);
		lines.push(`   execution time (workload 1): p50 ${s(r.timing.p50)}, p95 ${s(r.timing.p95)}`);
		lines.push(`   executions per worker (workload 1): ${kv(r.perWorker)}`);
	}
	lines.push(`   token calls (whole run, emulator log): ${tokens.exchanges} exchanges, ${tokens.refreshes} refreshes, ${tokens.refusedRefreshes} refused refreshes, ${tokens.refusedExchanges} refused exchanges`);
	lines.push(`   peak RSS: ${processes.map((p) => `${p.name} ${p.peakRssMb} MB${p.killed ? ' (at its SIGKILL)' : ''}`).join(', ')}`);
	lines.push(`   duration: ${(durationMs / 1000).toFixed(0)} s`);
	lines.push(`n8n's own calls beyond loopback (refused: no network): ${outbound.join(', ') || 'none'}`);
	if (problems.length) {
		lines.push(`FAILED: ${problems.length} problem(s):`);
		for (const p of problems.slice(0, 40)) lines.push(`   - ${p}`);
	} else {
		lines.push('OK: every check passed');
	}
	return lines;
}

module.exports = { formatReport };
