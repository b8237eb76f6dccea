// @ts-check
'use strict';

/**
 * Local SAP Concur emulator: OAuth2 v0, Image v1, Receipt Images v3, on loopback, for the demo, the tests and
 * the benchmarks. See README.md. Plain CommonJS on node:http; it never imports the node's code (and the node
 * never imports this).
 */

const http = require('node:http');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');
const crypto = require('node:crypto');
const { resolveOptions, validate, DEFAULTS } = require('./lib/config');
const { Clock } = require('./lib/clock');
const { BlobStore } = require('./lib/store');
const { State } = require('./lib/state');
const { TokenService } = require('./lib/tokens');
const { Faults } = require('./lib/faults');
const { RequestLog } = require('./lib/log');
const { createHandler } = require('./lib/server');
const { mergeToPdf, pdfPageCount } = require('./lib/pdf');

class Emulator {
	/** @param {import('./lib/config').EmulatorOptions} options */
	constructor(options) {
		this.startOptions = options;
		this.options = { ...options };
		this.clock = new Clock(options.now);
		// A state dir keeps images on disk (memory storage could not survive a restart).
		this.store = new BlobStore({ kind: options.stateDir ? 'disk' : options.storage, dir: options.stateDir });
		this.state = new State({ seed: options.seed, companyHome: options.companyHome, clock: this.clock, store: this.store });
		this.tokens = new TokenService(this);
		this.faults = new Faults();
		this.faults.set(options.faults);
		this.log = new RequestLog(() => this.clock.now(), () => this.options.logLimit);
		/** @type {{us: string, eu: string, image: string}} */
		this.urls = { us: '', eu: '', image: '' };
		/** Key for pre-signed URLs and v3 offsets (random per run: links of another run do not verify). */
		this.urlKey = crypto.randomBytes(32);
		this.companyKey = '';
		/** @type {http.Server[]} */
		this.servers = [];
		this.seededRequestToken = '';
		/** @type {Map<string, Promise<any>>} */
		this.bundleBuilds = new Map();
		/** @type {NodeJS.Timeout | null} */
		this.saveTimer = null;
	}

	get statePath() {
		return this.options.stateDir ? path.join(this.options.stateDir, 'state.json') : '';
	}

	async start() {
		await this.store.init();
		let loaded = false;
		if (this.statePath && fs.existsSync(this.statePath)) {
			this.state.fromJSON(JSON.parse(await fsp.readFile(this.statePath, 'utf8')));
			this.seededRequestToken = this.tokens.issueRequestToken();
			loaded = true;
		}
		if (!loaded) this.seededRequestToken = await this.seedFresh();
		this.companyKey = `p${this.state.company.id.replace(/-/g, '').slice(0, 11)}`;
		const o = this.options;
		const ports = o.ports || {};
		const wanted = { us: ports.us !== undefined ? ports.us : o.port, eu: ports.eu || 0, image: ports.image || 0 };
		for (const dc of /** @type {const} */ (['us', 'eu', 'image'])) {
			const server = http.createServer({ keepAliveTimeout: 5000 }, createHandler(this, dc));
			server.on('clientError', (_err, socket) => {
				if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
				else socket.destroy();
			});
			await new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(wanted[dc], o.host, () => resolve(undefined));
			});
			this.servers.push(server);
			const addr = /** @type {import('node:net').AddressInfo} */ (server.address());
			this.urls[dc] = `http://${o.host}:${addr.port}`;
		}
	}

	async seedFresh() {
		const token = await this.state.seed();
		// the seeded token lives as long as configured
		const rec = this.state.requestTokens.values().next().value;
		if (rec) rec.expiresAt = rec.issuedAt + this.options.requestTokenLifetimeSeconds * 1000;
		return token;
	}

	changed() {
		if (!this.statePath || this.saveTimer) return;
		this.saveTimer = setTimeout(() => {
			this.saveTimer = null;
			this.saveNow().catch(() => undefined);
		}, 50);
	}

	async saveNow() {
		if (!this.statePath) return;
		const tmp = `${this.statePath}.tmp`;
		await fsp.writeFile(tmp, JSON.stringify(this.state.toJSON()));
		await fsp.rename(tmp, this.statePath);
	}

	/** @param {{clearTokens?: boolean}} [how] */
	async reset(how = {}) {
		const keep = how.clearTokens
			? null
			: {
					access: this.state.accessTokens,
					refresh: this.state.refreshTokens,
					request: this.state.requestTokens,
					codes: this.state.authCodes,
				};
		this.options = { ...this.startOptions };
		this.faults.set(this.options.faults);
		this.log.clear();
		this.clock.reset();
		this.bundleBuilds.clear();
		await this.store.clear();
		this.state.clear();
		if (keep) {
			this.state.accessTokens = keep.access;
			this.state.refreshTokens = keep.refresh;
			this.state.requestTokens = keep.request;
			this.state.authCodes = keep.codes;
		}
		this.seededRequestToken = await this.seedFresh();
		this.changed();
	}

	/** @param {Record<string, any>} partial */
	configure(partial) {
		const valid = validate(partial, { runtime: true });
		if (valid.faults) this.faults.set(valid.faults);
		Object.assign(this.options, valid);
	}

	describeConfig() {
		/** @type {Record<string, any>} */
		const out = {};
		for (const k of Object.keys(DEFAULTS)) {
			if (k === 'now' || k === 'faults') continue;
			out[k] = /** @type {any} */ (this.options)[k];
		}
		out.faults = this.faults.describe();
		return out;
	}

	/** @param {string} blobKey */
	findImage(blobKey) {
		const s = this.state;
		for (const e of s.entries.values()) if (e.image && e.image.blobKey === blobKey) return e.image;
		for (const i of s.invoices.values()) if (i.image && i.image.blobKey === blobKey) return i.image;
		for (const r of s.receipts.values()) if (!r.deleted && r.image.blobKey === blobKey) return r.image;
		for (const r of s.reports.values()) for (const img of r.images) if (img.blobKey === blobKey) return img;
		for (const b of s.bundles.values()) if (b.img.blobKey === blobKey) return b.img;
		return undefined;
	}

	/**
	 * One PDF with every page of a report: report-level images first (in upload order), then each entry's image
	 * (in entry order). Cached until the report changes.
	 * @param {import('./lib/state').Report} report
	 */
	async reportBundle(report) {
		const entryImages = this.state.entriesOf(report.id).filter((e) => e.image);
		const parts = [
			...report.images.map((img, i) => ({ img, label: `${report.id} page ${i + 1}` })),
			...entryImages.map((e) => ({ img: /** @type {any} */ (e.image), label: e.id })),
		];
		if (!parts.length) return null;
		const cached = this.state.bundles.get(report.id);
		if (cached && cached.version === report.version) return cached.img;
		const key = `${report.id}:${report.version}`;
		let build = this.bundleBuilds.get(key);
		if (!build) {
			build = (async () => {
				const loaded = [];
				for (const p of parts) loaded.push({ mimeType: p.img.mimeType, bytes: await this.store.read(p.img.blobKey), label: p.label });
				const merged = await mergeToPdf(loaded);
				const img = await this.state.storeBuffer(merged, 'application/pdf', await pdfPageCount(merged));
				const old = this.state.bundles.get(report.id);
				this.state.bundles.set(report.id, { version: report.version, img });
				if (old) await this.store.delete(old.img.blobKey);
				return img;
			})();
			this.bundleBuilds.set(key, build);
			build.finally(() => this.bundleBuilds.delete(key)).catch(() => undefined);
		}
		return build;
	}

	/**
	 * @param {import('./lib/state').Img | null} img
	 * @param {string} id
	 */
	async describeImage(img, id) {
		if (!img) return null;
		if (img.mimeType === 'application/pdf' && img.pageCount === undefined) {
			img.pageCount = await pdfPageCount(await this.store.read(img.blobKey));
		}
		return { id, mimeType: img.mimeType, size: img.size, sha256: img.sha256, pageCount: img.pageCount === undefined ? null : img.pageCount };
	}

	/** GET /_emulator/state: ids, images and counts; never a token, secret or password. */
	async describeState() {
		const s = this.state;
		const login = (/** @type {string} */ id) => s.users.get(id)?.loginId;
		const reports = [];
		for (const r of s.reports.values()) {
			const images = [];
			for (let i = 0; i < r.images.length; i++) images.push(await this.describeImage(r.images[i], `${r.id}-${i + 1}`));
			const entries = [];
			for (const e of s.entriesOf(r.id)) entries.push({ id: e.id, expenseType: e.expenseType, image: await this.describeImage(e.image, e.id) });
			reports.push({ id: r.id, name: r.name, ownerLoginId: login(r.ownerId), images, entries });
		}
		const invoices = [];
		for (const i of s.invoices.values()) invoices.push({ id: i.id, vendor: i.vendor, image: await this.describeImage(i.image, i.id) });
		const receipts = [];
		for (const r of s.receipts.values()) {
			if (r.deleted) continue;
			receipts.push({ id: r.id, ownerLoginId: login(r.ownerId), image: await this.describeImage(r.image, r.id) });
		}
		return {
			now: new Date(this.clock.now()).toISOString(),
			dataCenters: { us: this.urls.us, eu: this.urls.eu },
			imageBaseUrl: this.urls.image,
			company: { id: s.company.id, name: s.company.name, homeDataCenter: s.company.homeDataCenter },
			users: [...s.users.values()].map((u) => ({ id: u.id, loginId: u.loginId, name: u.name, homeDataCenter: u.homeDataCenter, isAdmin: u.isAdmin })),
			reports,
			invoices,
			receipts,
			deletedReceipts: [...s.receipts.values()].filter((r) => r.deleted).map((r) => r.id),
			tokens: this.tokens.counts(),
		};
	}

	/**
	 * POST /_emulator/seed: {users:[{loginId,password?,homeDataCenter?,isAdmin?,name?}],
	 *  reports:[{ownerLoginId,name?,entries?: n | [{expenseType?}]}], entries:[{reportId, expenseType?}],
	 *  invoices: n | [{vendor?}],
	 *  receipts:[{ownerLoginId}] (a 1x1 PNG each)}
	 * @param {any} body
	 */
	async seedMore(body) {
		const s = this.state;
		/** @type {{users: any[], reports: any[], entries: any[], invoices: any[], receipts: any[]}} */
		const out = { users: [], reports: [], entries: [], invoices: [], receipts: [] };
		for (const u of body.users || []) {
			if (!u || !u.loginId) throw new Error('seed: every user needs a loginId');
			if (u.homeDataCenter && !['us', 'eu'].includes(u.homeDataCenter)) throw new Error('seed: homeDataCenter must be us or eu');
			const user = s.addUser(u);
			out.users.push({ id: user.id, loginId: user.loginId, password: user.password, homeDataCenter: user.homeDataCenter, isAdmin: user.isAdmin });
		}
		const owner = (/** @type {string} */ loginId) => {
			const u = loginId ? s.findUserByLogin(loginId) : s.users.values().next().value;
			if (!u) throw new Error(`seed: unknown user ${loginId}`);
			return u;
		};
		for (const r of body.reports || []) {
			const u = owner(r.ownerLoginId);
			const report = s.addReport({ ownerId: u.id, name: r.name, entries: r.entries === undefined ? 1 : r.entries });
			out.reports.push({ id: report.id, name: report.name, ownerLoginId: u.loginId, entries: report.entryIds.map((id) => ({ id })) });
		}
		for (const e of body.entries || []) {
			const report = e && s.reports.get(e.reportId);
			if (!report) throw new Error(`seed: unknown report ${e && e.reportId}`);
			const added = s.addEntry(report, e);
			out.entries.push({ id: added.id, reportId: report.id, expenseType: added.expenseType });
		}
		const invoices = typeof body.invoices === 'number' ? Array.from({ length: body.invoices }, () => ({})) : body.invoices || [];
		for (const i of invoices) out.invoices.push({ id: s.addInvoice(i || {}).id });
		const { TINY_PNG } = require('./lib/pdf');
		for (const r of body.receipts || []) {
			const u = owner(r && r.ownerLoginId);
			const receipt = s.addReceipt(u.id, await s.storeBuffer(TINY_PNG, 'image/png'));
			out.receipts.push({ id: receipt.id, ownerLoginId: u.loginId });
		}
		this.changed();
		return out;
	}

	info() {
		const s = this.state;
		return {
			baseUrl: this.urls.us,
			dataCenters: { us: this.urls.us, eu: this.urls.eu },
			imageBaseUrl: this.urls.image,
			adminUrl: `${this.urls.us}/_emulator`,
			tokenUrl: `${this.urls.us}/oauth2/v0/token`,
			authorizeUrl: `${this.urls.us}/oauth2/v0/authorize`,
			company: { id: s.company.id, name: s.company.name, requestToken: this.seededRequestToken, homeDataCenter: s.company.homeDataCenter },
			client: { id: s.client.id, secret: s.client.secret },
			users: [...s.users.values()].map((u) => ({ id: u.id, loginId: u.loginId, password: u.password, name: u.name, homeDataCenter: u.homeDataCenter, isAdmin: u.isAdmin })),
			seeded: s.describeSeed(),
		};
	}

	async stop() {
		if (this.saveTimer) {
			clearTimeout(this.saveTimer);
			this.saveTimer = null;
		}
		await Promise.all(
			this.servers.map(
				(server) =>
					new Promise((resolve) => {
						server.close(() => resolve(undefined));
						server.closeAllConnections();
					}),
			),
		);
		this.servers = [];
		if (this.statePath) await this.saveNow();
		await this.store.close();
	}
}

/**
 * Start the emulator: two data-center API hosts ('us' = baseUrl, 'eu') and one image host, on loopback.
 * @param {Partial<import('./lib/config').EmulatorOptions>} [options]
 */
async function startEmulator(options = {}) {
	const emu = new Emulator(resolveOptions(options));
	await emu.start();
	const info = emu.info();
	let stopped = false;
	return {
		baseUrl: info.baseUrl,
		dataCenters: info.dataCenters,
		imageBaseUrl: info.imageBaseUrl,
		adminUrl: info.adminUrl,
		tokenUrl: info.tokenUrl,
		authorizeUrl: info.authorizeUrl,
		get company() {
			return emu.info().company;
		},
		client: info.client,
		get users() {
			return emu.info().users;
		},
		get seeded() {
			return emu.state.describeSeed();
		},
		get options() {
			return emu.describeConfig();
		},
		async stop() {
			if (stopped) return;
			stopped = true;
			await emu.stop();
		},
		/** @param {{clearTokens?: boolean}} [how] */
		reset: (how) => emu.reset(how),
		requestLog: () => emu.log.list(),
		clearRequestLog: () => emu.log.clear(),
		/** @param {any[]} faults */
		setFaults: (faults) => emu.faults.set(faults),
		faults: () => emu.faults.describe(),
		/** @param {Record<string, any>} partial */
		configure: (partial) => emu.configure(partial),
		issueRequestToken: () => {
			const token = emu.tokens.issueRequestToken();
			emu.changed();
			return token;
		},
		expireAccessTokens: () => {
			emu.tokens.expireAccessTokens();
			emu.changed();
		},
		revokeRefreshTokens: () => {
			emu.tokens.revokeRefreshTokens();
			emu.changed();
		},
		/** @param {number} seconds */
		advanceTime: (seconds) => emu.clock.advance(seconds * 1000),
		now: () => emu.clock.now(),
		state: () => emu.describeState(),
		/** @param {any} data */
		seed: (data) => emu.seedMore(data),
		info: () => emu.info(),
	};
}

module.exports = { startEmulator, DEFAULTS };
