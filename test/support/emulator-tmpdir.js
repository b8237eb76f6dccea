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

module.exports = { makeTempDir, removeDir, listDir };
