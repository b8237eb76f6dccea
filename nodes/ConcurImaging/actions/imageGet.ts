import type { IDataObject, INode } from 'n8n-workflow';

import { parseImageLink } from '../api/responses';
import { apiError, inputError } from '../errors';
import type { CallContext } from '../errors/fromConcur';
import type { ConcurClient, DownloadedFile, ImageStream } from '../transport';
import { detectReceiptFileType, validateReceiptFile } from '../validation';
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
 * Streams the image behind a link (without the Concur Authorization header) into `store`; an expired link is
 * requested again once. Returns the link that worked and what `store` returned.
 */
export async function streamImageOf<T>(
	client: ConcurClient,
	node: INode,
	itemIndex: number,
	target: ImageTarget,
	first: ImageLinkInfo,
	store: (image: ImageStream, link: ImageLinkInfo) => Promise<T>,
): Promise<{ link: ImageLinkInfo; stored: T }> {
	let link = first;
	let outcome = await client.downloadTo(itemIndex, link.url, target.call, async (image) => await store(image, link));
	if ([401, 403, 404, 410].includes(outcome.statusCode)) {
		link = await requestImageLink(client, node, itemIndex, target);
		const again = link;
		outcome = await client.downloadTo(itemIndex, again.url, target.call, async (image) => await store(image, again));
	}
	if (outcome.statusCode !== 200 || outcome.stored === undefined) {
		throw apiError(
			node,
			{
				message: `The image of ${target.call.target} "${target.call.id}" could not be downloaded (HTTP ${outcome.statusCode})`,
				description: 'The short-lived link failed twice. Run the item again; if it persists, turn Download off and fetch the URL yourself.',
				itemIndex,
			},
			{ code: 'IMAGE_DOWNLOAD_FAILED' },
		);
	}
	return { link, stored: outcome.stored };
}

/** The image behind a link, whole in memory (the trigger); see streamImageOf. */
export async function downloadImageOf(
	client: ConcurClient,
	node: INode,
	itemIndex: number,
	target: ImageTarget,
	first: ImageLinkInfo,
): Promise<{ link: ImageLinkInfo; file: DownloadedFile }> {
	const { link, stored } = await streamImageOf(client, node, itemIndex, target, first, async (image) => {
		const chunks: Buffer[] = [];
		for await (const chunk of image.body as AsyncIterable<Buffer>) chunks.push(chunk);
		return { statusCode: 200, body: Buffer.concat(chunks), contentType: image.contentType, fileName: image.fileName };
	});
	return { link, file: stored };
}

/** Name and type of an image from its first bytes and what the image host said (sniffing needs only a prefix). */
function nameImage(head: Buffer, hint: { contentType?: string; fileName?: string }, link: ImageLinkInfo, target: ImageTarget, chosenName: string) {
	const detected = detectReceiptFileType(head);
	const mimeType = detected?.mime ?? hint.contentType ?? 'application/octet-stream';
	const extension = detected?.ext ?? EXTENSIONS[mimeType] ?? 'bin';
	const safeId = String(link.id ?? target.call.id ?? 'image').replace(/[^A-Za-z0-9._-]+/g, '_');
	return { fileName: chosenName.trim() || hint.fileName || `${safeId}.${extension}`, mimeType };
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

	const chosenName = String(optionsOf(context).fileName ?? '');
	// Streamed into n8n's binary store: named and typed from the first bytes, hashed and counted on the way.
	const { link, stored } = await streamImageOf(client, node, itemIndex, target, first, async (image, used) => {
		const named = nameImage(image.head, image, used, target, chosenName);
		const binary = await fn.helpers.prepareBinaryData(image.body, named.fileName, named.mimeType);
		const { size, sha256 } = image.digest();
		return { binary, described: { ...named, fileSize: size, sha256 } };
	});
	const outputField = fn.getNodeParameter('outputBinaryPropertyName', itemIndex, 'data') as string;
	return [
		{
			json: { ...base, url: link.url, urlExpiresAt: link.urlExpiresAt, ...stored.described },
			// Existing files on the item stay; the input item itself is not touched.
			binary: { ...(item.binary ?? {}), [outputField]: stored.binary },
		},
	];
}
