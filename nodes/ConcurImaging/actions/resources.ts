import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { expenseEntry, invoice, report } from './attachment';
import { file } from './file';
import { quickExpense } from './quickExpense';
import { receipt } from './receipt';
import type { ConcurItemContext, ItemContext, OperationModule, ResourceModule } from './types';

/** Every resource of the node, in the order the Resource list shows them. */
export const RESOURCES: ResourceModule[] = [expenseEntry, file, invoice, quickExpense, receipt, report];

/** The Resource selector, then per resource its Operation selector and each operation's own fields. */
export function resourceProperties(): INodeProperties[] {
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: RESOURCES.map(({ name, value, description }) => ({ name, value, ...(description ? { description } : {}) })),
			default: 'receipt',
		},
	];
	for (const resource of RESOURCES) {
		properties.push(...updateDisplayOptions({ show: { resource: [resource.value] } }, [resource.operationField]));
	}
	for (const resource of RESOURCES) {
		for (const operation of resource.operations) {
			const show = { resource: [resource.value], operation: [operation.option.value as string] };
			properties.push(...updateDisplayOptions({ show }, operation.fields));
		}
	}
	return properties;
}

export type FoundOperation =
	| { usesConcur: true; operation: OperationModule<ConcurItemContext> }
	| { usesConcur: false; operation: OperationModule<ItemContext> };

export function findOperation(resourceValue: string, operationValue: string): FoundOperation | undefined {
	const resource = RESOURCES.find((candidate) => candidate.value === resourceValue);
	const matches = (candidate: OperationModule<never>) => candidate.option.value === operationValue;
	if (!resource) return undefined;
	if (resource.usesConcur) {
		const operation = resource.operations.find(matches);
		return operation && { usesConcur: true, operation };
	}
	const operation = resource.operations.find(matches);
	return operation && { usesConcur: false, operation };
}

/** Resources that need no Concur credential. */
export const LOCAL_RESOURCES = RESOURCES.filter((resource) => !resource.usesConcur).map((resource) => resource.value);
