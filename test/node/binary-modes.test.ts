// Files read and written through n8n's binary data helpers, in every binary mode.
import { createHash } from 'crypto';

import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { fileItem, pdf } from '../fixtures/files';
import { companyCredential, concurNode } from '../../support/concur';
import { useEmulator } from '../support/use-emulator';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const emu = useEmulator();

describe('binary data modes', () => {
	it('round-trips a file stored on disk (filesystem mode)', async () => {
		const credentials = companyCredential(emu());
		const bytes = await pdf(3);
		const uploaded = await runWorkflow(
			chain(TRIGGER, fixtureNode([fileItem(bytes, 'scan.pdf', 'application/pdf')]), concurNode('receipt', 'upload')),
			{ credentials, binaryMode: 'filesystem' },
		);
		const [{ id, sha256: sent }] = uploaded.json('Concur');
		expect(sent).toBe(sha256(bytes));
		const fetched = await runWorkflow(chain(TRIGGER, concurNode('receipt', 'get', { receiptId: id })), { credentials, binaryMode: 'filesystem' });
		const [item] = fetched.items('Concur');
		expect(item.binary?.data.id).toMatch(/^filesystem/);
		expect(sha256(await fetched.bytes(item.binary?.data))).toBe(sha256(bytes));
	});
});
