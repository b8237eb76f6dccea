import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseImageLink } from '../api/responses';
import type { CallContext, ConcurClient } from '../transport';
import { withCode } from '../transport';
import type { ReceiptFileVerdict } from '../validation';
import { CONCUR_MAX_FILE_BYTES, validateReceiptFile } from '../validation';

/** What an operation gets: n8n's context, the one Concur client of this run, and the item it works on. */
export interface OperationContext {
	fn: IExecuteFunctions;
	client: ConcurClient;
	item: INodeExecutionData;
	itemIndex: number;
}

export type Operation = (context: OperationContext) => Promise<INodeExecutionData[]>;

/** Concur documents image URLs as valid for 15 minutes (older pages say 30): report the shorter. */
const IMAGE_URL_TTL_MS = 15 * 60 * 1000;

const options = (context: OperationContext) =>
	context.fn.getNodeParameter('options', context.itemIndex, {}) as IDataObject;

/**
 * Reads an ID parameter. IDs go into the URL path, so they are checked and encoded: no value can change the
 * path or query of the request.
 */
export function idParameter(context: OperationContext, name: string, label: string): { raw: string; encoded: string } {
	const raw = String(context.fn.getNodeParameter(name, context.itemIndex, '') ?? '').trim();
	const problem = !raw
		? 'is empty'
		: raw.length > 256
			? 'is longer than 256 characters'
			: hasSpaceOrControl(raw)
				? 'contains spaces or control characters'
				: raw === '.' || raw === '..'
					? 'is not an ID'
					: undefined;
	if (problem) {
		throw withCode(
			new NodeOperationError(context.fn.getNode(), `The ${label} ${problem}`, {
				itemIndex: context.itemIndex,
				description: `Enter the ${label} as Concur shows it, or map it from an earlier node with an expression.`,
			}),
			'INVALID_ID',
		);
	}
	return { raw, encoded: encodeURIComponent(raw) };
}

const hasSpaceOrControl = (text: string) =>
	[...text].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f || /\s/.test(char));

/** Which receipt API the item uses: Receipt Images v3 unless the API option says Image v1. */
export function receiptApi(context: OperationContext): 'receiptImagesV3' | 'imageV1' {
	return options(context).api === 'imageV1' ? 'imageV1' : 'receiptImagesV3';
}

/** The user to act for (v3 `user` query parameter), when set. */
export function userQuery(context: OperationContext): IDataObject | undefined {
	const user = String(options(context).user ?? '').trim();
	return user ? { user } : undefined;
}

export interface CheckedFile {
	bytes: Buffer;
	binary: IBinaryData;
	verdict: ReceiptFileVerdict;
	fileName: string;
	/** What Concur gets as Content-Type: the type found in the bytes. */
	mimeType: string;
}

/**
 * Reads the file named by the Input Binary Field (through n8n's helpers, so every binary mode works) and gives
 * the verdict on it. A missing field is MISSING_BINARY.
 */
export async function readInputFile(context: OperationContext) {
	const { fn, itemIndex } = context;
	const binaryPropertyName = fn.getNodeParameter('binaryPropertyName', itemIndex) as string;
	let binary: IBinaryData;
	let bytes: Buffer;
	try {
		binary = fn.helpers.assertBinaryData(itemIndex, binaryPropertyName);
		bytes = await fn.helpers.getBinaryDataBuffer(itemIndex, binaryPropertyName);
	} catch (error) {
		throw withCode(new NodeOperationError(fn.getNode(), error as Error, { itemIndex }), 'MISSING_BINARY');
	}
	return { binaryPropertyName, binary, bytes, verdict: checkFile(context, bytes, binary) };
}

/**
 * Reads the item's file and checks it the way Concur would, before anything is sent. An invalid file stops here
 * with its problem code, so the flow can route it.
 */
export async function readCheckedFile(context: OperationContext): Promise<CheckedFile> {
	const { fn, itemIndex } = context;
	const { binaryPropertyName, binary, bytes, verdict } = await readInputFile(context);
	const fileName = binary.fileName ?? `${binaryPropertyName}.${verdict.detectedExtension ?? 'bin'}`;
	if (!verdict.valid) {
		const [first] = verdict.problems;
		throw withCode(
			new NodeOperationError(fn.getNode(), `File "${fileName}" was not sent to Concur: ${first.code}`, {
				itemIndex,
				description: verdict.problems.map((problem) => problem.message).join(' '),
			}),
			first.code,
			{
				fileName,
				detectedMimeType: verdict.detectedMimeType ?? undefined,
				problems: verdict.problems as unknown as IDataObject[],
			},
		);
	}
	return { bytes, binary, verdict, fileName, mimeType: verdict.detectedMimeType as string };
}

export function checkFile(context: OperationContext, bytes: Buffer, binary: IBinaryData): ReceiptFileVerdict {
	const maxMb = Number(options(context).maxFileSizeMb ?? 10);
	const maxBytes = Math.min(CONCUR_MAX_FILE_BYTES, Math.floor(maxMb * 1024 * 1024));
	return validateReceiptFile(bytes, {
		declaredMimeType: binary.mimeType,
		fileName: binary.fileName,
		maxBytes,
	});
}

/** The output of a successful upload: what went where, with the fingerprint an audit trail needs. */
export function uploadResult(
	context: OperationContext,
	file: CheckedFile,
	result: { id?: string; uri?: string; resource: string; targetId?: string },
): INodeExecutionData[] {
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
	return [{ json, binary: context.item.binary, pairedItem: { item: context.itemIndex } }];
}

// Query parameters that carry an expiry epoch in pre-signed links (Concur's own `e` is an entity code, not a
// number, and is then ignored).
const EXPIRY_PARAMS = ['expires', 'Expires', 'exp', 'e'];

/** When a pre-signed URL stops working: from its own expiry parameter when it has one, else the documented TTL. */
export function urlExpiry(url: string, fetchedAt: number): string {
	try {
		const params = new URL(url).searchParams;
		for (const name of EXPIRY_PARAMS) {
			const value = Number(params.get(name));
			if (Number.isFinite(value) && value > 1e9) {
				return new Date(value > 1e12 ? value : value * 1000).toISOString();
			}
		}
	} catch {
		// not a URL we can read; fall back to the documented lifetime
	}
	return new Date(fetchedAt + IMAGE_URL_TTL_MS).toISOString();
}

const EXTENSIONS: Record<string, string> = {
	'application/pdf': 'pdf',
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/jpg': 'jpg',
	'image/tiff': 'tif',
	'image/gif': 'gif',
};

export interface ImageTarget {
	/** Path of the GET that answers with the image's id and short-lived URL. */
	path: string;
	resource: string;
	call: CallContext;
	/** Receipt Images v3 answers JSON or XML; Image v1 documents XML. */
	accept?: string;
	qs?: IDataObject;
}

/**
 * Gets an image: asks Concur for the short-lived URL and, when Download is on, fetches it at once (without the
 * Concur Authorization header) and returns it as an n8n file with its real type. An expired link is requested
 * again once.
 */
export async function getImage(context: OperationContext, target: ImageTarget): Promise<INodeExecutionData[]> {
	const { fn, client, itemIndex, item } = context;
	const download = fn.getNodeParameter('download', itemIndex, true) as boolean;
	const requestLink = async () => {
		const fetchedAt = Date.now();
		const response = await client.request(
			itemIndex,
			{ method: 'GET', path: target.path, qs: target.qs, accept: target.accept, repeatable: true },
			target.call,
		);
		const link = parseImageLink(response.body, String(response.headers['content-type'] ?? ''));
		if (!link.url) {
			throw withCode(
				new NodeOperationError(fn.getNode(), `Concur returned no image URL for ${target.call.target} "${target.call.id}"`, {
					itemIndex,
					description: 'The object exists but has no image yet. Upload one first, or check the ID.',
				}),
				'NOT_FOUND',
			);
		}
		return { id: link.id ?? target.call.id, url: link.url, urlExpiresAt: urlExpiry(link.url, fetchedAt) };
	};

	let link = await requestLink();
	const base: IDataObject = { id: link.id ?? null, resource: target.resource, targetId: target.call.id ?? null };
	if (!download) {
		return [{ json: { ...base, url: link.url, urlExpiresAt: link.urlExpiresAt }, pairedItem: { item: itemIndex } }];
	}

	let file = await client.download(itemIndex, link.url, target.call);
	if ([401, 403, 404, 410].includes(file.statusCode)) {
		link = await requestLink();
		file = await client.download(itemIndex, link.url, target.call);
	}
	if (file.statusCode !== 200) {
		throw withCode(
			new NodeOperationError(
				fn.getNode(),
				`The image of ${target.call.target} "${target.call.id}" could not be downloaded (HTTP ${file.statusCode})`,
				{ itemIndex, description: 'The short-lived link failed twice. Run the item again; if it persists, turn Download off and fetch the URL yourself.' },
			),
			'IMAGE_DOWNLOAD_FAILED',
		);
	}

	const verdict = validateReceiptFile(file.body, { declaredMimeType: file.contentType });
	const mimeType = verdict.detectedMimeType ?? file.contentType ?? 'application/octet-stream';
	const extension = verdict.detectedExtension ?? EXTENSIONS[mimeType] ?? 'bin';
	const chosenName = String((fn.getNodeParameter('options', itemIndex, {}) as IDataObject).fileName ?? '').trim();
	const safeId = String(link.id ?? target.call.id ?? 'image').replace(/[^A-Za-z0-9._-]+/g, '_');
	const fileName = chosenName || file.fileName || `${safeId}.${extension}`;
	const outputField = fn.getNodeParameter('outputBinaryPropertyName', itemIndex, 'data') as string;
	const binary = await fn.helpers.prepareBinaryData(file.body, fileName, mimeType);

	return [
		{
			json: {
				...base,
				url: link.url,
				urlExpiresAt: link.urlExpiresAt,
				fileName,
				mimeType,
				fileSize: file.body.length,
				sha256: verdict.sha256,
			},
			// Existing files on the item stay; the input item itself is not touched.
			binary: { ...(item.binary ?? {}), [outputField]: binary },
			pairedItem: { item: itemIndex },
		},
	];
}

export const V1_BASE = '/api/image/v1.0';
export const V3_RECEIPTS = '/api/v3.0/expense/receiptimages';
