// The company credential against a hostile or broken token endpoint, a proxy, and edits: each case here was a
// defect (secrets sent on, echoed or stuck; edits or a proxy ignored) and stays fixed.
import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { fileItem, PNG } from '../fixtures/files';
import { apiRequests, COMPANY_CREDENTIAL, companyCredential, concurNode } from '../../support/concur';
import { useEmulator } from '../support/use-emulator';

const uploadOne = (options: Record<string, unknown> = {}) =>
	chain(
		TRIGGER,
		fixtureNode([fileItem(PNG, 'r.png', 'image/png')]),
		concurNode('receipt', 'upload', { options: { maxRetries: 0, ...options } }, { onError: 'continueErrorOutput' }),
	);
const tokenRequests = <T extends { path: string }>(log: T[]) => log.filter((entry) => entry.path === '/oauth2/v0/token');

describe('company credential: hostile and broken token endpoints', () => {
	const emu = useEmulator({ refreshRotation: 'always' }, { reset: { clearTokens: true } });

	it('never follows a redirect of the token request, and says where it pointed', async () => {
		emu().setFaults([{ path: '/oauth2/v0/token', kind: 'redirect', status: 307 }]);
		const run = await runWorkflow(uploadOne(), { credentials: companyCredential(emu()) });
		const [failure] = run.json('Concur', 1);
		expect(failure.details).toMatchObject({ code: 'CREDENTIAL_INVALID' });
		expect(failure.error).toMatch(/redirect \(HTTP 307 to 127\.0\.0\.2/);
		expect(emu().trap.requests()).toEqual([]);
		expect(emu().trap.received(emu().client.secret)).toBe(false);
		expect(emu().trap.received(emu().company.requestToken)).toBe(false);
	});

	it('never echoes a token answer it cannot read', async () => {
		emu().setFaults([{ path: '/oauth2/v0/token', kind: 'malformed' }]);
		const run = await runWorkflow(uploadOne(), { credentials: companyCredential(emu()) });
		const [failure] = run.json('Concur', 1);
		expect(failure.error).toMatch(/answered HTTP 200 without an access token/);
		expect(JSON.stringify(failure)).not.toMatch(/access_token|refresh_token|eyJ/);
	});

	it('names only the host of a base URL that carries a user and password', async () => {
		const credentials = companyCredential(emu(), { customBaseUrl: 'http://ops:hunter2@127.0.0.1:9' });
		const run = await runWorkflow(uploadOne(), { credentials });
		const [failure] = run.json('Concur', 1);
		expect(failure.details).toMatchObject({ code: 'NETWORK_ERROR' });
		expect(failure.error).toMatch(/127\.0\.0\.1:9/);
		expect(JSON.stringify(failure)).not.toMatch(/hunter2/);
	});

	it('gives up on a token endpoint that never answers, naming the host', async () => {
		emu().setFaults([{ path: '/oauth2/v0/token', kind: 'hang' }]);
		const started = Date.now();
		const run = await runWorkflow(uploadOne(), { credentials: companyCredential(emu()) });
		const [failure] = run.json('Concur', 1);
		expect(failure.details).toMatchObject({ code: 'NETWORK_ERROR' });
		expect(failure.error).toContain(new URL(emu().baseUrl).host);
		// Bounded (about 30 s), not for ever.
		expect(Date.now() - started).toBeLessThan(55_000);
		emu().releaseHangs();
	}, 60_000);

	it('keeps tokens and files away from a foreign geolocation in a token answer', async () => {
		emu().configure({ tokenGeolocation: 'trap' });
		const credentials = companyCredential(emu());
		const run = await runWorkflow(uploadOne(), { credentials });
		expect(emu().trap.requests()).toEqual([]);
		// The calls stayed on the configured host; nothing went where the answer pointed.
		expect(credentials.data(COMPANY_CREDENTIAL.id!).geolocation).not.toContain('127.0.0.2');
		expect(run.json('Concur', 0).length + run.json('Concur', 1).length).toBe(1);
	});

	it('uses an edited credential at once, not the tokens of its earlier setup', async () => {
		const credentials = companyCredential(emu());
		expect((await runWorkflow(uploadOne(), { credentials })).json('Concur', 0)).toHaveLength(1);
		// The admin pastes a new request token (as after moving to another company or app); the old access
		// token is still valid for most of an hour.
		const record = credentials.data(COMPANY_CREDENTIAL.id!);
		credentials.persist(COMPANY_CREDENTIAL.id!, { ...record, requestToken: emu().issueRequestToken() });
		emu().clearRequestLog();
		const run = await runWorkflow(uploadOne(), { credentials });
		expect(run.json('Concur', 0)).toHaveLength(1);
		const log = emu().requestLog();
		expect(tokenRequests(log).map((entry: { form?: { grant_type?: string } }) => entry.form?.grant_type)).toEqual([
			'password',
		]);
		expect(log[0].path).toBe('/oauth2/v0/token');
	});
});

describe('company credential behind a proxy (custom base URL)', () => {
	// The company lives in "us", the base URL; token answers name "eu" as the geolocation, as Concur's would
	// behind a proxy. Calls must stay on the base URL (the proxy) unless Follow Geolocation is on.
	const emu = useEmulator({ companyHome: 'us', refreshRotation: 'always' }, { reset: { clearTokens: true } });

	it('keeps every call and refresh on the base URL', async () => {
		emu().configure({ tokenGeolocation: emu().dataCenters.eu });
		const credentials = companyCredential(emu(), { followGeolocation: false });
		expect((await runWorkflow(uploadOne(), { credentials })).json('Concur', 0)).toHaveLength(1);
		emu().expireAccessTokens();
		expect((await runWorkflow(uploadOne(), { credentials })).json('Concur', 0)).toHaveLength(1);
		const hosts = emu()
			.requestLog()
			.map((entry: { dc: string }) => entry.dc);
		expect(new Set(hosts)).toEqual(new Set(['us']));
		// The second run's expired token is refused once at the proxy, refreshed there, and the upload goes on.
		expect(apiRequests(emu()).map((entry: { status: number }) => entry.status)).toEqual([200, 401, 200]);
	});
});
