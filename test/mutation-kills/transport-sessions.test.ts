// How requests get their Concur token, found by the mutation run over nodes/ConcurImaging/transport/ (issue 18,
// run transport-credentials, reports/mutation/SURVIVORS.md): session.ts, companySession.ts and userSession.ts.
// Concurrent refreshes and token rotation (a replaced refresh token is dead), expired-token 401/403 answers, a
// user credential that must be connected again. Each test names the mutant it kills.
import type { IExecuteFunctions, IHttpRequestOptions, IN8nHttpFullResponse, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { ConcurTokenError } from '../../nodes/ConcurImaging/api/tokens';
import { CompanyAuthSession } from '../../nodes/ConcurImaging/transport/companySession';
import { isExpiredTokenResponse, tokenFailureOf } from '../../nodes/ConcurImaging/transport/session';
import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { apiRequests, COMPANY_CREDENTIAL, companyCredential, concurNode } from '../../support/concur';
import type { Emulator } from '../../support/concur';
import { fileItem, PNG } from '../fixtures/files';
import { userCredential } from '../support/user-credential';
import { useEmulator } from '../support/use-emulator';

const UPLOADS = '/api/v3.0/expense/receiptimages';
const uploadOf = (names: string[], parameters: Record<string, unknown> = {}) =>
	chain(
		TRIGGER,
		fixtureNode(names.map((name) => fileItem(PNG, `${name}.png`, 'image/png'))),
		concurNode('receipt', 'upload', parameters, { onError: 'continueErrorOutput' }),
	);
const tokenGrants = (emulator: Emulator) =>
	emulator
		.requestLog()
		.filter((entry: { path: string }) => entry.path === '/oauth2/v0/token')
		.map((entry: { status: number; form?: { grant_type?: string } }) => `${entry.form?.grant_type} ${entry.status}`);
const forbidden = (body: string | Buffer): IN8nHttpFullResponse => ({ statusCode: 403, headers: {}, body: body as IN8nHttpFullResponse['body'] });
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe('session.ts: what counts as an expired token', () => {
	// Mutant: `response.body ?? ''` -> `response.body && ''` (L40): an answer n8n hands over as text, not bytes.
	it("reads Concur's 403 answer when it comes as text", () => {
		expect(isExpiredTokenResponse(forbidden('<Error><Message>The access token has expired.</Message></Error>'), inAnHour())).toBe(true);
		expect(isExpiredTokenResponse(forbidden('<Error><Message>Forbidden Request</Message></Error>'), inAnHour())).toBe(false);
	});

	// Mutants: `token[^<]{0,40}(invalid|revoked|expired)` -> `token[^<](…)` and -> `token[<]{0,40}(…)` (L41).
	it('takes "this token has been revoked" for an expired token, not for a refusal', () => {
		expect(isExpiredTokenResponse(forbidden(Buffer.from('<Error><Message>This token has been revoked.</Message></Error>')), inAnHour())).toBe(true);
	});

	// Mutants: `Number.isFinite(expiresAt) && expiresAt <= Date.now()` -> `||` and the second operand -> true (L43).
	it('a plain 403 for a token that is still valid for an hour is a refusal', () => {
		expect(isExpiredTokenResponse(forbidden(Buffer.from('Forbidden')), inAnHour())).toBe(false);
		expect(isExpiredTokenResponse(forbidden(Buffer.from('Forbidden')), Date.now() + 3_600_000)).toBe(false);
	});

	// Mutant: `expiresAt <= Date.now()` -> `expiresAt < Date.now()` (L43): the token's last millisecond is over.
	it('a plain 403 at the very moment the token expires is an expired token', () => {
		const now = Date.parse('2026-11-28T12:00:00Z');
		const clock = jest.spyOn(Date, 'now').mockReturnValue(now);
		try {
			expect(isExpiredTokenResponse(forbidden(Buffer.from('Forbidden')), now)).toBe(true);
			expect(isExpiredTokenResponse(forbidden(Buffer.from('Forbidden')), now + 1)).toBe(false);
		} finally {
			clock.mockRestore();
		}
	});
});

describe('session.ts: the token failure behind an error', () => {
	// Mutant: `current && depth < 5` -> true (L24): an error without a token failure behind it.
	it('finds none behind a plain error, and the one n8n wrapped', () => {
		expect(tokenFailureOf(new Error('socket hang up'))).toBeUndefined();
		const failure = new ConcurTokenError('Concur refused the refresh token', 'invalid_grant');
		expect(tokenFailureOf(Object.assign(new Error('The service was not able to process your request'), { cause: failure }))).toBe(failure);
	});

	// Mutant: `depth++` -> `depth--` (L24): an error that names itself as its cause is looked at a few times only.
	it('stops at an error that is its own cause', () => {
		let reads = 0;
		const loop: { cause?: unknown } = {};
		Object.defineProperty(loop, 'cause', {
			get: () => {
				reads++;
				if (reads > 100) throw new Error('tokenFailureOf kept walking a cause loop');
				return loop;
			},
		});
		expect(tokenFailureOf(loop)).toBeUndefined();
		expect(reads).toBeLessThanOrEqual(10);
	});
});

describe('company credential: a token endpoint that cannot be reached', () => {
	const emu = useEmulator({ refreshRotation: 'always' }, { reset: { clearTokens: true } });

	// Mutant: `failure.kind === 'unreachable'` -> false (L32): a network failure is not remembered for the batch.
	it('fails each item with the network error, and each item asks the token endpoint again', async () => {
		emu().setFaults([{ path: '/oauth2/v0/token', kind: 'reset' }]);
		const run = await runWorkflow(uploadOf(['a', 'b'], { options: { maxRetries: 0, concurrency: 1 } }), {
			credentials: companyCredential(emu()),
		});
		const failures = run.json('Concur', 1);
		expect(failures.map((failure) => (failure.details as { code?: string }).code)).toEqual(['NETWORK_ERROR', 'NETWORK_ERROR']);
		expect(tokenGrants(emu())).toHaveLength(2);
	});
});

describe('company credential: two executions refresh at once, one of them is refused', () => {
	// Both executions find the stored access token expired and refresh with the same refresh token. The second
	// refresh reaches Concur later (a latency fault), after the first one rotated the refresh token: Concur refuses
	// it (108), the request token is past its 24 hours, so that execution must pick up the rotation that the other
	// one stored.
	const startTogether = async (emulator: Emulator) => {
		const credentials = companyCredential(emulator);
		expect((await runWorkflow(uploadOf(['first']), { credentials })).json('Concur')).toHaveLength(1);
		credentials.persist(COMPANY_CREDENTIAL.id!, {
			...credentials.data(COMPANY_CREDENTIAL.id!),
			accessExpiresAt: new Date(Date.now() - 1000).toISOString(),
		});
		emulator.advanceTime(25 * 3600);
		emulator.clearRequestLog();
		return credentials;
	};

	/** Both executions at once; per execution: its uploads and its error messages. */
	const bothUploadOneFile = async (credentials: ReturnType<typeof companyCredential>) => {
		const runs = await Promise.all([runWorkflow(uploadOf(['a']), { credentials }), runWorkflow(uploadOf(['b']), { credentials })]);
		return runs.map((run) => [run.json('Concur', 0).length, run.json('Concur', 1).map((failure) => failure.error)]);
	};

	describe('with access tokens that live shorter than the refresh margin', () => {
		const emu = useEmulator({ refreshRotation: 'always', tokenLifetimeSeconds: 60 }, { reset: { clearTokens: true } });

		// Mutants: `!isStale(newer)` -> true (L88), `return await this.call(options, true)` -> `call(options, false)`
		// (L93), `rotated` -> false (L107), `rotated || reissued` -> `rotated && reissued` (L109).
		it('the refused execution refreshes again with the rotated token instead of using one about to expire', async () => {
			const credentials = await startTogether(emu());
			emu().setFaults([{ path: '/oauth2/v0/token', kind: 'latency', latencyMs: 1000, nth: [2] }]);
			expect(await bothUploadOneFile(credentials)).toEqual([
				[1, []],
				[1, []],
			]);
			// first refresh, the refused one, the request-token fallback (expired), the refresh with the rotated token
			expect(tokenGrants(emu()).sort()).toEqual(['password 400', 'refresh_token 200', 'refresh_token 200', 'refresh_token 400']);
			expect(apiRequests(emu()).map((entry: { status: number }) => entry.status)).toEqual([200, 200]);
		});
	});

	describe('with hour-long access tokens', () => {
		const emu = useEmulator({ refreshRotation: 'always' }, { reset: { clearTokens: true } });

		// Mutants: `!isExpiredTokenResponse(response, …)` -> true (L90) and `call(options, true)` -> `call(options,
		// false)` (L93): the other execution's token is refused by Concur right away.
		it('refreshes with the rotated token when Concur refuses the access token the other execution stored', async () => {
			const credentials = await startTogether(emu());
			emu().setFaults([
				{ path: '/oauth2/v0/token', kind: 'latency', latencyMs: 1000, nth: [2] },
				{ method: 'POST', path: UPLOADS, kind: 'expire-tokens', nth: [2] },
			]);
			expect(await bothUploadOneFile(credentials)).toEqual([
				[1, []],
				[1, []],
			]);
			expect(apiRequests(emu()).map((entry: { status: number }) => entry.status)).toEqual([200, 401, 200]);
			expect(tokenGrants(emu()).filter((grant) => grant === 'refresh_token 200')).toHaveLength(2);
		});
	});
});

const node = { id: '1', name: 'Concur', type: 'concurImaging', typeVersion: 1, position: [0, 0] as [number, number], parameters: {}, credentials: { concurCompanyApi: COMPANY_CREDENTIAL } };

/**
 * A company session whose n8n is scripted: the stored credential is `store.data`; a request with an empty access
 * token is n8n running the credential's refresh, which `refresh` plays (it may throw what n8n would throw); any
 * other request is answered 200 when it carries an access token in `valid`, else 401.
 */
function scriptedCompanySession(script: { refresh: (data: Record<string, unknown>) => Promise<void> | void; valid: string[] }) {
	const store = {
		data: {
			accessToken: 'token-1',
			accessExpiresAt: new Date(Date.now() - 1000).toISOString(),
			currentRefreshToken: 'refresh-1',
		} as Record<string, unknown>,
		refreshes: 0,
		sent: [] as string[],
	};
	const fn = {
		getNode: () => node,
		getCredentials: async () => ({ ...store.data }),
		helpers: {
			httpRequestWithAuthentication: async (
				_type: string,
				_options: IHttpRequestOptions,
				extra: { credentialsDecrypted: { data: Record<string, unknown> } },
			) => {
				const data = extra.credentialsDecrypted.data;
				if (!data.accessToken) {
					store.refreshes++;
					await script.refresh(data);
				}
				store.sent.push(String(data.accessToken));
				const ok = script.valid.includes(String(data.accessToken));
				return { statusCode: ok ? 200 : 401, headers: {}, body: Buffer.from(ok ? '{}' : 'Unauthorized') };
			},
		},
	} as unknown as IExecuteFunctions;
	return { session: new CompanyAuthSession(fn), store };
}

const aRequest: IHttpRequestOptions = { method: 'GET', url: '/api/v3.0/expense/receiptimages' };

describe('company session: another execution got a new access token without a new refresh token', () => {
	// Mutants: `reissued` -> false (L108) and `!isStale(stored)` -> `isStale(stored)` (L108): Concur refused this
	// refresh, and meanwhile another execution stored a fresh access token under the same refresh token.
	it('the refused execution sends with that access token', async () => {
		const { session, store } = scriptedCompanySession({
			valid: ['token-2'],
			refresh: () => {
				store.data = { ...store.data, accessToken: 'token-2', accessExpiresAt: inAnHour() };
				throw Object.assign(new Error('The service was not able to process your request'), {
					cause: new ConcurTokenError("Concur no longer accepts this credential's refresh token", 'invalid_grant', 108),
				});
			},
		});
		const response = await session.send(aRequest);
		expect(response.statusCode).toBe(200);
		expect(store.refreshes).toBe(1);
		expect(store.sent).toEqual(['token-2']);
	});
});

describe('company session: a refresh that fails for a reason that is not a token error', () => {
	// n8n wraps whatever failed around the refresh (saving the credential, signing the request) in its own error;
	// the message the user gets is the specific one, not n8n's generic wording.
	const failingWith = async (error: Error) => {
		const { session } = scriptedCompanySession({
			valid: [],
			refresh: () => {
				throw error;
			},
		});
		return { failure: (await session.send(aRequest).catch((e: unknown) => e)) as ConcurTokenError };
	};

	// Mutants: the find callback -> `() => undefined`, its condition -> false (L169).
	it('says what failed, from the error n8n wrapped', async () => {
		const { failure } = await failingWith(new NodeApiError(node, new Error('could not save the refreshed credential') as unknown as JsonObject));
		expect(failure).toBeInstanceOf(ConcurTokenError);
		expect([failure.message, failure.kind]).toEqual(['could not save the refreshed credential', 'unexpected']);
	});

	// Mutants: the condition -> true, `!/^(The service|Bad request)/.test(text)` -> `/…/.test(text)` (L169).
	it("skips n8n's generic wording for the specific message", async () => {
		const { failure } = await failingWith(
			Object.assign(new Error('the credential store is read-only'), { cause: { message: 'The service was not able to process your request' } }),
		);
		expect(failure.message).toBe('the credential store is read-only');
	});

	// Mutant: `/^(The service|Bad request)/` -> `/(The service|Bad request)/` (L169).
	it('keeps a specific message that only mentions a bad request further on', async () => {
		const { failure } = await failingWith(new Error("Concur's proxy answered: Bad request"));
		expect(failure.message).toBe("Concur's proxy answered: Bad request");
	});

	// Mutant: 'Concur refused the credential.' -> "" (L169).
	it('says the credential was refused when n8n gave only its generic wording', async () => {
		const { failure } = await failingWith(new Error('Bad request - please check your parameters'));
		expect(failure.message).toBe('Concur refused the credential.');
	});
});

describe('user credential', () => {
	const emu = useEmulator({ refreshRotation: 'always' }, { reset: { clearTokens: true } });
	const userUpload = (names: string[], options: Record<string, unknown> = {}) =>
		uploadOf(names, { authentication: 'userOAuth2', options: { maxRetries: 0, ...options } });

	// Mutants: `/reconnect|not connected/.test(…)` -> false, its block -> {} and the message -> `` (L79, L81), and
	// `(candidate …)?.response` -> `.response` (L95): n8n's error for it has no cause.
	it('whose refresh token Concur revoked: every item says to click "Connect my account", and Concur is asked once', async () => {
		const credentials = await userCredential(emu(), 'alex.ops@example.com');
		emu().revokeRefreshTokens();
		emu().expireAccessTokens();
		emu().clearRequestLog();
		const run = await runWorkflow(userUpload(['a', 'b', 'c'], { concurrency: 1 }), { credentials });
		const failures = run.json('Concur', 1);
		expect(failures).toHaveLength(3);
		for (const failure of failures) {
			expect(failure.error).toMatch(/needs to be reconnected/);
			expect(failure.error).toMatch(/Open the credential and click "Connect my account" to sign in to Concur again\./);
		}
		expect(apiRequests(emu()).map((entry: { status: number }) => entry.status)).toEqual([401]);
		expect(tokenGrants(emu())).toEqual(['refresh_token 400']);
	});

	// Mutant: `/reconnect|not connected/.test(…)` -> true (L79): a network failure is no reason to reconnect.
	it('a network failure is reported as one, not as a credential to connect again', async () => {
		const credentials = await userCredential(emu(), 'alex.ops@example.com');
		emu().setFaults([{ path: '/api/*', kind: 'reset' }]);
		const run = await runWorkflow(userUpload(['a', 'b'], { concurrency: 1 }), { credentials });
		const failures = run.json('Concur', 1);
		expect(failures.map((failure) => (failure.details as { code?: string }).code)).toEqual(['NETWORK_ERROR', 'NETWORK_ERROR']);
		expect(JSON.stringify(failures)).not.toMatch(/Connect my account/);
		expect(apiRequests(emu())).toHaveLength(2);
	});

	// Mutant: `response.statusCode === 403` -> true (L48): a 401 after n8n's own refresh is not refreshed again.
	it('a token Concur refuses right after n8n refreshed it is refreshed once, not twice', async () => {
		const credentials = await userCredential(emu(), 'alex.ops@example.com');
		emu().clearRequestLog();
		emu().setFaults([{ method: 'POST', path: UPLOADS, kind: 'expire-tokens' }]);
		const run = await runWorkflow(userUpload(['a']), { credentials });
		const [failure] = run.json('Concur', 1);
		expect((failure.details as { httpCode?: number }).httpCode).toBe(401);
		expect(apiRequests(emu()).map((entry: { status: number }) => entry.status)).toEqual([401, 401]);
		expect(tokenGrants(emu())).toEqual(['refresh_token 200']);
	});
});
