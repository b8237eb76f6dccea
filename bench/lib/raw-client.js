// Way (a), the physical limit: a plain undici client doing the same Receipt Images v3 calls as the node, with
// the same number of requests in flight, after one token request. No validation, no hashing, no n8n.
'use strict';

const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');
const { pipeline } = require('node:stream/promises');

const { Agent, request } = require('undici');

/** One company token (the request-token grant, as the node's credential does), and the API host it names. */
async function companyToken(info) {
	const form = new URLSearchParams({
		grant_type: 'password',
		credtype: 'authtoken',
		username: info.company.id,
		password: info.company.requestToken,
		client_id: info.client.id,
		client_secret: info.client.secret,
	});
	const res = await request(`${info.baseUrl}/oauth2/v0/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: form.toString(),
	});
	const body = await res.body.json();
	if (res.statusCode !== 200) throw new Error(`token request: HTTP ${res.statusCode} ${JSON.stringify(body)}`);
	return { accessToken: body.access_token, apiBase: String(body.geolocation || info.baseUrl).replace(/\/+$/, '') };
}

async function pool(count, concurrency, task) {
	const results = new Array(count);
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const i = next++;
			results[i] = await task(i);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
	return results;
}

class RawClient {
	constructor(api) {
		this.api = api;
		this.dispatcher = new Agent({ keepAliveTimeout: 4000 });
	}

	/** POST each file (read from disk, as the node reads it from n8n's binary storage); returns the new ids. */
	async upload(files, concurrency) {
		return await pool(files.length, concurrency, async (i) => {
			const file = files[i];
			const body = await fsp.readFile(file.path);
			const res = await request(`${this.api.apiBase}/api/v3.0/expense/receiptimages`, {
				method: 'POST',
				dispatcher: this.dispatcher,
				headers: {
					authorization: `Bearer ${this.api.accessToken}`,
					accept: 'application/json',
					'content-type': file.mimeType,
					'content-length': String(body.length),
				},
				body,
			});
			const json = await res.body.json();
			if (res.statusCode !== 200) throw new Error(`upload ${file.fileName}: HTTP ${res.statusCode} ${JSON.stringify(json)}`);
			return json.ID;
		});
	}

	/** GET one receipt (the v3 JSON, which names the file's pre-signed URI). */
	async receipt(id) {
		const res = await request(`${this.api.apiBase}/api/v3.0/expense/receiptimages/${encodeURIComponent(id)}`, {
			dispatcher: this.dispatcher,
			headers: { authorization: `Bearer ${this.api.accessToken}`, accept: 'application/json' },
		});
		const json = await res.body.json();
		if (res.statusCode !== 200) throw new Error(`get ${id}: HTTP ${res.statusCode} ${JSON.stringify(json)}`);
		return json;
	}

	/** GET each receipt (JSON), then its pre-signed URI; returns the downloaded sizes. */
	async download(ids, concurrency) {
		return await pool(ids.length, concurrency, async (i) => {
			const json = await this.receipt(ids[i]);
			const file = await request(json.URI, { dispatcher: this.dispatcher });
			const bytes = Buffer.from(await file.body.arrayBuffer());
			if (file.statusCode !== 200) throw new Error(`download ${ids[i]}: HTTP ${file.statusCode}`);
			return bytes.length;
		});
	}

	/**
	 * As download, but each file is streamed straight into `dir` (the memory rows' floor: no file is ever whole in
	 * memory, as the node streams into n8n's binary storage); returns the sizes written.
	 */
	async downloadToDisk(ids, concurrency, dir) {
		return await pool(ids.length, concurrency, async (i) => {
			const json = await this.receipt(ids[i]);
			const file = await request(json.URI, { dispatcher: this.dispatcher });
			if (file.statusCode !== 200) {
				await file.body.dump();
				throw new Error(`download ${ids[i]}: HTTP ${file.statusCode}`);
			}
			const out = fs.createWriteStream(path.join(dir, `${i}.bin`));
			await pipeline(file.body, out);
			return out.bytesWritten;
		});
	}

	async close() {
		await this.dispatcher.close();
	}
}

module.exports = { RawClient, companyToken, pool };
