#!/usr/bin/env node
// Benchmark of the receipt file validation module (npm run bench:validate).
//
// Builds 10 MB inputs in memory (a text-heavy PDF with thousands of objects and a classic xref table, a scanned-
// style PDF with a JPEG per page and object streams, the same text PDF made encrypted by an incremental update,
// a PNG and a JPEG), then reports the median ms per file of >= 7 runs for: the structural check alone
// (computeSha256: false), the check plus SHA-256, and the baseline "load" with pdf-lib (PDFDocument.load for
// PDFs, embedPng / embedJpg for images), with the ratio baseline / check. Prints the machine first and writes
// the table to bench/results/validate.txt.
//
// It runs from a fresh clone with only devDependencies installed: the TypeScript module and fixtures are
// transpiled in memory by bench/lib/load-validation.js (typescript's transpileModule), no build step needed.
//
// Adversarial section (issue 12): every generator of support/validation-fixtures/adversarial.ts at 10 MB (files
// built to make the check work as hard as possible per byte), with ns per byte (median), counted work units per
// byte and the verdict; the worst ns/byte is compared with the aim of 50 ns/byte + 1 ms. `node bench/validate.js
// --adversarial` runs only that section; BENCH_ADVERSARIAL_BYTES changes the size; BENCH_VALIDATION_DIR points at
// another copy of nodes/ConcurImaging/validation (e.g. an older commit's, to measure before a fix).
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');

const { PDFDocument, StandardFonts } = require('pdf-lib');

const { loadTypeScriptModule, loadValidation } = require('./lib/load-validation');

const RUNS = Math.max(7, Number(process.env.BENCH_RUNS) || 7);
const TARGET_BYTES = 10 * 1000 * 1000; // "10 MB" inputs, just under Concur's 10 MiB cap so they are valid
const GOAL_MS = 5;
const GOAL_RATIO = 50;

const fixturesDir = path.resolve(__dirname, '../support/validation-fixtures');
const validation = process.env.BENCH_VALIDATION_DIR
	? loadTypeScriptModule(path.join(path.resolve(process.env.BENCH_VALIDATION_DIR), 'index.ts'))
	: loadValidation();
const { validateReceiptFile, CONCUR_MAX_FILE_BYTES } = validation;
const { makeJpeg } = loadTypeScriptModule(path.join(fixturesDir, 'jpeg.ts'));
const { makePng } = loadTypeScriptModule(path.join(fixturesDir, 'png.ts'));
const { appendUpdate, HAND_ENCRYPT_DICT, HAND_ID } = loadTypeScriptModule(path.join(fixturesDir, 'pdf.ts'));

function nowMs() {
	return Number(process.hrtime.bigint()) / 1e6;
}

async function median(fn, runs = RUNS) {
	await fn(); // warm-up
	await fn();
	const times = [];
	for (let i = 0; i < runs; i++) {
		const t0 = nowMs();
		await fn();
		times.push(nowMs() - t0);
	}
	times.sort((a, b) => a - b);
	return times[Math.floor(times.length / 2)];
}

/** Text-heavy PDF: many pages and objects, classic xref table (pdf-lib, useObjectStreams: false). */
async function textPdf(target) {
	const build = async (pages) => {
		const doc = await PDFDocument.create();
		const font = await doc.embedFont(StandardFonts.Helvetica);
		let seed = 1;
		for (let p = 0; p < pages; p++) {
			const page = doc.addPage([595, 842]);
			for (let i = 0; i < 45; i++) {
				seed = (seed * 1103515245 + 12345) >>> 0;
				page.drawText(`${p}.${i} item ${seed.toString(36)} qty ${seed % 97} price ${(seed % 10000) / 100} EUR ref ${(seed >>> 7).toString(16)}`, {
					x: 30,
					y: 800 - i * 17,
					size: 9,
					font,
				});
			}
		}
		return doc.save({ useObjectStreams: false });
	};
	const probe = await build(200);
	return build(Math.round((200 * target) / probe.length));
}

/** Scanned-style PDF: one JPEG "scan" per page, object streams and an xref stream (pdf-lib default). */
async function scannedPdf(target) {
	const doc = await PDFDocument.create();
	const scan = (seed) => makeJpeg({ width: 640, height: 480, density: 0.3, seed, header: 'exif' });
	const pages = Math.floor((target * 0.99) / scan(1).length);
	for (let p = 0; p < pages; p++) {
		const jpeg = scan(p + 1);
		const image = await doc.embedJpg(jpeg);
		doc.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
	}
	return doc.save({ useObjectStreams: true });
}

function bigPng(target) {
	const width = 2000;
	const height = Math.floor(target / (width * 3 + 1));
	return makePng({ width, height, colourType: 2, idatSize: 8192, seed: 3, deflate: (raw) => zlib.deflateSync(raw, { level: 1 }) });
}

function bigJpeg(target) {
	const options = { density: 1, seed: 5, header: 'exif', subsample: true };
	const probe = makeJpeg({ ...options, width: 1024, height: 1024 });
	const side = Math.floor((1024 * Math.sqrt((target * 0.99) / probe.length)) / 16) * 16;
	return makeJpeg({ ...options, width: side, height: side });
}

async function pdfLibLoad(bytes) {
	try {
		await PDFDocument.load(bytes, { updateMetadata: false });
		return 'loaded';
	} catch (e) {
		return /encrypted/.test(e.message) ? 'throws: encrypted' : `throws: ${e.message.slice(0, 40)}`;
	}
}

function verdictText(v) {
	const codes = [...v.problems.map((p) => p.code), ...v.warnings.map((w) => `(${w.code})`)];
	return `${v.valid ? 'valid' : 'invalid'}${codes.length ? ` ${codes.join(' ')}` : ''}`;
}

function concatBytes(...parts) {
	return new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
}

/** A JPEG followed by 1 MB of other data (as in motion photos: an MP4 after the EOI), so it does not end with EOI. */
function withAppendedVideo(jpeg) {
	const appended = Buffer.alloc(1000000, 0x41);
	appended.write('\0\0\0\x18ftypmp42', 0, 'latin1');
	return concatBytes(jpeg, appended);
}

/** The same PDF with its startxref value off by 3 bytes, which forces the backward tail scan. */
function breakStartxref(pdf) {
	const s = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
	const at = s.lastIndexOf('startxref');
	const fixed = s.slice(0, at) + s.slice(at).replace(/startxref\s+(\d+)/, (_m, n) => `startxref\n${Number(n) + 3}`);
	return new Uint8Array(Buffer.from(fixed, 'latin1'));
}

function pad(s, n, right = false) {
	s = String(s);
	return right ? s.padStart(n) : s.padEnd(n);
}

/**
 * The benchmark's 10 MB inputs: the three formats (text PDF, scanned PDF, encrypted PDF, PNG, JPEG) and, unless
 * `slowPaths` is false, the worst cases of the linear scans. Each is { name, bytes, kind, slowPath }.
 */
async function buildInputs({ slowPaths = true } = {}) {
	// pdf-lib's parser warns on stderr for nothing here: keep the output clean while building.
	const silence = console.warn;
	console.warn = () => undefined;
	try {
		const text = await textPdf(TARGET_BYTES);
		const scanned = await scannedPdf(TARGET_BYTES);
		const encrypted = appendUpdate(text, { objects: [{ num: 999999, body: HAND_ENCRYPT_DICT }], trailerExtra: `/Encrypt 999999 0 R ${HAND_ID} ` });
		const png = bigPng(TARGET_BYTES);
		const jpeg = bigJpeg(TARGET_BYTES);
		const pdfObjects = (bytes) => (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1').match(/\d+ 0 obj/g) || []).length;

		const inputs = [
			{ name: `PDF, text, ${pdfObjects(text)} objects, classic xref`, bytes: text, kind: 'pdf' },
			{ name: `PDF, scans, ${pdfObjects(scanned)} objects + objstm, xref stream`, bytes: scanned, kind: 'pdf' },
			{ name: 'PDF, text, encrypted by incremental update', bytes: encrypted, kind: 'pdf' },
			{ name: 'PNG, 2000 px wide, 8 KiB IDAT chunks', bytes: png, kind: 'png' },
			{ name: 'JPEG, baseline 4:2:0 with Exif', bytes: jpeg, kind: 'jpeg' },
		];
		if (slowPaths) {
			// Slow paths (linear scans), shown for the worst case; they count for the time goal too.
			inputs.push(
				{ name: 'slow path: PDF, startxref wrong (tail scan)', bytes: breakStartxref(text), kind: 'pdf', slowPath: true },
				{ name: 'slow path: 9 MB JPEG + 1 MB appended (entropy scan)', bytes: withAppendedVideo(bigJpeg(TARGET_BYTES - 1000000)), kind: 'jpeg', slowPath: true },
				{ name: 'slow path: JPEG cut off, no EOI (entropy scan)', bytes: jpeg.subarray(0, jpeg.length - 2), kind: 'jpeg', slowPath: true },
			);
		}
		return inputs;
	} finally {
		console.warn = silence;
	}
}

/**
 * Medians (ms) for one input: the check alone, the check + SHA-256, and pdf-lib's load (PDFDocument.load for
 * PDFs, embedPng / embedJpg for images); ratio = pdf-lib / check (null for JPEG: embedJpg does no comparable work).
 */
async function measureInput(input, runs = RUNS) {
	const silence = console.warn;
	console.warn = () => undefined;
	try {
		const { bytes } = input;
		const verdict = validateReceiptFile(bytes, { computeSha256: false });
		const check = await median(() => validateReceiptFile(bytes, { computeSha256: false }), runs);
		const withHash = await median(() => validateReceiptFile(bytes), runs);
		let baselineAnswer;
		let baseline;
		if (input.kind === 'pdf') {
			baselineAnswer = await pdfLibLoad(bytes);
			baseline = await median(() => pdfLibLoad(bytes), runs);
		} else {
			const doc = await PDFDocument.create();
			const embed = () => (input.kind === 'png' ? doc.embedPng(bytes) : doc.embedJpg(bytes));
			baselineAnswer = await embed().then(
				() => (input.kind === 'png' ? 'embedPng ok' : 'embedJpg ok'),
				(e) => `throws: ${e.message.slice(0, 40)}`,
			);
			baseline = await median(embed, runs);
		}
		// embedJpg reads only the frame header and validates nothing: no comparable work, no ratio.
		const ratio = input.kind === 'jpeg' ? null : baseline / check;
		return { input, verdict, check, withHash, baseline, baselineAnswer, ratio };
	} finally {
		console.warn = silence;
	}
}

const ADVERSARIAL_AIM_NS_PER_BYTE = 50;
const ADVERSARIAL_AIM_CONSTANT_MS = 1;

/**
 * Every adversarial generator at `size` bytes: median ns per byte of the check (computeSha256: false) over
 * `runs` runs after a warm-up, counted work units per byte (when the module counts them), and the verdict.
 */
function measureAdversaries(size, runs = 5) {
	const { ADVERSARIES } = loadTypeScriptModule(path.join(fixturesDir, 'adversarial.ts'));
	const check = (bytes) => validateReceiptFile(bytes, { computeSha256: false });
	const rows = [];
	for (const adversary of ADVERSARIES) {
		const bytes = adversary.make(size);
		const verdict = check(bytes);
		const times = [];
		for (let i = 0; i < runs; i++) {
			const t0 = nowMs();
			check(bytes);
			times.push(nowMs() - t0);
		}
		times.sort((a, b) => a - b);
		const ms = times[Math.floor(times.length / 2)];
		const work = validation.measureValidationWork ? validation.measureValidationWork(bytes, { computeSha256: false }).work : null;
		rows.push({ name: adversary.name, bytes: bytes.length, ms, nsPerByte: (ms * 1e6) / bytes.length, workPerByte: work === null ? null : work / bytes.length, verdict });
	}
	return rows;
}

function printAdversaries(out, size) {
	out(`Adversarial inputs (support/validation-fixtures/adversarial.ts) at ${size} bytes: median of 5 runs after a warm-up`);
	const header = `${pad('generator', 72)} ${pad('bytes', 9, true)} ${pad('ms', 8, true)} ${pad('ns/byte', 8, true)} ${pad('units/B', 8, true)}  verdict`;
	out(header);
	out('-'.repeat(header.length + 30));
	const rows = measureAdversaries(size);
	for (const r of [...rows].sort((a, b) => b.nsPerByte - a.nsPerByte)) {
		const work = r.workPerByte === null ? 'n/a' : r.workPerByte.toFixed(2);
		out(`${pad(r.name, 72)} ${pad(r.bytes, 9, true)} ${pad(r.ms.toFixed(2), 8, true)} ${pad(r.nsPerByte.toFixed(2), 8, true)} ${pad(work, 8, true)}  ${verdictText(r.verdict)}`);
	}
	const worst = rows.reduce((a, b) => (b.nsPerByte > a.nsPerByte ? b : a));
	const aimMs = (ADVERSARIAL_AIM_NS_PER_BYTE * worst.bytes) / 1e6 + ADVERSARIAL_AIM_CONSTANT_MS;
	out(
		`Worst: ${worst.nsPerByte.toFixed(2)} ns/byte (${worst.ms.toFixed(1)} ms, ${worst.name}); aim <= ${ADVERSARIAL_AIM_NS_PER_BYTE} ns/byte + ${ADVERSARIAL_AIM_CONSTANT_MS} ms = ${aimMs.toFixed(0)} ms -> ${worst.ms <= aimMs ? 'met' : 'NOT met'}`,
	);
	out('Before the fix of issue 12 (commit 8916885), the first generator took 66 s for 10 MB: 6,634 ns/byte.');
	return rows;
}

function machineLines(out) {
	const cpus = os.cpus();
	out(`Machine: ${cpus.length} cores, ${cpus[0] ? cpus[0].model.trim() : 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.platform()} ${os.arch()}, load ${os.loadavg()[0].toFixed(1)}`);
	out(`Node ${process.version}, V8 ${process.versions.v8}; cap ${CONCUR_MAX_FILE_BYTES} bytes`);
}

async function main() {
	const lines = [];
	const out = (s = '') => {
		lines.push(s);
		process.stdout.write(`${s}\n`);
	};
	const adversarialBytes = Number(process.env.BENCH_ADVERSARIAL_BYTES) || TARGET_BYTES;
	if (process.argv.includes('--adversarial')) {
		out('Receipt file validation benchmark, adversarial section (node bench/validate.js --adversarial)');
		machineLines(out);
		out();
		printAdversaries(out, adversarialBytes);
		return;
	}
	out('Receipt file validation benchmark (npm run bench:validate)');
	machineLines(out);
	out(`Median of ${RUNS} runs after 2 warm-ups`);
	out('Building inputs ...');

	const inputs = await buildInputs();

	out();
	const header = `${pad('file', 50)} ${pad('bytes', 10, true)} ${pad('check ms', 9, true)} ${pad('+sha256', 9, true)} ${pad('pdf-lib ms', 10, true)} ${pad('ratio', 9, true)}  verdict / pdf-lib`;
	out(header);
	out('-'.repeat(header.length + 20));
	const results = [];
	for (const input of inputs) {
		const r = await measureInput(input);
		results.push(r);
		out(
			`${pad(input.name, 50)} ${pad(input.bytes.length, 10, true)} ${pad(r.check.toFixed(3), 9, true)} ${pad(r.withHash.toFixed(2), 9, true)} ${pad(r.baseline.toFixed(1), 10, true)} ${pad(r.ratio === null ? 'n/a' : `${Math.round(r.ratio)}x`, 9, true)}  ${verdictText(r.verdict)} / ${r.baselineAnswer}`,
		);
	}

	out();
	const worst = Math.max(...results.map((r) => r.check));
	const minRatio = Math.min(...results.filter((r) => r.ratio !== null).map((r) => r.ratio));
	out(`Goal <= ${GOAL_MS} ms per 10 MB file (check only): worst ${worst.toFixed(3)} ms -> ${worst <= GOAL_MS ? 'met' : 'NOT met'}`);
	out(`Goal >= ${GOAL_RATIO}x faster than pdf-lib (PDF load, PNG decode): lowest ratio ${Math.round(minRatio)}x -> ${minRatio >= GOAL_RATIO ? 'met' : 'NOT met'}`);
	out('Notes: "check ms" is validateReceiptFile(bytes, { computeSha256: false }); "+sha256" adds the SHA-256 of the');
	out('bytes (node:crypto). pdf-lib ms is PDFDocument.load for PDFs, embedPng (full decode) for PNG and embedJpg for');
	out('JPEG; embedJpg only reads the frame header and accepts cut-off files, so it has no comparable work (ratio n/a).');

	out();
	printAdversaries(out, adversarialBytes);

	const resultsDir = path.join(__dirname, 'results');
	fs.mkdirSync(resultsDir, { recursive: true });
	fs.writeFileSync(path.join(resultsDir, 'validate.txt'), `${lines.join('\n')}\n`);
	process.stdout.write(`\nWritten to ${path.relative(process.cwd(), path.join(resultsDir, 'validate.txt'))}\n`);
}

if (require.main === module) {
	main().catch((e) => {
		process.stderr.write(`${e.stack || e}\n`);
		process.exitCode = 1;
	});
}

module.exports = { buildInputs, measureInput, verdictText, textPdf, scannedPdf, bigPng, bigJpeg, RUNS, TARGET_BYTES, GOAL_RATIO, GOAL_MS };
