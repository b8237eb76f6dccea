// @ts-check
'use strict';

const crypto = require('node:crypto');

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789ABCDEF';

/**
 * Deterministic id generator: the same seed gives the same sequence of ids, so a reset emulator hands out
 * exactly the same company, users, reports, entries, invoices and (in order) upload ids again.
 * Formats follow the ids shown in Concur's docs:
 * - company / user ids: UUIDs (`sub` of id_token)
 * - expense report ids: v3-style, 36 chars of [A-Za-z0-9$] starting with `gW` (`gWonjE$prhaSd7DMzt3iGi1EcpjI3UNHOjwQ`)
 * - entry ids and invoice (payment request) ids: 20 upper-case hex chars (`A2C40CEE415B43B2A0BE`)
 * - image ids: 52 chars of [A-Za-z0-9$] (`aBcDeMwbl34xnwdkUw5ZjDsggDl2$pyoy31$pnGaHAywmPrpbAmE`)
 */
class IdGenerator {
	/** @param {string} seed */
	constructor(seed) {
		this.key = crypto.createHash('sha256').update(String(seed)).digest();
		this.counter = 0;
	}

	/** @param {number} n */
	bytes(n) {
		const chunks = [];
		let have = 0;
		while (have < n) {
			const block = crypto.createHmac('sha256', this.key).update(String(this.counter++)).digest();
			chunks.push(block);
			have += block.length;
		}
		return Buffer.concat(chunks).subarray(0, n);
	}

	/**
	 * @param {number} length
	 * @param {string} alphabet
	 */
	chars(length, alphabet) {
		const b = this.bytes(length);
		let s = '';
		for (let i = 0; i < length; i++) s += alphabet[b[i] % alphabet.length];
		return s;
	}

	uuid() {
		const b = this.bytes(16);
		b[6] = (b[6] & 0x0f) | 0x40;
		b[8] = (b[8] & 0x3f) | 0x80;
		const h = b.toString('hex');
		return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
	}

	hex20() {
		return this.chars(20, HEX);
	}

	reportId() {
		const body = this.chars(34, ALNUM).split('');
		body[4] = '$';
		return `gW${body.join('')}`;
	}

	imageId() {
		const s = this.chars(52, ALNUM).split('');
		s[28] = '$';
		s[35] = '$';
		return s.join('');
	}

	/** @param {number} length */
	secret(length = 32) {
		return this.chars(length, ALNUM);
	}
}

/** Random (not seeded) opaque strings for tokens: tokens are secrets and must not be guessable. */
function randomToken(bytes = 24) {
	return crypto.randomBytes(bytes).toString('base64url');
}

/** @param {string} s */
function sha256Hex(s) {
	return crypto.createHash('sha256').update(s).digest('hex');
}

module.exports = { IdGenerator, randomToken, sha256Hex };
