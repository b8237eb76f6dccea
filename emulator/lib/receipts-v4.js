// @ts-check
'use strict';

const crypto = require('node:crypto');
const { authenticateV4, pathUser, readMultipart, storeFilePart, parseJsonPart } = require('./v4-common');

/**
 * Receipts v4, image-only receipts (developer.concur.com, api-reference/receipts/endpoints; Receipts.swagger2.json):
 *   POST /receipts/v4/users/{userId}/image-only-receipts   multipart: image (file, required), clientData (JSON,
 *        optional), forwardId (≤ 40 chars, optional; a known one → 304) → 202, Content-Length 0,
 *        Link: <…/receipts/v4/status/{id}>; rel="processing-status", Location: …/receipts/v4/images/{id} (example)
 *        or …/receipts/v4/image-only-receipts/{id} (option receiptsV4Location); 400, 401, 403, 413, 415
 *   GET  /receipts/v4/status/{id}                  {status: ACCEPTED|PROCESSING|PROCESSED|FAILED, logs[]}
 *   GET  /receipts/v4/image-only-receipts/{id}     {dateTimeReceived, id, image, userId, …}
 *   GET  /receipts/v4/image-only-receipts/{id}/image   the bytes
 * Types png, jpg, jpeg, tiff, tif, gif, pdf; at most 25 MB (endpoints page). Scopes: receipts.write or
 * receipts.writeonly (POST), receipts.read (GET). Processing: each status read moves a receipt on; after
 * receiptsV4PollsToProcess reads it ends as receiptsV4Outcome (PROCESSED puts it in Available Receipts).
 */

const PREFIX = '/receipts/v4';
const TYPES = ['image/png', 'image/jpeg', 'image/tiff', 'image/gif', 'application/pdf'];

/** @param {string} path */
const matches = (path) => path.startsWith(`${PREFIX}/`);

/** @param {number} ms */
const httpDate = (ms) => new Date(ms).toUTCString();

/**
 * The processing status as Concur's status resource reports it; reading it moves processing on.
 * @param {any} emu
 * @param {import('./v4-common').ImageOnlyReceipt} receipt
 */
async function statusOf(emu, receipt) {
	const { receiptsV4PollsToProcess: polls, receiptsV4Outcome: outcome } = emu.options;
	const reads = receipt.statusReads++;
	const at = httpDate(receipt.createdAt);
	const logs = [{ logLevel: 'INFO', message: 'Receipt accepted. Queued for processing.', timestamp: at }];
	if (reads < polls) {
		if (reads > 0) logs.push({ logLevel: 'INFO', message: 'Initiated receipt processing.', timestamp: at });
		return { status: reads === 0 ? 'ACCEPTED' : 'PROCESSING', logs };
	}
	logs.push({ logLevel: 'INFO', message: 'Initiated receipt processing.', timestamp: at });
	if (outcome === 'FAILED') {
		logs.push({ logLevel: 'ERROR', message: 'Processing failed.', timestamp: at });
		return { status: 'FAILED', logs };
	}
	if (!receipt.availableReceiptId) {
		const copy = await emu.state.storeBuffer(await emu.store.read(receipt.image.blobKey), receipt.image.mimeType, receipt.image.pageCount);
		receipt.availableReceiptId = emu.state.addReceipt(receipt.userId, copy).id;
	}
	logs.push({ logLevel: 'INFO', message: 'Receipt image generated.', timestamp: at }, { logLevel: 'INFO', message: 'Processing finished.', timestamp: at });
	return { status: 'PROCESSED', logs };
}

/** @param {import('./http').Ctx} ctx */
async function handle(ctx) {
	const { emu } = ctx;
	/** @param {number} status @param {string} message */
	const fail = (status, message) => ctx.sendJson(status, { code: status, message });
	const path = ctx.url.pathname.replace(/\/+$/, '');
	const post = /^\/receipts\/v4\/users\/([^/]+)\/image-only-receipts$/i.exec(path);
	if (post && ctx.method === 'POST') {
		const auth = authenticateV4(ctx, [['receipts.write', 'receipts.writeonly']], fail);
		if (!auth) return;
		const user = pathUser(ctx, auth, decodeURIComponent(post[1]), fail);
		if (!user) return;
		const parts = await readMultipart(ctx, emu.options.receiptsV4MaxBytes, fail);
		if (!parts) return;
		const imagePart = parts.find((p) => p.name === 'image');
		if (!imagePart) return fail(400, 'The part "image" (the receipt image) is required.');
		const forwardPart = parts.find((p) => p.name === 'forwardId');
		const forwardId = forwardPart ? forwardPart.data.toString('utf8') : null;
		if (forwardId !== null && (forwardId.length === 0 || forwardId.length > 40)) return fail(400, 'forwardId must have 1 to 40 characters.');
		if (forwardId && [...emu.v4.imageOnlyReceipts.values()].some((r) => r.forwardId === forwardId && r.userId === user.id)) {
			return ctx.respond(304, {});
		}
		const clientPart = parts.find((p) => p.name === 'clientData');
		const clientData = clientPart ? parseJsonPart(clientPart.data) : undefined;
		if (clientPart && clientData === undefined) return fail(400, 'clientData must be JSON.');
		const image = await storeFilePart(ctx, imagePart, { types: TYPES, maxBytes: emu.options.receiptsV4MaxBytes, tooLarge: 413, unsupported: 415 }, fail);
		if (!image) return;
		const id = crypto.randomBytes(16).toString('hex');
		emu.v4.imageOnlyReceipts.set(id, { id, userId: user.id, image, fileName: imagePart.filename, forwardId, clientData, statusReads: 0, createdAt: emu.clock.now() });
		emu.changed();
		const location = emu.options.receiptsV4Location === 'images' ? `${ctx.baseUrl}${PREFIX}/images/${id}` : `${ctx.baseUrl}${PREFIX}/image-only-receipts/${id}`;
		return ctx.respond(202, { Link: `<${ctx.baseUrl}${PREFIX}/status/${id}>; rel="processing-status"`, Location: location, 'Content-Length': 0 });
	}
	if (ctx.method !== 'GET') return fail(405, `${ctx.method} is not supported on ${path} by the emulator.`);
	const get = /^\/receipts\/v4\/(status|image-only-receipts|images)\/([^/]+)(\/image)?$/i.exec(path);
	if (!get || (get[1] === 'status' && get[3])) return fail(404, `No resource at ${path}.`);
	const auth = authenticateV4(ctx, [['receipts.read', 'receipts.write']], fail);
	if (!auth) return;
	const receipt = emu.v4.imageOnlyReceipts.get(get[2]);
	if (!receipt) return fail(404, get[1] === 'status' ? 'No status record exists for this receiptId.' : 'No receipt exists with this ID.');
	if (!auth.isCompany && !auth.isAdmin && auth.actor.id !== receipt.userId) return fail(403, 'This receipt belongs to another user.');
	if (get[1] === 'status') return ctx.sendJson(200, await statusOf(emu, receipt));
	if (get[3]) return ctx.respond(200, { 'Content-Type': receipt.image.mimeType }, await emu.store.read(receipt.image.blobKey));
	return ctx.sendJson(200, {
		dateTimeReceived: new Date(receipt.createdAt).toString(),
		id: receipt.id,
		image: `${ctx.baseUrl}${PREFIX}/image-only-receipts/${receipt.id}/image`,
		userId: receipt.userId,
		...(receipt.forwardId ? { forwardId: receipt.forwardId } : {}),
		self: `${ctx.baseUrl}${PREFIX}/image-only-receipts/${receipt.id}`,
	});
}

module.exports = { handle, matches, PREFIX };
