import type { CallContext } from '../errors/fromConcur';
import { networkError, safeHost } from '../errors/fromConcur';
import { apiError } from '../errors';
import { fileNameFromDisposition } from './fileName';
import { headerValue } from './headers';
import type { RetrySettings } from './retry';
import { REQUEST_TIMEOUT_MS, retryAfterMs, toBuffer, waitBeforeRetry } from './retry';
import type { ConcurFunctions, N8nFullResponse } from './types';

export interface DownloadedFile {
	statusCode: number;
	body: Buffer;
	contentType?: string;
	/** From Content-Disposition, when the image host names the file. */
	fileName?: string;
}

/**
 * Fetches a pre-signed image URL without the Concur Authorization header: it lives on another host and carries
 * its own signature. Returns the HTTP status too, so a caller can ask Concur for a new link.
 */
export async function downloadImage(
	fn: ConcurFunctions,
	retry: RetrySettings,
	itemIndex: number,
	url: string,
	context: CallContext,
): Promise<DownloadedFile> {
	const node = fn.getNode();
	for (let attempt = 0; ; attempt++) {
		let response: N8nFullResponse;
		try {
			response = (await fn.helpers.httpRequest({
				method: 'GET',
				url,
				encoding: 'arraybuffer',
				timeout: REQUEST_TIMEOUT_MS,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				// A byte count is only comparable with Content-Length when the body is not encoded.
				headers: { 'Accept-Encoding': 'identity' },
				// Redirects are followed here, unlike API calls: the link is pre-signed, so no Authorization header
				// or other credential is ever attached (plain httpRequest, not the authenticated one), and
				// storage behind such links may answer with a regional redirect. Even so, n8n must not add
				// credentials on the way, and a loop ends after a few hops.
				sendCredentialsOnCrossOriginRedirect: false,
				maxRedirects: 3,
			})) as N8nFullResponse;
		} catch (error) {
			if (attempt < retry.maxRetries) {
				await waitBeforeRetry(retry, attempt);
				continue;
			}
			const announced = cutShortAnswer(error);
			if (announced) throw cutShort(fn, url, itemIndex, `ended before the ${announced} announced`);
			throw networkError(node, error, url, itemIndex, { ...context, action: 'download the image of' });
		}
		const headers = (response.headers ?? {}) as Record<string, unknown>;
		if ((response.statusCode === 429 || response.statusCode >= 500) && attempt < retry.maxRetries) {
			await waitBeforeRetry(retry, attempt, retryAfterMs(headerValue(headers, 'retry-after')));
			continue;
		}
		const body = toBuffer(response.body);
		// No byte count against Content-Length here: that header counts the bytes on the wire, and the HTTP client
		// has already decoded a gzip body (and dropped its Content-Encoding), so the two differ for every encoded
		// image. A short body is caught where the transport sees it: a plain body that ends before its
		// Content-Length, or an encoded one that ends before its trailer, fails the request (the catch above).
		return {
			statusCode: response.statusCode,
			body,
			contentType: headerValue(headers, 'content-type')?.split(';')[0].trim(),
			fileName: fileNameFromDisposition(headerValue(headers, 'content-disposition')),
		};
	}
}

function cutShort(fn: ConcurFunctions, url: string, itemIndex: number, how: string) {
	const message = `The image download from ${safeHost(url)} was cut short (${how}).`;
	return apiError(fn.getNode(), { message, description: 'Run the item again.', itemIndex }, { code: 'IMAGE_DOWNLOAD_FAILED' });
}

const BODY_FAILURES = new Set(['ECONNRESET', 'ERR_BAD_RESPONSE', 'Z_BUF_ERROR', 'Z_DATA_ERROR', 'ERR_STREAM_PREMATURE_CLOSE']);

/**
 * When the HTTP client failed after the answer had started (status and headers in, the body cut off or not
 * decodable), how many bytes were announced ("683 bytes", or "bytes" when none were); otherwise undefined.
 */
function cutShortAnswer(error: unknown): string | undefined {
	for (const candidate of [error, (error as { cause?: unknown })?.cause]) {
		const failed = candidate as { code?: string; response?: { status?: number; headers?: Record<string, unknown> } };
		if (!failed?.response?.status || !BODY_FAILURES.has(failed.code ?? '')) continue;
		const length = Number(headerValue(failed.response.headers ?? {}, 'content-length'));
		return Number.isFinite(length) && length > 0 ? `${length} bytes` : 'bytes';
	}
	return undefined;
}

