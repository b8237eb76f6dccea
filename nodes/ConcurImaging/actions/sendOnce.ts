import type {
	DeduplicationScope,
	ICheckProcessedOptions,
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

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
const HISTORY_FILES = 10_000;
// Two entries per file (sent and confirmed, written side by side, so the oldest file goes out whole).
const STORE: ICheckProcessedOptions = { mode: 'entries', maxEntries: 2 * HISTORY_FILES };

/** Where a file goes: the resource, the object's ID (or Available Receipts), and the user acted for. */
export interface SendTarget {
	resource: string;
	targetId?: string;
	user?: string;
}

// Items that send the same file to the same target wait for each other, also across the executions that this
// n8n process runs at once, so the second one sees the first one's record instead of racing it.
const IN_FLIGHT = new Map<string, Promise<unknown>>();

/**
 * Sends the file with `send` unless the option is on and n8n's store says it went to this target before; then
 * the item succeeds as skipped.
 *
 * The store has no read-only lookup: a check records the key. So the record of a sent file is two keys, `sent`
 * and `confirmed`, written together once Concur confirmed; the check looks at `sent` first, takes it out again
 * at once when it was new, and asks for `confirmed` only when `sent` was there. A check cut off half-way (a
 * worker killed, the database gone) leaves `sent` without `confirmed`, which the next check sees as not sent.
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
	const sent = [
		'concur-imaging',
		'v1',
		file.verdict.sha256,
		target.resource,
		target.targetId ?? 'available-receipts',
		target.user ?? '',
	].join('\u001f');
	const record = { sent, confirmed: `${sent}\u001fconfirmed`, list: storeListOf(context, scope), scope };
	const turn = `${record.list}\u0000${sent}`;
	const before = IN_FLIGHT.get(turn);
	const mine = (async () => {
		if (before) await before.catch(() => undefined);
		return await sendUnlessRecorded(context, file, target, record, send);
	})();
	IN_FLIGHT.set(turn, mine);
	try {
		return await mine;
	} finally {
		if (IN_FLIGHT.get(turn) === mine) IN_FLIGHT.delete(turn);
	}
}

interface SentRecord {
	sent: string;
	confirmed: string;
	list: string;
	scope: DeduplicationScope;
}

async function sendUnlessRecorded(
	context: ItemContext,
	file: CheckedFile,
	target: SendTarget,
	record: SentRecord,
	send: () => Promise<OutputItem[]>,
): Promise<OutputItem[]> {
	const { helpers } = context.fn;
	const { scope } = record;
	const store = async <T>(call: () => Promise<T>): Promise<T> => {
		try {
			return await inTurn(record.list, call);
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
	const checkAndRecord = async (key: string) =>
		(await store(async () => await helpers.checkProcessedAndRecord([key], scope, STORE))).processed.length > 0;
	if (await checkAndRecord(record.sent)) {
		if (await checkAndRecord(record.confirmed)) return skippedOutput(context, file, target);
		// `sent` alone: left by a check that was cut off (or put back by a simultaneous execution's rewrite).
		await store(async () => await helpers.removeProcessed([record.sent, record.confirmed], scope, STORE));
	} else {
		await store(async () => await helpers.removeProcessed([record.sent], scope, STORE));
	}
	const output = await send();
	// Concur confirmed: from now on this file counts as sent to this target. (The store answered a moment ago;
	// should it fail now, the upload still succeeded and is reported as such.)
	await inTurn(record.list, async () => await helpers.checkProcessedAndRecord([record.sent, record.confirmed], scope, STORE))
		.then(() => toSettle(context.fn, record))
		.catch(() => undefined);
	return output;
}

// n8n's store keeps one list per workflow (scope Whole Workflow) or per node (This Node) and rewrites it whole
// on every call, without a lock: two calls that overlap leave only one of their changes. All executions that an
// n8n process runs share this module, so its calls on one list are made one at a time here (the uploads
// themselves still run side by side). Processes do not see each other's turns: settleSentRecords is what is
// left against another worker overwriting a record (README, "Scale out: queue mode").
const STORE_TURNS = new Map<string, Promise<unknown>>();

function storeListOf(context: ItemContext, scope: DeduplicationScope): string {
	const workflow = context.fn.getWorkflow().id ?? '';
	return scope === 'node' ? `${workflow}\u0000n:${context.fn.getNode().id}` : `${workflow}\u0000`;
}

async function inTurn<T>(list: string, call: () => Promise<T>): Promise<T> {
	const mine = (STORE_TURNS.get(list) ?? Promise.resolve()).then(async () => await timed(call));
	const settled = mine.catch(() => undefined);
	STORE_TURNS.set(list, settled);
	try {
		return await mine;
	} finally {
		if (STORE_TURNS.get(list) === settled) STORE_TURNS.delete(list);
	}
}

/** Runs a store call and remembers how long it took (the last 32 calls). */
async function timed<T>(call: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await call();
	} finally {
		recentCallMs.push(Date.now() - started);
		if (recentCallMs.length > 32) recentCallMs.shift();
	}
}

/** The records a run wrote, per store list, until settleSentRecords has read them back. */
const UNSETTLED = new WeakMap<object, Map<string, { scope: DeduplicationScope; keys: Set<string> }>>();

function toSettle(fn: object, record: SentRecord): void {
	let lists = UNSETTLED.get(fn);
	if (!lists) UNSETTLED.set(fn, (lists = new Map()));
	const list = lists.get(record.list) ?? { scope: record.scope, keys: new Set<string>() };
	list.keys.add(record.sent).add(record.confirmed);
	lists.set(record.list, list);
}

/** How often the records are read back and written again when another n8n process overwrote them. */
const SETTLE_ATTEMPTS = 4;
/** How long the records rest before they are read back: several times the slowest recent store call. */
const SETTLE_MIN_MS = 100;
const SETTLE_MAX_MS = 2_000;
const recentCallMs: number[] = [];

function settleDelayMs(): number {
	return Math.min(SETTLE_MAX_MS, Math.max(SETTLE_MIN_MS, 4 * Math.max(0, ...recentCallMs)));
}

/**
 * Called by the router once all items of a run have ended. n8n's store rewrites the whole list on every call
 * without a lock, and the turns of this module do not reach into other n8n processes (queue mode workers): a
 * call that another worker began before our record and ends after it writes the list back without it. Such a
 * call is over once the record has rested longer than a store call takes, so the records are read back after
 * that rest, and whatever was lost is written again and rests again. Seen in queue mode without it: a file
 * whose record another worker overwrote was stored twice on the re-run (README, "Scale out: queue mode").
 */
export async function settleSentRecords(fn: IExecuteFunctions): Promise<void> {
	const lists = UNSETTLED.get(fn);
	UNSETTLED.delete(fn);
	if (!lists) return;
	for (const [list, { scope, keys }] of lists) {
		let unsettled = [...keys];
		for (let attempt = 0; attempt < SETTLE_ATTEMPTS && unsettled.length; attempt++) {
			await sleep(settleDelayMs());
			const check = [...unsettled];
			const readBack = await inTurn(list, async () => await fn.helpers.checkProcessedAndRecord(check, scope, STORE)).catch(
				() => undefined,
			);
			if (!readBack) return; // the store is gone; the uploads themselves succeeded
			unsettled = readBack.new.map(String);
		}
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
