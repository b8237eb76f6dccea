// The validation rows of `npm run bench`, in their own process, measured with bench/validate.js's own code
// (measureInput: check alone, check + SHA-256, pdf-lib's load; medians of its runs), imported, not copied.
// Inputs, 10 MB each, one per format:
//   - PDF, text-heavy (validate.js's textPdf: ~6000 objects, classic xref; pdf-lib's slowest load),
//   - PDF, one scanned page (a 10 MB file of the upload set: pdf-lib, one JPEG image XObject),
//   - PNG (validate.js's bigPng: deflate level 1, 8 KiB IDAT chunks, so ~1200 chunks to walk; embedPng decodes),
//   - JPEG (a 10 MB file of the upload set; embedJpg reads only the header, so no ratio).
// validate.js's slow-path inputs and its photo-like JPEG/scanned PDF take ~40 s to build; `npm run bench:validate`
// has them. Usage: node bench/lib/validate-rows.js <job.json>  (job: { resultFile, pdfScan, jpeg })
'use strict';

const fs = require('node:fs');

const { measureInput, verdictText, textPdf, bigPng, RUNS, TARGET_BYTES } = require('../validate');

async function main() {
	const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
	const t0 = Date.now();
	const silence = console.warn;
	console.warn = () => undefined; // pdf-lib's parser chatter
	const text = await textPdf(TARGET_BYTES);
	console.warn = silence;
	const read = (file) => new Uint8Array(fs.readFileSync(file));
	const inputs = [
		{ name: 'PDF, text, many objects (validate.js textPdf)', bytes: text, kind: 'pdf' },
		{ name: 'PDF, 1 scanned page (bench upload set)', bytes: read(job.pdfScan), kind: 'pdf' },
		{ name: 'PNG, 8 KiB IDAT chunks (validate.js bigPng)', bytes: bigPng(TARGET_BYTES), kind: 'png' },
		{ name: 'JPEG, baseline (bench upload set)', bytes: read(job.jpeg), kind: 'jpeg' },
	];
	const buildMs = Date.now() - t0;
	const rows = [];
	for (const input of inputs) {
		const r = await measureInput(input);
		rows.push({
			name: input.name,
			kind: input.kind,
			bytes: input.bytes.length,
			checkMs: r.check,
			withHashMs: r.withHash,
			pdfLibMs: r.baseline,
			pdfLibAnswer: r.baselineAnswer,
			ratio: r.ratio,
			verdict: verdictText(r.verdict),
		});
	}
	fs.writeFileSync(job.resultFile, JSON.stringify({ rows, runs: RUNS, buildMs, totalMs: Date.now() - t0 }));
}

main().catch((e) => {
	process.stderr.write(`${e.stack || e}\n`);
	process.exit(1);
});
