import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import { apiError, errorCodeOf } from '../errors';
import type { CallContext } from '../errors/fromConcur';
import { apiErrorFromResponse, correlationIdOf, networkError, redirectError } from '../errors/fromConcur';
import type { Authentication, AuthSession } from './auth';
import { createAuthSession, tokenFailureOf } from './auth';
import type { DownloadedFile, ImageStream } from './download';
import { downloadImage, streamImage } from './download';
import { headerValue } from './headers';
import { isBuiltBody } from './multipart';
import { releaseBuffer } from './release';
import type { RetrySettings } from './retry';
import {
	MAYBE_PROCESSED,
	networkCodeOf,
	NOT_PROCESSED,
	REFUSED_CONNECTION,
	REQUEST_TIMEOUT_MS,
	retryAfterMs,
	toBuffer,
	waitBeforeRetry,
} from './retry';
import type { ConcurFunctions, LoadSignals, N8nFullResponse } from './types';

export interface ConcurRequest {
	method: IHttpRequestMethods;
	/** Path on the API host, e.g. `/api/image/v1.0/receipt`; ids already encoded. */
	path: string;
	qs?: IDataObject;
	body?: Buffer;
	contentType?: string;
	accept?: string;
	/**
	 * Whether sending it twice cannot create anything twice. Uploads are not: they are retried only on answers
	 * that prove Concur did not process them (429, 503, connection refused).
	 */
	repeatable: boolean;
	/**
	 * A DELETE: when a retry finds the object gone (NOT_FOUND) after an attempt whose answer was lost, the
	 * earlier attempt did the work, and the answer is a success with `alreadyGone`.
	 */
	goneMeansDone?: boolean;
}

export interface ConcurResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: Buffer;
	/** The media type of the body, without parameters ('' when Concur sent none). */
	contentType: string;
	correlationId?: string;
	/** Set when a retried DELETE found the object gone after an attempt whose answer was lost. */
	alreadyGone?: boolean;
}

/**
 * The one place the node talks HTTP. Every operation goes through `request` (Concur API, authenticated,
 * retried, errors turned into NodeApiErrors with a routing code) or `download` (a pre-signed image URL).
 */
export class ConcurClient {
	private readonly auth: AuthSession;

	constructor(
		private readonly fn: ConcurFunctions,
		authentication: Authentication,
		private readonly retry: RetrySettings,
		/** Told about every 429 and 503 (the item loop's adaptive concurrency); optional. */
		private readonly signals?: LoadSignals,
	) {
		this.auth = createAuthSession(fn, authentication);
	}

	async request(itemIndex: number, request: ConcurRequest, context: CallContext): Promise<ConcurResponse> {
		const node = this.fn.getNode();
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.path,
			qs: request.qs,
			encoding: 'arraybuffer',
			timeout: REQUEST_TIMEOUT_MS,
			// A redirect would take the Authorization header (and on 307/308 the file) to wherever Location points;
			// n8n's default follows it and re-attaches credentials across origins. Never follow: a 3xx is an error.
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
			headers: {
				Accept: request.accept ?? 'application/xml',
				...(request.body ? { 'Content-Type': request.contentType, 'Content-Length': request.body.length } : {}),
			},
			...(request.body ? { body: request.body } : {}),
		};
		// Whether an earlier attempt may have reached Concur and been processed without us seeing the answer.
		let answerLost = false;
		for (let attempt = 0; ; attempt++) {
			let response: N8nFullResponse;
			const sentAt = this.signals?.generation ?? 0;
			try {
				response = await this.auth.send({ ...options, headers: { ...options.headers } });
			} catch (error) {
				const tokenFailure = tokenFailureOf(error);
				if (tokenFailure && tokenFailure.kind !== 'unreachable' && tokenFailure.kind !== 'unavailable') {
					throw apiError(
						node,
						{
							message: tokenFailure.message,
							description:
								'Open the Concur credential, reconnect it (a new company request token, or "Connect my account" for a user credential), save, and run the workflow again.',
							itemIndex,
						},
						{ code: 'CREDENTIAL_INVALID' },
					);
				}
				if (tokenFailure) {
					if (attempt < this.retry.maxRetries) {
						await waitBeforeRetry(this.retry, attempt);
						continue;
					}
					throw apiError(
						node,
						{
							message: tokenFailure.message,
							description: 'Concur could not issue a token just now; the credential is fine. Run the item again later.',
							itemIndex,
						},
						{ code: tokenFailure.kind === 'unreachable' ? 'NETWORK_ERROR' : 'CONCUR_UNAVAILABLE' },
					);
				}
				const code = networkCodeOf(error);
				const retryable = REFUSED_CONNECTION.has(code ?? '') || (request.repeatable && code !== undefined);
				if (retryable && attempt < this.retry.maxRetries) {
					answerLost ||= !REFUSED_CONNECTION.has(code ?? '');
					await waitBeforeRetry(this.retry, attempt);
					continue;
				}
				const mayHaveStored = Boolean(request.body) && !request.repeatable && !REFUSED_CONNECTION.has(code ?? '');
				throw networkError(node, error, requestedUrl(error) ?? request.path, itemIndex, context, mayHaveStored);
			}
			const headers = (response.headers ?? {}) as Record<string, unknown>;
			const result: ConcurResponse = {
				statusCode: response.statusCode,
				headers,
				body: toBuffer(response.body),
				contentType: (headerValue(headers, 'content-type') ?? '').split(';')[0].trim().toLowerCase(),
				correlationId: correlationIdOf(headers),
			};
			if (result.statusCode >= 200 && result.statusCode < 300) {
				// A multipart body is a second copy of the file, sent once: freed now, not at the next full GC.
				if (request.body && isBuiltBody(request.body)) releaseBuffer(request.body);
				return result;
			}
			if (result.statusCode >= 300 && result.statusCode < 400) {
				throw redirectError(node, result, context, itemIndex);
			}

			if (NOT_PROCESSED.has(result.statusCode)) this.signals?.throttled(sentAt);
			const retryable =
				NOT_PROCESSED.has(result.statusCode) || (request.repeatable && MAYBE_PROCESSED.has(result.statusCode));
			if (retryable && attempt < this.retry.maxRetries) {
				// A 503 or 429 may come from a proxy after Concur did the work, as may a 502 or 504.
				answerLost = true;
				await waitBeforeRetry(this.retry, attempt, retryAfterMs(headerValue(headers, 'retry-after')));
				continue;
			}
			const error = apiErrorFromResponse(node, result, context, itemIndex);
			if (request.goneMeansDone && answerLost && errorCodeOf(error) === 'NOT_FOUND') return { ...result, alreadyGone: true };
			throw error;
		}
	}

	/** A pre-signed image URL, whole in memory (see streamImage for the streamed way). */
	async download(itemIndex: number, url: string, context: CallContext): Promise<DownloadedFile> {
		return await downloadImage(this.fn, this.retry, itemIndex, url, context, this.signals);
	}

	/** A pre-signed image URL streamed into `store` (n8n's binary store), retried from the start when cut short. */
	async downloadTo<T>(itemIndex: number, url: string, context: CallContext, store: (image: ImageStream) => Promise<T>) {
		return await streamImage(this.fn, this.retry, itemIndex, url, context, store, this.signals);
	}
}

/** Where a failed request went, from the HTTP client's error (its own or the one n8n wrapped). */
function requestedUrl(error: unknown): string | undefined {
	for (const candidate of [error, (error as { cause?: unknown }).cause]) {
		const config = (candidate as { config?: { baseURL?: string; url?: string } })?.config;
		if (config?.baseURL || config?.url) return new URL(config.url ?? '', config.baseURL).toString();
	}
	return undefined;
}
