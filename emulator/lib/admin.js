// @ts-check
'use strict';

/**
 * The admin API under the reserved prefix /_emulator/ on every host. No auth, never logged, never faulted.
 *   POST   reset            back to the seeded state (body {"clearTokens": true} also forgets issued tokens)
 *   GET    state            receipts and images (id, type, size, sha256, pages), token counts; no secrets
 *   GET    requests         the request log;  DELETE requests  clears it
 *   GET    faults           current faults with match counters;  POST faults  replaces the list
 *   GET    config           current options;  POST config  merges options at runtime
 *   POST   request-tokens   a fresh company request token
 *   POST   tokens/expire    every current access token expires now
 *   POST   tokens/revoke    every refresh token becomes invalid
 *   POST   seed             add users / reports with entries / invoices / receipts
 *   GET    clock            virtual time;  POST clock  {"advanceSeconds": n} or {"advanceMs": n}
 *   GET    info             URLs, client id/secret, company id + request token, users: what a credential needs
 *   GET    trap             what the trap listener received (unmasked: it exists to catch leaks);  DELETE trap
 *   POST   hangs/release    close every connection a 'hang' fault holds open
 *   POST   reports/{id}     change a report's status / dates, add an image: {approvalStatusCode?, paymentStatusCode?,
 *                           submitDate?, paidDate?, total?, addImage?: true|'pdf'|'png', entryId?}
 *   POST   invoices/{id}    the same for an invoice: {…, extractedDate?, deleted?, addImage?}
 */
const records = require('./records');

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<any>}
 */
function readJson(req) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size <= 1024 * 1024) chunks.push(c);
		});
		req.on('end', () => {
			if (size > 1024 * 1024) return reject(new Error('admin body too large'));
			const text = Buffer.concat(chunks).toString('utf8').trim();
			if (!text) return resolve({});
			try {
				resolve(JSON.parse(text));
			} catch (e) {
				reject(new Error('admin body is not valid JSON'));
			}
		});
		req.on('error', reject);
	});
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
function json(res, status, body) {
	const buf = Buffer.from(JSON.stringify(body, null, 2));
	res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': buf.length, 'Cache-Control': 'no-store' });
	res.end(buf);
}

/**
 * @param {any} emu
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 */
async function handle(emu, req, res, url) {
	const route = url.pathname.replace(/^\/_emulator\/?/, '').replace(/\/+$/, '');
	const method = String(req.method).toUpperCase();
	const key = `${method} ${route}`;
	try {
		const m = /^(reports|invoices)\/([^/]+)$/.exec(route);
		if (method === 'POST' && m) {
			const id = decodeURIComponent(m[2]);
			const body = await readJson(req);
			const update = m[1] === 'reports' ? records.updateReport : records.updateInvoice;
			return json(res, 200, await update(emu, id, body));
		}
		switch (key) {
			case 'POST reset': {
				const body = await readJson(req);
				await emu.reset({ clearTokens: Boolean(body.clearTokens) });
				return json(res, 200, { ok: true });
			}
			case 'GET state':
				return json(res, 200, await emu.describeState());
			case 'GET requests':
				return json(res, 200, emu.log.list());
			case 'DELETE requests':
				emu.log.clear();
				return json(res, 200, { ok: true });
			case 'GET faults':
				return json(res, 200, emu.faults.describe());
			case 'POST faults': {
				const body = await readJson(req);
				emu.faults.set(Array.isArray(body) ? body : body.faults || []);
				return json(res, 200, emu.faults.describe());
			}
			case 'GET config':
				return json(res, 200, emu.describeConfig());
			case 'POST config': {
				emu.configure(await readJson(req));
				return json(res, 200, emu.describeConfig());
			}
			case 'POST request-tokens': {
				const token = emu.tokens.issueRequestToken();
				emu.changed();
				return json(res, 200, {
					status: 'PASS',
					code: 0,
					errormsg: '',
					token,
					requestToken: token,
					companyId: emu.state.company.id,
					expiresAt: new Date(emu.clock.now() + emu.options.requestTokenLifetimeSeconds * 1000).toISOString(),
				});
			}
			case 'POST tokens/expire':
				emu.tokens.expireAccessTokens();
				emu.changed();
				return json(res, 200, emu.tokens.counts());
			case 'POST tokens/revoke':
				emu.tokens.revokeRefreshTokens();
				emu.changed();
				return json(res, 200, emu.tokens.counts());
			case 'POST seed':
				return json(res, 200, await emu.seedMore(await readJson(req)));
			case 'GET clock':
				return json(res, 200, { now: new Date(emu.clock.now()).toISOString(), offsetMs: emu.clock.offsetMs });
			case 'POST clock': {
				const body = await readJson(req);
				const ms = Number(body.advanceMs || 0) + Number(body.advanceSeconds || 0) * 1000;
				if (!Number.isFinite(ms)) throw new Error('advanceSeconds / advanceMs must be numbers');
				emu.clock.advance(ms);
				return json(res, 200, { now: new Date(emu.clock.now()).toISOString(), offsetMs: emu.clock.offsetMs });
			}
			case 'GET info':
				return json(res, 200, emu.info());
			case 'GET trap':
				return json(res, 200, { url: emu.trap.url, requests: emu.trap.list() });
			case 'DELETE trap':
				emu.trap.clear();
				return json(res, 200, { ok: true });
			case 'POST hangs/release': {
				const released = emu.hangs.size;
				emu.releaseHangs();
				return json(res, 200, { released });
			}
			default:
				return json(res, 404, {
					error: `Unknown admin route ${method} /_emulator/${route}`,
					routes: [
						'POST reset', 'GET state', 'GET requests', 'DELETE requests', 'GET faults', 'POST faults', 'GET config',
						'POST config', 'POST request-tokens', 'POST tokens/expire', 'POST tokens/revoke', 'POST seed',
						'GET clock', 'POST clock', 'GET info', 'GET trap', 'DELETE trap', 'POST hangs/release',
						'POST reports/{id}', 'POST invoices/{id}',
					].map((r) => r.replace(' ', ' /_emulator/')),
				});
		}
	} catch (e) {
		if (!res.headersSent) json(res, 400, { error: e instanceof Error ? e.message : String(e) });
	}
}

module.exports = { handle };
