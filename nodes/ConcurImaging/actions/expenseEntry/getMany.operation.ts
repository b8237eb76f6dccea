import type { IDataObject } from 'n8n-workflow';

import { ENTRY_QUERY, parseEntryPage } from '../../api/entries';
import { ENTRIES_V3 } from '../../api/paths';
import { callOptions, idField, optionsCollection, returnAllFields } from '../fields';
import { listAll } from '../listing';
import { idParameter, optionsOf } from '../parameters';
import type { OperationModule } from '../types';

const onlyWithImageOption = {
	displayName: 'Only With Image',
	name: 'onlyWithImage',
	type: 'boolean' as const,
	default: false,
	description:
		"Whether to return only entries that have an image (HasImage). Concur's entries list has no such filter, so the node filters the answer.",
};

const entryOwnerOption = {
	displayName: 'Owner (Login ID)',
	name: 'owner',
	type: 'string' as const,
	default: '',
	placeholder: 'e.g. alex.ops@example.com',
	description:
		"Login ID of the report's owner (Concur's user), for administrators listing another user's entries. Needs the Web Services Admin role.",
};

/** GET /api/v3.0/expense/entries?reportID=…: one output item per entry of the report, with HasImage. */
export const getMany: OperationModule = {
	option: {
		name: 'Get Many',
		value: 'getMany',
		description: 'List the expense entries of a report, with whether each has an image (Expense Entries v3)',
		action: 'Get many expense entries',
	},
	fields: [
		idField('reportId', 'Report ID', 'ID of the expense report whose entries to list, e.g. from Report > Get Many', 'e.g. gWonjE$prhaSd7DMzt3iGi1EcpjI3UNHOjwQ'),
		...returnAllFields,
		optionsCollection([onlyWithImageOption, entryOwnerOption, ...callOptions]),
	],
	async execute(context) {
		const { fn, client, itemIndex } = context;
		const report = idParameter(context, 'reportId', 'report ID');
		const options = optionsOf(context);
		const owner = String(options.owner ?? '').trim();
		const qs: IDataObject = { [ENTRY_QUERY.reportId]: report.raw, ...(owner ? { [ENTRY_QUERY.user]: owner } : {}) };
		const onlyWithImage = options.onlyWithImage === true;
		const returnAll = fn.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const { items } = await listAll(client, itemIndex, {
			path: ENTRIES_V3,
			qs,
			call: { target: 'expense entries of report', id: report.raw, action: 'list' },
			parse: (body, contentType) => {
				const page = parseEntryPage(body, contentType);
				const list = onlyWithImage ? page.entries.filter((entry) => entry.hasImage === true) : page.entries;
				return { list, nextPage: page.nextPage };
			},
			limit: returnAll ? Infinity : (fn.getNodeParameter('limit', itemIndex, 50) as number),
		});
		return items.map((entry) => ({ json: { ...entry, resource: 'expenseEntry' } as IDataObject }));
	},
};
