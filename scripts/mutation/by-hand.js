#!/usr/bin/env node
// Applies mutants from reports/mutation/mutation.json by hand, one at a time, and runs the tests you name against
// each: the check behind "this test fails with its mutant applied" (issue 18), without a Stryker run.
//
//   node scripts/mutation/by-hand.js --file nodes/ConcurImaging/transport/client.ts --undetected -- test/mutation-kills/transport-client.test.ts
//   node scripts/mutation/by-hand.js --file <src> --line 135 -- <jest arguments…>
//   node scripts/mutation/by-hand.js --file <src> --id <mutant id> [--id …] [--timeout-s 90] -- <jest arguments…>
//   node scripts/mutation/by-hand.js --file <src> --undetected --with test/mutation-kills/new.test.ts -- test/mutation-kills/new.test.ts
//   node scripts/mutation/by-hand.js --file <src> --at <commit> --undetected --record -- <jest arguments…>   (the source changed since)
//
// Works in a throwaway git worktree of HEAD (this checkout's node_modules linked), so the tree you work in is never
// touched; the source at HEAD must be the one the report holds, or the report's locations would not apply. `--with`
// copies files you are still writing (tests not committed yet) from this checkout into the worktree. `--record`
// writes the verdicts into reports/mutation/mutation.json (status, and a statusReason naming the tests and this
// script), records the check in runs.json and rewrites SUMMARY.md: for module-level mutants (constant tables),
// which Stryker's jest runner switches on only after the module has loaded, so that it reports them survived
// although a test fails with them written into the source; and for re-testing Stryker's timeouts. Record only
// with committed tests (no --with) that cover the file, since the tests named are then the whole check. One line
// per mutant: KILLED (with the first failing tests), SURVIVED, or TIMEOUT (the tests did not end within the limit,
// which Stryker counts as detected).
'use strict';

const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');

function parseArgs(argv) {
	const dash = argv.indexOf('--');
	if (dash === -1) throw new Error('give the jest arguments after --');
	const options = { ids: [], with: [], jest: argv.slice(dash + 1), timeoutS: 120 };
	const own = argv.slice(0, dash);
	for (let i = 0; i < own.length; i++) {
		const flag = own[i];
		if (flag === '--undetected') options.undetected = true;
		else if (flag === '--file') options.file = own[++i];
		else if (flag === '--line') options.line = Number(own[++i]);
		else if (flag === '--id') options.ids.push(own[++i]);
		else if (flag === '--timeout-s') options.timeoutS = Number(own[++i]);
		else if (flag === '--with') options.with.push(own[++i]);
		else if (flag === '--record') options.record = true;
		else if (flag === '--at') options.at = own[++i];
		else if (flag === '--mutator') options.mutator = own[++i];
		else if (flag === '--decided-by-hand') options.decidedByHand = true;
		else if (flag === '--timeouts') options.timeouts = true;
		else throw new Error(`unknown option ${flag}`);
	}
	if (!options.file) throw new Error('--file <source file> is needed');
	if (options.jest.length === 0) throw new Error('name the tests to run after --');
	return options;
}

function chosen(result, { ids, line, undetected, timeouts, mutator, decidedByHand }) {
	const wanted = (status) => (undetected && (status === 'Survived' || status === 'NoCoverage')) || (timeouts && status === 'Timeout');
	return result.mutants.filter(
		(mutant) =>
			(ids.length === 0 || ids.includes(String(mutant.id))) &&
			(line === undefined || mutant.location.start.line === line) &&
			(mutator === undefined || mutant.mutatorName === mutator) &&
			(!decidedByHand || String(mutant.statusReason || '').startsWith(BY_HAND)) &&
			(!(undetected || timeouts) || wanted(mutant.status)) &&
			mutant.status !== 'CompileError',
	);
}

/** The source with one mutant written in (report locations: 1-based lines and columns). */
function mutated(source, { location: { start, end }, replacement, mutatorName }) {
	const lines = source.split('\n');
	const offset = ({ line, column }) => lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0) + column - 1;
	// Stryker replaces a syntax node: an expression written back as text needs its parentheses, or `a && b` -> `a || b`
	// inside `a && b && c` would read as `a || (b && c)`. A block stays a block.
	const text = mutatorName === 'BlockStatement' ? replacement : `(${replacement})`;
	return { text: source.slice(0, offset(start)) + text + source.slice(offset(end)), original: source.slice(offset(start), offset(end)) };
}

function main() {
	const options = parseArgs(process.argv.slice(2));
	if (options.record && options.with.length) throw new Error('--record takes committed tests only (no --with)');
	const started = Date.now();
	const report = JSON.parse(fs.readFileSync(path.join(REPO, 'reports', 'mutation', 'mutation.json'), 'utf8'));
	const result = report.files[options.file];
	if (!result) throw new Error(`${options.file}: no result in mutation.json`);
	const ref = options.at || 'HEAD';
	const atRef = execFileSync('git', ['show', `${ref}:${options.file}`], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 26 });
	if (atRef !== result.source) throw new Error(`${options.file} at ${ref} is not the source of its last run: the report's locations do not apply (--at <commit of that run>)`);
	const mutants = chosen(result, options);
	if (mutants.length === 0) throw new Error('no mutant matches');

	const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'concur-by-hand-'));
	execFileSync('git', ['worktree', 'add', '--detach', '--quiet', tree, ref], { cwd: REPO });
	fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(tree, 'node_modules'), 'dir');
	for (const file of options.with) {
		if (path.resolve(REPO, file) === path.resolve(REPO, options.file)) throw new Error('--with cannot replace the mutated file');
		fs.mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
		fs.copyFileSync(path.join(REPO, file), path.join(tree, file));
	}
	const target = path.join(tree, options.file);
	const counts = { KILLED: 0, SURVIVED: 0, TIMEOUT: 0 };
	const verdicts = new Map();
	const removeTree = () => spawnSync('git', ['worktree', 'remove', '--force', tree], { cwd: REPO });
	// A stop (Ctrl-C) lands between two jest runs (spawnSync holds the loop): the worktree goes with it.
	for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (removeTree(), process.exit(130)));
	try {
		for (const mutant of mutants) {
			const { text, original } = mutated(result.source, mutant);
			fs.writeFileSync(target, text);
			const run = spawnSync(path.join(tree, 'node_modules', '.bin', 'jest'), ['--ci', ...options.jest], {
				cwd: tree,
				encoding: 'utf8',
				timeout: options.timeoutS * 1000,
				killSignal: 'SIGKILL',
				maxBuffer: 1 << 28,
			});
			fs.writeFileSync(target, result.source);
			const verdict = run.error?.code === 'ETIMEDOUT' ? 'TIMEOUT' : run.status === 0 ? 'SURVIVED' : 'KILLED';
			counts[verdict]++;
			const failing = [...new Set([...`${run.stdout}${run.stderr}`.matchAll(/^\s+● (.+)$/gm)].map((match) => match[1]))].filter((name) => !name.startsWith('Console'));
			verdicts.set(String(mutant.id), { verdict, failing });
			const edit = `${JSON.stringify(original).slice(0, 70)} -> ${JSON.stringify(mutant.replacement).slice(0, 70)}`;
			console.log(`${verdict} ${mutant.id} L${mutant.location.start.line}:${mutant.location.start.column} ${mutant.mutatorName} ${edit}${failing.length ? ` :: ${failing.slice(0, 2).join(' | ')}` : ''}`);
		}
	} finally {
		removeTree();
	}
	console.log(`by hand: ${counts.KILLED} killed, ${counts.TIMEOUT} timeout, ${counts.SURVIVED} survived of ${mutants.length}`);
	if (options.record) record(options, verdicts, counts, started);
}

const STATUS = { KILLED: 'Killed', SURVIVED: 'Survived', TIMEOUT: 'Timeout' };
/** How a statusReason written here starts (summary.js counts those results apart; --decided-by-hand picks them). */
const BY_HAND = 'by hand';

/** Writes the verdicts into mutation.json (read afresh: a Stryker run may have merged meanwhile), runs.json, SUMMARY.md. */
function record(options, verdicts, counts, started) {
	const reports = path.join(REPO, 'reports', 'mutation');
	const reportFile = path.join(reports, 'mutation.json');
	const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
	const result = report.files[options.file];
	const commit = execFileSync('git', ['rev-parse', options.at || 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
	const tests = options.jest.filter((arg) => !arg.startsWith('-')).join(',');
	for (const mutant of result.mutants) {
		const found = verdicts.get(String(mutant.id));
		if (!found) continue;
		const outcome = {
			KILLED: `failed ${found.failing.slice(0, 3).join(' | ')}`,
			TIMEOUT: `still running after ${options.timeoutS} s (${tests})`,
			SURVIVED: `every test passed (${tests})`,
		}[found.verdict];
		mutant.status = STATUS[found.verdict];
		mutant.statusReason = `${BY_HAND} (scripts/mutation/by-hand.js at ${commit.slice(0, 10)}, written into the source): ${outcome}`;
	}
	fs.writeFileSync(`${reportFile}.tmp`, JSON.stringify(report));
	fs.renameSync(`${reportFile}.tmp`, reportFile);
	const runsFile = path.join(reports, 'runs.json');
	const runs = JSON.parse(fs.readFileSync(runsFile, 'utf8'));
	const picked = options.ids.length ? `${options.ids.length} by id` : [options.undetected && 'survived + no coverage', options.timeouts && 'timeouts'].filter(Boolean).join(' + ');
	const which = [picked, options.mutator, options.decidedByHand && 'decided by hand before'].filter(Boolean).join(', ') || 'all';
	runs.push({
		name: `by-hand ${path.basename(options.file)} (${which})`,
		commit,
		mutate: `by hand: ${options.file}: ${verdicts.size} mutant(s): ${counts.KILLED} killed, ${counts.TIMEOUT} timeout, ${counts.SURVIVED} survived`,
		tests,
		minutes: Math.round((Date.now() - started) / 6000) / 10,
		finished: new Date().toISOString(),
		byHand: true,
		files: [options.file],
	});
	fs.writeFileSync(runsFile, `${JSON.stringify(runs, null, '\t')}\n`);
	execFileSync(process.execPath, [path.join(__dirname, 'summary.js')], { cwd: REPO, stdio: 'inherit' });
}

main();
