#!/usr/bin/env node
// `npm run verify`: what n8n's community-package scanner (@n8n/scan-community-package) checks, offline.
// The real scanner needs a package published with npm provenance, so it cannot run here; this mirrors its
// rules: (1) lint package.json and nodes/, credentials/ sources with the scanner's rule sets, inline
// eslint-disable comments ignored; (2) `npm pack`, unpack, and lint the tarball's **/*.js + package.json the
// same way; (3) refuse runtime dependencies and check that every node, credential and icon the package names
// is in the tarball.
//
// Publishing metadata: the scanner also wants an author email (error) and a homepage (warning). This package has no
// public home yet, so package.json has neither rather than invented ones. Those two findings are listed as
// "before publishing" and do not fail `npm run verify`; `npm run verify -- --publish` counts them as errors, as
// the real scanner would.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const nodeCli = path.join(root, 'node_modules', '@n8n', 'node-cli');
const fromNodeCli = (name) => require.resolve(name, { paths: [nodeCli, root] });

async function scanConfig() {
	const { defineConfig } = require(fromNodeCli('eslint/config'));
	const { n8nCommunityNodesPlugin } = await import(fromNodeCli('@n8n/eslint-plugin-community-nodes'));
	const n8nNodesPlugin = require(fromNodeCli('eslint-plugin-n8n-nodes-base'));
	const { parser } = require(fromNodeCli('typescript-eslint'));
	return defineConfig(
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesPlugin } },
		{ files: ['package.json'], rules: { ...n8nNodesPlugin.configs.community.rules } },
		{
			files: ['**/credentials/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.credentials.rules,
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
				'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
			},
		},
		{
			files: ['**/nodes/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.nodes.rules,
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
				'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			},
		},
		{ files: ['**/*.json'], languageOptions: { parser } },
		{ files: ['**/*.ts'], languageOptions: { parser } },
	);
}

function listFiles(dir, accept, base = dir, out = []) {
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			if (entry.name !== 'node_modules') listFiles(full, accept, base, out);
		} else if (accept(path.relative(base, full))) {
			out.push(full);
		}
	}
	return out;
}

const publish = process.argv.includes('--publish');
let publishingMetadataFindings = 0;
const isPublishingMetadata = (m) =>
	(m.ruleId === '@n8n/community-nodes/valid-author' && m.messageId === 'authorEmailMissing') ||
	m.ruleId === '@n8n/community-nodes/require-homepage';

/** Takes the publishing-metadata findings out of the results (unless --publish); returns them as text lines. */
function setAsidePublishingMetadata(results, cwd) {
	if (publish) return [];
	const pending = [];
	for (const result of results) {
		const keep = [];
		for (const m of result.messages) {
			if (!isPublishingMetadata(m)) keep.push(m);
			else {
				pending.push(`${path.relative(cwd, result.filePath)}: ${m.message}`);
				if (m.severity === 2) result.errorCount--;
				else result.warningCount--;
			}
		}
		result.messages = keep;
	}
	return pending;
}

async function lint(label, cwd, files) {
	const { ESLint } = require(fromNodeCli('eslint'));
	const eslint = new ESLint({ cwd, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await scanConfig() });
	const results = await eslint.lintFiles(files);
	const pending = setAsidePublishingMetadata(results, cwd);
	publishingMetadataFindings += pending.length;
	const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
	const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
	if (errors || warnings) process.stdout.write(await (await eslint.loadFormatter('stylish')).format(results));
	console.log(`${errors ? '✗' : '✓'} ${label}: ${files.length} files, ${errors} errors, ${warnings} warnings`);
	for (const line of pending) console.log(`  before publishing (no public home yet; --publish counts it): ${line}`);
	return errors;
}

function packageChecks(label, packageJson, packageDir) {
	const problems = [];
	const deps = Object.keys(packageJson.dependencies ?? {});
	if (deps.length) problems.push(`runtime dependencies are not allowed: ${deps.join(', ')}`);
	const peers = packageJson.peerDependencies ?? {};
	if (JSON.stringify(peers) !== JSON.stringify({ 'n8n-workflow': '*' })) {
		problems.push(`peerDependencies must be exactly { "n8n-workflow": "*" }, found ${JSON.stringify(peers)}`);
	}
	for (const field of ['overrides', 'bundleDependencies', 'bundledDependencies']) {
		if (packageJson[field]) problems.push(`"${field}" is not allowed`);
	}
	if (packageDir && packageJson.main && !fs.existsSync(path.join(packageDir, packageJson.main))) {
		problems.push(`"main" is ${packageJson.main}, which is not in the tarball`);
	}
	if (packageDir) {
		for (const file of [...(packageJson.n8n?.nodes ?? []), ...(packageJson.n8n?.credentials ?? [])]) {
			const full = path.join(packageDir, file);
			if (!fs.existsSync(full)) {
				problems.push(`${file} is named in package.json but missing from the tarball`);
				continue;
			}
			for (const [, icon] of fs.readFileSync(full, 'utf8').matchAll(/['"]file:([^'"]+)['"]/g)) {
				if (!fs.existsSync(path.join(path.dirname(full), icon))) {
					problems.push(`${file} uses icon ${icon}, which is not in the tarball`);
				}
			}
		}
	}
	for (const problem of problems) console.log(`  ${problem}`);
	console.log(`${problems.length ? '✗' : '✓'} ${label}`);
	return problems.length;
}

async function main() {
	let failures = 0;
	const sourceFiles = [
		path.join(root, 'package.json'),
		...['nodes', 'credentials'].flatMap((dir) => listFiles(path.join(root, dir), (f) => /\.(js|ts|json)$/.test(f))),
	];
	failures += await lint('source scan (package.json, nodes/, credentials/)', root, sourceFiles);
	failures += packageChecks('package.json rules', require(path.join(root, 'package.json')));

	// Always from a fresh build, so the tarball scanned is the one these sources produce.
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'concur-imaging-verify-'));
	try {
		const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' })
			.trim()
			.split('\n')
			.pop();
		const unpacked = path.join(work, 'package');
		execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', work]);
		const packed = listFiles(unpacked, (f) => f.endsWith('.js') || f === 'package.json');
		console.log(`packed ${tarball}: ${listFiles(unpacked, () => true).length} files`);
		failures += await lint('tarball scan (**/*.js, package.json)', unpacked, packed);
		failures += packageChecks('tarball contents', JSON.parse(fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8')), unpacked);
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
	if (failures) {
		console.log(`verify: failed (${failures} problems)`);
		process.exit(1);
	}
	console.log(
		publishingMetadataFindings
			? 'verify: passed (not yet publishable: package.json needs an author email and a homepage; see --publish)'
			: 'verify: passed',
	);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
