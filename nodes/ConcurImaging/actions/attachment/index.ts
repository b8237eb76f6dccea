import type { ResourceModule } from '../types';
import { getOperation } from './get.operation';
import type { AttachmentSpec } from './specs';
import { ATTACHMENT_SPECS } from './specs';
import { uploadOperation } from './upload.operation';

function attachmentResource(spec: AttachmentSpec): ResourceModule {
	const get = getOperation(spec);
	const upload = uploadOperation(spec);
	return {
		value: spec.resource,
		name: spec.name,
		usesConcur: true,
		operations: [get, upload],
		operationField: {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			options: [get.option, upload.option],
			default: 'upload',
		},
	};
}

const byResource = (resource: string) => attachmentResource(ATTACHMENT_SPECS.find((spec) => spec.resource === resource)!);

export const expenseEntry = byResource('expenseEntry');
export const report = byResource('report');
export const invoice = byResource('invoice');
