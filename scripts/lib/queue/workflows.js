'use strict';
// What the queue run sends and runs: receipts (distinct bytes each, a few that Concur must never get), the
// receipt workflow (Webhook → Validate file → Valid? → Upload to Available Receipts, refusals routed to Set
// nodes, as in examples/email-receipts-to-concur.json), its variant for the killed worker (a step after the
// upload, Skip Files Already Sent on when the package has it) and the nightly archive example started by a
// production webhook instead of the editor's button (the rest of examples/archive-report-and-invoice-images.json
// as committed).

const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const { receiptPdf, receiptPng, receiptJpeg, encryptedPdf, heicPhoto } = require('../example-files');
const { CREDENTIAL, EXAMPLES, loadExampleWorkflows } = require('../example-setup');

const REPO = path.resolve(__dirname, '..', '..', '..');
const NODE = 'n8n-nodes-concur-imaging.concurImaging';

const sha256 = (b) => crypto.createHash('sha256').update(b).digest('hex');

/**
 * `count` receipts: PDF, PNG and JPEG in turn, each with its own text (so its own SHA-256), and `invalid` that the
 * validation refuses (HEIC, password-protected PDF, JPEG cut off). [{ name, mimeType, bytes, sha256, expect }]
 */
async function makeReceipts(count, { invalid = 0, prefix = 'r' } = {}) {
	const out = [];
	const bad = [
		(i) => ({ name: `${prefix}${i}-IMG.HEIC`, mimeType: 'image/heic', bytes: heicPhoto(), expect: 'UNSUPPORTED_TYPE' }),
		(i) => ({
			name: `${prefix}${i}-protected.pdf`,
			mimeType: 'application/pdf',
			bytes: encryptedPdf(`Statement ${prefix}${i}`, ['Card ending 4242', `Total ${i}.00`]),
			expect: 'ENCRYPTED_PDF',
		}),
		(i) => {
			const j = receiptJpeg(['Parking', `No ${prefix}${i}`, 'TOTAL 21.00 EUR']);
			return { name: `${prefix}${i}-cut.jpg`, mimeType: 'image/jpeg', bytes: j.subarray(0, Math.floor(j.length * 0.6)), expect: 'CORRUPT_FILE' };
		},
	];
	const badEvery = invalid ? Math.floor(count / invalid) : 0;
	for (let i = 1; i <= count; i++) {
		let f;
		if (badEvery && i % badEvery === 0 && out.filter((x) => x.expect !== 'valid').length < invalid) {
			f = bad[(i / badEvery - 1) % bad.length](i);
		} else {
			const lines = [`Receipt ${prefix}${i}`, `2026-12-0${1 + (i % 9)} 12:${String(i % 60).padStart(2, '0')}`, `TOTAL ${(10 + i * 0.37).toFixed(2)} EUR`];
			const kind = i % 3;
			if (kind === 0) f = { name: `${prefix}${i}.pdf`, mimeType: 'application/pdf', bytes: await receiptPdf(lines[0], lines.slice(1)) };
			else if (kind === 1) f = { name: `${prefix}${i}.png`, mimeType: 'image/png', bytes: receiptPng(lines) };
			else f = { name: `${prefix}${i}.jpg`, mimeType: 'image/jpeg', bytes: receiptJpeg(lines) };
			f.expect = 'valid';
		}
		out.push({ ...f, sha256: sha256(f.bytes) });
	}
	return out;
}

let ids = 0;
const nodeId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;

function webhookNode(name, pathName, position = [0, 0]) {
	return {
		id: nodeId(),
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position,
		webhookId: crypto.createHash('md5').update(pathName).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
		// Answers as soon as the execution is queued; the execution itself runs on a worker.
		parameters: { httpMethod: 'POST', path: pathName, responseMode: 'onReceived', options: {} },
	};
}

function setNode(name, fields, position) {
	return {
		id: nodeId(),
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position,
		parameters: {
			assignments: { assignments: Object.entries(fields).map(([k, v]) => ({ id: nodeId(), name: k, value: v, type: 'string' })) },
			options: {},
		},
	};
}

/**
 * Whether the "Skip Files Already Sent" upload option has landed (committed on this branch) and is in the
 * package that was built: work in progress in the working tree does not count.
 */
function hasSkipAlreadySent() {
	const file = path.join(REPO, 'dist', 'nodes', 'ConcurImaging', 'actions', 'sendOnce.js');
	const committed = spawnSync('git', ['cat-file', '-e', 'HEAD:nodes/ConcurImaging/actions/sendOnce.ts'], { cwd: REPO });
	return committed.status === 0 && fs.existsSync(file) && /skipAlreadySent/.test(fs.readFileSync(file, 'utf8'));
}

/**
 * The receipt workflow. afterUpload: seconds of a Wait node after a successful upload (the killed-worker run, so
 * some executions die after Concur stored their file); skipAlreadySent: the upload option.
 */
function receiptWorkflow({ id, pathName, afterUpload = 0, skipAlreadySent = false }) {
	const upload = {
		id: nodeId(),
		name: 'Upload to Available Receipts',
		type: NODE,
		typeVersion: 1,
		position: [660, -100],
		onError: 'continueErrorOutput',
		parameters: { resource: 'receipt', operation: 'upload', options: skipAlreadySent ? { skipAlreadySent: true } : {} },
		credentials: { concurCompanyApi: { ...CREDENTIAL } },
	};
	const nodes = [
		webhookNode('Receipt webhook', pathName),
		{ id: nodeId(), name: 'Validate file', type: NODE, typeVersion: 1, position: [220, 0], parameters: { resource: 'file', operation: 'validate', options: {} } },
		{
			id: nodeId(),
			name: 'Valid for Concur?',
			type: 'n8n-nodes-base.if',
			typeVersion: 2.2,
			position: [440, 0],
			parameters: {
				conditions: {
					options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
					conditions: [{ id: nodeId(), leftValue: '={{ $json.valid }}', rightValue: '', operator: { type: 'boolean', operation: 'true', singleValue: true } }],
					combinator: 'and',
				},
				options: {},
			},
		},
		upload,
		setNode('Record rejection', { fileName: '={{ $json.fileName }}', code: '={{ $json.problems[0].code }}' }, [660, 150]),
		setNode('Record Concur refusal', {
			fileName: "={{ $('Validate file').item.json.fileName }}",
			code: '={{ $json.details.code }}',
			reasons: '={{ $json.details.concurMessage || $json.details.description || $json.error }}',
		}, [900, 0]),
	];
	const connections = {
		'Receipt webhook': { main: [[{ node: 'Validate file', type: 'main', index: 0 }]] },
		'Validate file': { main: [[{ node: 'Valid for Concur?', type: 'main', index: 0 }]] },
		'Valid for Concur?': { main: [[{ node: upload.name, type: 'main', index: 0 }], [{ node: 'Record rejection', type: 'main', index: 0 }]] },
		[upload.name]: { main: [[], [{ node: 'Record Concur refusal', type: 'main', index: 0 }]] },
	};
	if (afterUpload) {
		nodes.push({
			id: nodeId(),
			name: 'After upload',
			type: 'n8n-nodes-base.wait',
			typeVersion: 1.1,
			position: [900, -150],
			webhookId: nodeId(),
			parameters: { resume: 'timeInterval', amount: afterUpload, unit: 'seconds' },
		});
		connections[upload.name].main[0].push({ node: 'After upload', type: 'main', index: 0 });
	}
	return { id, name: `Queue test: receipts (${pathName})`, active: true, nodes, connections, settings: { executionOrder: 'v1' } };
}

/**
 * The example workflows as committed on this branch (HEAD), not as they are in a working tree someone is editing,
 * copied into a temp folder (removed at exit).
 */
function committedExamplesDir() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-examples-'));
	process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
	for (const { file } of EXAMPLES) {
		const r = spawnSync('git', ['show', `HEAD:examples/${file}`], { cwd: REPO, maxBuffer: 64 * 1024 * 1024 });
		fs.writeFileSync(path.join(dir, file), r.status === 0 ? r.stdout : fs.readFileSync(path.join(REPO, 'examples', file)));
	}
	return dir;
}

/**
 * The archive example as committed, its folder rewritten to `folder`, with a production Webhook next to its
 * manual trigger (wired to the same first node), so main enqueues it and a worker runs it.
 */
function archiveWorkflow({ id, folder, pathName }) {
	const ex = loadExampleWorkflows(folder, committedExamplesDir()).find((e) => e.file === 'archive-report-and-invoice-images.json');
	const wf = JSON.parse(JSON.stringify(ex.workflow));
	const manual = wf.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	if (!manual) throw new Error('the archive example has no manual trigger to start it from');
	const hook = webhookNode('Archive webhook (queue test)', pathName, [manual.position[0], manual.position[1] - 200]);
	wf.nodes.push(hook);
	wf.connections[hook.name] = JSON.parse(JSON.stringify(wf.connections[manual.name]));
	// The schedule trigger stays as committed (02:00) but is not active here: only the webhook starts a run.
	for (const n of wf.nodes) if (n.type === 'n8n-nodes-base.scheduleTrigger') n.disabled = true;
	return { ...wf, id, name: `Queue test: ${wf.name}`, active: true, settings: { ...(wf.settings || {}), executionOrder: 'v1' } };
}

module.exports = { makeReceipts, receiptWorkflow, archiveWorkflow, hasSkipAlreadySent, sha256 };
