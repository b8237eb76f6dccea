// Expense entry, report and invoice images (Image v1), one spec table in the node.
import { createHash } from 'crypto';
import { PDFDocument } from 'pdf-lib';

import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { fileItem, JPEG, pdf, PNG } from '../fixtures/files';
import { apiRequests, companyCredential, concurNode } from '../../support/concur';
import { useEmulator } from '../support/use-emulator';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const emu = useEmulator();

const entryWithoutImage = () => emu().seeded.reports[0].entries.find((e: { hasImage: boolean }) => !e.hasImage)!.id as string;
const invoiceWithoutImage = () => emu().seeded.invoices.find((i: { hasImage: boolean }) => !i.hasImage)!.id as string;
const pageCount = async (bytes: Buffer) => (await PDFDocument.load(bytes)).getPageCount();

describe('expense entries', () => {
	it('attaches a receipt to an entry and gets the same file back', async () => {
		const credentials = companyCredential(emu());
		const entryId = entryWithoutImage();
		const uploaded = await runWorkflow(
			chain(TRIGGER, fixtureNode([fileItem(JPEG, 'dinner.jpg', 'image/jpeg')]), concurNode('expenseEntry', 'upload', { entryId })),
			{ credentials },
		);
		expect(uploaded.status).toBe('success');
		expect(uploaded.json('Concur')).toEqual([
			{
				id: expect.any(String),
				resource: 'expenseEntry',
				targetId: entryId,
				fileName: 'dinner.jpg',
				mimeType: 'image/jpeg',
				fileSize: JPEG.length,
				sha256: sha256(JPEG),
			},
		]);

		const fetched = await runWorkflow(chain(TRIGGER, concurNode('expenseEntry', 'get', { entryId })), { credentials });
		const [item] = fetched.items('Concur');
		expect(item.json).toMatchObject({ resource: 'expenseEntry', targetId: entryId, mimeType: 'image/jpeg', sha256: sha256(JPEG) });
		expect(item.json.fileName).toMatch(/\.jpg$/);
		expect(sha256(await fetched.bytes(item.binary?.data))).toBe(sha256(JPEG));
	});

	it("surfaces Concur's refusal of a second image as a clear item error", async () => {
		const credentials = companyCredential(emu());
		const entryId = entryWithoutImage();
		const workflow = chain(
			TRIGGER,
			fixtureNode([fileItem(PNG, 'first.png', 'image/png'), fileItem(PNG, 'second.png', 'image/png')]),
			concurNode('expenseEntry', 'upload', { entryId, options: { concurrency: 1 } }, { onError: 'continueErrorOutput' }),
		);
		const run = await runWorkflow(workflow, { credentials });
		expect(run.status).toBe('success');
		expect(run.json('Concur', 0)).toHaveLength(1);
		const [refused] = run.json('Concur', 1);
		expect(refused).toMatchObject({
			fileName: 'second.png',
			error: expect.stringContaining(`Expense entry "${entryId}" already has an image`),
			details: {
				code: 'IMAGE_ALREADY_ATTACHED',
				httpCode: 400,
				description: expect.stringContaining('takes exactly one image'),
				correlationId: expect.any(String),
			},
		});
	});

	it('says which entry was not found', async () => {
		const credentials = companyCredential(emu());
		const run = await runWorkflow(
			chain(TRIGGER, concurNode('expenseEntry', 'get', { entryId: 'FFFFFFFFFFFFFFFFFFFF' }, { onError: 'continueErrorOutput' })),
			{ credentials },
		);
		expect(run.json('Concur', 1)).toEqual([
			{
				error: expect.stringContaining('Concur found no image for expense entry "FFFFFFFFFFFFFFFFFFFF"'),
				details: expect.objectContaining({ code: 'NOT_FOUND', httpCode: 404 }),
			},
		]);
	});

	it('encodes IDs so that no ID can change the request path', async () => {
		const credentials = companyCredential(emu());
		const run = await runWorkflow(
			chain(TRIGGER, concurNode('expenseEntry', 'get', { entryId: '../report/x?user=someone' }, { onError: 'continueErrorOutput' })),
			{ credentials },
		);
		// Refused before sending (issue 12: IDs are checked against the characters Concur IDs use), so no request
		// at all goes out, let alone one with another path or query. Allowed characters are still encoded: see
		// hardening-ids-delete.test.ts.
		expect(run.json('Concur', 1)[0].details).toMatchObject({ code: 'INVALID_ID' });
		expect(apiRequests(emu())).toEqual([]);
	});

	it('refuses an empty ID before calling Concur', async () => {
		const credentials = companyCredential(emu());
		const run = await runWorkflow(
			chain(TRIGGER, concurNode('expenseEntry', 'get', { entryId: '  ' }, { onError: 'continueErrorOutput' })),
			{ credentials },
		);
		expect(run.json('Concur', 1)).toEqual([
			{ error: 'The expense entry ID is empty', details: expect.objectContaining({ code: 'INVALID_ID' }) },
		]);
		expect(apiRequests(emu())).toHaveLength(0);
	});
});
describe('reports', () => {
	it('appends every upload to the report image and gets one PDF with all pages', async () => {
		const credentials = companyCredential(emu());
		const report = emu().seeded.reports.find((r: { hasImage: boolean; entries: Array<{ hasImage: boolean }> }) =>
			!r.hasImage && r.entries.every((e) => !e.hasImage),
		)!;
		const files = [fileItem(await pdf(2, 'hotel'), 'hotel.pdf', 'application/pdf'), fileItem(PNG, 'taxi.png', 'image/png'), fileItem(JPEG, 'meal.jpg', 'image/jpeg')];
		const uploaded = await runWorkflow(
			chain(TRIGGER, fixtureNode(files), concurNode('report', 'upload', { reportId: report.id, options: { concurrency: 1 } })),
			{ credentials },
		);
		expect(uploaded.status).toBe('success');
		expect(uploaded.json('Concur').map((r) => [r.resource, r.targetId, r.fileName])).toEqual([
			['report', report.id, 'hotel.pdf'],
			['report', report.id, 'taxi.png'],
			['report', report.id, 'meal.jpg'],
		]);

		const fetched = await runWorkflow(chain(TRIGGER, concurNode('report', 'get', { reportId: report.id })), { credentials });
		const [item] = fetched.items('Concur');
		expect(item.json).toMatchObject({ resource: 'report', targetId: report.id, mimeType: 'application/pdf' });
		expect(await pageCount(await fetched.bytes(item.binary?.data))).toBe(4);
	});

	it("includes the entries' receipts in the report PDF", async () => {
		const credentials = companyCredential(emu());
		const report = emu().seeded.reports[0];
		const entryId = report.entries.find((e: { hasImage: boolean }) => !e.hasImage)!.id;
		await runWorkflow(chain(TRIGGER, fixtureNode([fileItem(await pdf(3), 'r.pdf', 'application/pdf')]), concurNode('expenseEntry', 'upload', { entryId })), {
			credentials,
		});
		const fetched = await runWorkflow(chain(TRIGGER, concurNode('report', 'get', { reportId: report.id, outputBinaryPropertyName: 'reportPdf' })), {
			credentials,
		});
		const [item] = fetched.items('Concur');
		expect(Object.keys(item.binary ?? {})).toEqual(['reportPdf']);
		// the seeded entry image (one page) plus the three pages just attached
		expect(await pageCount(await fetched.bytes(item.binary?.reportPdf))).toBe(4);
	});
});
describe('invoices', () => {
	it('attaches an image to an invoice, gets it back, and refuses a second one', async () => {
		const credentials = companyCredential(emu());
		const invoiceId = invoiceWithoutImage();
		const invoicePdf = await pdf(1, 'invoice');
		const first = await runWorkflow(
			chain(TRIGGER, fixtureNode([fileItem(invoicePdf, 'INV-1.pdf', 'application/pdf')]), concurNode('invoice', 'upload', { invoiceId })),
			{ credentials },
		);
		expect(first.json('Concur')).toEqual([expect.objectContaining({ resource: 'invoice', targetId: invoiceId, sha256: sha256(invoicePdf) })]);

		const fetched = await runWorkflow(
			chain(TRIGGER, concurNode('invoice', 'get', { invoiceId, options: { fileName: 'INV-1-archive.pdf' } })),
			{ credentials },
		);
		const [item] = fetched.items('Concur');
		expect(item.json).toMatchObject({ fileName: 'INV-1-archive.pdf', mimeType: 'application/pdf', sha256: sha256(invoicePdf) });
		expect(item.binary?.data.fileName).toBe('INV-1-archive.pdf');

		const second = await runWorkflow(
			chain(TRIGGER, fixtureNode([fileItem(PNG, 'again.png', 'image/png')]), concurNode('invoice', 'upload', { invoiceId }, { onError: 'continueErrorOutput' })),
			{ credentials },
		);
		expect(second.json('Concur', 1)).toEqual([
			expect.objectContaining({ details: expect.objectContaining({ code: 'IMAGE_ALREADY_ATTACHED' }) }),
		]);
	});
});
