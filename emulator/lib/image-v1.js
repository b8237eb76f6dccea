// @ts-check
'use strict';

const { imageXml } = require('./http');
const { authenticate } = require('./auth');
const { receiveUpload } = require('./upload');
const { presign } = require('./image-host');
const { imageAdded } = require('./records');

const PREFIX = '/api/image/v1.0/';

/**
 * Image v1 ("Imaging Web Service") under /api/image/v1.0/:
 *   POST receipt | expenseentry/{id} | report/{id} | invoice/{id}   raw body → 201 (or 200) Image{Id, Url empty}
 *   GET  receipt/{imageId} | expenseentry/{id} | report/{id} | invoice/{id} → 200 Image{Id, Url pre-signed}
 * XML in the image namespace by default; JSON {Id, Url} with Accept: application/json.
 */

/**
 * @param {import('./http').Ctx} ctx
 * @param {number} status
 * @param {string} id
 * @param {string | null} url
 */
function sendImage(ctx, status, id, url) {
	if (ctx.format === 'json') return ctx.sendJson(status, { Id: id, Url: url });
	return ctx.sendXml(status, imageXml(id, url));
}

/**
 * @param {import('./auth').Auth} auth
 * @param {import('./state').Report} report
 */
function mayUseReport(auth, report) {
	return auth.isAdmin || report.ownerId === auth.actor.id;
}

/** @param {import('./http').Ctx} ctx */
async function handle(ctx) {
	const emu = ctx.emu;
	const state = emu.state;
	const rest = ctx.url.pathname.slice(PREFIX.length).replace(/\/+$/, '');
	const parts = rest.split('/').map((p) => {
		try {
			return decodeURIComponent(p);
		} catch {
			return p;
		}
	});
	const kind = (parts[0] || '').toLowerCase();
	const id = parts[1];
	const known = ['receipt', 'expenseentry', 'report', 'invoice'];
	if (!known.includes(kind) || parts.length > 2 || (kind !== 'receipt' && !id)) {
		return ctx.v1Error(404, `No HTTP resource was found that matches the request URI '${ctx.baseUrl}${ctx.url.pathname}'.`);
	}
	const method = ctx.method;
	const isPost = method === 'POST' && (kind === 'receipt' ? !id : true);
	const isGet = method === 'GET' && !!id;
	if (!isPost && !isGet) {
		return ctx.v1Error(405, `The requested resource does not support http method '${method}'.`, {
			Allow: kind === 'receipt' ? (id ? 'GET' : 'POST') : 'GET, POST',
		});
	}
	const auth = authenticate(ctx);
	if (!auth) return;
	const fail = (/** @type {number} */ status, /** @type {string} */ message) => ctx.v1Error(status, message);
	const how = {
		fail,
		unsupported: (/** @type {string} */ type) =>
			fail(
				400,
				`Content-Type "${type || '(none)'}" is not supported. Supported types: application/pdf, image/jpg, image/jpeg, image/png.`,
			),
	};
	const postStatus = emu.options.v1PostStatus;

	if (kind === 'receipt') {
		if (isPost) {
			const img = await receiveUpload(ctx, how);
			if (!img) return;
			const receipt = state.addReceipt(auth.actor.id, img);
			emu.changed();
			return sendImage(ctx, postStatus, receipt.id, null);
		}
		const receipt = state.receipts.get(id);
		if (!receipt || receipt.deleted) return fail(404, 'No image was found for the specified image Id.');
		if (!auth.isAdmin && receipt.ownerId !== auth.actor.id) {
			return fail(403, 'Forbidden: the image belongs to another user.');
		}
		return sendImage(ctx, 200, receipt.id, presign(emu, receipt.image, receipt.id));
	}

	if (kind === 'expenseentry') {
		const entry = state.entries.get(id);
		if (!entry) {
			return fail(404, isGet ? 'No image was found for the specified entry Id.' : `No expense entry was found with the id ${id}.`);
		}
		const report = state.reports.get(entry.reportId);
		if (!mayUseReport(auth, report)) {
			return fail(403, 'Forbidden: the expense entry belongs to another user and the caller is not an administrator.');
		}
		if (isGet) {
			if (!entry.image) return fail(404, 'No image was found for the specified entry Id.');
			return sendImage(ctx, 200, entry.id, presign(emu, entry.image, entry.id));
		}
		const already = () =>
			fail(400, `The expense entry ${id} already has an image; no more images can be added to an expense entry. Add pages at report level (POST report/{reportId}) instead.`);
		if (entry.image) return already();
		const img = await receiveUpload(ctx, how);
		if (!img) return;
		if (entry.image) {
			await emu.store.delete(img.blobKey); // lost a race with a concurrent upload to the same entry
			return already();
		}
		entry.image = img;
		report.version++;
		imageAdded(emu, report);
		emu.changed();
		return sendImage(ctx, postStatus, entry.id, null);
	}

	if (kind === 'invoice') {
		const invoice = state.invoices.get(id);
		if (!invoice) {
			return fail(404, isGet ? 'No image was found for the specified invoice Id.' : `No invoice (payment request) was found with the id ${id}.`);
		}
		if (isGet) {
			if (!invoice.image) return fail(404, 'No image was found for the specified invoice Id.');
			return sendImage(ctx, 200, invoice.id, presign(emu, invoice.image, invoice.id));
		}
		const already = () =>
			fail(400, `The invoice ${id} already has an image; no more images can be added to an invoice.`);
		if (invoice.image) return already();
		const img = await receiveUpload(ctx, how);
		if (!img) return;
		if (invoice.image) {
			await emu.store.delete(img.blobKey);
			return already();
		}
		invoice.image = img;
		imageAdded(emu, invoice);
		emu.changed();
		return sendImage(ctx, postStatus, invoice.id, null);
	}

	// report
	const report = state.reports.get(id);
	if (!report) {
		return fail(404, isGet ? 'No image was found for the specified report Id or barcode.' : `No expense report was found with the id ${id}.`);
	}
	if (!mayUseReport(auth, report)) {
		return fail(403, 'Forbidden: the expense report belongs to another user and the caller is not an administrator.');
	}
	if (isPost) {
		const img = await receiveUpload(ctx, how);
		if (!img) return;
		report.images.push(img);
		report.version++;
		imageAdded(emu, report);
		emu.changed();
		return sendImage(ctx, postStatus, report.id, null);
	}
	const bundle = await emu.reportBundle(report);
	if (!bundle) return fail(404, 'No image was found for the specified report Id or barcode.');
	return sendImage(ctx, 200, report.id, presign(emu, bundle, report.id));
}

module.exports = { handle, PREFIX };
