// @ts-check
'use strict';

const crypto = require('node:crypto');
const { el, imageXml, encodeId } = require('./http');
const { authenticate } = require('./auth');
const { receiveUpload } = require('./upload');
const { presign } = require('./image-host');
const { mergeToPdf, pdfPageCount } = require('./pdf');

const PREFIX = '/api/v3.0/expense/receiptimages';

/**
 * Receipt Images v3: the user's Available Receipts (the same store as Image v1 POST receipt).
 *   GET    /receiptimages?offset&limit&user   200 ReceiptImages{Items[ReceiptImage{ID,URI}], NextPage}
 *   GET    /receiptimages/{id}                200 ReceiptImage{ID, URI = temporary image URL} (or v1-style Image)
 *   POST   /receiptimages                     200 ReceiptImage{ID, URI = resource URL}
 *   PUT    /receiptimages/{id}                200 empty; the image becomes one consolidated PDF
 *   DELETE /receiptimages/{id}                204 (or 200)
 * XML by default (no namespace), JSON with Accept: application/json. Errors have a top-level Message.
 */

/**
 * @param {import('./http').Ctx} ctx
 * @param {string} id
 */
function resourceUrl(ctx, id) {
	return `${ctx.baseUrl}${PREFIX}/${encodeId(id)}`;
}

/**
 * @param {import('./http').Ctx} ctx
 * @param {number} status
 * @param {string} id
 * @param {string} uri
 */
function sendReceiptImage(ctx, status, id, uri) {
	if (ctx.format === 'json') return ctx.sendJson(status, { ID: id, URI: uri });
	return ctx.sendXml(status, `<ReceiptImage xmlns:i="http://www.w3.org/2001/XMLSchema-instance">${el('ID', id)}${el('URI', uri)}</ReceiptImage>`);
}

/**
 * @param {any} emu
 * @param {number} index
 */
function encodeOffset(emu, index) {
	const mac = crypto.createHmac('sha256', emu.urlKey).update(`offset:${index}`).digest('hex').slice(0, 8);
	return Buffer.from(`${index}:${mac}`).toString('base64url');
}

/**
 * @param {any} emu
 * @param {string} offset
 * @returns {number | null}
 */
function decodeOffset(emu, offset) {
	const m = /^(\d+):([0-9a-f]{8})$/.exec(Buffer.from(offset, 'base64url').toString('utf8'));
	if (!m) return null;
	const index = Number(m[1]);
	return encodeOffset(emu, index) === offset ? index : null;
}

/** @param {import('./http').Ctx} ctx */
async function handle(ctx) {
	const emu = ctx.emu;
	const state = emu.state;
	const rest = ctx.url.pathname.slice(PREFIX.length).replace(/\/+$/, '');
	if (rest !== '' && !/^\/[^/]+$/.test(rest)) {
		return ctx.v3Error(404, `No HTTP resource was found that matches the request URI '${ctx.baseUrl}${ctx.url.pathname}'.`);
	}
	let id = rest ? rest.slice(1) : '';
	try {
		id = decodeURIComponent(id);
	} catch {
		/* keep raw */
	}
	const method = ctx.method;
	const allowed = id ? ['GET', 'PUT', 'DELETE'] : ['GET', 'POST'];
	if (!allowed.includes(method)) {
		ctx.respond(...ctx.errorParts(405, `The requested resource does not support http method '${method}'.`, 'v3'));
		return;
	}
	const auth = authenticate(ctx);
	if (!auth) return;
	const fail = (/** @type {number} */ s, /** @type {string} */ m) => ctx.v3Error(s, m);

	// The `user` query parameter: act for another user (needs admin rights or a company token).
	let actor = auth.actor;
	const userParam = ctx.url.searchParams.get('user');
	if (userParam) {
		const target = state.findUserByLogin(userParam);
		if (!auth.isAdmin && (!target || target.id !== auth.actor.id)) {
			return fail(403, 'The user parameter requires Web Services Administrator (Professional) or Can Administer (Standard) rights.');
		}
		if (!target) return fail(400, `User "${userParam}" was not found.`);
		actor = target;
	}
	const how = {
		fail,
		unsupported: (/** @type {string} */ type) =>
			fail(emu.options.v3UnsupportedTypeStatus, `Content-Type "${type}" is unsupported.`),
	};

	if (!id && method === 'GET') {
		const q = ctx.url.searchParams;
		let index = 0;
		const offset = q.get('offset');
		if (offset !== null && offset !== '') {
			const decoded = decodeOffset(emu, offset);
			if (decoded === null) return fail(400, `The offset "${offset}" is not valid.`);
			index = decoded;
		}
		let limit = 25;
		const limitRaw = q.get('limit');
		if (limitRaw !== null && limitRaw !== '') {
			if (!/^\d+$/.test(limitRaw) || Number(limitRaw) < 1) return fail(400, `The limit "${limitRaw}" is not valid.`);
			limit = Math.min(100, Number(limitRaw));
		}
		const all = state.receiptsOf(actor.id);
		const page = all.slice(index, index + limit);
		let next = null;
		if (index + limit < all.length) {
			const u = new URL(`${ctx.baseUrl}${PREFIX}`);
			u.searchParams.set('offset', encodeOffset(emu, index + limit));
			u.searchParams.set('limit', String(limit));
			if (userParam) u.searchParams.set('user', userParam);
			next = u.toString();
		}
		const items = page.map((/** @type {any} */ r) => ({ ID: r.id, URI: resourceUrl(ctx, r.id) }));
		if (ctx.format === 'json') return ctx.sendJson(200, { Items: items, NextPage: next });
		const xmlItems = items.map((/** @type {{ID: string, URI: string}} */ i) => `<ReceiptImage>${el('ID', i.ID)}${el('URI', i.URI)}</ReceiptImage>`).join('');
		return ctx.sendXml(
			200,
			`<ReceiptImages xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Items>${xmlItems}</Items>${el('NextPage', next)}</ReceiptImages>`,
		);
	}

	if (!id && method === 'POST') {
		const img = await receiveUpload(ctx, how);
		if (!img) return;
		const receipt = state.addReceipt(actor.id, img);
		emu.changed();
		return sendReceiptImage(ctx, 200, receipt.id, resourceUrl(ctx, receipt.id));
	}

	const receipt = state.receipts.get(id);
	if (!receipt) return fail(404, `The receipt image "${id}" was not found.`);
	if (receipt.deleted) {
		return fail(emu.options.v3DeletedGetStatus, `The receipt image "${id}" was deleted.`);
	}
	if (receipt.ownerId !== actor.id && !(auth.isAdmin && !userParam)) {
		return fail(404, `The receipt image "${id}" was not found.`);
	}

	if (method === 'GET') {
		const url = presign(emu, receipt.image, receipt.id);
		if (emu.options.v3GetShape === 'Image') {
			if (ctx.format === 'json') return ctx.sendJson(200, { Id: receipt.id, Url: url });
			return ctx.sendXml(200, imageXml(receipt.id, url));
		}
		return sendReceiptImage(ctx, 200, receipt.id, url);
	}

	if (method === 'PUT') {
		const img = await receiveUpload(ctx, how);
		if (!img) return;
		const old = receipt.image;
		const parts = [
			{ mimeType: old.mimeType, bytes: await emu.store.read(old.blobKey), label: receipt.id },
			{ mimeType: img.mimeType, bytes: await emu.store.read(img.blobKey), label: 'appended' },
		];
		const merged = await mergeToPdf(parts);
		receipt.image = await state.storeBuffer(merged, 'application/pdf', await pdfPageCount(merged));
		await emu.store.delete(old.blobKey);
		await emu.store.delete(img.blobKey);
		emu.changed();
		return ctx.respond(200, { 'Content-Length': 0 });
	}

	// DELETE
	receipt.deleted = true;
	await emu.store.delete(receipt.image.blobKey);
	emu.changed();
	return ctx.respond(emu.options.v3DeleteStatus, {});
}

module.exports = { handle, PREFIX };
