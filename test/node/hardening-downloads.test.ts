// Issue 12, defects 10 and 12 (Get): what the image host says about a file cannot climb out of a folder, a
// gzip-encoded image comes through, a download shorter than declared is caught where the transport sees it,
// and Get keeps the input item's files.
import { createHash } from 'crypto';

import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { fileItem, JPEG, pdf, PNG } from '../fixtures/files';
import { apiRequests, companyCredential, concurNode } from '../../support/concur';
import { fileNameFromDisposition } from '../../nodes/ConcurImaging/transport';
import { useEmulator } from '../support/use-emulator';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const fast = { maxRetries: 2, retryDelayMs: 10 };

const emu = useEmulator();

async function uploadedReceipt(bytes: Buffer, fileName: string, mimeType: string): Promise<string> {
	const run = await runWorkflow(chain(TRIGGER, fixtureNode([fileItem(bytes, fileName, mimeType)]), concurNode('receipt', 'upload')), {
		credentials: companyCredential(emu()),
	});
	return String(run.json('Concur')[0].id);
}

const imageGets = () => apiRequests(emu()).filter((r: { dc: string }) => r.dc === 'image');

describe('the file name the image host gives', () => {
	it.each([
		["attachment; filename*=UTF-8''..%2F..%2F.ssh%2Fauthorized_keys", 'ssh_authorized_keys'],
		["attachment; filename*=utf-8''%2E%2E%5C%2E%2E%5Cboot.ini", 'boot.ini'],
		['attachment; filename="../../.ssh/authorized_keys"', 'ssh_authorized_keys'],
		['attachment; filename=".bashrc"', 'bashrc'],
		["attachment; filename*=UTF-8''evil%0D%0A%07name%E2%80%AEfdp.exe", 'evilnamefdp.exe'],
	])('%s becomes %s, both in the output and on the file', async (disposition, expected) => {
		const id = await uploadedReceipt(PNG, 'a.png', 'image/png');
		emu().configure({ imageContentDisposition: disposition });
		const run = await runWorkflow(chain(TRIGGER, concurNode('receipt', 'get', { receiptId: id })), { credentials: companyCredential(emu()) });
		const [item] = run.items('Concur');
		expect(item.json.fileName).toBe(expected);
		expect(item.binary?.data.fileName).toBe(expected);
	});

	it('falls back to the image ID when nothing sensible is left', async () => {
		const id = await uploadedReceipt(PNG, 'a.png', 'image/png');
		emu().configure({ imageContentDisposition: "attachment; filename*=UTF-8''..%2F..%2F" });
		const run = await runWorkflow(chain(TRIGGER, concurNode('receipt', 'get', { receiptId: id })), { credentials: companyCredential(emu()) });
		expect(run.json('Concur')[0].fileName).toBe(`${id.replace(/[^A-Za-z0-9._-]+/g, '_')}.png`);
	});

	it('is sanitized the same way for filename and filename*', () => {
		for (const name of ['../../a/b.pdf', '..\\..\\a\\b.pdf', '.hidden.pdf', ' ..a.pdf', 'a\u0000b\u001fc\u007f.pdf', 'CON:x*y?.pdf']) {
			const plain = fileNameFromDisposition(`attachment; filename="${name}"`);
			const extended = fileNameFromDisposition(`attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
			expect(extended).toBe(plain);
			expect(plain).not.toMatch(/[/\\]/);
			expect([...String(plain)].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)).toBe(false);
			expect(plain).not.toMatch(/^[.\s]/);
		}
	});
});

describe('a gzip-encoded image', () => {
	beforeEach(() => emu().configure({ imageContentEncoding: 'gzip' }));

	it('comes through byte for byte', async () => {
		const bytes = await pdf(3);
		const id = await uploadedReceipt(bytes, 'r.pdf', 'application/pdf');
		const run = await runWorkflow(chain(TRIGGER, concurNode('receipt', 'get', { receiptId: id, options: fast })), { credentials: companyCredential(emu()) });
		expect(run.status).toBe('success');
		const [item] = run.items('Concur');
		expect(item.json).toMatchObject({ fileSize: bytes.length, sha256: sha256(bytes), mimeType: 'application/pdf' });
		expect(sha256(await run.bytes(item.binary?.data))).toBe(sha256(bytes));
		expect(imageGets()).toHaveLength(1);
	});

	it('cut short is caught, retried, and then right', async () => {
		const bytes = await pdf(3);
		const id = await uploadedReceipt(bytes, 'r.pdf', 'application/pdf');
		emu().setFaults([{ dc: 'image', path: '/*', kind: 'short', nth: [1] }]);
		const run = await runWorkflow(chain(TRIGGER, concurNode('receipt', 'get', { receiptId: id, options: fast })), { credentials: companyCredential(emu()) });
		expect(run.status).toBe('success');
		expect(sha256(await run.bytes(run.items('Concur')[0].binary?.data))).toBe(sha256(bytes));
		expect(imageGets()).toHaveLength(2);
	});

	it('cut short every time is an error, never a broken file', async () => {
		const id = await uploadedReceipt(await pdf(3), 'r.pdf', 'application/pdf');
		emu().setFaults([{ dc: 'image', path: '/*', kind: 'short' }]);
		const run = await runWorkflow(chain(TRIGGER, concurNode('receipt', 'get', { receiptId: id, options: fast }, { onError: 'continueErrorOutput' })), {
			credentials: companyCredential(emu()),
		});
		expect(run.json('Concur')).toEqual([]);
		expect(run.json('Concur', 1)).toEqual([expect.objectContaining({ details: expect.objectContaining({ code: 'IMAGE_DOWNLOAD_FAILED' }) })]);
	});
});

describe('a download shorter than its Content-Length (clean end of connection, no reset)', () => {
	it('is retried and then right', async () => {
		const id = await uploadedReceipt(JPEG, 'b.jpg', 'image/jpeg');
		emu().setFaults([{ dc: 'image', path: '/*', kind: 'short', nth: [1] }]);
		const run = await runWorkflow(chain(TRIGGER, concurNode('receipt', 'get', { receiptId: id, options: fast })), { credentials: companyCredential(emu()) });
		expect(run.status).toBe('success');
		expect(sha256(await run.bytes(run.items('Concur')[0].binary?.data))).toBe(sha256(JPEG));
		expect(imageGets()).toHaveLength(2);
	});

	it('every time is IMAGE_DOWNLOAD_FAILED naming the bytes, after the retries', async () => {
		const id = await uploadedReceipt(JPEG, 'b.jpg', 'image/jpeg');
		emu().setFaults([{ dc: 'image', path: '/*', kind: 'short', bytes: 100 }]);
		const run = await runWorkflow(chain(TRIGGER, concurNode('receipt', 'get', { receiptId: id, options: fast }, { onError: 'continueErrorOutput' })), {
			credentials: companyCredential(emu()),
		});
		expect(run.json('Concur', 1)).toEqual([
			{
				error: expect.stringMatching(new RegExp(`was cut short \\(ended before the ${JPEG.length} bytes announced\\)`)),
				details: expect.objectContaining({ code: 'IMAGE_DOWNLOAD_FAILED' }),
			},
		]);
		expect(imageGets()).toHaveLength(1 + fast.maxRetries);
	});
});

describe('Get keeps the input item', () => {
	it.each([true, false])("with Download %s the input's files stay on the item", async (download) => {
		const id = await uploadedReceipt(PNG, 'a.png', 'image/png');
		const run = await runWorkflow(
			chain(
				TRIGGER,
				fixtureNode([fileItem(JPEG, 'keep-me.jpg', 'image/jpeg', { receiptId: id })]),
				concurNode('receipt', 'get', { receiptId: id, download, outputBinaryPropertyName: 'image' }),
			),
			{ credentials: companyCredential(emu()) },
		);
		const [item] = run.items('Concur');
		expect(item.binary?.data?.fileName).toBe('keep-me.jpg');
		expect(sha256(await run.bytes(item.binary?.data))).toBe(sha256(JPEG));
		expect(Object.keys(item.binary ?? {}).sort()).toEqual(download ? ['data', 'image'] : ['data']);
	});
});
