// The table of `npm run bench` (render) and the comparison with the previous run (compare).
'use strict';

const MB = 1e6;

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const fmtMs = (ms) => (Math.abs(ms) >= 100 ? ms.toFixed(0) : Math.abs(ms) >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const fmtMB = (bytes) => (bytes / MB).toFixed(1);
const met = (ok) => (ok ? 'met' : 'NOT met');

/** Per-counter medians over the repetitions of a row. */
function medianCounters(list) {
	if (!list.length || !list[0]) return null;
	const out = {};
	for (const key of Object.keys(list[0])) out[key] = median(list.map((c) => c[key]));
	return out;
}

function setTitle(result, set) {
	const s = result.sets[set];
	return `${s.count} x ${set === '10mb' ? '10' : '1'} MB`;
}

/** Table rows: [id, measurement, way, median, runs, cross-check, ratio]. */
function timingRows(result, goals) {
	const rows = [];
	const byKey = new Map(result.timing.rows.map((r) => [r.key, r]));
	const med = (key) => (byKey.has(key) ? median(byKey.get(key).runs) : NaN);
	const ratio = (x, y) => (x / y).toFixed(2);
	let n = 0;
	const line = (prefix, key, what, ratioText) => {
		const r = byKey.get(key);
		if (!r) return;
		const bytes = result.sets[r.set].bytes;
		const m = median(r.runs);
		const wall = median(r.walls);
		const c = medianCounters(r.counters || []);
		rows.push([
			`${prefix}${++n}`,
			what,
			r.label,
			`${fmtMs(m)} ms`,
			`${((bytes / MB) / (m / 1000)).toFixed(0)} MB/s`,
			`${fmtMs(Math.min(...r.runs))}-${fmtMs(Math.max(...r.runs))}`,
			r.way === 'a' ? '(= wall)' : `${fmtMs(wall)} ms`,
			c ? `${(c.cpuMs / 1000).toFixed(2)} + ${(c.emulatorCpuMs / 1000).toFixed(2)} s, ${c.connects} conn${c.validateCalls ? `, validate ${(c.validateMs / 1000).toFixed(2)} s` : ''}` : '',
			ratioText || '',
		]);
	};
	for (const op of ['upload', 'download']) {
		const prefix = op === 'upload' ? 'U' : 'D';
		n = 0;
		for (const set of ['1mb', '10mb']) {
			const k = (w) => `${op}-${set}-${w}`;
			const what = `${op === 'upload' ? 'upload' : 'get + download'} ${setTitle(result, set)}`;
			const ba = med(k('b')) / med(k('a'));
			const bc4 = med(k('b')) / med(k('c4'));
			line(prefix, k('a'), what);
			line(prefix, k('b'), '', `b/a ${ratio(med(k('b')), med(k('a')))} (goal <= ${goals.ba}: ${met(ba <= goals.ba)})`);
			line(prefix, k('bd'), '', `bd/c ${ratio(med(k('bd')), med(k('c')))} (both at their defaults)`);
			line(prefix, k('c'), '', '');
			line(prefix, k('c4'), '', `b/c4 ${ratio(med(k('b')), med(k('c4')))} (equal, 4 in flight; goal <= ${goals.bc}: ${met(bc4 <= goals.bc)})`);
			line(prefix, k('bn'), '', `b'/a ${ratio(med(k('bn')), med(k('a')))}; b - b' = ${fmtMs(med(k('b')) - med(k('bn')))} ms (the node's hashing)`);
			rows.push(null);
		}
		if (byKey.has(`${op}-1mb1000-bd`)) {
			const k = (w) => `${op}-1mb1000-${w}`;
			const perItem = (w) => med(k(w)) / result.sets['1mb1000'].count / (med(`${op}-1mb-${w}`) / result.sets['1mb'].count);
			const what = `${op === 'upload' ? 'upload' : 'get + download'} ${setTitle(result, '1mb1000')}`;
			line(prefix, k('bd'), what, `per item ${perItem('bd').toFixed(2)} x the 100-item row (goal <= ${goals.perItem1000}: ${met(perItem('bd') <= goals.perItem1000)})`);
			line(prefix, k('b'), '', `per item ${perItem('b').toFixed(2)} x the 100-item row (goal <= ${goals.perItem1000}: ${met(perItem('b') <= goals.perItem1000)})`);
			const bc4 = med(k('b')) / med(k('c4'));
			line(prefix, k('c4'), '', `b/c4 ${bc4.toFixed(2)} (equal, 4 in flight; goal <= ${goals.bc}: ${met(bc4 <= goals.bc)}); c4 per item ${perItem('c4').toFixed(2)} x`);
			rows.push(null);
		}
	}
	n = 0;
	const L = result.latencyMs;
	const k = (w) => `latency-upload-1mb-${w}`;
	const what = `upload ${setTitle(result, '1mb')}, ${L} ms latency`;
	const bdc = med(k('bd')) / med(k('c'));
	line('L', k('a'), what);
	line('L', k('bd'), '', `bd/c ${ratio(med(k('bd')), med(k('c')))} (both at their defaults; goal <= ${goals.defaultsLatency}: ${met(bdc <= goals.defaultsLatency)})`);
	line('L', k('c'), '', '');
	line('L', k('b'), '', `b/a ${ratio(med(k('b')), med(k('a')))}`);
	line('L', k('c4'), '', `b/c4 ${ratio(med(k('b')), med(k('c4')))} (equal, 4 in flight; goal <= ${goals.bc}: ${met(med(k('b')) / med(k('c4')) <= goals.bc)})`);
	line('L', k('b16'), '', `b16/c ${ratio(med(k('b16')), med(k('c')))} (b at 16 vs all at once)`);
	line('L', k('c16'), '', `b16/c16 ${ratio(med(k('b16')), med(k('c16')))} (equal, 16 in flight; goal <= ${goals.bc}: ${met(med(k('b16')) / med(k('c16')) <= goals.bc)})`);
	return rows;
}

/** The ratios that carry the goals, side by side: one line per transfer, one column per comparison. */
function ratioTable(result, goals) {
	if (!result.timing) return [];
	const byKey = new Map(result.timing.rows.map((r) => [r.key, median(r.runs)]));
	const q = (x, y) => (byKey.has(x) && byKey.has(y) ? byKey.get(x) / byKey.get(y) : NaN);
	const cell = (v, goal) => (Number.isFinite(v) ? `${v.toFixed(2)}${goal === undefined ? '' : v <= goal ? ' ok' : ' NO'}` : '-');
	const perItem = (op, w) => q(`${op}-1mb1000-${w}`, `${op}-1mb-${w}`) * (result.sets['1mb'].count / (result.sets['1mb1000'] || { count: NaN }).count);
	const rows = [['transfer', 'b/a (4, raw limit)', `b/c equal (4) <= ${goals.bc}`, 'bd/c defaults', `per item 1000 vs 100 (bd, b4) <= ${goals.perItem1000}`]];
	for (const op of ['upload', 'download']) {
		for (const set of ['1mb', '10mb']) {
			const k = (w) => `${op}-${set}-${w}`;
			rows.push([`${op} ${setTitle(result, set)}`, cell(q(k('b'), k('a'))), cell(q(k('b'), k('c4')), goals.bc), cell(q(k('bd'), k('c'))), '']);
		}
		if (result.sets['1mb1000']) {
			const k = (w) => `${op}-1mb1000-${w}`;
			rows.push([`${op} ${setTitle(result, '1mb1000')}`, '', cell(q(k('b'), k('c4')), goals.bc), '', `${cell(perItem(op, 'bd'), goals.perItem1000)}, ${cell(perItem(op, 'b'), goals.perItem1000)}`]);
		}
	}
	const l = (w) => `latency-upload-1mb-${w}`;
	rows.push([`upload ${setTitle(result, '1mb')}, ${result.latencyMs} ms`, cell(q(l('b'), l('a'))), `${cell(q(l('b'), l('c4')), goals.bc)}; 16: ${cell(q(l('b16'), l('c16')), goals.bc)}`, cell(q(l('bd'), l('c')), goals.defaultsLatency), '']);
	const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
	const text = rows.map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd());
	return ['Ratios side by side (node / other way, medians of the same run; "ok" / "NO" against the goal):', text[0], '-'.repeat(Math.max(...text.map((t) => t.length))), ...text.slice(1)];
}

function probeRows(result) {
	const p = result.timing.probe;
	if (!p) return [];
	const size = `${fmtMB(result.timing.probeFile.size)} MB ${result.timing.probeFile.mimeType.split('/')[1].toUpperCase()}`;
	const rows = [
		['undiciGet', 'GET v3 receipt (JSON): undici, kept-alive connection'],
		['n8nHttpRequestGet', "GET v3 receipt (JSON): n8n-core's helpers.httpRequest"],
		['prepareBinaryData', `prepareBinaryData, ${size} (filesystem mode)`],
		['getBinaryDataBuffer', `getBinaryDataBuffer's read, ${size} (filesystem mode)`],
		['validateWithSha256', `validateReceiptFile + SHA-256, ${size} (the node's own)`],
	];
	return rows
		.filter(([key]) => p[key])
		.map(([key, label], i) => [
			`X${i + 1}`,
			i === 0 ? 'per call, 1 in flight' : '',
			label,
			`${p[key].msPerCall.toFixed(2)} ms`,
			'',
			'',
			'',
			`CPU ${p[key].cpuMsPerCall.toFixed(2)} ms, ${p[key].connectsPerCall.toFixed(2)} conn`,
			'',
		]);
}

function validationRows(result, goals) {
	return result.validation.rows.map((r, i) => [
		`V${i + 1}`,
		i === 0 ? 'validate one 10 MB file' : '',
		r.name,
		`${r.checkMs.toFixed(3)} ms`,
		'',
		`+sha256 ${r.withHashMs.toFixed(1)} ms`,
		`pdf-lib ${r.kind === 'pdf' ? 'load' : r.kind === 'png' ? 'embedPng' : 'embedJpg'} ${fmtMs(r.pdfLibMs)} ms`,
		`${r.verdict} / ${r.pdfLibAnswer}`,
		r.ratio === null ? 'n/a (embedJpg does no comparable work)' : `${Math.round(r.ratio)}x faster (goal >= ${goals.validation}x: ${met(r.ratio >= goals.validation)})`,
	]);
}

/** The reference row of `rows` ((a) or (c)) for the same configuration as the node's row `r`, if the run has one. */
function sameConfig(rows, r) {
	return (rows || []).find((x) => x.op === r.op && x.set === r.set && x.concurrency === r.concurrency);
}

const rssDelta = (r) => r.peak - r.baseline;
const rssCs = (r) => (r.ceiling || r.concurrency) * r.fileSize;

/** node / (a) of the peak deltas; '-' when (a)'s is under 1 MB (a ratio of noise). */
function overFloor(r, a) {
	if (!a) return null;
	const diff = rssDelta(r) - rssDelta(a);
	const ratio = rssDelta(a) >= MB ? (rssDelta(r) / rssDelta(a)).toFixed(2) : '-';
	return { ratio, text: `node/(a) ${ratio} (${diff >= 0 ? '+' : '-'}${fmtMB(Math.abs(diff))} MB)` };
}

function rssCells(r, label, time) {
	return [
		label,
		`+${fmtMB(rssDelta(r))} MB`,
		'',
		`C x S = ${fmtMB(rssCs(r))} MB`,
		`baseline ${fmtMB(r.baseline)}, peak ${fmtMB(r.peak)} MB`,
		`buffers +${fmtMB(r.arrayBuffersPeak)} MB at most${r.heapPeak === undefined ? '' : `, JS heap +${fmtMB(r.heapPeak)} MB`}, ${r.majorGcs} full GCs, ${time}`,
	];
}

function rssRows(result, goals) {
	const rows = [];
	result.rss.forEach((r, i) => {
		const ceiling = r.ceiling || r.concurrency;
		const a = sameConfig(result.rssA, r);
		const floor = overFloor(r, a);
		const verdict = `${(rssDelta(r) / rssCs(r)).toFixed(2)} x C x S (goal <= ${goals.rss}: ${met(rssDelta(r) <= goals.rss * rssCs(r))})`;
		const label = `${r.op === 'upload' ? 'upload' : 'get + download'}, ${r.defaults ? `defaults (up to ${ceiling})` : `concurrency ${r.concurrency}`}, ${r.count} x ${r.fileSize / MB} MB`;
		rows.push([`M${i + 1}`, i === 0 ? 'peak RSS above baseline, (b)' : '', ...rssCells(r, label, `${fmtMs(r.engineMs)} ms`), floor ? `${verdict}; ${floor.text}` : verdict]);
		if (!a) return;
		const aLabel = `(a) undici, ${r.op === 'upload' ? 'upload' : 'get + stream to disk'}, ${ceiling} in flight, ${a.count} x ${a.fileSize / MB} MB`;
		rows.push([`M${i + 1}a`, '', ...rssCells(a, aLabel, `${fmtMs(a.wallMs)} ms wall`), `${(rssDelta(a) / rssCs(a)).toFixed(2)} x C x S (reference: the floor, no goal)`]);
		const c = sameConfig(result.rssC, r);
		if (!c) return;
		const cLabel = `(c) HTTP Request, Loop Over Items ${ceiling}, ${r.op === 'upload' ? 'upload' : 'get + file'}, ${c.count} x ${c.fileSize / MB} MB`;
		const cOver = rssDelta(c) >= MB ? `; node/(c) ${(rssDelta(r) / rssDelta(c)).toFixed(2)}` : '';
		rows.push([`M${i + 1}c`, '', ...rssCells(c, cLabel, `${fmtMs(c.engineMs)} ms`), `${(rssDelta(c) / rssCs(c)).toFixed(2)} x C x S (reference: n8n's own node through the same helpers, no goal)${cOver}`]);
	});
	return rows;
}

const rssShortLabel = (r) => `${r.op === 'upload' ? 'up' : 'down'} ${r.defaults ? `default(${r.ceiling})` : r.concurrency}x${r.fileSize / MB}MB${r.count >= 100 ? ` x${r.count}` : ''}`;

/** One line per goal with every ratio that counts for it. */
function goalSummary(result, goals) {
	const out = ['Goals:'];
	const verdict = (values, ok) => `${values.every(ok) ? 'met' : values.some(ok) ? 'partly met' : 'NOT met'}`;
	if (result.timing) {
		const byKey = new Map(result.timing.rows.map((r) => [r.key, median(r.runs)]));
		const q = (x, y) => byKey.get(x) / byKey.get(y);
		const list = (pairs) => pairs.map(([label, v]) => `${label} ${v.toFixed(2)}`).join(', ');
		const ba = [
			['upload 1 MB', q('upload-1mb-b', 'upload-1mb-a')],
			['upload 10 MB', q('upload-10mb-b', 'upload-10mb-a')],
			['download 1 MB', q('download-1mb-b', 'download-1mb-a')],
			['download 10 MB', q('download-10mb-b', 'download-10mb-a')],
		];
		out.push(`  b/a <= ${goals.ba}: ${list(ba)} -> ${verdict(ba.map((x) => x[1]), (v) => v <= goals.ba)}`);
		const bc = [
			['upload 1 MB', q('upload-1mb-b', 'upload-1mb-c4')],
			['upload 10 MB', q('upload-10mb-b', 'upload-10mb-c4')],
			['download 1 MB', q('download-1mb-b', 'download-1mb-c4')],
			['download 10 MB', q('download-10mb-b', 'download-10mb-c4')],
			['upload 1000', q('upload-1mb1000-b', 'upload-1mb1000-c4')],
			['download 1000', q('download-1mb1000-b', 'download-1mb1000-c4')],
			['latency, 4', q('latency-upload-1mb-b', 'latency-upload-1mb-c4')],
			['latency, 16', q('latency-upload-1mb-b16', 'latency-upload-1mb-c16')],
		].filter(([, v]) => Number.isFinite(v));
		out.push(`  b/c <= ${goals.bc} at equal settings (same number in flight): ${list(bc)} -> ${verdict(bc.map((x) => x[1]), (v) => v <= goals.bc)}`);
		const lat = q('latency-upload-1mb-bd', 'latency-upload-1mb-c');
		out.push(`  b/c <= ${goals.defaultsLatency} with both at their defaults under ${result.latencyMs} ms latency (node adaptive 8 up to 16, HTTP Request all at once): ${lat.toFixed(2)} -> ${met(lat <= goals.defaultsLatency)}`);
		if (result.sets['1mb1000']) {
			const per = (op, w) => (q(`${op}-1mb1000-${w}`, `${op}-1mb-${w}`) * result.sets['1mb'].count) / result.sets['1mb1000'].count;
			const items = [
				['upload, defaults', per('upload', 'bd')],
				['upload, 4', per('upload', 'b')],
				['download, defaults', per('download', 'bd')],
				['download, 4', per('download', 'b')],
			].filter(([, v]) => Number.isFinite(v));
			out.push(`  1000-item rows, per-item time <= ${goals.perItem1000} x the 100-item rows: ${list(items)} -> ${verdict(items.map((x) => x[1]), (v) => v <= goals.perItem1000)}`);
		}
	}
	if (result.validation) {
		const ratios = result.validation.rows.filter((r) => r.ratio !== null).map((r) => r.ratio);
		out.push(`  validation >= ${goals.validation}x faster than pdf-lib: lowest ${Math.round(Math.min(...ratios))}x -> ${met(Math.min(...ratios) >= goals.validation)}`);
	}
	if (result.rss.length) {
		const ratios = result.rss.map((r) => [rssShortLabel(r), rssDelta(r) / rssCs(r)]);
		out.push(`  peak RSS <= ${goals.rss} x C x S: ${ratios.map(([l, v]) => `${l} ${v.toFixed(2)}`).join(', ')} -> ${verdict(ratios.map((x) => x[1]), (v) => v <= goals.rss)}`);
		const floors = result.rss.map((r) => [rssShortLabel(r), overFloor(r, sameConfig(result.rssA, r))]).filter(([, f]) => f);
		if (floors.length) out.push(`  peak RSS node / (a) undici on the same files (reference, no goal; 1 = at the floor of plain Node.js): ${floors.map(([l, f]) => `${l} ${f.ratio}`).join(', ')}`);
	}
	return out;
}

function layout(rows) {
	const real = rows.filter(Boolean);
	const widths = [];
	for (const row of real) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] || 0, String(cell).length)));
	const rightAligned = new Set([3, 4, 6]);
	return rows.map((row) =>
		row
			? row
					.map((cell, i) => (i === row.length - 1 ? String(cell) : rightAligned.has(i) ? String(cell).padStart(widths[i]) : String(cell).padEnd(widths[i])))
					.join('  ')
					.trimEnd()
			: '',
	);
}

function render(result, goals) {
	const m = result.machine;
	const e = result.machineAtEnd || m;
	const load = (x) => x.loadavg.map((v) => v.toFixed(2)).join(' ');
	const lines = [];
	lines.push(`Concur Imaging benchmarks (npm run bench), ${result.at.replace('T', ' ').slice(0, 16)} UTC, git ${result.git}`);
	lines.push(`Machine: ${m.cores} cores, ${m.cpu}, ${m.memGiB} GiB RAM, ${m.platform}, Node ${m.node}`);
	lines.push(`Load average (1/5/15 min): ${load(m)} at start, ${load(e)} at end (the machine is shared; high load inflates every row alike)`);
	const sets = Object.entries(result.sets)
		.map(([, s]) => `${s.count} files, ${fmtMB(s.bytes)} MB (${Object.entries(s.kinds).map(([t, c]) => `${c} ${t.split('/')[1].toUpperCase()}`).join(', ')})`)
		.join('; ');
	lines.push(`Inputs: ${sets}; generated in ${(result.generateMs / 1000).toFixed(1)} s, every file accepted by validateReceiptFile`);
	if (result.timing) {
		const h = result.timing.loaded.httpRequest;
		lines.push(`Engine: n8n-core's WorkflowExecute through support/engine (runWorkflow), the node from its TypeScript sources, filesystem binary mode`);
		if (h) {
			lines.push(
				`HTTP Request node: n8n-nodes-base ${h.version} (typeVersion ${h.typeVersion}) from ${result.httpNode.source}; its ${h.shared.join(' and ')} resolved to the engine's (same versions: ${h.report.map((x) => `${x.pkg} ${x.project}`).join(', ')})${result.httpNode.installed ? `; installed in ${(result.httpNode.installMs / 1000).toFixed(1)} s` : ''}`,
			);
		}
		lines.push(`Emulator: its own process (node emulator/cli.js), disk storage, no added latency except rows L (${result.latencyMs} ms on every request)`);
		const done = (section) => {
			const r = result.timing.rows.find((x) => (section.endsWith(',') ? x.section.startsWith(section) : x.section === section));
			return r ? r.runs.length : 0;
		};
		lines.push(
			`Repetitions (median of): uploads ${done('upload 1mb')} (1 MB) / ${done('upload 10mb')} (10 MB), downloads ${done('download 1mb')} / ${done('download 10mb')}, latency rows ${done('upload 1mb,')}; ways interleaved in each repetition, after one warm-up round (at least 3, up to ${result.reps['1mb']}/${result.reps['10mb']}/${result.reps.latency} within the time budget)`,
		);
	}
	lines.push('');
	const header = ['#', 'measurement', 'way / setting', 'median', '', 'min-max (ms)', 'wall', 'CPU n8n + emulator, TCP connects, validation', 'ratio / goal'];
	const body = [];
	if (result.timing) body.push(...timingRows(result, goals), null, ...probeRows(result), null);
	if (result.validation) body.push(...validationRows(result, goals), null);
	if (result.rss.length) body.push(...rssRows(result, goals));
	const laid = layout([header, ...body]);
	lines.push(laid[0], '-'.repeat(Math.max(...laid.map((l) => l.length))), ...laid.slice(1));
	lines.push('');
	lines.push(...goalSummary(result, goals), '');
	lines.push(...ratioTable(result, goals), '');
	lines.push('What the numbers are:');
	lines.push(' - median: (a) undici: wall time of the upload (or get + download) phase only, after one token request; uploads');
	lines.push('   read each file from disk and POST it with Authorization: Bearer, Content-Type, Content-Length; downloads GET the v3');
	lines.push('   receipt (JSON), then its URI. (b), (c): the engine\'s own executionTime of the measured node(s) in the run data');
	lines.push('   (HTTP Request: both nodes, plus the Loop Over Items runs when it is used), so building input items is not counted.');
	lines.push(' - wall: cross-check for (b), (c): wall time of the whole workflow run minus the input node\'s executionTime.');
	lines.push(' - CPU n8n + emulator: CPU time (user + system) of the measuring process and of the emulator process during the');
	lines.push('   measured part; conn: TCP connections opened by the measuring process; validate: time in the node\'s');
	lines.push('   validateReceiptFile (synchronous, with SHA-256). Medians over the repetitions.');
	lines.push(' - (b) uploads read the file from n8n\'s binary storage, validate and hash it, then send it; gets stream the file into');
	lines.push('   n8n\'s binary storage, typed from its first bytes and hashed on the way. (b) "concurrency 4": the option set to 4 (the');
	lines.push('   adaptive concurrency then stays at 4); (b) "defaults": no option set (adaptive: starts at 8, up to 16). (c) sends the item\'s file ("n8n Binary File", Content-Type from the');
	lines.push('   item, streamed from storage) with the Bearer header; its downloads are two HTTP Request nodes: the v3 JSON, then');
	lines.push('   {{ $json.URI }} with Response Format: File. Inputs of (b) and (c) are in n8n\'s filesystem binary storage, stored once.');
	lines.push(" - (b') experiment, not a node setting: (b) with validateReceiptFile called with computeSha256: false at run time,");
	lines.push('   to show how much of the gap to (a) is the node\'s own hashing (the output then has an empty sha256).');
	lines.push(' - HTTP Request sends every item of a run at once (it has no concurrency setting); "4 in flight" wraps it in Loop');
	lines.push('   Over Items with batch size 4, n8n\'s way to bound it. The Concur node\'s concurrency option is capped at 16.');
	lines.push(' - 1000 x 1 MB: the 100 files of the 1 MB set, each used by ten items (stored once); "per item" = (time / 1000) /');
	lines.push('   (time of the same way on the 100-item set / 100), both from this run.');
	lines.push(' - X: one call at a time inside the engine, 100 calls after one warm-up call: what rows U, D and L are made of.');
	if (result.validation) {
		lines.push(` - V: bench/validate.js's measureInput, median of ${result.validation.runs} runs: validateReceiptFile without SHA-256 (median), with it,`);
		lines.push('   and pdf-lib (PDFDocument.load for PDFs, embedPng = full decode for PNG, embedJpg reads only the JPEG header).');
	}
	if (result.rss.length) {
		lines.push(' - M at defaults: C = 16, the ceiling of the adaptive concurrency (the most items it ever has in flight).');
		lines.push(' - M: a fresh process per row, the Concur node alone; its inputs are in n8n\'s filesystem binary mode (on disk, not in');
		lines.push('   memory) and are written before the baseline; baseline = VmRSS after the input node and a full GC; peak = VmHWM');
		lines.push(`   after the Concur node (${result.rss[0].source}). C x S = concurrency x file size. "buffers" = the`);
		lines.push('   largest growth of process.memoryUsage().arrayBuffers (sampled every 5 ms); full GCs = mark-compact collections.');
		if ((result.rssA || []).length) {
			lines.push(' - M..a: way (a) on the same files (or ids) with the node\'s C in flight, in its own fresh process that loads the');
			lines.push('   engine and runs the same input node, which takes the baseline; then, instead of the node: uploads read each file');
			lines.push('   into one Buffer (fs.promises.readFile) and POST it with undici; gets GET the v3 JSON and stream its URI into a');
			lines.push('   file (stream.pipeline). The floor of plain Node.js for these files, with its own GC lag (no goal);');
			lines.push('   node/(a) = the node\'s peak delta over (a)\'s (1 = at that floor; "-" when (a)\'s is under 1 MB).');
		}
		if ((result.rssC || []).length) {
			lines.push(' - M..c (the 1000-item rows): n8n\'s HTTP Request node in Loop Over Items with the node\'s C as the batch, in its own');
			lines.push('   fresh process, baseline and peak taken the same way: what n8n\'s own helpers cost a node for these transfers');
			lines.push('   (per request a new agent and connection, axios, the filesystem store); node/(c) = the node\'s peak delta over it.');
		}
	}
	lines.push(`Total run time: ${(result.totalMs / 1000).toFixed(0)} s.`);
	return lines;
}

/** The ratios that carry the goals: less sensitive to the machine's load than the times themselves. */
function ratioKeys(result) {
	const out = new Map();
	if (!result.timing) return out;
	const byKey = new Map(result.timing.rows.map((r) => [r.key, median(r.runs)]));
	const add = (name, x, y) => {
		if (byKey.has(x) && byKey.has(y)) out.set(`ratio ${name}`, { value: byKey.get(x) / byKey.get(y), unit: '', label: `ratio ${name}` });
	};
	for (const op of ['upload', 'download']) {
		add(`${op} 1000 b/c (4 in flight)`, `${op}-1mb1000-b`, `${op}-1mb1000-c4`);
		for (const set of ['1mb', '10mb']) {
			add(`${op} ${set} bd/c (defaults)`, `${op}-${set}-bd`, `${op}-${set}-c`);
			add(`${op} ${set} b/a`, `${op}-${set}-b`, `${op}-${set}-a`);
			add(`${op} ${set} b/c (4 in flight)`, `${op}-${set}-b`, `${op}-${set}-c4`);
		}
	}
	add('latency b/c (defaults)', 'latency-upload-1mb-bd', 'latency-upload-1mb-c');
	add('latency b/c (4 in flight)', 'latency-upload-1mb-b', 'latency-upload-1mb-c4');
	add('latency b16/c16', 'latency-upload-1mb-b16', 'latency-upload-1mb-c16');
	return out;
}

function keyedMedians(result) {
	const out = ratioKeys(result);
	if (result.timing) for (const r of result.timing.rows) out.set(r.key, { value: median(r.runs), unit: 'ms', label: `${r.section}: ${r.label}` });
	for (const r of result.rss || []) out.set(`rss-${r.op}-${r.concurrency || 'default'}-${r.set}`, { value: (r.peak - r.baseline) / MB, unit: 'MB', label: `peak RSS ${r.op} C=${r.concurrency} ${r.set}` });
	for (const r of result.rssC || []) out.set(`rss-c-${r.op}-${r.ceiling}-${r.set}`, { value: rssDelta(r) / MB, unit: 'MB', label: `peak RSS (c) HTTP Request ${r.op} C=${r.ceiling} ${r.set}` });
	for (const r of result.rssA || []) out.set(`rss-a-${r.op}-${r.ceiling}-${r.set}`, { value: rssDelta(r) / MB, unit: 'MB', label: `peak RSS (a) undici ${r.op} C=${r.ceiling} ${r.set}` });
	if (result.validation) for (const r of result.validation.rows) out.set(`validate-${r.name}`, { value: r.checkMs, unit: 'ms', label: `validate ${r.name}` });
	return out;
}

function compare(result, previous) {
	const now = keyedMedians(result);
	const before = keyedMedians(previous);
	const lines = [
		`Compared with the previous run (bench/results/latest.json: ${previous.at}, git ${previous.git}, load ${(previous.machine.loadavg || []).map((v) => v.toFixed(2)).join(' ')}):`,
		'  (times move with the machine\'s load; the ratios first, which compare ways measured side by side, move less)',
	];
	let shown = 0;
	for (const [key, cur] of now) {
		const old = before.get(key);
		if (!old) continue;
		const change = (cur.value / old.value - 1) * 100;
		const flag = Math.abs(change) >= 10 ? (change > 0 ? '  <- worse' : '  <- better') : '';
		const digits = cur.unit === '' ? 2 : Math.abs(old.value) < 1 ? 3 : 1;
		lines.push(`  ${cur.label.padEnd(78)} ${old.value.toFixed(digits).padStart(8)} -> ${cur.value.toFixed(digits).padStart(8)} ${cur.unit} (${change >= 0 ? '+' : ''}${change.toFixed(0)}%)${flag}`);
		shown++;
	}
	if (!shown) lines.push('  (no rows in common)');
	return lines;
}

module.exports = { render, compare, median };
