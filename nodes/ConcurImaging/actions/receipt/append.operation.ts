import { RECEIPT_IMAGES_V3 } from '../../api/paths';
import { binaryPropertyField, callOptions, maxFileSizeOption, optionsCollection } from '../fields';
import { readCheckedFile, uploadOutput } from '../inputFile';
import { sendOnce, skipAlreadySentOptions } from '../sendOnce';
import { idParameter, userQuery } from '../parameters';
import type { OperationModule } from '../types';
import { receiptIdField, userOption } from './fields';

/** PUT a page onto a receipt image; Concur consolidates the receipt into one PDF. */
export const append: OperationModule = {
	option: {
		name: 'Append',
		value: 'append',
		description: 'Add a page to a receipt image; Concur turns it into one PDF',
		action: 'Append a page to a receipt image',
	},
	fields: [
		receiptIdField,
		binaryPropertyField(),
		optionsCollection([maxFileSizeOption, userOption, ...skipAlreadySentOptions, ...callOptions]),
	],
	sendsFiles: true,
	async execute(context) {
		const id = idParameter(context, 'receiptId', 'receipt image ID');
		const file = await readCheckedFile(context);
		const user = userQuery(context)?.user as string | undefined;
		return await sendOnce(
			context,
			file,
			{ resource: 'receipt', targetId: id.raw, user },
			async () => {
				await context.client.request(
					context.itemIndex,
					{
						method: 'PUT',
						path: `${RECEIPT_IMAGES_V3}/${id.encoded}`,
						qs: userQuery(context),
						body: file.bytes,
						contentType: file.mimeType,
						accept: 'application/json',
						repeatable: false,
					},
					{ target: 'receipt image', id: id.raw, action: 'append' },
				);
				return uploadOutput(context, file, { id: id.raw, resource: 'receipt', targetId: id.raw });
			},
		);
	},
};
