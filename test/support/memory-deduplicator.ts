// n8n's deduplication store for the test engine.
//
// The node's "Skip Files Already Sent" uses `this.helpers.checkProcessedAndRecord` and `removeProcessed`. In
// n8n-core those call `DataDeduplicationService.getInstance()`, a singleton that n8n's CLI initialises at start
// (start, worker, webhook, execute: `initDataDeduplicationService()` in the n8n package's base command) with
// its DeduplicationHelper, which keeps the entries in the `processed_data` table. The test engine (support/engine)
// runs n8n-core without that CLI, so the singleton is empty and every helper throws "Instance needs to
// initialized before use". This class is the same logic as n8n's DeduplicationHelper for the 'entries' mode
// (n8n/dist/deduplication/deduplication-helper.js, n8n 2.41.1): one record per workflow and context (`n:<node
// id>` for scope 'node', '' for 'workflow'), values stored as base64 MD5 hashes, `maxEntries` keeps the newest,
// with a Map instead of the table. The latest* modes are not used by the node and are refused here.
import { createHash } from 'crypto';
import { DataDeduplicationService } from 'n8n-core';

import { pause } from './node-globals';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

const contextOf = (scope: DeduplicationScope, data: ICheckProcessedContextData) => {
	if (scope === 'node') {
		if (!data.node) throw new Error("No node information has been provided and so cannot use scope 'node'");
		return `n:${data.node.id}`;
	}
	return '';
};

const hash = (value: DeduplicationItemTypes) => createHash('md5').update(value.toString()).digest('base64');

export class MemoryDeduplicator implements IDataDeduplicator {
	private readonly records = new Map<string, string[]>();

	private recordCalls = 0;

	private lostRecordCalls = new Set<number>();

	private unlocked = false;

	private removalsToFail = 0;

	private staleWrite?: { call: number; afterMs: number };

	private staleWriteDone: Promise<void> = Promise.resolve();

	/**
	 * Plays n8n's real store under simultaneous executions: each call reads the list, waits (as for the database
	 * round trip), then writes back what it read plus its change, so calls that overlap overwrite each other.
	 */
	playUnlockedStore(): void {
		this.unlocked = true;
	}

	/** In the unlocked play: the list as read now, written back after a pause once `change` has edited it. */
	private async readModifyWrite<T>(key: string, change: (list: string[] | undefined) => T): Promise<T> {
		if (!this.unlocked) return change(this.records.get(key));
		const read = this.records.has(key) ? [...(this.records.get(key) as string[])] : undefined;
		await pause(2);
		const result = change(read);
		if (read) this.records.set(key, read);
		return result;
	}

	/**
	 * Plays another n8n process whose call read the list just before call `call` of checkProcessedAndRecord
	 * wrote it, and writes its copy back `afterMs` after that call ended: what the call added is gone again.
	 */
	staleWriteAfter(call: number, afterMs: number): void {
		this.staleWrite = { call, afterMs };
	}

	/** Resolves once the other process's copy of staleWriteAfter has been written. */
	async staleWriteLanded(): Promise<void> {
		await this.staleWriteDone;
	}

	/**
	 * Plays a worker that dies (or a database that fails) right after a check recorded its key: the next `count`
	 * calls of removeProcessed fail and change nothing, so what the check wrote stays in the list.
	 */
	failRemovals(count = 1): void {
		this.removalsToFail = count;
	}

	/**
	 * Plays a simultaneous execution that overwrote the list right after these calls of checkProcessedAndRecord
	 * (counted from 1 since the last clear): what they added is gone again, as n8n's unlocked store allows.
	 */
	loseWritesOf(...calls: number[]): void {
		this.lostRecordCalls = new Set(calls);
	}

	private key(scope: DeduplicationScope, data: ICheckProcessedContextData) {
		if (!data.workflow.id) throw new Error('The workflow has no ID');
		return `${data.workflow.id}\u0000${contextOf(scope, data)}`;
	}

	private entriesOnly(options: ICheckProcessedOptions) {
		if (options.mode !== 'entries') throw new Error(`MemoryDeduplicator supports mode 'entries' only, not '${options.mode}'`);
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		data: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		this.entriesOnly(options);
		this.recordCalls++;
		if (this.staleWrite?.call === this.recordCalls) {
			const key = this.key(scope, data);
			const before = [...(this.records.get(key) ?? [])];
			const result = await this.recordWithoutLoss(items, scope, data, options);
			this.staleWriteDone = pause(this.staleWrite.afterMs).then(() => {
				this.records.set(key, before);
			});
			return result;
		}
		if (this.lostRecordCalls.has(this.recordCalls)) {
			const before = [...(this.records.get(this.key(scope, data)) ?? [])];
			const result = await this.recordWithoutLoss(items, scope, data, options);
			this.records.set(this.key(scope, data), before);
			return result;
		}
		return await this.recordWithoutLoss(items, scope, data, options);
	}

	private async recordWithoutLoss(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		data: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		const key = this.key(scope, data);
		const hashed = items.map(hash);
		return await this.readModifyWrite(key, (stored) => {
			if (!stored) {
				if (options.maxEntries) hashed.splice(0, hashed.length - options.maxEntries);
				this.records.set(key, hashed);
				return { new: items, processed: [] };
			}
			const seen = new Set(stored);
			const result: IDeduplicationOutput = { new: [], processed: [] };
			hashed.forEach((value, index) => {
				if (seen.has(value)) {
					result.processed.push(items[index]);
				} else {
					result.new.push(items[index]);
					stored.push(value);
				}
			});
			if (options.maxEntries) stored.splice(0, stored.length - options.maxEntries);
			return result;
		});
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		data: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<void> {
		this.entriesOnly(options);
		if (this.removalsToFail > 0) {
			this.removalsToFail--;
			throw new Error('connection terminated unexpectedly');
		}
		await this.readModifyWrite(this.key(scope, data), (stored) => {
			if (!stored) return;
			for (const value of items.map(hash)) {
				const index = stored.indexOf(value);
				if (index !== -1) stored.splice(index, 1);
			}
		});
	}

	async clearAllProcessedItems(scope: DeduplicationScope, data: ICheckProcessedContextData): Promise<void> {
		this.records.delete(this.key(scope, data));
	}

	async getProcessedDataCount(scope: DeduplicationScope, data: ICheckProcessedContextData, options: ICheckProcessedOptions): Promise<number> {
		return options.mode === 'entries' ? (this.records.get(this.key(scope, data))?.length ?? 0) : 0;
	}

	/** Forget everything (between tests). */
	clear() {
		this.records.clear();
		this.recordCalls = 0;
		this.lostRecordCalls = new Set();
		this.unlocked = false;
		this.removalsToFail = 0;
		this.staleWrite = undefined;
		this.staleWriteDone = Promise.resolve();
	}
}

let installed: MemoryDeduplicator | undefined;

/** Gives n8n-core's DataDeduplicationService its store, once per test file (it is a singleton). */
export async function useMemoryDeduplication(): Promise<MemoryDeduplicator> {
	if (!installed) {
		installed = new MemoryDeduplicator();
		await DataDeduplicationService.init(installed);
	}
	return installed;
}
