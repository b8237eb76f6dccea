// Issue 12, defect 11: a batch that stops half-way must not upload its first items twice when it runs again
// (a manual re-run, or n8n's Retry On Fail). "Skip Files Already Sent" keeps them in n8n's deduplication store;
// without it, the failure names the items already uploaded.
import { createHash } from 'crypto';

import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { fileItem, HEIC, JPEG, pdf, PNG } from '../fixtures/files';
import { apiRequests, companyCredential, concurNode } from '../../support/concur';
import { useMemoryDeduplication } from '../support/memory-deduplicator';
import type { MemoryDeduplicator } from '../support/memory-deduplicator';
import { useEmulator } from '../support/use-emulator';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const V3 = '/api/v3.0/expense/receiptimages';

const emu = useEmulator();
let store: MemoryDeduplicator;
beforeAll(async () => {
	store = await useMemoryDeduplication();
});
beforeEach(() => store.clear());

const posts = () => apiRequests(emu()).filter((r: { method: string }) => r.method === 'POST' || r.method === 'PUT');
const storedReceipts = async () => ((await emu().state()).receipts as Array<{ image: { sha256: string } }>).map((r) => r.image.sha256);
const skip = { skipAlreadySent: true, concurrency: 1, maxRetries: 0 };

describe('a batch that stops on a failure (no continue-on-fail)', () => {
	it('names the items already uploaded in the failure', async () => {
		const run = await runWorkflow(
			chain(
				TRIGGER,
				fixtureNode([fileItem(PNG, 'a.png', 'image/png'), fileItem(JPEG, 'b.jpg', 'image/jpeg'), fileItem(HEIC, 'c.heic', 'image/heic')]),
				concurNode('receipt', 'upload', { options: { concurrency: 1 } }),
			),
			{ credentials: companyCredential(emu()) },
		);
		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('File "c.heic" was not sent to Concur: UNSUPPORTED_TYPE');
		expect(run.error?.description).toContain(
			'Items 0 and 1 were uploaded before this failure; turn on Skip Files Already Sent or continue-on-fail before running again.',
		);
	});

	it('says nothing about uploads when none happened', async () => {
		const run = await runWorkflow(
			chain(TRIGGER, fixtureNode([fileItem(HEIC, 'c.heic', 'image/heic'), fileItem(PNG, 'a.png', 'image/png')]), concurNode('receipt', 'upload', { options: { concurrency: 1 } })),
			{ credentials: companyCredential(emu()) },
		);
		expect(run.status).toBe('error');
		expect(String(run.error?.description)).not.toMatch(/uploaded before this failure/);
	});
});

describe('Skip Files Already Sent', () => {
	it('a re-run after a failure sends only what was not sent yet', async () => {
		const credentials = companyCredential(emu());
		const good = [fileItem(PNG, 'a.png', 'image/png'), fileItem(JPEG, 'b.jpg', 'image/jpeg')];
		const first = await runWorkflow(
			chain(TRIGGER, fixtureNode([...good, fileItem(HEIC, 'c.heic', 'image/heic')]), concurNode('receipt', 'upload', { options: skip })),
			{ credentials },
		);
		expect(first.status).toBe('error');
		const fixed = await pdf(1, 'c');
		const again = await runWorkflow(
			chain(TRIGGER, fixtureNode([...good, fileItem(fixed, 'c.pdf', 'application/pdf')]), concurNode('receipt', 'upload', { options: skip })),
			{ credentials },
		);
		expect(again.status).toBe('success');
		expect(again.json('Concur')).toEqual([
			{ skipped: true, reason: 'already sent', id: null, resource: 'receipt', fileName: 'a.png', mimeType: 'image/png', fileSize: PNG.length, sha256: sha256(PNG) },
			expect.objectContaining({ skipped: true, reason: 'already sent', fileName: 'b.jpg', sha256: sha256(JPEG) }),
			expect.objectContaining({ id: expect.any(String), fileName: 'c.pdf', sha256: sha256(fixed) }),
		]);
		expect(again.items('Concur').map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(again.items('Concur')[0].binary?.data.fileName).toBe('a.png');
		expect(posts()).toHaveLength(3);
		const hashes = await storedReceipts();
		expect(hashes.filter((h) => h === sha256(PNG))).toHaveLength(1);
		expect(hashes.filter((h) => h === sha256(JPEG))).toHaveLength(1);
	});

	it("n8n's Retry On Fail does not send the first items again", async () => {
		// the second upload meets a 502 before Concur stores it; uploads are not retried on 502 by the node
		emu().setFaults([{ method: 'POST', path: V3, nth: [2], kind: '502' }]);
		const run = await runWorkflow(
			chain(
				TRIGGER,
				fixtureNode([fileItem(PNG, 'a.png', 'image/png'), fileItem(JPEG, 'b.jpg', 'image/jpeg')]),
				concurNode('receipt', 'upload', { options: skip }, { retryOnFail: true, maxTries: 2, waitBetweenTries: 10 }),
			),
			{ credentials: companyCredential(emu()) },
		);
		expect(run.status).toBe('success');
		expect(run.json('Concur').map((r) => [r.fileName, r.skipped ?? false])).toEqual([
			['a.png', true],
			['b.jpg', false],
		]);
		expect(posts().map((r: { status: number }) => r.status)).toEqual([200, 502, 200]);
		expect((await storedReceipts()).filter((h) => h === sha256(PNG))).toHaveLength(1);
	});

	it('a failed upload is not remembered: the next run sends it', async () => {
		const credentials = companyCredential(emu());
		emu().setFaults([{ method: 'POST', path: V3, nth: [1], kind: '502' }]);
		const item = fixtureNode([fileItem(PNG, 'a.png', 'image/png')]);
		const failed = await runWorkflow(chain(TRIGGER, item, concurNode('receipt', 'upload', { options: skip })), { credentials });
		expect(failed.status).toBe('error');
		const again = await runWorkflow(chain(TRIGGER, item, concurNode('receipt', 'upload', { options: skip })), { credentials });
		expect(again.json('Concur')).toEqual([expect.objectContaining({ id: expect.any(String), sha256: sha256(PNG) })]);
		expect(again.json('Concur')[0].skipped).toBeUndefined();
		expect(posts().map((r: { status: number }) => r.status)).toEqual([502, 200]);
	});

	it('the same file to another target is sent; to the same target once, also within one batch', async () => {
		const credentials = companyCredential(emu());
		const [first, second] = emu().seeded.reports as Array<{ id: string }>;
		const files = [fileItem(PNG, 'a.png', 'image/png', { reportId: first.id }), fileItem(PNG, 'a.png', 'image/png', { reportId: second.id }), fileItem(PNG, 'a.png', 'image/png', { reportId: first.id })];
		const run = await runWorkflow(
			chain(TRIGGER, fixtureNode(files), concurNode('report', 'upload', { reportId: '={{ $json.reportId }}', options: { ...skip, concurrency: 4 } })),
			{ credentials },
		);
		expect(run.json('Concur').map((r) => [r.targetId, r.skipped ?? false])).toEqual([
			[first.id, false],
			[second.id, false],
			[first.id, true],
		]);
		expect(run.json('Concur')[2]).toMatchObject({ id: first.id, resource: 'report', targetId: first.id });
		expect(posts().map((r: { path: string }) => r.path)).toEqual([`/api/image/v1.0/report/${encodeURIComponent(first.id)}`, `/api/image/v1.0/report/${encodeURIComponent(second.id)}`]);
	});

	it('acting for another user is another target', async () => {
		const credentials = companyCredential(emu());
		const users = ['alex.ops@example.com', 'dana.field@example.com', 'alex.ops@example.com'];
		const run = await runWorkflow(
			chain(TRIGGER, fixtureNode(users.map((user) => fileItem(JPEG, 'b.jpg', 'image/jpeg', { user }))), concurNode('receipt', 'upload', { options: { ...skip, user: '={{ $json.user }}' } })),
			{ credentials },
		);
		expect(run.json('Concur').map((r) => r.skipped ?? false)).toEqual([false, false, true]);
		expect(posts()).toHaveLength(2);
	});

	it('remembers per node by default, or for the whole workflow', async () => {
		const credentials = companyCredential(emu());
		const receipt = emu().seeded.receipts[0] as { id: string };
		const page = fixtureNode([fileItem(PNG, 'page.png', 'image/png')]);
		const append = (name: string, skipScope: string) =>
			concurNode('receipt', 'append', { receiptId: receipt.id, options: { ...skip, skipScope, user: 'alex.ops@example.com' } }, { name });
		const perNode = await runWorkflow(chain(TRIGGER, page, append('Concur', 'node'), append('Concur again', 'node')), { credentials });
		expect(perNode.json('Concur again')[0].skipped).toBeUndefined();
		expect(posts()).toHaveLength(2);
		emu().clearRequestLog();
		const whole = await runWorkflow(chain(TRIGGER, page, append('Concur', 'workflow'), append('Concur again', 'workflow')), { credentials });
		expect(whole.json('Concur')[0]).toMatchObject({ id: receipt.id, targetId: receipt.id });
		expect(whole.json('Concur again')[0]).toMatchObject({ skipped: true, reason: 'already sent', id: receipt.id });
		expect(posts()).toHaveLength(1);
	});
});

describe('Skip Files Already Sent with simultaneous executions', () => {
	it('a record that a simultaneous execution overwrote is written again, so the next run skips the file', async () => {
		const workflow = chain(
			TRIGGER,
			fixtureNode([fileItem(PNG, 'r.png', 'image/png')]),
			concurNode('receipt', 'upload', { options: skip }),
		);
		// Calls: 1 the check before sending, 2 the record after Concur confirmed (lost to the other execution).
		store.loseWritesOf(2);
		expect((await runWorkflow(workflow, { credentials: companyCredential(emu()) })).json('Concur')[0].skipped).toBeUndefined();
		const again = await runWorkflow(workflow, { credentials: companyCredential(emu()) });
		expect(again.json('Concur')[0]).toMatchObject({ skipped: true, reason: 'already sent' });
		expect(posts()).toHaveLength(1);
	});
});

describe('Skip Files Already Sent with executions in other n8n processes (queue mode)', () => {
	it('a record that another worker overwrites a moment later is written again, so the next run skips the file', async () => {
		const workflow = chain(TRIGGER, fixtureNode([fileItem(PNG, 'r.png', 'image/png')]), concurNode('receipt', 'upload', { options: skip }));
		// Calls: 1 the check before sending, 2 the record; the other worker's copy, read before call 2, lands
		// 30 ms after it (n8n's store call reads, then writes, without a lock).
		store.staleWriteAfter(2, 30);
		expect((await runWorkflow(workflow, { credentials: companyCredential(emu()) })).json('Concur')[0].skipped).toBeUndefined();
		await store.staleWriteLanded();
		const again = await runWorkflow(workflow, { credentials: companyCredential(emu()) });
		expect(again.json('Concur')[0]).toMatchObject({ skipped: true, reason: 'already sent' });
		expect(posts()).toHaveLength(1);
	});

	it('the records of a whole batch are read back after the batch, and what another worker overwrote is written again', async () => {
		const files = [fileItem(PNG, 'a.png', 'image/png'), fileItem(JPEG, 'b.jpg', 'image/jpeg'), fileItem(await pdf(1, 'c'), 'c.pdf', 'application/pdf')];
		store.staleWriteAfter(4, 30); // the record of b.jpg (calls: a check, a record, b check, b record, ...)
		const first = await runWorkflow(chain(TRIGGER, fixtureNode(files), concurNode('receipt', 'upload', { options: skip })), {
			credentials: companyCredential(emu()),
		});
		expect(first.json('Concur').map((item) => item.skipped)).toEqual([undefined, undefined, undefined]);
		await store.staleWriteLanded();
		const again = await runWorkflow(chain(TRIGGER, fixtureNode(files), concurNode('receipt', 'upload', { options: skip })), {
			credentials: companyCredential(emu()),
		});
		expect(again.json('Concur').map((item) => item.skipped)).toEqual([true, true, true]);
		expect(posts()).toHaveLength(3);
	});
});

describe('Skip Files Already Sent when a worker dies in the middle of the check', () => {
	// n8n's store has no read-only lookup: the check before sending records the key and takes it out again when
	// it was new. A worker killed between the two (or a database that fails there) leaves the key behind.
	const workflow = () =>
		chain(TRIGGER, fixtureNode([fileItem(PNG, 'r.png', 'image/png')]), concurNode('receipt', 'upload', { options: skip }));

	it('the next run still sends the file, once, and the run after it skips it', async () => {
		const credentials = companyCredential(emu());
		const copies = async () => (await storedReceipts()).filter((hash) => hash === sha256(PNG)).length;
		const copiesBefore = await copies();
		store.failRemovals(1);
		const died = await runWorkflow(workflow(), { credentials });
		expect(died.status).toBe('error');
		expect(died.error?.message).toBe("Skip Files Already Sent needs n8n's deduplication store, and it is not available here");
		expect(posts()).toHaveLength(0);

		const next = await runWorkflow(workflow(), { credentials });
		expect(next.json('Concur')[0].skipped).toBeUndefined();
		expect(next.json('Concur')[0].id).toEqual(expect.any(String));
		const again = await runWorkflow(workflow(), { credentials });
		expect(again.json('Concur')[0]).toMatchObject({ skipped: true, reason: 'already sent' });
		expect(posts()).toHaveLength(1);
		expect(await copies()).toBe(copiesBefore + 1);
	});

	it('a file that was sent stays skipped when a later check dies half-way', async () => {
		const credentials = companyCredential(emu());
		await runWorkflow(workflow(), { credentials });
		store.failRemovals(1);
		const checked = await runWorkflow(workflow(), { credentials });
		expect(checked.json('Concur')[0]).toMatchObject({ skipped: true, reason: 'already sent' });
		const again = await runWorkflow(workflow(), { credentials });
		expect(again.json('Concur')[0]).toMatchObject({ skipped: true, reason: 'already sent' });
		expect(posts()).toHaveLength(1);
	});
});

describe('Skip Files Already Sent with many simultaneous executions in one n8n process', () => {
	it('every file is recorded, so running them all again sends nothing', async () => {
		// n8n's store rewrites one list per node without a lock; here each call reads, waits, writes (as with the
		// database round trip), so overlapping executions overwrite each other's records unless the node takes
		// its store calls in turn.
		store.playUnlockedStore();
		const pdfs = await Promise.all(Array.from({ length: 12 }, async (_, i) => await pdf(1, `receipt ${i}`)));
		const files = pdfs.map((bytes, i) => fileItem(bytes, `r${i}.pdf`, 'application/pdf'));
		const workflows = files.map((file) => chain(TRIGGER, fixtureNode([file]), concurNode('receipt', 'upload', { options: skip })));
		const runAll = async () =>
			await Promise.all(workflows.map(async (workflow) => await runWorkflow(workflow, { credentials: companyCredential(emu()) })));
		const first = await runAll();
		expect(first.map((run) => run.json('Concur')[0].skipped)).toEqual(files.map(() => undefined));
		const again = await runAll();
		expect(again.map((run) => run.json('Concur')[0].skipped)).toEqual(files.map(() => true));
		expect(posts()).toHaveLength(12);
		const stored = await storedReceipts();
		expect(pdfs.map((bytes) => stored.filter((hash) => hash === sha256(bytes)).length)).toEqual(pdfs.map(() => 1));
	});

	it('the same file arriving in several executions at once is sent once', async () => {
		store.playUnlockedStore();
		const bytes = await pdf(1, 'one receipt, posted three times');
		const workflow = chain(TRIGGER, fixtureNode([fileItem(bytes, 'r.pdf', 'application/pdf')]), concurNode('receipt', 'upload', { options: skip }));
		const runs = await Promise.all([1, 2, 3].map(async () => await runWorkflow(workflow, { credentials: companyCredential(emu()) })));
		expect(runs.map((run) => run.json('Concur')[0].skipped ?? false).sort()).toEqual([false, true, true]);
		expect(posts()).toHaveLength(1);
		expect((await storedReceipts()).filter((hash) => hash === sha256(bytes))).toHaveLength(1);
	});
});
