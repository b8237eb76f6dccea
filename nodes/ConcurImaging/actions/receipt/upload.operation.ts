import { IMAGE_V1, RECEIPT_IMAGES_V3 } from '../../api/paths';
import { parseImageLink } from '../../api/responses';
import { binaryPropertyField, callOptions, maxFileSizeOption, optionsCollection } from '../fields';
import { readCheckedFile, uploadOutput } from '../inputFile';
import { sendOnce, skipAlreadySentOptions } from '../sendOnce';
import { receiptApi, userQuery } from '../parameters';
import type { OperationModule } from '../types';
import { apiOption, userOption } from './fields';

/**
 * Puts the file in the user's Available Receipts: Receipt Images v3 (200 with `ID` and `URI`) by default, or
 * Image v1 `POST /receipt` (201 with `<Image><Id/>`), as the API option says.
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
			apiOption,
			maxFileSizeOption,
			userOption,
			...skipAlreadySentOptions,
			...callOptions,
		]),
	],
	sendsFiles: true,
	async execute(context) {
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
