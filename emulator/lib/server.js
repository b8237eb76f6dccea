// @ts-check
'use strict';

const crypto = require('node:crypto');
const { Ctx } = require('./http');
const { strike, phaseOf } = require('./fault-actions');
const admin = require('./admin');
const oauth = require('./oauth');
const imageV1 = require('./image-v1');
const receiptImagesV3 = require('./receipt-images-v3');
const imageHost = require('./image-host');
const reportsV3 = require('./reports-v3');
const digestsV3 = require('./invoice-digests-v3');
const v4 = require('./v4-routes');

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The request pipeline of one host (data center 'us' / 'eu', or the 'image' host):
 * correlation id → admin? → log → fault → latency → route.
 * @param {any} emu
 * @param {'us'|'eu'|'image'} dc
 */
function createHandler(emu, dc) {
	/**
	 * @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res
	 */
	return async function handler(req, res) {
		let url;
		try {
			url = new URL(req.url || '/', 'http://emulator.invalid');
		} catch {
			res.writeHead(400).end();
			return;
		}
		const sent = req.headers['concur-correlationid'];
		const correlationId = (Array.isArray(sent) ? sent[0] : sent) || crypto.randomUUID();
		res.setHeader('concur-correlationid', correlationId);
		if (url.pathname === '/_emulator' || url.pathname.startsWith('/_emulator/')) {
			return admin.handle(emu, req, res, url);
		}

		const entry = emu.log.start(dc, req, url, correlationId);
		const method = String(req.method).toUpperCase();
		const fault = emu.faults.match(dc, method, url.pathname);
		if (fault) entry.fault = fault.kind;
		const ctx = new Ctx(emu, dc, req, res, url, entry, fault);
		const lower = url.pathname.toLowerCase();
		if (lower.startsWith('/oauth2/')) ctx.format = 'json';
		const declared = Number(req.headers['content-length'] || 0);
		res.on('finish', () => {
			entry.status = res.statusCode;
			entry.bodyBytes = ctx.bodyBytes !== undefined ? ctx.bodyBytes : declared;
			if (method !== 'GET' && method !== 'HEAD') emu.changed();
		});
		res.on('close', () => {
			if (!res.writableFinished) {
				entry.status = res.headersSent ? res.statusCode : null;
				entry.bodyBytes = ctx.bodyBytes !== undefined ? ctx.bodyBytes : declared;
				entry.incomplete = true;
			}
		});

		if (emu.options.latencyMs > 0) await sleep(emu.options.latencyMs);
		if (fault && phaseOf(fault) === 'before') {
			ctx.faultStruck = true;
			if (await strike(ctx, fault)) return;
		}

		try {
			if (dc === 'image') {
				if (lower.startsWith('/file/')) return await imageHost.serve(ctx);
				return ctx.respond(404, { 'Content-Type': 'application/xml' }, '<Error><Code>NotFound</Code><Message>Not found.</Message></Error>');
			}
			if (lower === '/oauth2/v0/token') return await oauth.token(ctx);
			if (lower === '/oauth2/v0/authorize') return await oauth.authorize(ctx);
			if (lower.startsWith(imageV1.PREFIX)) return await imageV1.handle(ctx);
			if (lower === receiptImagesV3.PREFIX || lower.startsWith(`${receiptImagesV3.PREFIX}/`)) {
				return await receiptImagesV3.handle(ctx);
			}
			if (reportsV3.matches(lower)) return await reportsV3.handle(ctx);
			if (digestsV3.matches(lower)) return await digestsV3.handle(ctx);
			if (v4.matches(lower)) return await v4.handle(ctx);
			return ctx.v1Error(404, `No HTTP resource was found that matches the request URI '${ctx.baseUrl}${url.pathname}'.`);
		} catch (e) {
			entry.error = e instanceof Error ? e.message : String(e);
			if (!res.headersSent) ctx.v1Error(500, 'An internal server error occurred in the emulator.');
			else res.destroy();
		}
	};
}

module.exports = { createHandler };
