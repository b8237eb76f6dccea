import type { INodeProperties } from 'n8n-workflow';

import { binaryPropertyField, callOptions, downloadFields, fileNameOption, idField, maxFileSizeOption } from './common';

/**
 * Expense entries, reports and invoices share one shape in Concur's Image v1 API: upload an image to the object,
 * get its image back. Only the rules differ, and the UI says them.
 */
interface AttachmentResource {
	resource: string;
	label: string;
	idName: string;
	idLabel: string;
	idDescription: string;
	idPlaceholder: string;
	uploadDescription: string;
	getDescription: string;
}

function describe(spec: AttachmentResource): { operations: INodeProperties; fields: INodeProperties[] } {
	const show = (...operation: string[]) => ({ resource: [spec.resource], operation });
	const options = (operations: string[], extra: INodeProperties[]): INodeProperties => ({
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: show(...operations) },
		options: [...extra, ...callOptions],
	});
	return {
		operations: {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [spec.resource] } },
			options: [
				{
					name: 'Get',
					value: 'get',
					description: spec.getDescription,
					action: `Get the image of an ${spec.label}`.replace('an report', 'a report'),
				},
				{
					name: 'Upload',
					value: 'upload',
					description: spec.uploadDescription,
					action: `Upload an image to an ${spec.label}`.replace('an report', 'a report'),
				},
			],
			default: 'upload',
		},
		fields: [
			idField(spec.idName, spec.idLabel, show('upload', 'get'), spec.idDescription, spec.idPlaceholder),
			binaryPropertyField(show('upload')),
			...downloadFields(show('get')),
			options(['upload'], [maxFileSizeOption]),
			options(['get'], [fileNameOption]),
		],
	};
}

export const expenseEntry = describe({
	resource: 'expenseEntry',
	label: 'expense entry',
	idName: 'entryId',
	idLabel: 'Expense Entry ID',
	idDescription: 'ID of the expense entry (report entry) the receipt belongs to',
	idPlaceholder: 'e.g. A2C40CEE415B43B2A0BE',
	uploadDescription:
		'Attach a receipt to an expense entry. An entry takes one image: once it has one, Concur refuses more.',
	getDescription: 'Get the receipt image of an expense entry',
});

export const report = describe({
	resource: 'report',
	label: 'report',
	idName: 'reportId',
	idLabel: 'Report ID',
	idDescription: 'ID of the expense report',
	idPlaceholder: 'e.g. gWonjE$prhaSd7DMzt3iGi1EcpjI3UNHOjwQ',
	uploadDescription: "Add an image to a report. Each upload is appended to the report's image.",
	getDescription: "Get one PDF with all of a report's receipts",
});

export const invoice = describe({
	resource: 'invoice',
	label: 'invoice',
	idName: 'invoiceId',
	idLabel: 'Invoice ID',
	idDescription: 'ID of the invoice (payment request); needs Concur Invoice',
	idPlaceholder: 'e.g. 3E6969DD15D64A349188',
	uploadDescription:
		'Attach an image to an invoice (payment request). An invoice takes one image: once it has one, Concur refuses more.',
	getDescription: 'Get the image of an invoice (payment request)',
});
