// @ts-check
'use strict';

const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { Readable } = require('node:stream');

/**
 * Where image bytes live. Metadata (type, size, sha256, owner) is in the state; this only maps a blob key to
 * bytes. 'disk' (the default) writes each upload straight from the socket to a file, so memory stays flat with
 * many concurrent 10 MB uploads; 'memory' keeps the received chunks (no second copy) and is handy for tiny runs.
 */
class BlobStore {
	/**
	 * @param {{kind: 'memory'|'disk', dir?: string}} opts  dir: persistent directory; else a temp dir removed on close
	 */
	constructor(opts) {
		this.kind = opts.kind;
		this.persistentDir = opts.dir;
		/** @type {string | undefined} */
		this.dir = undefined;
		/** @type {Map<string, Buffer[]>} */
		this.mem = new Map();
		this.seq = 0;
	}

	async init() {
		if (this.kind !== 'disk') return;
		if (this.persistentDir) {
			this.dir = path.join(this.persistentDir, 'blobs');
			await fsp.mkdir(this.dir, { recursive: true });
		} else {
			this.dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'concur-emulator-'));
		}
	}

	newKey() {
		this.seq += 1;
		return `b${Date.now().toString(36)}${this.seq.toString(36)}${crypto.randomBytes(4).toString('hex')}`;
	}

	/** @param {string} key */
	file(key) {
		if (!/^[A-Za-z0-9_-]+$/.test(key)) throw new Error(`bad blob key ${key}`);
		return path.join(/** @type {string} */ (this.dir), key);
	}

	/**
	 * A sink for one upload. write() follows Writable semantics (false = wait for 'drain').
	 * commit() makes the blob visible and returns its key; abort() discards it.
	 */
	createWriter() {
		const key = this.newKey();
		if (this.kind === 'memory') {
			/** @type {Buffer[]} */
			const chunks = [];
			return {
				key,
				/** @param {Buffer} chunk */
				write: (chunk) => {
					chunks.push(chunk);
					return true;
				},
				/** @param {() => void} cb */
				onceDrain: (cb) => cb(),
				commit: async () => {
					this.mem.set(key, chunks);
					return key;
				},
				abort: async () => {
					chunks.length = 0;
				},
			};
		}
		const tmp = this.file(key) + '.part';
		const ws = fs.createWriteStream(tmp);
		/** @type {Error | null} */
		let failed = null;
		ws.on('error', (e) => {
			failed = e;
		});
		const closed = () =>
			new Promise((resolve) => {
				if (ws.closed) resolve(undefined);
				else ws.once('close', () => resolve(undefined));
			});
		return {
			key,
			/** @param {Buffer} chunk */
			write: (chunk) => ws.write(chunk),
			/** @param {() => void} cb */
			onceDrain: (cb) => ws.once('drain', cb),
			commit: async () => {
				ws.end();
				await closed();
				if (failed) throw failed;
				await fsp.rename(tmp, this.file(key));
				return key;
			},
			abort: async () => {
				ws.destroy();
				await closed();
				await fsp.rm(tmp, { force: true });
			},
		};
	}

	/** @param {Buffer} buf */
	async putBuffer(buf) {
		const key = this.newKey();
		if (this.kind === 'memory') this.mem.set(key, [buf]);
		else await fsp.writeFile(this.file(key), buf);
		return key;
	}

	/** @param {string} key */
	async read(key) {
		if (this.kind === 'memory') {
			const chunks = this.mem.get(key);
			if (!chunks) throw new Error(`blob ${key} not found`);
			return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
		}
		return fsp.readFile(this.file(key));
	}

	/** @param {string} key */
	async exists(key) {
		if (this.kind === 'memory') return this.mem.has(key);
		try {
			await fsp.access(this.file(key));
			return true;
		} catch {
			return false;
		}
	}

	/**
	 * @param {string} key
	 * @param {{end?: number}} [range]  inclusive end byte (used by the 'truncate' fault)
	 * @returns {import('node:stream').Readable}
	 */
	stream(key, range = {}) {
		if (this.kind === 'memory') {
			const chunks = this.mem.get(key) || [];
			if (range.end === undefined) return Readable.from(chunks, { objectMode: false });
			const all = Buffer.concat(chunks).subarray(0, range.end + 1);
			return Readable.from([all], { objectMode: false });
		}
		return fs.createReadStream(this.file(key), range.end === undefined ? {} : { start: 0, end: range.end });
	}

	/** @param {string} key */
	async delete(key) {
		if (this.kind === 'memory') this.mem.delete(key);
		else await fsp.rm(this.file(key), { force: true });
	}

	/** Remove every blob (reset). */
	async clear() {
		this.mem.clear();
		if (this.kind === 'disk' && this.dir) {
			for (const name of await fsp.readdir(this.dir)) {
				await fsp.rm(path.join(this.dir, name), { force: true, recursive: true });
			}
		}
	}

	async close() {
		this.mem.clear();
		if (this.kind === 'disk' && this.dir && !this.persistentDir) {
			await fsp.rm(this.dir, { recursive: true, force: true });
		}
	}
}

module.exports = { BlobStore };
