// Answer bodies as n8n's HTTP helper gives them with `encoding: 'stream'` (a Node.js Readable), for tests that
// script n8n's answers to the transport. In plain JS because the n8n lint rules forbid importing `stream` in .ts
// files (a community node may not).
'use strict';

const { Readable } = require('node:stream');

/** A Readable that gives `chunks` (Buffers, each as one chunk) and ends. */
function readableOf(chunks) {
	return Readable.from(chunks);
}

/** A Readable that gives `sent` and then fails as a broken connection does (ECONNRESET). */
function breakingReadable(sent) {
	return Readable.from(
		(async function* () {
			yield sent;
			throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
		})(),
	);
}

/** Whether a body is a byte stream (not an object-mode one), as n8n's answers are. */
const isByteStream = (body) => body instanceof Readable && body.readableObjectMode === false;

module.exports = { readableOf, breakingReadable, isByteStream };
