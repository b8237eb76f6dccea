import type { ReceiptFileVerdict } from '../validation';
import { CONCUR_MAX_FILE_BYTES } from '../validation';
import type { CheckedFile } from './inputFile';
import { readCheckedFile } from './inputFile';
import type { ItemContext } from './types';

/**
 * What each receipt API documents about the files it takes, applied on top of the file check's verdict (which
 * already allows only PDF, PNG and JPEG up to 10 MB, the Imaging limits every API shares). Where an API is
 * stricter, its rule refuses the file here, before anything is sent; where it is looser (TIFF, GIF, 25 or 50 MB)
 * the file check's limits still hold. Sources and disagreements: README, "Concur's v4 receipt APIs".
 */
export type UploadApi = 'imageV1' | 'receiptImagesV3' | 'spendDocumentsV4' | 'receiptsV4ImageOnly' | 'quickExpenseV4';

export interface ApiFileRule {
	/** The API as the error message names it. */
	label: string;
	/** MIME types the API documents. */
	types: readonly string[];
	/** The API's documented cap in bytes. */
	maxBytes: number;
}

const MB = 1024 * 1024;

export const API_FILE_RULES: Record<UploadApi, ApiFileRule> = {
	// Image v1 and Receipt Images v3: PDF, PNG, JPEG; 10 MB (the file check's own limits).
	imageV1: { label: 'Image v1', types: ['application/pdf', 'image/png', 'image/jpeg'], maxBytes: 10 * MB },
	receiptImagesV3: { label: 'Receipt Images v3', types: ['application/pdf', 'image/png', 'image/jpeg'], maxBytes: 10 * MB },
	// Spend Documents v4 POST: PDF, JPEG, PNG, GIF, JPG; no size documented (the Imaging 10 MB applies).
	spendDocumentsV4: { label: 'Spend Documents v4', types: ['application/pdf', 'image/jpeg', 'image/png', 'image/gif'], maxBytes: 10 * MB },
	// Receipts v4 "Supported Image Formats": png, jpg, jpeg, tiff, tif, gif, pdf; 25 MB.
	receiptsV4ImageOnly: {
		label: 'Receipts v4',
		types: ['image/png', 'image/jpeg', 'image/tiff', 'image/gif', 'application/pdf'],
		maxBytes: 25 * MB,
	},
	// Quick Expense v4 fileContent: PNG, PDF, TIFF, JPEG; 50 MB (reference page since 2024-10; the swagger still
	// says 5 MB and adds GIF).
	quickExpenseV4: { label: 'Quick Expense v4', types: ['image/png', 'application/pdf', 'image/tiff', 'image/jpeg'], maxBytes: 50 * MB },
};

/** The verdict with the API's own rules added: a type it does not list, or a file over its cap, is a problem. */
export function applyApiFileRules(verdict: ReceiptFileVerdict, api: UploadApi): ReceiptFileVerdict {
	const rule = API_FILE_RULES[api];
	const problems = [...verdict.problems];
	const has = (code: string) => problems.some((problem) => problem.code === code);
	if (verdict.detectedMimeType && !rule.types.includes(verdict.detectedMimeType) && !has('UNSUPPORTED_TYPE')) {
		problems.push({
			code: 'UNSUPPORTED_TYPE',
			message: `${rule.label} does not take ${verdict.detectedKind ?? verdict.detectedMimeType} files (it documents ${rule.types.join(', ')}).`,
		});
	}
	const cap = Math.min(rule.maxBytes, CONCUR_MAX_FILE_BYTES);
	if (verdict.fileSize > cap && !has('FILE_TOO_LARGE')) {
		problems.push({ code: 'FILE_TOO_LARGE', message: `${rule.label} takes files of at most ${cap} bytes; this one has ${verdict.fileSize}.` });
	}
	return problems.length === verdict.problems.length ? verdict : { ...verdict, valid: false, problems };
}

/** Reads the item's file, checked by the file check and then by the API's own rules. */
export async function readFileFor(context: ItemContext, api: UploadApi): Promise<CheckedFile> {
	return await readCheckedFile(context, (verdict) => applyApiFileRules(verdict, api));
}
