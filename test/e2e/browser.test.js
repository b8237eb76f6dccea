'use strict';
// The package in real n8n 2.41.1, looked at in a real browser: headless Chromium (Debian's chromium, installed with
// apt-get by scripts/lib/browser/chromium.js when missing) driven by playwright-core. One n8n (`n8n start`), one
// emulator and one browser for the file; the tests run in order.
//
//   - sign in on the editor's sign-in page; the example workflows are listed
//   - each example opens on the canvas with all its nodes, the Concur nodes drawn with the package's icon
//   - the Concur node's panel, for every resource and operation the node offers, shows exactly the fields its
//     description defines for that choice (and the credential selector unless the operation needs none)
//   - the company credential's dialog runs its credential test against the emulator (on open, and again on Retry);
//     the user OAuth2 credential's dialog connects through Concur's sign-in (a popup) and n8n stores the token
//   - the form example's production page: a good receipt lands in the submitter's Available Receipts with its ID
//     on the page; refused files (HEIC, encrypted PDF, over 10 MB, unknown login) show why, and nothing is sent
// Screenshots go to N8N_E2E_ARTIFACTS (default <tmp>/concur-imaging-e2e-artifacts/); the test prints the folder.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { createInstance } = require('../../scripts/lib/n8n-instance');
const { startEmulator } = require('../../emulator');
const {
	CREDENTIAL,
	OWNER,
	emulatorCredential,
	loadExampleWorkflows,
	prepareExampleFiles,
} = require('../../scripts/lib/example-setup');
const F = require('../../scripts/lib/example-form');
const { launchChromium } = require('../../scripts/lib/browser/chromium');
const E = require('../../scripts/lib/browser/editor');
const NF = require('../../scripts/lib/browser/node-fields');

const TARBALL = process.env.N8N_E2E_PACKAGE_TARBALL;
const NODE_TYPE = 'n8n-nodes-concur-imaging.concurImaging';
const ARTIFACTS =
	process.env.N8N_E2E_ARTIFACTS || path.join(os.tmpdir(), 'concur-imaging-e2e-artifacts');
const USER_CREDENTIAL = { id: 'concurUser000001', name: 'Concur user (emulator)' };
/** A workflow of one Concur node, for trying every resource and operation (the editor saves what is changed). */
const FIELDS_WORKFLOW = {
	id: 'browserFields01',
	name: 'Concur Imaging fields (editor test)',
	nodes: [
		{
			id: 'b7e0c1d2-0000-4000-8000-000000000001',
			name: 'Concur Imaging',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { resource: 'receipt', operation: 'upload', options: {} },
			credentials: { concurCompanyApi: { ...CREDENTIAL } },
		},
	],
	connections: {},
	settings: { executionOrder: 'v1' },
};

describe(
	'Concur Imaging in a real browser (n8n 2.41.1 editor and form)',
	{ timeout: 25 * 60 * 1000 },
	() => {
		const skip = TARBALL ? false : 'N8N_E2E_PACKAGE_TARBALL is not set (run via npm run test:e2e)';
		let emu;
		let n8n;
		let editor;
		let browser;
		let page;
		let examples;
		let description;
		const shot = async (name, p = page) => {
			const file = path.join(ARTIFACTS, `${name}.png`);
			await p.screenshot({ path: file });
			return file;
		};

		before(async () => {
			if (skip) return;
			fs.mkdirSync(ARTIFACTS, { recursive: true });
			emu = await startEmulator({ port: 0 });
			n8n = await createInstance();
			await n8n.installPackage(TARBALL);
			const folder = path.join(n8n.filesDir, 'concur-examples');
			await prepareExampleFiles(emu, folder);
			examples = [...loadExampleWorkflows(folder).map((e) => e.workflow), F.loadFormWorkflow()];
			await n8n.importCredentials([
				emulatorCredential(emu),
				{
					...USER_CREDENTIAL,
					type: 'concurOAuth2Api',
					data: {
						dataCenter: 'custom',
						customBaseUrl: emu.baseUrl,
						followGeolocation: true,
						clientId: emu.client.id,
						clientSecret: emu.client.secret,
						scope: '',
					},
				},
			]);
			await n8n.importWorkflows([...examples, FIELDS_WORKFLOW]);
			await F.publishWorkflow(n8n, F.FORM_EXAMPLE.id);
			editor = await n8n.startEditor({ owner: OWNER });
			browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
			page = await browser.newPage();
		});

		after(async () => {
			if (browser) await browser.close();
			if (n8n) await n8n.cleanup();
			if (emu) await emu.stop();
		});

		it('signs in on the sign-in page; the example workflows are listed', { skip }, async (t) => {
			await E.signIn(page, editor.url, OWNER);
			for (const wf of examples)
				await page.getByText(wf.name, { exact: true }).first().waitFor({ timeout: 30000 });
			t.diagnostic(`screenshots in ${ARTIFACTS}`);
			await shot('01-workflows');
			description = (
				await page.evaluate(async () => (await fetch('/types/nodes.json')).json())
			).find((n) => n.name === NODE_TYPE);
			assert.ok(description, 'the editor loads the Concur Imaging node type');
		});

		it(
			'opens each example: every node is on the canvas, the Concur nodes with their icon',
			{ skip },
			async () => {
				for (const wf of examples) {
					const shown = await E.openWorkflow(page, editor.url, wf.id);
					const expected = wf.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
					assert.deepEqual(
						shown.map((n) => n.name).sort(),
						expected.map((n) => n.name).sort(),
						`${wf.name}: the canvas shows every node`,
					);
					const concurNodes = expected.filter((n) => n.type === NODE_TYPE).map((n) => n.name);
					assert.ok(concurNodes.length > 0, `${wf.name} has Concur nodes`);
					for (const name of concurNodes) {
						const icon = page.locator(
							`[data-test-id="canvas-node"][data-node-name="${name.replace(/"/g, '\\"')}"] img`,
						);
						await icon.first().waitFor({ timeout: 15000 });
						const width = await icon.first().evaluate((img) => img.naturalWidth);
						assert.ok(width > 0, `${wf.name} / ${name}: the node icon is loaded`);
					}
					await shot(`02-workflow-${wf.id}`);
				}
			},
		);

		it(
			'the Concur node panel shows, for every resource and operation, the fields the node defines for it',
			{ skip },
			async (t) => {
				// The form example's upload, as a user first meets it (screenshot), then every choice on a scratch node.
				await E.openWorkflow(page, editor.url, F.FORM_EXAMPLE.id);
				await E.openNode(page, "Upload to the submitter's Available Receipts");
				assert.equal(await E.shownValue(page, 'resource'), 'Receipt');
				assert.equal(await E.shownValue(page, 'operation'), 'Upload');
				assert.ok(await E.credentialShown(page), 'the credential selector is shown');
				await shot('03-node-panel-receipt-upload');
				await E.closeNode(page);

				await E.openWorkflow(page, editor.url, FIELDS_WORKFLOW.id);
				await E.openNode(page, 'Concur Imaging');
				const top = NF.topLevelNames(description);
				const pairs = NF.resourceOperations(description).filter(
					(p) => p.operation !== '__CUSTOM_API_CALL__',
				);
				const mismatches = [];
				for (const pair of pairs) {
					if ((await E.shownValue(page, 'resource')) !== pair.resourceName)
						await E.selectOption(page, 'resource', pair.resourceName);
					if ((await E.shownValue(page, 'operation')) !== pair.operationName)
						await E.selectOption(page, 'operation', pair.operationName);
					const shown = (await E.shownParameters(page)).filter((n) => top.has(n));
					const expected = NF.expectedParameters(description, {
						resource: pair.resource,
						operation: pair.operation,
					});
					// n8n draws the node's Authentication choice as the credential selector, not as a field.
					const fields = expected.filter((n) => n !== 'authentication');
					const credential = await E.credentialShown(page);
					t.diagnostic(
						`${pair.resourceName} / ${pair.operationName}: ${shown.join(', ')}${credential ? ' + credential' : ''}`,
					);
					if (JSON.stringify(shown) !== JSON.stringify(fields))
						mismatches.push(
							`${pair.resourceName} / ${pair.operationName}: shown [${shown}], defined [${fields}]`,
						);
					if (credential !== expected.includes('authentication'))
						mismatches.push(
							`${pair.resourceName} / ${pair.operationName}: credential selector ${credential ? 'shown' : 'missing'}`,
						);
				}
				assert.ok(
					pairs.length >= 10,
					`the node offers its resources and operations (${pairs.length})`,
				);
				assert.deepEqual(mismatches, []);
				await E.closeNode(page);
			},
		);

		it(
			"credential dialogs: the company credential's test passes (on open and on Retry); the user credential connects through Concur's sign-in",
			{ skip },
			async () => {
				const apiCalls = () => emu.requestLog().filter((e) => e.path.startsWith('/api/')).length;
				await page.goto(new URL('home/credentials', editor.url).toString());
				const before = apiCalls();
				await page.getByText(CREDENTIAL.name, { exact: true }).first().click();
				const modal = page.locator('[data-test-id="editCredential-modal"]');
				const success = modal.locator('[data-test-id="credentials-config-container-test-success"]');
				await success.waitFor({ timeout: 60000 });
				assert.match(await success.innerText(), /Connection tested successfully/);
				const afterOpen = apiCalls();
				assert.ok(afterOpen > before, 'opening the dialog ran the test against the emulator');
				await modal.getByRole('button', { name: 'Retry' }).click();
				await success.waitFor({ timeout: 60000 });
				for (let i = 0; i < 50 && apiCalls() === afterOpen; i++) await page.waitForTimeout(200);
				assert.ok(apiCalls() > afterOpen, 'Retry ran the test again');
				await shot('04-credential-company');
				await page.keyboard.press('Escape');
				await modal.waitFor({ state: 'hidden', timeout: 15000 });

				await page.getByText(USER_CREDENTIAL.name, { exact: true }).first().click();
				await modal
					.locator('[data-test-id="oauth-not-connected-banner"]')
					.waitFor({ timeout: 30000 });
				const popup = page.waitForEvent('popup', { timeout: 30000 });
				await modal.locator('[data-test-id="quick-connect-button"]').click();
				const signInWindow = await popup;
				await signInWindow.waitForEvent('close', { timeout: 60000 }).catch(() => undefined);
				await modal.getByText('Account connected').waitFor({ timeout: 30000 });
				await shot('05-credential-user-connected');
				const grants = emu
					.requestLog()
					.filter(
						(e) =>
							e.path === '/oauth2/v0/token' && e.form && e.form.grant_type === 'authorization_code',
					);
				assert.deepEqual(
					grants.map((g) => g.status),
					[200],
					"one code exchange after Concur's sign-in",
				);
				const stored = (await n8n.exportCredentials({ decrypted: true })).find(
					(c) => c.id === USER_CREDENTIAL.id,
				);
				assert.ok(
					stored.data.oauthTokenData && stored.data.oauthTokenData.refresh_token,
					'n8n stored the token',
				);
				await page.keyboard.press('Escape');
			},
		);

		it(
			"the form's production page: an accepted file shows its receipt ID, a refused one its reason",
			{ skip },
			async (t) => {
				const formUrl = F.formUrlOf(editor);
				const result = await F.runFormExample({
					emu,
					formUrl,
					newPage: () => browser.newPage(),
					screenshot: (c, p) => shot(`06-form-${c.expect}`, p),
				});
				for (const s of result.submissions)
					t.diagnostic(`${s.fileName} (${s.email}): "${s.page.title}" / "${s.page.message}"`);
				assert.deepEqual(result.problems, []);
				assert.deepEqual(
					result.submissions.map((s) => s.expect),
					['accepted', 'UNSUPPORTED_TYPE', 'ENCRYPTED_PDF', 'FILE_TOO_LARGE', 'concur'],
				);
				const accepted = result.submissions[0];
				assert.equal(accepted.page.title, F.TITLES.accepted);
				assert.ok(accepted.receiptId, 'the page names the receipt ID');
				const form = await browser.newPage();
				await form.goto(formUrl);
				await form.getByRole('button', { name: 'Send to Concur' }).waitFor();
				await shot('07-form-page', form);
				await form.close();
			},
		);
	},
);
