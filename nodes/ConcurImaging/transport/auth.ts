import type { IOAuth2Options, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { callBaseUrl, companySetupMatches } from '../api/companySetup';
import { ConcurTokenError } from '../api/tokens';
import type {
	ICredentialDataDecryptedObject,
	ConcurFunctions,
	IHttpRequestOptions,
	N8nFullResponse,
} from './types';

/**
 * How requests get their Concur token. One session lives for one execution of the node (one batch of items), so
 * a token that expires mid-batch is refreshed once, not once per item.
 */
export interface AuthSession {
	send(options: IHttpRequestOptions): Promise<N8nFullResponse>;
}

export const CREDENTIAL_TYPES = {
	companyApi: 'concurCompanyApi',
	userOAuth2: 'concurOAuth2Api',
} as const;

export type Authentication = keyof typeof CREDENTIAL_TYPES;

/**
 * The token failure behind an error, if any: the credential's preAuthentication throws a ConcurTokenError, which
 * n8n wraps (as `cause`) in its own error. Its `kind` says whether the credential is at fault.
 */
export function tokenFailureOf(error: unknown): ConcurTokenError | undefined {
	for (let current = error, depth = 0; current && depth < 5; depth++) {
		if (current instanceof ConcurTokenError) return current;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** Failures that say nothing about the credential: not remembered for the batch, and retried. */
const isPassing = (failure: ConcurTokenError) => failure.kind === 'unreachable' || failure.kind === 'unavailable';

/** Refresh ahead of expiry so a request never leaves with a token about to lapse. */
const EXPIRY_MARGIN_MS = 2 * 60 * 1000;

/**
 * How long a refused refresh waits for another execution's rotation to reach the stored credential (about 3 s in
 * all; Concur documents no grace period for a replaced refresh token, so the newer one is the only way on).
 */
const ROTATION_WAITS_MS = [0, 200, 400, 800, 1600];

/** Whether a credential's access token is missing or about to expire. */
function isStale(credentials: ICredentialDataDecryptedObject): boolean {
	if (!credentials.accessToken) return true;
	const expiresAt = Date.parse(String(credentials.accessExpiresAt ?? ''));
	return Number.isFinite(expiresAt) && expiresAt - EXPIRY_MARGIN_MS <= Date.now();
}

const asFullResponse = (raw: unknown): N8nFullResponse => raw as N8nFullResponse;

/** A 401, or Concur's 403 for an expired or invalid token (the v1/v3 docs answer expiry with 403). */
export function isExpiredTokenResponse(response: N8nFullResponse, tokenExpiresAt?: string | number): boolean {
	if (response.statusCode === 401) return true;
	if (response.statusCode !== 403) return false;
	const text = Buffer.isBuffer(response.body) ? response.body.toString('utf8', 0, 2048) : String(response.body ?? '');
	if (/expired|invalid[^<]{0,40}token|token[^<]{0,40}(invalid|revoked|expired)/i.test(text)) return true;
	const expiresAt = typeof tokenExpiresAt === 'number' ? tokenExpiresAt : Date.parse(tokenExpiresAt ?? '');
	return Number.isFinite(expiresAt) && expiresAt <= Date.now();
}

/**
 * One refresh at a time for the whole batch: the first request that needs a new token carries the refresh,
 * the others wait for it and then go out with the new token. After a failed refresh every request fails at
 * once with the same error.
 */
class RefreshGate {
	private refreshing?: Promise<void>;

	/** Counts finished refreshes, so a request can tell whether the token changed since it was sent. */
	generation = 0;

	failure?: ConcurTokenError;

	async settled(): Promise<void> {
		while (this.refreshing) await this.refreshing;
		if (this.failure) throw this.failure;
	}

	/**
	 * Runs `refreshAndSend` unless another request refreshed since `seenGeneration`, in which case `send`
	 * (with the new token) is enough.
	 */
	async refreshOnce<T>(seenGeneration: number, refreshAndSend: () => Promise<T>, send: () => Promise<T>): Promise<T> {
		// Re-checked after every wait, with no await between the last check and claiming the refresh.
		for (;;) {
			if (this.failure) throw this.failure;
			if (!this.refreshing) break;
			await this.refreshing;
		}
		if (this.generation !== seenGeneration) return await send();
		let done!: () => void;
		this.refreshing = new Promise<void>((resolve) => (done = resolve));
		try {
			const result = await refreshAndSend();
			this.generation++;
			return result;
		} finally {
			this.refreshing = undefined;
			done();
		}
	}
}

/**
 * Company credential: the session holds the decrypted credential, hands it to n8n with every request and decides
 * itself when a new token is needed. A refresh is forced by handing n8n the credential with an empty access
 * token: n8n then runs the credential's preAuthentication (the refresh grant), saves what it returns (the
 * possibly rotated refresh token, geolocation and expiry) and sends the request with the new token.
 */
export class CompanyAuthSession implements AuthSession {
	private credentials?: Promise<ICredentialDataDecryptedObject>;

	private readonly gate = new RefreshGate();

	constructor(private readonly fn: ConcurFunctions) {}

	private async current(): Promise<ICredentialDataDecryptedObject> {
		this.credentials ??= this.fn.getCredentials(CREDENTIAL_TYPES.companyApi);
		return await this.credentials;
	}

	async send(options: IHttpRequestOptions): Promise<N8nFullResponse> {
		await this.gate.settled();
		const generation = this.gate.generation;
		const refreshAndSend = async () => await this.refreshAndSend(options);
		const send = async () => await this.call(options, false);
		// Refresh ahead of time once per batch at most; a token that lives shorter than the margin is then
		// used until Concur says it expired. Tokens of an earlier setup (the credential was edited since) are
		// never used: the refresh starts from the setup the credential has now.
		const stored = await this.current();
		if (generation === 0 && (isStale(stored) || !companySetupMatches(stored))) {
			return await this.gate.refreshOnce(generation, refreshAndSend, send);
		}
		const response = await send();
		const credentials = await this.current();
		if (isExpiredTokenResponse(response, credentials.accessExpiresAt as string)) {
			return await this.gate.refreshOnce(generation, refreshAndSend, send);
		}
		return response;
	}

	/**
	 * Refreshes and sends. Concur refuses a replaced refresh token (invalid_grant), which is what another execution
	 * of the same credential leaves behind when it refreshed first: before telling anyone the credential is broken,
	 * read the stored credential again (n8n reads it from its database) until that rotation has landed, and carry
	 * on with the newer token.
	 */
	private async refreshAndSend(options: IHttpRequestOptions): Promise<N8nFullResponse> {
		const used = await this.current();
		try {
			return await this.call(options, true);
		} catch (error) {
			// The refresh worked and the request itself failed: not the credential's business (already n8n's
			// NodeApiError; wrapping it again keeps it as it is).
			if (!(error instanceof ConcurTokenError)) throw new NodeApiError(this.fn.getNode(), error as JsonObject);
			const failure = error;
			if (failure.kind !== 'invalid_grant') throw this.remember(failure);
			const newer = await this.rotationByAnotherExecution(used);
			if (!newer) throw this.remember(failure);
			this.credentials = Promise.resolve(newer);
			if (!isStale(newer)) {
				const response = await this.call(options, false);
				if (!isExpiredTokenResponse(response, newer.accessExpiresAt as string)) return response;
			}
			try {
				return await this.call(options, true);
			} catch (retryError) {
				throw this.remember(this.refreshFailure(retryError));
			}
		}
	}

	/** The stored credential once it holds a refresh token other than the one that was refused, if it comes. */
	private async rotationByAnotherExecution(
		used: ICredentialDataDecryptedObject,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		for (const waitMs of ROTATION_WAITS_MS) {
			if (waitMs) await sleep(waitMs);
			const stored = await this.fn.getCredentials(CREDENTIAL_TYPES.companyApi);
			const rotated = stored.currentRefreshToken && stored.currentRefreshToken !== used.currentRefreshToken;
			const reissued = stored.accessToken && stored.accessToken !== used.accessToken && !isStale(stored);
			if (rotated || reissued) return stored;
		}
		return undefined;
	}

	/** The token failure behind a failed refresh (n8n wraps what the credential threw). */
	private refreshFailure(error: unknown): ConcurTokenError {
		return tokenFailureOf(error) ?? new ConcurTokenError(credentialMessage(error), 'unexpected');
	}

	/**
	 * A refused credential is remembered, so every other item of the batch fails the same way at once; an
	 * unreachable token endpoint is not (the credential is fine; the item is retried).
	 */
	private remember(failure: ConcurTokenError): ConcurTokenError {
		if (!isPassing(failure)) this.gate.failure = failure;
		return failure;
	}

	private async call(options: IHttpRequestOptions, forceRefresh: boolean): Promise<N8nFullResponse> {
		const stored = await this.current();
		const data = forceRefresh ? { ...stored, accessToken: '' } : stored;
		const details = this.fn.getNode().credentials?.[CREDENTIAL_TYPES.companyApi];
		try {
			return asFullResponse(
				await this.fn.helpers.httpRequestWithAuthentication.call(
					this.fn,
					CREDENTIAL_TYPES.companyApi,
					{ ...options, returnFullResponse: true, ignoreHttpStatusErrors: true },
					{
						credentialsDecrypted: {
							id: details?.id ?? '',
							name: details?.name ?? '',
							type: CREDENTIAL_TYPES.companyApi,
							data,
						},
						// The session decides about refreshes (401 and Concur's 403), once per batch.
						preAuthenticationRetryStatusCode: [],
					},
				),
			);
		} catch (error) {
			if (forceRefresh && !data.accessToken) {
				// preAuthentication failed: no request was sent.
				throw this.refreshFailure(error);
			}
			// Already a NodeApiError from n8n (wrapping is idempotent); the client reads its cause.
			throw new NodeApiError(this.fn.getNode(), error as JsonObject);
		} finally {
			// n8n wrote the new tokens into `data` (and saved them): later requests use them.
			if (forceRefresh && data.accessToken) this.credentials = Promise.resolve(data);
		}
	}
}

function credentialMessage(error: unknown): string {
	const candidates = [
		(error as { cause?: { message?: string } }).cause?.message,
		(error as { message?: string }).message,
	];
	return candidates.find((text) => text && !/^(The service|Bad request)/.test(text)) ?? 'Concur refused the credential.';
}

/**
 * User (OAuth2) credential: n8n-core signs each request and refreshes the token on 401 (single-flighted per
 * credential by n8n). Concur may answer an expired token with 403 instead, which n8n cannot tell from "not
 * allowed": the session reads the answer, and when it says the token expired, sends once more with n8n allowed
 * to refresh on 403 — once for the batch. Calls go to the token's geolocation.
 */
export class UserAuthSession implements AuthSession {
	private baseUrl?: Promise<string>;

	private expiresAt?: number;

	private readonly gate = new RefreshGate();

	constructor(private readonly fn: ConcurFunctions) {}

	private async geolocation(): Promise<string> {
		// Calls go where the token's geolocation says, if it is trusted and followed (callBaseUrl), never to a
		// host that only a sign-in callback named.
		this.baseUrl ??= this.fn.getCredentials(CREDENTIAL_TYPES.userOAuth2).then((credentials) => {
			const token = (credentials.oauthTokenData ?? {}) as Record<string, unknown>;
			const callback = (token.callbackQueryString ?? {}) as Record<string, unknown>;
			this.expiresAt = Number(token.n8n_expires_at);
			return callBaseUrl(credentials, token.geolocation ?? callback.geolocation);
		});
		return await this.baseUrl;
	}

	async send(options: IHttpRequestOptions): Promise<N8nFullResponse> {
		await this.gate.settled();
		const generation = this.gate.generation;
		const baseURL = /^https?:\/\//i.test(options.url) ? undefined : await this.geolocation();
		const request = { ...options, ...(baseURL ? { baseURL } : {}) };
		const send = async () => await this.call(request, { tokenExpiredStatusCode: 401 });
		const response = await send();
		if (response.statusCode === 403 && isExpiredTokenResponse(response, this.expiresAt)) {
			const refreshed = await this.gate.refreshOnce(
				generation,
				async () => await this.call(request, { tokenExpiredStatusCode: [401, 403] }),
				send,
			);
			// n8n stored a new token (and expiry, maybe geolocation): read them again for the next request.
			this.baseUrl = undefined;
			return refreshed;
		}
		return response;
	}

	private async call(options: IHttpRequestOptions, oauth2: IOAuth2Options): Promise<N8nFullResponse> {
		try {
			return asFullResponse(
				await this.fn.helpers.httpRequestWithAuthentication.call(
					this.fn,
					CREDENTIAL_TYPES.userOAuth2,
					{
						...options,
						returnFullResponse: true,
						// n8n refreshes only on statuses it is allowed to throw for; the rest come back as answers.
						ignoreHttpStatusErrors: { ignore: true, except: [401, 403] },
					},
					{ oauth2 },
				),
			);
		} catch (error) {
			const response = responseOf(error);
			if (response) return response;
			if (/reconnect|not connected/i.test(String((error as Error).message))) {
				this.gate.failure = new ConcurTokenError(
					`${(error as Error).message} Open the credential and click "Connect my account" to sign in to Concur again.`,
					'invalid_grant',
				);
				throw this.gate.failure;
			}
			throw new NodeApiError(this.fn.getNode(), error as JsonObject);
		}
	}
}

/** The HTTP response inside an error n8n threw for a status it was told not to ignore (here 401/403). */
function responseOf(error: unknown): N8nFullResponse | undefined {
	const candidates = [error, (error as { cause?: unknown }).cause];
	for (const candidate of candidates) {
		const response = (candidate as { response?: { status?: number; headers?: unknown; data?: unknown } })
			?.response;
		if (response?.status) {
			return {
				statusCode: response.status,
				headers: (response.headers ?? {}) as N8nFullResponse['headers'],
				body: response.data,
				statusMessage: '',
			} as N8nFullResponse;
		}
	}
	return undefined;
}

export function createAuthSession(fn: ConcurFunctions, authentication: Authentication): AuthSession {
	return authentication === 'userOAuth2' ? new UserAuthSession(fn) : new CompanyAuthSession(fn);
}
