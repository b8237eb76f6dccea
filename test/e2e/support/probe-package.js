'use strict';
// Builds a tiny throwaway n8n community package (one node, one credential, compiled JS as `n8n-node build` would
// emit) and packs it with `npm pack`, to prove that the toolkit installs and n8n loads a package from a tarball
// independently of this repository's own package.

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { findNpmCli } = require('../../../scripts/lib/provision');

const PROBE_PACKAGE = 'n8n-nodes-e2e-probe';
const PROBE_NODE_TYPE = `${PROBE_PACKAGE}.e2eProbe`;
const PROBE_CREDENTIAL_TYPE = 'e2eProbeApi';

const NODE_JS = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.E2eProbe = void 0;
const n8n_workflow_1 = require("n8n-workflow");
class E2eProbe {
	constructor() {
		this.description = {
			displayName: 'E2E Probe',
			name: 'e2eProbe',
			icon: 'fa:vial',
			group: ['transform'],
			version: 1,
			description: 'Throwaway node used by the end-to-end toolkit test',
			defaults: { name: 'E2E Probe' },
			inputs: [n8n_workflow_1.NodeConnectionTypes.Main],
			outputs: [n8n_workflow_1.NodeConnectionTypes.Main],
			credentials: [{ name: '${PROBE_CREDENTIAL_TYPE}', required: true }],
			properties: [
				{
					displayName: 'Mode',
					name: 'mode',
					type: 'options',
					noDataExpression: true,
					options: [
						{ name: 'Echo', value: 'echo' },
						{ name: 'Binary', value: 'binary' },
						{ name: 'Fail', value: 'fail' },
					],
					default: 'echo',
				},
			],
		};
	}
	async execute() {
		const items = this.getInputData();
		const credentials = await this.getCredentials('${PROBE_CREDENTIAL_TYPE}');
		const mode = this.getNodeParameter('mode', 0);
		const out = [];
		for (let i = 0; i < items.length; i++) {
			if (mode === 'fail') {
				const error = new n8n_workflow_1.NodeOperationError(this.getNode(), 'probe failed on purpose', { itemIndex: i });
				// The usual node pattern: with "On Error: continue" the item carries the error, n8n routes it.
				if (this.continueOnFail()) {
					out.push({ json: { error: error.message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
			const item = { json: { ...items[i].json, probe: true, apiKeyLength: String(credentials.apiKey).length }, pairedItem: { item: i } };
			if (mode === 'binary') {
				item.binary = { data: await this.helpers.prepareBinaryData(Buffer.from('hello from the probe'), 'probe.txt', 'text/plain') };
			}
			out.push(item);
		}
		return [out];
	}
}
exports.E2eProbe = E2eProbe;
`;

const CREDENTIAL_JS = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.E2eProbeApi = void 0;
class E2eProbeApi {
	constructor() {
		this.name = '${PROBE_CREDENTIAL_TYPE}';
		this.displayName = 'E2E Probe API';
		this.properties = [
			{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
		];
	}
}
exports.E2eProbeApi = E2eProbeApi;
`;

/** Writes the package into dir/src, packs it into dir, returns the tarball path. */
function buildProbePackage(dir) {
	const src = path.join(dir, 'src');
	fs.mkdirSync(path.join(src, 'dist', 'nodes', 'E2eProbe'), { recursive: true });
	fs.mkdirSync(path.join(src, 'dist', 'credentials'), { recursive: true });
	fs.writeFileSync(
		path.join(src, 'package.json'),
		JSON.stringify(
			{
				name: PROBE_PACKAGE,
				version: '1.0.0',
				license: 'MIT',
				keywords: ['n8n-community-node-package'],
				files: ['dist'],
				n8n: {
					n8nNodesApiVersion: 1,
					credentials: ['dist/credentials/E2eProbeApi.credentials.js'],
					nodes: ['dist/nodes/E2eProbe/E2eProbe.node.js'],
				},
				peerDependencies: { 'n8n-workflow': '*' },
			},
			null,
			2,
		),
	);
	fs.writeFileSync(path.join(src, 'dist', 'nodes', 'E2eProbe', 'E2eProbe.node.js'), NODE_JS);
	fs.writeFileSync(
		path.join(src, 'dist', 'credentials', 'E2eProbeApi.credentials.js'),
		CREDENTIAL_JS,
	);
	const env = { ...process.env };
	for (const k of Object.keys(env)) if (/^npm_config_/i.test(k)) delete env[k];
	const r = spawnSync(
		process.execPath,
		[findNpmCli(), 'pack', '--json', '--pack-destination', dir],
		{ cwd: src, env, encoding: 'utf8' },
	);
	if (r.status !== 0) throw new Error(`npm pack of the probe package failed: ${r.stderr}`);
	return path.join(dir, JSON.parse(r.stdout)[0].filename);
}

module.exports = { buildProbePackage, PROBE_PACKAGE, PROBE_NODE_TYPE, PROBE_CREDENTIAL_TYPE };
