// The item loop every operation shares: error output, order, stopping on the first failure, item linking.

import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { encryptedPdf, fileItem, HEIC, JPEG, pdf, PNG } from '../fixtures/files';
import { apiRequests, companyCredential, concurNode } from '../../support/concur';
import { useEmulator } from '../support/use-emulator';

const emu = useEmulator();

const uploads = () => apiRequests(emu()).filter((r: { method: string }) => r.method === 'POST');

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
			{ credentials: companyCredential(emu()) },
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
			{ credentials: companyCredential(emu()) },
		);
		expect(run.json('Concur').map((r) => r.fileName)).toEqual(files.map((f) => f.json?.fileName));
		expect(run.items('Concur').map((item) => item.pairedItem)).toEqual(files.map((_, i) => ({ item: i })));
	});

	it('stops the workflow with the item named when errors are not continued', async () => {
		const run = await runWorkflow(
			chain(TRIGGER, fixtureNode([fileItem(PNG, 'ok.png', 'image/png'), fileItem(HEIC, 'photo.heic', 'image/heic')]), concurNode('receipt', 'upload', { options: { concurrency: 1 } })),
			{ credentials: companyCredential(emu()) },
		);
		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('File "photo.heic" was not sent to Concur: UNSUPPORTED_TYPE');
		expect((run.error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(1);
	});

	it('names the missing input field', async () => {
		const run = await runWorkflow(
			chain(TRIGGER, fixtureNode([{ json: { note: 'no file here' } }]), concurNode('receipt', 'upload', {}, { onError: 'continueErrorOutput' })),
			{ credentials: companyCredential(emu()) },
		);
		const [failed] = run.json('Concur', 1);
		expect(failed.error).toMatch(/binary/i);
		expect(failed.details).toMatchObject({ code: 'MISSING_BINARY' });
		expect(uploads()).toHaveLength(0);
	});
});
