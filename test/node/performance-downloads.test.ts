// Issue 17: a Get streams the image into n8n's binary store (named and typed from its first bytes, hashed on the
// way). What a user sees must not change: the exact bytes, type, name, size and SHA-256, in the in-memory and the
// filesystem binary modes, for files larger than the head the node reads first; a body cut short before or after
// that head is retried from the start and leaves no partial file in the store. Memory is measured by
// `npm run bench` (rows M), never here.
import { createHash } from 'crypto';
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- test code (never shipped): looks into the binary store
import * as fs from 'fs';
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- test code (never shipped)
import * as path from 'path';

import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { fileItem } from '../fixtures/files';
import { apiRequests, companyCredential, concurNode } from '../../support/concur';
import { binaryStoragePath, useBinaryMode } from '../../support/binary-mode';
import { HEAD_BYTES } from '../../nodes/ConcurImaging/transport/download';
import { useEmulator } from '../support/use-emulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { makeJpeg, makePng } = require('../../bench/lib/files') as { makeJpeg: (size: number) => Buffer; makePng: (size: number) => Buffer };

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const fast = { maxRetries: 2, retryDelayMs: 10 };
const MB = 1_000_000;

const emu = useEmulator();

const imageGets = () => apiRequests(emu()).filter((r: { dc: string }) => r.dc === 'image');

async function uploaded(bytes: Buffer, fileName: string, mimeType: string): Promise<string> {
	const run = await runWorkflow(chain(TRIGGER, fixtureNode([fileItem(bytes, fileName, mimeType)]), concurNode('receipt', 'upload')), {
		credentials: companyCredential(emu()),
	});
	return String(run.json('Concur')[0].id);
}

/** Every file in the filesystem binary store (temporary files included). */
async function storedFiles(): Promise<string[]> {
	await useBinaryMode('filesystem');
	const root = String(await binaryStoragePath());
	const out: string[] = [];
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else out.push(full);
		}
	};
	walk(root);
	return out;
}

describe('a streamed Get', () => {
	const png = makePng(3 * MB);
	const jpeg = makeJpeg(HEAD_BYTES - 1000);

	it.each([
		['default', 'image/png'],
		['filesystem', 'image/png'],
		['default', 'image/jpeg'],
		['filesystem', 'image/jpeg'],
	] as const)('keeps the exact bytes, type, name, size and SHA-256 (%s binary mode, %s)', async (binaryMode, mimeType) => {
		const bytes = mimeType === 'image/png' ? png : jpeg;
		const id = await uploaded(bytes, 'x.bin', mimeType);
		const run = await runWorkflow(chain(TRIGGER, concurNode('receipt', 'get', { receiptId: id })), { credentials: companyCredential(emu()), binaryMode });
		const [item] = run.items('Concur');
		const extension = mimeType === 'image/png' ? 'png' : 'jpg';
		expect(item.json).toMatchObject({ fileName: `${id.replace(/[^A-Za-z0-9._-]+/g, '_')}.${extension}`, mimeType, fileSize: bytes.length, sha256: sha256(bytes) });
		expect(item.binary?.data).toMatchObject({ mimeType, fileName: item.json.fileName, bytes: bytes.length });
		if (binaryMode === 'filesystem') expect(item.binary?.data.id).toMatch(/^filesystem/);
		expect(sha256(await run.bytes(item.binary?.data))).toBe(sha256(bytes));
	});

	it('takes the name the image host gives, with the type from the bytes', async () => {
		const id = await uploaded(png, 'a.png', 'image/png');
		emu().configure({ imageContentDisposition: 'attachment; filename="scan.png"' });
		const run = await runWorkflow(chain(TRIGGER, concurNode('receipt', 'get', { receiptId: id })), { credentials: companyCredential(emu()), binaryMode: 'filesystem' });
		const [item] = run.items('Concur');
		expect(item.json).toMatchObject({ fileName: 'scan.png', mimeType: 'image/png', fileSize: png.length, sha256: sha256(png) });
	});

	it('gzip-encoded, keeps the decoded bytes and their SHA-256', async () => {
		const id = await uploaded(png, 'a.png', 'image/png');
		emu().configure({ imageContentEncoding: 'gzip' });
		const run = await runWorkflow(chain(TRIGGER, concurNode('receipt', 'get', { receiptId: id })), { credentials: companyCredential(emu()), binaryMode: 'filesystem' });
		const [item] = run.items('Concur');
		expect(item.json).toMatchObject({ fileSize: png.length, sha256: sha256(png), mimeType: 'image/png' });
		expect(sha256(await run.bytes(item.binary?.data))).toBe(sha256(png));
	});

	it.each([
		['inside the head', 100],
		['after the head', 2 * MB],
	])('cut short %s is retried from the start, right, with no partial file left in the store', async (_where, bytes) => {
		const id = await uploaded(png, 'a.png', 'image/png');
		emu().setFaults([{ dc: 'image', path: '/*', kind: 'short', bytes, nth: [1] }]);
		const before = (await storedFiles()).length;
		const run = await runWorkflow(chain(TRIGGER, concurNode('receipt', 'get', { receiptId: id, options: fast })), { credentials: companyCredential(emu()), binaryMode: 'filesystem' });
		expect(run.status).toBe('success');
		const [item] = run.items('Concur');
		expect(item.json).toMatchObject({ fileSize: png.length, sha256: sha256(png) });
		expect(sha256(await run.bytes(item.binary?.data))).toBe(sha256(png));
		expect(imageGets()).toHaveLength(2);
		// one file and its .metadata: nothing of the cut-short attempt (no temporary file, no second binary)
		expect((await storedFiles()).length - before).toBe(2);
	});

	it('cut short after the head every time is IMAGE_DOWNLOAD_FAILED naming the bytes, and no file', async () => {
		const id = await uploaded(png, 'a.png', 'image/png');
		emu().setFaults([{ dc: 'image', path: '/*', kind: 'short', bytes: 2 * MB }]);
		const before = (await storedFiles()).length;
		const run = await runWorkflow(
			chain(TRIGGER, concurNode('receipt', 'get', { receiptId: id, options: fast }, { onError: 'continueErrorOutput' })),
			{ credentials: companyCredential(emu()), binaryMode: 'filesystem' },
		);
		expect(run.json('Concur')).toEqual([]);
		expect(run.json('Concur', 1)).toEqual([
			{
				error: expect.stringContaining(`was cut short (ended before the ${png.length} bytes announced)`),
				details: expect.objectContaining({ code: 'IMAGE_DOWNLOAD_FAILED' }),
			},
		]);
		expect(imageGets()).toHaveLength(1 + fast.maxRetries);
		expect((await storedFiles()).length).toBe(before);
	});
});
