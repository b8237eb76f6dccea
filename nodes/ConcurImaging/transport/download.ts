import { createHash } from 'crypto';

import type { CallContext } from '../errors/fromConcur';
import { networkError, safeHost } from '../errors/fromConcur';
import { apiError, asNodeError } from '../errors';
import { fileNameFromDisposition } from './fileName';
import { headerValue } from './headers';
import type { RetrySettings } from './retry';
import { NOT_PROCESSED, REQUEST_TIMEOUT_MS, retryAfterMs, waitBeforeRetry } from './retry';
import type { ConcurFunctions, LoadSignals, N8nFullResponse } from './types';

/** What n8n's prepareBinaryData takes: a Buffer or a Node.js Readable. */
export type BinaryInput = Parameters<ConcurFunctions['helpers']['prepareBinaryData']>[0];

export interface DownloadedFile {
	statusCode: number;
	body: Buffer;
	contentType?: string;
	/** From Content-Disposition, when the image host names the file. */
	fileName?: string;
}

/** A 200 answer of the image host, its body not read yet beyond `head`. */
export interface ImageStream {
	contentType?: string;
	/** From Content-Disposition, when the image host names the file. */
	fileName?: string;
	/** The first bytes (HEAD_BYTES, or the whole file when it is smaller): enough to tell the type. */
	head: Buffer;
	/** The whole file, the head included, to be read once (a Readable; a Buffer only if n8n gave no stream). */
	body: BinaryInput;
	/** Size and SHA-256 of the bytes read so far: of the whole file once `body` ended. */
	digest(): { size: number; sha256: string };
}

/** Enough for the type check: it reads at most 4 KiB, or 64 KiB of ZIP headers (validation/sniff.ts). */
export const HEAD_BYTES = 128 * 1024;

/**
 * Streams a pre-signed image URL (without the Concur Authorization header: it lives on another host and carries
 * its own signature) into `store`. Returns the HTTP status, and what `store` returned for a 200, so a caller can
 * ask Concur for a new link on a 401/403/404/410.
 *
 * Design: the answer is read as a stream (n8n's `encoding: 'stream'`). The first HEAD_BYTES are read before
 * `store` is called, so the caller can name the file and give its type from the bytes; `store` then gets one
 * stream that replays the head and goes on with the rest, hashing and counting on the way (no full-body buffer
 * here: in n8n's filesystem, database or S3 binary modes the bytes go straight to storage; the in-memory mode
 * buffers, as it must). A body that ends short fails in the transport (the HTTP parser knows the bytes on the
 * wire; gzip knows its own end), which makes the stream, and with it `store`, fail. A stream that ended short
 * cannot be read again, so the whole download is retried from the start. Nothing partial is kept: n8n's stores
 * write to a temporary file (or an upload) and keep it only when the stream ended well, and a binary that `store`
 * returned despite a failed body is dropped (it goes with the execution's binary data).
 */
export async function streamImage<T>(
	fn: ConcurFunctions,
	retry: RetrySettings,
	itemIndex: number,
	url: string,
	context: CallContext,
	store: (image: ImageStream) => Promise<T>,
	signals?: LoadSignals,
): Promise<{ statusCode: number; stored?: T }> {
	const node = fn.getNode();
	for (let attempt = 0; ; attempt++) {
		let response: N8nFullResponse;
		const sentAt = signals?.generation ?? 0;
		try {
			response = (await fn.helpers.httpRequest({
				method: 'GET',
				url,
				encoding: 'stream',
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
			throw networkError(node, error, url, itemIndex, { ...context, action: 'download the image of' });
		}
		const headers = (response.headers ?? {}) as Record<string, unknown>;
		const tap = new BodyTap(response.body, () => cutShort(fn, url, itemIndex, 'ended early'));
		try {
			if (NOT_PROCESSED.has(response.statusCode)) signals?.throttled(sentAt);
			if ((response.statusCode === 429 || response.statusCode >= 500) && attempt < retry.maxRetries) {
				tap.discard();
				await waitBeforeRetry(retry, attempt, retryAfterMs(headerValue(headers, 'retry-after')));
				continue;
			}
			if (response.statusCode !== 200) return { statusCode: response.statusCode };
			let stored: T | undefined;
			try {
				const head = await tap.readHead(HEAD_BYTES);
				stored = await store({
					contentType: headerValue(headers, 'content-type')?.split(';')[0].trim(),
					fileName: fileNameFromDisposition(headerValue(headers, 'content-disposition')),
					head,
					body: tap.stream(),
					digest: () => tap.digest(),
				});
			} catch (error) {
				if (!tap.failed) throw asNodeError(node, error, itemIndex); // storing failed, not the download
			}
			if (!tap.failed && tap.ended) return { statusCode: 200, stored };
			if (attempt < retry.maxRetries) {
				await waitBeforeRetry(retry, attempt);
				continue;
			}
			const length = Number(headerValue(headers, 'content-length'));
			const announced = Number.isFinite(length) && length > 0 ? `${length} bytes` : 'bytes';
			throw cutShort(fn, url, itemIndex, `ended before the ${announced} announced`);
		} finally {
			tap.discard();
		}
	}
}

/** The whole image in one Buffer (for callers that need the bytes themselves, e.g. the trigger). */
export async function downloadImage(
	fn: ConcurFunctions,
	retry: RetrySettings,
	itemIndex: number,
	url: string,
	context: CallContext,
	signals?: LoadSignals,
): Promise<DownloadedFile> {
	const outcome = await streamImage(
		fn,
		retry,
		itemIndex,
		url,
		context,
		async (image) => ({ contentType: image.contentType, fileName: image.fileName, body: await readAll(image.body) }),
		signals,
	);
	return { statusCode: outcome.statusCode, body: Buffer.alloc(0), ...outcome.stored };
}

async function readAll(body: BinaryInput): Promise<Buffer> {
	if (Buffer.isBuffer(body)) return body;
	const chunks: Buffer[] = [];
	for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
	return Buffer.concat(chunks);
}

function cutShort(fn: ConcurFunctions, url: string, itemIndex: number, how: string) {
	const message = `The image download from ${safeHost(url)} was cut short (${how}).`;
	return apiError(fn.getNode(), { message, description: 'Run the item again.', itemIndex }, { code: 'IMAGE_DOWNLOAD_FAILED' });
}

/** The Readable n8n's HTTP helper answers with (typed by shape: a node may not import node:stream). */
interface SourceStream extends AsyncIterable<Buffer | Uint8Array> {
	destroy?: (error?: Error) => void;
	constructor: { from?: (source: AsyncIterable<Buffer>, options: { objectMode: boolean }) => BinaryInput };
}

/**
 * Reads the answer once: the head first, then the rest as a stream of the same class as n8n's (the head chunks
 * first), hashing and counting every chunk on the way. A failure of the answer's body is kept in `failed`, so a
 * failure of whoever reads the stream can be told from it.
 */
class BodyTap {
	failed?: Error;
	ended = false;
	private readonly hash = createHash('sha256');
	private size = 0;
	private readonly pending: Buffer[] = [];
	private readonly source: SourceStream | undefined;
	private readonly iterator: AsyncIterator<Buffer | Uint8Array> | undefined;

	/** `cutShort`: what the stream fails with when the answer's body does (its reader sees it, the caller does not). */
	constructor(
		body: unknown,
		private readonly cutShort: () => Error,
	) {
		const source = body as SourceStream | undefined;
		this.source = source && typeof source[Symbol.asyncIterator] === 'function' ? source : undefined;
		this.iterator = this.source?.[Symbol.asyncIterator]();
		if (!this.iterator) this.pending.push(Buffer.isBuffer(body) ? body : Buffer.alloc(0));
	}

	private async next(): Promise<Buffer | undefined> {
		if (!this.iterator || this.ended) {
			this.ended = true;
			return undefined;
		}
		try {
			const { value, done } = await this.iterator.next();
			if (done) {
				this.ended = true;
				return undefined;
			}
			const chunk = Buffer.isBuffer(value) ? value : Buffer.from(value);
			this.hash.update(chunk);
			this.size += chunk.length;
			return chunk;
		} catch (error) {
			this.failed = error as Error;
			throw this.cutShort();
		}
	}

	async readHead(limit: number): Promise<Buffer> {
		if (!this.iterator) {
			const [whole] = this.pending;
			this.hash.update(whole);
			this.size = whole.length;
			this.ended = true;
			return whole;
		}
		let bytes = 0;
		while (bytes < limit) {
			const chunk = await this.next();
			if (!chunk) break;
			this.pending.push(chunk);
			bytes += chunk.length;
		}
		return this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
	}

	private async *chunks(): AsyncGenerator<Buffer> {
		while (this.pending.length) yield this.pending.shift() as Buffer;
		for (let chunk = await this.next(); chunk; chunk = await this.next()) yield chunk;
	}

	/** The whole body as a stream (n8n's own Readable class), or as one Buffer when n8n gave no stream. */
	stream(): BinaryInput {
		const from = this.source?.constructor?.from;
		if (this.iterator && typeof from === 'function') return from.call(this.source?.constructor, this.chunks(), { objectMode: false });
		const rest = this.pending.splice(0);
		return rest.length === 1 ? rest[0] : Buffer.concat(rest);
	}

	digest() {
		return { size: this.size, sha256: this.hash.copy().digest('hex') };
	}

	/** Frees the connection of an answer that is not (or no longer) read. */
	discard() {
		if (!this.ended) this.source?.destroy?.();
	}
}
