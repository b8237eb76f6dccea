import type { IDataObject } from 'n8n-workflow';

import type { Operation } from '../shared';
import { readInputFile } from '../shared';

/**
 * Checks a file without sending it: one output item per input item with the verdict, the file passed through,
 * so a flow can route on `valid` or on a problem code. Needs no credential and no network.
 */
export const validate: Operation = async (context) => {
	const { itemIndex, item } = context;
	const { verdict } = await readInputFile(context);
	return [
		{
			json: { ...item.json, ...(verdict as unknown as IDataObject) },
			binary: item.binary,
			pairedItem: { item: itemIndex },
		},
	];
};
