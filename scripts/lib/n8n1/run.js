#!/usr/bin/env node
'use strict';
// The example workflows on n8n 1.x: `node scripts/lib/n8n1/run.js [--no-build] [--no-form]`.
// Provisions n8n 1.123.x under this Node.js 20 (provision.js; cached in .cache/, about 15 minutes the first time on
// 2 busy cores), then does what `npm run demo` does on 2.41.1 with the same modules: the packed tarball installed
// into a fresh user folder, the emulator credential and the example workflows imported, the three file examples
// run headless (`n8n execute-batch`) and checked against the emulator, and the form example published, served by
// `n8n start` and submitted in headless Chromium. Prints the same report and what took how long; exit 0 when
// everything matched, 1 otherwise. Not part of CI (.ci/run): see the README's Compatibility section.
// N8N1_DUMP=<file> also writes the checked result and the plan there as JSON.

const fsp = require('fs/promises');

const { provisionN8n1 } = require('./provision');
const { createInstance } = require('../n8n-instance');
const { buildAndPack, say, secs } = require('../demo-build');
const {
	CREDENTIAL,
	emulatorCredential,
	loadExampleWorkflows,
	prepareExampleFiles,
} = require('../example-setup');
const { runExamples, credentialProblems } = require('../example-checks');
const { credentialSummary, formatReport, formatFormReport } = require('../demo-report');
const {
	FORM_EXAMPLE,
	loadFormWorkflow,
	publishWorkflow,
	runFormExample,
	formUrlOf,
} = require('../example-form');

async function main() {
	const args = process.argv.slice(2);
	const form = !args.includes('--no-form');
	const t0 = Date.now();
	const times = {};
	const cleanups = [];
	try {
		let t = Date.now();
		const p = provisionN8n1();
		times.provision = Date.now() - t;
		say(
			`n8n ${p.n8nVersion} on Node.js ${p.nodeVersion} (${p.did.length ? 'installed' : 'cached'} in ${secs(times.provision)})`,
		);
		t = Date.now();
		const packed = await buildAndPack({ build: !args.includes('--no-build') });
		cleanups.push(() => fsp.rm(packed.packDir, { recursive: true, force: true }));
		times.build = Date.now() - t;

		const { startEmulator } = require('../../../emulator');
		const emu = await startEmulator({ port: 0 });
		cleanups.push(() => emu.stop());
		t = Date.now();
		const n8n = await createInstance({ provisioned: p });
		cleanups.push(() => n8n.cleanup());
		const installed = await n8n.installPackage(packed.tarball);
		const folder = `${n8n.filesDir}/concur-examples`;
		const plan = await prepareExampleFiles(emu, folder);
		const examples = loadExampleWorkflows(folder);
		await n8n.importCredentials([emulatorCredential(emu)]);
		await n8n.importWorkflows([
			...examples.map((e) => e.workflow),
			...(form ? [loadFormWorkflow()] : []),
		]);
		times.setup = Date.now() - t;
		say(
			`user folder ${n8n.userFolder}: package, credential and workflows imported (${secs(times.setup)})`,
		);

		t = Date.now();
		const result = await runExamples(n8n, emu, plan);
		times.examples = Date.now() - t;
		const stored = (await n8n.exportCredentials({ decrypted: true })).find(
			(c) => c.id === CREDENTIAL.id,
		);
		const credential = credentialSummary(emu, stored && stored.data);
		result.problems.push(...credentialProblems(emu, stored, credential));
		result.ok = result.problems.length === 0;
		if (process.env.N8N1_DUMP)
			await fsp.writeFile(process.env.N8N1_DUMP, JSON.stringify({ result, plan }, null, 2));
		process.stdout.write(
			`\nConcur Imaging on n8n ${p.n8nVersion} (Node.js ${p.nodeVersion}), package ${installed.name}@${installed.version}\n`,
		);
		process.stdout.write(`${formatReport(result, plan, { credential })}\n`);

		let formOk = true;
		if (form) {
			t = Date.now();
			await publishWorkflow(n8n, FORM_EXAMPLE.id);
			// No owner: the form needs none (and n8n 1.x answers 404 to the owner-setup call the 2.x editor helper makes).
			const editor = await n8n.startEditor();
			times.start = Date.now() - t;
			const { launchChromium } = require('../browser/chromium');
			const browser = await launchChromium({ log: say });
			cleanups.push(() => browser.close());
			t = Date.now();
			const formUrl = formUrlOf(editor);
			const fr = await runFormExample({ emu, formUrl, newPage: () => browser.newPage() });
			times.form = Date.now() - t;
			formOk = fr.ok;
			process.stdout.write(
				`${formatFormReport(fr, { formUrl, browserVersion: browser.version })}\n`,
			);
			if (!fr.ok)
				process.stdout.write(
					`\nn8n start's last lines:\n${editor.output().split('\n').slice(-30).join('\n')}\n`,
				);
		}
		const ok = result.ok && formOk;
		process.stdout.write(
			`\nTimes: ${Object.entries(times)
				.map(([k, v]) => `${k} ${secs(v)}`)
				.join(', ')}; total ${secs(Date.now() - t0)}\n`,
		);
		say(ok ? 'done' : 'FAILED');
		return ok ? 0 : 1;
	} finally {
		for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
	}
}

main().then(
	(code) => process.exit(code),
	(e) => {
		process.stderr.write(`[n8n1] FAILED: ${e.stack || e}\n`);
		process.exit(1);
	},
);
