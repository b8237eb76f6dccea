import type { INodeProperties } from 'n8n-workflow';

import { REPORT_APPROVAL_STATUSES, REPORT_PAYMENT_STATUSES } from '../api/reports';
import { statusCodeOptions } from '../actions/listFields';
import { actForUserOption } from '../actions/receipt/fields';
import { ownerOption } from '../actions/report/fields';

export const EVENTS = {
	report: 'reportReachedStatus',
	invoice: 'invoiceReachedStatus',
	receipt: 'newReceiptImage',
} as const;

const onEvent = (event: string) => ({ show: { event: [event] } });

/** The trigger's fields (after Authentication). Parameter names are the saved-workflow contract. */
export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Invoice Reached a Status',
				value: EVENTS.invoice,
				description: 'An invoice (payment request) now has the chosen approval or payment status',
			},
			{
				name: 'New Receipt Image in Available Receipts',
				value: EVENTS.receipt,
				description: "A receipt image appeared in the user's Available Receipts",
			},
			{
				name: 'Report Reached a Status (With Images)',
				value: EVENTS.report,
				description: 'An expense report with images now has the chosen approval or payment status',
			},
		],
		default: 'reportReachedStatus',
	},
	{
		displayName: 'Approval Status',
		name: 'reportApprovalStatus',
		type: 'multiOptions',
		options: statusCodeOptions(REPORT_APPROVAL_STATUSES),
		default: ['A_APPR'],
		description: "Fire when a report reaches one of these approval statuses (Concur's approvalStatusCode)",
		displayOptions: onEvent(EVENTS.report),
	},
	{
		displayName: 'Payment Status',
		name: 'reportPaymentStatus',
		type: 'multiOptions',
		options: statusCodeOptions(REPORT_PAYMENT_STATUSES),
		default: [],
		description: "And one of these payment statuses (Concur's paymentStatusCode). Empty: any.",
		displayOptions: onEvent(EVENTS.report),
	},
	{
		displayName: 'Approval Status',
		name: 'invoiceApprovalStatus',
		type: 'string',
		default: '',
		placeholder: 'e.g. A_APPR',
		description: "The company's invoice approval status code (Concur's approvalStatus, see GET /invoice/localizeddata)",
		displayOptions: onEvent(EVENTS.invoice),
	},
	{
		displayName: 'Payment Status',
		name: 'invoicePaymentStatus',
		type: 'string',
		default: '',
		placeholder: 'e.g. P_PAID',
		description: "The company's invoice payment status code (Concur's paymentStatus). At least one of the two is needed.",
		displayOptions: onEvent(EVENTS.invoice),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{ ...actForUserOption('Watch'), displayOptions: { show: { '/event': [EVENTS.receipt] } } },
			{
				displayName: 'Download Image',
				name: 'downloadImage',
				type: 'boolean',
				default: false,
				description:
					'Whether to attach the image (the report PDF, the invoice or receipt image) to each event, so a file writer can follow directly',
			},
			{
				displayName: 'Include Existing',
				name: 'includeExisting',
				type: 'boolean',
				default: false,
				description:
					'Whether the first poll after activation also emits what already has the status. Off: only changes after activation.',
			},
			{ ...ownerOption, displayOptions: { show: { '/event': [EVENTS.report] } } },
			{
				displayName: 'Put Output File in Field',
				name: 'outputBinaryPropertyName',
				type: 'string',
				default: 'data',
				hint: 'The name of the output binary field to put the image in (with Download Image on)',
			},
		],
	},
];
