#!/usr/bin/env node
'use strict';
// `npm run test:e2e`: end-to-end tests in real n8n.
//   1. provisions Node 24 + n8n (scripts/lib/provision/; cached in .cache/, seconds when warm)
//   2. `npm run build`, then `npm pack` of this repository into a temp dir (the tarball a user installs)
//   3. prepares the pre-migrated n8n user folder template (once per cache)
//   4. runs test/e2e/**/*.test.{js,mjs} with Node's built-in test runner, one file at a time (n8n is CPU-heavy and
//      the tests start many n8n processes), and exits with the runner's exit code.
// The tests find the tarball in N8N_E2E_PACKAGE_TARBALL.
//
// Options: --no-build   skip build and pack (tests that need the package tarball then skip)
//          any other arguments are passed to `node --test` (e.g. --test-name-pattern=...), and paths ending in
//          .test.js/.test.mjs select those files instead of all of test/e2e.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const { provision, findNpmCli, ProvisionError } = require('./lib/provision');

const REPO = path.resolve(__dirname, '..');

function step(msg) {
	process.stderr.write(`[e2e] ${msg}\n`);
}

function findTests(dir) {
	const out = [];
	if (!fs.existsSync(dir)) return out;
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const f = path.join(dir, e.name);
		if (e.isDirectory()) out.push(...findTests(f));
		else if (/\.test\.(c|m)?js$/.test(e.name)) out.push(f);
	}
	return out.sort();
}

function npmEnvForRepo() {
	const env = { ...process.env };
	// When started via `npm run`, npm exported its own settings; let the repo's .npmrc speak for itself.
	for (const k of Object.keys(env)) if (/^npm_config_/i.test(k)) delete env[k];
	return env;
}

async function main() {
	const args = process.argv.slice(2);
	const noBuild = args.includes('--no-build');
	const passThrough = args.filter((a) => a !== '--no-build' && !/\.test\.(c|m)?js$/.test(a));
	const selected = args.filter((a) => /\.test\.(c|m)?js$/.test(a)).map((a) => path.resolve(a));
	const t0 = Date.now();

	const p = provision();

	let packDir;
	const env = { ...process.env, N8N_E2E_REPO: REPO };
	delete env.N8N_E2E_PACKAGE_TARBALL;
	if (!noBuild) {
		const npmCli = findNpmCli();
		let t = Date.now();
		step('npm run build');
		const b = spawnSync(process.execPath, [npmCli, 'run', 'build'], {
			cwd: REPO,
			stdio: 'inherit',
			env: npmEnvForRepo(),
		});
		if (b.status !== 0) {
			step(`build failed (exit ${b.status}${b.signal ? `, ${b.signal}` : ''})`);
			return 1;
		}
		step(`built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
		t = Date.now();
		packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pack-'));
		const pk = spawnSync(
			process.execPath,
			[npmCli, 'pack', '--json', '--pack-destination', packDir],
			{
				cwd: REPO,
				env: npmEnvForRepo(),
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'inherit'],
			},
		);
		const tgz =
			pk.status === 0 ? fs.readdirSync(packDir).find((f) => f.endsWith('.tgz')) : undefined;
		if (!tgz) {
			step(`npm pack failed (exit ${pk.status}): ${pk.stdout}`);
			return 1;
		}
		env.N8N_E2E_PACKAGE_TARBALL = path.join(packDir, tgz);
		let files = '';
		try {
			files = ` (${JSON.parse(pk.stdout)[0].files.length} files)`;
		} catch {
			/* informational only */
		}
		step(`packed ${tgz}${files} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
	} else {
		step('--no-build: not building or packing; tests that need the package tarball skip');
	}

	try {
		// Created here, once, so that test files do not race to migrate the same template database.
		const t = Date.now();
		const { ensureTemplate } = require('./lib/n8n-instance');
		await ensureTemplate({ provisioned: p });
		step(`n8n user folder template ready (${((Date.now() - t) / 1000).toFixed(1)} s)`);

		const tests = selected.length ? selected : findTests(path.join(REPO, 'test', 'e2e'));
		if (!tests.length) {
			step('no test files in test/e2e');
			return 1;
		}
		step(`running ${tests.length} test file(s) with node --test`);
		const r = spawnSync(
			process.execPath,
			['--test', '--test-concurrency=1', ...passThrough, ...tests],
			{ cwd: REPO, stdio: 'inherit', env },
		);
		const code = r.status === null ? 1 : r.status;
		step(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s, exit ${code}`);
		return code;
	} finally {
		if (packDir) fs.rmSync(packDir, { recursive: true, force: true });
	}
}

main().then(
	(code) => process.exit(code),
	(e) => {
		process.stderr.write(
			`[e2e] FAILED: ${e instanceof ProvisionError ? e.message : e.stack || e}\n`,
		);
		process.exit(1);
	},
);
