import { IMAGE_V1, RECEIPT_IMAGES_V3 } from '../../api/paths';
import { parseImageLink } from '../../api/responses';
import { binaryPropertyField, callOptions, maxFileSizeOption, optionsCollection } from '../fields';
import { readFileFor } from '../apiFileRules';
import { readCheckedFile, uploadOutput } from '../inputFile';
import { sendOnce, skipAlreadySentOptions } from '../sendOnce';
import { optionsOf, receiptApi, userQuery } from '../parameters';
import type { OperationModule } from '../types';
import { userOption } from './fields';
import { uploadImageOnly } from './imageOnly';
import { uploadToSpendDocuments } from './spendDocuments';
import { spendDocumentsFilePartOption, uploadApiOption, waitForProcessingOption } from './v4Fields';

/**
 * Puts the file in the user's Available Receipts: Receipt Images v3 (200 with `ID` and `URI`) by default, or
 * Image v1 `POST /receipt` (201 with `<Image><Id/>`), Spend Documents v4 or Receipts v4 (image-only receipt), as
 * the API option says.
 */
export const upload: OperationModule = {
	option: {
		name: 'Upload',
		value: 'upload',
		description: "Upload a receipt to the user's Available Receipts",
		action: 'Upload a receipt image',
	},
	fields: [
		binaryPropertyField(),
		optionsCollection([
			uploadApiOption,
			maxFileSizeOption,
			userOption,
			spendDocumentsFilePartOption,
			waitForProcessingOption,
			...skipAlreadySentOptions,
			...callOptions,
		]),
	],
	sendsFiles: true,
	async execute(context) {
		const api = optionsOf(context).api;
		if (api === 'spendDocumentsV4' || api === 'receiptsV4ImageOnly') {
			const checked = await readFileFor(context, api);
			const send = api === 'spendDocumentsV4' ? uploadToSpendDocuments : uploadImageOnly;
			const user = String(optionsOf(context).user ?? '').trim();
			return await sendOnce(context, checked, { resource: 'receipt', user }, async () => await send(context, checked));
		}
		const file = await readCheckedFile(context);
		const v1 = receiptApi(context) === 'imageV1';
		const user = v1 ? undefined : (userQuery(context)?.user as string | undefined);
		return await sendOnce(context, file, { resource: 'receipt', user }, async () => {
			const response = await context.client.request(
				context.itemIndex,
				{
					method: 'POST',
					path: v1 ? `${IMAGE_V1}/receipt` : RECEIPT_IMAGES_V3,
					qs: v1 ? undefined : userQuery(context),
					body: file.bytes,
					contentType: file.mimeType,
					accept: v1 ? 'application/xml' : 'application/json',
					repeatable: false,
				},
				{ target: 'receipt image', action: 'upload' },
			);
			const link = parseImageLink(response.body, response.contentType);
			return uploadOutput(context, file, { id: link.id, uri: link.url, resource: 'receipt' });
		});
	},
};
