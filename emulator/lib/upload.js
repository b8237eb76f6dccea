// @ts-check
'use strict';

const crypto = require('node:crypto');
const { ALLOWED_TYPES, baseContentType, magicMatches, EncryptScanner } = require('./media');

const NAMES = { 'application/pdf': 'PDF', 'image/png': 'PNG', 'image/jpeg': 'JPEG' };

/**
 * Receive an image body: header checks first (nothing is read for a request that is refused by its headers),
 * then the body streams from the socket to the blob store with backpressure, hashing it and sniffing magic
 * bytes / PDF encryption on the way. The body is never held twice; a refused body is discarded, not stored.
 *
 * @param {import('./http').Ctx} ctx
 * @param {{fail: (status: number, message: string) => void,
 *          unsupported: (contentType: string) => void}} how  error writers of the API family
 * @returns {Promise<import('./state').Img | null>}  null = a response was sent (or the client went away)
 */
async function receiveUpload(ctx, how) {
	const { req, emu } = ctx;
	const max = emu.options.maxUploadBytes;
	const te = String(req.headers['transfer-encoding'] || '').toLowerCase();
	if (te.includes('chunked')) {
		how.fail(400, 'Chunked transfer encoding is not supported. Send the image with a Content-Length header.');
		return null;
	}
	const clHeader = req.headers['content-length'];
	if (clHeader === undefined) {
		how.fail(400, 'The Content-Length header is required.');
		return null;
	}
	const length = Number(clHeader);
	if (!Number.isInteger(length) || length < 0) {
		how.fail(400, 'The Content-Length header is invalid.');
		return null;
	}
	if (length > max) {
		how.fail(
			400,
			`The image is too large (${length} bytes). The maximum file size allowed is ${Math.round(max / 1048576)} MB (${max} bytes).`,
		);
		return null;
	}
	const declared = baseContentType(req.headers['content-type']);
	const type = /** @type {Record<string, string>} */ (ALLOWED_TYPES)[declared];
	if (!type) {
		how.unsupported(declared);
		return null;
	}
	if (length === 0) {
		how.fail(400, 'The request body is empty: send the image bytes.');
		return null;
	}

	const writer = emu.store.createWriter();
	const hash = crypto.createHash('sha256');
	const encrypt = type === 'application/pdf' ? new EncryptScanner() : null;
	/** @type {Buffer} */
	let head = Buffer.alloc(0);
	/** @type {boolean | undefined} */
	let magic;
	let size = 0;
	const outcome = await new Promise((resolve) => {
		let done = false;
		/** @param {string} v */
		const finish = (v) => {
			if (!done) {
				done = true;
				resolve(v);
			}
		};
		req.on('data', (/** @type {Buffer} */ chunk) => {
			size += chunk.length;
			if (magic === false) return; // refused: keep draining, store nothing
			if (magic === undefined) {
				head = head.length ? Buffer.concat([head, chunk.subarray(0, 1024)]).subarray(0, 1024) : chunk.subarray(0, 1024);
				magic = magicMatches(type, head, false);
				if (magic === false) return;
			}
			hash.update(chunk);
			if (encrypt) encrypt.push(chunk);
			if (!writer.write(chunk)) {
				req.pause();
				writer.onceDrain(() => req.resume());
			}
		});
		req.on('end', () => finish('end'));
		req.on('error', () => finish('aborted'));
		req.on('close', () => {
			if (!req.complete) finish('aborted');
		});
	});
	ctx.bodyBytes = size;
	if (outcome !== 'end') {
		await writer.abort();
		return null;
	}
	if (magic === undefined) magic = magicMatches(type, head, true);
	/** @type {string | null} */
	let problem = null;
	if (!magic) {
		const name = /** @type {Record<string, string>} */ (NAMES)[type];
		problem = `The image data is not a valid ${name} file (Content-Type ${declared}). Send the file's real content type.`;
	} else if (encrypt && encrypt.finish()) {
		problem = 'Encrypted or password-protected PDFs are not accepted. Remove the password/encryption from the PDF and upload it again.';
	}
	if (problem) {
		await writer.abort();
		how.fail(400, problem);
		return null;
	}
	const blobKey = await writer.commit();
	return {
		blobKey,
		mimeType: type,
		size,
		sha256: hash.digest('hex'),
		pageCount: type === 'application/pdf' ? undefined : 1,
		createdAt: emu.clock.now(),
	};
}

module.exports = { receiveUpload };
