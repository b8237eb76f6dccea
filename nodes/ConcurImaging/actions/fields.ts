import type { INodeProperties } from 'n8n-workflow';

/**
 * Field builders several operations share. Fields carry no displayOptions for resource and operation: the
 * resource index adds them, so a field shows only under the operation that owns it.
 */

/** The input field holding the file to send (n8n's usual wording and default). */
export const binaryPropertyField = (hint = 'The name of the input binary field containing the file to be sent'): INodeProperties => ({
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint,
	description: 'Name of the binary field of the input item that holds the receipt or invoice file (PDF, PNG or JPEG)',
});

/** The Download toggle and output field of every get operation. */
export const downloadFields: INodeProperties[] = [
	{
		displayName: 'Download',
		name: 'download',
		type: 'boolean',
		default: true,
		description:
			'Whether to download the image as a file. When off, the output has the short-lived URL (valid about 15 minutes) and when it expires.',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'outputBinaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
		displayOptions: { show: { download: [true] } },
	},
];

export const idField = (name: string, displayName: string, description: string, placeholder: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	required: true,
	placeholder,
	description,
});

/** The Return All / Limit pair of every list operation. */
export const returnAllFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** Options every operation that calls Concur shares. */
export const callOptions: INodeProperties[] = [
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 16 },
		default: 16,
		description:
			'The most items sent to Concur at the same time. The node starts with 8 (or this number, if lower), adds more while Concur keeps up, halves when Concur answers that it is busy (429 or 503) and then grows back slowly, never above this number. Output keeps the input order.',
	},
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10 },
		default: 3,
		description:
			'How often a request is retried when Concur is busy (429, 503) or briefly unreachable. Uploads are only retried when Concur cannot have stored them, so nothing is uploaded twice.',
	},
	{
		displayName: 'Retry Delay (Ms)',
		name: 'retryDelayMs',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 1000,
		description: 'Wait before the first retry; it doubles on each further retry. A Retry-After from Concur wins.',
	},
];

export const fileNameOption: INodeProperties = {
	displayName: 'File Name',
	name: 'fileName',
	type: 'string',
	default: '',
	placeholder: 'e.g. report-{{ $json.reportId }}.pdf',
	description:
		'Name of the output file. Defaults to the name the image host gives, else the image ID with the extension of its real type.',
};

export const maxFileSizeOption: INodeProperties = {
	displayName: 'Max File Size (MB)',
	name: 'maxFileSizeMb',
	type: 'number',
	typeOptions: { minValue: 0.001, maxValue: 10, numberPrecision: 3 },
	default: 10,
	description:
		"Refuse files larger than this before sending. Concur's own limit is 10 MB (10,485,760 bytes); it can only be lowered.",
};

/** An operation's Options collection. */
export const optionsCollection = (options: INodeProperties[]): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options,
});
