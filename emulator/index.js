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
const { Trap } = require('./lib/trap');
const records = require('./lib/records');
const { describeState } = require('./lib/describe');
const { seedMore } = require('./lib/seed-more');
const { V4Store } = require('./lib/v4-common');
const { v4Api } = require('./lib/v4-routes');

class Emulator {
	/** @param {import('./lib/config').EmulatorOptions} options */
	constructor(options) {
		this.startOptions = options;
		this.options = { ...options };
		this.clock = new Clock(options.now);
		// A state dir keeps images on disk (memory storage could not survive a restart).
		this.store = new BlobStore({ kind: options.stateDir ? 'disk' : options.storage, dir: options.stateDir });
		this.state = new State({ seed: options.seed, companyHome: options.companyHome, clock: this.clock, store: this.store });
		/** Quick Expense, Spend Documents and image-only receipts (v4; kept in memory only). */
		this.v4 = new V4Store();
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
		/** @type {Promise<void> | undefined} the state write in progress, if any */
		this.saving = undefined;
		/** Sockets held open by a 'hang' fault, with the timer that closes them at the latest. */
		/** @type {Map<import('node:net').Socket, NodeJS.Timeout>} */
		this.hangs = new Map();
		this.trap = new Trap(() => this.clock.now(), () => this.options.trapStatus);
	}

	/**
	 * The `geolocation` a token response (or code 16, or the authorize redirect) names for data center `dc`:
	 * the real one, or the foreign host of `tokenGeolocation`.
	 * @param {'us'|'eu'} dc
	 */
	geolocationFor(dc) {
		const g = this.options.tokenGeolocation;
		if (!g) return this.urls[dc];
		return g === 'trap' ? this.trap.url : g;
	}

	releaseHangs() {
		for (const [socket, timer] of this.hangs) {
			clearTimeout(timer);
			socket.destroy();
		}
		this.hangs.clear();
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
		await this.trap.start(o.trapHost, o.host);
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

	/** Writes the state dir. One write at a time: a timed save still writing when stop() saves would otherwise
	 * rename the same temp file twice (ENOENT). */
	saveNow() {
		if (!this.statePath) return Promise.resolve();
		const write = async () => {
			const tmp = `${this.statePath}.tmp`;
			await fsp.writeFile(tmp, JSON.stringify(this.state.toJSON()));
			await fsp.rename(tmp, this.statePath);
		};
		this.saving = (this.saving ?? Promise.resolve()).catch(() => undefined).then(write);
		return this.saving;
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
		this.trap.clear();
		this.releaseHangs();
		this.clock.reset();
		this.bundleBuilds.clear();
		await this.store.clear();
		this.state.clear();
		this.v4.clear();
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

	/** GET /_emulator/state (lib/describe.js). */
	describeState() {
		return describeState(this);
	}

	/** POST /_emulator/seed (lib/seed-more.js). @param {any} body */
	seedMore(body) {
		return seedMore(this, body);
	}

	info() {
		const s = this.state;
		return {
			baseUrl: this.urls.us,
			dataCenters: { us: this.urls.us, eu: this.urls.eu },
			imageBaseUrl: this.urls.image,
			trapUrl: this.trap.url,
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
		this.releaseHangs();
		await this.trap.stop();
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
		/** Writes the state dir now (it is written 50 ms after each change, and on stop). */
		saveState: () => emu.saveNow(),
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
		/** The trap: a foreign origin that records every request it gets, unmasked (see lib/trap.js). */
		trapUrl: emu.trap.url,
		trap: {
			requests: () => emu.trap.list(),
			clear: () => emu.trap.clear(),
			/** @param {string | Uint8Array} needle */
			received: (needle) => emu.trap.received(needle),
		},
		/** Close every connection a 'hang' fault holds open. */
		releaseHangs: () => emu.releaseHangs(),
		hangingRequests: () => emu.hangs.size,
		/** @param {string} id @param {Record<string, any>} patch */
		updateReport: (id, patch) => records.updateReport(emu, id, patch),
		/** @param {string} id @param {Record<string, any>} patch */
		updateInvoice: (id, patch) => records.updateInvoice(emu, id, patch),
		/** The v4 APIs' records and stored bytes (lib/v4-routes.js). */
		v4: v4Api(emu),
	};
}

module.exports = { startEmulator, DEFAULTS };
