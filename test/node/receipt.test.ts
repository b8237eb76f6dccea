// Receipt: upload to Available Receipts (Receipt Images v3 and Image v1), get, get many, append, delete.
import { createHash } from 'crypto';

import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { fileItem, JPEG, pdf, PNG } from '../fixtures/files';
import { apiRequests, companyCredential, concurNode } from '../../support/concur';
import { useEmulator } from '../support/use-emulator';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const emu = useEmulator();

import { PDFDocument } from 'pdf-lib';

const USER = 'alex.ops@example.com';

describe('receipts: upload to Available Receipts, then get the same file back', () => {
	it.each([
		['a PDF', 'lunch.pdf', 'application/pdf'],
		['a PNG', 'taxi.png', 'image/png'],
		['a JPEG', 'hotel.jpg', 'image/jpeg'],
	])('round-trips %s byte for byte', async (_label, fileName, mimeType) => {
		const bytes = mimeType === 'application/pdf' ? await pdf(2) : mimeType === 'image/png' ? PNG : JPEG;
		const credentials = companyCredential(emu());

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
		const credentials = companyCredential(emu());
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
		const upload = apiRequests(emu()).find((entry: { method: string }) => entry.method === 'POST');
		expect(upload.headers['content-type']).toBe('image/png');
		expect(upload.headers['content-length']).toBe(String(PNG.length));
	});

	it('gives the short-lived URL instead of the file when Download is off', async () => {
		const credentials = companyCredential(emu());
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
		const credentials = companyCredential(emu());
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
		expect(apiRequests(emu()).filter((r: { dc: string }) => r.dc !== 'image').map((r: { method: string; path: string }) => `${r.method} ${r.path}`)).toEqual([
			'POST /api/image/v1.0/receipt',
			`GET /api/image/v1.0/receipt/${encodeURIComponent(String(upload.id))}`,
		]);
	});
});
describe('receipts: get many', () => {
	beforeEach(async () => {
		await emu().seed({ receipts: Array.from({ length: 228 }, () => ({ ownerLoginId: USER })) });
	});

	it('returns all receipts of a user across pages, following NextPage', async () => {
		const run = await runWorkflow(
			chain(TRIGGER, concurNode('receipt', 'getMany', { returnAll: true, options: { user: USER } })),
			{ credentials: companyCredential(emu()) },
		);
		expect(run.status).toBe('success');
		const receipts = run.json('Concur');
		expect(receipts).toHaveLength(230); // the two seeded ones and the 228 added
		expect(new Set(receipts.map((r) => r.id)).size).toBe(230);
		expect(receipts[0]).toEqual({ id: expect.any(String), uri: expect.stringContaining('/api/v3.0/expense/receiptimages/') });
		const pages = apiRequests(emu()).filter((r: { method: string }) => r.method === 'GET');
		expect(pages).toHaveLength(3);
		expect(pages.map((p: { query: Record<string, string> }) => p.query.user)).toEqual([USER, USER, USER]);
		expect(pages[0].query.offset).toBeUndefined();
		expect(pages[1].query.offset).toEqual(expect.any(String));
		expect(run.items('Concur').every((item) => JSON.stringify(item.pairedItem) === JSON.stringify({ item: 0 }))).toBe(true);
	});

	it('stops at the limit', async () => {
		const run = await runWorkflow(
			chain(TRIGGER, concurNode('receipt', 'getMany', { returnAll: false, limit: 130, options: { user: USER } })),
			{ credentials: companyCredential(emu()) },
		);
		expect(run.json('Concur')).toHaveLength(130);
		const pages = apiRequests(emu()).filter((r: { method: string }) => r.method === 'GET');
		expect(pages.map((p: { query: Record<string, string> }) => p.query.limit)).toEqual(['100', '30']);
	});

	it('lists once per input item, each result paired to its item', async () => {
		const run = await runWorkflow(
			chain(TRIGGER, fixtureNode([{ json: { who: 'a' } }, { json: { who: 'b' } }]), concurNode('receipt', 'getMany', { limit: 2, options: { user: USER } })),
			{ credentials: companyCredential(emu()) },
		);
		expect(run.items('Concur').map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }, { item: 1 }]);
	});
});
describe('receipts: append and delete', () => {
	it('appends pages to a receipt: Concur makes one PDF of them', async () => {
		const credentials = companyCredential(emu());
		const uploaded = await runWorkflow(
			chain(TRIGGER, fixtureNode([fileItem(await pdf(1), 'front.pdf', 'application/pdf')]), concurNode('receipt', 'upload')),
			{ credentials },
		);
		const [{ id }] = uploaded.json('Concur');
		const appended = await runWorkflow(
			chain(
				TRIGGER,
				fixtureNode([fileItem(PNG, 'back.png', 'image/png'), fileItem(JPEG, 'tip.jpg', 'image/jpeg')]),
				concurNode('receipt', 'append', { receiptId: id, options: { concurrency: 1 } }),
			),
			{ credentials },
		);
		expect(appended.json('Concur').map((r) => [r.id, r.resource, r.fileName])).toEqual([
			[id, 'receipt', 'back.png'],
			[id, 'receipt', 'tip.jpg'],
		]);
		const fetched = await runWorkflow(chain(TRIGGER, concurNode('receipt', 'get', { receiptId: id })), { credentials });
		const [item] = fetched.items('Concur');
		expect(item.json.mimeType).toBe('application/pdf');
		const merged = await PDFDocument.load(await fetched.bytes(item.binary?.data));
		expect(merged.getPageCount()).toBe(3);
	});

	it('deletes a receipt, and a second delete says it is gone', async () => {
		const credentials = companyCredential(emu());
		const [receipt] = emu().seeded.receipts;
		const deleted = await runWorkflow(
			chain(TRIGGER, concurNode('receipt', 'delete', { receiptId: receipt.id, options: { user: USER } })),
			{ credentials },
		);
		expect(deleted.json('Concur')).toEqual([{ deleted: true, id: receipt.id }]);
		const again = await runWorkflow(
			chain(TRIGGER, concurNode('receipt', 'delete', { receiptId: receipt.id, options: { user: USER } }, { onError: 'continueErrorOutput' })),
			{ credentials },
		);
		expect(again.json('Concur', 1)).toEqual([
			{
				error: `Receipt image "${receipt.id}" no longer exists in Concur. Concur says: The receipt image "${receipt.id}" was deleted.`,
				details: expect.objectContaining({ code: 'NOT_FOUND', httpCode: 403 }),
			},
		]);
	});
});
