import type { IDataObject } from 'n8n-workflow';

import { binaryPropertyField, maxFileSizeOption, optionsCollection } from '../fields';
import { readInputFile } from '../inputFile';
import type { ItemContext, OperationModule } from '../types';

/**
 * Checks a file without sending it: one output item per input item with the verdict, the file passed through,
 * so a flow can route on `valid` or on a problem code. Needs no credential and no network.
 */
export const validate: OperationModule<ItemContext> = {
	option: {
		name: 'Validate',
		value: 'validate',
		description:
			'Check that a file is one Concur accepts (real type, size, no encryption, not truncated) without sending it',
		action: 'Validate a file before upload',
	},
	fields: [
		binaryPropertyField('The name of the input binary field containing the file to be checked'),
		optionsCollection([maxFileSizeOption]),
	],
	async execute(context) {
		const { verdict } = await readInputFile(context);
		return [{ json: { ...context.item.json, ...(verdict as unknown as IDataObject) }, binary: context.item.binary }];
	},
};
