'use strict';
// The Concur Imaging Trigger in real n8n 2.41.1, production mode: a published workflow (Report Reached a Status
// (With Images), Approved, Download Image on) in a running `n8n start`, polling the Concur emulator in this
// process; each execution posts its event to a loopback server here, so the test sees every event n8n ran.
//
//   - activation: nothing for the reports that were approved (with images) before the workflow was published
//   - a report approved after activation: exactly one event, with its PDF; later polls repeat nothing
//   - n8n stopped, a report approved while it is down, n8n started again: exactly one event for it (the
//     activation poll after the restart), nothing earlier again; a report approved after the restart: one event
//
// Polling: n8n 2.41.1 refuses a poll more often than once a minute (isSubMinuteCron: a 6-field cron whose seconds
// field is anything but one number, e.g. `*/10 * * * * *`, fails activation with "The polling interval is too
// short"), and "Every X" offers only minutes and hours. Several Poll Times entries, each a custom cron at one fixed
// second (`0 * * * * *`, `10 * * * * *`, ...), are accepted: six of them poll every 10 s. The test waits for polls
// by counting the trigger's report listings in the emulator's request log. About 3 minutes in all.
// Run with `node scripts/e2e.js test/e2e/trigger.test.js` (builds and packs; the tarball comes in
// N8N_E2E_PACKAGE_TARBALL).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('http');

const { createInstance } = require('../../scripts/lib/n8n-instance');
const { publishWorkflow, startProduction: startN8n } = require('../../scripts/lib/n8n/production');
const { startEmulator } = require('../../emulator');
const { OWNER, emulatorCredential, CREDENTIAL } = require('../../scripts/lib/example-setup');

const TARBALL = process.env.N8N_E2E_PACKAGE_TARBALL;
const WORKFLOW_ID = 'trigger1Reports';
const REPORTS = '/api/v3.0/expense/reports';
const POLL_SECONDS = [0, 10, 20, 30, 40, 50];

/** A loopback server that keeps every JSON body POSTed to /event. */
async function startEventSink() {
	const events = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			if (req.method === 'POST' && req.url === '/event') {
				try {
					events.push({ at: Date.now(), ...JSON.parse(Buffer.concat(chunks).toString('utf8')) });
				} catch (e) {
					events.push({ at: Date.now(), unreadable: String(e) });
				}
			}
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		events,
		url: `http://127.0.0.1:${server.address().port}/event`,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

function triggerWorkflow(sinkUrl) {
	return {
		id: WORKFLOW_ID,
		name: 'Report approved → tell the test (e2e)',
		nodes: [
			{
				id: 'a3f1c7e2-6d0b-4c39-9a51-2f7e8b0d4c11',
				name: 'Report approved',
				type: 'n8n-nodes-concur-imaging.concurImagingTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: {
						item: POLL_SECONDS.map((s) => ({ mode: 'custom', cronExpression: `${s} * * * * *` })),
					},
					event: 'reportReachedStatus',
					reportApprovalStatus: ['A_APPR'],
					options: { downloadImage: true },
				},
				credentials: { concurCompanyApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
			},
			{
				id: 'b84d2e90-1f3a-4b6c-8e27-5a9c0d3f6e22',
				name: 'Tell the test',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [260, 0],
				parameters: {
					method: 'POST',
					url: sinkUrl,
					sendBody: true,
					specifyBody: 'json',
					jsonBody:
						'={{ JSON.stringify({ executionId: $execution.id, mode: $execution.mode, id: $json.id, name: $json.name, approvalStatusCode: $json.approvalStatusCode, lastModifiedDate: $json.lastModifiedDate, fileName: $json.fileName, mimeType: $json.mimeType, fileSize: $json.fileSize, downloadError: $json.downloadError, hasBinary: !!$binary.data }) }}',
					options: {},
				},
			},
		],
		connections: {
			'Report approved': { main: [[{ node: 'Tell the test', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('Concur Imaging Trigger, active in a running n8n', { timeout: 10 * 60 * 1000 }, () => {
	const skip = !TARBALL && 'N8N_E2E_PACKAGE_TARBALL is not set (run via npm run test:e2e)';
	let emu;
	let n8n;
	let sink;
	let editor;

	const listings = () =>
		emu.requestLog().filter((e) => e.method === 'GET' && e.path === REPORTS && e.status === 200)
			.length;
	/** Resolves once `count` more report listings (polls) than `from` were answered, or fails after timeoutMs. */
	async function polls(from, count, what, timeoutMs = 90000) {
		const deadline = Date.now() + timeoutMs;
		while (listings() < from + count) {
			if (Date.now() > deadline)
				assert.fail(
					`${what}: ${listings() - from} of ${count} polls in ${timeoutMs} ms\n${editor ? editor.output().split('\n').slice(-25).join('\n') : ''}`,
				);
			await sleep(250);
		}
		await sleep(1500); // the execution the poll started has time to post its event
	}
	async function eventsFor(id, count, what, timeoutMs = 90000) {
		const deadline = Date.now() + timeoutMs;
		while (sink.events.filter((e) => e.id === id).length < count) {
			if (Date.now() > deadline)
				assert.fail(
					`${what}: no event for ${id} after ${timeoutMs} ms (events: ${JSON.stringify(sink.events)})\n${editor.output().split('\n').slice(-25).join('\n')}`,
				);
			await sleep(250);
		}
	}
	const seen = () => sink.events.map((e) => e.id);

	before(async () => {
		if (skip) return;
		emu = await startEmulator({ port: 0 });
		sink = await startEventSink();
		n8n = await createInstance();
		await n8n.installPackage(TARBALL);
		await n8n.importCredentials([emulatorCredential(emu)]);
		await n8n.importWorkflows([triggerWorkflow(sink.url)]);
		await publishWorkflow(n8n, WORKFLOW_ID);
	});

	after(async () => {
		if (editor) await editor.stop();
		if (n8n) await n8n.cleanup();
		if (sink) await sink.close();
		if (emu) await emu.stop();
	});

	it(
		'fires exactly once per report that reached Approved, never for reports approved before activation, also across an n8n restart',
		{ skip },
		async (t) => {
			const t0 = Date.now();
			const { reports } = emu.seeded;
			// Before activation: reports[0] is approved with an entry image, reports[3] approved without images,
			// reports[1] pending with a report image, reports[2] not submitted and without images.
			assert.equal(reports[0].approvalStatusCode, 'A_APPR');
			assert.equal(reports[1].approvalStatusCode, 'A_PEND');
			assert.equal(reports[1].hasImage, true);

			editor = await startProduction();
			t.diagnostic(`n8n start ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
			// The activation poll (the baseline) and one scheduled poll: nothing for what was approved already.
			await polls(0, 2, 'activation and a first scheduled poll');
			assert.deepEqual(seen(), [], 'nothing for the reports approved before activation');

			// 1. A report approved while n8n runs: one event, with its PDF.
			let from = listings();
			await emu.updateReport(reports[1].id, { approvalStatusCode: 'A_APPR' });
			await eventsFor(reports[1].id, 1, 'reports[1] approved');
			const first = sink.events[0];
			t.diagnostic(
				`event 1 (${reports[1].name}) ${((first.at - t0) / 1000).toFixed(1)} s after start, ${listings() - from} poll(s) after the change`,
			);
			assert.equal(first.approvalStatusCode, 'A_APPR');
			assert.equal(first.mode, 'production', 'an execution of the active workflow');
			assert.equal(first.downloadError, undefined, JSON.stringify(first.downloadError));
			assert.equal(first.mimeType, 'application/pdf');
			assert.ok(first.fileSize > 0 && first.hasBinary, 'the event carries the report PDF');
			from = listings();
			await polls(from, 3, 'three polls after the event');
			assert.deepEqual(seen(), [reports[1].id], 'one event, not repeated by the next polls');

			// 2. n8n stops; a report is approved while it is down (it gets its first image too); n8n starts again.
			await editor.stop();
			editor = undefined;
			const down = listings();
			await emu.updateReport(reports[2].id, { approvalStatusCode: 'A_APPR', addImage: 'pdf' });
			await sleep(2000);
			assert.equal(listings(), down, 'no poll while n8n is down');
			const t1 = Date.now();
			editor = await startProduction();
			t.diagnostic(`restarted: n8n start ready in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
			await eventsFor(reports[2].id, 1, 'reports[2] approved while n8n was down');
			from = listings();
			await polls(from, 2, 'two polls after the restart event');
			assert.deepEqual(
				seen(),
				[reports[1].id, reports[2].id],
				'one event for the change made while down',
			);

			// 3. After the restart: a report created after activation reaches Approved with an image.
			const added = await emu.seed({
				reports: [{ ownerLoginId: 'alex.ops@example.com', name: 'Workshop Munich', entries: 1 }],
			});
			const workshop = added.reports[0].id;
			await polls(listings(), 1, 'a poll after the new report (not approved yet)');
			await emu.updateReport(workshop, { approvalStatusCode: 'A_APPR', addImage: 'pdf' });
			await eventsFor(workshop, 1, 'the new report approved after the restart');
			from = listings();
			await polls(from, 3, 'three polls after the last event');
			assert.deepEqual(seen(), [reports[1].id, reports[2].id, workshop]);
			assert.equal(new Set(sink.events.map((e) => e.executionId)).size, 3, 'three executions');
			assert.ok(!seen().includes(reports[0].id), 'never the report approved before activation');
			t.diagnostic(
				`events: ${sink.events.map((e) => `${e.name} (execution ${e.executionId}, ${e.fileSize} B PDF)`).join('; ')}; ${listings()} polls; ${((Date.now() - t0) / 1000).toFixed(0)} s`,
			);
		},
	);

	it(
		'an edit of a report that was approved before activation (its payment status) is no event',
		// Was a defect (measured here with n8n 2.41.1): the activation poll looked back only 48 hours, so a report
		// approved earlier fired as soon as anything on it changed. The first poll now remembers all that matches.
		{ skip },
		async () => {
			assert.ok(editor, 'needs the test before (n8n running)');
			const { reports } = emu.seeded;
			const earlier = sink.events.length;
			await emu.updateReport(reports[0].id, { paymentStatusCode: 'P_PAYC' });
			await polls(listings(), 3, 'three polls after the edit');
			assert.deepEqual(
				sink.events.slice(earlier).map((e) => `${e.name} ${e.approvalStatusCode}`),
				[],
				'the report was Approved before activation and still is',
			);
		},
	);

	/** `n8n start` (the workflow is published): the owner is set up on the first start only. */
	let editorStarts = 0;
	function startProduction() {
		return startN8n(n8n, { owner: editorStarts++ === 0 ? OWNER : undefined });
	}
});
