// The acceptance corpus: every generated file gets exactly the verdict it must get, and the verdicts agree
// with independent oracles: file-type for the type, qpdf --is-encrypted and pdf-lib's load for encryption,
// pdf-lib's PNG/JPEG embedding for the images we accept.

import { createHash } from 'crypto';
import { PDFDocument } from 'pdf-lib';

import { detectReceiptFileType, ReceiptFileVerdict, validateReceiptFile } from '../../nodes/ConcurImaging/validation';
import { fileTypeOracle, qpdfAvailable, qpdfEncryptionOracle, writeOracleReport } from '../support/oracle';
import { qpdfRequired } from '../support/validation-qpdf';
import { cachedCorpus } from '../support/corpus-cache';
import { withoutNodeBuffer } from '../support/node-globals';
import { buildCorpus, CorpusEntry } from './corpus';

const PROBLEM_CODES = ['EMPTY_FILE', 'FILE_TOO_LARGE', 'UNSUPPORTED_TYPE', 'ENCRYPTED_PDF', 'CORRUPT_FILE'];
const WARNING_CODES = ['MIME_MISMATCH', 'EXTENSION_MISMATCH', 'PDF_HEADER_OFFSET', 'PDF_XREF_REPAIRED'];

let corpus: CorpusEntry[] = [];
const verdicts = new Map<string, ReceiptFileVerdict>();

function verdictOf(e: CorpusEntry): ReceiptFileVerdict {
	return verdicts.get(e.name) as ReceiptFileVerdict;
}

function hasProblem(e: CorpusEntry, code: string): boolean {
	return verdictOf(e).problems.some((p) => p.code === code);
}

beforeAll(async () => {
	corpus = await cachedCorpus(buildCorpus, qpdfAvailable());
	for (const e of corpus) {
		verdicts.set(e.name, validateReceiptFile(e.bytes, { declaredMimeType: e.declaredMimeType, fileName: e.fileName, maxBytes: e.maxBytes }));
	}
}, 120_000);

describe('generated corpus', () => {
	// validation/bytes.ts searches with Buffer's native indexOf when Node's Buffer is there and with plain loops
	// when it is not (another JavaScript runtime): both paths must give the same verdict on every file.
	test('without Node\'s Buffer (the plain-loop search paths) every verdict is the same', () => {
		const verdict = (e: CorpusEntry) =>
			validateReceiptFile(new Uint8Array(e.bytes), { declaredMimeType: e.declaredMimeType, fileName: e.fileName, maxBytes: e.maxBytes, computeSha256: false });
		const withBuffer = corpus.map((e) => JSON.stringify(verdict(e)));
		const withoutBuffer = withoutNodeBuffer(() => corpus.map((e) => JSON.stringify(verdict(e))));
		const differing = corpus.filter((_e, i) => withBuffer[i] !== withoutBuffer[i]).map((e) => e.name);
		expect(differing).toEqual([]);
	});

	test('has at least 150 files, unique names, and covers every code', () => {
		expect(corpus.length).toBeGreaterThanOrEqual(150);
		expect(new Set(corpus.map((e) => e.name)).size).toBe(corpus.length);
		const problems = new Set(corpus.flatMap((e) => e.problems));
		const warnings = new Set(corpus.flatMap((e) => e.warnings));
		expect([...problems].sort()).toEqual([...PROBLEM_CODES].sort());
		expect([...warnings].sort()).toEqual([...WARNING_CODES].sort());
	});

	test('every verdict is the expected one', () => {
		const wrong: string[] = [];
		for (const e of corpus) {
			const v = verdictOf(e);
			const got = {
				valid: v.valid,
				problems: v.problems.map((p) => p.code).sort(),
				warnings: v.warnings.map((w) => w.code).sort(),
				mime: v.detectedMimeType,
			};
			const want = { valid: e.problems.length === 0, problems: [...e.problems].sort(), warnings: [...e.warnings].sort(), mime: e.mime };
			if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${e.name}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
		}
		expect(wrong).toEqual([]);
	});

	test('verdicts are complete and consistent', () => {
		for (const e of corpus) {
			const v = verdictOf(e);
			expect(v.fileSize).toBe(e.bytes.length);
			expect(v.sha256).toBe(createHash('sha256').update(e.bytes).digest('hex'));
			expect(v.valid).toBe(v.problems.length === 0);
			expect(v.declaredMimeType).toBe(e.declaredMimeType && e.declaredMimeType.trim() ? e.declaredMimeType.trim() : null);
			expect(v.fileName).toBe(e.fileName ?? null);
			expect(typeof v.detectedKind).toBe('string');
			if (v.detectedMimeType !== null) expect(v.detectedExtension).toMatch(/^[a-z0-9]+$/);
			for (const issue of [...v.problems, ...v.warnings]) {
				expect(issue.message.length).toBeGreaterThan(30);
				expect(issue.message).not.toMatch(/undefined|null|NaN|\[object/);
				expect(issue.message).toMatch(/[.)]$/);
			}
		}
	});

	test('false-positive traps (/Encrypt in content streams, strings, other objects) are valid', () => {
		const traps = corpus.filter((e) => e.group === 'pdf-trap');
		expect(traps.length).toBeGreaterThanOrEqual(8);
		for (const e of traps) expect([e.name, verdictOf(e).valid]).toEqual([e.name, true]);
	});
});

// ---------------------------------------------------------------------------------------------- oracles

/** file-type's extensions mapped onto the sniffer's families. */
const FILE_TYPE_FAMILY: Record<string, string> = {
	pdf: 'pdf',
	png: 'png',
	apng: 'png',
	jpg: 'jpeg',
	heic: 'heic',
	avif: 'avif',
	gif: 'gif',
	tif: 'tiff',
	cr2: 'tiff',
	nef: 'tiff',
	arw: 'tiff',
	dng: 'tiff',
	webp: 'webp',
	bmp: 'bmp',
	ico: 'ico',
	psd: 'psd',
	jp2: 'jp2',
	jpx: 'jp2',
	jpm: 'jp2',
	jxl: 'jxl',
	cr3: 'cr3',
	xml: 'xml',
	rtf: 'rtf',
	ps: 'ps',
	eps: 'ps',
	zip: 'zip',
	docx: 'zip',
	xlsx: 'zip',
	pptx: 'zip',
	odt: 'zip',
	ods: 'zip',
	odp: 'zip',
	epub: 'zip',
	cfb: 'cfb',
	exe: 'exe',
	elf: 'elf',
	macho: 'macho',
	class: 'class',
	gz: 'gz',
	bz2: 'bz2',
	xz: 'xz',
	'7z': '7z',
	rar: 'rar',
	mp4: 'mp4',
	mov: 'mov',
	m4a: 'm4a',
	'3gp': '3gp',
};

describe('oracle: file-type (type detection)', () => {
	test('agrees on every file where it has an opinion; every disagreement or silence is explained', () => {
		const answers = fileTypeOracle(corpus.map((e) => ({ name: e.name, bytes: e.bytes }))) as Record<string, { ext: string; mime: string } | null>;
		const unexplained: string[] = [];
		const summary = { agree: 0, agreeSubtype: 0, silentExplained: {} as Record<string, string[]>, disagreeExplained: {} as Record<string, string> };
		for (const e of corpus) {
			const ft = answers[e.name];
			const ours = detectReceiptFileType(e.bytes);
			const family = ours ? ours.family : 'empty';
			if (ft === null && (family === 'unknown' || family === 'empty')) {
				summary.agree++; // both: not a known type
				continue;
			}
			if (ft === null) {
				const reason =
					e.oracleNote?.fileType ??
					(['text', 'html', 'svg'].includes(family) ? 'file-type does not detect text-based formats' : undefined) ??
					(e.group === 'corrupt' ? 'file-type does not recognise this damaged file' : undefined);
				if (reason) (summary.silentExplained[reason] ??= []).push(e.name);
				else unexplained.push(`${e.name}: file-type has no answer, we say ${family}`);
				continue;
			}
			const theirs = FILE_TYPE_FAMILY[ft.ext] ?? `file-type:${ft.ext}`;
			const subtypeClash = ours?.subtype !== undefined && ['docx', 'xlsx', 'pptx', 'odt', 'epub'].includes(ft.ext) && ours.subtype !== ft.ext;
			if (theirs === family && !subtypeClash) {
				summary.agree++;
				if (ours?.subtype) summary.agreeSubtype++;
			} else if (e.oracleNote?.fileType || ((family === 'svg' || family === 'html') && theirs === 'xml')) {
				summary.disagreeExplained[e.name] = `file-type ${ft.ext} (${ft.mime}) vs ours ${family}: ${e.oracleNote?.fileType ?? 'SVG/XHTML are XML'}`;
			} else {
				unexplained.push(`${e.name}: file-type says ${ft.ext} (${ft.mime}), we say ${family}`);
			}
		}
		writeOracleReport('fileType', summary);
		expect(unexplained).toEqual([]);
		expect(summary.agree).toBeGreaterThanOrEqual(100);
	}, 60_000);
});

describe('the corpus never shrinks silently', () => {
	// Without qpdf the corpus drops from 299 to 258 files and from 49 to 15 encrypted PDFs, and the qpdf oracle is
	// skipped: acceptable on a developer's machine (the title of the skipped test says so), never in CI.
	(qpdfRequired() ? test : test.skip)('in CI, qpdf is installed and the corpus has its qpdf-made files', () => {
		const encrypted = corpus.filter((e) => e.problems.includes('ENCRYPTED_PDF')).length;
		const state = qpdfAvailable()
			? `qpdf available: ${corpus.filter((e) => e.qpdf).length} qpdf-made files, ${encrypted} encrypted PDFs`
			: `qpdf is not installed (CI is set): the corpus has shrunk to ${corpus.length} files and ${encrypted} encrypted PDFs; install the Debian package qpdf`;
		expect(state).toMatch(/^qpdf available/);
		expect(corpus.filter((e) => e.qpdf).length).toBeGreaterThanOrEqual(41);
		expect(encrypted).toBeGreaterThanOrEqual(49);
		expect(corpus.length).toBeGreaterThanOrEqual(299);
	});
});

const qpdfTitle = 'oracle: qpdf --is-encrypted agrees on every structurally sound PDF';
(qpdfAvailable() ? test : test.skip)(qpdfAvailable() ? qpdfTitle : `${qpdfTitle} [SKIPPED: qpdf is not installed; apt-get install qpdf]`, () => {
	const pdfs = corpus.filter((e) => e.mime === 'application/pdf');
	const answers = qpdfEncryptionOracle(pdfs.map((e) => ({ name: e.name, bytes: e.bytes }))) as Record<string, boolean | null>;
	const unexplained: string[] = [];
	const summary = {
		compared: 0,
		agree: 0,
		encrypted: 0,
		explained: {} as Record<string, string>,
		qpdfCouldNotRead: [] as string[],
		corruptButQpdfEncrypted: [] as string[],
	};
	for (const e of pdfs) {
		const qpdfSaysEncrypted = answers[e.name];
		if (hasProblem(e, 'CORRUPT_FILE')) {
			if (qpdfSaysEncrypted) summary.corruptButQpdfEncrypted.push(e.name);
			continue;
		}
		if (qpdfSaysEncrypted === null) {
			summary.qpdfCouldNotRead.push(e.name);
			continue;
		}
		summary.compared++;
		const ours = hasProblem(e, 'ENCRYPTED_PDF');
		if (ours === qpdfSaysEncrypted) {
			summary.agree++;
			if (ours) summary.encrypted++;
			if (e.oracleNote?.qpdf) unexplained.push(`${e.name}: has a qpdf note but qpdf agrees`);
		} else if (e.oracleNote?.qpdf) {
			summary.explained[e.name] = e.oracleNote.qpdf;
		} else {
			unexplained.push(`${e.name}: qpdf --is-encrypted says encrypted=${qpdfSaysEncrypted}, we say encrypted=${ours}`);
		}
	}
	writeOracleReport('qpdf', summary);
	expect(unexplained).toEqual([]);
	expect(summary.encrypted).toBeGreaterThanOrEqual(30);
	expect(summary.qpdfCouldNotRead.length).toBeLessThanOrEqual(5);
}, 60_000);

describe('oracle: pdf-lib', () => {
	test('PDFDocument.load throws "encrypted" exactly for the PDFs we flag, and loads every valid PDF', async () => {
		const quiet = jest.spyOn(console, 'warn').mockImplementation(() => undefined); // pdf-lib logs parse noise
		const unexplained: string[] = [];
		const summary = { compared: 0, agree: 0, explained: {} as Record<string, string> };
		for (const e of corpus.filter((x) => x.mime === 'application/pdf' && !hasProblem(x, 'CORRUPT_FILE'))) {
			let error: string | null = null;
			try {
				await PDFDocument.load(e.bytes, { updateMetadata: false });
			} catch (err) {
				error = (err as Error).message;
			}
			summary.compared++;
			const theirs = error !== null && /is encrypted/.test(error);
			const ours = hasProblem(e, 'ENCRYPTED_PDF');
			if (error !== null && !theirs) {
				if (e.oracleNote?.pdfLib) summary.explained[e.name] = e.oracleNote.pdfLib;
				else unexplained.push(`${e.name}: pdf-lib failed to load: ${error.slice(0, 120)}`);
			} else if (theirs === ours) {
				summary.agree++;
				if (e.oracleNote?.pdfLib) unexplained.push(`${e.name}: has a pdf-lib note but pdf-lib agrees`);
			} else if (e.oracleNote?.pdfLib) summary.explained[e.name] = e.oracleNote.pdfLib;
			else unexplained.push(`${e.name}: pdf-lib encrypted=${theirs}, we say ${ours}`);
		}
		quiet.mockRestore();
		writeOracleReport('pdfLib', summary);
		expect(unexplained).toEqual([]);
	}, 120_000);

	test('embedPng / embedJpg accept every PNG and JPEG we accept (and what they say about the damaged ones)', async () => {
		const doc = await PDFDocument.create();
		const refused: string[] = [];
		const explained: Record<string, string> = {};
		const damagedButEmbedded: string[] = [];
		for (const e of corpus.filter((x) => x.mime === 'image/png' || x.mime === 'image/jpeg')) {
			let ok = true;
			try {
				if (e.mime === 'image/png') await doc.embedPng(e.bytes);
				else await doc.embedJpg(e.bytes);
			} catch {
				ok = false;
			}
			const valid = verdictOf(e).valid || (verdictOf(e).problems.length === 1 && hasProblem(e, 'FILE_TOO_LARGE'));
			if (valid && !ok) {
				if (e.oracleNote?.pdfLib) explained[e.name] = e.oracleNote.pdfLib;
				else refused.push(e.name);
			}
			if (!valid && ok) damagedButEmbedded.push(e.name);
		}
		writeOracleReport('pdfLibImages', { explained, damagedButEmbedded });
		expect(refused).toEqual([]);
	}, 60_000);
});
