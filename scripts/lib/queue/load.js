'use strict';
// The workload client: posts files to a production webhook on loopback, at most `concurrency` requests in flight,
// each file as the raw request body with its Content-Type and a Content-Disposition file name (n8n's Webhook node
// turns such a body into the binary property `data`). Bounded: one request per file, each with a timeout.

const http = require('http');

function post(url, file, timeoutMs) {
	return new Promise((resolve) => {
		const t0 = Date.now();
		const req = http.request(url, {
			method: 'POST',
			headers: {
				'content-type': file.mimeType,
				'content-length': file.bytes.length,
				'content-disposition': `attachment; filename="${file.name}"`,
			},
			timeout: timeoutMs,
			agent: false,
		}, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ name: file.name, status: res.statusCode, body: Buffer.concat(chunks).toString('utf8').slice(0, 300), ms: Date.now() - t0 }));
		});
		req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
		req.on('error', (e) => resolve({ name: file.name, status: 0, body: e.message, ms: Date.now() - t0 }));
		req.end(file.bytes);
	});
}

/**
 * Posts every file once; `onSent(n)` is called after the n-th answer (to act mid-run, e.g. expire tokens).
 * Resolves { results: [{ name, status, body, ms }], ms }.
 */
async function postAll(url, files, { concurrency = 16, timeoutMs = 60000, onSent } = {}) {
	const t0 = Date.now();
	const results = new Array(files.length);
	let next = 0;
	let answered = 0;
	const lane = async () => {
		while (next < files.length) {
			const i = next++;
			results[i] = await post(url, files[i], timeoutMs);
			answered++;
			if (onSent) await onSent(answered);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, lane));
	return { results, ms: Date.now() - t0 };
}

module.exports = { postAll };
