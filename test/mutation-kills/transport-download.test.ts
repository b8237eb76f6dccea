// Image downloads from the pre-signed links (nodes/ConcurImaging/transport/download.ts), as the mutation run
// transport-credentials (issue 18, commit 41a46b0, reports/mutation/SURVIVORS.md) left them: the image host's
// network failures and 503s retried, and what a caller gets from the answer (its type, the head, the whole body,
// an answer nobody reads closed). Workflows through the real n8n engine where the emulator's image host can
// produce the case; a client on a scripted n8n where only a hand-made answer can (a body that is no Readable, a
// store that stops reading, an answer without Content-Length).
import { createHash } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { apiRequests, companyCredential, concurNode } from '../../support/concur';
import { ConcurClient } from '../../nodes/ConcurImaging/transport';
import type { ImageStream } from '../../nodes/ConcurImaging/transport/download';
import { HEAD_BYTES } from '../../nodes/ConcurImaging/transport/download';
import { errorCodeOf } from '../../nodes/ConcurImaging/errors';
import { fileItem, JPEG } from '../fixtures/files';
import { breakingReadable, isByteStream, readableOf } from '../support/stream-bodies';
import { useEmulator } from '../support/use-emulator';

const emu = useEmulator();

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const fast = { maxRetries: 1, retryDelayMs: 10 };
const imageRequests = () => apiRequests(emu()).filter((r: { dc: string }) => r.dc === 'image');

async function uploadedReceipt() {
	const credentials = companyCredential(emu());
	const uploaded = await runWorkflow(chain(TRIGGER, fixtureNode([fileItem(JPEG, 'b.jpg', 'image/jpeg')]), concurNode('receipt', 'upload')), { credentials });
	const [{ id }] = uploaded.json('Concur');
	emu().clearRequestLog();
	return { id: id as string, credentials };
}

const getReceipt = (id: string) => chain(TRIGGER, concurNode('receipt', 'get', { receiptId: id, options: fast }, { onError: 'continueErrorOutput' }));

describe('the image host fails', () => {
	// Mutants: `attempt < retry.maxRetries` -> false and -> `attempt >= …`, its block emptied (L85).
	it('a reset connection is retried, and the image arrives', async () => {
		const { id, credentials } = await uploadedReceipt();
		emu().setFaults([{ dc: 'image', path: '/*', nth: [1], kind: 'reset' }]);
		const run = await runWorkflow(getReceipt(id), { credentials });
		const [item] = run.items('Concur');
		expect(sha256(await run.bytes(item.binary?.data))).toBe(sha256(JPEG));
		expect(imageRequests()).toHaveLength(2);
	});

	// Mutants: `attempt < retry.maxRetries` -> true and -> `attempt <= …` (L85); 'download the image of' emptied (L89).
	it('a host that keeps resetting: the retries, then the problem in words', async () => {
		const { id, credentials } = await uploadedReceipt();
		emu().setFaults([{ dc: 'image', path: '/*', kind: 'reset' }]);
		const run = await runWorkflow(getReceipt(id), { credentials });
		expect(imageRequests()).toHaveLength(2);
		const host = new URL(emu().imageBaseUrl).host;
		expect(run.json('Concur', 1)).toEqual([
			{
				error: `Could not reach Concur at ${host} to download the image of receipt image "${id}": the connection was reset.`,
				details: expect.objectContaining({ code: 'NETWORK_ERROR' }),
			},
		]);
	});

	// Mutants: `attempt < retry.maxRetries` -> `attempt >= …` and its block emptied (L95).
	it('a 503 is waited out, and the image arrives', async () => {
		const { id, credentials } = await uploadedReceipt();
		emu().setFaults([{ dc: 'image', path: '/*', nth: [1], kind: '503', retryAfter: 0 }]);
		const run = await runWorkflow(getReceipt(id), { credentials });
		const [item] = run.items('Concur');
		expect(sha256(await run.bytes(item.binary?.data))).toBe(sha256(JPEG));
		expect(imageRequests()).toHaveLength(2);
		expect(imageRequests()[0].status).toBe(503);
	});

	// Mutants: `attempt < retry.maxRetries` -> true and -> `attempt <= …` (L95).
	it('a host that keeps answering 503: the retries, then HTTP 503', async () => {
		const { id, credentials } = await uploadedReceipt();
		emu().setFaults([{ dc: 'image', path: '/*', kind: '503', retryAfter: 0 }]);
		const run = await runWorkflow(getReceipt(id), { credentials });
		expect(imageRequests().map((r: { status: number }) => r.status)).toEqual([503, 503]);
		expect(run.json('Concur', 1)).toEqual([
			{
				error: `The image of receipt image "${id}" could not be downloaded (HTTP 503)`,
				details: expect.objectContaining({ code: 'IMAGE_DOWNLOAD_FAILED' }),
			},
		]);
	});

	// Mutant: the description 'Run the item again.' of a download cut short emptied (L158).
	it('a download that keeps ending short says to run the item again', async () => {
		const { id, credentials } = await uploadedReceipt();
		emu().setFaults([{ dc: 'image', path: '/*', kind: 'short' }]);
		const run = await runWorkflow(getReceipt(id), { credentials });
		const [failure] = run.json('Concur', 1);
		expect(failure.error).toMatch(/was cut short \(ended before the \d+ bytes announced\)/);
		expect(failure.details).toMatchObject({ code: 'IMAGE_DOWNLOAD_FAILED', description: 'Run the item again.' });
	});
});

// ---- A client on a scripted n8n: each download gets the next answer of the script (made fresh per attempt). ----

const node = { id: '1', name: 'Concur', type: 'concurImaging', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
interface Answer {
	statusCode: number;
	headers?: Record<string, unknown>;
	body?: unknown;
}

function scriptedClient(...answers: Array<() => Answer>) {
	let requests = 0;
	const fn = {
		getNode: () => node,
		helpers: {
			httpRequest: async () => {
				requests++;
				const next = answers.shift();
				if (!next) throw new Error('the script has no answer left');
				return next();
			},
		},
	} as unknown as IExecuteFunctions;
	return { client: new ConcurClient(fn, 'companyApi', { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 1 }), requests: () => requests };
}

const URL_ = 'https://imaging.example.com/file/abc?id=1&e=1&s=x';
const call = { target: 'receipt image', id: 'abc', action: 'get' };
const file = (size: number, seed = 1) => Buffer.alloc(size, `${seed}:the bytes of an image ${seed * 7}`);
const readAll = async (body: unknown) => {
	if (Buffer.isBuffer(body)) return body;
	const chunks: Buffer[] = [];
	for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
	return Buffer.concat(chunks);
};
/** A store as n8n's binary store is: it reads the whole body, then the digest. */
const storeAll = async (image: ImageStream) => {
	const bytes = await readAll(image.body);
	return { bytes, head: image.head, digest: image.digest(), contentType: image.contentType, body: image.body };
};

describe('what a download hands its caller', () => {
	// Mutants: `.trim()` removed, 'content-type' and ';' emptied (L105); downloadImage's store result `{}` (L143).
	it("the image, with the host's media type without parameters", async () => {
		const image = file(1000);
		const { client } = scriptedClient(() => ({ statusCode: 200, headers: { 'Content-Type': 'image/jpeg ; name="b.jpg"' }, body: readableOf([image]) }));
		const downloaded = await client.download(0, URL_, call);
		expect(downloaded).toEqual({ statusCode: 200, body: image, contentType: 'image/jpeg', fileName: undefined });
	});

	// Mutants: `bytes += chunk.length` -> `-=` (L226); the head of several chunks -> only the first (L228, `=== 1` -> true
	// and -> `!== 1`).
	it('the head is the first HEAD_BYTES of a large image, the whole image follows', async () => {
		const chunks = [file(64 * 1024, 1), file(64 * 1024, 2), file(64 * 1024, 3), file(10, 4)];
		const { client } = scriptedClient(() => ({ statusCode: 200, body: readableOf(chunks) }));
		const { stored } = await client.downloadTo(0, URL_, call, storeAll);
		const whole = Buffer.concat(chunks);
		expect(stored?.head).toEqual(whole.subarray(0, HEAD_BYTES));
		expect(stored?.bytes).toEqual(whole);
		expect(stored?.digest).toEqual({ size: whole.length, sha256: sha256(whole) });
	});

	// Mutant: the head of one chunk copied (`=== 1` -> false, L228).
	it('the head of a one-chunk image is that chunk, not a copy', async () => {
		const chunk = file(5000);
		const { client } = scriptedClient(() => ({ statusCode: 200, body: readableOf([chunk]) }));
		const { stored } = await client.downloadTo(0, URL_, call, storeAll);
		expect(stored?.head).toBe(chunk);
	});

	// Mutant: `{ objectMode: false }` -> true (L239).
	it("the body is a byte stream, as n8n's own answer is", async () => {
		const { client } = scriptedClient(() => ({ statusCode: 200, body: readableOf([file(100)]) }));
		const { stored } = await client.downloadTo(0, URL_, call, storeAll);
		expect(isByteStream(stored?.body)).toBe(true);
	});

	// Mutants: the source check -> true (L187, a Buffer is no stream), readHead's Buffer block emptied (L214) and
	// `this.ended = true` -> false (L218); `rest.length === 1` -> false and -> `!== 1` (L241).
	it('an answer n8n gave as one Buffer: that Buffer, not a copy, with its size and hash', async () => {
		const image = file(3000);
		const { client, requests } = scriptedClient(() => ({ statusCode: 200, body: image }));
		const { stored } = await client.downloadTo(0, URL_, call, storeAll);
		expect(stored?.body).toBe(image);
		expect(stored?.digest).toEqual({ size: 3000, sha256: sha256(image) });
		expect(requests()).toBe(1);
	});

	// Mutants: `this.source?.constructor?.from` -> `this.source?.constructor.from` (L238); `rest.length === 1` -> true
	// (L241).
	it('an answer that is an iterable of another kind: all of its chunks', async () => {
		const chunks = [file(100, 1), file(100, 2)];
		const body = Object.assign(Object.create(null) as object, {
			async *[Symbol.asyncIterator]() {
				yield* chunks;
			},
		});
		const { client } = scriptedClient(() => ({ statusCode: 200, body }));
		const { stored } = await client.downloadTo(0, URL_, call, storeAll);
		expect(stored?.bytes).toEqual(Buffer.concat(chunks));
	});
});

describe('answers that are not a whole image', () => {
	// Mutants: the `finally` that discards the answer emptied (L122); discard() emptied (L249).
	it('an answer that is not read (a 404) is closed, so its connection is freed', async () => {
		const body = readableOf([Buffer.from('<Error>not found</Error>')]) as { destroyed: boolean };
		const { client } = scriptedClient(() => ({ statusCode: 404, body }));
		const outcome = await client.downloadTo(0, URL_, call, storeAll);
		expect(outcome).toEqual({ statusCode: 404 });
		expect(body.destroyed).toBe(true);
	});

	// Mutant: `!tap.failed && tap.ended` -> `!tap.failed || tap.ended` (L114).
	it('a store that returns before the body ended is not taken for the whole image', async () => {
		const answer = () => ({ statusCode: 200, headers: { 'Content-Length': '300000' }, body: readableOf([file(HEAD_BYTES), file(HEAD_BYTES), file(1000)]) });
		const { client, requests } = scriptedClient(answer, answer);
		const error = await client.downloadTo(0, URL_, call, async (image) => image.head.length).then(() => undefined, (failure: Error) => failure);
		expect(errorCodeOf(error)).toBe('IMAGE_DOWNLOAD_FAILED');
		expect(error?.message).toBe('The image download from imaging.example.com was cut short (ended before the 300000 bytes announced).');
		expect(requests()).toBe(2);
	});

	// Mutants: the catch around the store -> `{}` and `!tap.failed` -> false (L111, L112; run transport-all-tests):
	// a store that fails on its own (n8n's binary store out of disk) is that failure, at once, not a download to
	// repeat nor an image that arrived without its file.
	it("a store that fails after reading the whole image fails with the store's own error, not retried", async () => {
		const answer = () => ({ statusCode: 200, headers: { 'Content-Length': '1000' }, body: readableOf([file(1000)]) });
		const { client, requests } = scriptedClient(answer, answer);
		const failing = async (image: ImageStream) => {
			await readAll(image.body);
			throw new Error('ENOSPC: no space left on device, write');
		};
		const error = await client.downloadTo(0, URL_, call, failing).then(() => undefined, (failure: Error) => failure);
		expect(error?.message).toMatch(/no space left on device/);
		expect(errorCodeOf(error)).not.toBe('IMAGE_DOWNLOAD_FAILED');
		expect(requests()).toBe(1);
	});

	// Mutants: the announced size -> true (L120) and 'bytes' emptied (L120).
	it('a body that breaks without a Content-Length: retried, then cut short, no size invented', async () => {
		const answer = () => ({ statusCode: 200, headers: {}, body: breakingReadable(file(HEAD_BYTES + 10)) });
		const { client, requests } = scriptedClient(answer, answer);
		const error = await client.downloadTo(0, URL_, call, storeAll).then(() => undefined, (failure: Error) => failure);
		expect(error?.message).toBe('The image download from imaging.example.com was cut short (ended before the bytes announced).');
		expect(requests()).toBe(2);
	});

	// Mutants: `Number.isFinite(length) && length > 0` -> `Number.isFinite(length) || length > 0` and `length > 0` ->
	// true (L120): a Content-Length of 0 announces no size to quote.
	it('a body that breaks under a Content-Length of 0: no "0 bytes announced"', async () => {
		const answer = () => ({ statusCode: 200, headers: { 'Content-Length': '0' }, body: breakingReadable(file(100)) });
		const { client } = scriptedClient(answer, answer);
		const error = await client.downloadTo(0, URL_, call, storeAll).then(() => undefined, (failure: Error) => failure);
		expect(error?.message).toBe('The image download from imaging.example.com was cut short (ended before the bytes announced).');
	});
});
