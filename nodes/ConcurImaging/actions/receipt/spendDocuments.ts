import type { IDataObject } from 'n8n-workflow';

import { isUuid } from '../../api/identity';
import { SPEND_DOCUMENTS_V4_RECEIPTS } from '../../api/paths';
import { parseSpendDocumentCreated, parseSpendDocumentReceipt, pathUnder } from '../../api/v4';
import { inputError } from '../../errors';
import { multipartBody } from '../../transport/multipart';
import { validateReceiptFile } from '../../validation';
import type { CheckedFile } from '../inputFile';
import { uploadOutput } from '../inputFile';
import { idParameter, optionsOf } from '../parameters';
import type { ConcurItemContext, OutputItem } from '../types';
import { resolveUser } from '../users';

/**
 * Spend Documents v4: POST a receipt (multipart: `receipt` metadata JSON and the file) to the user's Available
 * Receipts, and GET a receipt's display or compliance document as a file, by receipt ID or by image ID.
 */

const actFor = (context: ConcurItemContext) => String(optionsOf(context).user ?? '');

/** The upload: metadata as Concur's example sends it (`origin`/`provider` "vendor", `feature` "simplereceipt"). */
export async function uploadToSpendDocuments(context: ConcurItemContext, file: CheckedFile): Promise<OutputItem[]> {
	const user = await resolveUser(context, actFor(context), 'Act for User (Login ID) option, which Spend Documents V4 needs,', true);
	const metadata = { userId: user.id, companyId: user.companyId, origin: 'vendor', provider: 'vendor', feature: 'simplereceipt' };
	const filePart = optionsOf(context).spendDocumentsFilePart === 'image' ? 'image' : 'document';
	const { body, contentType } = multipartBody([
		// `receipt` is an object (the request table), so it travels as application/json.
		{ name: 'receipt', data: JSON.stringify({ metadata }), contentType: 'application/json' },
		{ name: filePart, data: file.bytes, fileName: file.fileName, contentType: file.mimeType },
	]);
	const response = await context.client.request(
		context.itemIndex,
		{ method: 'POST', path: SPEND_DOCUMENTS_V4_RECEIPTS, body, contentType, accept: 'application/json', repeatable: false },
		{ target: 'receipt', action: 'upload' },
	);
	const created = parseSpendDocumentCreated(response.body, response.contentType);
	const [output] = uploadOutput(context, file, { id: created.id, uri: created.href, resource: 'receipt' });
	output.json = { ...output.json, imageId: created.imageId ?? null, userId: user.id, api: 'spendDocumentsV4' };
	return [output];
}

/** The receipt (metadata and documents) by its receipt UUID, or by image ID and company UUID. */
export async function getFromSpendDocuments(context: ConcurItemContext): Promise<OutputItem[]> {
	const { fn, client, itemIndex, item } = context;
	const id = idParameter(context, 'receiptId', 'receipt ID');
	const options = optionsOf(context);
	const call = { target: 'receipt', id: id.raw, action: 'get' };
	let qs: IDataObject | undefined;
	if (!isUuid(id.raw)) {
		let companyId = String(options.companyId ?? '').trim();
		if (!companyId && actFor(context).trim()) companyId = (await resolveUser(context, actFor(context), 'Act for User (Login ID) option', true)).companyId ?? '';
		if (!isUuid(companyId)) {
			throw inputError(
				fn.getNode(),
				{
					message: 'Getting a receipt by image ID needs the company UUID',
					description: 'Set the Company UUID option, or Act for User to a user of the company; or pass the receipt ID (a UUID) instead.',
					itemIndex,
				},
				{ code: 'INVALID_PARAMETER' },
			);
		}
		qs = { imageId: id.raw, companyId };
	}
	const path = qs ? SPEND_DOCUMENTS_V4_RECEIPTS : `${SPEND_DOCUMENTS_V4_RECEIPTS}/${id.encoded}`;
	const answer = await client.request(itemIndex, { method: 'GET', path, qs, accept: 'application/json', repeatable: true }, call);
	const receipt = parseSpendDocumentReceipt(answer.body, answer.contentType);
	const receiptId = receipt.id ?? (qs ? undefined : id.raw);
	const representation = options.representation === 'compliance' ? 'compliance' : 'display';
	const base: IDataObject = {
		id: receiptId ?? null,
		imageId: receipt.imageId ?? null,
		userId: receipt.userId ?? null,
		resource: 'receipt',
		representation,
		documents: receipt.documents as unknown as IDataObject[],
	};
	if (!fn.getNodeParameter('download', itemIndex, true)) return [{ json: base, binary: item.binary }];

	const document = receipt.documents.find((doc) => doc.representation === representation);
	// The document's own link, if it is one of this API's paths; else the documented template.
	const documentPath =
		pathUnder(document?.href, SPEND_DOCUMENTS_V4_RECEIPTS) ??
		(receiptId
			? `${SPEND_DOCUMENTS_V4_RECEIPTS}/${encodeURIComponent(receiptId)}/representations?type=${representation}`
			: `${SPEND_DOCUMENTS_V4_RECEIPTS}?${new URLSearchParams({ ...(qs as Record<string, string>), type: representation })}`);
	const file = await client.request(
		itemIndex,
		{ method: 'GET', path: documentPath, accept: 'application/pdf, image/*;q=0.9, */*;q=0.1', repeatable: true },
		{ ...call, action: `get the ${representation} document of` },
	);
	const verdict = validateReceiptFile(file.body, { declaredMimeType: file.contentType });
	const mimeType = verdict.detectedMimeType ?? (file.contentType || 'application/octet-stream');
	const chosen = String(options.fileName ?? '').trim();
	const fileName = chosen || document?.name || `${(receiptId ?? id.raw).replace(/[^A-Za-z0-9._-]+/g, '_')}.${verdict.detectedExtension ?? 'bin'}`;
	const outputField = fn.getNodeParameter('outputBinaryPropertyName', itemIndex, 'data') as string;
	const binary = await fn.helpers.prepareBinaryData(file.body, fileName, mimeType);
	return [
		{
			json: { ...base, fileName, mimeType, fileSize: file.body.length, sha256: verdict.sha256 },
			binary: { ...(item.binary ?? {}), [outputField]: binary },
		},
	];
}
