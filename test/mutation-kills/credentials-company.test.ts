// The company credential (credentials/ConcurCompanyApi.credentials.ts), found by the mutation run over
// credentials/ (issue 18, run transport-credentials, reports/mutation/SURVIVORS.md): a credential filled in only
// in part, token answers that are not what Concur documents, and failures that must not carry the token request's
// details. Each test names the mutant it kills.
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { ConcurCompanyApi, obtainCompanyTokens } from '../../credentials/ConcurCompanyApi.credentials';
import { companySetupFingerprint } from '../../nodes/ConcurImaging/api/companySetup';
import type { FormPost } from '../../nodes/ConcurImaging/api/tokens';
import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import type { Emulator } from '../../support/concur';
import { COMPANY_CREDENTIAL, companyCredential, concurNode } from '../../support/concur';
import { fileItem, PNG } from '../fixtures/files';
import { useEmulator } from '../support/use-emulator';

const uploadOne = () =>
	chain(
		TRIGGER,
		fixtureNode([fileItem(PNG, 'r.png', 'image/png')]),
		concurNode('receipt', 'upload', { options: { maxRetries: 0 } }, { onError: 'continueErrorOutput' }),
	);
const tokenStatuses = (emulator: Emulator) =>
	emulator
		.requestLog()
		.filter((entry: { path: string }) => entry.path === '/oauth2/v0/token')
		.map((entry: { status: number }) => entry.status);

describe('company credential filled in only in part', () => {
	const emu = useEmulator({ refreshRotation: 'always' }, { reset: { clearTokens: true } });

	const failureOf = async (extra: Record<string, unknown>) => {
		const run = await runWorkflow(uploadOne(), { credentials: companyCredential(emu(), extra) });
		expect(run.json('Concur', 0)).toEqual([]);
		const [failure] = run.json('Concur', 1);
		return failure;
	};

	// Mutants: the `if (!configuredBaseUrl)` block -> {} and its message -> "" (L175, L176).
	it('without a base URL: says to enter it, and asks nobody for a token', async () => {
		const failure = await failureOf({ customBaseUrl: '' });
		expect(failure.error).toMatch(/Enter the base URL of the Concur API in the credential\./);
		expect(emu().requestLog()).toEqual([]);
	});

	// Mutants: the `if (!credentials.companyId || !credentials.requestToken)` block -> {} and its message -> ""
	// (L192, L194).
	it('without the company request token: says to enter it, and asks Concur nothing', async () => {
		const failure = await failureOf({ requestToken: '' });
		expect(failure.details).toMatchObject({ code: 'CREDENTIAL_INVALID' });
		expect(failure.error).toMatch(/Enter the company UUID and company request token in the credential/);
		expect(emu().requestLog()).toEqual([]);
	});

	// Mutants: `if (!credentials.refreshToken)` -> false, its block -> {} and its message -> "" (L228, L229).
	it('set to an existing refresh token but without one: says to enter it, and asks Concur nothing', async () => {
		const failure = await failureOf({ connectWith: 'refreshToken', refreshToken: '' });
		expect(failure.details).toMatchObject({ code: 'CREDENTIAL_INVALID' });
		expect(failure.error).toMatch(/Enter the refresh token in the credential\./);
		expect(emu().requestLog()).toEqual([]);
	});
});

describe('company credential: token answers Concur does not document', () => {
	const emu = useEmulator({ refreshRotation: 'always' }, { reset: { clearTokens: true } });

	// Mutants: `error instanceof ConcurTokenError` -> true (L140) and the message of the wrapped error -> `` (L141):
	// what failed while reading the answer is reduced to its message, under the credential's own words.
	it('a redirect to an address that is no URL fails as a token request that failed, and goes nowhere', async () => {
		emu().setFaults([{ path: '/oauth2/v0/token', kind: 'redirect', status: 307, location: 'http://[' }]);
		const run = await runWorkflow(uploadOne(), { credentials: companyCredential(emu()) });
		const [failure] = run.json('Concur', 1);
		expect(failure.error).toMatch(/^Concur token request failed: Invalid URL/);
		expect(JSON.stringify(failure)).not.toContain(emu().client.secret);
		expect(JSON.stringify(failure)).not.toContain(emu().company.requestToken);
		expect(emu().trap.requests()).toEqual([]);
	});

	// Mutant: `grantLabel: 'refresh token'` -> '' (L189): the message names what Concur did not take.
	it('a refresh answered with an HTML error page says the refresh token got no access token', async () => {
		const credentials = companyCredential(emu());
		expect((await runWorkflow(uploadOne(), { credentials })).json('Concur')).toHaveLength(1);
		emu().expireAccessTokens();
		emu().advanceTime(25 * 3600);
		emu().setFaults([{ path: '/oauth2/v0/token', kind: 'html', status: 400 }]);
		const run = await runWorkflow(uploadOne(), { credentials });
		const [failure] = run.json('Concur', 1);
		expect(failure.error).toMatch(/^Concur did not issue an access token for the refresh token \(Concur says: <html>/);
		// the exchange of the first run, then the one refresh, not followed by anything
		expect(tokenStatuses(emu())).toEqual([200, 400]);
	});
});

/** A token endpoint that records each form and gives the next answer (a server error once the script is done). */
const answering = (...answers: Array<{ statusCode: number; body: Record<string, unknown> }>) => {
	const forms: Array<Record<string, string>> = [];
	const post: FormPost = async (_url, form) => {
		forms.push(form);
		const answer = answers.shift() ?? { statusCode: 500, body: { error: 'server_error' } };
		return { statusCode: answer.statusCode, body: JSON.stringify(answer.body), headers: {} };
	};
	return { post, forms, grants: () => forms.map((form) => form.grant_type) };
};
/** The same, answering every request with 200 and the next body. */
const endpoint = (...bodies: Array<Record<string, unknown>>) => answering(...bodies.map((body) => ({ statusCode: 200, body })));

describe('obtainCompanyTokens: what the credential persists', () => {
	const setup: ICredentialDataDecryptedObject = {
		dataCenter: 'custom',
		customBaseUrl: 'https://concur-proxy.example.com',
		connectWith: 'requestToken',
		companyId: 'company-1',
		requestToken: 'request-token-1',
	};

	// Mutants: `credentials.clientId ?? ''` and `credentials.clientSecret ?? ''` -> "Stryker was here!" (L178).
	it('sends an app ID and secret that were never entered as empty, never as a made-up value', async () => {
		const { post, forms } = endpoint({ access_token: 'a1', refresh_token: 'r1', expires_in: '3600' });
		await obtainCompanyTokens(post, setup);
		expect(forms).toEqual([
			{ client_id: '', client_secret: '', grant_type: 'password', credtype: 'authtoken', username: 'company-1', password: 'request-token-1' },
		]);
	});

	// Mutants: `credentials.refreshToken ?? ''` -> `credentials.refreshToken && ''` (L239) and
	// `|| ''` of refreshExpiresAt -> "Stryker was here!" (L242).
	it('keeps the entered refresh token when Concur answers a refresh without a new one', async () => {
		const { post } = endpoint({ access_token: 'a1', expires_in: '3600' });
		const tokens = await obtainCompanyTokens(post, { ...setup, clientId: 'app', clientSecret: 'secret', connectWith: 'refreshToken', refreshToken: 'refresh-entered' });
		expect(tokens).toMatchObject({ accessToken: 'a1', currentRefreshToken: 'refresh-entered', refreshExpiresAt: '' });
	});

	// Mutant: `credentials.refreshToken ?? ''` -> "Stryker was here!" (L239).
	it('stores no refresh token when Concur gave none and none was entered', async () => {
		const { post } = endpoint({ access_token: 'a1', expires_in: '3600' });
		const tokens = await obtainCompanyTokens(post, { ...setup, clientId: 'app', clientSecret: 'secret' });
		expect(tokens).toMatchObject({ accessToken: 'a1', currentRefreshToken: '', refreshExpiresAt: '' });
	});
});

describe('obtainCompanyTokens: what a later refresh keeps (issue 18, the survivors of the by-hand retest)', () => {
	const connected = (setup: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject => ({
		...setup,
		setupFingerprint: companySetupFingerprint(setup),
		accessToken: 'old-access',
		currentRefreshToken: 'refresh-stored',
		geolocation: 'https://eu.api.concursolutions.com',
		refreshExpiresAt: '2027-06-01T00:00:00.000Z',
	});
	const requestTokenSetup: ICredentialDataDecryptedObject = {
		dataCenter: 'us',
		clientId: 'app',
		clientSecret: 'secret',
		connectWith: 'requestToken',
		companyId: 'company-1',
		requestToken: 'request-token-1',
	};

	// Mutants: `|| (stored?.refreshExpiresAt as string)` dropped (ConditionalExpression -> false) and `||` -> `&&`
	// (L242).
	it('keeps when the refresh token expires: from the answer when Concur says, else as stored', async () => {
		const withExpiry = answering({ statusCode: 200, body: { access_token: 'a1', refresh_token: 'r1', refresh_expires_in: 1_900_000_000 } });
		expect((await obtainCompanyTokens(withExpiry.post, connected(requestTokenSetup))).refreshExpiresAt).toBe(
			new Date(1_900_000_000 * 1000).toISOString(),
		);
		const silent = answering({ statusCode: 200, body: { access_token: 'a1', refresh_token: 'r1' } });
		expect((await obtainCompanyTokens(silent.post, connected(requestTokenSetup))).refreshExpiresAt).toBe(
			'2027-06-01T00:00:00.000Z',
		);
		expect([withExpiry.grants(), silent.grants()]).toEqual([['refresh_token'], ['refresh_token']]);
	});

	// Mutants: `.replace(/\/+$/, '')` -> `/\/$/` and its '' -> "Stryker was here!" (L240).
	it('stores the geolocation Concur names without the slashes it may end with', async () => {
		for (const named of ['https://eu.api.concursolutions.com/', 'https://eu.api.concursolutions.com//']) {
			const { post } = answering({ statusCode: 200, body: { access_token: 'a1', refresh_token: 'r1', geolocation: named } });
			expect((await obtainCompanyTokens(post, connected(requestTokenSetup))).geolocation).toBe(
				'https://eu.api.concursolutions.com',
			);
		}
	});

	// Mutant: `if (credentials.connectWith !== 'requestToken') throw error;` -> false (L220).
	it('set to an existing refresh token: a revoked one fails, naming it, and a request token left in the credential is not used', async () => {
		const setup = { ...requestTokenSetup, connectWith: 'refreshToken', refreshToken: 'refresh-entered' };
		const { post, grants } = answering(
			{ statusCode: 400, body: { error: 'invalid_grant', error_description: 'refresh token revoked' } },
			{ statusCode: 200, body: { access_token: 'from-request-token', refresh_token: 'r2' } },
		);
		await expect(obtainCompanyTokens(post, connected(setup))).rejects.toThrow(
			/^Concur no longer accepts this credential's refresh token/,
		);
		expect(grants()).toEqual(['refresh_token']);
	});

	it('set to a company request token: a revoked refresh token is replaced with the request token', async () => {
		const { post, grants } = answering(
			{ statusCode: 400, body: { error: 'invalid_grant', error_description: 'refresh token revoked' } },
			{ statusCode: 200, body: { access_token: 'from-request-token', refresh_token: 'r2' } },
		);
		const tokens = await obtainCompanyTokens(post, connected(requestTokenSetup));
		expect(tokens).toMatchObject({ accessToken: 'from-request-token', currentRefreshToken: 'r2' });
		expect(grants()).toEqual(['refresh_token', 'password']);
	});
});

describe('the company credential on each API call (issue 18)', () => {
	const credentials: ICredentialDataDecryptedObject = {
		dataCenter: 'eu2',
		accessToken: 'access-1',
		geolocation: 'https://eu2.api.concursolutions.com',
	};
	const authenticate = new ConcurCompanyApi().authenticate as (
		credentials: ICredentialDataDecryptedObject,
		options: IHttpRequestOptions,
	) => Promise<IHttpRequestOptions>;

	// Mutants: `/^https?:\/\//i` -> `/https?:\/\//i` and -> `/^https:\/\//i` (L150).
	it('puts the geolocation before a path, and leaves an absolute link (http or https) where it points', async () => {
		const path = await authenticate(credentials, { url: '/api/image/v1.0/report/R1', qs: {} });
		expect(path).toMatchObject({ baseURL: 'https://eu2.api.concursolutions.com', headers: { Authorization: 'Bearer access-1' } });
		const pathNamingALink = await authenticate(credentials, { url: '/api/v3.0/expense/receiptimages?next=https://x.example/' });
		expect(pathNamingALink.baseURL).toBe('https://eu2.api.concursolutions.com');
		for (const url of ['https://images.concursolutions.com/r1.png', 'http://127.0.0.1:9/r1.png']) {
			const absolute = await authenticate(credentials, { url });
			expect(absolute).not.toHaveProperty('baseURL');
			expect(absolute.url).toBe(url);
		}
	});
});

describe("the company credential's Test button (issue 18)", () => {
	const emu = useEmulator({ refreshRotation: 'always' }, { reset: { clearTokens: true } });
	const pressTest = () =>
		chain(TRIGGER, {
			name: 'Test',
			type: 'test.credentialTest.concurCompanyApi',
			parameters: {},
			credentials: { concurCompanyApi: COMPANY_CREDENTIAL },
		});
	const calls = () =>
		emu()
			.requestLog()
			.map((entry: { method: string; path: string; query: Record<string, string>; dc: string; status: number }) =>
				entry.path === '/oauth2/v0/token'
					? `token@${entry.dc}:${entry.status}`
					: `${entry.method} ${entry.path} ${JSON.stringify(entry.query)}@${entry.dc}:${entry.status}`,
			);

	// Mutants: the test request -> {}, its url -> "" and its qs -> {} (L159).
	it('lists one receipt image at the geolocation, and after the access token expired, refreshes there first', async () => {
		const credentials = companyCredential(emu());
		const first = await runWorkflow(pressTest(), { credentials });
		expect(first.error).toBeUndefined();
		expect(first.json('Test')).toHaveLength(1);
		// the request token is exchanged where the credential points, the call goes to the company's geolocation
		expect(calls()).toEqual(['token@us:200', 'GET /api/v3.0/expense/receiptimages {"limit":"1"}@eu:200']);
		emu().clearRequestLog();
		emu().expireAccessTokens();
		const again = await runWorkflow(pressTest(), { credentials });
		expect(again.error).toBeUndefined();
		expect(calls()).toEqual([
			'GET /api/v3.0/expense/receiptimages {"limit":"1"}@eu:401',
			'token@eu:200',
			'GET /api/v3.0/expense/receiptimages {"limit":"1"}@eu:200',
		]);
	});
});
