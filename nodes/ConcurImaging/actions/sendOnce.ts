import type {
	DeduplicationScope,
	ICheckProcessedOptions,
	IDataObject,
	INodeProperties,
} from 'n8n-workflow';

import { inputError } from '../errors';
import type { CheckedFile } from './inputFile';
import { optionsOf } from './parameters';
import type { ItemContext, OutputItem } from './types';

/**
 * "Skip Files Already Sent": n8n's own deduplication store (the one the Remove Duplicates node uses) remembers
 * which file went to which target, so a re-run, or n8n's Retry On Fail after another item failed, never sends
 * the same file to the same target twice. An entry is written only once Concur confirmed the upload.
 */
export const skipAlreadySentOptions: INodeProperties[] = [
	{
		displayName: 'Skip Files Already Sent',
		name: 'skipAlreadySent',
		type: 'boolean',
		default: false,
		description:
			'Whether to skip a file that this node (or workflow) already sent to the same target. Uses n8n\'s deduplication store; the item is passed on with "skipped": true. Turn it on before a re-run of a batch that stopped half-way.',
	},
	{
		displayName: 'Remember Sent Files For',
		name: 'skipScope',
		type: 'options',
		options: [
			{ name: 'This Node', value: 'node', description: 'Only uploads made by this node count' },
			{
				name: 'Whole Workflow',
				value: 'workflow',
				description: 'Uploads made by any node of this workflow with this option count',
			},
		],
		default: 'node',
		displayOptions: { show: { skipAlreadySent: [true] } },
	},
];

/** How many sent files n8n keeps per node or workflow (the Remove Duplicates node's default history size). */
const HISTORY_SIZE = 10_000;
const STORE: ICheckProcessedOptions = { mode: 'entries', maxEntries: HISTORY_SIZE };

/** Where a file goes: the resource, the object's ID (or Available Receipts), and the user acted for. */
export interface SendTarget {
	resource: string;
	targetId?: string;
	user?: string;
}

// Items of one run that send the same file to the same target wait for each other, so the second one sees the
// first one's record instead of racing it. Keyed by n8n's context object of the run.
const IN_FLIGHT = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * Sends the file with `send` unless the option is on and n8n's store says it went to this target before; then
 * the item succeeds as skipped. The store has no read-only lookup: a check records the key, so a key that was
 * new is removed again at once and written for good only after Concur confirmed.
 */
export async function sendOnce(
	context: ItemContext,
	file: CheckedFile,
	target: SendTarget,
	send: () => Promise<OutputItem[]>,
): Promise<OutputItem[]> {
	const options = optionsOf(context);
	if (options.skipAlreadySent !== true) return await send();
	const scope: DeduplicationScope = options.skipScope === 'workflow' ? 'workflow' : 'node';
	const key = [
		'concur-imaging',
		'v1',
		file.verdict.sha256,
		target.resource,
		target.targetId ?? 'available-receipts',
		target.user ?? '',
	].join('\u001f');
	let running = IN_FLIGHT.get(context.fn);
	if (!running) IN_FLIGHT.set(context.fn, (running = new Map()));
	const before = running.get(key);
	const mine = (async () => {
		if (before) await before.catch(() => undefined);
		return await sendUnlessRecorded(context, file, target, key, scope, send);
	})();
	running.set(key, mine);
	try {
		return await mine;
	} finally {
		if (running.get(key) === mine) running.delete(key);
	}
}

async function sendUnlessRecorded(
	context: ItemContext,
	file: CheckedFile,
	target: SendTarget,
	key: string,
	scope: DeduplicationScope,
	send: () => Promise<OutputItem[]>,
): Promise<OutputItem[]> {
	const { helpers } = context.fn;
	const list = storeListOf(context, scope);
	const store = async <T>(call: () => Promise<T>): Promise<T> => {
		try {
			return await inTurn(list, call);
		} catch (error) {
			throw inputError(
				context.fn.getNode(),
				{
					message:
						"Skip Files Already Sent needs n8n's deduplication store, and it is not available here",
					description: `Nothing was sent. Turn the option off, or run the workflow in an n8n instance with its database (n8n said: ${(error as Error).message}).`,
					itemIndex: context.itemIndex,
				},
				{ code: 'DEDUPLICATION_UNAVAILABLE' },
			);
		}
	};
	const checked = await store(
		async () => await helpers.checkProcessedAndRecord([key], scope, STORE),
	);
	if (checked.processed.length > 0) return skippedOutput(context, file, target);
	await store(async () => await helpers.removeProcessed([key], scope, STORE));
	const output = await send();
	// Concur confirmed: from now on this file counts as sent to this target. (The store answered a moment ago;
	// should it fail now, the upload still succeeded and is reported as such.)
	await recordSent(context, key, scope, list).catch(() => undefined);
	return output;
}

// n8n's store keeps one list per workflow (scope Whole Workflow) or per node (This Node) and rewrites it whole
// on every call, without a lock: two calls that overlap leave only one of their changes. All executions that an
// n8n process runs share this module, so its calls on one list are made one at a time here (the uploads
// themselves still run side by side). Processes do not see each other's turns: the read-back in recordSent is
// what is left against another worker overwriting a record (README, "Scale out: queue mode").
const STORE_TURNS = new Map<string, Promise<unknown>>();

function storeListOf(context: ItemContext, scope: DeduplicationScope): string {
	const workflow = context.fn.getWorkflow().id ?? '';
	return scope === 'node' ? `${workflow}\u0000n:${context.fn.getNode().id}` : `${workflow}\u0000`;
}

async function inTurn<T>(list: string, call: () => Promise<T>): Promise<T> {
	const mine = (STORE_TURNS.get(list) ?? Promise.resolve()).then(call);
	const settled = mine.catch(() => undefined);
	STORE_TURNS.set(list, settled);
	try {
		return await mine;
	} finally {
		if (STORE_TURNS.get(list) === settled) STORE_TURNS.delete(list);
	}
}

/** How often a record is read back and written again when a simultaneous execution overwrote it. */
const RECORD_ATTEMPTS = 4;

/**
 * Records the key and reads it back. n8n's store keeps one list per node or workflow and rewrites it whole
 * without a lock, so an execution running at the same time can overwrite the list with a copy that lacks this
 * key (seen in queue mode: 8 of 23 records survived 16 simultaneous uploads). A check that finds the key new has
 * written it again; the loop ends once a check finds it recorded.
 */
async function recordSent(context: ItemContext, key: string, scope: DeduplicationScope, list: string): Promise<void> {
	const record = async () => await inTurn(list, async () => await context.fn.helpers.checkProcessedAndRecord([key], scope, STORE));
	await record();
	for (let attempt = 1; attempt < RECORD_ATTEMPTS; attempt++) {
		const readBack = await record();
		if (readBack.processed.length > 0) return;
	}
}

function skippedOutput(context: ItemContext, file: CheckedFile, target: SendTarget): OutputItem[] {
	const json: IDataObject = {
		skipped: true,
		reason: 'already sent',
		id: target.targetId ?? null,
		resource: target.resource,
		...(target.targetId ? { targetId: target.targetId } : {}),
		fileName: file.fileName,
		mimeType: file.mimeType,
		fileSize: file.verdict.fileSize,
		sha256: file.verdict.sha256,
	};
	return [{ json, binary: context.item.binary }];
}
