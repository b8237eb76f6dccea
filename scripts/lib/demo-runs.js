'use strict';
// Where a demo run lives: its n8n user folder under <tmp>/n8n-concur-imaging-demo/ (kept after the run so the
// written files can be looked at; the next run removes it unless that run's process is still alive), and the
// editor's port.

const fsp = require('fs/promises');
const net = require('net');
const os = require('os');
const path = require('path');

const DEMO_BASE = path.join(os.tmpdir(), 'n8n-concur-imaging-demo');

/** Marks `userFolder` as belonging to this process (removeOldRuns keeps it while the process lives). */
function claimRunFolder(userFolder) {
	return fsp.writeFile(path.join(userFolder, '.demo-pid'), String(process.pid));
}

/** Removes the folders of earlier demo runs whose process is gone (a running demo keeps its folder). */
async function removeOldRuns() {
	await fsp.mkdir(DEMO_BASE, { recursive: true });
	for (const name of await fsp.readdir(DEMO_BASE)) {
		const dir = path.join(DEMO_BASE, name);
		let pid = 0;
		try {
			pid = Number(await fsp.readFile(path.join(dir, '.demo-pid'), 'utf8'));
		} catch {
			/* no pid file: an interrupted setup */
		}
		let alive = false;
		if (pid > 0) {
			try {
				process.kill(pid, 0);
				alive = true;
			} catch (e) {
				alive = e.code === 'EPERM';
			}
		}
		if (!alive) await fsp.rm(dir, { recursive: true, force: true, maxRetries: 3 });
	}
}

async function portIsFree(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

module.exports = { DEMO_BASE, claimRunFolder, removeOldRuns, portIsFree };
