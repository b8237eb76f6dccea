// qpdf helpers for the validation tests, in plain JS because they need the file system and child processes,
// which the n8n lint rules forbid in .ts files. qpdf is an optional system tool (Debian package `qpdf`).
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

let available;

/** True when the `qpdf` binary can be run (VALIDATION_NO_QPDF=1 simulates its absence). */
function qpdfAvailable() {
	if (process.env.VALIDATION_NO_QPDF === '1') return false;
	if (available === undefined) {
		const r = spawnSync('qpdf', ['--version'], { encoding: 'utf8' });
		available = r.status === 0;
	}
	return available;
}

/**
 * True where qpdf must be present: in CI (CI=true or 1, as .ci/run and CI services set it). Without qpdf the
 * validation corpus silently shrinks (299 -> 258 files, 49 -> 15 encrypted PDFs) and its oracle is skipped.
 */
function qpdfRequired() {
	const ci = (process.env.CI || '').toLowerCase();
	return ci === 'true' || ci === '1';
}

function qpdfVersion() {
	return qpdfAvailable() ? spawnSync('qpdf', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] : null;
}

function withTempDir(fn) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concur-validation-qpdf-'));
	try {
		return fn(dir);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * Runs `qpdf <args...> in.pdf out.pdf` on the given bytes and returns the output bytes. `args` may contain the
 * placeholder '--' sequences qpdf needs (e.g. ['--encrypt', 'u', 'o', '256', '--']). Exit code 3 (success
 * with warnings) is accepted.
 */
function qpdfTransform(input, args) {
	return withTempDir((dir) => {
		const inFile = path.join(dir, 'in.pdf');
		const outFile = path.join(dir, 'out.pdf');
		fs.writeFileSync(inFile, input);
		const r = spawnSync('qpdf', [...args, inFile, outFile], { encoding: 'utf8' });
		if (r.status !== 0 && r.status !== 3) {
			throw new Error(`qpdf ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
		}
		return new Uint8Array(fs.readFileSync(outFile));
	});
}

/**
 * `qpdf --is-encrypted` for each input, in input order: true (exit 0), false (exit 2), or null when qpdf could
 * not read the file at all (exit 2 with a "qpdf: ..." error, e.g. "unable to find trailer dictionary while
 * recovering damaged file"): qpdf then has no opinion.
 */
function qpdfIsEncrypted(inputs) {
	return withTempDir((dir) =>
		inputs.map((bytes, i) => {
			const file = path.join(dir, `f${i}.pdf`);
			fs.writeFileSync(file, bytes);
			const r = spawnSync('qpdf', ['--is-encrypted', file], { encoding: 'utf8' });
			if (r.status === 0) return true;
			if (/^qpdf: /m.test(r.stderr || '')) return null;
			return r.status === 2 ? false : null;
		}),
	);
}

module.exports = { qpdfAvailable, qpdfRequired, qpdfVersion, qpdfTransform, qpdfIsEncrypted };
