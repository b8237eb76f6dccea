import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import type { Authentication, AuthSession } from './auth';
import { createAuthSession, CredentialFailure, TokenEndpointUnavailable } from './auth';
import type { CallContext } from './errors';
import { apiErrorFromResponse, correlationIdOf, networkError, safeHost, withCode } from './errors';
import { headerValue } from './headers';
import type { N8nFullResponse } from './types';

export interface RetrySettings {
	/** Further attempts after the first one. */
	maxRetries: number;
	initialDelayMs: number;
	/** Upper bound for one wait, Retry-After included. */
	maxDelayMs: number;
}

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
}

export interface ConcurResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: Buffer;
	correlationId?: string;
}

export interface DownloadedFile {
	body: Buffer;
	contentType?: string;
	/** From Content-Disposition, when the image host names the file. */
	fileName?: string;
}

/**
 * Concur answers within 60 seconds or not at all (its HTTP codes page); a stuck connection must not hold the
 * workflow forever.
 */
const REQUEST_TIMEOUT_MS = 120_000;

/** Statuses that mean "try again later"; 502 and 504 only where repeating is harmless. */
const NOT_PROCESSED = new Set([429, 503]);
const MAYBE_PROCESSED = new Set([502, 504]);
const REFUSED_CONNECTION = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

const toBuffer = (body: unknown): Buffer => {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	if (body === undefined || body === null) return Buffer.alloc(0);
	return Buffer.from(JSON.stringify(body), 'utf8');
};

/** Seconds or an HTTP date, as Retry-After allows. */
export function retryAfterMs(value: unknown, now = Date.now()): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(value));
	return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/**
 * The one place the node talks HTTP. Every operation goes through `request` (Concur API, authenticated,
 * retried, errors turned into NodeApiErrors with a routing code) or `download` (a pre-signed image URL, sent
 * without the Concur Authorization header because it lives on another host and carries its own signature).
 */
export class ConcurClient {
	private readonly auth: AuthSession;

	constructor(
		private readonly fn: IExecuteFunctions,
		authentication: Authentication,
		private readonly retry: RetrySettings,
	) {
		this.auth = createAuthSession(fn, authentication);
	}

	private backoff(attempt: number, hintMs?: number): number {
		const exponential = this.retry.initialDelayMs * 2 ** attempt;
		const jitter = exponential * 0.2 * Math.random();
		return Math.min(this.retry.maxDelayMs, hintMs ?? exponential + jitter);
	}

	async request(itemIndex: number, request: ConcurRequest, context: CallContext): Promise<ConcurResponse> {
		const node = this.fn.getNode();
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.path,
			qs: request.qs,
			encoding: 'arraybuffer',
			timeout: REQUEST_TIMEOUT_MS,
			headers: {
				Accept: request.accept ?? 'application/xml',
				...(request.body ? { 'Content-Type': request.contentType, 'Content-Length': request.body.length } : {}),
			},
			...(request.body ? { body: request.body } : {}),
		};
		for (let attempt = 0; ; attempt++) {
			let response: N8nFullResponse;
			try {
				response = await this.auth.send({ ...options, headers: { ...options.headers } });
			} catch (error) {
				if (error instanceof CredentialFailure) {
					throw withCode(
						new NodeApiError(node, { message: error.message }, {
							message: error.message,
							description:
								'Open the Concur credential, reconnect it (a new company request token, or "Connect my account" for a user credential), save, and run the workflow again.',
							itemIndex,
						}),
						'CREDENTIAL_INVALID',
					);
				}
				if (error instanceof TokenEndpointUnavailable) {
					if (attempt < this.retry.maxRetries) {
						await sleep(this.backoff(attempt));
						continue;
					}
					throw withCode(
						new NodeApiError(node, { message: error.message }, {
							message: error.message,
							description: 'Concur could not issue a token just now; the credential is fine. Run the item again later.',
							itemIndex,
						}),
						error.unreachable ? 'NETWORK_ERROR' : 'CONCUR_UNAVAILABLE',
					);
				}
				const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
				const retryable = REFUSED_CONNECTION.has(code ?? '') || (request.repeatable && code !== undefined);
				if (retryable && attempt < this.retry.maxRetries) {
					await sleep(this.backoff(attempt));
					continue;
				}
				throw networkError(node, error, requestedUrl(error) ?? request.path, itemIndex, context);
			}
			const result: ConcurResponse = {
				statusCode: response.statusCode,
				headers: (response.headers ?? {}) as Record<string, unknown>,
				body: toBuffer(response.body),
			};
			result.correlationId = correlationIdOf(result.headers);
			if (result.statusCode >= 200 && result.statusCode < 300) return result;

			const retryable =
				NOT_PROCESSED.has(result.statusCode) || (request.repeatable && MAYBE_PROCESSED.has(result.statusCode));
			if (retryable && attempt < this.retry.maxRetries) {
				await sleep(this.backoff(attempt, retryAfterMs(headerValue(result.headers, 'retry-after'))));
				continue;
			}
			throw apiErrorFromResponse(node, result, context, itemIndex);
		}
	}

	/** Fetches a pre-signed image URL. Returns the HTTP status too, so a caller can ask Concur for a new link. */
	async download(itemIndex: number, url: string, context: CallContext): Promise<DownloadedFile & { statusCode: number }> {
		const node = this.fn.getNode();
		for (let attempt = 0; ; attempt++) {
			let response: N8nFullResponse;
			try {
				response = (await this.fn.helpers.httpRequest({
					method: 'GET',
					url,
					encoding: 'arraybuffer',
					timeout: REQUEST_TIMEOUT_MS,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					sendCredentialsOnCrossOriginRedirect: false,
				})) as N8nFullResponse;
			} catch (error) {
				if (attempt < this.retry.maxRetries) {
					await sleep(this.backoff(attempt));
					continue;
				}
				throw networkError(node, error, url, itemIndex, { ...context, action: 'download the image of' });
			}
			const headers = (response.headers ?? {}) as Record<string, unknown>;
			const retryable = response.statusCode === 429 || response.statusCode >= 500;
			if (retryable && attempt < this.retry.maxRetries) {
				await sleep(this.backoff(attempt, retryAfterMs(headerValue(headers, 'retry-after'))));
				continue;
			}
			const body = toBuffer(response.body);
			const declaredLength = Number(headerValue(headers, 'content-length'));
			if (response.statusCode === 200 && Number.isFinite(declaredLength) && declaredLength !== body.length) {
				if (attempt < this.retry.maxRetries) continue;
				const message = `The image download from ${safeHost(url)} was cut short (${body.length} of ${declaredLength} bytes).`;
				throw withCode(
					new NodeApiError(node, { message }, { message, description: 'Run the item again.', itemIndex }),
					'IMAGE_DOWNLOAD_FAILED',
				);
			}
			return {
				statusCode: response.statusCode,
				body,
				contentType: headerValue(headers, 'content-type')?.split(';')[0].trim(),
				fileName: fileNameFromDisposition(headerValue(headers, 'content-disposition')),
			};
		}
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

export function fileNameFromDisposition(disposition?: string): string | undefined {
	if (!disposition) return undefined;
	const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
	if (extended) {
		try {
			return decodeURIComponent(extended[1].trim());
		} catch {
			// fall through to the plain parameter
		}
	}
	const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(disposition);
	const name = (plain?.[2] ?? plain?.[1])?.trim();
	return name ? name.replace(/[/\\]/g, '_') : undefined;
}
