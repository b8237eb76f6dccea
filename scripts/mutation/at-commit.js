#!/usr/bin/env node
// Runs the mutation test on a committed snapshot instead of the working tree:
//
//   node scripts/mutation/at-commit.js [--commit <ref>] [stryker options…]
//   node scripts/mutation/at-commit.js --commit HEAD --mutate 'nodes/ConcurImaging/validation/**/*.ts'
//   node scripts/mutation/at-commit.js --overlay nodes/ConcurImaging/transport/types.ts   (working-tree file on top)
//
// Stryker needs a green suite before it mutates anything. In a tree where people work test-first, the working
// tree often holds a test that fails on purpose, and files change under a run that takes half an hour. This
// script extracts <ref> (default HEAD) with `git archive` into a temp dir, links this checkout's node_modules,
// runs `stryker run` there with the repo's stryker.config.mjs (the sandbox inside the snapshot), copies
// mutation.json and the incremental cache back into reports/mutation/ and writes SUMMARY.md for that commit.
'use strict';

const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const REPORTS = path.join(REPO, 'reports', 'mutation');
const CARRIED = ['mutation.json', 'stryker-incremental.json'];

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
	// --overlay <path> (repeatable): a working-tree file copied over the commit's, for a commit that needs a
	// not yet committed file to compile. The summary names the overlaid files.
	const overlays = [];
	for (let file = take('--overlay'); file; file = take('--overlay')) overlays.push(file);
	return { ref, overlays, strykerArgs: args };
}

function main() {
	const { ref, overlays, strykerArgs } = parseArgs(process.argv.slice(2));
	const commit = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: REPO, encoding: 'utf8' }).trim();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concur-mutation-'));
	console.log(`mutation: commit ${commit.slice(0, 10)} extracted to ${dir}`);
	try {
		const archive = execFileSync('git', ['archive', '--format=tar', commit], { cwd: REPO, maxBuffer: 1 << 30 });
		execFileSync('tar', ['-x', '-C', dir], { input: archive });
		for (const file of overlays) fs.copyFileSync(path.join(REPO, file), path.join(dir, file));
		fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
		// The tooling is this checkout's (config and scripts/mutation/), whatever the commit holds.
		fs.copyFileSync(path.join(REPO, 'stryker.config.mjs'), path.join(dir, 'stryker.config.mjs'));
		fs.cpSync(__dirname, path.join(dir, 'scripts', 'mutation'), { recursive: true });
		fs.mkdirSync(path.join(dir, 'reports', 'mutation'), { recursive: true });
		const cache = path.join(REPORTS, 'stryker-incremental.json');
		if (fs.existsSync(cache)) fs.copyFileSync(cache, path.join(dir, 'reports', 'mutation', 'stryker-incremental.json'));

		const started = Date.now();
		// The sandbox goes inside the snapshot so that module resolution walks up to the linked node_modules
		// (Stryker does not re-link a node_modules that is itself a link).
		const run = spawnSync(
			path.join(REPO, 'node_modules', '.bin', 'stryker'),
			['run', '--tempDirName', '.stryker-tmp', ...strykerArgs],
			{ cwd: dir, stdio: 'inherit' },
		);
		const minutes = ((Date.now() - started) / 60000).toFixed(1);
		console.log(`mutation: stryker exited with ${run.status} after ${minutes} min`);

		fs.mkdirSync(REPORTS, { recursive: true });
		for (const name of CARRIED) {
			const from = path.join(dir, 'reports', 'mutation', name);
			if (fs.existsSync(from)) fs.copyFileSync(from, path.join(REPORTS, name));
		}
		if (run.status === 0) {
			execFileSync(
				process.execPath,
				[
					path.join(__dirname, 'summary.js'),
					'--commit',
					commit,
					'--minutes',
					minutes,
					...overlays.flatMap((file) => ['--overlay', file]),
				],
				{ cwd: REPO, stdio: 'inherit' },
			);
		}
		process.exitCode = run.status === null ? 1 : run.status;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

main();
