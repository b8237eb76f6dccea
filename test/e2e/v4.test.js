'use strict';
// Quick Expense v4 in real n8n 2.41.1 (Node 24), installed from the package tarball, against the emulator in this
// process: an email-style flow (a folder of attachments stands in for the mailbox, as in the demo) turns three
// receipts into three quick expenses for the sender, looked up once by login with Identity v4; the HEIC photo
// among them goes to the error output with its code, and is never sent. Every stored file is byte-identical.
// Run with `npm run test:e2e -- test/e2e/v4.test.js`.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const { createInstance, nodeOutput } = require('../../scripts/lib/n8n-instance');
const { startEmulator } = require('../../emulator');
const { CREDENTIAL, emulatorCredential } = require('../../scripts/lib/example-setup');
const { receiptPdf, receiptPng, receiptJpeg, inboxFiles } = require('../../scripts/lib/example-files');

const TARBALL = process.env.N8N_E2E_PACKAGE_TARBALL;
const SENDER = 'alex.ops@example.com';
const sha256 = (b) => crypto.createHash('sha256').update(b).digest('hex');

const node = (name, type, typeVersion, parameters, position, extra = {}) => ({
	id: `v4-${name.replace(/\W+/g, '-').toLowerCase()}`,
	name,
	type,
	typeVersion,
	position: [position * 220, 0],
	parameters,
	...extra,
});

describe('Quick Expense v4 in real n8n', { timeout: 15 * 60 * 1000 }, () => {
	let emu;
	let n8n;
	let files;
	const skip = !TARBALL && 'N8N_E2E_PACKAGE_TARBALL is not set (run via npm run test:e2e)';

	before(async () => {
		if (skip) return;
		emu = await startEmulator({ port: 0 });
		n8n = await createInstance();
		await n8n.installPackage(TARBALL);
		const inbox = new Map((await inboxFiles()).map((f) => [f.name, f.bytes]));
		files = {
			'hotel.pdf': await receiptPdf('Hotel Berlin', ['2 nights', 'TOTAL 240.00 EUR']),
			'taxi.png': receiptPng(['Taxi', 'TOTAL 23.00 EUR']),
			'lunch.jpg': receiptJpeg(['Lunch', 'TOTAL 18.40 EUR']),
			'IMG_0042.HEIC': inbox.get('IMG_0042.HEIC'),
		};
		const dir = path.join(n8n.filesDir, 'v4-inbox');
		fs.mkdirSync(dir, { recursive: true });
		for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);

		await n8n.importCredentials([emulatorCredential(emu)]);
		await n8n.importWorkflows([
			{
				id: 'v4QuickExp01',
				name: 'Email receipts → quick expenses',
				settings: { executionOrder: 'v1' },
				nodes: [
					node('Start', 'n8n-nodes-base.manualTrigger', 1, {}, 0),
					node('Attachments', 'n8n-nodes-base.readWriteFile', 1.1, { fileSelector: `${dir}/*`, options: {} }, 1),
					node(
						'Quick Expense',
						'n8n-nodes-concur-imaging.concurImaging',
						1,
						{
							resource: 'quickExpense',
							operation: 'createWithImage',
							user: SENDER,
							amount: "={{ { 'hotel.pdf': 240, 'taxi.png': 23, 'lunch.jpg': 18.4 }[$binary.data.fileName] ?? 1 }}",
							currencyCode: 'EUR',
							transactionDate: '2026-03-14',
							expenseTypeId: 'UNDEF',
							additionalFields: { vendor: '={{ $binary.data.fileName }}', comment: 'Forwarded by email' },
							options: {},
						},
						2,
						{ credentials: { concurCompanyApi: { ...CREDENTIAL } }, onError: 'continueErrorOutput' },
					),
					node('Created', 'n8n-nodes-base.noOp', 1, {}, 3),
					node('Refused', 'n8n-nodes-base.noOp', 1, {}, 3),
				],
				connections: {
					Start: { main: [[{ node: 'Attachments', type: 'main', index: 0 }]] },
					Attachments: { main: [[{ node: 'Quick Expense', type: 'main', index: 0 }]] },
					'Quick Expense': {
						main: [[{ node: 'Created', type: 'main', index: 0 }], [{ node: 'Refused', type: 'main', index: 0 }]],
					},
				},
			},
		]);
		emu.clearRequestLog();
	});

	after(async () => {
		if (n8n) await n8n.cleanup();
		if (emu) await emu.stop();
	});

	it('three receipts become three quick expenses, the HEIC photo goes to the error output unsent', { skip }, async (t) => {
		const r = await n8n.execute('v4QuickExp01');
		t.diagnostic(`execute took ${r.ms} ms`);
		assert.equal(r.ok, true, r.error ? `${r.error.message}\n${r.error.description || ''}` : `status ${r.status}`);

		const created = nodeOutput(r.run, 'Quick Expense', { output: 0 });
		const refused = nodeOutput(r.run, 'Quick Expense', { output: 1 });
		assert.equal(created.length, 3, JSON.stringify(created));
		assert.equal(refused.length, 1, JSON.stringify(refused));
		assert.equal(refused[0].details.code, 'UNSUPPORTED_TYPE');
		assert.match(refused[0].error, /IMG_0042\.HEIC/);

		const alex = emu.users.find((u) => u.loginId === SENDER);
		const stored = emu.v4.quickExpenses();
		assert.equal(stored.length, 3);
		for (const json of created) {
			assert.equal(json.resource, 'quickExpense');
			assert.equal(json.userId, alex.id);
			const record = stored.find((q) => q.id === json.id);
			assert.ok(record, `quick expense ${json.id} is in the emulator`);
			const bytes = await emu.v4.bytes('quickExpenses', json.id);
			assert.equal(sha256(bytes), sha256(files[json.fileName]), `${json.fileName} stored byte for byte`);
			assert.equal(record.request.vendor, json.fileName);
			assert.deepEqual(record.request.transactionAmount, {
				currencyCode: 'EUR',
				value: { 'hotel.pdf': 240, 'taxi.png': 23, 'lunch.jpg': 18.4 }[json.fileName],
			});
		}
		const log = emu.requestLog().filter((e) => !e.path.startsWith('/oauth2/'));
		const lookups = log.filter((e) => e.path.startsWith('/profile/identity/v4/'));
		assert.equal(lookups.length, 1, 'the sender is looked up once for the whole batch');
		const posts = log.filter((e) => e.method === 'POST' && e.path.startsWith('/quickexpense/v4/'));
		assert.deepEqual(
			posts.map((e) => `${e.path}:${e.status}`),
			Array(3).fill(`/quickexpense/v4/users/${alex.id}/context/TRAVELER/quickexpenses/image:201`),
		);
	});
});
