import { getMany as entryGetMany } from '../expenseEntry/getMany.operation';
import { getMany as invoiceGetMany } from '../invoice/getMany.operation';
import { getMany as reportGetMany } from '../report/getMany.operation';
import type { OperationModule, ResourceModule } from '../types';
import { getOperation } from './get.operation';
import type { AttachmentSpec } from './specs';
import { ATTACHMENT_SPECS } from './specs';
import { uploadOperation } from './upload.operation';

/**
 * An attachment resource: Get and Upload from its spec row, plus the resource's own operations (its listing),
 * which live in the resource's folder. The Operation list is alphabetical.
 */
function attachmentResource(spec: AttachmentSpec, extra: OperationModule[]): ResourceModule {
	const operations = [getOperation(spec), uploadOperation(spec), ...extra].sort((a, b) =>
		a.option.name.localeCompare(b.option.name),
	);
	return {
		value: spec.resource,
		name: spec.name,
		usesConcur: true,
		operations,
		operationField: {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			options: operations.map((operation) => operation.option),
			default: 'upload',
		},
	};
}

const byResource = (resource: string, extra: OperationModule[]) =>
	attachmentResource(ATTACHMENT_SPECS.find((spec) => spec.resource === resource)!, extra);

export const expenseEntry = byResource('expenseEntry', [entryGetMany]);
export const report = byResource('report', [reportGetMany]);
export const invoice = byResource('invoice', [invoiceGetMany]);
