import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { toConcurDate } from '../api/dates';
import { describeImage, downloadImageOf, requestImageLink } from '../actions/imageGet';
import { asNodeError, errorCodeOf } from '../errors';
import type { Authentication } from '../transport';
import { ConcurClient } from '../transport';
import type { Cursor, IdCursor, TimedCursor } from './cursor';
import {
	BASELINE_LOOKBACK_MS,
	baselineCursor,
	emptyTimedCursor,
	readCursor,
	selectEvents,
	selectNewIds,
	windowStart,
} from './cursor';
import type { EventRecord, EventSource } from './events';
import { eventSource } from './events';

const DAY_MS = 24 * 3600 * 1000;
/** The manual test looks back this far, widening until it finds a match. */
const MANUAL_WINDOWS_MS = [7 * DAY_MS, 365 * DAY_MS, undefined];
const MANUAL_LIMIT = 1000;

/**
 * The trigger's poll. In the editor's manual test it returns the latest match and leaves the cursor alone. When
 * active it emits each event once: the first poll only sets the cursor (unless Include Existing), later polls
 * emit what changed since, and the cursor is saved with n8n's static data.
 */
export async function pollConcur(fn: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const options = fn.getNodeParameter('options', {}) as IDataObject;
	const authentication = fn.getNodeParameter('authentication', 'companyApi') as Authentication;
	const source = eventSource({
		event: fn.getNodeParameter('event', 'reportReachedStatus') as string,
		node: fn.getNode(),
		company: authentication !== 'userOAuth2',
		reportApprovalStatus: fn.getNodeParameter('reportApprovalStatus', []),
		reportPaymentStatus: fn.getNodeParameter('reportPaymentStatus', []),
		invoiceApprovalStatus: fn.getNodeParameter('invoiceApprovalStatus', ''),
		invoicePaymentStatus: fn.getNodeParameter('invoicePaymentStatus', ''),
		owner: String(options.owner ?? '').trim() || undefined,
		user: String(options.user ?? '').trim() || undefined,
	});
	const client = new ConcurClient(fn, authentication, { maxRetries: 3, initialDelayMs: 1000, maxDelayMs: 60_000 });

	const records = fn.getMode() === 'manual' ? await latestMatch(client, source) : await newEvents(fn, client, source, options);
	if (!records.length) return null;
	const items: INodeExecutionData[] = [];
	for (const record of records) items.push(await withImage(fn, client, record, options));
	return [items];
}

/** The newest record that matches now (the last one listed for receipts, which have no time). */
async function latestMatch(client: ConcurClient, source: EventSource): Promise<EventRecord[]> {
	if (!source.timed) {
		const { records } = await source.list(client, { limit: MANUAL_LIMIT });
		return records.slice(-1);
	}
	for (const span of MANUAL_WINDOWS_MS) {
		const modifiedAfter = span === undefined ? undefined : toConcurDate(Date.now() - span);
		const { records } = await source.list(client, { modifiedAfter, limit: MANUAL_LIMIT });
		const newest = records.reduce<EventRecord | undefined>(
			(best, record) => (!best || String(record.modified ?? '') > String(best.modified ?? '') ? record : best),
			undefined,
		);
		if (newest) return [newest];
	}
	return [];
}

async function newEvents(fn: IPollFunctions, client: ConcurClient, source: EventSource, options: IDataObject): Promise<EventRecord[]> {
	const staticData = fn.getWorkflowStaticData('node');
	const stored = readCursor(staticData.cursor, source.watch, source.timed ? 'timed' : 'ids');
	const includeExisting = options.includeExisting === true;
	// Stop paging with time to spare (n8n abandons a poll after its budget); the rest comes next poll.
	const startedAt = Date.now();
	const budgetMs = typeof fn.getPollBudgetMs === 'function' ? fn.getPollBudgetMs() : 5 * 60_000;
	const more = () => Date.now() - startedAt < budgetMs * 0.6;
	const save = (cursor: Cursor) => {
		staticData.cursor = cursor as unknown as IDataObject;
	};

	if (!source.timed) {
		const cursor = (stored as IdCursor | undefined) ?? { kind: 'ids', watch: source.watch, ids: [] };
		const { records, complete } = await source.list(client, { limit: Infinity, more });
		const { events, next } = selectNewIds(cursor, records.map((record) => record.id), complete);
		save(next);
		if (!stored && !includeExisting) return [];
		const wanted = new Set(events);
		return records.filter((record) => wanted.has(record.id));
	}

	if (!stored && !includeExisting) {
		// Everything that matches now, not only what changed lately: a record approved long ago must not fire when
		// it is next edited.
		const lookbackStart = toConcurDate(Date.now() - BASELINE_LOOKBACK_MS);
		const { records } = await source.list(client, { limit: Infinity, more });
		save(baselineCursor(source.watch, records, lookbackStart));
		return [];
	}
	const cursor = (stored as TimedCursor | undefined) ?? emptyTimedCursor(source.watch);
	const { records, complete } = await source.list(client, { modifiedAfter: windowStart(cursor), limit: Infinity, more });
	const { events, next } = selectEvents(cursor, records, complete);
	save(next);
	const wanted = new Set(events.map((event) => event.id));
	const seen = new Set<string>();
	return records.filter((record) => wanted.has(record.id) && !seen.has(record.id) && seen.add(record.id));
}

/**
 * The event's output item; with Download Image, its image as a file. A failed download does not hold the event
 * back (it would block every later one): the item says why under `downloadError`, and Report > Get or
 * Invoice > Get can fetch the image later.
 */
async function withImage(
	fn: IPollFunctions,
	client: ConcurClient,
	record: EventRecord,
	options: IDataObject,
): Promise<INodeExecutionData> {
	if (options.downloadImage !== true) return { json: record.json };
	const node = fn.getNode();
	try {
		const first = await requestImageLink(client, node, 0, record.image);
		const { link, file } = await downloadImageOf(client, node, 0, record.image, first);
		const described = describeImage(file, link, record.image);
		const field = String(options.outputBinaryPropertyName ?? '').trim() || 'data';
		const binary = await fn.helpers.prepareBinaryData(file.body, described.fileName, described.mimeType);
		return { json: { ...record.json, ...described }, binary: { [field]: binary } };
	} catch (caught) {
		const error = asNodeError(node, caught, 0);
		return { json: { ...record.json, downloadError: { code: errorCodeOf(error) ?? 'CONCUR_ERROR', message: error.message } } };
	}
}
