// The rows of the README's fault matrix that no other test covers: what the node does with each fault, and what
// the user sees. (The others are named in the README next to their row.)
import { createHash } from 'crypto';

import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { fileItem, PNG } from '../fixtures/files';
import { apiRequests, companyCredential, concurNode } from '../../support/concur';
import { useEmulator } from '../support/use-emulator';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const V3 = '/api/v3.0/expense/receiptimages';
const fast = { maxRetries: 2, retryDelayMs: 20 };

const emu = useEmulator();

const statusesOf = (method: string) =>
	apiRequests(emu())
		.filter((entry: { method: string }) => entry.method === method)
		.map((entry: { status: number }) => entry.status);
const upload = () =>
	chain(
		TRIGGER,
		fixtureNode([fileItem(PNG, 'r.png', 'image/png')]),
		concurNode('receipt', 'upload', { options: fast }, { onError: 'continueErrorOutput' }),
	);
// Lists the Available Receipts of a seeded user (the company's own are empty).
const list = () =>
	chain(
		TRIGGER,
		concurNode(
			'receipt',
			'getMany',
			{ limit: 1, options: { ...fast, user: emu().seeded.receipts[0].ownerLoginId } },
			{ onError: 'continueErrorOutput' },
		),
	);

describe('fault matrix', () => {
	it('429 without Retry-After: waits by its own backoff, then the file is stored once', async () => {
		emu().setFaults([{ method: 'POST', path: V3, times: 1, kind: '429', retryAfter: null }]);
		const run = await runWorkflow(upload(), { credentials: companyCredential(emu()) });
		expect(run.json('Concur', 0).map((item) => item.sha256)).toEqual([sha256(PNG)]);
		expect(statusesOf('POST')).toEqual([429, 200]);
	});

	it('504 on a list is retried; on an upload it is not (Concur may have stored it) and says so', async () => {
		emu().setFaults([{ method: 'GET', path: V3, times: 1, kind: '504' }]);
		const listed = await runWorkflow(list(), { credentials: companyCredential(emu()) });
		expect(listed.json('Concur', 0)).toHaveLength(1);
		expect(statusesOf('GET')).toEqual([504, 200]);

		emu().clearRequestLog();
		emu().setFaults([{ method: 'POST', path: V3, times: 1, kind: '504' }]);
		const uploaded = await runWorkflow(upload(), { credentials: companyCredential(emu()) });
		const [failure] = uploaded.json('Concur', 1);
		expect(failure.details).toMatchObject({ code: 'CONCUR_UNAVAILABLE', httpCode: 504 });
		expect(statusesOf('POST')).toEqual([504]);
	});

	it('an HTML maintenance page (502 from a proxy) on a list: retried, then named by its title', async () => {
		emu().setFaults([{ path: V3, kind: 'html' }]);
		const run = await runWorkflow(list(), { credentials: companyCredential(emu()) });
		const [failure] = run.json('Concur', 1);
		expect(failure.details).toMatchObject({ code: 'CONCUR_UNAVAILABLE', httpCode: 502 });
		expect(failure.error).toMatch(/an HTML page/);
		expect(statusesOf('GET')).toEqual([502, 502, 502]);
	});

	it('a slow answer body still arrives whole', async () => {
		emu().setFaults([{ method: 'GET', path: V3, times: 1, kind: 'slow-body', chunkBytes: 64, intervalMs: 20 }]);
		const run = await runWorkflow(list(), { credentials: companyCredential(emu()) });
		expect(run.json('Concur', 0)).toEqual([expect.objectContaining({ id: expect.any(String) })]);
	});

	it('a reset before Concur answered an upload is not repeated blindly: NETWORK_ERROR, the host named', async () => {
		emu().setFaults([{ method: 'POST', path: V3, times: 1, kind: 'reset' }]);
		const run = await runWorkflow(upload(), { credentials: companyCredential(emu()) });
		const [failure] = run.json('Concur', 1);
		expect(failure.details).toMatchObject({ code: 'NETWORK_ERROR' });
		expect(failure.error).toContain(new URL(emu().dataCenters.eu).host);
		expect(statusesOf('POST')).toHaveLength(1);
	});
});
