// Receipt → Upload with the v4 API choices (Spend Documents v4, Receipts v4 image-only receipts) and Receipt →
// Get through Spend Documents v4 (display or compliance document as a file, by receipt ID or image ID).
import { createHash } from 'crypto';

import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { apiRequests, companyCredential, concurNode } from '../../support/concur';
import { fileItem, HEIC, JPEG, pdf, PNG } from '../fixtures/files';
import { useEmulator } from '../support/use-emulator';

const emu = useEmulator({ storage: 'memory' });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const ALEX = 'alex.ops@example.com';
const alexId = () => emu().users.find((u: { loginId: string }) => u.loginId === ALEX)!.id as string;

const upload = async (bytes: Buffer, fileName: string, mimeType: string, options: Record<string, unknown>, settings = {}) =>
	await runWorkflow(
		chain(TRIGGER, fixtureNode([fileItem(bytes, fileName, mimeType)]), concurNode('receipt', 'upload', { options: { user: ALEX, ...options } }, settings)),
		{ credentials: companyCredential(emu()) },
	);

describe('Receipt upload and get through Spend Documents v4', () => {
	it('uploads (multipart receipt + document) and gets the same bytes back by receipt ID and by image ID', async () => {
		const bytes = await pdf(2, 'hotel');
		const uploaded = await upload(bytes, 'hotel.pdf', 'application/pdf', { api: 'spendDocumentsV4' });
		expect(uploaded.status).toBe('success');
		const [out] = uploaded.json('Concur');
		expect(out).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), imageId: expect.stringMatching(/^[0-9A-F]{32}$/), userId: alexId(), api: 'spendDocumentsV4', sha256: sha256(bytes) });
		const [record] = emu().v4.spendDocuments();
		expect(record).toMatchObject({ id: out.id, filePart: 'document', fileName: 'hotel.pdf', metadata: { userId: alexId(), companyId: emu().company.id, origin: 'vendor', provider: 'vendor', feature: 'simplereceipt' } });
		expect(sha256((await emu().v4.bytes('spendDocuments', record.id))!)).toBe(sha256(bytes));

		for (const [receiptId, extra] of [
			[out.id, { representation: 'compliance' }],
			[out.imageId, {}], // by image ID: the company UUID comes from the Act for User lookup
		] as const) {
			const got = await runWorkflow(
				chain(TRIGGER, concurNode('receipt', 'get', { receiptId, options: { api: 'spendDocumentsV4', user: ALEX, ...extra } })),
				{ credentials: companyCredential(emu()) },
			);
			expect(got.status).toBe('success');
			const [item] = got.items('Concur');
			expect(item.json).toMatchObject({ id: out.id, imageId: out.imageId, mimeType: 'application/pdf', sha256: sha256(bytes) });
			expect(sha256(await got.bytes(item.binary?.data))).toBe(sha256(bytes));
		}
		const gets = apiRequests(emu()).filter((r: { method: string; path: string }) => r.method === 'GET' && r.path.startsWith('/spend-documents/'));
		expect(gets.map((r: { path: string; query: Record<string, string> }) => `${r.path}?${new URLSearchParams(r.query)}`)).toEqual([
			`/spend-documents/v4/receipts/${out.id}?`,
			`/spend-documents/v4/receipts/${out.id}/representations?type=compliance`,
			`/spend-documents/v4/receipts?imageId=${out.imageId}&companyId=${emu().company.id}`,
			`/spend-documents/v4/receipts/${out.id}/representations?type=display`,
		]);
	});

	it('sends the file part as `image` when the option says so (the curl example reading)', async () => {
		emu().configure({ spendDocumentsFilePart: 'image', spendDocumentsPostStatus: 200 });
		const refused = await upload(PNG, 'a.png', 'image/png', { api: 'spendDocumentsV4' }, { onError: 'continueErrorOutput' });
		expect(refused.json('Concur', 1)[0].details).toMatchObject({ code: 'CONCUR_REJECTED', httpCode: 400 });
		const sent = await upload(PNG, 'a.png', 'image/png', { api: 'spendDocumentsV4', spendDocumentsFilePart: 'image' });
		expect(sent.json('Concur')[0]).toMatchObject({ sha256: sha256(PNG) });
		expect(emu().v4.spendDocuments()).toHaveLength(1);
	});

	it('needs Act for User for the v4 APIs, and refuses a bad file before anything is sent', async () => {
		const noUser = await runWorkflow(
			chain(TRIGGER, fixtureNode([fileItem(PNG, 'a.png', 'image/png')]), concurNode('receipt', 'upload', { options: { api: 'receiptsV4ImageOnly' } }, { onError: 'continueErrorOutput' })),
			{ credentials: companyCredential(emu()) },
		);
		expect(noUser.json('Concur', 1)[0]).toMatchObject({ details: { code: 'INVALID_ID' }, error: expect.stringContaining('Act for User') });
		const heic = await upload(HEIC, 'IMG_1.HEIC', 'image/heic', { api: 'spendDocumentsV4' }, { onError: 'continueErrorOutput' });
		expect(heic.json('Concur', 1)[0]).toMatchObject({ details: { code: 'UNSUPPORTED_TYPE' } });
		expect(apiRequests(emu())).toEqual([]);
	});
});

describe('Receipt upload as a Receipts v4 image-only receipt', () => {
	it('is accepted with 202 and followed until processed; the bytes are stored as sent', async () => {
		const uploaded = await upload(JPEG, 'taxi.jpg', 'image/jpeg', { api: 'receiptsV4ImageOnly' });
		expect(uploaded.status).toBe('success');
		const [out] = uploaded.json('Concur');
		const [record] = emu().v4.imageOnlyReceipts();
		expect(out).toMatchObject({ id: record.id, status: 'PROCESSED', userId: alexId(), api: 'receiptsV4ImageOnly', statusUrl: expect.stringContaining(`/receipts/v4/status/${record.id}`) });
		expect(out.uri).toContain(`/receipts/v4/images/${record.id}`);
		expect(sha256((await emu().v4.bytes('imageOnlyReceipts', record.id))!)).toBe(sha256(JPEG));
		expect(record.statusReads).toBe(2);
	});

	it('fails the item when processing fails, and stops following when Wait for Processing is off', async () => {
		emu().configure({ receiptsV4Outcome: 'FAILED' });
		const failed = await upload(PNG, 'a.png', 'image/png', { api: 'receiptsV4ImageOnly' }, { onError: 'continueErrorOutput' });
		expect(failed.json('Concur', 1)[0]).toMatchObject({ error: expect.stringContaining('Processing failed.'), details: { code: 'CONCUR_REJECTED' } });
		const quick = await upload(PNG, 'b.png', 'image/png', { api: 'receiptsV4ImageOnly', waitForProcessing: false });
		expect(quick.json('Concur')[0]).toMatchObject({ status: 'ACCEPTED', statusUrl: expect.any(String) });
	});
});
