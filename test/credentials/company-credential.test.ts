import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { fileItem, PNG } from '../fixtures/files';
import { apiRequests, COMPANY_CREDENTIAL, companyCredential, concurNode } from '../../support/concur';
import { useEmulator } from '../support/use-emulator';

const emu = useEmulator({ refreshRotation: 'always' }, { reset: { clearTokens: true } });

const tokenRequests = () =>
	emu().requestLog().filter((entry: { path: string }) => entry.path === '/oauth2/v0/token');
const uploadWorkflow = (count = 1) =>
	chain(
		TRIGGER,
		fixtureNode(Array.from({ length: count }, (_, i) => fileItem(PNG, `r${i}.png`, 'image/png'))),
		concurNode('receipt', 'upload', { options: { concurrency: 4 } }),
	);

describe('company credential: request token, refresh token, rotation', () => {
	it('exchanges the company request token once and keeps what Concur returned', async () => {
		const credentials = companyCredential(emu());
		const run = await runWorkflow(uploadWorkflow(3), { credentials });
		expect(run.status).toBe('success');

		expect(tokenRequests()).toHaveLength(1);
		const [exchange] = tokenRequests();
		expect(exchange).toMatchObject({ dc: 'us', status: 200 });
		const stored = credentials.data(COMPANY_CREDENTIAL.id!);
		expect(stored).toMatchObject({
			accessToken: expect.any(String),
			currentRefreshToken: expect.any(String),
			geolocation: emu().dataCenters.eu,
			accessExpiresAt: expect.any(String),
			refreshExpiresAt: expect.any(String),
			setupFingerprint: expect.any(String),
		});
		expect(Date.parse(String(stored.accessExpiresAt)) - Date.now()).toBeGreaterThan(50 * 60 * 1000);
		expect(credentials.preAuthentications).toHaveLength(1);
	});

	it('saves a rotated refresh token and uses it on the next execution', async () => {
		const credentials = companyCredential(emu());
		await runWorkflow(uploadWorkflow(), { credentials });
		const firstRefreshToken = credentials.data(COMPANY_CREDENTIAL.id!).currentRefreshToken;

		emu().expireAccessTokens();
		const second = await runWorkflow(uploadWorkflow(2), { credentials });
		expect(second.status).toBe('success');
		const rotated = credentials.data(COMPANY_CREDENTIAL.id!).currentRefreshToken;
		expect(rotated).not.toBe(firstRefreshToken);

		emu().expireAccessTokens();
		const third = await runWorkflow(uploadWorkflow(), { credentials });
		expect(third.status).toBe('success');
		expect(credentials.data(COMPANY_CREDENTIAL.id!).currentRefreshToken).not.toBe(rotated);

		const grants = tokenRequests().map((entry: { status: number; dc: string }) => [entry.dc, entry.status]);
		// one exchange at the configured host, then each refresh at the token's geolocation
		expect(grants).toEqual([
			['us', 200],
			['eu', 200],
			['eu', 200],
		]);
		expect(credentials.updates.length).toBe(3);
	});

	it('refreshes before the access token expires, once for the batch, without waiting for a 401', async () => {
		const credentials = companyCredential(emu());
		await runWorkflow(uploadWorkflow(), { credentials });
		// The stored token has a minute left: too little to start a batch with.
		const stored = credentials.data(COMPANY_CREDENTIAL.id!);
		credentials.persist(COMPANY_CREDENTIAL.id!, { ...stored, accessExpiresAt: new Date(Date.now() + 60_000).toISOString() });
		emu().clearRequestLog();

		const run = await runWorkflow(uploadWorkflow(6), { credentials });
		expect(run.status).toBe('success');
		expect(tokenRequests().map((entry: { dc: string; status: number }) => [entry.dc, entry.status])).toEqual([['eu', 200]]);
		expect(apiRequests(emu()).map((entry: { status: number }) => entry.status)).toEqual([200, 200, 200, 200, 200, 200]);
		expect(credentials.data(COMPANY_CREDENTIAL.id!).accessToken).not.toBe(stored.accessToken);
	});

	it('sends every API call to the geolocation of the token, not to the host it was asked at', async () => {
		const credentials = companyCredential(emu());
		const run = await runWorkflow(
			chain(
				TRIGGER,
				fixtureNode([fileItem(PNG, 'a.png', 'image/png')]),
				concurNode('receipt', 'upload'),
			),
			{ credentials },
		);
		expect(run.status).toBe('success');
		expect(emu().company.homeDataCenter).toBe('eu');
		const calls = apiRequests(emu()).map((entry: { dc: string }) => entry.dc);
		expect(calls.length).toBeGreaterThan(0);
		expect(new Set(calls)).toEqual(new Set(['eu']));
	});

	it('connects from an existing refresh token too', async () => {
		const seedCredentials = companyCredential(emu());
		await runWorkflow(uploadWorkflow(), { credentials: seedCredentials });
		const refreshToken = seedCredentials.data(COMPANY_CREDENTIAL.id!).currentRefreshToken as string;

		const credentials = companyCredential(emu(), { connectWith: 'refreshToken', refreshToken, requestToken: '' });
		const run = await runWorkflow(uploadWorkflow(), { credentials });
		expect(run.status).toBe('success');
		expect(credentials.data(COMPANY_CREDENTIAL.id!).geolocation).toBe(emu().dataCenters.eu);
	});

	it('follows Concur\'s "lives elsewhere" answer (code 16) to the right data center', async () => {
		const seedCredentials = companyCredential(emu());
		await runWorkflow(uploadWorkflow(), { credentials: seedCredentials });
		const refreshToken = seedCredentials.data(COMPANY_CREDENTIAL.id!).currentRefreshToken as string;
		emu().clearRequestLog();

		// A refresh token belongs to the eu data center; asking the us host is answered with code 16.
		const credentials = companyCredential(emu(), { connectWith: 'refreshToken', refreshToken });
		const run = await runWorkflow(uploadWorkflow(), { credentials });
		expect(run.status).toBe('success');
		expect(tokenRequests().map((entry: { dc: string; status: number }) => [entry.dc, entry.status])).toEqual([
			['us', 400],
			['eu', 200],
		]);
	});
});

describe('company credential: when Concur says no', () => {
	it('fails every item with the same clear reconnect error, and asks Concur nothing else', async () => {
		const credentials = companyCredential(emu());
		await runWorkflow(uploadWorkflow(), { credentials });
		const receiptsBefore = (await emu().state()).receipts.length;
		emu().revokeRefreshTokens();
		emu().expireAccessTokens();
		// A request token can stand in for a revoked refresh token within its 24 hours; this one has expired too.
		emu().advanceTime(25 * 3600);
		emu().clearRequestLog();

		const run = await runWorkflow(
			chain(
				TRIGGER,
				fixtureNode(Array.from({ length: 5 }, (_, i) => fileItem(PNG, `r${i}.png`, 'image/png'))),
				concurNode('receipt', 'upload', { options: { concurrency: 3 } }, { onError: 'continueErrorOutput' }),
			),
			{ credentials },
		);
		expect(run.json('Concur', 0)).toHaveLength(0);
		const failures = run.json('Concur', 1);
		expect(failures).toHaveLength(5);
		for (const failure of failures) {
			expect(failure.details).toMatchObject({ code: 'CREDENTIAL_INVALID' });
			expect(failure.error).toMatch(/no longer accepts this credential's refresh token/);
			expect(failure.error).toMatch(/Reconnect the credential/);
		}
		// The uploads that were already on their way met a 401; then one refresh attempt (and the request-token
		// fallback) failed, and no item tried again.
		expect(apiRequests(emu()).every((entry: { status: number }) => entry.status === 401)).toBe(true);
		expect(apiRequests(emu()).length).toBeLessThanOrEqual(3);
		expect(tokenRequests()).toHaveLength(2);
		expect((await emu().state()).receipts).toHaveLength(receiptsBefore);
	});

	it('explains a wrong client secret', async () => {
		const credentials = companyCredential(emu(), { clientSecret: 'not-the-secret' });
		const run = await runWorkflow(
			chain(TRIGGER, fixtureNode([fileItem(PNG, 'a.png', 'image/png')]), concurNode('receipt', 'upload', {}, { onError: 'continueErrorOutput' })),
			{ credentials },
		);
		const [failure] = run.json('Concur', 1);
		expect(failure.details).toMatchObject({ code: 'CREDENTIAL_INVALID' });
		expect(failure.error).toMatch(/rejected the app's client ID or client secret/);
	});

	it('explains an expired company request token', async () => {
		emu().advanceTime(25 * 3600);
		const credentials = companyCredential(emu());
		const run = await runWorkflow(
			chain(TRIGGER, fixtureNode([fileItem(PNG, 'a.png', 'image/png')]), concurNode('receipt', 'upload', {}, { onError: 'continueErrorOutput' })),
			{ credentials },
		);
		const [failure] = run.json('Concur', 1);
		expect(failure.details).toMatchObject({ code: 'CREDENTIAL_INVALID' });
		expect(failure.error).toMatch(/refused the company request token/);
		expect(failure.error).toMatch(/valid for 24 hours/);
	});
});

describe('company credential: when the token endpoint is down', () => {
	it('retries, then reports CONCUR_UNAVAILABLE, not a broken credential', async () => {
		emu().setFaults([{ path: '/oauth2/v0/token', kind: '503' }]);
		try {
			const run = await runWorkflow(
				chain(
					TRIGGER,
					fixtureNode([fileItem(PNG, 'a.png', 'image/png')]),
					concurNode('receipt', 'upload', { options: { maxRetries: 2, retryDelayMs: 10 } }, { onError: 'continueErrorOutput' }),
				),
				{ credentials: companyCredential(emu()) },
			);
			const [failure] = run.json('Concur', 1);
			expect(failure.details).toMatchObject({ code: 'CONCUR_UNAVAILABLE' });
			expect(failure.error).toMatch(/token endpoint is unavailable .*HTTP 503/);
			expect(tokenRequests()).toHaveLength(3);
		} finally {
			emu().setFaults([]);
		}
	});

	it('then works again once Concur is back, without reconnecting', async () => {
		emu().setFaults([{ path: '/oauth2/v0/token', kind: '503', times: 1 }]);
		const run = await runWorkflow(
			chain(TRIGGER, fixtureNode([fileItem(PNG, 'a.png', 'image/png')]), concurNode('receipt', 'upload', { options: { retryDelayMs: 10 } })),
			{ credentials: companyCredential(emu()) },
		);
		expect(run.status).toBe('success');
		expect(tokenRequests().map((entry: { status: number }) => entry.status)).toEqual([503, 200]);
	});
});
