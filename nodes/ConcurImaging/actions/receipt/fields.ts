import type { INodeProperties } from 'n8n-workflow';

import { idField } from '../fields';

/** Fields only receipt operations share. */
export const receiptIdField = idField(
	'receiptId',
	'Receipt Image ID',
	'ID of the receipt image in Available Receipts, as returned by Upload or Get Many',
	'e.g. gWgdqyyys0N5id45Vfflxe2QHhtc$sqy$sQbqNnq',
);

export const apiOption: INodeProperties = {
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
	description: "Which of Concur's two receipt APIs to use; both put the file in Available Receipts",
};

export const userOption: INodeProperties = {
	displayName: 'Act for User (Login ID)',
	name: 'user',
	type: 'string',
	default: '',
	placeholder: 'e.g. alex.ops@example.com',
	description:
		"Work in another user's Available Receipts. Needs a Web Services Administrator (Professional) or Can Administer (Standard) role.",
};
