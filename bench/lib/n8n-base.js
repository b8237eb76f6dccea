// Loads n8n's own HTTP Request node (and Loop Over Items) from the real n8n runtime that
// scripts/provision-n8n.js provisions into .cache/n8n-<version>/ (the same install the e2e tests and the demo
// use), into the benchmark's n8n-core engine (the shared engine harness, support/engine).
//
// The catch: n8n-nodes-base's files `require('n8n-workflow')`, which would resolve to the runtime's own copy,
// while the engine (n8n-core, the harness, our node) uses the project's copy. Two copies of n8n-workflow in one
// engine means two sets of classes (errors, NodeHelpers, expression runtime) and `instanceof` checks that fail
// across them. So, when the versions are the same, requests for `n8n-workflow` and `n8n-core` coming from the
// runtime's tree are resolved to the project's copies: one engine, one n8n-workflow, both nodes. If the
// versions differ, nothing is redirected and the report says so.
'use strict';

const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '../..');
const SHARED = ['n8n-workflow', 'n8n-core'];

function versionOf(pkg, fromDir) {
	try {
		const file = require.resolve(`${pkg}/package.json`, { paths: [fromDir] });
		return { version: JSON.parse(fs.readFileSync(file, 'utf8')).version, dir: path.dirname(file) };
	} catch {
		return { version: null, dir: null };
	}
}

let redirected = false;

/** Redirects n8n-workflow / n8n-core requests from inside `modulesDir` to the project's copies. */
function shareEngineModules(modulesDir) {
	const report = [];
	const same = [];
	const basePkg = JSON.parse(fs.readFileSync(path.join(modulesDir, 'n8n-nodes-base', 'package.json'), 'utf8'));
	for (const pkg of SHARED) {
		const ours = versionOf(pkg, REPO_ROOT);
		// The runtime's installed copy; in the light install there is none: the version n8n-nodes-base pins.
		const installed = versionOf(pkg, modulesDir).version;
		const theirs = installed || (basePkg.dependencies || {})[pkg] || (basePkg.devDependencies || {})[pkg] || null;
		report.push({ pkg, project: ours.version, runtime: theirs, installedInRuntime: Boolean(installed) });
		if (ours.version && ours.version === theirs) same.push(pkg);
	}
	if (!redirected && same.length) {
		redirected = true;
		const prefix = modulesDir.endsWith(path.sep) ? modulesDir : modulesDir + path.sep;
		const originalResolve = Module._resolveFilename;
		Module._resolveFilename = function resolveShared(request, parent, isMain, options) {
			if (parent && parent.filename && parent.filename.startsWith(prefix)) {
				const name = request.startsWith('@') ? request.split('/').slice(0, 2).join('/') : request.split('/')[0];
				if (same.includes(name)) {
					return originalResolve.call(this, request, parent, isMain, { ...options, paths: [REPO_ROOT] });
				}
			}
			return originalResolve.call(this, request, parent, isMain, options);
		};
	}
	return { report, shared: same };
}

/**
 * @param {string} modulesDir  the runtime's node_modules (provision().n8nModulesDir)
 * @returns {{HttpRequest: any, SplitInBatches: any, version: string, shared: string[], report: object[], loadMs: number}}
 */
function loadN8nNodesBase(modulesDir) {
	const t0 = process.hrtime.bigint();
	const { report, shared } = shareEngineModules(modulesDir);
	const base = path.join(modulesDir, 'n8n-nodes-base');
	const version = JSON.parse(fs.readFileSync(path.join(base, 'package.json'), 'utf8')).version;
	const { HttpRequest } = require(path.join(base, 'dist/nodes/HttpRequest/HttpRequest.node.js'));
	const { SplitInBatches } = require(path.join(base, 'dist/nodes/SplitInBatches/SplitInBatches.node.js'));
	// Proof that the redirect worked: the HTTP Request node's n8n-workflow is the engine's.
	const engineWorkflow = require.resolve('n8n-workflow', { paths: [REPO_ROOT] });
	const loaded = Object.keys(require.cache).filter((file) => file.startsWith(path.join(modulesDir, 'n8n-workflow') + path.sep));
	return {
		HttpRequest,
		SplitInBatches,
		version,
		shared,
		report,
		oneWorkflowCopy: shared.includes('n8n-workflow') && loaded.length === 0 && Boolean(engineWorkflow),
		loadMs: Number(process.hrtime.bigint() - t0) / 1e6,
	};
}

module.exports = { loadN8nNodesBase, shareEngineModules };
