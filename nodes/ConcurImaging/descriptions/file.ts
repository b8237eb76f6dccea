import type { INodeProperties } from 'n8n-workflow';

import { maxFileSizeOption } from './common';

const show = { resource: ['file'], operation: ['validate'] };

export const fileOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['file'] } },
	options: [
		{
			name: 'Validate',
			value: 'validate',
			description:
				'Check that a file is one Concur accepts (real type, size, no encryption, not truncated) without sending it',
			action: 'Validate a file before upload',
		},
	],
	default: 'validate',
};

export const fileFields: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the file to be checked',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [maxFileSizeOption],
	},
];
