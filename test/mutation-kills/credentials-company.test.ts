// The company credential (credentials/ConcurCompanyApi.credentials.ts), found by the mutation run over
// credentials/ (issue 18, run transport-credentials, reports/mutation/SURVIVORS.md): a credential filled in only
// in part, token answers that are not what Concur documents, and failures that must not carry the token request's
// details. Each test names the mutant it kills.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { obtainCompanyTokens } from '../../credentials/ConcurCompanyApi.credentials';
import type { FormPost } from '../../nodes/ConcurImaging/api/tokens';
import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import type { Emulator } from '../../support/concur';
import { companyCredential, concurNode } from '../../support/concur';
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

describe('obtainCompanyTokens: what the credential persists', () => {
	/** A token endpoint that records each form and answers with the next body. */
	const endpoint = (...answers: Array<Record<string, unknown>>) => {
		const forms: Array<Record<string, string>> = [];
		const post: FormPost = async (_url, form) => {
			forms.push(form);
			return { statusCode: 200, body: JSON.stringify(answers.shift()), headers: {} };
		};
		return { post, forms };
	};
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
