'use strict';
// Example 4, "Submit a receipt" (examples/submit-receipt-form.json), the way a person uses it: the workflow is
// published, `n8n start` serves its production form (<n8n>/form/submit-receipt), and headless Chromium
// (browser/chromium.js) opens the page, fills in the email and a note, attaches a file and clicks the button;
// the page n8n shows at the end (the Form node's completion screen) is read back. Each outcome is checked against
// the emulator: an accepted file is in the submitter's Available Receipts with the same bytes and its ID on the
// page; a refused file shows its reason and nothing reached Concur. Used by `npm run demo` and test/e2e.

const fs = require('fs');
const path = require('path');

const { EXAMPLES_DIR, EXAMPLE_FOLDER, sha256 } = require('./example-setup');

const FORM_EXAMPLE = {
	id: 'demo4Form',
	file: 'submit-receipt-form.json',
	title: 'Submit a receipt (form)',
	formPath: 'submit-receipt',
};
/** The completion screens' titles (as in the workflow), by outcome. */
const TITLES = {
	accepted: 'Your receipt is in Concur',
	refused: 'Your receipt was not sent to Concur',
	refusedByConcur: 'Concur did not take your receipt',
};
/** The emulator's seeded user who submits the form (an ordinary user, not an administrator). */
const SUBMITTER = 'dana.field@example.com';
const MAX_BYTES = 10 * 1024 * 1024;

/** The form workflow as committed, with an id (it reads and writes no files, so nothing is rewritten). */
function loadFormWorkflow(examplesDir = EXAMPLES_DIR) {
	const json = JSON.parse(fs.readFileSync(path.join(examplesDir, FORM_EXAMPLE.file), 'utf8'));
	if (JSON.stringify(json).includes(EXAMPLE_FOLDER))
		throw new Error(`${FORM_EXAMPLE.file} unexpectedly names ${EXAMPLE_FOLDER}`);
	return { ...json, id: FORM_EXAMPLE.id };
}

/** A real JPEG over Concur's 10 MB: the photo's bytes with comment (COM) segments after the start marker. */
function oversizedJpeg(jpeg, size = MAX_BYTES + 512 * 1024) {
	const parts = [jpeg.subarray(0, 2)];
	let total = jpeg.length;
	while (total < size) {
		const n = Math.min(65533, size - total);
		const seg = Buffer.alloc(n + 4, 0x20);
		seg[0] = 0xff;
		seg[1] = 0xfe;
		seg.writeUInt16BE(n + 2, 2);
		parts.push(seg);
		total += seg.length;
	}
	parts.push(jpeg.subarray(2));
	return Buffer.concat(parts);
}

/**
 * What the demo submits: one good receipt, three files the check refuses, and a good file for an email that is no
 * Concur login (Concur refuses it), each with the words the page must show.
 * [{ label, email, note, file: { name, mimeType, buffer }, expect: 'accepted' | <problem code> | 'concur', reason }].
 */
function formCases({ email = SUBMITTER } = {}) {
	const inbox = (name) => fs.readFileSync(path.join(EXAMPLES_DIR, 'files', 'inbox', name));
	const hotel = inbox('hotel-receipt.jpg');
	return [
		{
			label: 'a JPEG photo of a hotel bill',
			email,
			note: 'Hotel, client visit Berlin',
			file: { name: 'hotel-receipt.jpg', mimeType: 'image/jpeg', buffer: hotel },
			expect: 'accepted',
		},
		{
			label: 'an iPhone photo',
			email,
			note: 'Taxi to the airport',
			file: { name: 'IMG_0042.HEIC', mimeType: 'image/heic', buffer: inbox('IMG_0042.HEIC') },
			expect: 'UNSUPPORTED_TYPE',
			reason: /HEIC photo/,
		},
		{
			label: 'a password-protected bank statement',
			email,
			note: '',
			file: {
				name: 'bank-statement-protected.pdf',
				mimeType: 'application/pdf',
				buffer: inbox('bank-statement-protected.pdf'),
			},
			expect: 'ENCRYPTED_PDF',
			reason: /encrypted/i,
		},
		{
			label: 'a full-resolution scan over 10 MB',
			email,
			note: 'Conference fee',
			file: { name: 'conference-scan.jpg', mimeType: 'image/jpeg', buffer: oversizedJpeg(hotel) },
			expect: 'FILE_TOO_LARGE',
			reason: /10 MB|larger|too large/i,
		},
		{
			label: 'a good receipt from an email that is no Concur login',
			email: 'nobody@example.com',
			note: '',
			file: { name: 'hotel-receipt.jpg', mimeType: 'image/jpeg', buffer: hotel },
			expect: 'concur',
			reason: /not found/i,
		},
	];
}

/**
 * Publishes the imported workflow so `n8n start` activates its Form Trigger: `n8n publish:workflow --id` (2.x), or
 * `n8n update:workflow --active=true` where there is no publish command (1.x). Run it while n8n is not running.
 */
async function publishWorkflow(n8n, id) {
	const major = Number(String(n8n.provisioned.n8nVersion).split('.')[0]);
	const args =
		major >= 2
			? ['publish:workflow', `--id=${id}`]
			: ['update:workflow', `--id=${id}`, '--active=true'];
	const r = await n8n.n8n(args);
	const out = `${r.stdout}\n${r.stderr}`;
	if (r.code !== 0 || /error/i.test(out.replace(/Error tracking/gi, '')))
		throw new Error(
			`n8n ${args.join(' ')} failed (exit ${r.code}):\n${out.trim().split('\n').slice(-15).join('\n')}`,
		);
	return r;
}

/**
 * Opens the form at `formUrl` in `page`, fills it in as a person would (labels, not ids), attaches `file`, clicks
 * the button and waits for the page n8n ends on. Resolves { title, message, url, ms, formTitle }.
 */
async function submitReceiptForm(page, formUrl, { email, note, file }, { timeoutMs = 90000 } = {}) {
	const t0 = Date.now();
	await page.goto(formUrl, { waitUntil: 'load', timeout: timeoutMs });
	const button = page.getByRole('button', { name: 'Send to Concur' });
	if (
		!(await button.waitFor({ timeout: 30000 }).then(
			() => true,
			() => false,
		))
	) {
		const body = (
			await page
				.locator('body')
				.innerText()
				.catch(() => '')
		).replace(/\s+/g, ' ');
		throw new Error(
			`${formUrl} shows no form after 30 s (HTTP page says: "${body.slice(0, 300)}")`,
		);
	}
	const formTitle = (await page.locator('h1').first().textContent({ timeout: 5000 })).trim();
	await page.getByLabel('Email').fill(email, { timeout: timeoutMs });
	if (note) await page.getByLabel('Note').fill(note);
	await page.getByLabel('Receipt').setInputFiles(file);
	await page.getByRole('button', { name: 'Send to Concur' }).click();
	// Either n8n's completion screen (/form-waiting/<execution>) or the form's own "Problem submitting" card.
	await page.waitForFunction(
		() => {
			const card = document.querySelector('#submitted-form');
			if (card && card.style.display === 'block') return true;
			return location.pathname.includes('/form-waiting/') && !!document.querySelector('.header h1');
		},
		null,
		{ timeout: timeoutMs, polling: 250 },
	);
	const onCompletion = page.url().includes('/form-waiting/');
	const text = async (sel) =>
		(
			(await page
				.locator(sel)
				.first()
				.textContent({ timeout: 5000 })
				.catch(() => '')) || ''
		)
			.replace(/\s+/g, ' ')
			.trim();
	let title = onCompletion ? await text('.header h1') : await text('#submitted-header');
	let message = onCompletion ? await text('.header p') : await text('#submitted-content');
	if (!title && !message) {
		// Neither n8n's completion screen nor the form's own card: report whatever the page says.
		title = '(no completion screen)';
		message = (await text('body')).slice(0, 500);
	}
	return { title, message, url: page.url(), ms: Date.now() - t0, formTitle };
}

/**
 * Submits every case through the real form page and checks each outcome against the emulator. `formUrl`: the
 * production form URL; `newPage`: () => a Playwright page; `screenshot(name, page)`: optional, called after each
 * submission. Resolves { ok, problems, ms, submissions: [{ label, email, fileName, size, expect, page: { title,
 * message }, receiptId, ms }] }.
 */
async function runFormExample({ emu, formUrl, newPage, cases = formCases(), screenshot }) {
	const t0 = Date.now();
	await waitForForm(formUrl);
	const problems = [];
	const submissions = [];
	for (const c of cases) {
		const before = new Set((await emu.state()).receipts.map((r) => r.id));
		const page = await newPage();
		let shown;
		try {
			shown = await submitReceiptForm(page, formUrl, c);
			if (screenshot) await screenshot(c, page);
		} catch (e) {
			problems.push(
				`${c.file.name}: the form page did not get to an end: ${e.message.split('\n')[0]}`,
			);
			await page.close().catch(() => undefined);
			continue;
		}
		await page.close().catch(() => undefined);
		const added = (await emu.state()).receipts.filter((r) => !before.has(r.id));
		const sub = {
			label: c.label,
			email: c.email,
			fileName: c.file.name,
			size: c.file.buffer.length,
			expect: c.expect,
			page: { title: shown.title, message: shown.message },
			formTitle: shown.formTitle,
			ms: shown.ms,
		};
		if (c.expect === 'accepted') {
			const m = /receipt ID ([^\s)]+)\)/.exec(shown.message);
			sub.receiptId = m ? m[1] : undefined;
			const stored = added.find((r) => r.id === sub.receiptId);
			if (shown.title !== TITLES.accepted)
				problems.push(
					`${c.file.name}: the page said "${shown.title}: ${shown.message}", not "${TITLES.accepted}"`,
				);
			else if (!stored)
				problems.push(
					`${c.file.name}: receipt ${sub.receiptId} from the page is not in the emulator`,
				);
			else if (stored.ownerLoginId !== c.email)
				problems.push(`${c.file.name}: the receipt went to ${stored.ownerLoginId}, not ${c.email}`);
			else if (!stored.image || stored.image.sha256 !== sha256(c.file.buffer))
				problems.push(
					`${c.file.name}: the stored receipt does not hold the bytes that were attached`,
				);
			if (added.length !== 1)
				problems.push(`${c.file.name}: expected one new receipt in Concur, got ${added.length}`);
		} else {
			const expectedTitle = c.expect === 'concur' ? TITLES.refusedByConcur : TITLES.refused;
			if (shown.title !== expectedTitle)
				problems.push(
					`${c.file.name}: the page said "${shown.title}: ${shown.message}", not "${expectedTitle}"`,
				);
			else if (c.reason && !c.reason.test(shown.message))
				problems.push(
					`${c.file.name}: the page does not give the reason (${c.reason}): "${shown.message}"`,
				);
			if (added.length)
				problems.push(
					`${c.file.name} was refused on the page, yet ${added.length} receipt(s) reached Concur`,
				);
		}
		submissions.push(sub);
	}
	return { ok: problems.length === 0, problems, ms: Date.now() - t0, submissions };
}

/**
 * Waits until the production form answers 200: n8n 1.x reports ready (/healthz/readiness) before it has activated
 * the published workflows, and answers 404 ("Cannot GET /form/…") until then. Resolves the milliseconds waited.
 */
async function waitForForm(formUrl, { timeoutMs = 120000 } = {}) {
	const t0 = Date.now();
	for (;;) {
		const status = await fetch(formUrl).then(
			(r) => r.status,
			() => 0,
		);
		if (status === 200) return Date.now() - t0;
		if (Date.now() - t0 > timeoutMs)
			throw new Error(
				`${formUrl} did not answer 200 within ${timeoutMs} ms (last: ${status || 'no answer'})`,
			);
		await new Promise((r) => setTimeout(r, 500));
	}
}

/** The form's production URL on a running `n8n start` (startEditor's result). */
function formUrlOf(editor) {
	return new URL(`form/${FORM_EXAMPLE.formPath}`, editor.url).toString();
}

module.exports = {
	FORM_EXAMPLE,
	TITLES,
	SUBMITTER,
	loadFormWorkflow,
	oversizedJpeg,
	formCases,
	publishWorkflow,
	submitReceiptForm,
	runFormExample,
	waitForForm,
	formUrlOf,
};
