import type { IDataObject, INode } from 'n8n-workflow';

import { parseImageLink } from '../api/responses';
import { apiError, inputError } from '../errors';
import type { CallContext } from '../errors/fromConcur';
import type { ConcurClient, DownloadedFile } from '../transport';
import { validateReceiptFile } from '../validation';
import { optionsOf } from './parameters';
import type { ConcurItemContext, OutputItem } from './types';

/** Concur documents image URLs as valid for 15 minutes (older pages say 30): report the shorter. */
const IMAGE_URL_TTL_MS = 15 * 60 * 1000;

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

/** Extensions for types the image host may name but the file check does not detect. */
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

/** The image's short-lived link and when it stops working. */
export interface ImageLinkInfo {
	id: string | undefined;
	url: string;
	urlExpiresAt: string;
}

/** Asks Concur for the image's short-lived URL; NOT_FOUND when the object has no image. */
export async function requestImageLink(client: ConcurClient, node: INode, itemIndex: number, target: ImageTarget): Promise<ImageLinkInfo> {
	const fetchedAt = Date.now();
	const response = await client.request(
		itemIndex,
		{ method: 'GET', path: target.path, qs: target.qs, accept: target.accept, repeatable: true },
		target.call,
	);
	const link = parseImageLink(response.body, response.contentType);
	if (!link.url) {
		throw inputError(
			node,
			{
				message: `Concur returned no image URL for ${target.call.target} "${target.call.id}"`,
				description: 'The object exists but has no image yet. Upload one first, or check the ID.',
				itemIndex,
			},
			{ code: 'NOT_FOUND' },
		);
	}
	return { id: link.id ?? target.call.id, url: link.url, urlExpiresAt: urlExpiry(link.url, fetchedAt) };
}

/**
 * Fetches the image behind a link (without the Concur Authorization header); an expired link is requested again
 * once. Returns the link that worked and the file.
 */
export async function downloadImageOf(
	client: ConcurClient,
	node: INode,
	itemIndex: number,
	target: ImageTarget,
	first: ImageLinkInfo,
): Promise<{ link: ImageLinkInfo; file: DownloadedFile }> {
	let link = first;
	let file = await client.download(itemIndex, link.url, target.call);
	if ([401, 403, 404, 410].includes(file.statusCode)) {
		link = await requestImageLink(client, node, itemIndex, target);
		file = await client.download(itemIndex, link.url, target.call);
	}
	if (file.statusCode !== 200) {
		throw apiError(
			node,
			{
				message: `The image of ${target.call.target} "${target.call.id}" could not be downloaded (HTTP ${file.statusCode})`,
				description: 'The short-lived link failed twice. Run the item again; if it persists, turn Download off and fetch the URL yourself.',
				itemIndex,
			},
			{ code: 'IMAGE_DOWNLOAD_FAILED' },
		);
	}
	return { link, file };
}

/** What a downloaded image is: its real type (from the bytes), a file name and its checksum. */
export function describeImage(file: DownloadedFile, link: ImageLinkInfo, target: ImageTarget, chosenName = '') {
	const verdict = validateReceiptFile(file.body, { declaredMimeType: file.contentType });
	const mimeType = verdict.detectedMimeType ?? file.contentType ?? 'application/octet-stream';
	const extension = verdict.detectedExtension ?? EXTENSIONS[mimeType] ?? 'bin';
	const safeId = String(link.id ?? target.call.id ?? 'image').replace(/[^A-Za-z0-9._-]+/g, '_');
	const fileName = chosenName.trim() || file.fileName || `${safeId}.${extension}`;
	return { fileName, mimeType, fileSize: file.body.length, sha256: verdict.sha256 };
}

/**
 * Gets an image: asks Concur for the short-lived URL and, when Download is on, fetches it at once (without the
 * Concur Authorization header) and returns it as an n8n file with its real type. An expired link is requested
 * again once.
 */
export async function getImage(context: ConcurItemContext, target: ImageTarget): Promise<OutputItem[]> {
	const { fn, client, itemIndex, item } = context;
	const node = fn.getNode();
	const download = fn.getNodeParameter('download', itemIndex, true) as boolean;
	const first = await requestImageLink(client, node, itemIndex, target);
	const base: IDataObject = { id: first.id ?? null, resource: target.resource, targetId: target.call.id ?? null };
	// The input's files stay on the item, as with Download on.
	if (!download) return [{ json: { ...base, url: first.url, urlExpiresAt: first.urlExpiresAt }, binary: item.binary }];

	const { link, file } = await downloadImageOf(client, node, itemIndex, target, first);
	const described = describeImage(file, link, target, String(optionsOf(context).fileName ?? ''));
	const outputField = fn.getNodeParameter('outputBinaryPropertyName', itemIndex, 'data') as string;
	const binary = await fn.helpers.prepareBinaryData(file.body, described.fileName, described.mimeType);
	return [
		{
			json: { ...base, url: link.url, urlExpiresAt: link.urlExpiresAt, ...described },
			// Existing files on the item stay; the input item itself is not touched.
			binary: { ...(item.binary ?? {}), [outputField]: binary },
		},
	];
}
