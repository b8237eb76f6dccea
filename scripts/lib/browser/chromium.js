'use strict';
// Headless Chromium for the form demo and the editor test: Debian's `chromium` package (installed with apt-get when
// /usr/bin/chromium is missing and we may; no browser is ever downloaded by Playwright), driven by playwright-core
// (a devDependency; its install has no download step) in a fresh profile folder that is removed on close.
//
//   const { launchChromium } = require('./lib/browser/chromium');
//   const browser = await launchChromium();            // { context, newPage(), close(), version }
//   const page = await browser.newPage(); await page.goto(url); ...; await browser.close();

const fs = require('fs');
const fsp = require('fs/promises');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** Everything that would make the browser talk to anyone but the page under test, or need a GPU, is off. */
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

function run(cmd, args, env) {
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
		const out = [];
		child.stdout.on('data', (d) => out.push(d));
		child.stderr.on('data', (d) => out.push(d));
		child.on('error', (e) => resolve({ code: -1, out: e.message }));
		child.on('close', (code) => resolve({ code, out: Buffer.concat(out).toString('utf8') }));
	});
}

/**
 * Makes sure Chromium is at CHROMIUM: when it is missing, runs `apt-get update` and `apt-get install -y chromium`
 * (Debian's package) as root. Resolves { path, installed: boolean, ms }; rejects with what to do otherwise.
 */
async function ensureChromium({ log = () => undefined } = {}) {
	const t0 = Date.now();
	if (fs.existsSync(CHROMIUM)) return { path: CHROMIUM, installed: false, ms: 0 };
	const canApt = fs.existsSync('/usr/bin/apt-get') && process.getuid && process.getuid() === 0;
	if (!canApt || CHROMIUM !== '/usr/bin/chromium')
		throw new Error(
			`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`,
		);
	log("installing Debian's chromium package (apt-get; once per machine, about a minute)");
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const update = await run('apt-get', ['update', '-qq'], env);
	if (update.code !== 0) throw new Error(`apt-get update failed:\n${update.out.slice(-2000)}`);
	const install = await run('apt-get', ['install', '-y', '-qq', 'chromium'], env);
	if (install.code !== 0 || !fs.existsSync(CHROMIUM))
		throw new Error(`apt-get install chromium failed:\n${install.out.slice(-2000)}`);
	return { path: CHROMIUM, installed: true, ms: Date.now() - t0 };
}

/**
 * Launches headless Chromium with a fresh --user-data-dir (Playwright's persistent context is how it takes one).
 * Resolves { context, newPage(), close(), version, userDataDir }. close() also removes the profile folder.
 */
async function launchChromium({ viewport = { width: 1400, height: 900 }, log } = {}) {
	await ensureChromium({ log });
	const { chromium } = require('playwright-core');
	const userDataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'concur-chromium-'));
	let context;
	try {
		context = await chromium.launchPersistentContext(userDataDir, {
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport,
			timeout: 60000,
		});
	} catch (e) {
		await fsp.rm(userDataDir, { recursive: true, force: true });
		throw e;
	}
	const browser = context.browser();
	let closed = false;
	return {
		context,
		userDataDir,
		version: browser ? browser.version() : undefined,
		newPage: () => context.newPage(),
		close: async () => {
			if (closed) return;
			closed = true;
			await context.close().catch(() => undefined);
			await fsp.rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
		},
	};
}

module.exports = { CHROMIUM, CHROMIUM_ARGS, ensureChromium, launchChromium };
