'use strict';
// Installing an npm package tarball into an instance's user folder the way a user's manual install does
// (n8n's docs on installing community nodes manually: `npm install <package>` in ~/.n8n/nodes).

const fsp = require('fs/promises');
const path = require('path');

const { runProcess, commandFailure } = require('./processes');

/**
 * Extracts a tarball (from `npm pack`) into <user folder>/.n8n/nodes/node_modules/<name> and records it in
 * .n8n/nodes/package.json. The package must not need runtime dependencies (n8n-workflow resolves from n8n's own
 * tree). Returns { name, version, dir, nodes, credentials } (n8n section paths).
 */
async function installPackage(instance, tarball) {
	const tgz = path.resolve(tarball);
	const stage = await fsp.mkdtemp(path.join(instance.userFolder, '.pkg-'));
	try {
		const r = await runProcess('tar', ['-xzf', tgz, '-C', stage, '--no-same-owner'], {
			env: process.env,
			timeoutMs: 60000,
		});
		if (r.code !== 0) throw commandFailure(`tar -xzf ${tgz}`, r);
		const root = path.join(stage, 'package');
		const pkg = JSON.parse(await fsp.readFile(path.join(root, 'package.json'), 'utf8'));
		const dest = path.join(instance.nodesDir, 'node_modules', ...pkg.name.split('/'));
		await fsp.rm(dest, { recursive: true, force: true });
		await fsp.mkdir(path.dirname(dest), { recursive: true });
		await fsp.rename(root, dest);
		// What `npm install <pkg>` in .n8n/nodes would leave next to node_modules.
		const manifestFile = path.join(instance.nodesDir, 'package.json');
		let manifest = { name: 'installed-nodes', private: true, dependencies: {} };
		try {
			manifest = JSON.parse(await fsp.readFile(manifestFile, 'utf8'));
		} catch {
			/* first package */
		}
		manifest.dependencies = { ...(manifest.dependencies || {}), [pkg.name]: pkg.version };
		await fsp.writeFile(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
		const n8nSection = pkg.n8n || {};
		return {
			name: pkg.name,
			version: pkg.version,
			dir: dest,
			nodes: n8nSection.nodes || [],
			credentials: n8nSection.credentials || [],
		};
	} finally {
		await fsp.rm(stage, { recursive: true, force: true });
	}
}

module.exports = { installPackage };
