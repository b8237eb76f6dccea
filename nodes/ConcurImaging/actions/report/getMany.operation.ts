import type { IDataObject } from 'n8n-workflow';

import type { ReportSummary } from '../../api/reports';
import { REPORT_QUERY } from '../../api/reports';
import { callOptions, optionsCollection, returnAllFields } from '../fields';
import { filterDate, listAll, statusCodes } from '../listing';
import { REPORT_LIST } from '../lists';
import { optionsOf } from '../parameters';
import type { ConcurItemContext, OperationModule } from '../types';
import { ownerOption, reportFilters } from './fields';

/** The Reports v3 query for the item's filters; `user` is ALL with the company credential unless an owner is named. */
export function reportQuery(context: ConcurItemContext): IDataObject {
	const { fn, itemIndex } = context;
	const node = fn.getNode();
	const filters = fn.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const owner = String(optionsOf(context).owner ?? '').trim();
	const company = fn.getNodeParameter('authentication', 0, 'companyApi') !== 'userOAuth2';
	const qs: IDataObject = {};
	if (owner) qs[REPORT_QUERY.user] = owner;
	else if (company) qs[REPORT_QUERY.user] = 'ALL';
	const set = (name: string, value: string | undefined) => {
		if (value !== undefined) qs[name] = value;
	};
	set(REPORT_QUERY.approvalStatusCode, statusCodes(node, itemIndex, filters.approvalStatus, 'approval status'));
	set(REPORT_QUERY.paymentStatusCode, statusCodes(node, itemIndex, filters.paymentStatus, 'payment status'));
	if (typeof filters.hasImages === 'boolean') qs[REPORT_QUERY.hasImages] = String(filters.hasImages);
	set(REPORT_QUERY.modifiedDateAfter, filterDate(node, itemIndex, filters.modifiedAfter, 'Modified After date'));
	set(REPORT_QUERY.modifiedDateBefore, filterDate(node, itemIndex, filters.modifiedBefore, 'Modified Before date'));
	set(REPORT_QUERY.submitDateAfter, filterDate(node, itemIndex, filters.submittedAfter, 'Submitted After date'));
	set(REPORT_QUERY.paidDateAfter, filterDate(node, itemIndex, filters.paidAfter, 'Paid After date'));
	return qs;
}

/** A report as an output item; `hasImages` comes from the filter when Concur's answer does not say. */
export function reportJson(report: ReportSummary, qs: IDataObject): IDataObject {
	const filtered = qs[REPORT_QUERY.hasImages];
	const hasImages = report.hasImages ?? (filtered === undefined ? null : filtered === 'true');
	return { ...report, hasImages, resource: 'report' };
}

/** GET /api/v3.0/expense/reports: one output item per report, following NextPage. */
export const getMany: OperationModule = {
	option: {
		name: 'Get Many',
		value: 'getMany',
		description: 'List expense reports by status, images and dates (Reports v3)',
		action: 'Get many reports',
	},
	fields: [...returnAllFields, reportFilters, optionsCollection([ownerOption, ...callOptions])],
	async execute(context) {
		const { fn, client, itemIndex } = context;
		const returnAll = fn.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const qs = reportQuery(context);
		const { items } = await listAll(client, itemIndex, {
			...REPORT_LIST,
			qs,
			limit: returnAll ? Infinity : (fn.getNodeParameter('limit', itemIndex, 50) as number),
		});
		return items.map((report) => ({ json: reportJson(report, qs) }));
	},
};
