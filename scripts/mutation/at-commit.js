#!/usr/bin/env node
// Runs the mutation test on a committed snapshot instead of the working tree, one folder at a time if need be:
//
//   node scripts/mutation/at-commit.js [--commit <ref>] [--name <run>] [--tests <test folders/files>] [stryker options…]
//   node scripts/mutation/at-commit.js --name validation --tests test/validation \
//        --mutate 'nodes/ConcurImaging/validation/**/*.ts'
//   node scripts/mutation/at-commit.js --overlay <path>      (a working-tree file on top of the commit, repeatable)
//
// Why a snapshot: Stryker needs a green suite before it mutates anything, and a run takes long. In a tree where
// people work test-first, a test often fails on purpose and files change under the run. This extracts <ref>
// (default HEAD) with `git archive` into a temp dir, links this checkout's node_modules, copies this checkout's
// mutation tooling (stryker.config.mjs, scripts/mutation/) over it and runs `stryker run` there (the sandbox inside
// the snapshot, so module resolution walks up to the linked node_modules).
//
// --tests sets MUTATION_TESTS (scripts/mutation/jest.config.js): only those test files run. --name keeps one
// incremental cache per run (reports/mutation/stryker-incremental.<run>.json, git-ignored).
// Afterwards the run's files are merged into reports/mutation/mutation.json (files the run mutated replace their
// earlier results, the others stay), the run is recorded in reports/mutation/runs.json, and SUMMARY.md is rewritten.
'use strict';

const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const REPORTS = path.join(REPO, 'reports', 'mutation');

function parseArgs(argv) {
	const args = [...argv];
	const take = (flag) => {
		const at = args.indexOf(flag);
		if (at === -1) return undefined;
		const value = args[at + 1];
		if (!value) throw new Error(`${flag} needs a value`);
		args.splice(at, 2);
		return value;
	};
	const ref = take('--commit') || 'HEAD';
	const name = take('--name') || 'all';
	if (!/^[a-z0-9-]+$/.test(name)) throw new Error('--name: lower-case letters, digits and dashes');
	const tests = take('--tests');
	const overlays = [];
	for (let file = take('--overlay'); file; file = take('--overlay')) overlays.push(file);
	const mutateAt = args.indexOf('--mutate');
	const mutate = mutateAt === -1 ? 'nodes/**/*.ts, credentials/**/*.ts' : args[mutateAt + 1];
	return { ref, name, tests, overlays, mutate, strykerArgs: args };
}

function readJson(file, fallback) {
	return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : fallback;
}

function writeJson(file, value) {
	fs.writeFileSync(`${file}.tmp`, JSON.stringify(value));
	fs.renameSync(`${file}.tmp`, file);
}

/** The run's files replace theirs in mutation.json; files it did not mutate keep their last result. */
function merge(runReport, run) {
	const target = path.join(REPORTS, 'mutation.json');
	const merged = readJson(target, { ...runReport, files: {} });
	merged.schemaVersion = runReport.schemaVersion;
	merged.thresholds = runReport.thresholds;
	merged.projectRoot = REPO;
	for (const [file, result] of Object.entries(runReport.files)) merged.files[file] = result;
	writeJson(target, merged);
	const runsFile = path.join(REPORTS, 'runs.json');
	const runs = readJson(runsFile, []).filter((earlier) => earlier.name !== run.name);
	runs.push({ ...run, files: Object.keys(runReport.files).sort() });
	fs.writeFileSync(runsFile, `${JSON.stringify(runs, null, '\t')}\n`);
}

function main() {
	const { ref, name, tests, overlays, mutate, strykerArgs } = parseArgs(process.argv.slice(2));
	const commit = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: REPO, encoding: 'utf8' }).trim();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concur-mutation-'));
	console.log(`mutation: commit ${commit.slice(0, 10)} extracted to ${dir} (run "${name}", tests: ${tests || 'all'})`);
	try {
		const archive = execFileSync('git', ['archive', '--format=tar', commit], { cwd: REPO, maxBuffer: 1 << 30 });
		execFileSync('tar', ['-x', '-C', dir], { input: archive });
		for (const file of overlays) fs.copyFileSync(path.join(REPO, file), path.join(dir, file));
		fs.copyFileSync(path.join(REPO, 'stryker.config.mjs'), path.join(dir, 'stryker.config.mjs'));
		fs.cpSync(__dirname, path.join(dir, 'scripts', 'mutation'), { recursive: true });
		fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
		const snapshotReports = path.join(dir, 'reports', 'mutation');
		fs.mkdirSync(snapshotReports, { recursive: true });
		const cacheName = `stryker-incremental.${name}.json`;
		if (fs.existsSync(path.join(REPORTS, cacheName))) fs.copyFileSync(path.join(REPORTS, cacheName), path.join(snapshotReports, cacheName));

		const started = Date.now();
		const run = spawnSync(
			path.join(REPO, 'node_modules', '.bin', 'stryker'),
			['run', '--tempDirName', '.stryker-tmp', '--incrementalFile', `reports/mutation/${cacheName}`, ...strykerArgs],
			{ cwd: dir, stdio: 'inherit', env: { ...process.env, ...(tests && { MUTATION_TESTS: tests }) } },
		);
		const minutes = Number(((Date.now() - started) / 60000).toFixed(1));
		console.log(`mutation: stryker exited with ${run.status} after ${minutes} min`);

		fs.mkdirSync(REPORTS, { recursive: true });
		if (fs.existsSync(path.join(snapshotReports, cacheName))) fs.copyFileSync(path.join(snapshotReports, cacheName), path.join(REPORTS, cacheName));
		const report = path.join(snapshotReports, 'mutation.json');
		if (run.status === 0 && fs.existsSync(report)) {
			merge(readJson(report), {
				name,
				commit,
				overlays,
				mutate,
				tests: tests || 'all',
				minutes,
				finished: new Date().toISOString(),
			});
			execFileSync(process.execPath, [path.join(__dirname, 'summary.js')], { cwd: REPO, stdio: 'inherit' });
		}
		process.exitCode = run.status === null ? 1 : run.status;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
		// The per-mutant bail flags of skip-under-mutation.js.
		for (const flag of fs.readdirSync(os.tmpdir())) if (flag.startsWith('concur-mutant-killed-')) fs.rmSync(path.join(os.tmpdir(), flag), { force: true });
	}
}

main();
