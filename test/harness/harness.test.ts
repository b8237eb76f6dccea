import { createHash } from 'crypto';

import { startEchoServer } from '../support/echo-server';
import { chain, CredentialStore, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';

// A 1×1 PNG, as an email attachment would bring it.
const PNG_1PX = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64',
);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('the test harness runs real workflows on n8n-core', () => {
	it('evaluates expressions in node parameters', async () => {
		const run = await runWorkflow(
			chain(TRIGGER, {
				name: 'Files',
				type: 'test.fixtureItems',
				parameters: { items: '={{ JSON.stringify([{ json: { total: 1 + 2, note: "a".toUpperCase() } }]) }}' },
			}),
		);
		expect(run.status).toBe('success');
		expect(run.json('Files')).toEqual([{ total: 3, note: 'A' }]);
	});

	it.each(['default', 'filesystem'] as const)('carries a file from node to node in %s binary mode', async (binaryMode) => {
		const run = await runWorkflow(
			chain(
				TRIGGER,
				fixtureNode([{ json: { from: 'mail' }, binary: { data: { base64: PNG_1PX.toString('base64'), fileName: 'receipt.png', mimeType: 'image/png' } } }]),
				{ name: 'Probe', type: 'test.binaryProbe', parameters: {} },
			),
			{ binaryMode },
		);
		expect(run.status).toBe('success');
		const [item] = run.items('Probe');
		expect(item.json.files).toEqual({
			data: {
				size: PNG_1PX.length,
				sha256: sha256(PNG_1PX),
				base64: PNG_1PX.toString('base64'),
				mimeType: 'image/png',
				fileName: 'receipt.png',
				storedOutsideItem: binaryMode === 'filesystem',
			},
		});
		expect(Boolean(item.binary?.data.id)).toBe(binaryMode === 'filesystem');
		expect(sha256(await run.bytes(item.binary?.data))).toBe(sha256(PNG_1PX));
	});

	it('routes a failed item to the error output and keeps the others', async () => {
		const workflow = chain(
			TRIGGER,
			fixtureNode([{ json: { n: 1, fail: false } }, { json: { n: 2, fail: true } }, { json: { n: 3, fail: false } }]),
			{ name: 'Check', type: 'test.failOnFlag', parameters: {}, onError: 'continueErrorOutput' },
		);
		const run = await runWorkflow(workflow);
		expect(run.status).toBe('success');
		expect(run.json('Check', 0)).toEqual([
			{ n: 1, fail: false, passed: true },
			{ n: 3, fail: false, passed: true },
		]);
		expect(run.json('Check', 1)).toEqual([{ n: 2, fail: true, error: 'Item 1 asked to fail' }]);
	});

	it('stops the workflow on a failed item when errors are not continued', async () => {
		const run = await runWorkflow(
			chain(TRIGGER, fixtureNode([{ json: { fail: true } }]), { name: 'Check', type: 'test.failOnFlag', parameters: {} }),
		);
		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('Item 0 asked to fail');
	});

	it("persists what a credential's preAuthentication returns, and runs it again after a 401", async () => {
		const server = await startEchoServer();
		try {
			const credentials = new CredentialStore().add({
				id: 'session-1',
				name: 'Session',
				type: 'testSessionApi',
				data: { login: 'ops' },
			});
			const workflow = chain(TRIGGER, fixtureNode([{ json: {} }, { json: {} }]), {
				name: 'Call',
				type: 'test.sessionEcho',
				parameters: { url: server.url },
				credentials: { testSessionApi: { id: 'session-1', name: 'Session' } },
			});

			const first = await runWorkflow(workflow, { credentials });
			expect(first.status).toBe('success');
			expect(first.json('Call').map((seen) => (seen.headers as Record<string, string>).authorization)).toEqual([
				'Session session-ops-1',
				'Session session-ops-1',
			]);
			expect(credentials.data('session-1')).toMatchObject({ sessionToken: 'session-ops-1', sessionsIssued: 1 });
			expect(credentials.preAuthentications).toEqual([
				{ credentialId: 'session-1', type: 'testSessionApi', credentialsExpired: false, returnedKeys: ['sessionToken', 'sessionsIssued'] },
			]);

			server.failNextWith(401);
			const second = await runWorkflow(workflow, { credentials });
			expect(second.status).toBe('success');
			expect(credentials.data('session-1')).toMatchObject({ sessionToken: 'session-ops-2', sessionsIssued: 2 });
			expect(credentials.preAuthentications[1]).toMatchObject({ credentialsExpired: true });
			expect(server.requests.map((r) => (r as { headers: Record<string, string> }).headers.authorization)).toEqual([
				'Session session-ops-1',
				'Session session-ops-1',
				'Session session-ops-1',
				'Session session-ops-2',
				'Session session-ops-2',
			]);
		} finally {
			await server.close();
		}
	});
});
