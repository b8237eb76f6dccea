import { createHash } from 'crypto';

import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { fileItem, JPEG, pdf, PNG } from '../fixtures/files';
import type { Emulator } from '../../support/concur';
import { apiRequests, companyCredential, concurNode, startEmulator } from '../../support/concur';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ port: 0 });
});
afterAll(async () => await emulator.stop());
beforeEach(async () => await emulator.reset());

describe('receipts: upload to Available Receipts, then get the same file back', () => {
	it.each([
		['a PDF', 'lunch.pdf', 'application/pdf'],
		['a PNG', 'taxi.png', 'image/png'],
		['a JPEG', 'hotel.jpg', 'image/jpeg'],
	])('round-trips %s byte for byte', async (_label, fileName, mimeType) => {
		const bytes = mimeType === 'application/pdf' ? await pdf(2) : mimeType === 'image/png' ? PNG : JPEG;
		const credentials = companyCredential(emulator);

		const uploaded = await runWorkflow(
			chain(TRIGGER, fixtureNode([fileItem(bytes, fileName, mimeType)]), concurNode('receipt', 'upload')),
			{ credentials },
		);
		expect(uploaded.status).toBe('success');
		const [upload] = uploaded.json('Concur');
		expect(upload).toEqual({
			id: expect.any(String),
			uri: expect.stringContaining('/api/v3.0/expense/receiptimages/'),
			resource: 'receipt',
			fileName,
			mimeType,
			fileSize: bytes.length,
			sha256: sha256(bytes),
		});

		const fetched = await runWorkflow(
			chain(TRIGGER, concurNode('receipt', 'get', { receiptId: upload.id })),
			{ credentials },
		);
		expect(fetched.status).toBe('success');
		const [item] = fetched.items('Concur');
		expect(item.json).toMatchObject({
			id: upload.id,
			resource: 'receipt',
			mimeType,
			fileSize: bytes.length,
			sha256: sha256(bytes),
			fileName: expect.stringMatching(new RegExp(`\\.${fileName.split('.').pop()}$`)),
			urlExpiresAt: expect.any(String),
		});
		expect(item.binary?.data.mimeType).toBe(mimeType);
		expect(sha256(await fetched.bytes(item.binary?.data))).toBe(sha256(bytes));
	});

	it('sends the type found in the bytes, not the one the trigger declared', async () => {
		const credentials = companyCredential(emulator);
		const run = await runWorkflow(
			chain(TRIGGER, fixtureNode([fileItem(PNG, 'scan.pdf', 'application/pdf')]), concurNode('receipt', 'upload')),
			{ credentials },
		);
		expect(run.status).toBe('success');
		const [result] = run.json('Concur');
		expect(result.mimeType).toBe('image/png');
		expect(result.warnings).toEqual([
			expect.objectContaining({ code: 'MIME_MISMATCH' }),
			expect.objectContaining({ code: 'EXTENSION_MISMATCH' }),
		]);
		const upload = apiRequests(emulator).find((entry: { method: string }) => entry.method === 'POST');
		expect(upload.headers['content-type']).toBe('image/png');
		expect(upload.headers['content-length']).toBe(String(PNG.length));
	});

	it('gives the short-lived URL instead of the file when Download is off', async () => {
		const credentials = companyCredential(emulator);
		const uploaded = await runWorkflow(
			chain(TRIGGER, fixtureNode([fileItem(PNG, 'a.png', 'image/png')]), concurNode('receipt', 'upload')),
			{ credentials },
		);
		const [{ id }] = uploaded.json('Concur');
		const run = await runWorkflow(chain(TRIGGER, concurNode('receipt', 'get', { receiptId: id, download: false })), {
			credentials,
		});
		const [item] = run.items('Concur');
		expect(item.binary).toBeUndefined();
		expect(item.json).toEqual({
			id,
			resource: 'receipt',
			targetId: id,
			url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//),
			urlExpiresAt: expect.any(String),
		});
		expect(String(item.json.url)).not.toContain('&amp;');
		const expiresIn = Date.parse(String(item.json.urlExpiresAt)) - Date.now();
		expect(expiresIn).toBeGreaterThan(10 * 60 * 1000);
		expect(expiresIn).toBeLessThanOrEqual(15 * 60 * 1000 + 5000);
	});
});

describe('receipts through Image v1', () => {
	it('uploads with POST /receipt and gets the file back with GET /receipt/{id}', async () => {
		const credentials = companyCredential(emulator);
		const options = { api: 'imageV1' };
		const uploaded = await runWorkflow(
			chain(TRIGGER, fixtureNode([fileItem(JPEG, 'cab.jpg', 'image/jpeg')]), concurNode('receipt', 'upload', { options })),
			{ credentials },
		);
		expect(uploaded.status).toBe('success');
		const [upload] = uploaded.json('Concur');
		expect(upload).toMatchObject({ id: expect.any(String), resource: 'receipt', sha256: sha256(JPEG) });
		const fetched = await runWorkflow(chain(TRIGGER, concurNode('receipt', 'get', { receiptId: upload.id, options })), { credentials });
		const [item] = fetched.items('Concur');
		expect(sha256(await fetched.bytes(item.binary?.data))).toBe(sha256(JPEG));
		expect(apiRequests(emulator).filter((r: { dc: string }) => r.dc !== 'image').map((r: { method: string; path: string }) => `${r.method} ${r.path}`)).toEqual([
			'POST /api/image/v1.0/receipt',
			`GET /api/image/v1.0/receipt/${encodeURIComponent(String(upload.id))}`,
		]);
	});
});
