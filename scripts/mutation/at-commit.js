#!/usr/bin/env node
// Runs the mutation test on a committed snapshot instead of the working tree, one folder at a time if need be:
//
//   node scripts/mutation/at-commit.js [--commit <ref>] [--name <run>] [--tests <test folders/files>] [stryker options…]
//   node scripts/mutation/at-commit.js --name validation --tests test/validation \
//        --mutate 'nodes/ConcurImaging/validation/**/*.ts'
//   node scripts/mutation/at-commit.js --overlay <path>      (a working-tree file on top of the commit, repeatable)
//   node scripts/mutation/at-commit.js --name validation --tests test/validation,test/mutation-kills \
//        --retest nodes/ConcurImaging/validation/
//
// --retest <files or folders, comma-separated> (instead of --mutate): re-tests only what the last runs left
// undetected. A .ts file whose source is the one mutation.json holds gets only its survived and uncovered mutants
// (one mutate range each) and keeps its other results: the source is the same and tests are only ever added, so a
// mutant killed then is killed now. A file that changed since keeps the results of mutants on unchanged lines
// (carried to their new lines, as Stryker's incremental mode would) and its changed lines are mutated anew; a file
// with no result yet is mutated whole. With --retest-timeouts, timeouts are re-tested too (a loaded machine makes
// false ones). MUTATION_PLAN_ONLY=1 prints the mutate patterns and stops.
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
	const retest = take('--retest');
	const retestAt = args.indexOf('--retest-timeouts');
	if (retestAt !== -1) args.splice(retestAt, 1);
	const mutateAt = args.indexOf('--mutate');
	if (retest && mutateAt !== -1) throw new Error('--retest and --mutate: give one of them');
	const mutate = mutateAt === -1 ? 'nodes/**/*.ts, credentials/**/*.ts' : args[mutateAt + 1];
	return { ref, name, tests, overlays, mutate, retest, retestTimeouts: retestAt !== -1, strykerArgs: args };
}

function readJson(file, fallback) {
	return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : fallback;
}

function writeJson(file, value) {
	fs.writeFileSync(`${file}.tmp`, JSON.stringify(value));
	fs.renameSync(`${file}.tmp`, file);
}

const RETESTED = ['Survived', 'NoCoverage'];

const mutantKey = ({ mutatorName, replacement, location: { start, end } }) =>
	`${mutatorName}|${replacement}|${start.line}:${start.column}-${end.line}:${end.column}`;

/** For each line of `before` (1-based) that survives unchanged into `after`, its line there (a longest common subsequence). */
function lineMap(before, after) {
	const a = before.split('\n');
	const b = after.split('\n');
	const lcs = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
	for (let i = a.length - 1; i >= 0; i--) {
		for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
	}
	const map = new Map();
	for (let i = 0, j = 0; i < a.length && j < b.length; ) {
		if (a[i] === b[j]) map.set(++i, ++j);
		else if (lcs[i + 1][j] >= lcs[i][j + 1]) i++;
		else j++;
	}
	return { map, oldLines: a.length, newLines: b.length, matched: new Set(map.values()) };
}

/**
 * A file that changed since its last run, as Stryker's own incremental mode treats it: a mutant whose lines are all
 * unchanged (and stay together) keeps its result at its new place; one that touches a changed line is re-tested,
 * with the lines around it; new lines are mutated whole.
 */
function carryOver(file, earlier, source, statuses) {
	const { map, oldLines, newLines, matched } = lineMap(earlier.source, source);
	const kept = [];
	const ranges = [];
	let retested = 0;
	const mappedBefore = (line) => {
		for (let l = line; l >= 1; l--) if (map.has(l)) return map.get(l);
		return 1;
	};
	const mappedAfter = (line) => {
		for (let l = line; l <= oldLines; l++) if (map.has(l)) return map.get(l);
		return newLines;
	};
	for (const mutant of earlier.mutants) {
		const { start, end } = mutant.location;
		const shift = map.has(start.line) ? map.get(start.line) - start.line : undefined;
		let intact = shift !== undefined;
		for (let l = start.line; intact && l <= end.line; l++) intact = map.get(l) === l + shift;
		if (!intact) {
			ranges.push(`${file}:${mappedBefore(start.line)}-${mappedAfter(end.line)}`);
			continue;
		}
		const moved = { ...mutant, location: { start: { ...start, line: start.line + shift }, end: { ...end, line: end.line + shift } } };
		kept.push(moved);
		if (statuses.includes(mutant.status)) {
			retested++;
			ranges.push(`${file}:${moved.location.start.line}:${start.column - 1}-${moved.location.end.line}:${end.column - 1}`);
		}
	}
	for (let line = 1; line <= newLines; line++) if (!matched.has(line)) ranges.push(`${file}:${line}-${line}`);
	const changedLines = newLines - matched.size;
	console.log(
		`mutation: ${file} changed since its last run (${changedLines} new or changed lines): ${kept.length} of ${earlier.mutants.length} results carried over, ` +
			`${retested} of them re-tested (${statuses.join(', ')}), the changed code mutated anew`,
	);
	return { prepared: { ...earlier, source, mutants: kept }, ranges };
}

/**
 * What --retest mutates: the listed files and the .ts files under the listed folders at the commit, each either
 * whole or as ranges (report locations are 1-based; Stryker's range columns 0-based), with the earlier results the
 * run's results are merged into.
 */
function retestPlan(commit, list, withTimeouts) {
	const previous = readJson(path.join(REPORTS, 'mutation.json'), { files: {} }).files;
	const atCommit = execFileSync('git', ['ls-tree', '-r', '--name-only', commit], { cwd: REPO, encoding: 'utf8' }).split('\n');
	const wanted = list.split(',').map((entry) => entry.trim()).filter(Boolean);
	const files = atCommit.filter((file) => file.endsWith('.ts') && wanted.some((entry) => file === entry || (entry.endsWith('/') && file.startsWith(entry))));
	if (files.length === 0) throw new Error(`--retest ${list}: no .ts file at ${commit.slice(0, 10)}`);
	const statuses = withTimeouts ? [...RETESTED, 'Timeout'] : RETESTED;
	const patterns = [];
	const prepared = new Map();
	for (const file of files) {
		const source = execFileSync('git', ['show', `${commit}:${file}`], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 26 });
		const earlier = previous[file];
		if (!earlier) {
			console.log(`mutation: ${file} has no result yet: mutated whole`);
			patterns.push(file);
			continue;
		}
		if (earlier.source !== source) {
			const { prepared: carried, ranges } = carryOver(file, earlier, source, statuses);
			prepared.set(file, carried);
			patterns.push(...ranges);
			continue;
		}
		const open = earlier.mutants.filter((mutant) => statuses.includes(mutant.status));
		console.log(`mutation: ${file} unchanged: ${open.length} of ${earlier.mutants.length} mutants re-tested (${statuses.join(', ')})`);
		prepared.set(file, earlier);
		for (const { location: { start, end } } of open) patterns.push(`${file}:${start.line}:${start.column - 1}-${end.line}:${end.column - 1}`);
	}
	return { mutate: [...new Set(patterns)].join(','), prepared };
}

/**
 * The run's files replace theirs in mutation.json; files it did not mutate keep their last result. A file re-tested
 * by ranges keeps its earlier results (`prepared`: carried to its current source); the mutants of the ranges take
 * the new ones.
 */
function merge(runReport, run, prepared = new Map()) {
	const target = path.join(REPORTS, 'mutation.json');
	const merged = readJson(target, { ...runReport, files: {} });
	merged.schemaVersion = runReport.schemaVersion;
	merged.thresholds = runReport.thresholds;
	merged.projectRoot = REPO;
	for (const [file, earlier] of prepared) merged.files[file] = earlier;
	for (const [file, result] of Object.entries(runReport.files)) {
		const earlier = prepared.get(file);
		if (!earlier) {
			merged.files[file] = result;
			continue;
		}
		const fresh = new Map(result.mutants.map((mutant) => [mutantKey(mutant), mutant]));
		const kept = earlier.mutants.filter((mutant) => !fresh.has(mutantKey(mutant)));
		merged.files[file] = {
			...result,
			mutants: [...kept, ...fresh.values()].map((mutant, index) => ({ ...mutant, id: `${file}#${index}` })),
		};
	}
	writeJson(target, merged);
	const runsFile = path.join(REPORTS, 'runs.json');
	const runs = readJson(runsFile, []).filter((earlier) => earlier.name !== run.name);
	runs.push({ ...run, files: Object.keys(runReport.files).sort() });
	fs.writeFileSync(runsFile, `${JSON.stringify(runs, null, '\t')}\n`);
}

function main() {
	const { ref, name, tests, overlays, retest, retestTimeouts, strykerArgs, ...options } = parseArgs(process.argv.slice(2));
	const commit = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: REPO, encoding: 'utf8' }).trim();
	const plan = retest ? retestPlan(commit, retest, retestTimeouts) : { mutate: options.mutate, prepared: new Map() };
	const mutate = plan.mutate;
	if (retest) strykerArgs.push('--mutate', mutate);
	if (process.env.MUTATION_PLAN_ONLY) return console.log(mutate.split(',').join('\n'));
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
				mutate: retest ? `retest ${retest}${retestTimeouts ? ' (with timeouts)' : ''}: ${plan.prepared.size} file(s) by ranges` : mutate,
				tests: tests || 'all',
				minutes,
				finished: new Date().toISOString(),
			}, plan.prepared);
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
