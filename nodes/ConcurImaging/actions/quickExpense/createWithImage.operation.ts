import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { QUICK_EXPENSE_V4_USERS } from '../../api/paths';
import { parseQuickExpenseCreated } from '../../api/v4';
import { choiceField } from '../../choiceField';
import { inputError } from '../../errors';
import { multipartBody } from '../../transport/multipart';
import { RateWindow, rateWindowFor } from '../../transport/pacing';
import { readFileFor } from '../apiFileRules';
import { binaryPropertyField, callOptions, maxFileSizeOption, optionsCollection } from '../fields';
import { uploadOutput } from '../inputFile';
import { sendOnce, skipAlreadySentOptions } from '../sendOnce';
import type { ConcurItemContext, OperationModule } from '../types';
import { resolveUser } from '../users';

/** Quick Expense v4: "a shared rate limit of 120 requests per 5 minutes per userID". */
export const QUICK_EXPENSE_RATE = { requests: 120, windowMs: 5 * 60 * 1000 };

const fields: INodeProperties[] = [
	{
		displayName: 'User',
		name: 'user',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. alex.ops@example.com',
		description:
			"The Concur user the expense is for: the login ID (often the email address, so a flow can pass the sender's address) or the user UUID. A login ID is looked up once per run with Identity v4.",
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		typeOptions: { numberPrecision: 2 },
		default: 0,
		required: true,
		description: 'The transaction amount',
	},
	{
		displayName: 'Currency',
		name: 'currencyCode',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. EUR',
		description: 'The 3-letter ISO 4217 currency code',
	},
	{
		displayName: 'Transaction Date',
		name: 'transactionDate',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 2026-03-14',
		description: 'The date of the transaction, as YYYY-MM-DD (an ISO date-time is cut to its date)',
	},
	{
		displayName: 'Expense Type ID',
		name: 'expenseTypeId',
		type: 'string',
		default: 'UNDEF',
		required: true,
		placeholder: 'e.g. BUSML',
		description:
			"The expense type code in the company's Concur configuration. UNDEF leaves the type open for the user to choose in Concur.",
	},
	binaryPropertyField('The name of the input binary field containing the receipt image'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		options: [
			{ displayName: 'Comment', name: 'comment', type: 'string', default: '' },
			{ displayName: 'Location City', name: 'city', type: 'string', default: '' },
			{ displayName: 'Location Country Code', name: 'countryCode', type: 'string', default: '', placeholder: 'e.g. DE', description: 'ISO 3166-1 code' },
			{ displayName: 'Location Name', name: 'locationName', type: 'string', default: '', description: 'Concur searches its locations by this name' },
			{ displayName: 'Location Subdivision Code', name: 'countrySubDivisionCode', type: 'string', default: '', placeholder: 'e.g. DE-BE', description: 'ISO 3166-2 code' },
			choiceField('Payment Type', 'paymentTypeId', [
				{ name: 'Cash (CASHX)', value: 'CASHX' },
				{ name: 'Company Paid (CPAID)', value: 'CPAID' },
				{ name: 'Pending Card (PENDC)', value: 'PENDC' },
			]),
			{ displayName: 'Vendor', name: 'vendor', type: 'string', default: '', description: 'The name of the vendor' },
		],
	},
	optionsCollection([maxFileSizeOption, ...skipAlreadySentOptions, ...callOptions]),
];

/** The QuickExpenseRequest of Quick Expense v4 from the item's parameters; bad values are refused before sending. */
function expenseRequest(context: ConcurItemContext): IDataObject {
	const { fn, itemIndex } = context;
	const refuse = (message: string, description: string) =>
		inputError(fn.getNode(), { message, description, itemIndex }, { code: 'INVALID_PARAMETER' });
	const value = Number(fn.getNodeParameter('amount', itemIndex));
	if (!Number.isFinite(value)) throw refuse('The amount is not a number', 'Enter the amount as a number, e.g. 88.05.');
	const currencyCode = String(fn.getNodeParameter('currencyCode', itemIndex, '')).trim().toUpperCase();
	if (!/^[A-Z]{3}$/.test(currencyCode)) {
		throw refuse(`The currency "${currencyCode}" is not a 3-letter ISO 4217 code`, 'Enter a code such as EUR or USD.');
	}
	const rawDate = String(fn.getNodeParameter('transactionDate', itemIndex, '')).trim();
	const transactionDate = /^\d{4}-\d{2}-\d{2}/.exec(rawDate)?.[0];
	if (!transactionDate || Number.isNaN(Date.parse(`${transactionDate}T00:00:00Z`))) {
		throw refuse(`The transaction date "${rawDate}" is not a date`, 'Enter it as YYYY-MM-DD, e.g. 2026-03-14.');
	}
	const expenseTypeId = String(fn.getNodeParameter('expenseTypeId', itemIndex, 'UNDEF')).trim() || 'UNDEF';
	const extra = fn.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const text = (name: string) => String(extra[name] ?? '').trim();
	// The swagger requires `location`, the reference page does not: it is always sent, empty when not given.
	const location: IDataObject = {};
	if (text('city')) location.city = text('city');
	if (text('countryCode')) location.countryCode = text('countryCode').toUpperCase();
	if (text('countrySubDivisionCode')) location.countrySubDivisionCode = text('countrySubDivisionCode').toUpperCase();
	if (text('locationName')) location.name = text('locationName');
	return {
		expenseTypeId,
		transactionAmount: { currencyCode, value },
		transactionDate,
		location,
		...(text('comment') ? { comment: text('comment') } : {}),
		...(text('vendor') ? { vendor: text('vendor') } : {}),
		...(text('paymentTypeId') ? { paymentTypeId: text('paymentTypeId') } : {}),
	};
}

/**
 * Creates an expense with its receipt image in one call (Quick Expense v4 `…/quickexpenses/image`): the file is
 * checked first, the user resolved, the call paced to the user's rate limit, and the multipart body sent once.
 */
export const createWithImage: OperationModule = {
	option: {
		name: 'Create With Image',
		value: 'createWithImage',
		description: "Create an expense with its receipt image in the user's Available Expenses",
		action: 'Create a quick expense with an image',
	},
	fields,
	sendsFiles: true,
	async execute(context) {
		const { fn, client, itemIndex } = context;
		const file = await readFileFor(context, 'quickExpenseV4');
		const request = expenseRequest(context);
		const login = String(fn.getNodeParameter('user', itemIndex, ''));
		const user = await resolveUser(context, login, 'user');
		return await sendOnce(context, file, { resource: 'quickExpense', user: user.id }, async () => {
			const window = rateWindowFor(client, 'quickExpenseV4', () => new RateWindow(QUICK_EXPENSE_RATE.requests, QUICK_EXPENSE_RATE.windowMs));
			await window.take(user.id);
			const { body, contentType } = multipartBody([
				// As in Concur's example (`-F 'quickExpenseRequest={…}'`): a plain field holding the JSON.
				{ name: 'quickExpenseRequest', data: JSON.stringify(request) },
				{ name: 'fileContent', data: file.bytes, fileName: file.fileName, contentType: file.mimeType },
			]);
			const response = await client.request(
				itemIndex,
				{
					method: 'POST',
					path: `${QUICK_EXPENSE_V4_USERS}/${encodeURIComponent(user.id)}/context/TRAVELER/quickexpenses/image`,
					body,
					contentType,
					accept: 'application/json',
					repeatable: false,
				},
				{ target: 'quick expense', action: 'upload' },
			);
			const created = parseQuickExpenseCreated(response.body, response.contentType);
			const [output] = uploadOutput(context, file, { id: created.id, uri: created.uri, resource: 'quickExpense' });
			output.json = { ...output.json, userId: user.id, ...(login.trim() !== user.id ? { login: login.trim() } : {}) };
			return [output];
		});
	},
};
