'use strict';
// The Concur Imaging package in real n8n 2.41.1 (Node 24), installed from its `npm pack` tarball, against the Concur
// emulator running in this process. One n8n instance and one emulator for the whole file; tests run in order and
// build on each other (the credential is exchanged by the first execution, rotated by the later ones).
//
//   - the company credential exchanges the request token on first use; n8n's database then holds the refresh
//     token and the geolocation (the company lives in the emulator's "eu" data center)
//   - upload → get round trip is byte-identical for PDF, PNG and JPEG
//   - the access token expires between executions; each next execution refreshes with the rotated refresh token
//     n8n stored (no new request-token exchange), three times in a row, the last with Concur answering 403
//   - error output: invalid files (HEIC, encrypted PDF, empty, truncated JPEG) and a Concur refusal go to output 1
//     with details.code, valid files to output 0, and nothing invalid is sent; without "continue" the run fails
//   - a 100-item batch: 100 on output 0, 100 uploads, each once, output in input order
//   - the example workflows run as `npm run demo` runs them (the archive twice, a report approved in between: the
//     second run writes only that report), and every outcome is checked against the emulator
//   - the editor knows the node and both credential types, serves their icons, lists the imported workflows,
//     redacts the secrets; its credential test refreshes an expired token and stores the rotated one
//   - the user OAuth2 credential, connected through n8n's OAuth flow in the editor: calls go to the token's
//     geolocation, n8n refreshes on 401 and on Concur's 403 and stores the rotated refresh token
//   - binary data mode "database": upload, get and a file write are byte-identical
//   - a token endpoint that is down or answers 503 gives NETWORK_ERROR / CONCUR_UNAVAILABLE, a 503 is retried;
//     a refused connection's message names the host
// Run with `npm run test:e2e` (builds and packs first; the tarball comes in N8N_E2E_PACKAGE_TARBALL).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const { createInstance, nodeOutput } = require('../../scripts/lib/n8n-instance');
const { startEmulator } = require('../../emulator');
const {
	CREDENTIAL,
	OWNER,
	emulatorCredential,
	loadExampleWorkflows,
	prepareExampleFiles,
} = require('../../scripts/lib/example-setup');
const { runExamples } = require('../../scripts/lib/example-checks');
const { formatReport } = require('../../scripts/lib/demo-report');
const {
	receiptPdf,
	receiptPng,
	receiptJpeg,
	inboxFiles,
} = require('../../scripts/lib/example-files');

const TARBALL = process.env.N8N_E2E_PACKAGE_TARBALL;
const NODE_TYPE = 'n8n-nodes-concur-imaging.concurImaging';
const CREDENTIAL_TYPES = ['concurCompanyApi', 'concurOAuth2Api'];
const V3 = '/api/v3.0/expense/receiptimages';

/** The user credential before anyone connected it: n8n's OAuth flow fills oauthTokenData. */
const USER_CREDENTIAL = { id: 'concurUser000001', name: 'Concur user (emulator)' };
const USER_CREDENTIAL_OF = (emu) => ({
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
});
const UNREACHABLE_CREDENTIAL = { id: 'concurDown000001', name: 'Concur (nothing listening)' };
const FRESH_CREDENTIAL = { id: 'concurFresh00001', name: 'Concur (fresh, token endpoint 503)' };
/** A loopback port with nothing listening (taken and released). */
function closedPort() {
	return new Promise((resolve) => {
		const srv = require('net').createServer();
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

const grants = (log) =>
	log.map((e) =>
		e.form
			? `${e.form.grant_type}@${e.dc}:${e.status}`
			: `${e.method} ${e.path}@${e.dc}:${e.status}`,
	);

const sha256 = (b) => crypto.createHash('sha256').update(b).digest('hex');
const tokenRequests = (log) => log.filter((e) => e.path === '/oauth2/v0/token');
const apiRequests = (log) => log.filter((e) => e.path.startsWith('/api/'));
const describeRun = (r) =>
	r.error ? `${r.error.message}\n${r.error.description || ''}` : `status ${r.status}`;

// ---------------------------------------------------------------------------------------------------------------
// Workflow builders

let nodeSeq = 0;
function node(name, type, typeVersion, parameters, extra = {}) {
	nodeSeq++;
	return {
		id: `e2e-node-${nodeSeq}`,
		name,
		type,
		typeVersion,
		position: [nodeSeq * 220, 0],
		parameters,
		...extra,
	};
}
const trigger = () => node('Start', 'n8n-nodes-base.manualTrigger', 1, {});
const readFiles = (name, selector) =>
	node(name, 'n8n-nodes-base.readWriteFile', 1.1, { fileSelector: selector, options: {} });
const concur = (name, parameters, extra = {}) =>
	node(name, NODE_TYPE, 1, parameters, {
		credentials: { concurCompanyApi: { ...CREDENTIAL } },
		...extra,
	});
/** connections from [from, to, outputIndex] triples */
function connect(...links) {
	const c = {};
	for (const [from, to, output = 0] of links) {
		c[from] = c[from] || { main: [] };
		while (c[from].main.length <= output) c[from].main.push([]);
		c[from].main[output].push({ node: to, type: 'main', index: 0 });
	}
	return c;
}
function workflow(id, name, nodes, connections) {
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' } };
}

// ---------------------------------------------------------------------------------------------------------------

describe('Concur Imaging in real n8n', { timeout: 20 * 60 * 1000 }, () => {
	let emu;
	let n8n;
	let files; // name -> bytes, per folder
	let examplePlan;
	let examples;
	let credentialAfterFirstRun;
	const skip = !TARBALL && 'N8N_E2E_PACKAGE_TARBALL is not set (run via npm run test:e2e)';

	before(async () => {
		if (skip) return;
		emu = await startEmulator({ port: 0 });
		n8n = await createInstance();
		await n8n.installPackage(TARBALL);

		// Input files, inside the folder n8n's file nodes may read (N8N_RESTRICT_FILE_ACCESS_TO).
		const inbox = new Map((await inboxFiles()).map((f) => [f.name, f.bytes]));
		files = {
			roundtrip: {
				'receipt.pdf': await receiptPdf('Round trip', ['PDF receipt', 'TOTAL 12.50 EUR']),
				'receipt.png': receiptPng(['Round trip', 'PNG RECEIPT', 'TOTAL 8.40 EUR']),
				'receipt.jpg': receiptJpeg(['Round trip', 'JPEG RECEIPT', 'TOTAL 31.00 EUR']),
			},
			mixed: {
				'ok.pdf': await receiptPdf('Mixed batch', ['A good PDF']),
				'ok.png': receiptPng(['Mixed batch', 'A GOOD PNG']),
				'IMG_0042.HEIC': inbox.get('IMG_0042.HEIC'),
				'protected.pdf': inbox.get('bank-statement-protected.pdf'),
				'empty.pdf': inbox.get('empty-attachment.pdf'),
				'truncated.jpg': inbox.get('parking-truncated.jpg'),
			},
			hundred: {},
			one: { 'second-image.png': receiptPng(['Second image', 'FOR A TAKEN ENTRY']) },
		};
		for (let i = 1; i <= 100; i++) {
			const n = String(i).padStart(3, '0');
			files.hundred[`receipt-${n}.png`] = receiptPng([`R${n}`, `TOTAL ${i}.00`]);
		}
		for (const [dir, list] of Object.entries(files)) {
			fs.mkdirSync(path.join(n8n.filesDir, 'e2e', dir), { recursive: true });
			for (const [name, bytes] of Object.entries(list))
				fs.writeFileSync(path.join(n8n.filesDir, 'e2e', dir, name), bytes);
		}
		const dir = (d) => path.join(n8n.filesDir, 'e2e', d);

		// The example workflows with this instance's folder, and their input files.
		const exampleFolder = path.join(n8n.filesDir, 'concur-examples');
		examplePlan = await prepareExampleFiles(emu, exampleFolder);
		examples = loadExampleWorkflows(exampleFolder);

		const takenEntry = emu.seeded.reports.flatMap((r) => r.entries).find((e) => e.hasImage);
		assert.ok(takenEntry, 'the emulator seeds an entry that already has an image');

		// Two more company credentials for the token-endpoint failures: one whose base URL has nothing listening,
		// one that is fresh (its first run exchanges the request token) while the emulator answers 503.
		const good = emulatorCredential(emu);
		await n8n.importCredentials([
			good,
			USER_CREDENTIAL_OF(emu),
			{
				...good,
				...UNREACHABLE_CREDENTIAL,
				data: { ...good.data, customBaseUrl: `http://127.0.0.1:${await closedPort()}` },
			},
			{ ...good, ...FRESH_CREDENTIAL },
		]);
		await n8n.importWorkflows([
			// upload -> get, the get writes the downloaded image into `image`
			workflow(
				'e2eRound1',
				'Round trip',
				[
					trigger(),
					readFiles('Read', `${dir('roundtrip')}/*`),
					concur('Upload', { resource: 'receipt', operation: 'upload', options: {} }),
					concur('Get', {
						resource: 'receipt',
						operation: 'get',
						receiptId: '={{ $json.id }}',
						download: true,
						outputBinaryPropertyName: 'image',
						options: {},
					}),
				],
				connect(['Start', 'Read'], ['Read', 'Upload'], ['Upload', 'Get']),
			),
			// one API call: lists receipts
			workflow(
				'e2eList1',
				'List receipts',
				[
					trigger(),
					concur('List', {
						resource: 'receipt',
						operation: 'getMany',
						returnAll: false,
						limit: 3,
						options: {},
					}),
				],
				connect(['Start', 'List']),
			),
			// valid and invalid files, and a Concur refusal, with error outputs
			workflow(
				'e2eErrors1',
				'Error routing',
				[
					trigger(),
					readFiles('Read mixed', `${dir('mixed')}/*`),
					concur(
						'Upload',
						{ resource: 'receipt', operation: 'upload', options: {} },
						{ onError: 'continueErrorOutput' },
					),
					node('Uploaded', 'n8n-nodes-base.noOp', 1, {}),
					node('Refused', 'n8n-nodes-base.noOp', 1, {}),
					readFiles('Read one', `${dir('one')}/*`),
					concur(
						'Attach to taken entry',
						{ resource: 'expenseEntry', operation: 'upload', entryId: takenEntry.id, options: {} },
						{ onError: 'continueErrorOutput' },
					),
					node('Refused by Concur', 'n8n-nodes-base.noOp', 1, {}),
				],
				connect(
					['Start', 'Read mixed'],
					['Read mixed', 'Upload'],
					['Upload', 'Uploaded', 0],
					['Upload', 'Refused', 1],
					['Start', 'Read one'],
					['Read one', 'Attach to taken entry'],
					['Attach to taken entry', 'Refused by Concur', 1],
				),
			),
			// without "continue": the first invalid file fails the run
			workflow(
				'e2eStop1',
				'Stops on an invalid file',
				[
					trigger(),
					readFiles('Read HEIC', `${dir('mixed')}/IMG_0042.HEIC`),
					concur('Upload', { resource: 'receipt', operation: 'upload', options: {} }),
				],
				connect(['Start', 'Read HEIC'], ['Read HEIC', 'Upload']),
			),
			// the user OAuth2 credential: one API call
			workflow(
				'e2eUser1',
				'List receipts as a user',
				[
					trigger(),
					node(
						'List',
						NODE_TYPE,
						1,
						{
							authentication: 'userOAuth2',
							resource: 'receipt',
							operation: 'getMany',
							limit: 3,
							options: {},
						},
						{
							credentials: {
								concurOAuth2Api: { id: USER_CREDENTIAL.id, name: USER_CREDENTIAL.name },
							},
						},
					),
				],
				connect(['Start', 'List']),
			),
			// token endpoint failures, routed to the error output
			...[
				['e2eTokenDown1', UNREACHABLE_CREDENTIAL],
				['e2eToken503x1', FRESH_CREDENTIAL],
			].map(([id, credential]) =>
				workflow(
					id,
					`Token endpoint failure ${id}`,
					[
						trigger(),
						node(
							'List',
							NODE_TYPE,
							1,
							{
								resource: 'receipt',
								operation: 'getMany',
								limit: 1,
								options: { maxRetries: 2, retryDelayMs: 50 },
							},
							{
								credentials: { concurCompanyApi: { id: credential.id, name: credential.name } },
								onError: 'continueErrorOutput',
							},
						),
					],
					connect(['Start', 'List']),
				),
			),
			// 100 files
			workflow(
				'e2eHundred1',
				'100 receipts',
				[
					trigger(),
					readFiles('Read 100', `${dir('hundred')}/*.png`),
					concur(
						'Upload',
						{ resource: 'receipt', operation: 'upload', options: {} },
						{ onError: 'continueErrorOutput' },
					),
				],
				connect(['Start', 'Read 100'], ['Read 100', 'Upload']),
			),
			...examples.map((e) => e.workflow),
		]);
		emu.clearRequestLog();
	});

	after(async () => {
		if (n8n) await n8n.cleanup();
		if (emu) await emu.stop();
	});

	it(
		'first run: the node loads, the company credential exchanges the request token, n8n stores refresh token and geolocation; upload → get is byte-identical for PDF, PNG and JPEG',
		{ skip },
		async (t) => {
			const r = await n8n.execute('e2eRound1');
			t.diagnostic(`execute took ${r.ms} ms`);
			assert.equal(r.ok, true, describeRun(r));

			// The request token was exchanged exactly once, at the configured base URL (data center "us"), and every
			// API call then went to the geolocation Concur returned (the company lives in "eu").
			const log = emu.requestLog();
			const tokens = tokenRequests(log);
			assert.equal(
				tokens.length,
				1,
				`one token request for the whole batch: ${JSON.stringify(tokens.map((e) => e.form))}`,
			);
			assert.equal(tokens[0].form.grant_type, 'password');
			assert.equal(tokens[0].form.credtype, 'authtoken');
			assert.equal(tokens[0].form.username, emu.company.id);
			assert.equal(tokens[0].dc, 'us');
			assert.equal(tokens[0].status, 200);
			const api = apiRequests(log);
			assert.ok(api.length >= 6, `3 uploads and 3 gets, got ${api.length} API calls`);
			assert.deepEqual(
				[...new Set(api.map((e) => e.dc))],
				['eu'],
				'all API calls go to the geolocation',
			);

			// n8n's database holds what the exchange returned.
			const [stored] = (await n8n.exportCredentials({ decrypted: true })).filter(
				(c) => c.id === CREDENTIAL.id,
			);
			assert.ok(stored, 'credential exported');
			assert.equal(stored.type, 'concurCompanyApi');
			assert.match(
				String(stored.data.currentRefreshToken),
				/^[0-9a-f-]{36}$/i,
				'refresh token stored',
			);
			assert.equal(stored.data.geolocation, emu.dataCenters.eu, 'geolocation stored');
			assert.ok(stored.data.accessToken, 'access token stored');
			assert.ok(Date.parse(stored.data.accessExpiresAt) > Date.now(), 'access expiry stored');
			credentialAfterFirstRun = stored.data;

			// Round trip: what Get downloaded is byte for byte what was read from disk and uploaded.
			const uploads = nodeOutput(r.run, 'Upload');
			assert.equal(uploads.length, 3);
			const gets = nodeOutput(r.run, 'Get', { withBinary: true });
			assert.equal(gets.length, 3);
			const seen = new Set();
			for (const item of gets) {
				const original = files.roundtrip[item.binary.data.fileName];
				assert.ok(original, `input file ${item.binary.data.fileName} is still on the item`);
				const downloaded = await n8n.readBinary(item.binary.image);
				assert.equal(downloaded.length, original.length, `${item.binary.data.fileName}: size`);
				assert.ok(
					downloaded.equals(original),
					`${item.binary.data.fileName}: bytes differ after the round trip`,
				);
				assert.equal(item.json.sha256, sha256(original));
				assert.equal(item.binary.image.mimeType, item.json.mimeType);
				seen.add(item.json.mimeType);
				const up = uploads.find((u) => u.id === item.json.id);
				assert.ok(up, `get ${item.json.id} pairs with an upload`);
				assert.equal(up.sha256, sha256(original));
			}
			assert.deepEqual([...seen].sort(), ['application/pdf', 'image/jpeg', 'image/png']);
		},
	);

	it(
		'the access token expires between executions: each next run refreshes with the rotated refresh token stored in n8n (three times; the third with Concur answering 403 for the expired token)',
		{ skip },
		async (t) => {
			assert.ok(credentialAfterFirstRun, 'needs the first run');
			let before = credentialAfterFirstRun;
			for (const round of [1, 2, 3]) {
				const expiredStatus = round === 3 ? 403 : 401;
				emu.configure({ expiredTokenStatus: expiredStatus });
				emu.expireAccessTokens();
				emu.clearRequestLog();
				const r = await n8n
					.execute('e2eList1')
					.finally(() => emu.configure({ expiredTokenStatus: 401 }));
				assert.equal(r.ok, true, `round ${round}: ${describeRun(r)}`);
				assert.ok(nodeOutput(r.run, 'List').length >= 1, 'receipts listed');

				const log = emu.requestLog();
				const tokens = tokenRequests(log);
				// One refresh, with the refresh_token grant, at the stored geolocation ("eu": Concur answers code 16 for a
				// refresh at another data center), accepted. The credential falls back to the request token when a
				// refresh token is refused, so "no password grant" is what proves the stored token was current.
				assert.deepEqual(
					tokens.map((e) => `${e.form.grant_type}@${e.dc}:${e.status}`),
					['refresh_token@eu:200'],
					`round ${round}: token requests`,
				);
				const api = apiRequests(log);
				assert.deepEqual(
					api.map((e) => e.status),
					[expiredStatus, 200],
					`round ${round}: the expired token is refused once, then the call succeeds with the new one`,
				);

				const [stored] = (await n8n.exportCredentials({ decrypted: true })).filter(
					(c) => c.id === CREDENTIAL.id,
				);
				assert.notEqual(
					stored.data.currentRefreshToken,
					before.currentRefreshToken,
					`round ${round}: the rotated refresh token was stored`,
				);
				assert.notEqual(
					stored.data.accessToken,
					before.accessToken,
					`round ${round}: new access token stored`,
				);
				assert.equal(stored.data.geolocation, emu.dataCenters.eu);
				t.diagnostic(`round ${round}: refreshed and stored in ${r.ms} ms`);

				// Control: the refresh token of the run before was rotated out; Concur (the emulator) refuses it now.
				const res = await fetch(`${emu.dataCenters.eu}/oauth2/v0/token`, {
					method: 'POST',
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					body: new URLSearchParams({
						grant_type: 'refresh_token',
						refresh_token: before.currentRefreshToken,
						client_id: emu.client.id,
						client_secret: emu.client.secret,
					}),
				});
				assert.equal(res.status, 400);
				assert.equal((await res.json()).code, 108, 'the old refresh token is rotated out');
				before = stored.data;
			}
		},
	);

	it(
		'error output routing, the stop-on-error default, and a 100-item batch (one execute-batch)',
		{ skip },
		async (t) => {
			emu.clearRequestLog();
			const receiptsBefore = new Set((await emu.state()).receipts.map((r) => r.id));
			const batch = await n8n.executeBatch(['e2eErrors1', 'e2eHundred1', 'e2eStop1']);
			t.diagnostic(`execute-batch of 3 workflows took ${batch.ms} ms`);
			const status = Object.fromEntries(batch.executions.map((e) => [e.workflowId, e]));
			assert.equal(
				status.e2eErrors1 && status.e2eErrors1.executionStatus,
				'success',
				JSON.stringify(status.e2eErrors1),
			);
			assert.equal(
				status.e2eHundred1 && status.e2eHundred1.executionStatus,
				'success',
				JSON.stringify(status.e2eHundred1),
			);

			// Without "continue": the run fails on the invalid file, with the node's explanation.
			assert.equal(status.e2eStop1 && status.e2eStop1.executionStatus, 'error');
			assert.match(status.e2eStop1.error, /HEIC photo/);
			assert.match(status.e2eStop1.error, /on node Upload$/);

			// Error routing: valid files on output 0, each invalid one on output 1 with its code; the file stays on the item.
			const run = batch.runs.e2eErrors1;
			const ok = nodeOutput(run, 'Upload', { output: 0 });
			assert.deepEqual(ok.map((i) => i.fileName).sort(), ['ok.pdf', 'ok.png']);
			for (const item of ok)
				assert.ok(item.id && item.sha256 === sha256(files.mixed[item.fileName]));
			const refused = nodeOutput(run, 'Upload', { output: 1, withBinary: true });
			const codes = Object.fromEntries(
				refused.map((i) => [i.json.details.fileName, i.json.details.code]),
			);
			assert.deepEqual(codes, {
				'IMG_0042.HEIC': 'UNSUPPORTED_TYPE',
				'protected.pdf': 'ENCRYPTED_PDF',
				'empty.pdf': 'EMPTY_FILE',
				'truncated.jpg': 'CORRUPT_FILE',
			});
			for (const item of refused) {
				assert.match(item.json.error, /was not sent to Concur/);
				assert.ok(item.json.details.problems.length >= 1);
				assert.ok(item.json.details.description, 'the reasons in words');
				// n8n merges the input item's json into an error item (Read/Write Files' fileName, mimeType, ...).
				assert.equal(
					item.json.fileName,
					item.json.details.fileName,
					'the input data stays on the error item',
				);
				assert.equal(
					item.binary.data.fileName,
					item.json.details.fileName,
					'the input file stays on the error item',
				);
			}
			assert.equal(
				nodeOutput(run, 'Uploaded').length,
				2,
				'the success branch ran with the 2 valid files',
			);
			assert.equal(
				nodeOutput(run, 'Refused').length,
				4,
				'the error branch ran with the 4 invalid files',
			);

			// A refusal by Concur itself (an entry takes one image) is routed the same way.
			const [second] = nodeOutput(run, 'Attach to taken entry', { output: 1 });
			assert.equal(second.details.code, 'IMAGE_ALREADY_ATTACHED');
			assert.equal(second.details.httpCode, 400);
			assert.match(second.details.concurMessage, /already has an image/);
			assert.ok(second.details.correlationId);
			assert.equal(nodeOutput(run, 'Refused by Concur').length, 1);

			// 100 items: all on output 0, in input order, 100 distinct receipts.
			const hundred = batch.runs.e2eHundred1;
			const read = nodeOutput(hundred, 'Read 100');
			const up = nodeOutput(hundred, 'Upload', { output: 0 });
			assert.equal(read.length, 100);
			assert.equal(up.length, 100);
			assert.equal(nodeOutput(hundred, 'Upload', { output: 1 }).length, 0);
			assert.deepEqual(
				up.map((i) => i.fileName),
				read.map((i) => i.fileName),
				'output keeps the input order',
			);
			assert.equal(new Set(up.map((i) => i.id)).size, 100);

			// What Concur (the emulator) got: 102 uploads (100 + the 2 valid mixed files), each file exactly once, and
			// none of the invalid files.
			const posts = apiRequests(emu.requestLog()).filter(
				(e) => e.method === 'POST' && e.path === V3,
			);
			assert.equal(posts.length, 102, 'one POST per valid file, no retries');
			assert.ok(posts.every((e) => e.status === 200));
			const added = (await emu.state()).receipts.filter((r) => !receiptsBefore.has(r.id));
			const bySha = new Map();
			for (const r of added) bySha.set(r.image.sha256, (bySha.get(r.image.sha256) || 0) + 1);
			for (const [name, bytes] of Object.entries(files.hundred))
				assert.equal(bySha.get(sha256(bytes)), 1, `${name} stored exactly once`);
			for (const name of ['ok.pdf', 'ok.png'])
				assert.equal(bySha.get(sha256(files.mixed[name])), 1, `${name} stored once`);
			for (const name of ['IMG_0042.HEIC', 'protected.pdf', 'empty.pdf', 'truncated.jpg'])
				assert.equal(bySha.has(sha256(files.mixed[name])), false, `${name} was never sent`);
			assert.equal(added.length, 102);
		},
	);

	it(
		'the example workflows run as `npm run demo` runs them, and every outcome matches the emulator',
		{ skip },
		async (t) => {
			const result = await runExamples(n8n, emu, examplePlan);
			t.diagnostic(`\n${formatReport(result, examplePlan)}`);
			assert.deepEqual(result.problems, []);
			assert.equal(result.ok, true);
			assert.deepEqual(result.uploaded.map((u) => u.fileName).sort(), [
				'hotel-receipt.jpg',
				'lunch-receipt.pdf',
				'taxi-receipt.png',
			]);
			assert.deepEqual(Object.fromEntries(result.rejected.map((r) => [r.fileName, r.code])), {
				'IMG_0042.HEIC': 'UNSUPPORTED_TYPE',
				'bank-statement-protected.pdf': 'ENCRYPTED_PDF',
				'empty-attachment.pdf': 'EMPTY_FILE',
				'parking-truncated.jpg': 'CORRUPT_FILE',
			});
			for (const r of result.rejected)
				assert.ok(r.reasons && r.reasons.length > 20, `${r.fileName} has its reasons`);
			assert.equal(result.attached.length, 3);
			assert.deepEqual(
				result.notAttached.map((r) => r.code),
				['IMAGE_ALREADY_ATTACHED'],
			);
			// The archive example, run 1 (no window yet): the approved report with images and the approved invoice
			// with an image are written; the approved invoice without an image is listed with NOT_FOUND; the report
			// pending approval is not archived.
			const { reports, invoices } = emu.seeded;
			assert.equal(reports[0].name, 'Client visit Berlin');
			// (emu.seeded describes the current state: reports[1] is approved by now.)
			assert.equal(examplePlan.archive.change.reportId, reports[1].id, 'reports[1] was pending');
			assert.equal(
				result.written.length,
				examplePlan.archive.reports.length + examplePlan.archive.invoices.length,
			);
			assert.deepEqual(result.written.map((w) => path.basename(w.path)).sort(), [
				`invoice-${invoices[2].id}.pdf`,
				`report-${reports[0].id}.pdf`,
			]);
			assert.deepEqual(
				result.notArchived.map((r) => [r.type, r.id, r.code]),
				[['invoice', invoices[0].id, 'NOT_FOUND']],
			);
			// Run 2, after reports[1] was approved: its window came from the workflow's static data (n8n execute
			// saved it), so only that report is written, no invoice, nothing listed as not archived.
			const second = result.secondRun;
			assert.equal(second.status, 'success');
			assert.ok(second.staticData.global.reportsArchivedUntil, 'run 1 kept its window');
			assert.deepEqual(
				second.written.map((w) => path.basename(w.path)),
				[`report-${reports[1].id}.pdf`],
			);
			assert.deepEqual(second.notArchived, []);
			for (const w of [...result.written, ...second.written]) {
				assert.ok(fs.existsSync(w.path));
				assert.match(
					path.basename(w.path),
					w.type === 'report' ? /^report-.+\.pdf$/ : /^invoice-.+\.(pdf|png|jpg)$/,
				);
			}
		},
	);

	it(
		'the editor knows the node and both credential types, serves their icons, lists the imported workflows, redacts the secrets; the credential test passes after expiry and stores the rotated token',
		{ skip },
		async (t) => {
			const t0 = Date.now();
			const editor = await n8n.startEditor({ owner: OWNER });
			try {
				t.diagnostic(`editor ready in ${Date.now() - t0} ms`);
				const get = (p) => fetch(`${editor.url}${p}`, { headers: { cookie: editor.cookie } });

				const nodes = await (await get('types/nodes.json')).json();
				const concurNode = nodes.find((n) => n.name === NODE_TYPE);
				assert.ok(concurNode, `${NODE_TYPE} is a known node type`);
				assert.equal(concurNode.displayName, 'Concur Imaging');
				const creds = await (await get('types/credentials.json')).json();
				for (const type of CREDENTIAL_TYPES)
					assert.ok(
						creds.some((c) => c.name === type),
						`${type} is a known credential type`,
					);

				// Icons: the packaging puts the SVGs where the node and credentials say.
				const icons = [
					concurNode.iconUrl,
					...creds.filter((c) => CREDENTIAL_TYPES.includes(c.name)).map((c) => c.iconUrl),
				].flatMap((u) => (typeof u === 'string' ? [u] : Object.values(u || {})));
				assert.ok(icons.length >= 3, `icon URLs: ${JSON.stringify(icons)}`);
				for (const icon of icons) {
					const res = await get(icon.replace(/^\//, ''));
					assert.equal(res.status, 200, `${icon}`);
					assert.match(await res.text(), /<svg/, `${icon} is an SVG`);
				}

				// The imported workflows and the credential belong to the owner who signs in.
				const wfs = (await (await get('rest/workflows')).json()).data;
				for (const e of examples)
					assert.ok(
						wfs.some((w) => w.id === e.id),
						`workflow ${e.id} listed`,
					);
				const credList = (await (await get('rest/credentials')).json()).data;
				assert.ok(
					credList.some((c) => c.id === CREDENTIAL.id),
					'credential listed',
				);

				// The credential dialog, as the editor shows it: secrets and tokens redacted.
				const [before] = (await n8n.exportCredentials({ decrypted: true })).filter(
					(c) => c.id === CREDENTIAL.id,
				);
				const shown = (
					await (await get(`rest/credentials/${CREDENTIAL.id}?includeData=true`)).json()
				).data;
				for (const secret of [
					'clientSecret',
					'requestToken',
					'accessToken',
					'currentRefreshToken',
				]) {
					assert.ok(before.data[secret], `${secret} is stored`);
					assert.notEqual(
						shown.data[secret],
						before.data[secret],
						`${secret} is not shown in the editor`,
					);
				}
				assert.equal(shown.data.companyId, emu.company.id);

				// Its "Test" button, with what the dialog holds, after the access token expired: the test refreshes (with
				// the stored refresh token, at the stored geolocation), lists one receipt, and n8n stores the rotated token.
				emu.expireAccessTokens();
				emu.clearRequestLog();
				const res = await fetch(`${editor.url}rest/credentials/test`, {
					method: 'POST',
					headers: { cookie: editor.cookie, 'content-type': 'application/json' },
					body: JSON.stringify({
						credentials: { id: shown.id, name: shown.name, type: shown.type, data: shown.data },
					}),
				});
				const body = await res.json();
				t.diagnostic(`credential test: HTTP ${res.status} ${JSON.stringify(body)}`);
				assert.equal(res.status, 200);
				assert.equal(body.data && body.data.status, 'OK', JSON.stringify(body));
				assert.deepEqual(
					emu
						.requestLog()
						.map((e) =>
							e.form
								? `${e.form.grant_type}@${e.dc}:${e.status}`
								: `${e.method} ${e.path}@${e.dc}:${e.status}`,
						),
					[`GET ${V3}@eu:401`, 'refresh_token@eu:200', `GET ${V3}@eu:200`],
				);
				const [after] = (await n8n.exportCredentials({ decrypted: true })).filter(
					(c) => c.id === CREDENTIAL.id,
				);
				assert.notEqual(
					after.data.currentRefreshToken,
					before.data.currentRefreshToken,
					'the test stored the rotated refresh token',
				);

				// The user credential's "Connect my account": n8n's OAuth2 flow against the emulator's sign-in (which
				// approves at once as its first user, who lives in "eu"), code exchanged by n8n at the access token URL.
				emu.clearRequestLog();
				const auth = await (
					await get(`rest/oauth2-credential/auth?id=${USER_CREDENTIAL.id}`)
				).json();
				const authUrl = new URL(auth.data);
				assert.equal(authUrl.origin + authUrl.pathname, `${emu.baseUrl}/oauth2/v0/authorize`);
				assert.equal(authUrl.searchParams.get('client_id'), emu.client.id);
				const approved = await fetch(authUrl, { redirect: 'manual' });
				assert.equal(approved.status, 302);
				const callback = new URL(approved.headers.get('location'));
				assert.equal(callback.pathname, '/rest/oauth2-credential/callback');
				const done = await fetch(callback, {
					headers: { cookie: editor.cookie },
					redirect: 'manual',
				});
				assert.equal(done.status, 200, await done.text());
				assert.deepEqual(grants(emu.requestLog()), [
					'GET /oauth2/v0/authorize@us:302',
					'authorization_code@us:200',
				]);
			} finally {
				await editor.stop();
			}

			// The next execution goes on from the token the test stored (a refresh, no new request-token exchange).
			emu.expireAccessTokens();
			emu.clearRequestLog();
			const r = await n8n.execute('e2eList1');
			assert.equal(r.ok, true, describeRun(r));
			assert.deepEqual(grants(tokenRequests(emu.requestLog())), ['refresh_token@eu:200']);
		},
	);

	it(
		"the user OAuth2 credential connected in the editor: calls go to the token geolocation, and n8n refreshes with rotation on 401 and on Concur's 403",
		{ skip },
		async () => {
			const stored = () =>
				n8n
					.exportCredentials({ decrypted: true })
					.then((l) => l.find((c) => c.id === USER_CREDENTIAL.id).data);
			const connected = await stored();
			assert.ok(
				connected.oauthTokenData && connected.oauthTokenData.refresh_token,
				'n8n stored the token',
			);
			assert.equal(connected.oauthTokenData.geolocation, emu.dataCenters.eu);

			let r;
			let before = connected;
			for (const expiredStatus of [401, 403]) {
				emu.configure({ expiredTokenStatus: expiredStatus });
				emu.expireAccessTokens();
				emu.clearRequestLog();
				r = await n8n.execute('e2eUser1').finally(() => emu.configure({ expiredTokenStatus: 401 }));
				assert.equal(r.ok, true, `${expiredStatus}: ${describeRun(r)}`);
				assert.ok(nodeOutput(r.run, 'List').length >= 1, 'receipts listed');
				// n8n's OAuth2 helper refreshes only when it sees the status itself, so after Concur's 403 the node sends
				// once more with n8n allowed to refresh on 403 (the node's design: n8n cannot tell an expired-token 403
				// from "not allowed"); that second 403 triggers the refresh.
				assert.deepEqual(grants(emu.requestLog()), [
					...(expiredStatus === 403 ? [`GET ${V3}@eu:403`] : []),
					`GET ${V3}@eu:${expiredStatus}`,
					'refresh_token@eu:200',
					`GET ${V3}@eu:200`,
				]);
				const now = await stored();
				assert.notEqual(
					now.oauthTokenData.refresh_token,
					before.oauthTokenData.refresh_token,
					`${expiredStatus}: the rotated refresh token was stored`,
				);
				before = now;
			}
		},
	);

	it(
		'binary data mode "database" (n8n\'s choice in queue mode): upload reads the file from it, get stores the download in it, byte-identical on disk',
		{ skip },
		async () => {
			const db = await createInstance({ env: { N8N_DEFAULT_BINARY_DATA_MODE: 'database' } });
			try {
				await db.installPackage(TARBALL);
				const inDir = path.join(db.filesDir, 'in');
				const outDir = path.join(db.filesDir, 'out');
				fs.mkdirSync(inDir);
				fs.mkdirSync(outDir);
				for (const [name, bytes] of Object.entries(files.roundtrip))
					fs.writeFileSync(path.join(inDir, name), bytes);
				await db.importCredentials([emulatorCredential(emu)]);
				await db.importWorkflows([
					workflow(
						'e2eDbMode1',
						'Round trip, database binary mode',
						[
							trigger(),
							readFiles('Read', `${inDir}/*`),
							concur('Upload', { resource: 'receipt', operation: 'upload', options: {} }),
							concur('Get', {
								resource: 'receipt',
								operation: 'get',
								receiptId: '={{ $json.id }}',
								outputBinaryPropertyName: 'image',
								options: { fileName: "={{ 'back-' + $('Read').item.json.fileName }}" },
							}),
							node('Write', 'n8n-nodes-base.readWriteFile', 1.1, {
								operation: 'write',
								fileName: `=${outDir}/{{ $json.fileName }}`,
								dataPropertyName: 'image',
								options: {},
							}),
						],
						connect(['Start', 'Read'], ['Read', 'Upload'], ['Upload', 'Get'], ['Get', 'Write']),
					),
				]);
				const r = await db.execute('e2eDbMode1');
				assert.equal(r.ok, true, describeRun(r));
				const gets = nodeOutput(r.run, 'Get', { withBinary: true });
				assert.equal(gets.length, 3);
				for (const g of gets)
					assert.match(g.binary.image.id, /^database:/, 'the download is stored in the database');
				for (const [name, bytes] of Object.entries(files.roundtrip)) {
					const back = fs.readFileSync(path.join(outDir, `back-${name}`));
					assert.ok(
						back.equals(bytes),
						`${name}: bytes differ after upload, get and write in database mode`,
					);
				}
			} finally {
				await db.cleanup();
			}
		},
	);

	// Found by this test and fixed in the node (065639c): a failure of Concur's token endpoint that says nothing
	// about the credential (connection refused, 503) was reported as CREDENTIAL_INVALID with the advice to reconnect,
	// and not retried.
	let tokenOutage;
	it(
		'a token endpoint that is down or answers 503 gives NETWORK_ERROR / CONCUR_UNAVAILABLE (not CREDENTIAL_INVALID), and a 503 is retried',
		{ skip },
		async (t) => {
			emu.setFaults([{ path: '/oauth2/v0/token', kind: '503' }]);
			emu.clearRequestLog();
			let batch;
			try {
				batch = await n8n.executeBatch(['e2eTokenDown1', 'e2eToken503x1']);
			} finally {
				emu.setFaults([]);
			}
			const item = (id) => (nodeOutput(batch.runs[id], 'List', { output: 1 }) || [])[0];
			const down = item('e2eTokenDown1');
			const unavailable = item('e2eToken503x1');
			tokenOutage = { down };
			t.diagnostic(`nothing listening: ${JSON.stringify(down)}`);
			t.diagnostic(`token endpoint 503: ${JSON.stringify(unavailable)}`);
			t.diagnostic(`token requests: ${JSON.stringify(grants(tokenRequests(emu.requestLog())))}`);
			assert.ok(down && unavailable, 'both runs route their item to the error output');
			assert.equal(down.details.code, 'NETWORK_ERROR', down.error);
			assert.equal(unavailable.details.code, 'CONCUR_UNAVAILABLE', unavailable.error);
			assert.deepEqual(
				grants(tokenRequests(emu.requestLog())),
				Array(3).fill('POST /oauth2/v0/token@us:503'),
				'the token request is retried (Max Retries 2)',
			);
		},
	);

	// n8n replaces an error message that contains a raw code such as ECONNREFUSED with its generic "The service
	// refused the connection": the credential words the problem instead, so the host it names survives.
	it('a refused connection to the token endpoint names the host', { skip }, async () => {
		assert.ok(tokenOutage && tokenOutage.down, 'needs the test before');
		assert.match(tokenOutage.down.error, /127\.0\.0\.1:\d+/);
	});
});
