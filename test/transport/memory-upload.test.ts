// Issue 17: an upload frees its file's buffer (releaseBuffer) once Concur answered with success, or at once
// when the file check refuses it. What a user sees must not change: Concur stores the exact bytes, and the
// item's own binary (n8n's copy, not the node's buffer) still reads the same afterwards, in the in-memory and
// the filesystem binary modes. Memory itself is measured by `npm run bench` (rows M), never here.
import { createHash } from 'crypto';

import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { fileItem } from '../fixtures/files';
import { companyCredential, concurNode } from '../../support/concur';
import * as release from '../../nodes/ConcurImaging/transport/release';
import { useEmulator } from '../support/use-emulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { makeJpeg, makePng } = require('../../bench/lib/files') as { makeJpeg: (size: number) => Buffer; makePng: (size: number) => Buffer };

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const realRelease = release.releaseBuffer;

const emu = useEmulator();

describe('an upload after its file was sent', () => {
	const files = [makePng(300_000), makeJpeg(400_000), makePng(500_000)];
	afterEach(() => jest.restoreAllMocks());

	it.each(['default', 'filesystem'] as const)('frees the buffer it read; Concur has the exact bytes, the item its binary (%s binary mode)', async (binaryMode) => {
		const released: number[] = [];
		const spy = jest.spyOn(release, 'releaseBuffer').mockImplementation((bytes) => {
			released.push(bytes.length);
			realRelease(bytes);
			expect(bytes.length).toBe(0);
		});
		const items = files.map((bytes, i) => fileItem(bytes, `f${i}.${i === 1 ? 'jpg' : 'png'}`, i === 1 ? 'image/jpeg' : 'image/png'));
		const run = await runWorkflow(chain(TRIGGER, fixtureNode(items), concurNode('receipt', 'upload', { options: { concurrency: 2 } })), {
			credentials: companyCredential(emu()),
			binaryMode,
		});
		expect(run.error?.message ?? run.status).toBe('success');
		expect(released.sort((a, b) => a - b)).toEqual(files.map((f) => f.length).sort((a, b) => a - b));
		const output = run.items('Concur');
		expect(output.map((item) => item.json.sha256)).toEqual(files.map(sha256));
		const stored = ((await emu().state()).receipts as Array<{ image: { sha256: string } }>).map((r) => r.image.sha256);
		expect(stored).toEqual(expect.arrayContaining(files.map(sha256)));
		for (const [i, item] of output.entries()) expect(sha256(await run.bytes(item.binary?.data))).toBe(sha256(files[i]));
		spy.mockRestore();
	});

	it('frees a refused file at once, and the next item is sent whole', async () => {
		const released: number[] = [];
		jest.spyOn(release, 'releaseBuffer').mockImplementation((bytes) => {
			released.push(bytes.length);
		});
		const refused = Buffer.concat([Buffer.from('<html><body>'), Buffer.alloc(200_000, 0x20), Buffer.from('</body></html>')]);
		const run = await runWorkflow(
			chain(
				TRIGGER,
				fixtureNode([fileItem(refused, 'page.pdf', 'application/pdf'), fileItem(files[0], 'ok.png', 'image/png')]),
				concurNode('receipt', 'upload', { options: { concurrency: 1 } }, { onError: 'continueErrorOutput' }),
			),
			{ credentials: companyCredential(emu()) },
		);
		expect(run.json('Concur', 1)).toEqual([expect.objectContaining({ details: expect.objectContaining({ code: expect.any(String) }) })]);
		expect(run.json('Concur')).toEqual([expect.objectContaining({ sha256: sha256(files[0]) })]);
		expect(released).toEqual([refused.length, files[0].length]);
	});
});
