// The generated corpus for the validation tests: every file is built here, in memory, from pdf-lib, from qpdf
// (when installed) and from hand-written bytes, together with the verdict it must get. The oracles
// (file-type, qpdf --is-encrypted, pdf-lib) are consulted by corpus.test.ts; the expectations below are the
// specification they are checked against.

import type { ProblemCode, WarningCode } from '../../nodes/ConcurImaging/validation';
import { qpdfAvailable, qpdfTransform } from '../support/validation-qpdf';
import { makeJpeg } from '../../support/validation-fixtures/jpeg';
import * as other from './fixtures/other';
import {
	appendUpdate,
	HAND_ENCRYPT_DICT,
	HAND_ID,
	latin1,
	linearizedLooking,
	pdfLibDoc,
	rawPdf,
	simpleObjects,
	toLatin1,
} from '../../support/validation-fixtures/pdf';
import { chunk, concat, makePng } from '../../support/validation-fixtures/png';
import { Rng } from '../../support/validation-fixtures/rng';

export type Group = 'pdf' | 'pdf-encrypted' | 'pdf-trap' | 'png' | 'jpeg' | 'unsupported' | 'spoof' | 'corrupt' | 'size' | 'empty';

export interface CorpusEntry {
	name: string;
	group: Group;
	bytes: Uint8Array;
	declaredMimeType?: string;
	fileName?: string;
	maxBytes?: number;
	/** Expected problem codes (exact set) and warning codes (exact set). */
	problems: ProblemCode[];
	warnings: WarningCode[];
	/** Expected detectedMimeType. */
	mime: string | null;
	/** Built with qpdf (absent when qpdf is not installed). */
	qpdf?: boolean;
	/**
	 * Why an oracle is expected to disagree or to have no opinion for this entry; the oracle test fails on any
	 * disagreement that is not explained here or by a general rule in corpus.test.ts.
	 */
	oracleNote?: { fileType?: string; qpdf?: string; pdfLib?: string };
}

const PDF = 'application/pdf';
const PNG = 'image/png';
const JPEG = 'image/jpeg';

/** Encryption modes offered by qpdf 11 (`qpdf --help=encryption`). */
export const QPDF_ENCRYPTION_MODES: Array<{ id: string; args: string[] }> = [
	{ id: 'rc4-40', args: ['--allow-weak-crypto', '--encrypt', 'user', 'owner', '40', '--'] },
	{ id: 'rc4-40-owner-only', args: ['--allow-weak-crypto', '--encrypt', '', 'owner', '40', '--'] },
	{ id: 'rc4-40-restricted', args: ['--allow-weak-crypto', '--encrypt', '', 'owner', '40', '--print=n', '--modify=n', '--extract=n', '--annotate=n', '--'] },
	{ id: 'rc4-128', args: ['--allow-weak-crypto', '--encrypt', 'user', 'owner', '128', '--use-aes=n', '--'] },
	{ id: 'rc4-128-owner-only', args: ['--allow-weak-crypto', '--encrypt', '', 'owner', '128', '--use-aes=n', '--'] },
	{ id: 'rc4-128-v4', args: ['--allow-weak-crypto', '--encrypt', 'user', 'owner', '128', '--use-aes=n', '--force-V4', '--'] },
	{ id: 'aes-128', args: ['--encrypt', 'user', 'owner', '128', '--use-aes=y', '--'] },
	{ id: 'aes-128-owner-only', args: ['--encrypt', '', 'owner', '128', '--use-aes=y', '--'] },
	{ id: 'aes-128-cleartext-metadata', args: ['--encrypt', '', 'owner', '128', '--use-aes=y', '--cleartext-metadata', '--'] },
	{ id: 'aes-256', args: ['--encrypt', 'user', 'owner', '256', '--'] },
	{ id: 'aes-256-owner-only', args: ['--encrypt', '', 'owner', '256', '--'] },
	{ id: 'aes-256-r5', args: ['--encrypt', 'user', 'owner', '256', '--force-R5', '--'] },
	{ id: 'aes-256-user-only-insecure', args: ['--encrypt', 'user', '', '256', '--allow-insecure', '--'] },
	{ id: 'aes-256-restricted', args: ['--encrypt', '', 'owner', '256', '--print=none', '--modify=none', '--extract=n', '--'] },
];

function cut(bytes: Uint8Array, length: number): Uint8Array {
	return bytes.subarray(0, Math.max(0, Math.min(bytes.length, Math.floor(length))));
}

export async function buildCorpus(): Promise<CorpusEntry[]> {
	const entries: CorpusEntry[] = [];
	const add = (e: Omit<CorpusEntry, 'warnings'> & { warnings?: WarningCode[] }) => entries.push({ warnings: [], ...e });
	const validPdf = (name: string, bytes: Uint8Array, warnings: WarningCode[] = [], extra: Partial<CorpusEntry> = {}) =>
		add({ name, group: 'pdf', bytes, problems: [], warnings, mime: PDF, ...extra });
	const corruptPdf = (name: string, bytes: Uint8Array, extra: Partial<CorpusEntry> = {}) =>
		add({ name, group: 'corrupt', bytes, problems: ['CORRUPT_FILE'], mime: PDF, ...extra });
	const encryptedPdf = (name: string, bytes: Uint8Array, extra: Partial<CorpusEntry> = {}) =>
		add({ name, group: 'pdf-encrypted', bytes, problems: ['ENCRYPTED_PDF'], mime: PDF, ...extra });

	// ---------------------------------------------------------------- PDFs from pdf-lib
	const plClassic = await pdfLibDoc({ pages: 1 });
	const plObjStm = await pdfLibDoc({ pages: 1, objectStreams: true });
	const plPngClassic = await pdfLibDoc({ pages: 3, image: 'png' });
	const plJpegObjStm = await pdfLibDoc({ pages: 3, image: 'jpeg', objectStreams: true });
	const plMany = await pdfLibDoc({ pages: 40, linesPerPage: 20 });
	const plManyObjStm = await pdfLibDoc({ pages: 40, linesPerPage: 20, objectStreams: true });
	validPdf('pdflib-classic-xref', plClassic);
	validPdf('pdflib-object-streams', plObjStm);
	validPdf('pdflib-3-pages-png-image', plPngClassic);
	validPdf('pdflib-3-pages-jpeg-image-objstm', plJpegObjStm);
	validPdf('pdflib-40-pages', plMany);
	validPdf('pdflib-40-pages-objstm', plManyObjStm);

	// ---------------------------------------------------------------- hand-written structures
	validPdf('raw-classic-table', rawPdf());
	validPdf('raw-xref-stream', rawPdf({ xref: 'stream' }));
	validPdf('raw-hybrid-xrefstm', rawPdf({ xref: 'hybrid' }));
	validPdf('raw-crlf', rawPdf({ eol: '\r\n' }));
	validPdf('raw-cr-only', rawPdf({ eol: '\r' }));
	validPdf('raw-crlf-xref-stream', rawPdf({ eol: '\r\n', xref: 'stream' }));
	validPdf('raw-compact-trailer', rawPdf({ compact: true }));
	validPdf('raw-pdf-2.0', rawPdf({ version: '2.0' }));
	validPdf('raw-pdf-1.0', rawPdf({ version: '1.0' }));
	validPdf('raw-19-byte-xref-entries', rawPdf({ entryEnd: '\n' }));
	validPdf('raw-crlf-entries-lf-lines', rawPdf({ entryEnd: '\r\n' }));
	validPdf('raw-trailing-whitespace-after-eof', rawPdf({ afterEof: '\n\n   \0\0\0\r\n' }));
	validPdf('raw-trailing-garbage-after-eof', rawPdf({ afterEof: 'garbage appended by a mail gateway '.repeat(10) }));
	validPdf('raw-trailer-nested-dicts', rawPdf({ trailerExtra: `${HAND_ID} /Info << /Title (Receipt \\) >> /Encrypt 9 0 R) /Author <2f456e6372797074> /Nested << /Deeper [1 2 << /Encrypt 3 0 R >>] >> >> ` }));
	validPdf('raw-trailer-comments', rawPdf({ trailerExtra: '% /Encrypt 9 0 R in a comment\n/ID [<aa><bb>] ' }));
	validPdf('raw-junk-before-header-mime', rawPdf({ junk: 'Content-Type: application/pdf\r\nContent-Transfer-Encoding: binary\r\n\r\n' }), ['PDF_HEADER_OFFSET'], {
		oracleNote: { fileType: 'file-type only looks for %PDF at offset 0' },
	});
	validPdf('raw-junk-before-header-binary', rawPdf({ junk: toLatin1(new Rng(5).bytes(1000)).replace(/%/g, '-') }), ['PDF_HEADER_OFFSET'], {
		oracleNote: { fileType: 'file-type only looks for %PDF at offset 0; the random junk may look like anything to it' },
	});
	validPdf('raw-junk-absolute-offsets', rawPdf({ junk: 'X'.repeat(600), offsetsFromHeader: false }), ['PDF_HEADER_OFFSET'], {
		oracleNote: { fileType: 'file-type only looks for %PDF at offset 0' },
	});
	validPdf('raw-startxref-off-by-7', rawPdf({ startxrefDelta: 7 }), ['PDF_XREF_REPAIRED']);
	validPdf('raw-startxref-off-by-minus-40', rawPdf({ startxrefDelta: -40 }), ['PDF_XREF_REPAIRED']);
	validPdf('raw-startxref-zero', rawPdf({ startxrefText: '0' }), ['PDF_XREF_REPAIRED']);
	validPdf('raw-startxref-not-a-number', rawPdf({ startxrefText: 'abc' }), ['PDF_XREF_REPAIRED'], {
		oracleNote: { pdfLib: 'pdf-lib throws "Failed to parse number" on a non-numeric startxref; readers and qpdf repair it' },
	});
	validPdf('raw-xref-stream-startxref-wrong', rawPdf({ xref: 'stream', startxrefDelta: 13 }), ['PDF_XREF_REPAIRED']); // qpdf 11.3 cannot recover this one
	validPdf('raw-crlf-startxref-wrong', rawPdf({ eol: '\r\n', startxrefDelta: -3 }), ['PDF_XREF_REPAIRED']);
	validPdf('linearized-looking', linearizedLooking());
	validPdf('linearized-looking-crlf', linearizedLooking({ eol: '\r\n' }));

	// ---------------------------------------------------------------- incremental updates (by hand)
	const upd1 = appendUpdate(plClassic);
	validPdf('update-classic', upd1);
	validPdf('update-classic-twice', appendUpdate(upd1));
	validPdf('update-classic-crlf', appendUpdate(plClassic, { eol: '\r\n' }));
	validPdf('update-xref-stream-on-objstm', appendUpdate(plObjStm, { xref: 'stream' }));
	validPdf('update-classic-on-objstm', appendUpdate(plObjStm, { xref: 'table' }));
	validPdf('update-stream-on-raw-stream', appendUpdate(rawPdf({ xref: 'stream' }), { xref: 'stream' }));

	// ---------------------------------------------------------------- false-positive traps (must be valid)
	const trap = (name: string, bytes: Uint8Array, note?: CorpusEntry['oracleNote']) =>
		add({ name, group: 'pdf-trap', bytes, problems: [], mime: PDF, oracleNote: note });
	trap('trap-encrypt-in-content-stream', await pdfLibDoc({ encryptInContent: true }));
	trap('trap-encrypt-string-in-info', await pdfLibDoc({ encryptInInfoString: true }));
	trap('trap-encrypt-key-in-catalog', await pdfLibDoc({ encryptKeyInCatalog: true }));
	trap('trap-encrypt-in-content-objstm', await pdfLibDoc({ encryptInContent: true, objectStreams: true }));
	trap('trap-encrypt-key-in-catalog-objstm', await pdfLibDoc({ encryptKeyInCatalog: true, objectStreams: true }));
	trap(
		'trap-raw-content-and-object-with-encrypt',
		rawPdf({
			objects: [
				...simpleObjects('BT /F1 12 Tf 72 700 Td (trailer << /Encrypt 6 0 R >>) Tj ET % /Encrypt 6 0 R'),
				'<< /Type /Annot /Encrypt 6 0 R /Contents (/Encrypt) >>',
			],
		}),
	);
	trap('trap-info-direct-dict-in-trailer', rawPdf({ trailerExtra: '/Info << /Subject (/Encrypt 5 0 R) /Keywords (\\(/Encrypt\\)) >> ' }));
	trap('trap-encrypt-null', rawPdf({ trailerExtra: '/Encrypt null ' }));
	trap('trap-encrypt-dangling-ref', rawPdf({ trailerExtra: '/Encrypt 99 0 R ' }));
	trap('trap-encrypt-ref-to-free-entry', rawPdf({ objects: [...simpleObjects(), HAND_ENCRYPT_DICT], freeObjects: [6], trailerExtra: '/Encrypt 6 0 R ' }), {
		pdfLib: 'pdf-lib ignores the xref table and finds object 6 in the file body; the table marks it free, so the reference is null (qpdf agrees with us)',
	});

	// ---------------------------------------------------------------- encrypted by hand (incremental updates)
	encryptedPdf('encrypt-added-by-update-classic', appendUpdate(plClassic, { objects: [{ num: 50, body: HAND_ENCRYPT_DICT }], trailerExtra: `/Encrypt 50 0 R ${HAND_ID} ` }));
	encryptedPdf(
		'encrypt-added-by-update-xref-stream',
		appendUpdate(plObjStm, { xref: 'stream', objects: [{ num: 50, body: HAND_ENCRYPT_DICT }], trailerExtra: `/Encrypt 50 0 R ${HAND_ID} ` }),
	);
	encryptedPdf(
		'encrypt-added-by-second-update',
		appendUpdate(upd1, { objects: [{ num: 60, body: HAND_ENCRYPT_DICT }], trailerExtra: `/Encrypt 60 0 R ${HAND_ID} ` }),
	);
	encryptedPdf('encrypt-direct-dict-in-trailer', rawPdf({ trailerExtra: `/Encrypt ${HAND_ENCRYPT_DICT} ${HAND_ID} ` }));
	encryptedPdf('encrypt-escaped-name-encr#79pt', rawPdf({ objects: [...simpleObjects(), HAND_ENCRYPT_DICT], trailerExtra: `/Encr#79pt 6 0 R ${HAND_ID} ` }));
	encryptedPdf('encrypt-linearized-looking', linearizedLooking({ encryptObject: HAND_ENCRYPT_DICT, trailerExtra: `/Encrypt 6 0 R ${HAND_ID} ` }));
	encryptedPdf(
		'encrypt-with-junk-before-header',
		rawPdf({ junk: 'Content-Type: application/pdf\r\n\r\n', objects: [...simpleObjects(), HAND_ENCRYPT_DICT], trailerExtra: `/Encrypt 6 0 R ${HAND_ID} ` }),
		{ warnings: ['PDF_HEADER_OFFSET'], oracleNote: { fileType: 'file-type only looks for %PDF at offset 0' } },
	);
	encryptedPdf(
		'encrypt-startxref-wrong',
		rawPdf({ objects: [...simpleObjects(), HAND_ENCRYPT_DICT], trailerExtra: `/Encrypt 6 0 R ${HAND_ID} `, startxrefDelta: 5 }),
		{ warnings: ['PDF_XREF_REPAIRED'] },
	);
	// qpdf 11.3 cannot read this one (its recovery only looks for `trailer` keywords, not xref streams).
	encryptedPdf(
		'encrypt-xref-stream-startxref-wrong',
		rawPdf({ xref: 'stream', objects: [...simpleObjects(), HAND_ENCRYPT_DICT], trailerExtra: `/Encrypt 6 0 R ${HAND_ID} `, startxrefDelta: -9 }),
		{ warnings: ['PDF_XREF_REPAIRED'] },
	);
	// An update whose trailer leaves /Encrypt out (against ISO 32000-1 §7.5.6) and whose /Prev is broken: the
	// older, encrypted revision is found by reading every trailer of the file (pdf-lib, which reads every object,
	// finds it too). Before the fix (2026-12-08) both were valid, with the repair warning only.
	const encryptedBase = rawPdf({ objects: [...simpleObjects(), HAND_ENCRYPT_DICT], trailerExtra: `/Encrypt 6 0 R ${HAND_ID} ` });
	const droppingEncrypt = toLatin1(appendUpdate(encryptedBase, { carry: false }));
	const newestOnly = { qpdf: 'qpdf reads /Encrypt from the newest trailer only (as for qpdf-encrypted-then-update-dropping-encrypt)' };
	encryptedPdf(
		'encrypt-dropped-by-update-whose-prev-loops-to-its-own-table',
		latin1(droppingEncrypt.replace(/\/Prev \d+/, `/Prev ${droppingEncrypt.lastIndexOf('xref\n0 1')}`)),
		{ warnings: ['PDF_XREF_REPAIRED'], oracleNote: newestOnly },
	);
	encryptedPdf(
		'encrypt-dropped-by-update-whose-prev-points-into-an-object',
		latin1(droppingEncrypt.replace(/\/Prev \d+/, `/Prev ${droppingEncrypt.indexOf('/MediaBox')}`)),
		{ warnings: ['PDF_XREF_REPAIRED'], oracleNote: newestOnly },
	);
	// The same with the older revision's /Encrypt in a cross-reference stream, found by reading every /Type /XRef
	// dictionary of the file.
	const streamDropping = toLatin1(
		appendUpdate(rawPdf({ xref: 'stream', objects: [...simpleObjects(), HAND_ENCRYPT_DICT], trailerExtra: `/Encrypt 6 0 R ${HAND_ID} ` }), { carry: false }),
	);
	encryptedPdf(
		'encrypt-in-xref-stream-dropped-by-update-whose-prev-points-into-an-object',
		latin1(streamDropping.replace(/\/Prev \d+/, `/Prev ${streamDropping.indexOf('/MediaBox')}`)),
		{ warnings: ['PDF_XREF_REPAIRED'], oracleNote: newestOnly },
	);
	// That search takes `trailer` only as a keyword: in a name (/Xtrailer) it is not one, and what follows is no trailer.
	const inName = toLatin1(appendUpdate(rawPdf({ objects: [...simpleObjects(), HAND_ENCRYPT_DICT, '<< /Xtrailer << /Encrypt 6 0 R >> >>'] }), { carry: false }));
	validPdf('update-whose-prev-points-into-an-object-over-a-name-holding-trailer', latin1(inName.replace(/\/Prev \d+/, `/Prev ${inName.indexOf('/MediaBox')}`)), [
		'PDF_XREF_REPAIRED',
	]);
	// The same update with its /Prev intact, and the broken ones without an /Encrypt anywhere: as before.
	encryptedPdf('encrypt-dropped-by-update-prev-intact', latin1(droppingEncrypt), { oracleNote: newestOnly });
	const plainUpdate = toLatin1(appendUpdate(rawPdf(), { carry: false }));
	validPdf('update-whose-prev-loops-to-its-own-table', latin1(plainUpdate.replace(/\/Prev \d+/, `/Prev ${plainUpdate.lastIndexOf('xref\n0 1')}`)), ['PDF_XREF_REPAIRED']);

	// ---------------------------------------------------------------- qpdf: every encryption mode
	if (qpdfAvailable()) {
		const q = (input: Uint8Array, args: string[]) => qpdfTransform(input, args) as Uint8Array;
		for (const mode of QPDF_ENCRYPTION_MODES) {
			encryptedPdf(`qpdf-${mode.id}-no-object-streams`, q(plObjStm, ['--object-streams=disable', ...mode.args]), { qpdf: true });
			encryptedPdf(`qpdf-${mode.id}-object-streams`, q(plObjStm, mode.args), { qpdf: true });
		}
		encryptedPdf('qpdf-aes-256-generated-object-streams', q(plClassic, ['--object-streams=generate', '--encrypt', 'u', 'o', '256', '--']), { qpdf: true });
		encryptedPdf('qpdf-rc4-128-classic-default', q(plPngClassic, ['--allow-weak-crypto', '--encrypt', 'u', 'o', '128', '--use-aes=n', '--']), { qpdf: true });
		encryptedPdf('qpdf-aes-256-linearized', q(plClassic, ['--linearize', '--encrypt', 'u', 'o', '256', '--']), { qpdf: true });
		encryptedPdf('qpdf-aes-128-linearized-objstm', q(plObjStm, ['--linearize', '--encrypt', '', 'o', '128', '--use-aes=y', '--']), {
			qpdf: true,
			oracleNote: {
				pdfLib: 'pdf-lib replaces its trailer info with each cross-reference stream it parses; the last one (the main xref stream of a linearized file) has no /Encrypt, so pdf-lib misses the encryption',
			},
		});
		const enc40 = q(plClassic, ['--allow-weak-crypto', '--encrypt', 'u', 'o', '40', '--']);
		encryptedPdf('qpdf-encrypted-then-update-carrying-encrypt', appendUpdate(enc40), { qpdf: true });
		encryptedPdf('qpdf-encrypted-then-update-dropping-encrypt', appendUpdate(enc40, { carry: false }), {
			qpdf: true,
			oracleNote: {
				qpdf: 'qpdf reads /Encrypt from the newest trailer only; we (and pdf-lib) flag an /Encrypt anywhere in the trailer chain: the older objects are still encrypted',
			},
		});
		validPdf('qpdf-linearized', q(plClassic, ['--linearize']), [], { qpdf: true });
		validPdf('qpdf-linearized-objstm', q(plObjStm, ['--linearize']), [], { qpdf: true });
		validPdf('qpdf-generated-object-streams', q(plPngClassic, ['--object-streams=generate']), [], { qpdf: true });
		validPdf('qpdf-qdf-mode', q(plClassic, ['--qdf']), [], { qpdf: true });
		validPdf('qpdf-decrypted-again', q(q(plClassic, ['--encrypt', '', 'o', '256', '--']), ['--decrypt']), [], { qpdf: true });
		corruptPdf('qpdf-aes-256-truncated-half', cut(q(plObjStm, ['--encrypt', 'u', 'o', '256', '--']), 700), { qpdf: true });
		corruptPdf('qpdf-rc4-40-truncated-tail', cut(enc40, enc40.length - 20), { qpdf: true });
	}

	// ---------------------------------------------------------------- corrupt / truncated PDFs
	corruptPdf('pdf-header-only', latin1('%PDF-1.7\n'));
	corruptPdf('pdf-header-and-binary-comment-only', latin1('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'));
	for (const [label, base] of [
		['classic', plClassic],
		['objstm', plObjStm],
		['40-pages', plMany],
		['hybrid', rawPdf({ xref: 'hybrid' })],
		['update', upd1],
	] as Array<[string, Uint8Array]>) {
		corruptPdf(`pdf-${label}-cut-25pct`, cut(base, base.length * 0.25));
		corruptPdf(`pdf-${label}-cut-60pct`, cut(base, base.length * 0.6));
		corruptPdf(`pdf-${label}-cut-inside-eof-marker`, cut(base, toLatin1(base).lastIndexOf('%%EOF') + 3));
	}
	corruptPdf('pdf-cut-before-startxref', cut(plClassic, toLatin1(plClassic).lastIndexOf('startxref')));
	corruptPdf('pdf-linearized-looking-cut-after-first-page-eof', cut(linearizedLooking(), toLatin1(linearizedLooking()).indexOf('%%EOF') + 6));
	corruptPdf('pdf-no-startxref', rawPdf({ omitStartxref: true }));
	corruptPdf('pdf-no-eof-marker', rawPdf({ omitEof: true }));
	corruptPdf('pdf-no-trailer-anywhere', latin1('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nstartxref\n9\n%%EOF\n'));
	corruptPdf('pdf-trailer-without-root', rawPdf({ noRoot: true }));
	corruptPdf('pdf-prev-beyond-end-of-file', rawPdf({ trailerExtra: '/Prev 99999999 ' }));
	corruptPdf('pdf-startxref-beyond-end-of-file', rawPdf({ startxrefText: '88888888' }));
	corruptPdf('pdf-body-without-header', latin1(toLatin1(rawPdf()).replace(/^%PDF-1\.4\n%\xe2\xe3\xcf\xd3\n/, '')), {
		oracleNote: { fileType: 'no %PDF header, file-type cannot know' },
	});

	// ---------------------------------------------------------------- PNG
	const validPng = (name: string, bytes: Uint8Array, extra: Partial<CorpusEntry> = {}) => add({ name, group: 'png', bytes, problems: [], mime: PNG, ...extra });
	const corruptPng = (name: string, bytes: Uint8Array, extra: Partial<CorpusEntry> = {}) =>
		add({ name, group: 'corrupt', bytes, problems: ['CORRUPT_FILE'], mime: PNG, ...extra });
	const pngRgb = makePng();
	validPng('png-rgb8', pngRgb);
	validPng('png-grey1', makePng({ colourType: 0, bitDepth: 1 }));
	validPng('png-grey16', makePng({ colourType: 0, bitDepth: 16 }));
	validPng('png-palette4', makePng({ colourType: 3, bitDepth: 4 }));
	validPng('png-grey-alpha', makePng({ colourType: 4 }));
	validPng('png-rgba8', makePng({ colourType: 6 }));
	validPng('png-rgba16', makePng({ colourType: 6, bitDepth: 16 }));
	validPng('png-interlaced', makePng({ interlace: true, width: 13, height: 7 }));
	validPng('png-interlaced-palette', makePng({ interlace: true, colourType: 3, bitDepth: 2, width: 5, height: 3 }), {
		oracleNote: { pdfLib: "pdf-lib's PNG decoder (UPNG) throws 'offset is out of bounds' on interlaced 2-bit palette images; pngcheck and libpng accept it" },
	});
	validPng('png-many-idat-and-ancillary', makePng({ idatSize: 100, ancillary: true }));
	validPng('png-animated-apng', makePng({ apng: true }), { oracleNote: { fileType: 'file-type reports APNG (image/apng); it is a PNG whose first frame Concur shows' } });
	validPng('png-trailing-bytes-after-iend', concat([pngRgb, latin1('trailing data')]));
	validPng('png-1x1', makePng({ width: 1, height: 1 }));
	corruptPng('png-signature-only', pngRgb.subarray(0, 8));
	corruptPng('png-signature-and-ihdr-only', pngRgb.subarray(0, 33));
	corruptPng('png-cut-half', cut(pngRgb, pngRgb.length / 2));
	corruptPng('png-cut-last-byte', cut(pngRgb, pngRgb.length - 1));
	corruptPng('png-without-iend', cut(pngRgb, pngRgb.length - 12));
	corruptPng('png-without-iend-trailing-zeros', concat([cut(pngRgb, pngRgb.length - 12), new Uint8Array(64)]));
	corruptPng('png-no-idat', concat([pngRgb.subarray(0, 33), chunk('IEND', new Uint8Array(0))]));
	corruptPng('png-first-chunk-not-ihdr', concat([pngRgb.subarray(0, 8), chunk('gAMA', new Uint8Array([0, 0, 0xb1, 0x8f])), pngRgb.subarray(8)]));
	const badCrc = pngRgb.slice();
	badCrc[29] ^= 0xff;
	corruptPng('png-ihdr-bad-crc', badCrc);
	const zeroWidth = makePng().slice();
	zeroWidth.set([0, 0, 0, 0], 16);
	corruptPng('png-ihdr-zero-width', zeroWidth);
	const noPlte = toLatin1(makePng({ colourType: 3, bitDepth: 8 }));
	const plteAt = noPlte.indexOf('PLTE') - 4;
	corruptPng('png-palette-without-plte', latin1(noPlte.slice(0, plteAt) + noPlte.slice(plteAt + 12 + 12)));
	const badType = pngRgb.slice();
	badType[37] = 0x31; // IDAT -> I1AT
	corruptPng('png-invalid-chunk-type', badType);
	corruptPng('png-signature-mangled-crlf-to-lf', concat([[0x89, 0x50, 0x4e, 0x47, 0x0a, 0x1a, 0x0a], pngRgb.subarray(8)]), {
		oracleNote: { fileType: 'the 8-byte signature is damaged, file-type does not recognise it' },
	});
	corruptPng('png-signature-missing', pngRgb.subarray(8), { oracleNote: { fileType: 'no signature, file-type cannot know' } });

	// ---------------------------------------------------------------- JPEG
	const validJpeg = (name: string, bytes: Uint8Array, extra: Partial<CorpusEntry> = {}) => add({ name, group: 'jpeg', bytes, problems: [], mime: JPEG, ...extra });
	const corruptJpeg = (name: string, bytes: Uint8Array, extra: Partial<CorpusEntry> = {}) =>
		add({ name, group: 'corrupt', bytes, problems: ['CORRUPT_FILE'], mime: JPEG, ...extra });
	const jBase = makeJpeg();
	const jExif = makeJpeg({ header: 'exif', extras: true, width: 96, height: 64 });
	const jProg = makeJpeg({ mode: 'progressive', subsample: true, width: 64, height: 64 });
	validJpeg('jpeg-jfif-baseline', jBase);
	validJpeg('jpeg-exif-with-thumbnail-icc-comment', jExif);
	validJpeg('jpeg-raw-no-app-segment', makeJpeg({ header: 'none' }));
	validJpeg('jpeg-adobe-app14', makeJpeg({ header: 'adobe' }));
	validJpeg('jpeg-greyscale', makeJpeg({ components: 1 }));
	validJpeg('jpeg-420-subsampled', makeJpeg({ subsample: true, width: 80, height: 64 }));
	validJpeg('jpeg-extended-sof1', makeJpeg({ mode: 'extended' }));
	validJpeg('jpeg-progressive', jProg);
	validJpeg('jpeg-progressive-odd-size', makeJpeg({ mode: 'progressive', width: 37, height: 21 }));
	validJpeg('jpeg-restart-markers-fill-bytes', makeJpeg({ restartInterval: 3, fillBytes: true }), {
		oracleNote: { pdfLib: "pdf-lib's JPEG header scan does not skip 0xFF fill bytes before a marker (T.81 B.1.1.2 allows them); libjpeg decodes it" },
	});
	validJpeg('jpeg-trailing-zero-padding', concat([jBase, new Uint8Array(300)]));
	validJpeg('jpeg-trailing-crlf', concat([jBase, latin1('\r\n')]));
	validJpeg('jpeg-appended-data-motion-photo', concat([jExif, other.isoMedia('mp42', ['isom', 'mp42'])]));
	validJpeg('jpeg-two-images-concatenated-mpf', concat([jBase, makeJpeg({ seed: 9, width: 16, height: 16 })]));
	validJpeg('jpeg-extraneous-bytes-before-marker', latin1(toLatin1(jBase).replace('\xff\xdb', '\x00\x00\xff\xdb')), {
		oracleNote: { pdfLib: "pdf-lib's JPEG header scan stops at stray bytes between segments; libjpeg skips them with a warning and decodes the picture" },
	});
	validJpeg('jpeg-restart-markers', makeJpeg({ restartInterval: 2, width: 48, height: 48 }));
	corruptJpeg('jpeg-soi-only', new Uint8Array([0xff, 0xd8]).subarray(0), { oracleNote: { fileType: 'file-type needs FF D8 FF' } });
	corruptJpeg('jpeg-soi-and-marker-prefix', new Uint8Array([0xff, 0xd8, 0xff]));
	corruptJpeg('jpeg-soi-eoi', new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
	corruptJpeg('jpeg-headers-only-cut-before-scan', cut(jBase, toLatin1(jBase).indexOf('\xff\xda')));
	corruptJpeg('jpeg-cut-half', cut(jBase, jBase.length / 2));
	corruptJpeg('jpeg-cut-90pct', cut(jBase, jBase.length * 0.9));
	corruptJpeg('jpeg-without-eoi', cut(jBase, jBase.length - 2));
	corruptJpeg('jpeg-without-eoi-zero-padded', concat([cut(jBase, jBase.length - 2), new Uint8Array(512)]));
	corruptJpeg('jpeg-progressive-cut-after-dc-scan', cut(jProg, toLatin1(jProg).indexOf('\xff\xda', toLatin1(jProg).indexOf('\xff\xda') + 2)));
	corruptJpeg('jpeg-progressive-cut-70pct', cut(jProg, jProg.length * 0.7));
	corruptJpeg('jpeg-cut-inside-exif-thumbnail', cut(jExif, toLatin1(jExif).indexOf('\xff\xd9') + 2));
	corruptJpeg('jpeg-without-soi', jBase.subarray(2), { oracleNote: { fileType: 'no SOI: file-type does not see a JPEG' } });
	const noFrame = toLatin1(jBase);
	const sofAt = noFrame.indexOf('\xff\xc0');
	corruptJpeg('jpeg-scan-without-frame-header', latin1(noFrame.slice(0, sofAt) + noFrame.slice(sofAt + 2 + 17)));

	// ---------------------------------------------------------------- unsupported types
	const unsupported = (name: string, bytes: Uint8Array, mime: string | null, extra: Partial<CorpusEntry> = {}) =>
		add({ name, group: 'unsupported', bytes, problems: ['UNSUPPORTED_TYPE'], mime, ...extra });
	unsupported('heic-iphone', other.isoMedia('heic', ['mif1', 'heic']), 'image/heic');
	unsupported('heic-heix', other.isoMedia('heix', ['mif1', 'heix']), 'image/heic');
	unsupported('heif-mif1', other.isoMedia('mif1', ['mif1', 'heic']), 'image/heif');
	unsupported('heic-sequence', other.isoMedia('hevc', ['msf1', 'hevc']), 'image/heic-sequence');
	unsupported('heif-sequence', other.isoMedia('msf1', ['msf1']), 'image/heif-sequence');
	unsupported('avif', other.isoMedia('avif', ['mif1', 'avif', 'miaf']), 'image/avif');
	unsupported('mp4-video', other.isoMedia('isom', ['isom', 'mp41']), 'video/mp4');
	unsupported('mov-video', other.isoMedia('qt  ', ['qt  ']), 'video/quicktime');
	unsupported('gif89a', other.gif('89a'), 'image/gif');
	unsupported('gif87a', other.gif('87a'), 'image/gif');
	unsupported('tiff-little-endian', other.tiff(true), 'image/tiff');
	unsupported('tiff-big-endian', other.tiff(false), 'image/tiff');
	unsupported('webp-lossy', other.webp('VP8 '), 'image/webp');
	unsupported('webp-lossless', other.webp('VP8L'), 'image/webp');
	unsupported('webp-extended', other.webp('VP8X'), 'image/webp');
	unsupported('bmp', other.bmp(), 'image/bmp');
	unsupported('ico', other.ico(), 'image/x-icon');
	unsupported('psd', other.psd(), 'image/vnd.adobe.photoshop');
	unsupported('jpeg-2000', other.jp2(), 'image/jp2');
	unsupported('jpeg-xl', other.jxl(), 'image/jxl');
	unsupported('svg', other.utf8(other.TEXTS.svg), 'image/svg+xml', { oracleNote: { fileType: 'file-type does not detect SVG' } });
	unsupported('svg-with-xml-declaration', other.utf8(other.TEXTS.svgXml), 'image/svg+xml', { oracleNote: { fileType: 'file-type says XML; SVG is XML' } });
	unsupported('svg-with-doctype', other.utf8(other.TEXTS.svgDoctype), 'image/svg+xml', { oracleNote: { fileType: 'file-type says XML; SVG is XML' } });
	const textNote = { fileType: 'file-type does not detect text formats' };
	unsupported('html-sign-in-page', other.utf8(other.TEXTS.html), 'text/html', { oracleNote: textNote });
	unsupported('html-bare', other.utf8(other.TEXTS.htmlBare), 'text/html', { oracleNote: textNote });
	unsupported('html-leading-comment', other.utf8(other.TEXTS.htmlComment), 'text/html', { oracleNote: textNote });
	unsupported('html-fragment', other.utf8(other.TEXTS.htmlFragment), 'text/html', { oracleNote: textNote });
	unsupported('html-utf8-bom', other.utf8(other.TEXTS.html, true), 'text/html', { oracleNote: textNote });
	unsupported('html-utf16le', other.utf16(other.TEXTS.html, true), 'text/html', { oracleNote: textNote });
	unsupported('xhtml', other.utf8(other.TEXTS.xhtml), 'text/html', { oracleNote: { fileType: 'file-type says XML; XHTML is XML' } });
	unsupported('xml-ubl-invoice', other.utf8(other.TEXTS.ubl), 'application/xml');
	unsupported('xml-utf16be-invoice', other.utf16(other.TEXTS.ubl, false), 'application/xml');
	unsupported('text-receipt', other.utf8(other.TEXTS.receipt), 'text/plain', { oracleNote: textNote });
	unsupported('text-utf8-bom', other.utf8(`${other.TEXTS.receipt}Caf\u00e9 \u20ac`, true), 'text/plain', { oracleNote: textNote });
	unsupported('text-utf16le', other.utf16(other.TEXTS.receipt, true), 'text/plain', { oracleNote: textNote });
	unsupported('text-utf16be', other.utf16(other.TEXTS.receipt, false), 'text/plain', { oracleNote: textNote });
	unsupported('text-csv', other.utf8(other.TEXTS.csv), 'text/plain', { oracleNote: textNote });
	unsupported('text-json', other.utf8(other.TEXTS.json), 'text/plain', { oracleNote: textNote });
	unsupported('text-email', other.utf8(other.TEXTS.email), 'text/plain', { oracleNote: textNote });
	unsupported('text-single-char', latin1('A'), 'text/plain', { oracleNote: textNote });
	unsupported('rtf', other.utf8(other.TEXTS.rtf), 'application/rtf');
	unsupported('postscript', other.utf8(other.TEXTS.ps), 'application/postscript');
	unsupported('eps', other.utf8(other.TEXTS.eps), 'application/postscript');
	unsupported('zip', other.zip([['receipt.txt', other.TEXTS.receipt]]), 'application/zip');
	unsupported('zip-empty', latin1(`PK\x05\x06${'\0'.repeat(18)}`), 'application/zip');
	unsupported('docx', other.docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
	unsupported('xlsx', other.xlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
	unsupported('pptx', other.pptx(), 'application/vnd.openxmlformats-officedocument.presentationml.presentation');
	unsupported('odt', other.odt(), 'application/vnd.oasis.opendocument.text');
	unsupported('epub', other.epub(), 'application/epub+zip');
	unsupported('ole2-cfb-doc-xls-msg', other.cfb(), 'application/x-cfb');
	unsupported('elf-executable', other.elf(), 'application/x-elf');
	unsupported('windows-pe-executable', other.pe(), 'application/x-msdownload');
	unsupported('mach-o-64', other.machO(false), 'application/x-mach-binary');
	unsupported('mach-o-universal', other.machO(true), 'application/x-mach-binary');
	unsupported('java-class', other.javaClass(), 'application/java-vm');
	unsupported('gzip', other.gzip(), 'application/gzip');
	unsupported('bzip2', other.bzip2(), 'application/x-bzip2');
	unsupported('xz', other.xz(), 'application/x-xz');
	unsupported('7z', other.sevenZip(), 'application/x-7z-compressed');
	unsupported('rar4', other.rar(false), 'application/x-rar-compressed');
	unsupported('rar5', other.rar(true), 'application/x-rar-compressed');
	// Cut-off copies of unsupported files are still what they are (the magic bytes survive).
	for (const [label, bytes, mime] of [
		['heic', other.isoMedia('heic', ['mif1', 'heic']), 'image/heic'],
		['gif', other.gif('89a'), 'image/gif'],
		['tiff', other.tiff(true), 'image/tiff'],
		['webp', other.webp('VP8 '), 'image/webp'],
		['bmp', other.bmp(), 'image/bmp'],
		['windows-pe', other.pe(), 'application/x-msdownload'],
		['elf', other.elf(), 'application/x-elf'],
		['zip', other.zip([['receipt.txt', other.TEXTS.receipt]]), 'application/zip'],
		['html', other.utf8(other.TEXTS.html), 'text/html'],
		['svg', other.utf8(other.TEXTS.svg), 'image/svg+xml'],
	] as Array<[string, Uint8Array, string]>) {
		unsupported(`${label}-cut-half`, cut(bytes, bytes.length / 2), mime, { oracleNote: { fileType: 'cut-off file; file-type may not recognise it' } });
	}
	const noise = new Rng(11).bytes(2048);
	noise.set([0x01, 0x02, 0x00, 0x05], 0);
	unsupported('unknown-random-bytes', noise, null, { oracleNote: { fileType: 'random bytes' } });
	unsupported('unknown-all-zeros', new Uint8Array(4096), null, { oracleNote: { fileType: 'zeros' } });
	unsupported('unknown-single-nul', new Uint8Array(1), null, { oracleNote: { fileType: 'one byte' } });

	// ---------------------------------------------------------------- spoofed names and declared types
	const spoof = (name: string, bytes: Uint8Array, mime: string | null, declaredMimeType: string | undefined, fileName: string | undefined, problems: ProblemCode[], warnings: WarningCode[]) =>
		add({ name, group: 'spoof', bytes, mime, declaredMimeType, fileName, problems, warnings });
	const heic = other.isoMedia('heic', ['mif1', 'heic']);
	spoof('spoof-jpeg-as-pdf', jBase, JPEG, 'application/pdf', 'receipt.pdf', [], ['MIME_MISMATCH', 'EXTENSION_MISMATCH']);
	spoof('spoof-png-as-jpeg', pngRgb, PNG, 'image/jpeg', 'scan.jpg', [], ['MIME_MISMATCH', 'EXTENSION_MISMATCH']);
	spoof('spoof-pdf-as-png', plClassic, PDF, 'image/png', 'receipt.png', [], ['MIME_MISMATCH', 'EXTENSION_MISMATCH']);
	spoof('spoof-pdf-declared-pdf-named-jpg', plClassic, PDF, 'application/pdf', 'receipt.JPG', [], ['EXTENSION_MISMATCH']);
	spoof('spoof-pdf-declared-jpeg-named-pdf', plClassic, PDF, 'image/jpeg', 'receipt.pdf', [], ['MIME_MISMATCH']);
	spoof('label-image-jpg-is-jpeg', jBase, JPEG, 'image/jpg', 'photo.JPG', [], []);
	spoof('label-image-pjpeg-jpeg-ext', jBase, JPEG, 'image/pjpeg', 'photo.jpeg', [], []);
	spoof('label-uppercase-with-parameters', jBase, JPEG, 'IMAGE/JPEG; charset=binary', 'Photo.Jfif', [], []);
	spoof('label-octet-stream-is-no-claim', plClassic, PDF, 'application/octet-stream', 'download', [], []);
	spoof('label-empty-declared-type', plClassic, PDF, '', undefined, [], []);
	spoof('label-x-pdf-alias', plClassic, PDF, 'application/x-pdf', 'a.pdf', [], []);
	spoof('label-x-png-alias', pngRgb, PNG, 'image/x-png', 'a.png', [], []);
	spoof('label-unknown-extension-no-claim', plClassic, PDF, undefined, 'scan.dat', [], []);
	spoof('label-unknown-declared-type', plClassic, PDF, 'application/x-custom-receipt', undefined, [], ['MIME_MISMATCH']);
	spoof('spoof-heic-as-jpeg', heic, 'image/heic', 'image/jpeg', 'IMG_0001.jpg', ['UNSUPPORTED_TYPE'], ['MIME_MISMATCH', 'EXTENSION_MISMATCH']);
	spoof('label-heic-declared-heif', heic, 'image/heic', 'image/heif', 'IMG_0001.HEIC', ['UNSUPPORTED_TYPE'], []);
	spoof('spoof-exe-double-extension', other.pe(), 'application/x-msdownload', 'application/pdf', 'invoice.pdf.exe', ['UNSUPPORTED_TYPE'], ['MIME_MISMATCH']);
	spoof('spoof-pdf-double-extension', plClassic, PDF, undefined, 'invoice.pdf.exe', [], ['EXTENSION_MISMATCH']);
	spoof('spoof-html-as-pdf', other.utf8(other.TEXTS.html), 'text/html', 'application/pdf', 'receipt.pdf', ['UNSUPPORTED_TYPE'], ['MIME_MISMATCH', 'EXTENSION_MISMATCH']);
	spoof('spoof-docx-as-pdf', other.docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/pdf', 'invoice.pdf', ['UNSUPPORTED_TYPE'], [
		'MIME_MISMATCH',
		'EXTENSION_MISMATCH',
	]);
	spoof('label-docx-declared-zip', other.docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/zip', 'invoice.docx', ['UNSUPPORTED_TYPE'], []);
	spoof('spoof-xlsx-named-docx', other.xlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', undefined, 'report.docx', ['UNSUPPORTED_TYPE'], ['EXTENSION_MISMATCH']);
	spoof('label-svg-declared-xml', other.utf8(other.TEXTS.svgXml), 'image/svg+xml', 'text/xml', 'logo.svg', ['UNSUPPORTED_TYPE'], []);
	spoof('spoof-random-as-jpeg', noise, null, 'image/jpeg', 'photo.jpg', ['UNSUPPORTED_TYPE'], ['MIME_MISMATCH', 'EXTENSION_MISMATCH']);
	spoof('label-text-as-text', other.utf8(other.TEXTS.receipt), 'text/plain', 'text/plain', 'notes.txt', ['UNSUPPORTED_TYPE'], []);
	spoof('spoof-encrypted-pdf-as-jpeg', rawPdf({ trailerExtra: `/Encrypt ${HAND_ENCRYPT_DICT} ${HAND_ID} ` }), PDF, 'image/jpeg', 'scan.jpeg', ['ENCRYPTED_PDF'], [
		'MIME_MISMATCH',
		'EXTENSION_MISMATCH',
	]);
	spoof('spoof-truncated-jpeg-as-png', cut(jBase, jBase.length / 2), JPEG, 'image/png', 'x.png', ['CORRUPT_FILE'], ['MIME_MISMATCH', 'EXTENSION_MISMATCH']);
	spoof('label-path-in-file-name', jBase, JPEG, undefined, 'C:\\Users\\me\\Receipts.pdf\\photo.jpg', [], []);

	// ---------------------------------------------------------------- empty and size limits
	add({ name: 'empty-file', group: 'empty', bytes: new Uint8Array(0), problems: ['EMPTY_FILE'], mime: null, oracleNote: { fileType: 'empty' } });
	add({ name: 'empty-file-declared-pdf', group: 'empty', bytes: new Uint8Array(0), declaredMimeType: 'application/pdf', fileName: 'r.pdf', problems: ['EMPTY_FILE'], mime: null, oracleNote: { fileType: 'empty' } });
	const exact = pdfOfSize(10 * 1024 * 1024);
	add({ name: 'size-exactly-10-MiB-pdf', group: 'size', bytes: exact, problems: [], mime: PDF });
	add({ name: 'size-10-MiB-plus-1-pdf', group: 'size', bytes: pdfOfSize(10 * 1024 * 1024 + 1), problems: ['FILE_TOO_LARGE'], mime: PDF });
	add({ name: 'size-lowered-cap-png', group: 'size', bytes: pngRgb, maxBytes: 1000, problems: ['FILE_TOO_LARGE'], mime: PNG });
	add({ name: 'size-lowered-cap-exact-fit', group: 'size', bytes: pngRgb, maxBytes: pngRgb.length, problems: [], mime: PNG });
	add({ name: 'size-cap-cannot-be-raised', group: 'size', bytes: pdfOfSize(10 * 1024 * 1024 + 1), maxBytes: 50 * 1024 * 1024, problems: ['FILE_TOO_LARGE'], mime: PDF });
	add({
		name: 'size-too-large-and-encrypted',
		group: 'size',
		bytes: rawPdf({ trailerExtra: `/Encrypt ${HAND_ENCRYPT_DICT} ${HAND_ID} ` }),
		maxBytes: 100,
		problems: ['FILE_TOO_LARGE', 'ENCRYPTED_PDF'],
		mime: PDF,
	});
	add({ name: 'size-too-large-heic', group: 'size', bytes: heic, maxBytes: 10, problems: ['FILE_TOO_LARGE', 'UNSUPPORTED_TYPE'], mime: 'image/heic' });
	add({ name: 'size-too-large-truncated-jpeg', group: 'size', bytes: cut(jBase, 100), maxBytes: 50, problems: ['FILE_TOO_LARGE', 'CORRUPT_FILE'], mime: JPEG });

	return entries;
}

/** A valid PDF of exactly `size` bytes (a single page whose content stream is padded with a comment). */
export function pdfOfSize(size: number): Uint8Array {
	const make = (padding: number) => {
		const content = `BT /F1 18 Tf 72 720 Td (Big receipt) Tj ET\n%${'x'.repeat(padding)}`;
		const objects = simpleObjects();
		objects[3] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
		return rawPdf({ objects });
	};
	const first = make(size - 1000);
	const second = make(size - 1000 + (size - first.length));
	if (second.length !== size) throw new Error(`pdfOfSize: got ${second.length}, wanted ${size}`);
	return second;
}
