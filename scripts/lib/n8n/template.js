'use strict';
// The pre-migrated user folder template, cached in .cache/: a fresh user folder starts as a copy of it, which saves
// the ~5 s the first command on a fresh database spends on migrations. It is tied to the encryption key (n8n's
// config file and the seeded signing secret derive from it), so its folder name carries a hash of the key.

const crypto = require('crypto');
const fs = require('fs');
const fsp = require('fs/promises');
const path = require('path');

const { provision } = require('../provision');
const { getFreePort, commandFailure } = require('./processes');
const { N8nInstance } = require('./instance');

const DEFAULT_ENCRYPTION_KEY = 'n8n-nodes-concur-imaging-e2e-only-key';
const TEMPLATE_FORMAT = 1;

function templateDirFor(p, encryptionKey) {
	const h = crypto.createHash('sha256').update(encryptionKey).digest('hex').slice(0, 12);
	return path.join(p.cacheDir, `n8n-${p.n8nVersion}-userfolder-${h}`);
}

function templateIsReady(dir) {
	try {
		const s = JSON.parse(fs.readFileSync(path.join(dir, '.template.json'), 'utf8'));
		return s.format === TEMPLATE_FORMAT && fs.existsSync(path.join(dir, '.n8n', 'database.sqlite'));
	} catch {
		return false;
	}
}

/** The template's folder, created (migrated) first if it is not there; safe when several processes race. */
async function ensureTemplate({ encryptionKey = DEFAULT_ENCRYPTION_KEY, provisioned } = {}) {
	const p = provisioned || provision({ quiet: true });
	const dir = templateDirFor(p, encryptionKey);
	if (templateIsReady(dir)) return dir;
	const t0 = Date.now();
	const tmp = await fsp.mkdtemp(`${dir}.tmp-`);
	try {
		const inst = new N8nInstance({
			provisioned: p,
			userFolder: tmp,
			encryptionKey,
			brokerPort: await getFreePort(),
			owned: false,
		});
		// Any command that opens the database runs all migrations.
		const r = await inst.n8n(['list:workflow']);
		if (r.code !== 0 || !fs.existsSync(path.join(tmp, '.n8n', 'database.sqlite')))
			throw commandFailure('n8n list:workflow (migrating a template database)', r);
		fs.writeFileSync(
			path.join(tmp, '.template.json'),
			JSON.stringify({ format: TEMPLATE_FORMAT, n8nVersion: p.n8nVersion, ms: Date.now() - t0 }) +
				'\n',
		);
		try {
			fs.renameSync(tmp, dir);
		} catch (e) {
			// Someone else finished first: use theirs.
			if (!templateIsReady(dir)) throw e;
			await fsp.rm(tmp, { recursive: true, force: true });
		}
	} catch (e) {
		await fsp.rm(tmp, { recursive: true, force: true });
		throw e;
	}
	return dir;
}

module.exports = { ensureTemplate, DEFAULT_ENCRYPTION_KEY };
