'use strict';
// Proves the real-n8n toolkit (scripts/lib/n8n-instance.js) on which the Concur end-to-end tests and the demo stand:
// a plain workflow runs headless and its output is read from the run JSON; a failure is reported from the JSON; a
// community package installed from an `npm pack` tarball loads as `<package>.<node>` with its credential; the
// credential can be read back decrypted; execute-batch works and is compared with sequential execute; the editor
// starts and stops. Run with `npm run test:e2e` (or `node scripts/e2e.js --no-build test/e2e/runtime.test.js`).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');

const {
	createInstance,
	nodeOutput,
	nodeError,
	executedNodes,
} = require('../../scripts/lib/n8n-instance');
const {
	buildProbePackage,
	PROBE_PACKAGE,
	PROBE_NODE_TYPE,
	PROBE_CREDENTIAL_TYPE,
} = require('./support/probe-package');

const trigger = {
	id: 'n-trigger',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const link = (from, to, index = 0) => ({ [from]: { main: [[{ node: to, type: 'main', index }]] } });

function setWorkflow(id, value) {
	return {
		id,
		name: `Set ${id}`,
		nodes: [
			trigger,
			{
				id: 'n-set',
				name: 'Set',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					assignments: {
						assignments: [
							{ id: 'a1', name: 'sum', value: '={{ 1 + 2 }}', type: 'number' },
							{ id: 'a2', name: 'label', value, type: 'string' },
						],
					},
					options: {},
				},
			},
		],
		connections: link('Start', 'Set'),
	};
}

function probeWorkflow(id, mode, extra = {}) {
	return {
		id,
		name: `Probe ${id}`,
		nodes: [
			trigger,
			{
				id: 'n-probe',
				name: 'Probe',
				type: PROBE_NODE_TYPE,
				typeVersion: 1,
				position: [220, 0],
				parameters: { mode },
				credentials: {
					[PROBE_CREDENTIAL_TYPE]: { id: 'probeCred0000001', name: 'Probe credential' },
				},
				...extra,
			},
		],
		connections: link('Start', 'Probe'),
	};
}

describe('real n8n runtime toolkit', { timeout: 15 * 60 * 1000 }, () => {
	let n8n;
	let tmp;

	before(async () => {
		tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-runtime-'));
		n8n = await createInstance();
	});

	after(async () => {
		if (n8n) await n8n.cleanup();
		if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
	});

	it('executes manualTrigger -> Set headless and returns the run JSON', async (t) => {
		await n8n.importWorkflows([setWorkflow('wfSet1', 'hello')]);
		const r = await n8n.execute('wfSet1');
		t.diagnostic(`execute took ${r.ms} ms (exit ${r.signal || r.code})`);
		assert.equal(r.ok, true, r.error && `${r.error.message}\n${r.error.description}`);
		assert.equal(r.status, 'success');
		assert.deepEqual(executedNodes(r.run), ['Start', 'Set']);
		assert.deepEqual(nodeOutput(r.run, 'Set'), [{ sum: 3, label: 'hello' }]);
	});

	it('reports a failing workflow from the run JSON', async () => {
		await n8n.importWorkflows([
			{
				id: 'wfFail1',
				name: 'Fails',
				nodes: [
					trigger,
					{
						id: 'n-stop',
						name: 'Stop',
						type: 'n8n-nodes-base.stopAndError',
						typeVersion: 1,
						position: [220, 0],
						parameters: { errorMessage: 'stopped on purpose' },
					},
				],
				connections: link('Start', 'Stop'),
			},
		]);
		const r = await n8n.execute('wfFail1');
		assert.equal(r.ok, false);
		assert.ok(r.run, 'the run JSON is printed for a failed execution too');
		assert.equal(r.status, 'error');
		assert.equal(r.error.message, 'stopped on purpose');
		assert.equal(r.lastNodeExecuted, 'Stop');
	});

	it('loads a community package installed from an npm pack tarball', async (t) => {
		const tarball = buildProbePackage(tmp);
		const installed = await n8n.installPackage(tarball);
		assert.equal(installed.name, PROBE_PACKAGE);
		assert.ok(
			fs.existsSync(
				path.join(
					n8n.userFolder,
					'.n8n',
					'nodes',
					'node_modules',
					PROBE_PACKAGE,
					'dist',
					'nodes',
					'E2eProbe',
					'E2eProbe.node.js',
				),
			),
		);

		await n8n.importCredentials([
			{
				id: 'probeCred0000001',
				name: 'Probe credential',
				type: PROBE_CREDENTIAL_TYPE,
				data: { apiKey: 'secret-12345' },
			},
		]);
		await n8n.importWorkflows([
			probeWorkflow('wfProbe1', 'echo'),
			probeWorkflow('wfProbe2', 'binary'),
			probeWorkflow('wfProbe3', 'fail'),
			probeWorkflow('wfProbe4', 'fail', { onError: 'continueErrorOutput' }),
		]);

		const echo = await n8n.execute('wfProbe1');
		assert.equal(echo.ok, true, echo.error && `${echo.error.message}\n${echo.error.description}`);
		assert.deepEqual(nodeOutput(echo.run, 'Probe'), [{ probe: true, apiKeyLength: 12 }]);

		// Binary data: n8n 2.x's default filesystem mode keeps the bytes on disk and only a reference in the run.
		const bin = await n8n.execute('wfProbe2');
		assert.equal(bin.ok, true, bin.error && bin.error.message);
		const [item] = nodeOutput(bin.run, 'Probe', { withBinary: true });
		assert.equal(item.binary.data.fileName, 'probe.txt');
		assert.equal(item.binary.data.mimeType, 'text/plain');
		assert.match(item.binary.data.id, /^filesystem/);
		assert.equal(item.binary.data.data, 'filesystem-v2');
		assert.equal((await n8n.readBinary(item.binary.data)).toString('utf8'), 'hello from the probe');
		t.diagnostic(`binary reference in the run JSON: ${JSON.stringify(item.binary.data)}`);

		// A NodeOperationError thrown by the package's node: n8n-workflow resolved from n8n's own tree, so n8n
		// recognises the error class.
		const fail = await n8n.execute('wfProbe3');
		assert.equal(fail.ok, false);
		assert.equal(fail.error.message, 'probe failed on purpose');
		assert.equal(fail.error.name, 'NodeOperationError');
		assert.equal(fail.error.node, 'Probe');
		assert.equal(nodeError(fail.run, 'Probe').message, 'probe failed on purpose');

		// The same error routed to the node's error output instead.
		const routed = await n8n.execute('wfProbe4');
		assert.equal(routed.ok, true, routed.error && routed.error.message);
		assert.deepEqual(nodeOutput(routed.run, 'Probe', { output: 0 }), []);
		const errItems = nodeOutput(routed.run, 'Probe', { output: 1 });
		assert.equal(errItems.length, 1);
		assert.match(JSON.stringify(errItems[0]), /probe failed on purpose/);

		// What n8n stored, decrypted.
		const creds = await n8n.exportCredentials({ decrypted: true });
		const probe = creds.find((c) => c.id === 'probeCred0000001');
		assert.ok(probe, 'imported credential is exported');
		assert.equal(probe.type, PROBE_CREDENTIAL_TYPE);
		assert.deepEqual(probe.data, { apiKey: 'secret-12345' });
		const encrypted = await n8n.exportCredentials({ decrypted: false, id: 'probeCred0000001' });
		assert.equal(typeof encrypted[0].data, 'string', 'without decrypted the data stays encrypted');
		assert.doesNotMatch(encrypted[0].data, /secret-12345/);
	});

	it('execute-batch runs several workflows in one process; compared with sequential execute', async (t) => {
		const ids = ['wfBatch1', 'wfBatch2', 'wfBatch3'];
		await n8n.importWorkflows(ids.map((id) => setWorkflow(id, `label ${id}`)));

		let t0 = Date.now();
		const sequential = [];
		for (const id of ids) sequential.push(await n8n.execute(id));
		const sequentialMs = Date.now() - t0;
		for (const [i, r] of sequential.entries()) {
			assert.equal(r.ok, true, r.error && r.error.message);
			assert.deepEqual(nodeOutput(r.run, 'Set'), [{ sum: 3, label: `label ${ids[i]}` }]);
		}

		t0 = Date.now();
		const batch = await n8n.executeBatch(ids);
		const batchMs = Date.now() - t0;
		assert.equal(batch.ok, true, JSON.stringify(batch.summary) + batch.stdout.slice(-2000));
		assert.equal(batch.summary.successfulExecutions, 3);
		for (const id of ids) {
			assert.ok(batch.runs[id], `snapshot of ${id}`);
			assert.deepEqual(nodeOutput(batch.runs[id], 'Set'), [{ sum: 3, label: `label ${id}` }]);
		}

		// A failing workflow in a batch: reported in the summary (no snapshot), the others still run.
		const mixed = await n8n.executeBatch(['wfBatch1', 'wfFail1']);
		assert.equal(mixed.ok, false);
		assert.equal(mixed.summary.successfulExecutions, 1);
		assert.equal(mixed.summary.failedExecutions, 1);
		assert.match(
			mixed.executions.find((e) => e.workflowId === 'wfFail1').error,
			/stopped on purpose/,
		);
		assert.ok(mixed.runs.wfBatch1 && !mixed.runs.wfFail1);
		t.diagnostic(
			`mixed batch exit: ${mixed.signal || mixed.code} (judged from the result file, not the exit code)`,
		);

		const faster = batchMs < sequentialMs ? 'execute-batch' : 'sequential execute';
		t.diagnostic(
			`3 workflows: sequential execute ${sequentialMs} ms (${sequential.map((r) => r.ms).join(' + ')}), execute-batch ${batchMs} ms -> ${faster} is faster`,
		);
	});

	it('starts the editor, answers on the port, and stops', async (t) => {
		const t0 = Date.now();
		const editor = await n8n.startEditor({
			owner: {
				email: 'demo@example.com',
				firstName: 'Demo',
				lastName: 'User',
				password: 'Demo-password-1',
			},
		});
		try {
			t.diagnostic(`editor ready at ${editor.url} in ${Date.now() - t0} ms`);
			const res = await fetch(`${editor.url}rest/settings`);
			assert.equal(res.status, 200);
			const settings = (await res.json()).data;
			assert.equal(settings.userManagement.showSetupOnFirstLoad, false, 'owner set up');
			assert.ok(editor.cookie, 'owner session cookie');
			const types = await fetch(`${editor.url}types/nodes.json`, {
				headers: { cookie: editor.cookie },
			});
			assert.equal(types.status, 200);
			const list = await types.json();
			assert.ok(
				list.some((n) => n.name === PROBE_NODE_TYPE),
				'the community node is known to the editor',
			);
			const credTypes = await fetch(`${editor.url}types/credentials.json`, {
				headers: { cookie: editor.cookie },
			});
			assert.ok(
				(await credTypes.json()).some((c) => c.name === PROBE_CREDENTIAL_TYPE),
				'and its credential type',
			);
		} finally {
			await editor.stop();
		}
		await assert.rejects(fetch(editor.url), 'the port is closed after stop()');
	});
});
