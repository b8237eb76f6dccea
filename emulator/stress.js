#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * Memory stress of the emulator: N concurrent uploads of S MB each (default 200 × 10 MB) to Image v1
 * POST /receipt, with undici, against an emulator running in a CHILD process, and the peak RSS of that child.
 *
 *   node emulator/stress.js [--count 200] [--size-mb 10] [--storage disk|memory]
 *
 * Peak RSS = the kernel's high-water mark of the child (VmHWM in /proc/<pid>/status, or
 * process.resourceUsage().maxRSS reported by the child), so short spikes between samples are not missed.
 */

const { fork } = require('node:child_process');
const fs = require('node:fs');

/** @param {string[]} argv */
function flags(argv) {
	/** @type {Record<string, string>} */
	const out = {};
	for (let i = 0; i < argv.length; i++) {
		if (argv[i].startsWith('--')) out[argv[i].slice(2)] = argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'true';
	}
	return out;
}

async function child() {
	const { startEmulator } = require('./index');
	const storage = /** @type {'disk'|'memory'} */ (process.env.STRESS_STORAGE || 'disk');
	const emu = await startEmulator({ port: 0, storage });
	/** @param {any} msg */
	const send = (msg) => /** @type {any} */ (process).send(msg);
	process.on('message', async (/** @type {any} */ msg) => {
		if (msg === 'report') {
			const state = await emu.state();
			send({
				type: 'report',
				maxRssKb: process.resourceUsage().maxRSS,
				rss: process.memoryUsage().rss,
				receipts: state.receipts.length,
				storedBytes: state.receipts.reduce((n, r) => n + (r.image ? r.image.size : 0), 0),
			});
		} else if (msg === 'stop') {
			await emu.stop();
			process.exit(0);
		}
	});
	send({ type: 'ready', info: emu.info() });
}

/** @param {number} pid */
function procStatus(pid) {
	try {
		const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (/** @type {string} */ key) => Number((new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text) || [])[1] || 0);
		return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
	} catch {
		return null;
	}
}

async function main() {
	const f = flags(process.argv.slice(2));
	const count = Number(f.count || 200);
	const sizeMb = Number(f['size-mb'] || 10);
	const storage = f.storage || 'disk';
	const { request, Agent } = require('undici');

	const proc = fork(__filename, ['--child'], { env: { ...process.env, STRESS_STORAGE: storage }, stdio: 'inherit' });
	/** @type {(type: string) => Promise<any>} */
	const next = (type) =>
		new Promise((resolve) => {
			/** @param {any} m */
			const on = (m) => {
				if (m && m.type === type) {
					proc.off('message', on);
					resolve(m);
				}
			};
			proc.on('message', on);
		});
	const ready = await next('ready');
	const info = ready.info;
	const pid = /** @type {number} */ (proc.pid);
	const baseline = procStatus(pid);

	const tokenRes = await request(`${info.baseUrl}/oauth2/v0/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			client_id: info.client.id,
			client_secret: info.client.secret,
			grant_type: 'password',
			credtype: 'authtoken',
			username: info.company.id,
			password: info.company.requestToken,
		}).toString(),
	});
	const token = /** @type {any} */ (await tokenRes.body.json());

	const size = Math.round(sizeMb * 1024 * 1024);
	const body = Buffer.alloc(size, 0x20);
	Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(body, 0);
	const agent = new Agent({ connections: count, pipelining: 1, bodyTimeout: 0, headersTimeout: 0 });

	let maxSampleKb = 0;
	const sampler = setInterval(() => {
		const s = procStatus(pid);
		if (s && s.rssKb > maxSampleKb) maxSampleKb = s.rssKb;
	}, 25);
	const started = Date.now();
	const statuses = await Promise.all(
		Array.from({ length: count }, async () => {
			try {
				const res = await request(`${token.geolocation}/api/image/v1.0/receipt`, {
					method: 'POST',
					dispatcher: agent,
					headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'image/png' },
					body,
				});
				await res.body.dump();
				return res.statusCode;
			} catch (e) {
				return `error: ${e instanceof Error ? e.message : e}`;
			}
		}),
	);
	const seconds = (Date.now() - started) / 1000;
	clearInterval(sampler);
	const final = procStatus(pid);
	proc.send('report');
	const report = await next('report');
	proc.send('stop');
	await new Promise((r) => proc.on('exit', r));
	await agent.close();

	/** @type {Record<string, number>} */
	const byStatus = {};
	for (const s of statuses) byStatus[String(s)] = (byStatus[String(s)] || 0) + 1;
	const mb = (/** @type {number} */ kb) => `${(kb / 1024).toFixed(1)} MB`;
	const peakKb = Math.max(final ? final.hwmKb : 0, report.maxRssKb, maxSampleKb);
	const lines = [
		`Concur emulator stress: ${count} concurrent uploads × ${sizeMb} MB (${((count * size) / 1048576).toFixed(0)} MB total), storage=${storage}`,
		`  statuses:            ${JSON.stringify(byStatus)}`,
		`  stored receipts:     ${report.receipts} (${(report.storedBytes / 1048576).toFixed(0)} MB)`,
		`  wall time:           ${seconds.toFixed(1)} s (${((count * size) / 1048576 / seconds).toFixed(0)} MB/s)`,
		`  emulator RSS before: ${baseline ? mb(baseline.rssKb) : 'n/a'}`,
		`  emulator peak RSS:   ${mb(peakKb)}   (VmHWM ${final ? mb(final.hwmKb) : 'n/a'}, maxRSS ${mb(report.maxRssKb)}, max sampled ${mb(maxSampleKb)})`,
		`  emulator RSS after:  ${final ? mb(final.rssKb) : 'n/a'}`,
	];
	process.stdout.write(`${lines.join('\n')}\n`);
	const ok = byStatus['201'] === count;
	process.exit(ok ? 0 : 1);
}

if (process.argv.includes('--child')) void child();
else
	main().catch((e) => {
		process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
		process.exit(1);
	});
