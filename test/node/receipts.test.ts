import { PDFDocument } from 'pdf-lib';

import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { fileItem, JPEG, pdf, PNG } from '../fixtures/files';
import type { Emulator } from '../../support/concur';
import { apiRequests, companyCredential, concurNode, startEmulator } from '../../support/concur';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ port: 0 });
});
afterAll(async () => await emulator.stop());
beforeEach(async () => await emulator.reset());

const USER = 'alex.ops@example.com';

describe('receipts: get many', () => {
	beforeEach(async () => {
		await emulator.seed({ receipts: Array.from({ length: 228 }, () => ({ ownerLoginId: USER })) });
	});

	it('returns all receipts of a user across pages, following NextPage', async () => {
		const run = await runWorkflow(
			chain(TRIGGER, concurNode('receipt', 'getMany', { returnAll: true, options: { user: USER } })),
			{ credentials: companyCredential(emulator) },
		);
		expect(run.status).toBe('success');
		const receipts = run.json('Concur');
		expect(receipts).toHaveLength(230); // the two seeded ones and the 228 added
		expect(new Set(receipts.map((r) => r.id)).size).toBe(230);
		expect(receipts[0]).toEqual({ id: expect.any(String), uri: expect.stringContaining('/api/v3.0/expense/receiptimages/') });
		const pages = apiRequests(emulator).filter((r: { method: string }) => r.method === 'GET');
		expect(pages).toHaveLength(3);
		expect(pages.map((p: { query: Record<string, string> }) => p.query.user)).toEqual([USER, USER, USER]);
		expect(pages[0].query.offset).toBeUndefined();
		expect(pages[1].query.offset).toEqual(expect.any(String));
		expect(run.items('Concur').every((item) => JSON.stringify(item.pairedItem) === JSON.stringify({ item: 0 }))).toBe(true);
	});

	it('stops at the limit', async () => {
		const run = await runWorkflow(
			chain(TRIGGER, concurNode('receipt', 'getMany', { returnAll: false, limit: 130, options: { user: USER } })),
			{ credentials: companyCredential(emulator) },
		);
		expect(run.json('Concur')).toHaveLength(130);
		const pages = apiRequests(emulator).filter((r: { method: string }) => r.method === 'GET');
		expect(pages.map((p: { query: Record<string, string> }) => p.query.limit)).toEqual(['100', '30']);
	});

	it('lists once per input item, each result paired to its item', async () => {
		const run = await runWorkflow(
			chain(TRIGGER, fixtureNode([{ json: { who: 'a' } }, { json: { who: 'b' } }]), concurNode('receipt', 'getMany', { limit: 2, options: { user: USER } })),
			{ credentials: companyCredential(emulator) },
		);
		expect(run.items('Concur').map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }, { item: 1 }]);
	});
});

describe('receipts: append and delete', () => {
	it('appends pages to a receipt: Concur makes one PDF of them', async () => {
		const credentials = companyCredential(emulator);
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
		const credentials = companyCredential(emulator);
		const [receipt] = emulator.seeded.receipts;
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
