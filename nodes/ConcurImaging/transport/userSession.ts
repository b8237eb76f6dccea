import type { IOAuth2Options, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { callBaseUrl } from '../api/companySetup';
import { ConcurTokenError } from '../api/tokens';
import type { AuthSession } from './session';
import { asFullResponse, CREDENTIAL_TYPES, isExpiredTokenResponse, RefreshGate } from './session';
import type {
	ConcurFunctions,
	IHttpRequestOptions,
	N8nFullResponse,
} from './types';

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
