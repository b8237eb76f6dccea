// The public contract of the validation module: exports, options, verdict fields, message style, purity.

import { createHash } from 'crypto';

import {
	CONCUR_ACCEPTED_MIME_TYPES,
	CONCUR_MAX_FILE_BYTES,
	detectReceiptFileType,
	measureValidationWork,
	validateReceiptFile,
} from '../../nodes/ConcurImaging/validation';
import { validationSources } from '../support/validation-source';
import { makeJpeg } from '../../support/validation-fixtures/jpeg';
import * as other from './fixtures/other';
import { HAND_ENCRYPT_DICT, HAND_ID, latin1, rawPdf, simpleObjects } from '../../support/validation-fixtures/pdf';
import { chunk, concat, makePng } from '../../support/validation-fixtures/png';

const pdf = rawPdf();
const codes = (issues: Array<{ code: string }>) => issues.map((i) => i.code);

describe('exports', () => {
	test('the 10 MB cap is 10 MiB and the accepted types are PDF, PNG, JPEG', () => {
		expect(CONCUR_MAX_FILE_BYTES).toBe(10_485_760);
		expect(CONCUR_ACCEPTED_MIME_TYPES).toEqual(['application/pdf', 'image/png', 'image/jpeg']);
	});

	test('detectReceiptFileType gives the type without a verdict', () => {
		expect(detectReceiptFileType(new Uint8Array(0))).toBeNull();
		expect(detectReceiptFileType(makePng())).toMatchObject({ family: 'png', mime: 'image/png', ext: 'png' });
	});
});

describe('options', () => {
	test('maxBytes only lowers the cap; invalid values are ignored', () => {
		const big = (maxBytes: number | undefined) => codes(validateReceiptFile(pdf, { maxBytes }).problems);
		expect(big(pdf.length)).toEqual([]);
		expect(big(pdf.length - 1)).toEqual(['FILE_TOO_LARGE']);
		expect(big(0)).toEqual(['FILE_TOO_LARGE']);
		expect(big(pdf.length + 0.9)).toEqual([]);
		for (const ignored of [NaN, -1, Infinity, undefined]) expect(big(ignored)).toEqual([]);
	});

	test('computeSha256 defaults to true; false leaves it empty', () => {
		expect(validateReceiptFile(pdf).sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
		expect(validateReceiptFile(pdf, { computeSha256: false }).sha256).toBe('');
		expect(validateReceiptFile(new Uint8Array(0)).sha256).toBe(createHash('sha256').digest('hex'));
	});

	test('declared type and file name are echoed (trimmed declared type; empty means none)', () => {
		const v = validateReceiptFile(pdf, { declaredMimeType: '  application/pdf ', fileName: 'r.pdf' });
		expect(v.declaredMimeType).toBe('application/pdf');
		expect(v.fileName).toBe('r.pdf');
		const none = validateReceiptFile(pdf, { declaredMimeType: ' ', fileName: '' });
		expect([none.declaredMimeType, none.fileName]).toEqual([null, null]);
	});

	test('accepts Buffers and views into a larger buffer', () => {
		const host = new Uint8Array(pdf.length + 100).fill(0x25);
		host.set(pdf, 50);
		const view = host.subarray(50, 50 + pdf.length);
		expect(validateReceiptFile(view)).toEqual(validateReceiptFile(pdf));
		expect(validateReceiptFile(Buffer.from(pdf))).toEqual(validateReceiptFile(pdf));
	});
});

describe('PDF header position', () => {
	test('junk before %PDF- is accepted up to 1024 bytes, as readers do', () => {
		const withJunk = (n: number) => validateReceiptFile(concat([new Uint8Array(n).fill(0x78), pdf]));
		expect(withJunk(1024).detectedMimeType).toBe('application/pdf');
		expect(codes(withJunk(1024).warnings)).toEqual(['PDF_HEADER_OFFSET']);
		expect(withJunk(1025).detectedMimeType).not.toBe('application/pdf');
		expect(codes(withJunk(1025).problems)).toEqual(['UNSUPPORTED_TYPE']);
	});
});

describe('messages are for people', () => {
	test('HEIC: says what it is and what to do', () => {
		const v = validateReceiptFile(other.isoMedia('heic', ['mif1', 'heic']), { fileName: 'IMG_0001.jpg', declaredMimeType: 'image/jpeg' });
		expect(v.detectedKind).toMatch(/HEIC/);
		const [problem] = v.problems;
		expect(problem.code).toBe('UNSUPPORTED_TYPE');
		expect(problem.message).toMatch(/^This file is a HEIC photo/);
		expect(problem.message).toMatch(/PDF, PNG and JPEG/);
		expect(problem.message).toMatch(/Convert it to JPEG/);
		expect(problem.message).toMatch(/says it is a JPEG photo/);
		expect(codes(v.warnings).sort()).toEqual(['EXTENSION_MISMATCH', 'MIME_MISMATCH']);
		expect(v.warnings.find((w) => w.code === 'EXTENSION_MISMATCH')?.message).toMatch(/"IMG_0001\.jpg" ends in \.jpg/);
	});

	test('too large: sizes in MB and bytes, Concur limit named', () => {
		const v = validateReceiptFile(pdf, { maxBytes: 100 });
		expect(v.problems[0].message).toMatch(/^The file is \d+ bytes, more than the limit of 100 bytes set for this check\./);
		const kb = validateReceiptFile(new Uint8Array(5000), { maxBytes: 2048 }).problems.find((p) => p.code === 'FILE_TOO_LARGE');
		expect(kb?.message).toMatch(/^The file is 4.9 KB \(5,000 bytes\), more than the limit of 2 KB set for this check\./);
		const big = new Uint8Array(CONCUR_MAX_FILE_BYTES + 1);
		big.set(pdf);
		const message = validateReceiptFile(big, { computeSha256: false }).problems.find((p) => p.code === 'FILE_TOO_LARGE')?.message;
		expect(message).toMatch(/^The file is just over 10 MB \(10,485,761 bytes\), more than Concur's limit of 10 MB \(10,485,760 bytes\)\./);
	});

	test('encrypted PDF: explains that restrictions count too and how to remove them', () => {
		const v = validateReceiptFile(rawPdf({ trailerExtra: `/Encrypt ${HAND_ENCRYPT_DICT} ${HAND_ID} ` }));
		expect(v.problems[0].message).toMatch(/encrypted/);
		expect(v.problems[0].message).toMatch(/even ones that open without a password/);
	});

	test('cut-off files: says the download was probably cut off', () => {
		const jpeg = makeJpeg();
		for (const bytes of [pdf.subarray(0, pdf.length - 10), makePng().subarray(0, 60), jpeg.subarray(0, jpeg.length - 2)]) {
			const [problem] = validateReceiptFile(bytes).problems;
			expect(problem.code).toBe('CORRUPT_FILE');
			expect(problem.message).toMatch(/cut off/);
		}
	});

	test('HTML instead of a receipt: explains the sign-in page case', () => {
		const v = validateReceiptFile(other.utf8(other.TEXTS.html), { declaredMimeType: 'application/pdf' });
		expect(v.problems[0].message).toMatch(/web page \(HTML\)/);
		expect(v.problems[0].message).toMatch(/sign-in or error page/);
	});

	test('programs are called programs', () => {
		expect(validateReceiptFile(other.pe()).problems[0].message).toMatch(/Windows program.*do not open it/);
	});
});

describe('structure check cost does not grow with the file', () => {
	/** Counted work of the check (bytes.ts): about one unit per byte stepped over, plus a cost per native search. */
	const workOf = (bytes: Uint8Array) => measureValidationWork(bytes, { computeSha256: false }).work;
	const MB10 = 10 * 1000 * 1000;

	test('10 MB PDF, PNG and JPEG: bodies are not read (check only)', () => {
		const bigPdf = pdfWithStream(new Uint8Array(MB10).fill(0x41));
		const ihdr = makePng().subarray(0, 33);
		const idat = chunk('IDAT', new Uint8Array(64 * 1024).fill(0x55));
		const bigPng = concat([ihdr, ...Array.from({ length: Math.ceil(MB10 / idat.length) }, () => idat), chunk('IEND', new Uint8Array(0))]);
		const jpeg = makeJpeg();
		const sos = latin1String(jpeg).indexOf('\xff\xda');
		const bigJpeg = concat([jpeg.subarray(0, sos + 12), new Uint8Array(MB10).fill(0x55), [0xff, 0xd9]]);
		for (const bytes of [bigPdf, bigPng, bigJpeg]) {
			expect(bytes.length).toBeGreaterThan(MB10);
			expect(validateReceiptFile(bytes, { computeSha256: false }).problems).toEqual([]);
			// A few thousand units (a few microseconds) for 10 MB: 16 per PNG chunk header, the tail and trailer of the
			// PDF, the marker segments of the JPEG. Reading the bodies would cost at least 10 million.
			expect(workOf(bytes)).toBeLessThan(10_000);
		}
	});

	test('10 MB of blanks behind a wrong startxref: bounded repair', () => {
		const bigPdf = concat([latin1('%PDF-1.4\n'), new Uint8Array(MB10).fill(0x20), rawPdf().subarray(9)]);
		expect(codes(validateReceiptFile(bigPdf).warnings)).toEqual(['PDF_XREF_REPAIRED']);
		// The blanks are skipped a 4 KiB block at a time (about 0.08 units per byte), the repair scan reads 1 MiB.
		expect(workOf(bigPdf)).toBeLessThan(MB10 / 4);
	});
});

/** A one-page PDF whose content stream is `data`, with correct offsets, built without a 10 MB string. */
function pdfWithStream(data: Uint8Array): Uint8Array {
	const head = '%PDF-1.4\n';
	const objs = simpleObjects().slice(0, 3).concat(simpleObjects()[4]);
	const offsets: number[] = [];
	let text = head;
	objs.forEach((body, i) => {
		offsets.push(text.length);
		text += `${i + 1} 0 obj\n${body.replace('/Contents 4 0 R', '/Contents 5 0 R').replace('/F1 5 0 R', '/F1 4 0 R')}\nendobj\n`;
	});
	offsets.push(text.length);
	const streamHead = `5 0 obj\n<< /Length ${data.length} >>\nstream\n`;
	const afterStream = '\nendstream\nendobj\n';
	const xrefAt = text.length + streamHead.length + data.length + afterStream.length;
	let tail = `xref\n0 6\n0000000000 65535 f \n`;
	for (const off of offsets) tail += `${String(off).padStart(10, '0')} 00000 n \n`;
	tail += `trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
	return concat([latin1(text + streamHead), data, latin1(afterStream + tail)]);
}

function latin1String(b: Uint8Array): string {
	let s = '';
	for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
	return s;
}

describe('purity (ships with zero runtime dependencies, n8n community lint rules)', () => {
	test('imports only relative files and crypto; no process, timers, console or globalThis', () => {
		const sources = validationSources() as Record<string, string>;
		expect(Object.keys(sources).length).toBeGreaterThanOrEqual(8);
		for (const [name, text] of Object.entries(sources)) {
			const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
			for (const spec of imports) expect([name, spec.startsWith('./') || spec === 'crypto' || spec === 'node:crypto']).toEqual([name, true]);
			const code = text.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
			expect([name, /\b(process|console|setTimeout|setInterval|setImmediate|globalThis|require)\b/.test(code)]).toEqual([name, false]);
			expect([name, /n8n-workflow|n8n-core/.test(code)]).toEqual([name, false]);
		}
	});
});
