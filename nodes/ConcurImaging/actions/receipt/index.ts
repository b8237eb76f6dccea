import type { ResourceModule } from '../types';
import { append } from './append.operation';
import { remove } from './delete.operation';
import { get } from './get.operation';
import { getMany } from './getMany.operation';
import { upload } from './upload.operation';

export const receipt: ResourceModule = {
	value: 'receipt',
	name: 'Receipt',
	description: "The user's Available Receipts",
	usesConcur: true,
	operations: [append, remove, get, getMany, upload],
	operationField: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [append.option, remove.option, get.option, getMany.option, upload.option],
		default: 'upload',
	},
};
