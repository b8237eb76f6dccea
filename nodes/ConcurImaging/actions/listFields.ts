import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** Fields of the v3 listings: Get Many's Filters, and the status choices it shares with the trigger. */

/** The Filters collection of a Get Many: Concur's query filters, each optional. */
export const filtersCollection = (options: INodeProperties[]): INodeProperties => ({
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	options,
});

/** Choices for a list of Concur status codes, each named with its code, e.g. "Approved (A_APPR)". */
export const statusCodeOptions = (
	codes: Array<[code: string, words: string]>,
): INodePropertyOptions[] =>
	codes.map(([value, words]) => ({ name: `${words} (${value})`, value }));
