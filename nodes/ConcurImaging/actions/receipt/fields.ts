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

/** Concur's `user` on Receipt Images v3: another user's Available Receipts, by login ID (`doing`: what with them). */
export const actForUserOption = (doing: string): INodeProperties => ({
	displayName: 'Act for User (Login ID)',
	name: 'user',
	type: 'string',
	default: '',
	placeholder: 'e.g. alex.ops@example.com',
	description: `${doing} another user's Available Receipts. Needs a Web Services Administrator (Professional) or Can Administer (Standard) role.`,
});

export const userOption = actForUserOption('Work in');
