'use strict';
// `n8n start` (editor + REST API) for an instance, on 127.0.0.1, with the owner set up through the REST API so
// the editor opens on a sign-in page and callers get the owner's session cookie for their own REST calls.

const http = require('http');
const { spawn } = require('child_process');

const { getFreePort, killGroup, sleep } = require('./processes');

/** A small JSON HTTP client: resolves { status, headers, body } (body as text). */
function httpRequest(method, url, body) {
	return new Promise((resolve, reject) => {
		const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
		const req = http.request(
			url,
			{
				method,
				headers: data ? { 'content-type': 'application/json', 'content-length': data.length } : {},
				timeout: 5000,
			},
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode,
						headers: res.headers,
						body: Buffer.concat(chunks).toString('utf8'),
					}),
				);
			},
		);
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', reject);
		if (data) req.end(data);
		else req.end();
	});
}

/** Ready when /healthz/readiness answers 200 (or, where it does not exist, /healthz). */
async function isReady(port) {
	const ready = await httpRequest('GET', `http://127.0.0.1:${port}/healthz/readiness`).catch(
		() => null,
	);
	if (ready && ready.status === 200) return true;
	if (ready && ready.status === 404) {
		const h = await httpRequest('GET', `http://127.0.0.1:${port}/healthz`).catch(() => null);
		return !!(h && h.status === 200);
	}
	return false;
}

/** Completes the owner setup; returns the owner's session cookie. */
async function setUpOwner(port, owner) {
	const res = await httpRequest('POST', `http://127.0.0.1:${port}/rest/owner/setup`, owner);
	if (res.status !== 200) throw new Error(`owner setup failed: HTTP ${res.status} ${res.body}`);
	return (
		[]
			.concat(res.headers['set-cookie'] || [])
			.map((c) => c.split(';')[0])
			.join('; ') || undefined
	);
}

/**
 * Starts `n8n start` for `instance` on 127.0.0.1:<port> and waits until it is ready.
 * owner: optional { email, firstName, lastName, password } to complete the owner setup, so the editor opens on a
 * sign-in page instead of the setup form. Resolves { url, port, pid, cookie, output(), stop() }: cookie is the
 * owner's session cookie (when owner was given); stop() resolves when the process has exited (SIGTERM, then
 * SIGKILL after graceMs). The instance's cleanup() stops it too.
 */
async function startEditor(
	instance,
	{ port, timeoutMs = 120000, owner, env = {}, graceMs = 15000 } = {},
) {
	const p = instance.provisioned;
	const editorPort = port || (await getFreePort());
	const url = `http://localhost:${editorPort}/`;
	const child = spawn(p.nodeBin, [p.n8nBin, 'start'], {
		env: {
			...instance.env,
			N8N_PORT: String(editorPort),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: 'localhost',
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: url,
			N8N_SECURE_COOKIE: 'false',
			...env,
		},
		cwd: instance.userFolder,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const chunks = [];
	const keep = (d) => {
		chunks.push(d);
		if (chunks.length > 2000) chunks.splice(0, chunks.length - 2000);
	};
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	let exited = null;
	const exitPromise = new Promise((resolve) =>
		child.on('exit', (code, signal) => resolve((exited = { code, signal }))),
	);
	const output = () => Buffer.concat(chunks).toString('utf8');
	const lastLines = () => output().split('\n').slice(-30).join('\n');
	const stop = async () => {
		if (!exited) {
			killGroup(child, 'SIGTERM');
			const t = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
			await exitPromise;
			clearTimeout(t);
		}
		killGroup(child, 'SIGKILL');
		instance.editors.delete(stop);
	};
	instance.editors.add(stop);
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (exited)
			throw new Error(
				`n8n start exited (${exited.signal || exited.code}) before it was ready:\n${lastLines()}`,
			);
		if (Date.now() > deadline) {
			await stop();
			throw new Error(
				`n8n start was not ready on port ${editorPort} after ${timeoutMs} ms:\n${lastLines()}`,
			);
		}
		if (await isReady(editorPort)) break;
		await sleep(300);
	}
	let cookie;
	if (owner) {
		try {
			cookie = await setUpOwner(editorPort, owner);
		} catch (e) {
			await stop();
			throw e;
		}
	}
	return { url, port: editorPort, pid: child.pid, cookie, output, stop };
}

module.exports = { startEditor, httpRequest };
