import type { JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { companySetupMatches } from '../api/companySetup';
import { ConcurTokenError } from '../api/tokens';
import type { AuthSession } from './session';
import { asFullResponse, CREDENTIAL_TYPES, isExpiredTokenResponse, isPassing, RefreshGate, tokenFailureOf } from './session';
import type {
	ICredentialDataDecryptedObject,
	ConcurFunctions,
	IHttpRequestOptions,
	N8nFullResponse,
} from './types';

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
