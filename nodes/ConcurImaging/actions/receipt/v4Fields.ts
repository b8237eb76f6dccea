import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { choiceField } from '../../choiceField';
import { apiOption } from './fields';

/** The receipt options of the v4 APIs: two more API choices, and what only they take. */

const SPEND_DOCUMENTS_V4: INodePropertyOptions = {
	name: 'Spend Documents V4',
	value: 'spendDocumentsV4',
	description: "Concur's newest receipt document API; needs Act for User (login ID or UUID)",
};

const RECEIPTS_V4_IMAGE_ONLY: INodePropertyOptions = {
	name: 'Receipts V4 (Image-Only Receipt)',
	value: 'receiptsV4ImageOnly',
	description: 'Posts an image-only receipt and follows its processing status; needs Act for User (login ID or UUID)',
};

const choices = (extra: INodePropertyOptions[]) => [...((apiOption.options ?? []) as INodePropertyOptions[]), ...extra];

export const uploadApiOption: INodeProperties = {
	...apiOption,
	options: choices([SPEND_DOCUMENTS_V4, RECEIPTS_V4_IMAGE_ONLY]),
	description: "Which of Concur's receipt APIs to use; all of them put the file in Available Receipts",
};

export const getApiOption: INodeProperties = {
	...apiOption,
	options: choices([SPEND_DOCUMENTS_V4]),
	description:
		'Which of Concur\'s receipt APIs to use. Spend Documents V4 takes its receipt ID (a UUID) or an image ID and returns the file itself.',
};

// What only Spend Documents V4 takes.

export const spendDocumentsFilePartOption = choiceField('Spend Documents File Part', 'spendDocumentsFilePart', [
	{ name: 'Document', value: 'document', description: "The part name in Concur's request table" },
	{ name: 'Image', value: 'image', description: "The part name in Concur's curl example" },
], "Spend Documents V4 only: the name of the file part (Concur's page names it two ways)");

export const representationOption = choiceField('Representation', 'representation', [
	{ name: 'Display', value: 'display', description: 'The image as Concur shows it' },
	{ name: 'Compliance', value: 'compliance', description: 'The signed, certified or verified document' },
], 'Spend Documents V4 only: which document of the receipt to get');

export const companyIdOption: INodeProperties = {
	displayName: 'Company UUID',
	name: 'companyId',
	type: 'string',
	default: '',
	description:
		"Spend Documents V4 by image ID only: the company's UUID. Defaults to the company of the Act for User user.",
};

// What only Receipts V4 takes.

export const waitForProcessingOption: INodeProperties = {
	displayName: 'Wait for Processing',
	name: 'waitForProcessing',
	type: 'boolean',
	default: true,
	description:
		'Whether to follow the processing status of an image-only receipt (Receipts V4) for up to about 15 seconds. Off, or still processing then, the item succeeds with the status URL.',
};
