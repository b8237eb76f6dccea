'use strict';
// A lock folder in the cache, so that two provisioners (e.g. demo and e2e started together) do not install into the
// same folder at once. A lock whose process is gone is removed.

const fs = require('fs');
const path = require('path');

const { rmrf } = require('./commands');

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

function sleep(ms) {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock(p, log, fn) {
	fs.mkdirSync(p.cacheDir, { recursive: true });
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(p.lockFile);
			fs.writeFileSync(path.join(p.lockFile, 'pid'), String(process.pid));
			break;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
			let pid = NaN;
			try {
				pid = Number(fs.readFileSync(path.join(p.lockFile, 'pid'), 'utf8'));
			} catch {
				/* being written or removed */
			}
			let age = 0;
			try {
				age = Date.now() - fs.statSync(p.lockFile).mtimeMs;
			} catch {
				continue;
			}
			if ((Number.isInteger(pid) && pid > 0 && !isAlive(pid)) || (!pid && age > 10000)) {
				log(`removing stale lock ${p.lockFile}`);
				rmrf(p.lockFile);
				continue;
			}
			if (!announced) log(`waiting for another provisioning (pid ${pid}) to finish...`);
			announced = true;
			sleep(500);
		}
	}
	try {
		return fn();
	} finally {
		rmrf(p.lockFile);
	}
}

module.exports = { withLock };
