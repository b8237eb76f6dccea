import { RECEIPT_IMAGES_V3 } from '../../api/paths';
import { callOptions, optionsCollection } from '../fields';
import { idParameter, userQuery } from '../parameters';
import type { OperationModule } from '../types';
import { receiptIdField, userOption } from './fields';

/** DELETE a receipt image (Concur answers 204, or 200 in its swagger; both mean done). */
export const remove: OperationModule = {
	option: {
		name: 'Delete',
		value: 'delete',
		description: 'Delete a receipt image from Available Receipts',
		action: 'Delete a receipt image',
	},
	fields: [receiptIdField, optionsCollection([userOption, ...callOptions])],
	async execute(context) {
		const id = idParameter(context, 'receiptId', 'receipt image ID');
		const response = await context.client.request(
			context.itemIndex,
			{
				method: 'DELETE',
				path: `${RECEIPT_IMAGES_V3}/${id.encoded}`,
				qs: userQuery(context),
				accept: 'application/json',
				repeatable: true,
				goneMeansDone: true,
			},
			{ target: 'receipt image', id: id.raw, action: 'delete' },
		);
		// A retry that found it gone after a lost answer: the earlier attempt deleted it.
		return [{ json: { deleted: true, id: id.raw, ...(response.alreadyGone ? { alreadyGone: true } : {}) } }];
	},
};
