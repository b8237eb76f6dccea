'use strict';
// The demo's preparation, with progress on stderr: `npm run build` and `npm pack` (the tarball a user installs),
// and provisioning Node 24 + n8n in a child process, so the demo can print progress while npm installs for minutes.

const fs = require('fs');
const fsp = require('fs/promises');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const { findNpmCli, provision, paths } = require('./provision');

const REPO = path.resolve(__dirname, '..', '..');

/** A failure whose message is the whole story (no stack trace printed). */
class DemoError extends Error {}

function say(msg) {
	process.stderr.write(`[demo] ${msg}\n`);
}

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

function tail(text, n = 30) {
	return String(text).trim().split('\n').slice(-n).join('\n');
}

function npmEnvForRepo() {
	const env = { ...process.env };
	for (const k of Object.keys(env)) if (/^npm_config_/i.test(k)) delete env[k];
	return env;
}

/** Runs a command; resolves { code, signal, out } (stdout+stderr); lines are passed to onLine as they come. */
function runAsync(cmd, args, { cwd = REPO, env = process.env, onLine } = {}) {
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		const chunks = [];
		let partial = '';
		const take = (d) => {
			chunks.push(d);
			if (!onLine) return;
			const text = partial + d.toString('utf8');
			const parts = text.split('\n');
			partial = parts.pop();
			for (const l of parts) if (l.trim()) onLine(l);
		};
		child.stdout.on('data', take);
		child.stderr.on('data', take);
		child.on('error', (e) => chunks.push(Buffer.from(`\n[spawn error] ${e.message}\n`)));
		child.on('close', (code, signal) => {
			if (onLine && partial.trim()) onLine(partial);
			resolve({ code, signal, out: Buffer.concat(chunks).toString('utf8') });
		});
	});
}

/** Builds (unless build: false) and packs the package; resolves { tarball, packDir }. */
async function buildAndPack({ build = true } = {}) {
	const npmCli = findNpmCli();
	if (build) {
		const t = Date.now();
		say('building the package (npm run build)');
		const b = await runAsync(process.execPath, [npmCli, 'run', 'build'], { env: npmEnvForRepo() });
		if (b.code !== 0) throw new DemoError(`npm run build failed (exit ${b.code}):\n${tail(b.out)}`);
		say(`built in ${secs(Date.now() - t)}`);
	}
	if (!fs.existsSync(path.join(REPO, 'dist', 'nodes', 'ConcurImaging', 'ConcurImaging.node.js')))
		throw new DemoError('dist/ has no built node: run without --no-build');
	const packDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'n8n-concur-demo-pack-'));
	const pk = await runAsync(
		process.execPath,
		[npmCli, 'pack', '--json', '--pack-destination', packDir],
		{ env: npmEnvForRepo() },
	);
	const tgz = fs.readdirSync(packDir).find((f) => f.endsWith('.tgz'));
	if (pk.code !== 0 || !tgz)
		throw new DemoError(`npm pack failed (exit ${pk.code}):\n${tail(pk.out)}`);
	say(`packed ${tgz}`);
	return { tarball: path.join(packDir, tgz), packDir };
}

/**
 * Provisions Node 24 + n8n by running scripts/provision-n8n.js in a child process (its [provision] lines are
 * passed on; when it is silent for 20 s, what it is doing is told from what it has written so far), then returns
 * provision()'s paths.
 */
async function provisionWithProgress() {
	const p = paths();
	const t0 = Date.now();
	let lastLine = Date.now();
	const timer = setInterval(() => {
		if (Date.now() - lastLine < 20000) return;
		let step = 'downloading Node.js 24';
		if (fs.existsSync(p.nodeStamp)) step = "installing n8n's ~1,100 packages (npm ci)";
		if (fs.existsSync(path.join(p.n8nModulesDir, 'sqlite3', 'build')))
			step = 'compiling sqlite3 for Node.js 24';
		say(
			`still provisioning: ${step}, ${Math.round((Date.now() - t0) / 1000)} s so far (first run only; a few minutes)`,
		);
		lastLine = Date.now();
	}, 5000);
	try {
		const cli = path.join(REPO, 'scripts', 'provision-n8n.js');
		const r = await runAsync(process.execPath, [cli], {
			onLine: (l) => {
				lastLine = Date.now();
				if (l.startsWith('[provision]')) process.stderr.write(`${l}\n`);
			},
		});
		if (r.code !== 0) throw new DemoError(`provisioning Node 24 and n8n failed:\n${tail(r.out)}`);
	} finally {
		clearInterval(timer);
	}
	return provision({ quiet: true });
}

module.exports = { DemoError, say, secs, buildAndPack, provisionWithProgress };
