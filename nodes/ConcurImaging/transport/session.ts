import type { IHttpRequestOptions, N8nFullResponse } from './types';
import { ConcurTokenError } from '../api/tokens';

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
export const isPassing = (failure: ConcurTokenError) => failure.kind === 'unreachable' || failure.kind === 'unavailable';

export const asFullResponse = (raw: unknown): N8nFullResponse => raw as N8nFullResponse;

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
export class RefreshGate {
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
