// The benchmark's input node (plain JS, registered next to the harness's test nodes): emits one item per entry of
// its `items` parameter, with the entry's file (if any) streamed from disk into n8n's binary storage through
// `prepareBinaryData`, like n8n's Read Files node. In filesystem binary mode the bytes go to disk and the item
// only holds a reference, so the inputs are not held in memory by anyone.
//
// With `markBaseline` on, after emitting the items it collects garbage, records the process RSS as the memory
// baseline and resets the kernel's peak-RSS counter (VmHWM, via /proc/self/clear_refs), so the peak read after
// the run is the peak of what came after this node: the node under test.
'use strict';

const fs = require('node:fs');

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
			if (entry.file) {
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
		return [output];
	}
}

module.exports = { BenchFiles };
