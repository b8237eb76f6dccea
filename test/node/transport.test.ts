// The one request path: retries that know whether a request may be repeated, network failures in words.
import { createHash } from 'crypto';

import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { fileItem, JPEG, PNG } from '../fixtures/files';
import { apiRequests, companyCredential, concurNode } from '../../support/concur';
import { useEmulator } from '../support/use-emulator';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const UPLOAD_PATH = '/api/v3.0/expense/receiptimages';
const fastRetries = { maxRetries: 3, retryDelayMs: 20 };

const emu = useEmulator();

const uploads = () => apiRequests(emu()).filter((r: { method: string }) => r.method === 'POST');
const storedHashes = async () =>
	((await emu().state()).receipts as Array<{ image: { sha256: string } }>).map((r) => r.image.sha256);

describe('retries', () => {
	it('waits out a 429 with Retry-After and a 503, and uploads each file once', async () => {
		emu().setFaults([
			{ method: 'POST', path: UPLOAD_PATH, nth: [1], kind: '429', retryAfter: 1 },
			{ method: 'POST', path: UPLOAD_PATH, nth: [3], kind: '503' },
		]);
		const run = await runWorkflow(
			chain(
				TRIGGER,
				fixtureNode([fileItem(PNG, 'a.png', 'image/png'), fileItem(JPEG, 'b.jpg', 'image/jpeg')]),
				concurNode('receipt', 'upload', { options: { ...fastRetries, concurrency: 1 } }),
			),
			{ credentials: companyCredential(emu()) },
		);
		expect(run.status).toBe('success');
		expect(run.json('Concur').map((r) => r.sha256)).toEqual([sha256(PNG), sha256(JPEG)]);
		const attempts = uploads();
		expect(attempts.map((r: { status: number }) => r.status)).toEqual([429, 200, 503, 200]);
		const waited = Date.parse(attempts[1].time) - Date.parse(attempts[0].time);
		expect(waited).toBeGreaterThanOrEqual(900);
		expect((await storedHashes()).filter((hash) => [sha256(PNG), sha256(JPEG)].includes(hash))).toHaveLength(2);
	});

	it('does not repeat an upload after a 500: Concur may have stored it', async () => {
		emu().setFaults([{ method: 'POST', path: UPLOAD_PATH, nth: [1], kind: '500' }]);
		const run = await runWorkflow(
			chain(TRIGGER, fixtureNode([fileItem(PNG, 'a.png', 'image/png')]), concurNode('receipt', 'upload', { options: fastRetries }, { onError: 'continueErrorOutput' })),
			{ credentials: companyCredential(emu()) },
		);
		expect(uploads()).toHaveLength(1);
		expect(run.json('Concur', 1)).toEqual([
			expect.objectContaining({
				details: expect.objectContaining({ code: 'CONCUR_ERROR', httpCode: 500, description: expect.stringContaining('may have stored the file') }),
			}),
		]);
	});

	it('repeats a get after a 502, a reset connection and a broken download', async () => {
		const credentials = companyCredential(emu());
		const uploaded = await runWorkflow(chain(TRIGGER, fixtureNode([fileItem(JPEG, 'b.jpg', 'image/jpeg')]), concurNode('receipt', 'upload')), { credentials });
		const [{ id }] = uploaded.json('Concur');
		emu().setFaults([
			{ method: 'GET', path: `${UPLOAD_PATH}/*`, nth: [1], kind: '502' },
			{ method: 'GET', path: `${UPLOAD_PATH}/*`, nth: [2], kind: 'reset' },
			{ dc: 'image', path: '/*', nth: [1], kind: 'truncate' },
		]);
		const run = await runWorkflow(chain(TRIGGER, concurNode('receipt', 'get', { receiptId: id, options: fastRetries })), { credentials });
		expect(run.status).toBe('success');
		const [item] = run.items('Concur');
		expect(sha256(await run.bytes(item.binary?.data))).toBe(sha256(JPEG));
	});

	it('asks Concur once more for a link when the short-lived URL has already expired, then says so', async () => {
		const credentials = companyCredential(emu());
		const uploaded = await runWorkflow(chain(TRIGGER, fixtureNode([fileItem(PNG, 'a.png', 'image/png')]), concurNode('receipt', 'upload')), { credentials });
		const [{ id }] = uploaded.json('Concur');
		emu().configure({ imageUrlTtlSeconds: 0.001 });
		const run = await runWorkflow(
			chain(TRIGGER, concurNode('receipt', 'get', { receiptId: id, options: fastRetries }, { onError: 'continueErrorOutput' })),
			{ credentials },
		);
		const requests = apiRequests(emu()).filter((r: { method: string }) => r.method === 'GET');
		expect(requests.map((r: { dc: string; status: number }) => [r.dc === 'image' ? 'image host' : 'api', r.status])).toEqual([
			['api', 200],
			['image host', 403],
			['api', 200],
			['image host', 403],
		]);
		expect(run.json('Concur', 1)).toEqual([
			{
				error: `The image of receipt image "${id}" could not be downloaded (HTTP 403)`,
				details: expect.objectContaining({ code: 'IMAGE_DOWNLOAD_FAILED' }),
			},
		]);
	});
});
describe('network failures', () => {
	it('names the Concur host and the problem in words, after the retries', async () => {
		emu().setFaults([{ path: '/api/*', kind: 'reset' }]);
		try {
			const run = await runWorkflow(
				chain(TRIGGER, concurNode('receipt', 'getMany', { limit: 5, options: { maxRetries: 1, retryDelayMs: 10 } }, { onError: 'continueErrorOutput' })),
				{ credentials: companyCredential(emu()) },
			);
			const [failure] = run.json('Concur', 1);
			const host = new URL(emu().dataCenters.eu).host;
			expect(failure).toEqual({
				error: `Could not reach Concur at ${host} to list the receipt images: the connection was reset.`,
				details: expect.objectContaining({ code: 'NETWORK_ERROR' }),
			});
			expect(apiRequests(emu())).toHaveLength(2);
		} finally {
			emu().setFaults([]);
		}
	});
});
