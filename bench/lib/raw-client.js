// Way (a), the physical limit: a plain undici client doing the same Receipt Images v3 calls as the node, with
// the same number of requests in flight, after one token request. No validation, no hashing, no n8n.
'use strict';

const fsp = require('node:fs/promises');

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

	/** GET each receipt (JSON), then its pre-signed URI; returns the downloaded sizes. */
	async download(ids, concurrency) {
		return await pool(ids.length, concurrency, async (i) => {
			const res = await request(`${this.api.apiBase}/api/v3.0/expense/receiptimages/${encodeURIComponent(ids[i])}`, {
				dispatcher: this.dispatcher,
				headers: { authorization: `Bearer ${this.api.accessToken}`, accept: 'application/json' },
			});
			const json = await res.body.json();
			if (res.statusCode !== 200) throw new Error(`get ${ids[i]}: HTTP ${res.statusCode} ${JSON.stringify(json)}`);
			const file = await request(json.URI, { dispatcher: this.dispatcher });
			const bytes = Buffer.from(await file.body.arrayBuffer());
			if (file.statusCode !== 200) throw new Error(`download ${ids[i]}: HTTP ${file.statusCode}`);
			return bytes.length;
		});
	}

	async close() {
		await this.dispatcher.close();
	}
}

module.exports = { RawClient, companyToken, pool };
