import { createHash } from 'crypto';

import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { encryptedPdf, fileItem, HEIC, JPEG, pdf, PNG } from '../fixtures/files';
import type { Emulator } from '../../support/concur';
import { apiRequests, companyCredential, concurNode, startEmulator } from '../../support/concur';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const UPLOAD_PATH = '/api/v3.0/expense/receiptimages';
const fastRetries = { maxRetries: 3, retryDelayMs: 20 };

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ port: 0 });
});
afterAll(async () => await emulator.stop());
beforeEach(async () => await emulator.reset());

const uploads = () => apiRequests(emulator).filter((r: { method: string }) => r.method === 'POST');
const storedHashes = async () =>
	((await emulator.state()).receipts as Array<{ image: { sha256: string } }>).map((r) => r.image.sha256);

describe('a mixed batch with the error output on', () => {
	it('uploads the valid files, routes the invalid ones with their codes, and never sends them', async () => {
		const files = [
			fileItem(await pdf(1), 'good.pdf', 'application/pdf', { from: 'alice@example.com' }),
			fileItem(HEIC, 'IMG_0042.HEIC', 'image/heic', { from: 'bob@example.com' }),
			fileItem(PNG, 'good.png', 'image/png'),
			fileItem(await encryptedPdf(), 'statement.pdf', 'application/pdf'),
			fileItem(Buffer.alloc(0), 'empty.pdf', 'application/pdf'),
			fileItem(JPEG.subarray(0, JPEG.length - 40), 'cut.jpg', 'image/jpeg'),
			fileItem(JPEG, 'good.jpg', 'image/jpeg'),
		];
		const run = await runWorkflow(
			chain(TRIGGER, fixtureNode(files), concurNode('receipt', 'upload', {}, { onError: 'continueErrorOutput' })),
			{ credentials: companyCredential(emulator) },
		);
		expect(run.status).toBe('success');
		const sent = run.json('Concur', 0);
		const refused = run.json('Concur', 1);
		expect(sent.length + refused.length).toBe(files.length);
		expect(sent.map((r) => r.fileName)).toEqual(['good.pdf', 'good.png', 'good.jpg']);
		expect(refused.map((r) => [r.fileName, (r.details as { code: string }).code])).toEqual([
			['IMG_0042.HEIC', 'UNSUPPORTED_TYPE'],
			['statement.pdf', 'ENCRYPTED_PDF'],
			['empty.pdf', 'EMPTY_FILE'],
			['cut.jpg', 'CORRUPT_FILE'],
		]);
		// the input item's data comes along, and so does its file
		expect(refused[0]).toMatchObject({
			from: 'bob@example.com',
			error: 'File "IMG_0042.HEIC" was not sent to Concur: UNSUPPORTED_TYPE',
			details: { description: expect.stringMatching(/HEIC/), detectedMimeType: 'image/heic', problems: [expect.objectContaining({ code: 'UNSUPPORTED_TYPE' })] },
		});
		expect(run.items('Concur', 1)[0].binary?.data.fileName).toBe('IMG_0042.HEIC');
		expect(run.items('Concur', 1).map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 3 }, { item: 4 }, { item: 5 }]);
		// Concur saw exactly the three valid files
		expect(uploads()).toHaveLength(3);
		expect(uploads().map((r: { bodyBytes: number }) => r.bodyBytes).sort()).toEqual(
			[files[0], files[2], files[6]].map((f) => Buffer.from(f.binary!.data.base64, 'base64').length).sort(),
		);
	});

	it('keeps the input order whatever the concurrency', async () => {
		const files = Array.from({ length: 12 }, (_, i) => fileItem(i % 2 ? PNG : JPEG, `file-${i}.${i % 2 ? 'png' : 'jpg'}`, i % 2 ? 'image/png' : 'image/jpeg'));
		const run = await runWorkflow(
			chain(TRIGGER, fixtureNode(files), concurNode('receipt', 'upload', { options: { concurrency: 5 } })),
			{ credentials: companyCredential(emulator) },
		);
		expect(run.json('Concur').map((r) => r.fileName)).toEqual(files.map((f) => f.json?.fileName));
		expect(run.items('Concur').map((item) => item.pairedItem)).toEqual(files.map((_, i) => ({ item: i })));
	});

	it('stops the workflow with the item named when errors are not continued', async () => {
		const run = await runWorkflow(
			chain(TRIGGER, fixtureNode([fileItem(PNG, 'ok.png', 'image/png'), fileItem(HEIC, 'photo.heic', 'image/heic')]), concurNode('receipt', 'upload', { options: { concurrency: 1 } })),
			{ credentials: companyCredential(emulator) },
		);
		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('File "photo.heic" was not sent to Concur: UNSUPPORTED_TYPE');
		expect((run.error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(1);
	});

	it('names the missing input field', async () => {
		const run = await runWorkflow(
			chain(TRIGGER, fixtureNode([{ json: { note: 'no file here' } }]), concurNode('receipt', 'upload', {}, { onError: 'continueErrorOutput' })),
			{ credentials: companyCredential(emulator) },
		);
		const [failed] = run.json('Concur', 1);
		expect(failed.error).toMatch(/binary/i);
		expect(failed.details).toMatchObject({ code: 'MISSING_BINARY' });
		expect(uploads()).toHaveLength(0);
	});
});

describe('retries', () => {
	it('waits out a 429 with Retry-After and a 503, and uploads each file once', async () => {
		emulator.setFaults([
			{ method: 'POST', path: UPLOAD_PATH, nth: [1], kind: '429', retryAfter: 1 },
			{ method: 'POST', path: UPLOAD_PATH, nth: [3], kind: '503' },
		]);
		const run = await runWorkflow(
			chain(
				TRIGGER,
				fixtureNode([fileItem(PNG, 'a.png', 'image/png'), fileItem(JPEG, 'b.jpg', 'image/jpeg')]),
				concurNode('receipt', 'upload', { options: { ...fastRetries, concurrency: 1 } }),
			),
			{ credentials: companyCredential(emulator) },
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
		emulator.setFaults([{ method: 'POST', path: UPLOAD_PATH, nth: [1], kind: '500' }]);
		const run = await runWorkflow(
			chain(TRIGGER, fixtureNode([fileItem(PNG, 'a.png', 'image/png')]), concurNode('receipt', 'upload', { options: fastRetries }, { onError: 'continueErrorOutput' })),
			{ credentials: companyCredential(emulator) },
		);
		expect(uploads()).toHaveLength(1);
		expect(run.json('Concur', 1)).toEqual([
			expect.objectContaining({
				details: expect.objectContaining({ code: 'CONCUR_ERROR', httpCode: 500, description: expect.stringContaining('may have stored the file') }),
			}),
		]);
	});

	it('repeats a get after a 502, a reset connection and a broken download', async () => {
		const credentials = companyCredential(emulator);
		const uploaded = await runWorkflow(chain(TRIGGER, fixtureNode([fileItem(JPEG, 'b.jpg', 'image/jpeg')]), concurNode('receipt', 'upload')), { credentials });
		const [{ id }] = uploaded.json('Concur');
		emulator.setFaults([
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
		const credentials = companyCredential(emulator);
		const uploaded = await runWorkflow(chain(TRIGGER, fixtureNode([fileItem(PNG, 'a.png', 'image/png')]), concurNode('receipt', 'upload')), { credentials });
		const [{ id }] = uploaded.json('Concur');
		emulator.configure({ imageUrlTtlSeconds: 0.001 });
		const run = await runWorkflow(
			chain(TRIGGER, concurNode('receipt', 'get', { receiptId: id, options: fastRetries }, { onError: 'continueErrorOutput' })),
			{ credentials },
		);
		const requests = apiRequests(emulator).filter((r: { method: string }) => r.method === 'GET');
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

describe('binary data modes', () => {
	it('round-trips a file stored on disk (filesystem mode)', async () => {
		const credentials = companyCredential(emulator);
		const bytes = await pdf(3);
		const uploaded = await runWorkflow(
			chain(TRIGGER, fixtureNode([fileItem(bytes, 'scan.pdf', 'application/pdf')]), concurNode('receipt', 'upload')),
			{ credentials, binaryMode: 'filesystem' },
		);
		const [{ id, sha256: sent }] = uploaded.json('Concur');
		expect(sent).toBe(sha256(bytes));
		const fetched = await runWorkflow(chain(TRIGGER, concurNode('receipt', 'get', { receiptId: id })), { credentials, binaryMode: 'filesystem' });
		const [item] = fetched.items('Concur');
		expect(item.binary?.data.id).toMatch(/^filesystem/);
		expect(sha256(await fetched.bytes(item.binary?.data))).toBe(sha256(bytes));
	});
});

describe('file: validate', () => {
	it('gives a verdict per file without a credential or any request, and passes the file through', async () => {
		const run = await runWorkflow(
			chain(
				TRIGGER,
				fixtureNode([fileItem(PNG, 'ok.png', 'image/png', { ticket: 7 }), fileItem(HEIC, 'photo.heic', 'image/heic')]),
				concurNode('file', 'validate'),
			),
		);
		expect(run.status).toBe('success');
		const [ok, heic] = run.items('Concur');
		expect(ok.json).toMatchObject({ ticket: 7, valid: true, detectedMimeType: 'image/png', fileSize: PNG.length, sha256: sha256(PNG), problems: [] });
		expect(ok.binary?.data.fileName).toBe('ok.png');
		expect(heic.json).toMatchObject({ valid: false, detectedMimeType: 'image/heic', problems: [expect.objectContaining({ code: 'UNSUPPORTED_TYPE' })] });
		expect(apiRequests(emulator, true)).toHaveLength(0);
	});
});

describe('network failures', () => {
	it('names the Concur host and the problem in words, after the retries', async () => {
		emulator.setFaults([{ path: '/api/*', kind: 'reset' }]);
		try {
			const run = await runWorkflow(
				chain(TRIGGER, concurNode('receipt', 'getMany', { limit: 5, options: { maxRetries: 1, retryDelayMs: 10 } }, { onError: 'continueErrorOutput' })),
				{ credentials: companyCredential(emulator) },
			);
			const [failure] = run.json('Concur', 1);
			const host = new URL(emulator.dataCenters.eu).host;
			expect(failure).toEqual({
				error: `Could not reach Concur at ${host} to list the receipt images: the connection was reset.`,
				details: expect.objectContaining({ code: 'NETWORK_ERROR' }),
			});
			expect(apiRequests(emulator)).toHaveLength(2);
		} finally {
			emulator.setFaults([]);
		}
	});
});
