// @ts-check
'use strict';

/**
 * Cheap checks of uploaded bytes, done while the body streams in: the emulator is not the product's validator,
 * it only refuses what Concur documents it refuses (wrong type, encrypted PDF) with the least work.
 */

/** Content types Image v1 and Receipt Images v3 accept (Concur docs), mapped to the stored (real) type. */
const ALLOWED_TYPES = Object.freeze({
	'application/pdf': 'application/pdf',
	'image/jpg': 'image/jpeg',
	'image/jpeg': 'image/jpeg',
	'image/png': 'image/png',
});

const EXTENSIONS = Object.freeze({
	'application/pdf': 'pdf',
	'image/jpeg': 'jpg',
	'image/png': 'png',
});

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** @param {string | undefined} header */
function baseContentType(header) {
	return String(header || '')
		.split(';')[0]
		.trim()
		.toLowerCase();
}

/**
 * Does the start of the body look like the declared type?
 * @param {string} type  normalized type (application/pdf, image/png, image/jpeg)
 * @param {Buffer} head  first bytes (up to 1024)
 * @param {boolean} complete  true if head is the whole body
 * @returns {boolean | undefined} undefined = need more bytes
 */
function magicMatches(type, head, complete) {
	if (type === 'image/png') {
		if (head.length < PNG_MAGIC.length) return complete ? false : undefined;
		return head.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC);
	}
	if (type === 'image/jpeg') {
		if (head.length < 3) return complete ? false : undefined;
		return head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
	}
	if (type === 'application/pdf') {
		// Readers accept the header anywhere in the first 1024 bytes.
		if (head.indexOf('%PDF-') !== -1) return true;
		return head.length >= 1024 || complete ? false : undefined;
	}
	return false;
}

/**
 * Streaming detector of PDF encryption: an `/Encrypt` entry followed by an indirect reference or a dictionary,
 * as found in the trailer or a cross-reference stream dictionary. Chunk borders are handled with a small tail.
 */
class EncryptScanner {
	constructor() {
		this.tail = Buffer.alloc(0);
		this.found = false;
	}

	/**
	 * @param {Buffer} buf
	 * @param {boolean} final
	 */
	scan(buf, final) {
		let i = buf.indexOf('/Encrypt');
		while (i !== -1 && !this.found) {
			if (!final && i > buf.length - 48) break; // look again when more bytes follow (kept in the tail)
			const after = buf.subarray(i + 8, i + 48).toString('latin1');
			if (/^\s*(\d+\s+\d+\s+R|<<)/.test(after)) this.found = true;
			i = buf.indexOf('/Encrypt', i + 1);
		}
	}

	/** @param {Buffer} chunk */
	push(chunk) {
		if (this.found) return;
		const buf = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
		this.scan(buf, false);
		this.tail = Buffer.from(buf.subarray(Math.max(0, buf.length - 56)));
	}

	finish() {
		if (!this.found) this.scan(this.tail, true);
		return this.found;
	}
}

module.exports = { ALLOWED_TYPES, EXTENSIONS, baseContentType, magicMatches, EncryptScanner };
