import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { NodeError } from '../errors';
import { asNodeError, errorItem } from '../errors';
import type { Authentication } from '../transport';
import { ConcurClient } from '../transport';
import { AdaptiveConcurrency } from './concurrency';
import { findOperation } from './resources';
import { settleSentRecords } from './sendOnce';
import type { ItemContext, OutputItem } from './types';

const MAX_CONCURRENCY = 16;
/** The Concurrency option's default: the ceiling of the adaptive concurrency (actions/concurrency.ts). */
export const DEFAULT_CONCURRENCY = 16;

/**
 * The node's execute: finds the operation, then runs it for every input item with adaptive concurrency (up to
 * the Concurrency option, fewer while Concur answers 429 or 503). Item linking, continue-on-fail and error items
 * happen here, once, for every operation.
 */
export async function route(fn: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = fn.getInputData();
	if (!items.length) return [[]];
	const resourceValue = fn.getNodeParameter('resource', 0) as string;
	const operationValue = fn.getNodeParameter('operation', 0) as string;
	const found = findOperation(resourceValue, operationValue);
	if (!found) {
		throw new NodeOperationError(fn.getNode(), `The operation "${operationValue}" is not known for "${resourceValue}"`);
	}

	// Batch-wide settings come from the first item, like n8n's own nodes.
	const options = fn.getNodeParameter('options', 0, {}) as IDataObject;
	const ceiling = Math.max(1, Math.min(MAX_CONCURRENCY, Math.floor(Number(options.concurrency ?? DEFAULT_CONCURRENCY))));
	const concurrency = new AdaptiveConcurrency(ceiling);
	let runItem: (context: ItemContext) => Promise<OutputItem[]>;
	if (found.usesConcur) {
		const { operation } = found;
		const client = new ConcurClient(fn, fn.getNodeParameter('authentication', 0, 'companyApi') as Authentication, {
			maxRetries: Math.max(0, Math.floor(Number(options.maxRetries ?? 3))),
			initialDelayMs: Math.max(0, Number(options.retryDelayMs ?? 1000)),
			maxDelayMs: 60_000,
		}, concurrency);
		runItem = async (context) => await operation.execute({ ...context, client });
	} else {
		runItem = found.operation.execute;
	}

	const results: INodeExecutionData[][] = new Array(items.length);
	// Without "continue on fail" the batch stops at the first failure: no new item starts, the ones already in
	// flight finish, and the failure of the lowest item index is reported.
	const failure: { first?: { itemIndex: number; error: NodeError } } = {};
	const sent: number[] = [];
	const runOne = async (itemIndex: number) => {
		const pairedItem = { item: itemIndex };
		try {
			const output = await runItem({ fn, item: items[itemIndex], itemIndex });
			results[itemIndex] = output.map((entry) => ({ ...entry, pairedItem }));
			if (!output.some((entry) => entry.json.skipped === true)) sent.push(itemIndex);
			concurrency.succeeded();
		} catch (caught) {
			const error = asNodeError(fn.getNode(), caught, itemIndex);
			if (fn.continueOnFail()) {
				results[itemIndex] = [{ ...errorItem(error, items[itemIndex].binary), pairedItem }];
			} else {
				const earlier = failure.first as { itemIndex: number } | undefined; // set by another item meanwhile
				if (!earlier || itemIndex < earlier.itemIndex) failure.first = { itemIndex, error };
			}
		}
	};
	// Items start in input order while fewer than the current limit are in flight; each one that ends lets the
	// next ones start (runOne never rejects).
	let next = 0;
	let inFlight = 0;
	await new Promise<void>((resolve) => {
		const pump = () => {
			while (!failure.first && next < items.length && inFlight < concurrency.limit) {
				inFlight++;
				void runOne(next++).then(() => {
					inFlight--;
					pump();
				});
			}
			if (inFlight === 0) resolve();
		};
		pump();
	});
	await settleSentRecords(fn);
	if (failure.first) {
		const { error } = failure.first;
		if (found.operation.sendsFiles && sent.length) {
			// Those items vanish with the failed run; a re-run (or Retry On Fail) would send them again.
			const note = `${listOfItems(sent)} uploaded before this failure; turn on Skip Files Already Sent or continue-on-fail before running again.`;
			error.description = [error.description, note].filter(Boolean).join(' ');
		}
		throw error;
	}
	return [results.flat()];
}

/** "Item 2 was" / "Items 0, 1 and 3 were" (n8n counts items from 0). */
function listOfItems(indexes: number[]): string {
	const sorted = [...indexes].sort((a, b) => a - b);
	if (sorted.length === 1) return `Item ${sorted[0]} was`;
	return `Items ${sorted.slice(0, -1).join(', ')} and ${sorted[sorted.length - 1]} were`;
}
