'use strict';
// Setting up the three example workflows (examples/*.json) in an n8n instance against the Concur emulator, the way
// `npm run demo` and the end-to-end tests (test/e2e/concur.test.js) both do: the credential pointing at the
// emulator, the workflows with their folder rewritten to this run's folder, and this run's input files. Their
// results are checked by example-checks.js.

const crypto = require('crypto');
const fs = require('fs');
const fsp = require('fs/promises');
const path = require('path');

const { inboxFiles, entryFiles } = require('./example-files');

const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', 'examples');
/** The folder the example workflows name (n8n's default N8N_RESTRICT_FILE_ACCESS_TO is ~/.n8n-files). */
const EXAMPLE_FOLDER = '/home/node/.n8n-files/concur-examples';
/** The credential the example workflows reference (by id and name). */
const CREDENTIAL = { id: 'concurEmulator01', name: 'Concur (emulator)' };
/** execute-batch runs workflows in database order: ids sorted as listed here, imported in this order. */
const EXAMPLES = [
	{
		id: 'demo1Email',
		file: 'email-receipts-to-concur.json',
		title: 'Email receipts → Available Receipts',
	},
	{ id: 'demo2Entries', file: 'folder-to-expense-entries.json', title: 'Folder → expense entries' },
	{
		id: 'demo3Archive',
		file: 'archive-report-and-invoice-images.json',
		title: 'Archive report and invoice images',
	},
];
/** The editor's owner account (demo --editor, and the e2e tests' editor session). */
const OWNER = {
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'User',
	password: 'Demo-password-1',
};

function sha256(bytes) {
	return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** The company credential as a user enters it for the emulator (plaintext; n8n encrypts it on import). */
function emulatorCredential(emu) {
	return {
		...CREDENTIAL,
		type: 'concurCompanyApi',
		data: {
			dataCenter: 'custom',
			customBaseUrl: emu.baseUrl,
			// The emulator plays Concur's data centers (no proxy): calls follow the token's geolocation.
			followGeolocation: true,
			clientId: emu.client.id,
			clientSecret: emu.client.secret,
			connectWith: 'requestToken',
			companyId: emu.company.id,
			requestToken: emu.company.requestToken,
		},
	};
}

function rewriteStrings(value, from, to) {
	if (typeof value === 'string') return value.split(from).join(to);
	if (Array.isArray(value)) return value.map((v) => rewriteStrings(v, from, to));
	if (value && typeof value === 'object')
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [k, rewriteStrings(v, from, to)]),
		);
	return value;
}

/**
 * The example workflows as committed, with their folder rewritten to `folder` and an id each (see EXAMPLES).
 * Returns [{ id, file, title, workflow }].
 */
function loadExampleWorkflows(folder, examplesDir = EXAMPLES_DIR) {
	return EXAMPLES.map((ex) => {
		const json = JSON.parse(fs.readFileSync(path.join(examplesDir, ex.file), 'utf8'));
		return { ...ex, workflow: { ...rewriteStrings(json, EXAMPLE_FOLDER, folder), id: ex.id } };
	});
}

/**
 * What the archive example (run twice, a status change in between) should do on the emulator's current data
 * (`seeded`: emu.seeded), given the entries the folder example attaches images to first (`attachedEntryIds`).
 * Run 1 has no window yet: every approved report with images is written (report-<id>.pdf) and every approved
 * invoice with an image (invoice-<id>.<ext>); an approved invoice without one is listed under "Invoice not archived"
 * with NOT_FOUND. Then the first report pending approval that has images is approved (the change); run 2 writes
 * only that report. Returns { reports, invoices, notArchived: [{ type, id, code }], change: { reportId,
 * reportName, patch }, secondRun: { reports, invoices, notArchived } } (reports/invoices: ids; names by id in
 * names).
 */
function archivePlan(seeded, attachedEntryIds = []) {
	const attached = new Set(attachedEntryIds);
	const withImages = (r) => r.hasImage || r.entries.some((e) => e.hasImage || attached.has(e.id));
	const reports = seeded.reports.filter((r) => r.approvalStatusCode === 'A_APPR' && withImages(r));
	const invoices = seeded.invoices.filter((i) => i.approvalStatusCode === 'A_APPR');
	const pending = seeded.reports.find((r) => r.approvalStatusCode === 'A_PEND' && withImages(r));
	return {
		reports: reports.map((r) => r.id),
		invoices: invoices.filter((i) => i.hasImage).map((i) => i.id),
		notArchived: invoices
			.filter((i) => !i.hasImage)
			.map((i) => ({ type: 'invoice', id: i.id, code: 'NOT_FOUND' })),
		change: pending && {
			reportId: pending.id,
			reportName: pending.name,
			patch: { approvalStatusCode: 'A_APPR' },
		},
		secondRun: { reports: pending ? [pending.id] : [], invoices: [], notArchived: [] },
		names: Object.fromEntries([
			...seeded.reports.map((r) => [r.id, r.name]),
			...seeded.invoices.map((i) => [i.id, i.vendor]),
		]),
	};
}

/**
 * Puts this run's input files into `folder` (the rewritten concur-examples folder): the inbox as committed
 * (examples/files/inbox), receipts named by the emulator's current entry ids, and an empty archive folder. Returns
 * the plan the results are checked against: { folder, inbox: [{ name, size, sha256, expect }], entries: [{ name,
 * entryId, reportId, reportName, expenseType, expect, size, sha256 }], archive: archivePlan(...) }.
 */
async function prepareExampleFiles(emu, folder) {
	for (const sub of ['inbox', 'entries', 'archive'])
		await fsp.rm(path.join(folder, sub), { recursive: true, force: true });
	for (const sub of ['inbox', 'entries', 'archive'])
		await fsp.mkdir(path.join(folder, sub), { recursive: true });

	// The committed sample files; what each should give comes from the generator's description of them.
	const expected = new Map((await inboxFiles()).map((f) => [f.name, f]));
	const inboxDir = path.join(EXAMPLES_DIR, 'files', 'inbox');
	const inbox = [];
	for (const name of fs.readdirSync(inboxDir).sort()) {
		if (name.startsWith('.')) continue;
		const bytes = fs.readFileSync(path.join(inboxDir, name));
		await fsp.writeFile(path.join(folder, 'inbox', name), bytes);
		const known = expected.get(name);
		inbox.push({
			name,
			size: bytes.length,
			sha256: sha256(bytes),
			expect: known ? known.expect : undefined,
		});
	}

	const entries = await entryFiles(emu.seeded);
	for (const f of entries) await fsp.writeFile(path.join(folder, 'entries', f.name), f.bytes);

	const archive = archivePlan(
		emu.seeded,
		entries.filter((e) => e.expect === 'attached').map((e) => e.entryId),
	);
	return {
		folder,
		inbox,
		entries: entries.map(({ bytes, ...e }) => ({
			...e,
			size: bytes.length,
			sha256: sha256(bytes),
		})),
		archive,
	};
}

module.exports = {
	CREDENTIAL,
	EXAMPLES,
	EXAMPLE_FOLDER,
	EXAMPLES_DIR,
	OWNER,
	sha256,
	emulatorCredential,
	archivePlan,
	loadExampleWorkflows,
	prepareExampleFiles,
};
