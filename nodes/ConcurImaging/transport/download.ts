import type { CallContext } from '../errors/fromConcur';
import { networkError, safeHost } from '../errors/fromConcur';
import { apiError } from '../errors';
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
				sendCredentialsOnCrossOriginRedirect: false,
			})) as N8nFullResponse;
		} catch (error) {
			if (attempt < retry.maxRetries) {
				await waitBeforeRetry(retry, attempt);
				continue;
			}
			throw networkError(node, error, url, itemIndex, { ...context, action: 'download the image of' });
		}
		const headers = (response.headers ?? {}) as Record<string, unknown>;
		if ((response.statusCode === 429 || response.statusCode >= 500) && attempt < retry.maxRetries) {
			await waitBeforeRetry(retry, attempt, retryAfterMs(headerValue(headers, 'retry-after')));
			continue;
		}
		const body = toBuffer(response.body);
		const declaredLength = Number(headerValue(headers, 'content-length'));
		if (response.statusCode === 200 && Number.isFinite(declaredLength) && declaredLength !== body.length) {
			if (attempt < retry.maxRetries) continue;
			const message = `The image download from ${safeHost(url)} was cut short (${body.length} of ${declaredLength} bytes).`;
			throw apiError(node, { message, description: 'Run the item again.', itemIndex }, { code: 'IMAGE_DOWNLOAD_FAILED' });
		}
		return {
			statusCode: response.statusCode,
			body,
			contentType: headerValue(headers, 'content-type')?.split(';')[0].trim(),
			fileName: fileNameFromDisposition(headerValue(headers, 'content-disposition')),
		};
	}
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
