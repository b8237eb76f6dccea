// Switches n8n-core's binary data storage between the in-memory fallback ("default": base64 inside the item, what
// n8n-core does when no storage manager is set up) and the filesystem mode real n8n 2.x uses by default.
// Plain JS because it reaches into n8n's DI container (@n8n/di is not a dependency of ours) and the file system.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
// n8n-core's own copy of the DI container (the hoisted @n8n/di may be another version).
const { Container } = require(require.resolve('@n8n/di', { paths: [path.dirname(require.resolve('n8n-core'))] }));
const { BinaryDataService } = require('n8n-core');

let filesystemReady;

/** @param {'default' | 'filesystem'} mode */
async function useBinaryMode(mode) {
	const service = Container.get(BinaryDataService);
	if (mode === 'filesystem') {
		if (!filesystemReady) {
			const storagePath = fs.mkdtempSync(path.join(os.tmpdir(), 'concur-imaging-binary-'));
			service.config.localStoragePath = storagePath;
			service.config.mode = 'filesystem';
			filesystemReady = service.init().then(() => storagePath);
		}
		await filesystemReady;
		service.mode = 'filesystem-v2';
	} else {
		// No manager registered for 'default': store() keeps the bytes inline as base64.
		service.mode = 'default';
	}
	return service;
}

/** Where a filesystem-mode binary lives on disk (to prove it really left the item). */
async function binaryStoragePath() {
	return filesystemReady ? await filesystemReady : undefined;
}

/** The bytes of a binary as n8n-core reads them, whatever the mode. */
async function readBinary(binaryData) {
	return await Container.get(BinaryDataService).getAsBuffer(binaryData);
}

module.exports = { useBinaryMode, binaryStoragePath, readBinary };
