// Receipt file validation: decides from the bytes alone whether SAP Concur's Imaging service will accept a
// receipt or invoice file (PDF, PNG or JPEG, at most 10 MB, PDFs not encrypted), and says what is wrong in
// words a non-programmer can act on. Pure and dependency-free (only `crypto`): no n8n import, no I/O.
//
// Cost: the checks read a bounded prefix, a bounded tail and the structures those point to (PDF trailers and
// cross-reference sections, PNG chunk headers, JPEG marker segments); they never decompress, never load the
// PDF document, never copy the input. Every check counts its work (bytes.ts) and is linear in the file size
// whatever the bytes are; a file over Concur's 10 MB gets its type named but no structural check. See README.md
// in this folder for the codes.

import { createHash } from 'crypto';

import { ByteView } from './bytes';
import { claimedFamily, extensionDisagrees, fileExtension, mimeTypeDisagrees, normalizeMimeType } from './declared';
import { checkJpeg } from './jpeg';
import * as messages from './messages';
import { checkPdf } from './pdf';
import { checkPng } from './png';
import { sniff } from './sniff';
import type { CorruptReason, Detection, ProblemCode, ReceiptFileVerdict, ValidateOptions, ValidationIssue, WarningCode } from './types';

export type { Detection, ProblemCode, ReceiptFileVerdict, ValidateOptions, ValidationIssue, WarningCode } from './types';

/**
 * Concur's Imaging documentation says "The maximum file size allowed is 10 MB" without defining the unit. We
 * read it as 10 MiB = 10 × 1024 × 1024 = 10,485,760 bytes, the way Windows, .NET (Concur's own C# example) and
 * most upload dialogs count megabytes. It applies to the raw file bytes (not to a base64 encoding of them).
 * A workflow that wants the stricter decimal reading can pass `maxBytes: 10_000_000`.
 */
export const CONCUR_MAX_FILE_BYTES = 10 * 1024 * 1024;

/** MIME types Concur's Imaging service accepts, as detected (`image/jpg` is treated as `image/jpeg`). */
export const CONCUR_ACCEPTED_MIME_TYPES: readonly string[] = ['application/pdf', 'image/png', 'image/jpeg'];
const ACCEPTED_FAMILIES = new Set(['pdf', 'png', 'jpeg']);

/**
 * Validates a receipt/invoice file for upload to Concur. Never throws for any content; the verdict lists every
 * problem found (e.g. both FILE_TOO_LARGE and ENCRYPTED_PDF) and the warnings.
 */
export function validateReceiptFile(bytes: Uint8Array, options: ValidateOptions = {}): ReceiptFileVerdict {
	return validate(bytes, options).verdict;
}

/**
 * Internal, for tests and benchmarks: the verdict and the work units the checks spent on the bytes (see
 * bytes.ts: about one unit per byte a loop steps over, plus a fixed cost per native search). Tests bound it per
 * input byte, which bounds the time on any machine.
 */
export function measureValidationWork(bytes: Uint8Array, options: ValidateOptions = {}): { verdict: ReceiptFileVerdict; work: number } {
	return validate(bytes, options);
}

function validate(bytes: Uint8Array, options: ValidateOptions): { verdict: ReceiptFileVerdict; work: number } {
	const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes as ArrayBufferLike);
	const fileSize = data.byteLength;
	const declaredMimeType = typeof options.declaredMimeType === 'string' && options.declaredMimeType.trim() !== '' ? options.declaredMimeType.trim() : null;
	const fileName = typeof options.fileName === 'string' && options.fileName.trim() !== '' ? options.fileName : null;
	const sha256 = options.computeSha256 === false ? '' : createHash('sha256').update(data).digest('hex');
	const problems: ValidationIssue[] = [];
	const warnings: ValidationIssue[] = [];
	const problem = (code: ProblemCode, message: string) => problems.push({ code, message });
	const warn = (code: WarningCode, message: string) => warnings.push({ code, message });
	const verdictOf = (detected: Pick<Detection, 'mime' | 'ext' | 'kind'>): ReceiptFileVerdict => ({
		valid: problems.length === 0,
		detectedMimeType: detected.mime,
		detectedExtension: detected.ext,
		detectedKind: detected.kind,
		declaredMimeType,
		fileName,
		fileSize,
		sha256,
		problems,
		warnings,
	});

	if (fileSize === 0) {
		problem('EMPTY_FILE', messages.emptyFile());
		return { verdict: verdictOf({ mime: null, ext: null, kind: 'empty file' }), work: 0 };
	}

	const v = new ByteView(data);
	const detected = sniff(v);
	const cap = effectiveCap(options.maxBytes);
	if (fileSize > cap) problem('FILE_TOO_LARGE', messages.fileTooLarge(fileSize, cap, cap === CONCUR_MAX_FILE_BYTES));

	const normalizedMime = declaredMimeType === null ? null : normalizeMimeType(declaredMimeType);
	const ext = fileName === null ? null : fileExtension(fileName);

	let corrupt: CorruptReason | null = detected.damaged ?? null;
	// Over Concur's own limit the file is refused whatever it holds: its type is named, its structure not read.
	const structural = fileSize <= CONCUR_MAX_FILE_BYTES;
	if (!corrupt && !ACCEPTED_FAMILIES.has(detected.family)) {
		problem('UNSUPPORTED_TYPE', messages.unsupportedType(detected, claimedFamily(normalizedMime, ext)));
	} else if (!corrupt && structural) {
		if (detected.family === 'pdf') {
			const headerOffset = detected.pdfHeaderOffset ?? 0;
			const pdf = checkPdf(v, headerOffset);
			corrupt = pdf.corrupt;
			if (pdf.encrypted) problem('ENCRYPTED_PDF', messages.encryptedPdf());
			if (headerOffset > 0) warn('PDF_HEADER_OFFSET', messages.pdfHeaderOffset(headerOffset));
			if (pdf.repaired && !corrupt) warn('PDF_XREF_REPAIRED', messages.pdfXrefRepaired());
		} else if (detected.family === 'png') {
			corrupt = checkPng(v);
		} else {
			corrupt = checkJpeg(v);
		}
	}
	if (corrupt) problem('CORRUPT_FILE', messages.corruptFile(corrupt));

	if (declaredMimeType !== null && normalizedMime !== null && mimeTypeDisagrees(normalizedMime, detected)) {
		warn('MIME_MISMATCH', messages.mimeMismatch(declaredMimeType, detected));
	}
	if (fileName !== null && ext !== null && extensionDisagrees(ext, detected)) {
		warn('EXTENSION_MISMATCH', messages.extensionMismatch(fileName, ext, detected));
	}

	return { verdict: verdictOf(detected), work: v.work };
}

/** The cap in force: CONCUR_MAX_FILE_BYTES, lowered by a finite, non-negative `maxBytes` (never raised). */
function effectiveCap(maxBytes: number | undefined): number {
	if (typeof maxBytes !== 'number' || !Number.isFinite(maxBytes) || maxBytes < 0) return CONCUR_MAX_FILE_BYTES;
	return Math.min(CONCUR_MAX_FILE_BYTES, Math.floor(maxBytes));
}

/** Internal detection, exported for tests and tooling that want the type without the full verdict. */
export function detectReceiptFileType(bytes: Uint8Array): Detection | null {
	return bytes.byteLength === 0 ? null : sniff(new ByteView(bytes));
}
