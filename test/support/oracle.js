// Runs the independent oracles for the validation tests from Jest, in plain JS because it needs the file
// system and child processes (forbidden in .ts by the n8n lint rules): file-type in a child `node` process
// (oracle.mjs; file-type is ESM-only under Jest), and qpdf through validation-qpdf.js.
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { qpdfAvailable, qpdfIsEncrypted } = require('./validation-qpdf');

/**
 * file-type's answer for each entry: { [name]: { ext, mime } | null }. Names must be unique; they are used as
 * file names in a temp dir, so they are sanitised here and mapped back.
 */
function fileTypeOracle(entries) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concur-validation-oracle-'));
	try {
		const safe = new Map();
		entries.forEach(({ name, bytes }, i) => {
			const file = `${String(i).padStart(4, '0')}.bin`;
			safe.set(file, name);
			fs.writeFileSync(path.join(dir, file), bytes);
		});
		const out = execFileSync(process.execPath, [path.join(__dirname, 'oracle.mjs'), dir], {
			encoding: 'utf8',
			maxBuffer: 64 * 1024 * 1024,
		});
		const raw = JSON.parse(out);
		const result = {};
		for (const [file, type] of Object.entries(raw)) result[safe.get(file)] = type;
		return result;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * `qpdf --is-encrypted` per entry name: true / false, or null where qpdf could not read the file. Returns null
 * when qpdf is not installed.
 */
function qpdfEncryptionOracle(entries) {
	if (!qpdfAvailable()) return null;
	const answers = qpdfIsEncrypted(entries.map((e) => e.bytes));
	const result = {};
	entries.forEach((e, i) => {
		result[e.name] = answers[i];
	});
	return result;
}

module.exports = { fileTypeOracle, qpdfEncryptionOracle, qpdfAvailable };

/**
 * Writes an oracle comparison summary as JSON to the file named by VALIDATION_ORACLE_REPORT (if set), so a
 * run can show what the oracles disagreed on without console output in the .ts tests.
 */
function writeOracleReport(section, data) {
	const target = process.env.VALIDATION_ORACLE_REPORT;
	if (!target) return;
	let existing = {};
	if (fs.existsSync(target)) existing = JSON.parse(fs.readFileSync(target, 'utf8'));
	existing[section] = data;
	fs.writeFileSync(target, JSON.stringify(existing, null, 2));
}

module.exports.writeOracleReport = writeOracleReport;
