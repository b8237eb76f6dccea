import type { INodeProperties } from 'n8n-workflow';

import { REPORT_APPROVAL_STATUSES, REPORT_PAYMENT_STATUSES } from '../../api/reports';
import { filtersCollection, statusCodeOptions } from '../listFields';

/** Reports v3 filters, named in the UI as Concur's reference names them. */
export const reportFilters: INodeProperties = filtersCollection([
	{
		displayName: 'Approval Status',
		name: 'approvalStatus',
		type: 'multiOptions',
		options: statusCodeOptions(REPORT_APPROVAL_STATUSES),
		default: [],
		description:
			"Concur's approvalStatusCode; several are sent comma-separated. Custom codes: use an expression, e.g. {{ ['A_APPR', 'X_CUST'] }}.",
	},
	{
		displayName: 'Has Images',
		name: 'hasImages',
		type: 'boolean',
		default: true,
		description:
			"Whether the report has a report image or at least one entry with an image (Concur's hasImages)",
	},
	{
		displayName: 'Modified After',
		name: 'modifiedAfter',
		type: 'dateTime',
		default: '',
		description:
			"Reports whose header was last modified after this time (Concur's modifiedDateAfter). UTC when no zone is given.",
	},
	{
		displayName: 'Modified Before',
		name: 'modifiedBefore',
		type: 'dateTime',
		default: '',
		description: "Reports last modified before this time (Concur's modifiedDateBefore)",
	},
	{
		displayName: 'Paid After',
		name: 'paidAfter',
		type: 'dateTime',
		default: '',
		description: "Reports paid after this time (Concur's paidDateAfter)",
	},
	{
		displayName: 'Payment Status',
		name: 'paymentStatus',
		type: 'multiOptions',
		options: statusCodeOptions(REPORT_PAYMENT_STATUSES),
		default: [],
		description: "Concur's paymentStatusCode; several are sent comma-separated",
	},
	{
		displayName: 'Submitted After',
		name: 'submittedAfter',
		type: 'dateTime',
		default: '',
		description: "Reports submitted after this time (Concur's submitDateAfter)",
	},
]);

/** Concur's `user` on Reports and Entries v3: one owner's login ID instead of all (company) or one's own (user). */
export const ownerOption: INodeProperties = {
	displayName: 'Owner (Login ID)',
	name: 'owner',
	type: 'string',
	default: '',
	placeholder: 'e.g. alex.ops@example.com',
	description:
		"Only this user's reports. Empty: all users' reports with the company credential, your own with a user credential. Needs the Web Services Admin role.",
};
