// Which test files a mutant's tests are in, so Jest loads only those for it (issue 18: the transport and credential
// runs took 12-15 s per mutant, most of it Jest loading every test file of the run, n8n-core and the engine with
// each, only to skip their tests by name).
//
// Stryker's jest runner names a mutant's covering tests by their full names only (testNamePattern); it does not say
// which files hold them. So the initial run (no active mutant) records, for each test that starts, its file and
// full name (skip-under-mutation.js calls `record`), and the mutation sequencer (sequencer.js) keeps, for a mutant
// run, the files that hold a test matching its testNamePattern. Nothing recorded, or nothing matching: every file
// runs, as without this. MUTATION_ALL_FILES=1 turns it off (to compare).
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** One map per sandbox (Stryker runs each runner with the sandbox as its working directory). */
function mapFile(cwd = process.cwd()) {
	const key = crypto.createHash('sha256').update(cwd).digest('hex').slice(0, 16);
	return path.join(os.tmpdir(), `concur-mutation-test-files-${key}.tsv`);
}

let recordTo = null;
function record(testPath, fullName) {
	if (!testPath || !fullName) return;
	recordTo ||= mapFile();
	fs.appendFileSync(recordTo, `${testPath}\t${fullName.replace(/[\t\n]/g, ' ')}\n`);
}

let cached = null;
function readMap() {
	if (cached) return cached;
	const file = mapFile();
	if (!fs.existsSync(file)) return null;
	const byFile = new Map();
	for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
		const tab = line.indexOf('\t');
		if (tab <= 0) continue;
		const testPath = line.slice(0, tab);
		if (!byFile.has(testPath)) byFile.set(testPath, []);
		byFile.get(testPath).push(line.slice(tab + 1));
	}
	cached = byFile;
	return byFile;
}

/**
 * The test paths among `paths` that hold a test whose full name matches `testNamePattern` (Jest's own test: a
 * regular expression searched in the full name), or null when that cannot be told (no pattern, no map, no match).
 */
function filesFor(paths, testNamePattern) {
	if (!testNamePattern || process.env.MUTATION_ALL_FILES === '1') return null;
	const byFile = readMap();
	if (!byFile) return null;
	let pattern;
	try {
		pattern = new RegExp(testNamePattern, 'i');
	} catch {
		return null;
	}
	// A file the initial run did not record ran no test there, so none of its tests covers a mutant. No file at all
	// matching means the names were not recorded as Jest matches them: then every file runs.
	const kept = paths.filter((p) => byFile.has(p) && byFile.get(p).some((name) => pattern.test(name)));
	return kept.length ? kept : null;
}

module.exports = { mapFile, record, filesFor };
