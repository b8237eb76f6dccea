#!/usr/bin/env node
'use strict';
// `npm run demo`: the whole job, working, in one command.
//   1. builds the package and packs it (`npm pack`, the tarball a user installs)           } in parallel
//   2. provisions Node.js 24 + n8n 2.41.1 into .cache/ (once; a few minutes the first time)  } (lib/demo-build.js)
//   3. starts the Concur emulator (emulator/) on free loopback ports
//   4. creates a fresh n8n user folder, installs the tarball into .n8n/nodes, imports a "SAP Concur Company API"
//      credential pointing at the emulator and the three example workflows from examples/ (their folder
//      /home/node/.n8n-files/concur-examples is rewritten to this run's folder)          (lib/example-setup.js)
//   5. puts the sample files in place: examples/files/inbox and receipts named by the emulator's entry ids
//                                                                                          (lib/example-setup.js)
//   6. runs the three workflows headless (`n8n execute-batch`), approves a pending report in the emulator and runs
//      the archive again (`n8n execute`: its window comes from the workflow's static data, so it writes only that
//      report), checks the results against the emulator (lib/example-checks.js), and prints a report
//      (lib/demo-report.js): what was uploaded where, what was refused and why, which files each archive run wrote.
//   7. the form example (examples/submit-receipt-form.json): publishes it, starts `n8n start`, opens its production
//      form page in headless Chromium (Debian's chromium, installed with apt-get when missing), submits a good
//      receipt and refused ones, and prints what the page showed for each, checked against the emulator
//      (lib/example-form.js)
// Exit code 0 when every workflow ran and every file ended where it should, 1 otherwise (with the reason).
//
//   npm run demo                      headless run and report
//   npm run demo -- --editor          the same, then keeps n8n's editor and the emulator running (Ctrl+C stops)
//        [--port 5678]                editor port (default 5678 when free, else any free port)
//        [--no-build]                 use the existing dist/ (skip `npm run build`)
//        [--no-form]                  skip step 7 (no n8n start, no browser)
//
// The n8n user folder of the last run is kept (under <tmp>/n8n-concur-imaging-demo/, lib/demo-runs.js) so the
// written files can be looked at; the next demo run removes it. The end-to-end tests (test/e2e/concur.test.js) use
// the same lib/ modules with their own n8n instance and emulator.

const fsp = require('fs/promises');
const path = require('path');

const { createInstance, ensureTemplate } = require('./lib/n8n-instance');
const { DemoError, say, secs, buildAndPack, provisionWithProgress } = require('./lib/demo-build');
const { DEMO_BASE, claimRunFolder, removeOldRuns, portIsFree } = require('./lib/demo-runs');
const {
	CREDENTIAL,
	OWNER,
	emulatorCredential,
	loadExampleWorkflows,
	prepareExampleFiles,
} = require('./lib/example-setup');
const { runExamples, credentialProblems } = require('./lib/example-checks');
const {
	credentialSummary,
	formatReport,
	formatFormReport,
	formatEditorInfo,
} = require('./lib/demo-report');
const {
	FORM_EXAMPLE,
	loadFormWorkflow,
	publishWorkflow,
	runFormExample,
	formUrlOf,
} = require('./lib/example-form');

function parseArgs(argv) {
	const args = { editor: false, build: true, form: true, port: undefined };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--editor') args.editor = true;
		else if (a === '--no-build') args.build = false;
		else if (a === '--no-form') args.form = false;
		else if (a === '--port') args.port = Number(argv[++i]);
		else if (a.startsWith('--port=')) args.port = Number(a.slice(7));
		else if (a === '--help' || a === '-h') args.help = true;
		else
			throw new DemoError(`unknown option ${a} (use --editor, --port <n>, --no-build, --no-form)`);
	}
	if (args.port !== undefined && !(args.port > 0 && args.port < 65536))
		throw new DemoError('--port needs a port number');
	return args;
}

/** Steps 3-5: emulator, n8n user folder with the package, credential, workflows and files. */
async function setUp({ packed, provisioned, form }, cleanups) {
	const { startEmulator } = require('../emulator');
	const emu = await startEmulator({ port: 0 });
	cleanups.push(() => emu.stop());
	say(
		`Concur emulator on ${emu.baseUrl} (company's data center "eu": ${emu.dataCenters.eu}, images: ${emu.imageBaseUrl})`,
	);
	const t = Date.now();
	await ensureTemplate({ provisioned });
	await removeOldRuns();
	const n8n = await createInstance({ provisioned, baseDir: DEMO_BASE, keep: true });
	await claimRunFolder(n8n.userFolder);
	cleanups.push(() => n8n.cleanup()); // stops the editor; keeps the folder
	const installed = await n8n.installPackage(packed.tarball);
	say(
		`n8n user folder ${n8n.userFolder}; installed ${installed.name}@${installed.version} into .n8n/nodes`,
	);
	const folder = path.join(n8n.filesDir, 'concur-examples');
	const plan = await prepareExampleFiles(emu, folder);
	const examples = loadExampleWorkflows(folder);
	await n8n.importCredentials([emulatorCredential(emu)]);
	await n8n.importWorkflows([
		...examples.map((e) => e.workflow),
		...(form ? [loadFormWorkflow()] : []),
	]);
	say(
		`imported the credential "${CREDENTIAL.name}" and ${examples.length + (form ? 1 : 0)} example workflows (${secs(Date.now() - t)})`,
	);
	return { emu, n8n, installed, folder, plan, examples };
}

/** Step 6: the runs, checked (examples and credential), and the report. Returns the result. */
async function runAndReport({ emu, n8n, installed, plan }, provisioned) {
	say(
		'running the example workflows headless (n8n execute-batch), then the archive again after a report is approved (n8n execute)',
	);
	const result = await runExamples(n8n, emu, plan);
	const stored = (await n8n.exportCredentials({ decrypted: true })).find(
		(c) => c.id === CREDENTIAL.id,
	);
	const credential = credentialSummary(emu, stored && stored.data);
	result.problems.push(...credentialProblems(emu, stored, credential));
	result.ok = result.problems.length === 0;
	process.stdout.write(
		`\nConcur Imaging demo: n8n ${provisioned.n8nVersion} on Node.js ${provisioned.nodeVersion}, package ${installed.name}@${installed.version} from its npm pack tarball, local Concur emulator\n`,
	);
	process.stdout.write(`${formatReport(result, plan, { credential })}\n`);
	return result;
}

/** Step 7: publish the form, `n8n start`, submit the cases in headless Chromium; returns { result, editor }. */
async function runForm(run, { port }, cleanups) {
	const t = Date.now();
	await publishWorkflow(run.n8n, FORM_EXAMPLE.id);
	say('published the form workflow; starting n8n (n8n start) to serve its production form');
	const editor = await run.n8n.startEditor({ port, owner: OWNER });
	say(
		`n8n is serving ${editor.url} (${secs(Date.now() - t)}); opening the form in headless Chromium`,
	);
	const { launchChromium } = require('./lib/browser/chromium');
	const browser = await launchChromium({ log: say });
	cleanups.push(() => browser.close());
	const formUrl = formUrlOf(editor);
	const result = await runFormExample({ emu: run.emu, formUrl, newPage: () => browser.newPage() });
	await browser.close();
	process.stdout.write(
		`${formatFormReport(result, { formUrl, browserVersion: browser.version })}\n\n`,
	);
	return { result, editor, formUrl };
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		process.stdout.write(
			'usage: npm run demo [-- --editor [--port 5678]] [--no-build] [--no-form]\n',
		);
		return 0;
	}
	const t0 = Date.now();
	const cleanups = [];
	let stopping = false;
	const stopAll = async () => {
		if (stopping) return;
		stopping = true;
		for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
	};
	const onSignal = (sig) => {
		say(`${sig}: stopping`);
		stopAll().then(() => process.exit(args.editor ? 0 : 130));
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);

	try {
		say(
			`Concur Imaging demo: build, local Concur emulator, real n8n, example workflows${args.editor ? ', then the editor' : ''}`,
		);
		const [packed, provisioned] = await Promise.all([
			buildAndPack({ build: args.build }),
			provisionWithProgress(),
		]);
		cleanups.push(() => fsp.rm(packed.packDir, { recursive: true, force: true }));
		const run = await setUp({ packed, provisioned, form: args.form }, cleanups);
		const result = await runAndReport(run, provisioned);
		const port = args.editor
			? args.port || ((await portIsFree(5678)) ? 5678 : undefined)
			: undefined;
		const form = args.form ? await runForm(run, { port }, cleanups) : undefined;
		if (!args.form) process.stdout.write('\n');
		const ok = result.ok && (!form || form.result.ok);
		say(`${ok ? 'done' : 'FAILED'} in ${secs(Date.now() - t0)}`);
		if (!ok) {
			await stopAll();
			return 1;
		}
		if (!args.editor) {
			say(`the written files stay in ${path.join(run.folder, 'archive')} until the next demo run`);
			await stopAll();
			return 0;
		}

		// Editor: the emulator goes back to its seeded state (tokens kept), so each workflow can be run again from the
		// editor with the same outcome as above.
		await run.emu.reset();
		let editor = form && form.editor;
		if (!editor) {
			say('starting the n8n editor');
			editor = await run.n8n.startEditor({ port, owner: OWNER });
		}
		process.stdout.write(
			formatEditorInfo({ editor, owner: OWNER, ...run, formUrl: form && form.formUrl }),
		);
		await new Promise(() => undefined); // until a signal
		return 0;
	} catch (e) {
		process.stderr.write(`[demo] FAILED: ${e instanceof DemoError ? e.message : e.stack || e}\n`);
		await stopAll();
		return 1;
	}
}

main().then(
	(code) => process.exit(code),
	(e) => {
		process.stderr.write(`[demo] ${e instanceof DemoError ? e.message : e.stack || e}\n`);
		process.exit(1);
	},
);
