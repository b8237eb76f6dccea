#!/usr/bin/env node
// Reads Stryker's JSON report (reports/mutation/mutation.json) and writes reports/mutation/SUMMARY.md: the
// score per folder and the surviving mutants by file.
//
//   node scripts/mutation/summary.js            (at-commit.js runs it after each run; runs.json says which run made what)
//   node scripts/mutation/summary.js --details <folder-or-file>     (survivors with their replacement, to stdout)
//
// Score as Stryker counts it: detected (killed + timeout) over valid (detected + survived + no coverage).
// Mutants that do not compile and static mutants (ignored, see stryker.config.mjs) are not in it.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const REPORTS = path.join(REPO, 'reports', 'mutation');
const NODE = 'nodes/ConcurImaging/';

// Folders as the issue names them, with its targets.
const FOLDERS = [
	{ name: 'validation/', prefix: `${NODE}validation/`, target: 85 },
	{ name: 'transport/', prefix: `${NODE}transport/`, target: 80 },
	{ name: 'credentials/', prefix: 'credentials/', target: 80 },
	{ name: 'actions/', prefix: `${NODE}actions/` },
	{ name: 'api/', prefix: `${NODE}api/` },
	{ name: 'errors/', prefix: `${NODE}errors/` },
	{ name: 'other (node shells, trigger/)', prefix: '' },
];

function parseArgs(argv) {
	const options = {};
	for (let i = 0; i < argv.length; i += 2) {
		const [flag, value] = [argv[i], argv[i + 1]];
		if (value === undefined) throw new Error(`${flag} needs a value`);
		if (flag === '--details') options.details = value;
		else if (flag === '--report') options.report = value;
		else throw new Error(`unknown option ${flag}`);
	}
	return options;
}

function folderOf(file) {
	return FOLDERS.find((folder) => folder.prefix && file.startsWith(folder.prefix)) || FOLDERS[FOLDERS.length - 1];
}

function emptyCounts() {
	return { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, CompileError: 0, RuntimeError: 0, Pending: 0 };
}

function add(counts, status) {
	counts[status] = (counts[status] || 0) + 1;
}

function score(counts) {
	const detected = counts.Killed + counts.Timeout;
	const valid = detected + counts.Survived + counts.NoCoverage;
	return valid === 0 ? undefined : (100 * detected) / valid;
}

const pct = (value) => (value === undefined ? 'n/a' : `${value.toFixed(1)} %`);
const oneLine = (text, max = 70) => {
	const flat = String(text).replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function undetected(mutant) {
	return mutant.status === 'Survived' || mutant.status === 'NoCoverage';
}

function byLine(a, b) {
	return a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column;
}

function summarize(report) {
	const perFolder = new Map(FOLDERS.map((folder) => [folder.name, emptyCounts()]));
	const total = emptyCounts();
	const perFile = [];
	const byHand = new Map();
	for (const [file, { mutants }] of Object.entries(report.files)) {
		const counts = emptyCounts();
		const folder = folderOf(file).name;
		for (const mutant of mutants) {
			// Written by scripts/mutation/by-hand.js --record.
			if (String(mutant.statusReason || '').startsWith('by hand')) {
				if (!byHand.has(folder)) byHand.set(folder, emptyCounts());
				add(byHand.get(folder), mutant.status);
			}
			add(counts, mutant.status);
			add(perFolder.get(folder), mutant.status);
			add(total, mutant.status);
		}
		perFile.push({ file, counts, survivors: mutants.filter(undetected).sort(byLine) });
	}
	perFile.sort((a, b) => a.file.localeCompare(b.file));
	return { perFolder, total, perFile, byHand };
}

function row(name, counts, target) {
	const value = score(counts);
	const verdict = target === undefined || value === undefined ? '' : value >= target ? ` (≥ ${target} %: met)` : ` (≥ ${target} %: not yet)`;
	return `| ${name} | ${pct(value)}${verdict} | ${counts.Killed} | ${counts.Timeout} | ${counts.Survived} | ${counts.NoCoverage} | ${counts.Ignored} | ${counts.CompileError} |`;
}

function markdown({ perFolder, total, perFile, byHand }) {
	const strykerVersion = require(path.join(REPO, 'node_modules', '@stryker-mutator', 'core', 'package.json')).version;
	const lines = [
		'# Mutation testing: summary',
		'',
		`Written by \`scripts/mutation/summary.js\` from \`mutation.json\` (StrykerJS ${strykerVersion}, jest runner, TypeScript checker,`,
		"per-test coverage; config in `stryker.config.mjs`). How to run it: README, *Development*. Triage of the survivors in",
		'validation/, transport/ and credentials/: `SURVIVORS.md`.',
		'',
	];
	const runs = fs.existsSync(path.join(REPORTS, 'runs.json')) ? JSON.parse(fs.readFileSync(path.join(REPORTS, 'runs.json'), 'utf8')) : [];
	if (runs.length) {
		lines.push('Runs merged into `mutation.json` (`scripts/mutation/at-commit.js`; the tests column is `MUTATION_TESTS`):', '');
		lines.push('| Run | Commit | Mutated | Tests | Minutes | Finished |', '| --- | --- | --- | --- | --- | --- |');
		for (const run of runs) {
			const overlay = run.overlays && run.overlays.length ? ` + working-tree ${run.overlays.join(', ')}` : '';
			lines.push(`| ${run.name} | \`${run.commit.slice(0, 10)}\`${overlay} | \`${run.mutate}\` | ${run.tests} | ${run.minutes} | ${run.finished.slice(0, 16).replace('T', ' ')} UTC |`);
		}
		lines.push('');
	}
	lines.push(
		'Score = (killed + timeout) / (killed + timeout + survived + no coverage); mutants that do not compile are not',
		"counted. Static mutants (module-level code: descriptions, constant tables) should be ignored (`ignoreStatic`), but",
		'this jest runner reports them as tested (none shows as ignored), with the mutant switched on too late to matter:',
		'those are decided by hand (below).',
		'',
		'| Folder | Score | Killed | Timeout | Survived | No coverage | Ignored (static) | Compile errors |',
		'| --- | --- | --- | --- | --- | --- | --- | --- |',
	);
	for (const folder of FOLDERS) lines.push(row(folder.name, perFolder.get(folder.name), folder.target));
	lines.push(row('**all**', total), '');
	if (byHand.size) {
		lines.push(
			'Of these, decided by `scripts/mutation/by-hand.js --record` (the mutant written into the source, the tests of the',
			"run's row above run against it): module-level mutants, which Stryker's jest runner switches on only after the",
			'module has loaded (so it reports them survived although a test fails with them), and re-tested timeouts:',
			'',
		);
		for (const [name, counts] of byHand) lines.push(`- ${name}: ${counts.Killed} killed, ${counts.Timeout} timeout, ${counts.Survived} survived`);
		lines.push('');
	}
	lines.push('## Surviving mutants by file', '');
	lines.push('`L<line>` survived, `L<line>*` no test covers it.', '');
	for (const { file, counts, survivors } of perFile) {
		if (survivors.length === 0) continue;
		const where = survivors.map((m) => `L${m.location.start.line}${m.status === 'NoCoverage' ? '*' : ''}`);
		const unique = where.filter((value, index) => where.indexOf(value) === index);
		lines.push(`- \`${file}\` (${pct(score(counts))}): ${counts.Survived} survived, ${counts.NoCoverage} no coverage — ${unique.join(', ')}`);
	}
	const clean = perFile.filter((entry) => entry.survivors.length === 0 && score(entry.counts) !== undefined);
	if (clean.length) lines.push('', `No survivors: ${clean.map((entry) => `\`${entry.file.replace(NODE, '')}\``).join(', ')}.`);
	return `${lines.join('\n')}\n`;
}

function details(report, selector) {
	const out = [];
	for (const [file, { mutants, source }] of Object.entries(report.files)) {
		if (!file.startsWith(selector)) continue;
		const sourceLines = source.split('\n');
		for (const mutant of mutants.filter(undetected).sort(byLine)) {
			const { line, column } = mutant.location.start;
			out.push(
				`${file}:${line}:${column} ${mutant.status} ${mutant.mutatorName} -> ${oneLine(mutant.replacement)}\n    ${oneLine(sourceLines[line - 1], 110)}`,
			);
		}
	}
	return out.join('\n');
}

function main() {
	const options = parseArgs(process.argv.slice(2));
	const report = JSON.parse(fs.readFileSync(options.report || path.join(REPORTS, 'mutation.json'), 'utf8'));
	if (options.details) {
		console.log(details(report, options.details));
		return;
	}
	const summary = summarize(report);
	const file = path.join(REPORTS, 'SUMMARY.md');
	fs.writeFileSync(file, markdown(summary));
	for (const folder of FOLDERS) console.log(`${folder.name.padEnd(30)} ${pct(score(summary.perFolder.get(folder.name)))}`);
	console.log(`${'all'.padEnd(30)} ${pct(score(summary.total))}`);
	console.log(`written: ${path.relative(REPO, file)}`);
}

main();
