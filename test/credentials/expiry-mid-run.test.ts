import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { fileItem, JPEG, PNG } from '../fixtures/files';
import type { Emulator } from '../../support/concur';
import { apiRequests, COMPANY_CREDENTIAL, companyCredential, concurNode, startEmulator } from '../../support/concur';

const UPLOADS = '/api/v3.0/expense/receiptimages';

describe.each([401, 403] as const)('an access token that expires in the middle of a batch, answered with %s', (expiredTokenStatus) => {
	let emulator: Emulator;
	beforeAll(async () => {
		emulator = await startEmulator({ port: 0, expiredTokenStatus, refreshRotation: 'always' });
	});
	afterAll(async () => await emulator.stop());

	it.each([1, 4])('is refreshed once, and every item completes (concurrency %i)', async (concurrency) => {
		await emulator.reset({ clearTokens: true });
		const credentials = companyCredential(emulator);
		// Token fetched by an earlier run; it expires just before the 5th upload of the next one.
		await runWorkflow(chain(TRIGGER, fixtureNode([fileItem(PNG, 'warm-up.png', 'image/png')]), concurNode('receipt', 'upload')), { credentials });
		const before = credentials.data(COMPANY_CREDENTIAL.id!);
		emulator.clearRequestLog();
		emulator.setFaults([{ method: 'POST', path: UPLOADS, kind: 'expire-tokens', nth: [5] }]);

		const files = Array.from({ length: 10 }, (_, i) => fileItem(i % 2 ? PNG : JPEG, `r${i}.${i % 2 ? 'png' : 'jpg'}`, i % 2 ? 'image/png' : 'image/jpeg'));
		const run = await runWorkflow(
			chain(TRIGGER, fixtureNode(files), concurNode('receipt', 'upload', { options: { concurrency } }, { onError: 'continueErrorOutput' })),
			{ credentials },
		);
		expect(run.status).toBe('success');
		expect(run.json('Concur', 1)).toEqual([]);
		expect(run.json('Concur', 0).map((r) => r.fileName)).toEqual(files.map((f) => f.json?.fileName));

		const log = emulator.requestLog();
		const refreshes = log.filter((entry: { path: string }) => entry.path === '/oauth2/v0/token');
		expect(refreshes.map((entry: { dc: string; status: number; form: Record<string, string> }) => [entry.dc, entry.status, entry.form.grant_type])).toEqual([
			['eu', 200, 'refresh_token'],
		]);
		const uploads = apiRequests(emulator);
		const expired = uploads.filter((entry: { status: number }) => entry.status === expiredTokenStatus);
		expect(expired.length).toBeGreaterThanOrEqual(1);
		expect(expired.length).toBeLessThanOrEqual(concurrency);
		expect(uploads.filter((entry: { status: number }) => entry.status === 200)).toHaveLength(10);
		expect(credentials.data(COMPANY_CREDENTIAL.id!).currentRefreshToken).not.toBe(before.currentRefreshToken);
	});
});
