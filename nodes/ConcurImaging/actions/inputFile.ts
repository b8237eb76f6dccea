import type { IBinaryData, IDataObject } from 'n8n-workflow';

import { inputError } from '../errors';
import type { ProblemCode, ReceiptFileVerdict } from '../validation';
import { CONCUR_MAX_FILE_BYTES, validateReceiptFile } from '../validation';
import { releaseBuffer } from '../transport/release';
import { optionsOf } from './parameters';
import type { ItemContext } from './types';

export interface InputFile {
	binaryPropertyName: string;
	binary: IBinaryData;
	bytes: Buffer;
	verdict: ReceiptFileVerdict;
}

export interface CheckedFile extends InputFile {
	fileName: string;
	/** What Concur gets as Content-Type: the type found in the bytes. */
	mimeType: string;
}

/**
 * Reads the file named by the Input Binary Field (through n8n's helpers, so every binary mode works) and gives
 * the verdict on it. A missing field is MISSING_BINARY.
 */
export async function readInputFile(context: ItemContext): Promise<InputFile> {
	const { fn, itemIndex } = context;
	const binaryPropertyName = fn.getNodeParameter('binaryPropertyName', itemIndex) as string;
	let binary: IBinaryData;
	let bytes: Buffer;
	try {
		binary = fn.helpers.assertBinaryData(itemIndex, binaryPropertyName);
		bytes = await fn.helpers.getBinaryDataBuffer(itemIndex, binaryPropertyName);
	} catch (error) {
		throw inputError(fn.getNode(), { message: (error as Error).message, itemIndex }, { code: 'MISSING_BINARY' }, error as Error);
	}
	const maxMb = Number(optionsOf(context).maxFileSizeMb ?? 10);
	const verdict = validateReceiptFile(bytes, {
		declaredMimeType: binary.mimeType,
		fileName: binary.fileName,
		maxBytes: Math.min(CONCUR_MAX_FILE_BYTES, Math.floor(maxMb * 1024 * 1024)),
	});
	return { binaryPropertyName, binary, bytes, verdict };
}

/**
 * Reads the item's file and checks it the way Concur would, before anything is sent. An invalid file stops here
 * with its problem code, so the flow can route it. `rules` adds what one API documents on top of the verdict
 * (apiFileRules.ts).
 */
export async function readCheckedFile(
	context: ItemContext,
	rules?: (verdict: ReceiptFileVerdict) => ReceiptFileVerdict,
): Promise<CheckedFile> {
	const read = await readInputFile(context);
	const file = rules ? { ...read, verdict: rules(read.verdict) } : read;
	const { verdict } = file;
	const fileName = file.binary.fileName ?? `${file.binaryPropertyName}.${verdict.detectedExtension ?? 'bin'}`;
	if (!verdict.valid) {
		// Never sent: its memory goes now, not at a full GC (a batch of refused files would pile up otherwise).
		releaseBuffer(file.bytes);
		const [first] = verdict.problems;
		throw inputError(
			context.fn.getNode(),
			{
				message: `File "${fileName}" was not sent to Concur: ${first.code}`,
				description: verdict.problems.map((problem) => problem.message).join(' '),
				itemIndex: context.itemIndex,
			},
			{
				code: first.code as ProblemCode,
				fileName,
				detectedMimeType: verdict.detectedMimeType ?? undefined,
				problems: verdict.problems,
			},
		);
	}
	return { ...file, fileName, mimeType: verdict.detectedMimeType as string };
}

/**
 * The output of a successful upload: what went where, with the fingerprint an audit trail needs. Concur has
 * answered with success, so the file's bytes were all sent and nothing reads them again: they are freed here
 * (releaseBuffer), not left for a full garbage collection. The buffer is the node's own: n8n's
 * getBinaryDataBuffer reads a fresh one in every binary mode (a file read, a download, a base64 decode).
 */
export function uploadOutput(
	context: ItemContext,
	file: CheckedFile,
	result: { id?: string; uri?: string; resource: string; targetId?: string },
) {
	releaseBuffer(file.bytes);
	const json: IDataObject = {
		id: result.id ?? result.targetId ?? null,
		...(result.uri ? { uri: result.uri } : {}),
		resource: result.resource,
		...(result.targetId ? { targetId: result.targetId } : {}),
		fileName: file.fileName,
		mimeType: file.mimeType,
		fileSize: file.verdict.fileSize,
		sha256: file.verdict.sha256,
	};
	if (file.verdict.warnings.length) json.warnings = file.verdict.warnings as unknown as IDataObject[];
	return [{ json, binary: context.item.binary }];
}
