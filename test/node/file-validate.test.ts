// File > Validate: the verdict without a credential or a request.
import { createHash } from 'crypto';

import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { fileItem, HEIC, PNG } from '../fixtures/files';
import { apiRequests, concurNode } from '../../support/concur';
import { useEmulator } from '../support/use-emulator';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const emu = useEmulator();

describe('file: validate', () => {
	it('gives a verdict per file without a credential or any request, and passes the file through', async () => {
		const run = await runWorkflow(
			chain(
				TRIGGER,
				fixtureNode([fileItem(PNG, 'ok.png', 'image/png', { ticket: 7 }), fileItem(HEIC, 'photo.heic', 'image/heic')]),
				concurNode('file', 'validate'),
			),
		);
		expect(run.status).toBe('success');
		const [ok, heic] = run.items('Concur');
		expect(ok.json).toMatchObject({ ticket: 7, valid: true, detectedMimeType: 'image/png', fileSize: PNG.length, sha256: sha256(PNG), problems: [] });
		expect(ok.binary?.data.fileName).toBe('ok.png');
		expect(heic.json).toMatchObject({ valid: false, detectedMimeType: 'image/heic', problems: [expect.objectContaining({ code: 'UNSUPPORTED_TYPE' })] });
		expect(apiRequests(emu(), true)).toHaveLength(0);
	});
});
