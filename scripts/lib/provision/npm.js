'use strict';
// The system npm, run with whichever node we choose (Node 24 for everything touching n8n's tree), and the
// environment its child processes get.

const fs = require('fs');
const path = require('path');

const { ProvisionError } = require('./commands');

/** The system npm's CLI script (npm-cli.js). */
function findNpmCli() {
	const candidates = [];
	if (process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath))
		candidates.push(process.env.npm_execpath);
	candidates.push(
		path.join(
			path.dirname(process.execPath),
			'..',
			'lib',
			'node_modules',
			'npm',
			'bin',
			'npm-cli.js',
		),
	);
	for (const dir of (process.env.PATH || '').split(path.delimiter)) {
		if (!dir) continue;
		const bin = path.join(dir, 'npm');
		try {
			const real = fs.realpathSync(bin);
			if (/npm-cli\.js$/.test(real)) candidates.push(real);
			else
				candidates.push(
					path.join(path.dirname(real), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
				);
		} catch {
			/* not there */
		}
	}
	for (const c of candidates) if (fs.existsSync(c)) return path.resolve(c);
	throw new ProvisionError(
		'cannot find npm (npm-cli.js); npm must be installed next to node or on PATH',
	);
}

// Environment for npm child processes: inherited npm_config_* (e.g. from `npm run`, or nodedir=/usr and
// ignore-scripts=true from this repo's .npmrc) must not leak in; what matters is set explicitly. Environment
// variables take precedence over the user and global npmrc files.
function npmEnv(p, extra = {}) {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (
			/^npm_(config|package|lifecycle)_/i.test(k) ||
			k === 'npm_execpath' ||
			k === 'npm_node_execpath'
		)
			continue;
		env[k] = v;
	}
	return {
		...env,
		PATH: [p.nodeBinDir, env.PATH || ''].join(path.delimiter),
		npm_config_nodedir: p.nodeHeadersDir,
		npm_config_yes: 'true',
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
		npm_config_progress: 'false',
		...extra,
	};
}

module.exports = { findNpmCli, npmEnv };
