'use strict';
// Runs the imported example workflows (one `n8n execute-batch`) and checks every outcome against the plan from
// example-setup.js's prepareExampleFiles and against the emulator's state: each inbox file uploaded (same bytes in
// Available Receipts) or refused with the expected code, each entry file attached to its entry (same bytes) or
// refused, the archive example run twice (a report approved in between) writing exactly the expected reports and
// invoices under the expected names with the bytes Concur returned, the second run only the newly approved report.
// Used by the demo and the end-to-end tests; demo-report.js prints the result.

const fsp = require('fs/promises');
const path = require('path');

const { EXAMPLES, sha256 } = require('./example-setup');

const ARCHIVE_ID = 'demo3Archive';

/** All items of all runs of a node's output (a node fed by two branches runs twice). */
function outputItems(run, nodeName, output = 0) {
	const runs = run && run.data && run.data.resultData.runData[nodeName];
	if (!runs) return [];
	return runs.flatMap((r) =>
		((r.data && r.data.main && r.data.main[output]) || []).map((i) => i.json),
	);
}

function sniff(bytes) {
	if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
	if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
		return 'image/png';
	if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
	return 'unknown';
}

/** 1. Email receipts: every inbox file has exactly one outcome, the expected one. */
function checkEmailReceipts(run, plan, state, problems) {
	const uploaded = outputItems(run, 'Upload to Available Receipts', 0);
	const rejected = [
		...outputItems(run, 'Record rejection').map((x) => ({ ...x, by: 'validation' })),
		...outputItems(run, 'Record Concur refusal').map((x) => ({ ...x, by: 'Concur' })),
	];
	const receiptsById = new Map(state.receipts.map((r) => [r.id, r]));
	if (!run) return { uploaded, rejected };
	for (const f of plan.inbox) {
		const up = uploaded.filter((u) => u.fileName === f.name);
		const rej = rejected.filter((r) => r.fileName === f.name);
		if (up.length + rej.length !== 1) {
			problems.push(
				`${f.name}: expected exactly one outcome, got ${up.length} uploads and ${rej.length} refusals`,
			);
			continue;
		}
		if (f.expect === 'valid' && !up.length)
			problems.push(
				`${f.name} should have been uploaded but was refused: ${rej[0].code} ${rej[0].reasons}`,
			);
		if (f.expect && f.expect !== 'valid' && (!rej.length || rej[0].code !== f.expect))
			problems.push(
				`${f.name} should have been refused with ${f.expect}, got ${up.length ? 'an upload' : rej[0].code}`,
			);
		if (up.length) {
			const stored = receiptsById.get(up[0].id);
			if (!stored || !stored.image || stored.image.sha256 !== f.sha256)
				problems.push(
					`${f.name}: receipt ${up[0].id} is not in the emulator's Available Receipts with the same bytes`,
				);
		}
	}
	return { uploaded, rejected };
}

/** 2. Entries: every entry file attached to its entry with the same bytes, or refused with the expected code. */
function checkEntries(run, plan, state, problems) {
	const attached = outputItems(run, 'Attach to expense entry', 0);
	const notAttached = outputItems(run, 'Not attached');
	const entryImages = new Map(state.reports.flatMap((r) => r.entries.map((e) => [e.id, e.image])));
	if (!run) return { attached, notAttached };
	for (const f of plan.entries) {
		const ok = attached.filter((a) => a.fileName === f.name);
		const bad = notAttached.filter((a) => a.fileName === f.name);
		if (ok.length + bad.length !== 1) {
			problems.push(
				`${f.name}: expected exactly one outcome, got ${ok.length} attached and ${bad.length} refused`,
			);
			continue;
		}
		if (f.expect === 'attached') {
			if (!ok.length)
				problems.push(`${f.name} should have been attached, got ${bad[0].code}: ${bad[0].reasons}`);
			else if (ok[0].targetId !== f.entryId)
				problems.push(`${f.name} went to entry ${ok[0].targetId}, not ${f.entryId}`);
			else if (!entryImages.get(f.entryId) || entryImages.get(f.entryId).sha256 !== f.sha256)
				problems.push(`${f.name}: entry ${f.entryId} in the emulator does not hold these bytes`);
		} else if (!bad.length || bad[0].code !== f.expect) {
			problems.push(
				`${f.name} should have been refused with ${f.expect}, got ${ok.length ? 'attached' : bad[0].code}`,
			);
		}
	}
	return { attached, notAttached };
}

/**
 * 3. Archive, one run: exactly the expected reports and invoices written (nothing else), each named by its type and
 * holding the bytes Concur returned, and exactly the expected ones listed as not archived with their code.
 * `expected`: { reports, invoices, notArchived: [{ type, id, code }] }; `label` prefixes the problems.
 */
async function checkArchive(run, expected, problems, label = 'archive') {
	const gets = [
		...outputItems(run, 'Get report PDF', 0).map((g) => ({ ...g, type: 'report' })),
		...outputItems(run, 'Get invoice image', 0).map((g) => ({ ...g, type: 'invoice' })),
	];
	const writes = [
		...outputItems(run, 'Write report-<id>.pdf'),
		...outputItems(run, 'Write invoice-<id>.<ext>'),
	];
	const notArchived = [
		...outputItems(run, 'Report not archived'),
		...outputItems(run, 'Invoice not archived'),
	];
	const written = [];
	if (!run) return { written, notArchived };
	const wanted = [
		...expected.reports.map((id) => ({ type: 'report', id })),
		...expected.invoices.map((id) => ({ type: 'invoice', id })),
	];
	for (const x of writes)
		if (!wanted.some((w) => w.type === x.resource && w.id === x.targetId))
			problems.push(`${label}: ${x.resource} ${x.targetId} was archived, but should not have been`);
	for (const x of notArchived)
		if (!expected.notArchived.some((w) => w.type === x.type && w.id === x.id))
			problems.push(
				`${label}: ${x.type} ${x.id} was listed as not archived: ${x.code} ${x.reasons}`,
			);
	for (const w of expected.notArchived) {
		const got = notArchived.find((x) => x.type === w.type && x.id === w.id);
		if (!got)
			problems.push(`${label}: ${w.type} ${w.id} should be listed as not archived (${w.code})`);
		else if (got.code !== w.code)
			problems.push(
				`${label}: ${w.type} ${w.id} not archived with ${got.code}, expected ${w.code}`,
			);
	}
	for (const w of wanted) {
		if (writes.some((x) => x.resource === w.type && x.targetId === w.id)) continue;
		const why = notArchived.find((x) => x.id === w.id);
		problems.push(
			`${label}: ${w.type} ${w.id} was not archived${why ? `: ${why.code} ${why.reasons}` : ''}`,
		);
	}
	for (const write of writes) {
		const w = { type: write.resource, id: write.targetId };
		const get = gets.find((g) => g.type === w.type && g.targetId === w.id);
		let bytes;
		try {
			bytes = await fsp.readFile(write.fileName);
		} catch (e) {
			problems.push(`${write.fileName} was reported written but cannot be read: ${e.message}`);
			continue;
		}
		const type = sniff(bytes);
		let pages;
		if (type === 'application/pdf') {
			try {
				const { PDFDocument } = require('pdf-lib');
				pages = (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
			} catch {
				problems.push(`${write.fileName} is not a readable PDF`);
			}
		}
		const ext = { 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg' }[type];
		const expectedName = w.type === 'report' ? `report-${w.id}.pdf` : `invoice-${w.id}.${ext}`;
		if (path.basename(write.fileName) !== expectedName)
			problems.push(`${write.fileName}: expected the name ${expectedName}`);
		if (get && get.sha256 !== sha256(bytes))
			problems.push(`${write.fileName} does not hold the bytes Concur returned`);
		written.push({
			type: w.type,
			id: w.id,
			path: write.fileName,
			size: bytes.length,
			mimeType: type,
			pages,
		});
	}
	return { written, notArchived };
}

/**
 * 3, second run: the change between the runs (plan.archive.change: a report approved through the emulator's admin
 * route), then `n8n execute` of the archive workflow again; its window comes from the workflow's static data that
 * run 1 left. Returns { status, error, ms, change, staticData, written, notArchived }.
 */
async function runArchiveAgain(n8n, emu, plan, problems) {
	const { change } = plan.archive;
	const stored = (await n8n.exportWorkflows()).find((w) => w.id === ARCHIVE_ID);
	const staticData = stored && stored.staticData;
	const memory = (staticData && staticData.global) || {};
	if (!memory.reportsArchivedUntil || !memory.invoicesArchivedUntil)
		problems.push(
			`archive run 1 left no window in the workflow's static data: ${JSON.stringify(staticData)}`,
		);
	await emu.updateReport(change.reportId, change.patch);
	const t0 = Date.now();
	const r = await n8n.execute(ARCHIVE_ID);
	const ms = Date.now() - t0;
	if (!r.ok)
		problems.push(
			`archive run 2 did not succeed: ${r.error ? `${r.error.message} ${r.error.description || ''}` : r.status}`,
		);
	const archive = await checkArchive(r.run, plan.archive.secondRun, problems, 'archive run 2');
	return { status: r.ok ? 'success' : r.status || 'failed', ms, change, staticData, ...archive };
}

/**
 * Runs the imported example workflows and checks every outcome against the plan and the emulator: the three in one
 * `n8n execute-batch`, then the archive example once more after a status change (runArchiveAgain). Returns
 * { ok, problems: [string], ms, workflows: [{ id, title, file, status, error, seconds }], uploaded, rejected,
 * attached, notAttached, written, notArchived (archive run 1), secondRun (runArchiveAgain's result) }.
 */
async function runExamples(n8n, emu, plan) {
	const t0 = Date.now();
	const batch = await n8n.executeBatch(EXAMPLES.map((e) => e.id));
	const ms = Date.now() - t0;
	const problems = [];
	const workflows = EXAMPLES.map((ex) => {
		const e = batch.executions.find((x) => x.workflowId === ex.id);
		const run = batch.runs[ex.id];
		const status = e ? e.executionStatus : 'not run';
		if (status !== 'success' || !run)
			problems.push(
				`workflow "${ex.title}" (${ex.file}) did not succeed: ${e ? e.error || status : 'n8n did not run it'}`,
			);
		return { ...ex, status, error: e && e.error, seconds: e && e.executionTime, run };
	});
	if (!batch.executions.length) {
		const tail = `${batch.stdout}\n${batch.stderr}`.trim().split('\n').slice(-20).join('\n');
		problems.push(
			`n8n execute-batch produced no result (exit ${batch.signal || batch.code}):\n${tail}`,
		);
	}
	const runOf = (id) => workflows.find((w) => w.id === id).run;
	const state = await emu.state();
	const email = checkEmailReceipts(runOf('demo1Email'), plan, state, problems);
	const entries = checkEntries(runOf('demo2Entries'), plan, state, problems);
	const archive = await checkArchive(runOf(ARCHIVE_ID), plan.archive, problems, 'archive run 1');
	const secondRun = runOf(ARCHIVE_ID) ? await runArchiveAgain(n8n, emu, plan, problems) : undefined;
	return {
		ok: problems.length === 0,
		problems,
		ms,
		workflows: workflows.map(({ run, ...w }) => w),
		...email,
		...entries,
		...archive,
		secondRun,
	};
}

/**
 * What n8n stored in the company credential after the runs (`stored`: its decrypted export) and what the emulator
 * saw (`credential`: demo-report.js's credentialSummary): the refresh token and the company's geolocation are
 * stored, and the request token was exchanged exactly once. Returns [problem].
 */
function credentialProblems(emu, stored, credential) {
	const problems = [];
	if (!stored || !stored.data.currentRefreshToken)
		problems.push('n8n did not store a refresh token in the credential');
	else if (stored.data.geolocation !== emu.dataCenters.eu)
		problems.push(
			`n8n stored the geolocation ${stored.data.geolocation}, not ${emu.dataCenters.eu}`,
		);
	if (credential.exchanges !== 1)
		problems.push(`expected one request-token exchange, the emulator saw ${credential.exchanges}`);
	return problems;
}

module.exports = { runExamples, credentialProblems, outputItems };
