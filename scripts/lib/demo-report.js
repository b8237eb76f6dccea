'use strict';
// The report of the example runs (example-checks.js's result) as `npm run demo` prints it and the end-to-end tests
// log it: what the credential did, what was uploaded where, what was refused and why, which files were written.

const path = require('path');

const { CREDENTIAL } = require('./example-setup');

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

function kb(n) {
	return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`;
}

/** What the emulator saw of the credential: token grants and where the API calls went. */
function credentialSummary(emu, data) {
	const log = emu.requestLog();
	const tokens = log.filter((e) => e.path === '/oauth2/v0/token' && e.status === 200);
	const api = log.filter((e) => e.path.startsWith('/api/'));
	const geolocation = (data && data.geolocation) || '(none)';
	const dcOf = { [emu.dataCenters.us]: 'us', [emu.dataCenters.eu]: 'eu' };
	return {
		configuredBaseUrl: emu.baseUrl,
		geolocation,
		exchanges: tokens.filter(
			(e) => e.form && e.form.grant_type === 'password' && e.form.credtype === 'authtoken',
		).length,
		refreshes: tokens.filter((e) => e.form && e.form.grant_type === 'refresh_token').length,
		apiCalls: api.length,
		apiCallsToGeolocation: api.filter((e) => e.dc === dcOf[geolocation]).length,
	};
}

/** The reasons on one line: whole sentences while they fit, else cut at a word. */
function oneLine(text, max = 120) {
	const s = String(text || '')
		.replace(/\s+/g, ' ')
		.trim();
	if (s.length <= max) return s;
	const sentences = s.match(/[^.!?]+[.!?]+(\s|$)/g) || [];
	let out = '';
	for (const sentence of sentences) {
		if ((out + sentence).trim().length > max) break;
		out += sentence;
	}
	if (out.trim()) return out.trim();
	const cut = s.slice(0, max);
	return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : max - 1)}…`;
}

function credentialLines(c) {
	return [
		`Credential "${CREDENTIAL.name}" (SAP Concur Company API, base URL ${c.configuredBaseUrl}):`,
		`   request token exchanged ${c.exchanges === 1 ? 'once' : `${c.exchanges} times`}, ${c.refreshes} refresh${c.refreshes === 1 ? '' : 'es'}; n8n stored the refresh token and the geolocation`,
		`   ${c.geolocation} (the company's data center "eu")` +
			(c.apiCalls === c.apiCallsToGeolocation
				? `, where all ${c.apiCalls} API calls went`
				: `; ${c.apiCallsToGeolocation} of ${c.apiCalls} API calls went there`),
	];
}

/** Example 3's two runs: what each wrote and listed as not archived, the change in between, the window kept. */
function archiveLines(lines, result, plan, col) {
	const name = (id) => (plan.archive.names && plan.archive.names[id]) || '';
	const files = (run) => {
		for (const w of run.written) {
			const what =
				w.mimeType === 'application/pdf'
					? `PDF, ${w.pages} page${w.pages === 1 ? '' : 's'}`
					: w.mimeType;
			lines.push(
				`   wrote     ${col(path.basename(w.path), 48)}${kb(w.size).padStart(9)}  ${what}  (${w.type} "${name(w.id)}")`,
			);
		}
		for (const r of run.notArchived)
			lines.push(
				`   ${r.type} not archived  ${r.id} ("${name(r.id)}"): ${r.code} ${oneLine(r.reasons)}`,
			);
	};
	const folder = result.written.length ? path.dirname(result.written[0].path) : '';
	lines.push(
		`   run 1 (no window yet: everything approved so far)${folder ? `, written to ${folder}/` : ''}`,
	);
	files(result);
	const second = result.secondRun;
	if (!second) return;
	const memory = (second.staticData && second.staticData.global) || {};
	lines.push(
		`   the window n8n kept in the workflow's static data: reports since ${memory.reportsArchivedUntil || '(none)'}, invoices since ${memory.invoicesArchivedUntil || '(none)'}`,
	);
	const c = second.change;
	lines.push(
		`   then in Concur (emulator admin route): report "${c.reportName}" (${c.reportId}) → ${c.patch.approvalStatusCode}`,
	);
	lines.push(`   run 2 (n8n execute, ${second.status}):`);
	files(second);
	const reports = second.written.filter((w) => w.type === 'report');
	if (
		second.written.length === 1 &&
		reports.length === 1 &&
		reports[0].id === c.reportId &&
		!second.notArchived.length
	)
		lines.push(
			`   The second run archived only the newly approved report "${c.reportName}": nothing archived twice, no invoice again.`,
		);
}

function formatReport(result, plan, { credential } = {}) {
	const lines = [];
	const wf = (id) => result.workflows.find((w) => w.id === id);
	const head = (n, id) => {
		const w = wf(id);
		lines.push('');
		lines.push(`${n}. ${w.title}  (examples/${w.file}: ${w.status})`);
	};
	// An item without a file name (e.g. an error item that reached a success output) still gets a line.
	const col = (s = '(no file name)', n) => (s.length >= n ? `${s} ` : s.padEnd(n));
	const nameWidth =
		Math.max(...plan.inbox.map((f) => f.name.length), ...plan.entries.map((f) => f.name.length)) +
		2;

	if (credential) lines.push(...credentialLines(credential));
	head(1, 'demo1Email');
	for (const u of result.uploaded)
		lines.push(
			`   uploaded  ${col(u.fileName, nameWidth)}→ Available Receipts, receipt ${u.id}  (${u.mimeType}, ${kb(u.fileSize)})`,
		);
	for (const r of result.rejected)
		lines.push(
			`   refused   ${col(r.fileName, nameWidth)}${r.code}${r.by === 'Concur' ? ' (by Concur)' : ''}: ${oneLine(r.reasons)}`,
		);

	head(2, 'demo2Entries');
	const entryOf = new Map(plan.entries.map((e) => [e.name, e]));
	for (const a of result.attached) {
		const e = entryOf.get(a.fileName) || {};
		lines.push(
			`   attached  ${col(a.fileName, nameWidth)}→ expense entry ${a.targetId} (${e.expenseType || '?'}) of report "${e.reportName || '?'}"`,
		);
	}
	for (const r of result.notAttached)
		lines.push(`   refused   ${col(r.fileName, nameWidth)}${r.code}: ${oneLine(r.reasons)}`);

	head(3, 'demo3Archive');
	archiveLines(lines, result, plan, col);

	lines.push('');
	if (result.ok) {
		lines.push(
			`All checked against the emulator: ${result.uploaded.length} receipts and ${result.attached.length} entry images hold the bytes that were sent; ${result.written.length + (result.secondRun ? result.secondRun.written.length : 0)} archived files hold the bytes Concur returned. (${secs(result.ms)} for the three workflows in one n8n execute-batch${result.secondRun ? `, ${secs(result.secondRun.ms)} for the archive's second run` : ''})`,
		);
	} else {
		lines.push('PROBLEMS:');
		for (const p of result.problems) lines.push(`   - ${p}`);
	}
	return lines.join('\n');
}

/**
 * Example 4 (example-form.js's runFormExample result): what the form page showed for each file, word for word,
 * and whether it matched the emulator.
 */
function formatFormReport(result, { formUrl, browserVersion } = {}) {
	const lines = [
		'',
		`4. Submit a receipt (form)  (examples/submit-receipt-form.json: published, form at ${formUrl})`,
		`   opened in headless Chromium ${browserVersion || ''}, filled in, a file attached, "Send to Concur" clicked; the page n8n showed:`,
	];
	for (const s of result.submissions) {
		const verdict = s.expect === 'accepted' ? 'accepted' : 'refused ';
		const size = s.size >= 1024 * 1024 ? `${(s.size / 1024 / 1024).toFixed(1)} MB` : kb(s.size);
		lines.push(`   ${verdict}  ${s.fileName} (${size}, ${s.label}; ${s.email})`);
		lines.push(`             "${s.page.title}"`);
		lines.push(`             "${s.page.message}"`);
	}
	lines.push('');
	if (result.ok) {
		const accepted = result.submissions.filter((s) => s.expect === 'accepted');
		lines.push(
			`All checked against the emulator: ${accepted.length} receipt${accepted.length === 1 ? '' : 's'} in the submitter's Available Receipts with the page's ID and the same bytes; nothing from the ${result.submissions.length - accepted.length} refused files reached Concur. (${secs(result.ms)} for ${result.submissions.length} submissions)`,
		);
	} else {
		lines.push('PROBLEMS (form):');
		for (const p of result.problems) lines.push(`   - ${p}`);
	}
	return lines.join('\n');
}

/** What `npm run demo -- --editor` prints once the editor is up. */
function formatEditorInfo({ editor, owner, examples, emu, folder, formUrl }) {
	return [
		'',
		`n8n editor:  ${editor.url}`,
		`  sign in:   ${owner.email} / ${owner.password}`,
		`  workflows: ${examples.map((e) => `"${e.workflow.name}"`).join(', ')}`,
		...(formUrl ? [`  the receipt form (published): ${formUrl}`] : []),
		`  open one and click "Execute workflow"; the emulator was reset to its seeded data, so the runs go as above.`,
		`Concur emulator: ${emu.baseUrl} (admin: ${emu.adminUrl}/state)`,
		`Files: ${folder}/{inbox,entries,archive}`,
		'Ctrl+C stops n8n and the emulator.',
		'',
	].join('\n');
}

module.exports = {
	credentialSummary,
	formatReport,
	formatFormReport,
	formatEditorInfo,
	oneLine,
	secs,
};
