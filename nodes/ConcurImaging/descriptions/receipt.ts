import type { INodeProperties } from 'n8n-workflow';

import { binaryPropertyField, callOptions, downloadFields, fileNameOption, idField, maxFileSizeOption } from './common';

const show = (...operation: string[]) => ({ resource: ['receipt'], operation });

const receiptIdField = idField(
	'receiptId',
	'Receipt Image ID',
	show('get', 'append', 'delete'),
	'ID of the receipt image in Available Receipts, as returned by Upload or Get Many',
	'e.g. gWgdqyyys0N5id45Vfflxe2QHhtc$sqy$sQbqNnq',
);

export const receiptOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['receipt'] } },
	options: [
		{
			name: 'Append',
			value: 'append',
			description: 'Add a page to a receipt image; Concur turns it into one PDF',
			action: 'Append a page to a receipt image',
		},
		{
			name: 'Delete',
			value: 'delete',
			description: 'Delete a receipt image from Available Receipts',
			action: 'Delete a receipt image',
		},
		{
			name: 'Get',
			value: 'get',
			description: 'Get a receipt image as a file or as a short-lived URL',
			action: 'Get a receipt image',
		},
		{
			name: 'Get Many',
			value: 'getMany',
			description: 'List the receipt images in Available Receipts',
			action: 'Get many receipt images',
		},
		{
			name: 'Upload',
			value: 'upload',
			description: "Upload a receipt to the user's Available Receipts",
			action: 'Upload a receipt image',
		},
	],
	default: 'upload',
};

const apiOption: INodeProperties = {
	displayName: 'API',
	name: 'api',
	type: 'options',
	options: [
		{
			name: 'Receipt Images V3',
			value: 'receiptImagesV3',
			description: 'The Available Receipts API: upload returns an ID that Get, Append and Delete take',
		},
		{
			name: 'Image V1',
			value: 'imageV1',
			description: "Concur's Imaging API (POST /receipt, GET /receipt/{imageId})",
		},
	],
	default: 'receiptImagesV3',
	description: 'Which of Concur\'s two receipt APIs to use; both put the file in Available Receipts',
};

const userOption: INodeProperties = {
	displayName: 'Act for User (Login ID)',
	name: 'user',
	type: 'string',
	default: '',
	placeholder: 'e.g. alex.ops@example.com',
	description:
		"Work in another user's Available Receipts. Needs a Web Services Administrator (Professional) or Can Administer (Standard) role.",
};

export const receiptFields: INodeProperties[] = [
	binaryPropertyField(show('upload', 'append')),
	receiptIdField,
	...downloadFields(show('get')),
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show: show('getMany') },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...show('getMany'), returnAll: [false] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: show('upload') },
		options: [apiOption, maxFileSizeOption, userOption, ...callOptions],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: show('append') },
		options: [maxFileSizeOption, userOption, ...callOptions],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: show('get') },
		options: [apiOption, fileNameOption, userOption, ...callOptions],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: show('getMany', 'delete') },
		options: [userOption, ...callOptions],
	},
];
