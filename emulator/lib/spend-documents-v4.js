// @ts-check
'use strict';

const crypto = require('node:crypto');
const { authenticateV4, readMultipart, storeFilePart, parseJsonPart, hex32 } = require('./v4-common');
const { EXTENSIONS } = require('./media');

/**
 * Spend Documents v4 (developer.concur.com, api-reference/spend-documents/: post-receipt, get-receipt, schema):
 *   POST /spend-documents/v4/receipts                 multipart: `receipt` (JSON {metadata:{userId, companyId,
 *        origin, provider, feature}}) and the file (`document` in the request table, `image` in the curl example:
 *        option spendDocumentsFilePart) → 202 (example) or 200 (status list) {id, imageId, href}
 *   GET  /spend-documents/v4/receipts/{receiptId}                          receipt {metadata, receiptData, documents[]}
 *   GET  /spend-documents/v4/receipts?imageId=&companyId=                   the same, by image id
 *   GET  /spend-documents/v4/receipts/{receiptId}/representations?type=display|compliance   the bytes
 *   GET  /spend-documents/v4/receipts?imageId=&companyId=&type=             the bytes (get-receipt page)
 *   GET  /spend-documents/v4/receipts/representations?imageId=&companyId=&type=  the bytes (tax integration guide)
 * Errors {timestamp, status, message}. Types PDF, JPEG, PNG, GIF; no size is documented (the Imaging cap here).
 * Scopes: spenddocs.receipts.write or .writeonly (POST), spenddocs.receipts.read (GET), and for the compliance
 * representation spenddocs.receipts.compliance.read (scope table) or spenddocs.compliance.read (get-receipt page).
 * A posted receipt also lands in the user's Available Receipts (Receipt Images v3 / Image v1 see it).
 */

const PREFIX = '/spend-documents/v4/receipts';
const TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/gif'];

/** @param {string} path */
const matches = (path) => path === PREFIX || path.startsWith(`${PREFIX}/`) || path === `${PREFIX}/`;

/**
 * @param {import('./http').Ctx} ctx
 * @param {import('./v4-common').SpendDocument} doc
 */
function receiptJson(ctx, doc) {
	const ext = /** @type {Record<string, string>} */ (EXTENSIONS)[doc.image.mimeType] || 'gif';
	const href = (/** @type {string} */ type) => `${ctx.baseUrl}${PREFIX}/${doc.id}/representations?type=${type}`;
	return {
		metadata: {
			...doc.metadata,
			userId: doc.userId,
			companyId: doc.companyId,
			imageId: doc.imageId,
			id: doc.id,
			dateTimeReceived: new Date(doc.createdAt).toISOString(),
			status: 'processed',
			compliance: { status: 'processed' },
		},
		receiptData: {},
		documents: ['display', 'compliance'].map((representation) => ({
			representation,
			type: doc.image.mimeType,
			name: representation === 'display' ? doc.fileName || `${doc.id}.${ext}` : `${doc.id}.${ext}`,
			renderable: true,
			href: href(representation),
		})),
	};
}

/** @param {import('./http').Ctx} ctx */
async function handle(ctx) {
	const { emu } = ctx;
	const state = emu.state;
	/** @param {number} status @param {string} message */
	const fail = (status, message) => ctx.sendJson(status, { timestamp: new Date(emu.clock.now()).toISOString(), status: String(status), message });
	const rest = ctx.url.pathname.slice(PREFIX.length).replace(/\/+$/, '');
	const q = ctx.url.searchParams;

	if (ctx.method === 'POST' && rest === '') {
		const auth = authenticateV4(ctx, [['spenddocs.receipts.write', 'spenddocs.receipts.writeonly']], fail);
		if (!auth) return;
		const parts = await readMultipart(ctx, emu.options.maxUploadBytes, fail);
		if (!parts) return;
		const receiptPart = parts.find((p) => p.name === 'receipt');
		const partName = emu.options.spendDocumentsFilePart;
		const filePart = parts.find((p) => p.name === partName);
		if (!receiptPart) return fail(400, 'The part "receipt" (the receipt data in JSON format) is required.');
		if (!filePart) return fail(400, `The file part "${partName}" is required.`);
		const receipt = parseJsonPart(receiptPart.data);
		const metadata = receipt && typeof receipt === 'object' ? receipt.metadata : undefined;
		if (!metadata || typeof metadata !== 'object') return fail(400, 'receipt.metadata is required.');
		const user = state.users.get(String(metadata.userId || ''));
		if (!user) return fail(400, `receipt.metadata.userId "${metadata.userId ?? ''}" is not a user UUID of this company.`);
		if (metadata.companyId !== state.company.id) return fail(400, `receipt.metadata.companyId "${metadata.companyId ?? ''}" is not this company's UUID.`);
		if (!auth.isCompany && auth.actor.id !== user.id) return fail(403, 'A user access token can only post receipts for its own user.');
		const image = await storeFilePart(ctx, filePart, { types: TYPES, maxBytes: emu.options.maxUploadBytes, tooLarge: 400, unsupported: 400 }, fail);
		if (!image) return;
		const available = state.addReceipt(user.id, await state.storeBuffer(Buffer.from(filePart.data), image.mimeType, image.pageCount));
		const doc = {
			id: crypto.randomUUID(),
			imageId: hex32(),
			userId: user.id,
			companyId: state.company.id,
			metadata,
			image,
			fileName: filePart.filename,
			filePart: partName,
			createdAt: emu.clock.now(),
			availableReceiptId: available.id,
		};
		emu.v4.spendDocuments.set(doc.id, doc);
		emu.changed();
		return ctx.sendJson(emu.options.spendDocumentsPostStatus, { imageId: doc.imageId, href: `${ctx.baseUrl}${PREFIX}/${doc.id}`, id: doc.id });
	}
	if (ctx.method !== 'GET') return fail(405, `${ctx.method} is not supported on ${ctx.url.pathname}.`);

	// Which receipt, and whether the bytes of a representation are asked for.
	let m = /^\/([^/]+)(\/representations)?$/.exec(rest);
	const byImage = rest === '' || rest === '/representations';
	if (!byImage && !m) return fail(404, `No resource at ${ctx.url.pathname}.`);
	const wantsBytes = byImage ? rest === '/representations' || q.has('type') : Boolean(m && m[2]);
	const type = q.get('type');
	const scopes = [['spenddocs.receipts.read']];
	if (wantsBytes && type === 'compliance') scopes.push(['spenddocs.receipts.compliance.read', 'spenddocs.compliance.read']);
	const auth = authenticateV4(ctx, scopes, fail);
	if (!auth) return;
	/** @type {import('./v4-common').SpendDocument | undefined} */
	let doc;
	if (byImage) {
		const imageId = q.get('imageId');
		const companyId = q.get('companyId');
		if (!imageId || !companyId) return fail(400, 'Either a receiptId in the path or imageId and companyId are required.');
		if (companyId !== state.company.id) return fail(404, 'No receipt with this imageId in this company.');
		doc = [...emu.v4.spendDocuments.values()].find((d) => d.imageId === imageId);
	} else {
		doc = emu.v4.spendDocuments.get(decodeURIComponent(/** @type {RegExpExecArray} */ (m)[1]));
	}
	if (!doc) return fail(404, 'Receipt not found.');
	if (!auth.isCompany && !auth.isAdmin && auth.actor.id !== doc.userId) return fail(403, 'This receipt belongs to another user.');
	if (!wantsBytes) return ctx.sendJson(200, receiptJson(ctx, doc));
	if (type !== 'display' && type !== 'compliance') return fail(400, 'The query parameter type must be display or compliance.');
	const bytes = await emu.store.read(doc.image.blobKey);
	return ctx.respond(200, { 'Content-Type': doc.image.mimeType }, bytes);
}

module.exports = { handle, matches, PREFIX };
