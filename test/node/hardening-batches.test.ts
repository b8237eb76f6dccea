// Issue 18: tests that fail when the guarantees around uploads and batches are mutated: an upload whose answer
// is spoiled after Concur stored it is sent once; a batch that stops sends nothing new; items stay linked;
// Max File Size stops a file before it is sent.
import type { FixtureItem } from '../../support/engine';
import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { fileItem, HEIC, JPEG, pdf, PNG } from '../fixtures/files';
import { apiRequests, companyCredential, concurNode } from '../../support/concur';
import { useEmulator } from '../support/use-emulator';

const emu = useEmulator();
const USER = 'alex.ops@example.com';
const retries = { maxRetries: 3, retryDelayMs: 10 };

type Upload = { label: string; resource: string; operation: string; method: string; path: string; parameters: () => Record<string, unknown> };

const entryWithoutImage = () =>
	(emu().seeded.reports as Array<{ entries: Array<{ id: string; hasImage: boolean }> }>).flatMap((r) => r.entries).find((e) => !e.hasImage)!.id;
const invoiceWithoutImage = () => (emu().seeded.invoices as Array<{ id: string; hasImage: boolean }>).find((i) => !i.hasImage)!.id;

const UPLOADS: Upload[] = [
	{ label: 'receipt upload (v3)', resource: 'receipt', operation: 'upload', method: 'POST', path: '/api/v3.0/expense/receiptimages', parameters: () => ({}) },
	{ label: 'receipt upload (v1)', resource: 'receipt', operation: 'upload', method: 'POST', path: '/api/image/v1.0/receipt', parameters: () => ({ options: { api: 'imageV1' } }) },
	{
		label: 'receipt append',
		resource: 'receipt',
		operation: 'append',
		method: 'PUT',
		path: '/api/v3.0/expense/receiptimages/*',
		parameters: () => ({ receiptId: emu().seeded.receipts[0].id, options: { user: USER } }),
	},
	{ label: 'expense entry attach', resource: 'expenseEntry', operation: 'upload', method: 'POST', path: '/api/image/v1.0/expenseentry/*', parameters: () => ({ entryId: entryWithoutImage() }) },
	{ label: 'report attach', resource: 'report', operation: 'upload', method: 'POST', path: '/api/image/v1.0/report/*', parameters: () => ({ reportId: emu().seeded.reports[2].id }) },
	{ label: 'invoice attach', resource: 'invoice', operation: 'upload', method: 'POST', path: '/api/image/v1.0/invoice/*', parameters: () => ({ invoiceId: invoiceWithoutImage() }) },
];

const SPOILED = [
	{ name: 'cut off', fault: { kind: 'truncate' } },
	{ name: 'malformed', fault: { kind: 'malformed' } },
	{ name: 'reset', fault: { kind: 'reset', after: true } },
];

const cases = UPLOADS.flatMap((upload) => SPOILED.map((spoiled) => [upload.label, spoiled.name, upload, spoiled.fault] as const));

describe('an upload whose answer is spoiled after Concur stored it', () => {
	it.each(cases)('%s, answer %s: sent exactly once, and the item says so', async (_label, _spoiled, upload, fault) => {
		emu().setFaults([{ method: upload.method, path: upload.path, times: 1, ...fault }]);
		const parameters = upload.parameters();
		const options = { ...((parameters.options as object) ?? {}), ...retries };
		const run = await runWorkflow(
			chain(
				TRIGGER,
				fixtureNode([fileItem(PNG, 'a.png', 'image/png')]),
				concurNode(upload.resource, upload.operation, { ...parameters, options }, { onError: 'continueErrorOutput' }),
			),
			{ credentials: companyCredential(emu()) },
		);
		const sent = apiRequests(emu()).filter((r: { method: string }) => r.method === upload.method);
		expect(sent).toHaveLength(1);
		expect(sent[0].fault).toBe(fault.kind);
		if (upload.operation === 'append' && fault.kind === 'malformed') {
			// Append reads nothing from Concur's 200: the page is on the receipt, and the item says so.
			expect(run.json('Concur')).toEqual([expect.objectContaining({ id: parameters.receiptId, fileName: 'a.png' })]);
			return;
		}
		expect(run.json('Concur')).toEqual([]);
		const [failure] = run.json('Concur', 1);
		expect(failure.details).toEqual(expect.objectContaining({ code: expect.stringMatching(/^(NETWORK_ERROR|UNREADABLE_RESPONSE|CONCUR_ERROR)$/) }));
		if (fault.kind !== 'malformed') expect(String((failure.details as { description: string }).description)).toMatch(/may have stored it/);
	});
});

describe('a mixed batch without continue-on-fail', () => {
	async function files(count: number) {
		// each file a different size, so the request log tells which item was sent
		const list = [];
		for (let i = 0; i < count; i++) list.push(fileItem(await pdf(i + 1, `item ${i}`), `item-${i}.pdf`, 'application/pdf'));
		list[1] = fileItem(HEIC, 'item-1.heic', 'image/heic');
		return list;
	}
	const sentSizes = () => apiRequests(emu()).filter((r: { method: string }) => r.method === 'POST').map((r: { bodyBytes: number }) => r.bodyBytes);
	const sizeOf = (item: FixtureItem) => Buffer.from(String(item.binary?.data?.base64), 'base64').length;

	it.each([1, 4])('sends nothing that had not started when item 1 failed (concurrency %d)', async (concurrency) => {
		const batch = await files(8);
		const run = await runWorkflow(chain(TRIGGER, fixtureNode(batch), concurNode('receipt', 'upload', { options: { concurrency } })), {
			credentials: companyCredential(emu()),
		});
		expect(run.status).toBe('error');
		expect((run.error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(1);
		// with concurrency n, items 0..n-1 start together; nothing after them
		const startedBefore = batch.slice(0, concurrency).filter((_, index) => index !== 1).map(sizeOf);
		expect(sentSizes().sort()).toEqual(startedBefore.sort());
	});
});

describe('item linking in a mixed batch with the error output on', () => {
	it.each([1, 3])('pairs every success and every error item to its input (concurrency %d)', async (concurrency) => {
		const batch = [
			fileItem(PNG, 'ok-0.png', 'image/png', { n: 0 }),
			fileItem(HEIC, 'bad-1.heic', 'image/heic', { n: 1 }),
			fileItem(JPEG, 'ok-2.jpg', 'image/jpeg', { n: 2 }),
			fileItem(Buffer.alloc(0), 'bad-3.pdf', 'application/pdf', { n: 3 }),
			fileItem(await pdf(2), 'ok-4.pdf', 'application/pdf', { n: 4 }),
		];
		const run = await runWorkflow(
			chain(TRIGGER, fixtureNode(batch), concurNode('receipt', 'upload', { options: { concurrency } }, { onError: 'continueErrorOutput' })),
			{ credentials: companyCredential(emu()) },
		);
		expect(run.items('Concur', 0).map((item) => [item.json.fileName, item.pairedItem])).toEqual([
			['ok-0.png', { item: 0 }],
			['ok-2.jpg', { item: 2 }],
			['ok-4.pdf', { item: 4 }],
		]);
		expect(run.items('Concur', 1).map((item) => [item.json.n, item.pairedItem])).toEqual([
			[1, { item: 1 }],
			[3, { item: 3 }],
		]);
	});
});

describe('Max File Size', () => {
	it('below the file size gives FILE_TOO_LARGE and sends nothing', async () => {
		const bytes = await pdf(3);
		expect(bytes.length).toBeGreaterThan(1100);
		const run = await runWorkflow(
			chain(
				TRIGGER,
				fixtureNode([fileItem(bytes, 'big.pdf', 'application/pdf')]),
				concurNode('report', 'upload', { reportId: emu().seeded.reports[2].id, options: { maxFileSizeMb: 0.001 } }, { onError: 'continueErrorOutput' }),
			),
			{ credentials: companyCredential(emu()) },
		);
		expect(run.json('Concur', 1)).toEqual([expect.objectContaining({ details: expect.objectContaining({ code: 'FILE_TOO_LARGE', fileName: 'big.pdf' }) })]);
		expect(apiRequests(emu())).toEqual([]);
	});
});
