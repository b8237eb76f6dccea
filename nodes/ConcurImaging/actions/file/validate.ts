import type { IDataObject } from 'n8n-workflow';

import type { Operation } from '../shared';
import { checkFile } from '../shared';

/**
 * Checks a file without sending it: one output item per input item with the verdict, the file passed through,
 * so a flow can route on `valid` or on a problem code. Needs no credential and no network.
 */
export const validate: Operation = async (context) => {
	const { fn, itemIndex, item } = context;
	const binaryPropertyName = fn.getNodeParameter('binaryPropertyName', itemIndex) as string;
	const binary = fn.helpers.assertBinaryData(itemIndex, binaryPropertyName);
	const bytes = await fn.helpers.getBinaryDataBuffer(itemIndex, binaryPropertyName);
	const verdict = checkFile(context, bytes, binary);
	return [
		{
			json: { ...item.json, ...(verdict as unknown as IDataObject) },
			binary: item.binary,
			pairedItem: { item: itemIndex },
		},
	];
};
