import type { ResourceModule } from '../types';
import { validate } from './validate.operation';

export const file: ResourceModule = {
	value: 'file',
	name: 'File',
	description: 'Check files before sending them',
	usesConcur: false,
	operations: [validate],
	operationField: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [validate.option],
		default: 'validate',
	},
};
