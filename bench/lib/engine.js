// The engine side of the benchmark, loaded in a worker process: the shared engine harness (support/engine,
// n8n-core's WorkflowExecute) with our node from its TypeScript sources, n8n's HTTP Request node from the
// provisioned n8n runtime, the benchmark's input node, and the workflows of each measured way.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '../..');

/** n8n-core reads these when it loads: a private user folder, no diagnostics, a fixed key. */
function prepareEnvironment(scratchDir) {
	const userFolder = fs.mkdtempSync(path.join(scratchDir, 'n8n-user-'));
	process.env.N8N_USER_FOLDER = userFolder;
	process.env.N8N_ENCRYPTION_KEY = process.env.N8N_ENCRYPTION_KEY || 'concur-imaging-bench-key';
	process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
	process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';
	// The harness's filesystem binary mode puts its storage under os.tmpdir(): keep it in our scratch dir.
	process.env.TMPDIR = scratchDir;
}

/**
 * @param {{scratchDir: string, n8nModulesDir?: string}} options
 */
function loadEngine({ scratchDir, n8nModulesDir }) {
	const t0 = process.hrtime.bigint();
	prepareEnvironment(scratchDir);
	require('./ts-register').register();
	const harness = require(path.join(REPO_ROOT, 'support/engine/index.ts'));
	const { TEST_NODE_TYPES } = require(path.join(REPO_ROOT, 'support/engine/test-nodes.ts'));
	const concur = require(path.join(REPO_ROOT, 'support/concur.ts'));
	const binaryMode = require(path.join(REPO_ROOT, 'support/binary-mode.js'));
	const { BenchFiles, BenchProbe } = require('./bench-nodes');
	// runWorkflow() builds its node types from the harness's TEST_NODE_TYPES on every run; the benchmark's own
	// nodes are added to that object (the harness is not edited).
	TEST_NODE_TYPES['bench.files'] = new BenchFiles();
	TEST_NODE_TYPES['bench.probe'] = new BenchProbe();
	let base = null;
	if (n8nModulesDir) {
		base = require('./n8n-base').loadN8nNodesBase(n8nModulesDir);
		TEST_NODE_TYPES['n8n-nodes-base.httpRequest'] = new base.HttpRequest();
		TEST_NODE_TYPES['n8n-nodes-base.splitInBatches'] = new base.SplitInBatches();
	}
	const engine = new Engine(harness, concur, binaryMode, base);
	engine.loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
	return engine;
}

const TRIGGER = { name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} };

function inputNode(entries, markBaseline = false) {
	return { name: 'Files', type: 'bench.files', parameters: { items: entries, markBaseline } };
}

// A file of the set, or the same file already in n8n's binary storage ({ binary }).
const fileEntries = (files) => files.map((file) => (file.binary ? { binary: file.binary } : { file }));
const idEntries = (ids) => ids.map((id) => ({ json: { id } }));

class Engine {
	constructor(harness, concur, binaryMode, base) {
		this.harness = harness;
		this.concur = concur;
		this.binaryMode = binaryMode;
		this.base = base;
		this.credentials = null;
	}

	/** The node's validation module (the instance the node uses). */
	validation() {
		return require(path.join(REPO_ROOT, 'nodes/ConcurImaging/validation/index.ts'));
	}

	/** The company credential for the emulator (kept for the whole process: the token is fetched once). */
	useEmulator(info) {
		this.credentials = this.concur.companyCredential(info);
	}

	// --- workflows -------------------------------------------------------------------------------------------

	concurUpload(files, concurrency, markBaseline = false) {
		return this.harness.chain(
			TRIGGER,
			inputNode(fileEntries(files), markBaseline),
			this.concur.concurNode('receipt', 'upload', { binaryPropertyName: 'data', options: concurrency ? { concurrency } : {} }),
		);
	}

	concurDownload(ids, concurrency, markBaseline = false) {
		return this.harness.chain(
			TRIGGER,
			inputNode(idEntries(ids), markBaseline),
			this.concur.concurNode('receipt', 'get', { receiptId: '={{ $json.id }}', download: true, options: concurrency ? { concurrency } : {} }),
		);
	}

	/** The input node alone, baseline marked: way (a)'s memory rows start from the node rows' process state. */
	inputsOnly(op, files, ids) {
		return this.harness.chain(TRIGGER, inputNode(op === 'upload' ? fileEntries(files) : idEntries(ids), true));
	}

	/**
	 * n8n's HTTP Request node (typeVersion 4.x as n8n 2.41 adds it) sending the item's file as the body
	 * ("n8n Binary File": Content-Type from the item, Content-Length from its size), with the Bearer header.
	 * `loopBatch`: wrapped in Loop Over Items with that batch size, n8n's way to bound the requests in flight
	 * (the HTTP Request node itself sends all items of a run at once).
	 */
	httpUpload(files, api, loopBatch, markBaseline = false) {
		const http = {
			name: 'HTTP Request',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: this.httpVersion(),
			parameters: {
				method: 'POST',
				url: `${api.apiBase}/api/v3.0/expense/receiptimages`,
				sendHeaders: true,
				headerParameters: {
					parameters: [
						{ name: 'Authorization', value: `Bearer ${api.accessToken}` },
						{ name: 'Accept', value: 'application/json' },
					],
				},
				sendBody: true,
				contentType: 'binaryData',
				inputDataFieldName: 'data',
				options: {},
			},
		};
		return this.withLoop([TRIGGER, inputNode(fileEntries(files), markBaseline)], [http], loopBatch);
	}

	/** Two HTTP Request nodes: GET the v3 receipt (JSON), then GET its URI with Response Format: File. */
	httpDownload(ids, api, loopBatch, markBaseline = false) {
		const getJson = {
			name: 'HTTP Request',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: this.httpVersion(),
			parameters: {
				url: `=${api.apiBase}/api/v3.0/expense/receiptimages/{{ $json.id }}`,
				sendHeaders: true,
				headerParameters: {
					parameters: [
						{ name: 'Authorization', value: `Bearer ${api.accessToken}` },
						{ name: 'Accept', value: 'application/json' },
					],
				},
				options: {},
			},
		};
		const getFile = {
			name: 'HTTP Request 2',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: this.httpVersion(),
			parameters: {
				url: '={{ $json.URI }}',
				options: { response: { response: { responseFormat: 'file', outputPropertyName: 'data' } } },
			},
		};
		return this.withLoop([TRIGGER, inputNode(idEntries(ids), markBaseline)], [getJson, getFile], loopBatch);
	}

	httpVersion() {
		return this.base.HttpRequest ? new this.base.HttpRequest().description.defaultVersion : 4.2;
	}

	withLoop(head, body, loopBatch) {
		if (!loopBatch) return this.harness.chain(...head, ...body);
		const loop = { name: 'Loop Over Items', type: 'n8n-nodes-base.splitInBatches', typeVersion: 3, parameters: { batchSize: loopBatch, options: {} } };
		const workflow = this.harness.chain(...head, loop);
		const link = (node) => [{ node, type: 'main', index: 0 }];
		// Loop Over Items: output 0 "done", output 1 "loop" -> the body -> back into the loop.
		workflow.nodes.push(...body);
		workflow.connections[loop.name] = { main: [[], link(body[0].name)] };
		for (let i = 0; i + 1 < body.length; i++) workflow.connections[body[i].name] = { main: [link(body[i + 1].name)] };
		workflow.connections[body[body.length - 1].name] = { main: [link(loop.name)] };
		return workflow;
	}

	/** Per-call costs of n8n-core helpers and of the node's validation (see BenchProbe). */
	async probe(parameters) {
		const workflow = this.harness.chain(TRIGGER, { name: 'Probe', type: 'bench.probe', parameters });
		const result = await this.harness.runWorkflow(workflow, { credentials: this.credentials, binaryMode: 'filesystem' });
		if (result.error) throw result.error;
		return result.json('Probe')[0];
	}

	// --- running ---------------------------------------------------------------------------------------------

	/**
	 * Runs a workflow in filesystem binary mode; returns the engine's executionTime summed over the measured
	 * nodes (all their runs: a loop runs them once per batch), the wall time of the whole run, and the measured
	 * nodes' output items.
	 */
	async run(workflow, measuredNodes) {
		const t0 = process.hrtime.bigint();
		const result = await this.harness.runWorkflow(workflow, { credentials: this.credentials, binaryMode: 'filesystem' });
		const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
		const runData = result.run.data.resultData.runData;
		let engineMs = 0;
		for (const name of measuredNodes) {
			for (const task of runData[name] || []) engineMs += task.executionTime;
		}
		const inputMs = (runData.Files || []).reduce((n, task) => n + task.executionTime, 0);
		const error = result.error || measuredNodes.map((name) => result.nodeError(name)).find(Boolean);
		if (error) throw new Error(`workflow failed: ${error.message}${error.description ? ` (${error.description})` : ''}`);
		const last = measuredNodes[measuredNodes.length - 1];
		const items = (runData[last] || []).flatMap((task) => (task.data && task.data.main && task.data.main[0]) || []);
		return { engineMs, wallMs, inputMs, items, runData };
	}

	/**
	 * Stores the files in n8n's binary storage once (a run of the input node alone) and returns them as
	 * `{ binary, ...file }`, so that the measured runs of a section do not write 100-200 MB of inputs each time.
	 */
	async storeInputs(files) {
		const result = await this.harness.runWorkflow(this.harness.chain(TRIGGER, inputNode(fileEntries(files))), { binaryMode: 'filesystem' });
		const items = result.items('Files');
		return files.map((file, i) => ({ ...file, binary: items[i].binary.data }));
	}

	/** Removes the binary files the runs wrote, except those of `keep` (stored inputs). */
	async clearBinaryStorage(keep = []) {
		const root = await this.binaryMode.binaryStoragePath();
		if (!root) return;
		const kept = new Set();
		for (const file of keep) {
			const relative = String(file.binary.id).replace(/^[^:]+:/, '');
			kept.add(path.join(root, relative));
			kept.add(path.join(root, `${relative}.metadata`));
		}
		const walk = (dir) => {
			for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
				const full = path.join(dir, entry.name);
				if (entry.isDirectory()) walk(full);
				else if (!kept.has(full)) fs.rmSync(full, { force: true });
			}
		};
		walk(root);
	}
}

module.exports = { loadEngine, REPO_ROOT, tmpRoot: () => os.tmpdir() };
