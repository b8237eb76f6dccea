import type { ResourceModule } from '../types';
import { createWithImage } from './createWithImage.operation';

export const quickExpense: ResourceModule = {
	value: 'quickExpense',
	name: 'Quick Expense',
	description: "An expense with its receipt in the user's Available Expenses (Quick Expense v4)",
	usesConcur: true,
	operations: [createWithImage],
	operationField: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [createWithImage.option],
		default: 'createWithImage',
	},
};
