// @ts-check
'use strict';

const { IdGenerator, sha256Hex } = require('./ids');
const { TINY_PNG, minimalPdf } = require('./pdf');
const crypto = require('node:crypto');
const records = require('./records');
const { V4_SCOPES } = require('./v4-common');

/**
 * @typedef {Object} Img      one stored image (bytes in the BlobStore under blobKey)
 * @property {string} blobKey
 * @property {string} mimeType  real type: application/pdf | image/png | image/jpeg
 * @property {number} size
 * @property {string} sha256
 * @property {number | null | undefined} pageCount  PDFs: computed lazily; images: 1
 * @property {number} createdAt
 *
 * @typedef {{id: string, loginId: string, password: string, homeDataCenter: 'us'|'eu', isAdmin: boolean, name: string}} User
 * @typedef {{id: string, reportId: string, expenseType: string, image: Img | null}} Entry
 * @typedef {{id: string, ownerId: string, name: string, images: Img[], entryIds: string[], version: number}
 *   & ReturnType<typeof records.newReportFields>} Report
 * @typedef {{id: string, vendor: string, image: Img | null} & ReturnType<typeof records.newInvoiceFields>} Invoice
 * @typedef {{id: string, ownerId: string, image: Img, createdAt: number, deleted: boolean}} Receipt
 */

/**
 * The emulated company: users, expense reports with entries, invoices, each user's Available Receipts store,
 * and the OAuth artefacts (request tokens, access/refresh tokens, authorization codes; only their SHA-256 is
 * kept, never the token itself). Everything is generated from the seed, so a reset gives the same ids.
 */
class State {
	/**
	 * @param {{seed: string, companyHome: 'us'|'eu', clock: import('./clock').Clock,
	 *          store: import('./store').BlobStore}} deps
	 */
	constructor(deps) {
		this.deps = deps;
		this.ids = new IdGenerator(deps.seed);
		/** @type {{id: string, name: string, homeDataCenter: 'us'|'eu', adminUserId: string}} */
		this.company = { id: '', name: '', homeDataCenter: deps.companyHome, adminUserId: '' };
		/** @type {{id: string, secret: string, name: string, scopes: string[]}} */
		this.client = { id: '', secret: '', name: '', scopes: [] };
		/** @type {Map<string, User>} */
		this.users = new Map();
		/** @type {Map<string, Report>} */
		this.reports = new Map();
		/** @type {Map<string, Entry>} */
		this.entries = new Map();
		/** @type {Map<string, Invoice>} */
		this.invoices = new Map();
		/** @type {Map<string, Receipt>} */
		this.receipts = new Map();
		/** @type {Map<string, {version: number, img: Img}>} merged report PDFs, rebuilt when the report changes */
		this.bundles = new Map();
		/** @type {Map<string, {companyId: string, issuedAt: number, expiresAt: number}>} by sha256 */
		this.requestTokens = new Map();
		/** @type {Map<string, any>} access-token records by sha256 */
		this.accessTokens = new Map();
		/** @type {Map<string, any>} refresh-token records by sha256 */
		this.refreshTokens = new Map();
		/** @type {Map<string, any>} authorization codes by sha256 */
		this.authCodes = new Map();
		/** @type {number | undefined} */
		this.seedAnchor = undefined;
	}

	/** Forget everything (data and tokens); seed() fills it again. */
	clear() {
		this.ids = new IdGenerator(this.deps.seed);
		this.company = { id: '', name: '', homeDataCenter: this.deps.companyHome, adminUserId: '' };
		this.client = { id: '', secret: '', name: '', scopes: [] };
		this.users = new Map();
		this.reports = new Map();
		this.entries = new Map();
		this.invoices = new Map();
		this.receipts = new Map();
		this.bundles = new Map();
		this.clearTokens();
	}

	clearTokens() {
		this.requestTokens = new Map();
		this.accessTokens = new Map();
		this.refreshTokens = new Map();
		this.authCodes = new Map();
	}

	/** @returns {Promise<string>} the seeded (first) request token; deterministic for a given seed */
	async seed() {
		const other = this.deps.companyHome === 'eu' ? 'us' : 'eu';
		const home = this.deps.companyHome;
		this.company.id = this.ids.uuid();
		this.company.name = 'Emulated Company Ltd';
		this.client.id = this.ids.uuid();
		this.client.secret = this.ids.uuid();
		this.client.name = 'n8n Concur Imaging (emulated app)';
		this.client.scopes = ['openid', 'IMAGE', 'RCTIMG', 'EXPRPT', 'INVPMT', 'user.read', ...V4_SCOPES];
		const requestToken = this.ids.secret(36);
		this.addRequestToken(requestToken);

		const alex = this.addUser({ loginId: 'alex.ops@example.com', name: 'Alex Ops', homeDataCenter: home });
		const blair = this.addUser({
			loginId: 'blair.admin@example.com',
			name: 'Blair Admin',
			homeDataCenter: home,
			isAdmin: true,
		});
		const casey = this.addUser({ loginId: 'casey.travel@example.com', name: 'Casey Travel', homeDataCenter: other });
		this.addUser({ loginId: 'dana.field@example.com', name: 'Dana Field', homeDataCenter: home });
		this.company.adminUserId = blair.id;

		const r1 = this.addReport({ ownerId: alex.id, name: 'Client visit Berlin', entries: 3 });
		const r2 = this.addReport({ ownerId: alex.id, name: 'Team offsite', entries: 2 });
		this.addReport({ ownerId: casey.id, name: 'Conference Chicago', entries: 2 });
		this.addReport({ ownerId: blair.id, name: 'Admin travel', entries: 1 });
		this.addInvoice({ vendor: 'Office Supplies GmbH' });
		this.addInvoice({ vendor: 'Taxi Co' });
		const inv3 = this.addInvoice({ vendor: 'Hotel Example' });

		// A few images already in place, so GETs work before anything is uploaded.
		const entryWithImage = this.entries.get(r1.entryIds[2]);
		if (entryWithImage) entryWithImage.image = await this.storeBuffer(TINY_PNG, 'image/png');
		r2.images.push(await this.storeBuffer(minimalPdf(['Team offsite: report image']), 'application/pdf', 1));
		r2.version++;
		inv3.image = await this.storeBuffer(minimalPdf(['Invoice Hotel Example', 'page 2']), 'application/pdf', 2);
		this.addReceipt(alex.id, await this.storeBuffer(TINY_PNG, 'image/png'));
		this.addReceipt(alex.id, await this.storeBuffer(minimalPdf(['Receipt: coffee']), 'application/pdf', 1));
		// Seeded dates hang off the time of the first seed, so every reset gives the same state.
		if (this.seedAnchor === undefined) this.seedAnchor = Math.floor(this.deps.clock.now() / 1000) * 1000;
		records.seedStatuses(this, this.seedAnchor);
		return requestToken;
	}

	/** @param {string} token */
	addRequestToken(token, lifetimeSeconds = 86400) {
		const now = this.deps.clock.now();
		this.requestTokens.set(sha256Hex(token), {
			companyId: this.company.id,
			issuedAt: now,
			expiresAt: now + lifetimeSeconds * 1000,
		});
	}

	/**
	 * @param {{loginId: string, name?: string, password?: string, homeDataCenter?: 'us'|'eu', isAdmin?: boolean}} u
	 * @returns {User}
	 */
	addUser(u) {
		if (this.findUserByLogin(u.loginId)) throw new Error(`User ${u.loginId} already exists`);
		const id = this.ids.uuid();
		const password = u.password || `Pw-${this.ids.secret(12)}`;
		/** @type {User} */
		const user = {
			id,
			loginId: u.loginId,
			password,
			name: u.name || u.loginId,
			homeDataCenter: u.homeDataCenter || this.company.homeDataCenter,
			isAdmin: Boolean(u.isAdmin),
		};
		this.users.set(id, user);
		return user;
	}

	/**
	 * @param {{ownerId: string, name?: string, entries?: number | Array<{expenseType?: string}>}} r
	 * @returns {Report}
	 */
	addReport(r) {
		const id = this.ids.reportId();
		/** @type {Array<{expenseType?: string}>} */
		const list = typeof r.entries === 'number' ? Array.from({ length: r.entries }, () => ({})) : r.entries || [];
		const types = ['Taxi', 'Hotel', 'Meals', 'Airfare', 'Parking'];
		/** @type {Report} */
		const report = { id, ownerId: r.ownerId, name: r.name || 'Expense report', images: [], entryIds: [], version: 0, ...records.newReportFields(this.deps.clock.now()) };
		this.reports.set(id, report);
		list.forEach((e, i) => this.addEntry(report, { expenseType: (e && e.expenseType) || types[i % types.length] }));
		return report;
	}

	/**
	 * @param {Report} report
	 * @param {{expenseType?: string}} e
	 * @returns {Entry}
	 */
	addEntry(report, e) {
		/** @type {Entry} */
		const entry = { id: this.ids.hex20(), reportId: report.id, expenseType: e.expenseType || 'Miscellaneous', image: null };
		this.entries.set(entry.id, entry);
		report.entryIds.push(entry.id);
		report.version++;
		return entry;
	}

	/** @param {{vendor?: string}} i */
	addInvoice(i) {
		/** @type {Invoice} */
		const inv = { id: this.ids.hex20(), vendor: i.vendor || 'Vendor', image: null, ...records.newInvoiceFields(this.deps.clock.now(), this.invoices.size + 1) };
		this.invoices.set(inv.id, inv);
		return inv;
	}

	/**
	 * @param {string} ownerId
	 * @param {Img} image
	 */
	addReceipt(ownerId, image) {
		/** @type {Receipt} */
		const r = { id: this.ids.imageId(), ownerId, image, createdAt: this.deps.clock.now(), deleted: false };
		this.receipts.set(r.id, r);
		return r;
	}

	/**
	 * @param {Buffer} buf
	 * @param {string} mimeType
	 * @param {number | null} [pageCount]
	 * @returns {Promise<Img>}
	 */
	async storeBuffer(buf, mimeType, pageCount) {
		const blobKey = await this.deps.store.putBuffer(buf);
		return {
			blobKey,
			mimeType,
			size: buf.length,
			sha256: crypto.createHash('sha256').update(buf).digest('hex'),
			pageCount: mimeType === 'application/pdf' ? pageCount : 1,
			createdAt: this.deps.clock.now(),
		};
	}

	/** @param {string} loginId */
	findUserByLogin(loginId) {
		const want = String(loginId || '').toLowerCase();
		for (const u of this.users.values()) if (u.loginId.toLowerCase() === want) return u;
		return undefined;
	}

	/** @param {string} reportId */
	entriesOf(reportId) {
		const r = this.reports.get(reportId);
		return r ? r.entryIds.map((id) => /** @type {Entry} */ (this.entries.get(id))) : [];
	}

	/** @param {string} ownerId */
	receiptsOf(ownerId) {
		return [...this.receipts.values()].filter((r) => r.ownerId === ownerId && !r.deleted);
	}

	/**
	 * Ids of the seeded/added data as handed to callers (no secrets except user passwords, which callers need).
	 */
	describeSeed() {
		const login = (/** @type {string} */ id) => this.users.get(id)?.loginId;
		return {
			reports: [...this.reports.values()].map((r) => ({
				id: r.id,
				name: r.name,
				ownerLoginId: login(r.ownerId),
				hasImage: r.images.length > 0,
				approvalStatusCode: r.approvalStatusCode,
				paymentStatusCode: r.paymentStatusCode,
				entries: this.entriesOf(r.id).map((e) => ({ id: e.id, expenseType: e.expenseType, hasImage: !!e.image })),
			})),
			invoices: [...this.invoices.values()].map((i) => ({
				id: i.id,
				vendor: i.vendor,
				hasImage: !!i.image,
				approvalStatusCode: i.approvalStatusCode,
				paymentStatusCode: i.paymentStatusCode,
			})),
			receipts: [...this.receipts.values()]
				.filter((r) => !r.deleted)
				.map((r) => ({ id: r.id, ownerLoginId: login(r.ownerId) })),
		};
	}

	// ---- persistence (stateDir) ----

	toJSON() {
		return {
			version: 1,
			idsCounter: this.ids.counter,
			company: this.company,
			client: this.client,
			users: [...this.users.values()],
			reports: [...this.reports.values()],
			entries: [...this.entries.values()],
			invoices: [...this.invoices.values()],
			receipts: [...this.receipts.values()],
			requestTokens: [...this.requestTokens.entries()],
			accessTokens: [...this.accessTokens.entries()],
			refreshTokens: [...this.refreshTokens.entries()],
		};
	}

	/** @param {any} data */
	fromJSON(data) {
		this.clear();
		this.ids.counter = data.idsCounter;
		this.company = data.company;
		this.client = data.client;
		for (const u of data.users) this.users.set(u.id, u);
		for (const r of data.reports) this.reports.set(r.id, r);
		for (const e of data.entries) this.entries.set(e.id, e);
		for (const i of data.invoices) this.invoices.set(i.id, i);
		for (const r of data.receipts) this.receipts.set(r.id, r);
		this.requestTokens = new Map(data.requestTokens);
		this.accessTokens = new Map(data.accessTokens);
		this.refreshTokens = new Map(data.refreshTokens);
	}
}

module.exports = { State };
