// @ts-check
'use strict';

const crypto = require('node:crypto');
const zlib = require('node:zlib');
const { EXTENSIONS } = require('./media');
const { encodeId } = require('./http');

/**
 * The separate image host: serves pre-signed, short-lived links (like Concur's imagingupload host) WITHOUT any
 * Authorization header. Link: `<imageBaseUrl>/file/<companyKey>/<blobKey>?id=<entity id>&e=<expiry, epoch s>&t=AN&s=<HMAC>`.
 * Expired or tampered link → 403 with a small XML body. A link whose image was deleted since → 404.
 */

/**
 * @param {any} emu
 * @param {import('./state').Img} img
 * @param {string} entityId
 */
function presign(emu, img, entityId) {
	const e = emu.clock.nowSeconds() + Math.round(emu.options.imageUrlTtlSeconds);
	const path = `/file/${emu.companyKey}/${img.blobKey}`;
	const s = sign(emu, path, entityId, String(e));
	return `${emu.urls.image}${path}?id=${encodeId(entityId)}&e=${e}&t=AN&s=${s}`;
}

/**
 * @param {any} emu
 * @param {string} path
 * @param {string} id
 * @param {string} e
 */
function sign(emu, path, id, e) {
	return crypto.createHmac('sha256', emu.urlKey).update(`${path}|${id}|${e}`).digest('base64url').slice(0, 32);
}

/**
 * @param {import('./http').Ctx} ctx
 * @param {number} status
 * @param {string} code
 * @param {string} message
 */
function denied(ctx, status, code, message) {
	ctx.respond(
		status,
		{ 'Content-Type': 'application/xml' },
		`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
	);
}

/** @param {import('./http').Ctx} ctx */
async function serve(ctx) {
	const emu = ctx.emu;
	if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return denied(ctx, 405, 'MethodNotAllowed', 'Only GET is allowed.');
	const m = /^\/file\/([^/]+)\/([A-Za-z0-9_-]+)$/.exec(ctx.url.pathname);
	if (!m) return denied(ctx, 404, 'NotFound', 'The specified resource does not exist.');
	if (ctx.req.headers.authorization && emu.options.imageUrlAuthorization === 'reject') {
		return denied(
			ctx,
			400,
			'InvalidArgument',
			'Only one auth mechanism allowed: this is a pre-signed URL, do not send an Authorization header with it.',
		);
	}
	const q = ctx.url.searchParams;
	const id = q.get('id') || '';
	const e = q.get('e') || '';
	const s = q.get('s') || '';
	const want = sign(emu, ctx.url.pathname, id, e);
	const ok = s.length === want.length && crypto.timingSafeEqual(Buffer.from(s), Buffer.from(want));
	if (!ok || q.get('t') !== 'AN') {
		return denied(ctx, 403, 'SignatureDoesNotMatch', 'The request signature does not match. The link was altered.');
	}
	if (!/^\d+$/.test(e) || emu.clock.nowSeconds() >= Number(e)) {
		return denied(ctx, 403, 'AccessDenied', 'Request has expired. Get a new image URL from the API.');
	}
	const blobKey = m[2];
	const img = emu.findImage(blobKey);
	if (!img || !(await emu.store.exists(blobKey))) {
		return denied(ctx, 404, 'NoSuchKey', 'The image no longer exists.');
	}
	/** @type {Record<string, string | number>} */
	const headers = { 'Content-Type': img.mimeType, 'Cache-Control': 'private, max-age=0' };
	const disposition = emu.options.imageContentDisposition;
	if (typeof disposition === 'string') {
		headers['Content-Disposition'] = disposition; // verbatim: hostile names such as filename*=UTF-8''..%2F..
	} else if (disposition) {
		const ext = /** @type {Record<string, string>} */ (EXTENSIONS)[img.mimeType] || 'bin';
		headers['Content-Disposition'] = `attachment; filename="${id.replace(/[^A-Za-z0-9$._-]/g, '_')}.${ext}"`;
	}
	const fault = ctx.fault;
	const kind = fault && fault.kind;
	if (kind === 'malformed' || kind === '500') {
		return ctx.respond(200, headers, Buffer.from('%PDF-1.4\n%broken'));
	}
	const gzip = emu.options.imageContentEncoding === 'gzip';
	if (gzip || (fault && !ctx.faultStruck)) {
		// Buffered: the encoded length must be known, and after-phase faults (truncate, short, slow-body, reset
		// with after: true, …) spoil a complete answer in ctx.respond.
		let body = await emu.store.read(blobKey);
		if (gzip) {
			body = zlib.gzipSync(body);
			headers['Content-Encoding'] = 'gzip';
		}
		if (ctx.method === 'HEAD') {
			ctx.res.writeHead(200, { ...headers, 'Content-Length': body.length });
			return ctx.res.end();
		}
		return ctx.respond(200, headers, body);
	}
	const res = ctx.res;
	res.writeHead(200, { ...headers, 'Content-Length': img.size });
	if (ctx.method === 'HEAD') return res.end();
	await new Promise((resolve) => {
		const rs = emu.store.stream(blobKey);
		rs.on('error', () => res.destroy());
		res.on('close', () => {
			rs.destroy();
			resolve(undefined);
		});
		rs.pipe(res);
	});
}

module.exports = { presign, serve };
