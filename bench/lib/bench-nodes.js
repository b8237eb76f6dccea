// The benchmark's input node (plain JS, registered next to the harness's test nodes): emits one item per entry of
// its `items` parameter, with the entry's file (if any) streamed from disk into n8n's binary storage through
// `prepareBinaryData`, like n8n's Read Files node, or with a file already stored there by an earlier run. In filesystem binary mode the bytes go to disk and the item
// only holds a reference, so the inputs are not held in memory by anyone.
//
// When it is done it marks the benchmark's counters (CPU, connections, validation time), so the measured node
// is counted from there. With `markBaseline` on, after emitting the items it collects garbage, records the process RSS as the memory
// baseline and resets the kernel's peak-RSS counter (VmHWM, via /proc/self/clear_refs), so the peak read after
// the run is the peak of what came after this node: the node under test.
'use strict';

const fs = require('node:fs');

const counters = require('./counters');
const rss = require('./rss');

class BenchFiles {
	constructor() {
		this.description = {
			displayName: 'Bench Files',
			name: 'benchFiles',
			group: ['input'],
			version: 1,
			description: 'Emits benchmark items with files read from disk',
			defaults: { name: 'Bench Files' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [
				{ displayName: 'Items', name: 'items', type: 'json', default: '[]' },
				{ displayName: 'Mark Memory Baseline', name: 'markBaseline', type: 'boolean', default: false },
			],
		};
	}

	async execute() {
		const raw = this.getNodeParameter('items', 0);
		const entries = typeof raw === 'string' ? JSON.parse(raw) : raw;
		const output = [];
		for (const entry of entries) {
			const item = { json: entry.json || {}, pairedItem: { item: 0 } };
			if (entry.binary) {
				// a file already in n8n's binary storage (stored once per section, see Engine.storeInputs)
				item.binary = { data: entry.binary };
			} else if (entry.file) {
				const binary = await this.helpers.prepareBinaryData(
					fs.createReadStream(entry.file.path),
					entry.file.fileName,
					entry.file.mimeType,
				);
				item.binary = { data: binary };
			}
			output.push(item);
		}
		if (this.getNodeParameter('markBaseline', 0, false)) rss.markBaseline();
		counters.mark(); // the measured node starts after this
		return [output];
	}
}

/**
 * Per-call costs inside n8n's engine, one call at a time (no overlap), to explain the transfer rows: a GET of
 * a v3 receipt through n8n-core's `helpers.httpRequest` vs undici, `prepareBinaryData` of a 1 MB file and
 * `getBinaryDataBuffer` of it (filesystem binary mode), and the node's own `validateReceiptFile` with SHA-256.
 * Each: wall ms per call, CPU ms per call of this process, new TCP connections per call.
 */
class BenchProbe {
	constructor() {
		this.description = {
			displayName: 'Bench Probe',
			name: 'benchProbe',
			group: ['transform'],
			version: 1,
			description: 'Measures per-call costs of n8n helpers',
			defaults: { name: 'Bench Probe' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [
				{ displayName: 'URL', name: 'url', type: 'string', default: '' },
				{ displayName: 'Authorization', name: 'authorization', type: 'string', default: '' },
				{ displayName: 'Count', name: 'count', type: 'number', default: 100 },
				{ displayName: 'Sample File', name: 'sampleFile', type: 'string', default: '' },
			],
		};
	}

	async execute() {
		const { request, Agent } = require('undici');
		const url = this.getNodeParameter('url', 0);
		const authorization = this.getNodeParameter('authorization', 0);
		const count = this.getNodeParameter('count', 0);
		const sample = fs.readFileSync(this.getNodeParameter('sampleFile', 0));
		const { validateReceiptFile } = counters.validationModule();
		const result = {};
		const time = async (name, fn) => {
			await fn(); // warm
			const before = counters.snapshot();
			const t0 = process.hrtime.bigint();
			for (let i = 0; i < count; i++) await fn(i);
			const ms = Number(process.hrtime.bigint() - t0) / 1e6;
			const d = counters.since(before);
			result[name] = { msPerCall: ms / count, cpuMsPerCall: d.cpuMs / count, connectsPerCall: d.connects / count };
		};
		const headers = { authorization, accept: 'application/json' };
		const agent = new Agent();
		await time('undiciGet', async () => {
			const res = await request(url, { headers, dispatcher: agent });
			await res.body.json();
		});
		await agent.close();
		await time('n8nHttpRequestGet', async () => {
			await this.helpers.httpRequest({ url, headers, json: true });
		});
		let binary;
		await time('prepareBinaryData', async () => {
			binary = await this.helpers.prepareBinaryData(sample, 'sample.pdf', 'application/pdf');
		});
		// What getBinaryDataBuffer does for a file on disk: BinaryDataService.getAsBuffer (support/binary-mode).
		const { readBinary } = require('../../support/binary-mode');
		await time('getBinaryDataBuffer', async () => {
			await readBinary(binary);
		});
		await time('validateWithSha256', async () => {
			validateReceiptFile(sample);
		});
		return [[{ json: result }]];
	}
}

module.exports = { BenchFiles, BenchProbe };
