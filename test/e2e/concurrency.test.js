// One company credential, several executions at once, in real n8n 2.41.1: the access token has expired and the
// request token is past its 24 hours, so every execution must refresh, and Concur (the emulator) rotates the
// refresh token on each refresh and refuses the replaced one at once. All executions must succeed, twice, and
// n8n must end up holding the newest refresh token.
'use strict';

const assert = require('node:assert/strict');
const { after, before, describe, it } = require('node:test');

const { createInstance } = require('../../scripts/lib/n8n-instance');
const { startEmulator } = require('../../emulator');
const { CREDENTIAL, emulatorCredential } = require('../../scripts/lib/example-setup');

const TARBALL = process.env.N8N_E2E_PACKAGE_TARBALL;
const EXECUTIONS = 6;

const listWorkflow = (i) => ({
	id: `e2eRace${i}`,
	name: `List receipts ${i}`,
	nodes: [
		{ id: `s${i}`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: `c${i}`,
			name: 'List',
			type: 'n8n-nodes-concur-imaging.concurImaging',
			typeVersion: 1,
			position: [220, 0],
			parameters: { resource: 'receipt', operation: 'getMany', returnAll: false, limit: 1, options: {} },
			credentials: { concurCompanyApi: { ...CREDENTIAL } },
		},
	],
	connections: { Start: { main: [[{ node: 'List', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
});

describe('one company credential, executions at once (real n8n)', { timeout: 10 * 60 * 1000 }, () => {
	const skip = !TARBALL && 'N8N_E2E_PACKAGE_TARBALL is not set (run via npm run test:e2e)';
	let emu;
	let n8n;
	const ids = Array.from({ length: EXECUTIONS }, (_, i) => `e2eRace${i + 1}`);

	before(async () => {
		if (skip) return;
		// One exchange per request token (the strict reading of Concur's pages), rotation on every refresh, no grace.
		emu = await startEmulator({ port: 0, refreshRotation: 'always', requestTokenUses: 1 });
		n8n = await createInstance();
		await n8n.installPackage(TARBALL);
		await n8n.importCredentials([emulatorCredential(emu)]);
		await n8n.importWorkflows(ids.map((_, i) => listWorkflow(i + 1)));
	});
	after(async () => {
		if (n8n) await n8n.cleanup();
		if (emu) await emu.stop();
	});

	it(`${EXECUTIONS} executions started together after the access token expired all succeed, twice`, { skip }, async (t) => {
		const first = await n8n.execute(ids[0]);
		assert.equal(first.ok, true, 'the first execution exchanges the request token');
		for (const round of [1, 2]) {
			emu.advanceTime(25 * 3600);
			emu.expireAccessTokens();
			emu.clearRequestLog();
			const batch = await n8n.executeBatch(ids, { concurrency: EXECUTIONS });
			const refreshes = emu.requestLog().filter((e) => e.path === '/oauth2/v0/token');
			t.diagnostic(
				`round ${round}: ${batch.summary?.successfulExecutions} of ${EXECUTIONS} succeeded; token requests ${refreshes
					.map((e) => `${e.form.grant_type}:${e.status}`)
					.join(', ')}`,
			);
			assert.equal(batch.executions.length, EXECUTIONS, `round ${round}: every execution reported`);
			for (const execution of batch.executions) {
				assert.equal(execution.executionStatus, 'success', `round ${round}: ${JSON.stringify(execution.error)}`);
			}
			assert.ok(!/reconnect/i.test(batch.stdout + batch.stderr), `round ${round}: nobody is told to reconnect`);
		}
		// The stored refresh token is the newest: Concur still takes it (it refuses every replaced one).
		const [stored] = (await n8n.exportCredentials({ decrypted: true })).filter((c) => c.id === CREDENTIAL.id);
		const res = await fetch(`${stored.data.geolocation}/oauth2/v0/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				grant_type: 'refresh_token',
				refresh_token: stored.data.currentRefreshToken,
				client_id: emu.client.id,
				client_secret: emu.client.secret,
			}),
		});
		assert.equal(res.status, 200, 'n8n holds the newest refresh token');
	});
});
