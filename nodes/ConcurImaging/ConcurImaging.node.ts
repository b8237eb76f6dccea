import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import type { OperationContext } from './actions/shared';
import { needsConcur, OPERATIONS } from './actions/router';
import { invoice, expenseEntry, report } from './descriptions/attachments';
import { fileFields, fileOperations } from './descriptions/file';
import { receiptFields, receiptOperations } from './descriptions/receipt';
import type { Authentication } from './transport';
import { ConcurClient, errorCodeOf, withCode } from './transport';

export class ConcurImaging implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Concur Imaging',
		name: 'concurImaging',
		icon: { light: 'file:concurImaging.svg', dark: 'file:concurImaging.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Upload and get SAP Concur receipt, expense and invoice images, checked before they are sent',
		defaults: { name: 'Concur Imaging' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'concurCompanyApi',
				required: true,
				displayOptions: { show: { authentication: ['companyApi'] }, hide: { resource: ['file'] } },
			},
			{
				name: 'concurOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['userOAuth2'] }, hide: { resource: ['file'] } },
			},
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'Company (Request Token)', value: 'companyApi' },
					{ name: 'User (OAuth2)', value: 'userOAuth2' },
				],
				default: 'companyApi',
				displayOptions: { hide: { resource: ['file'] } },
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Expense Entry', value: 'expenseEntry' },
					{ name: 'File', value: 'file', description: 'Check files before sending them' },
					{ name: 'Invoice', value: 'invoice' },
					{ name: 'Receipt', value: 'receipt', description: "The user's Available Receipts" },
					{ name: 'Report', value: 'report' },
				],
				default: 'receipt',
			},
			receiptOperations,
			expenseEntry.operations,
			report.operations,
			invoice.operations,
			fileOperations,
			...receiptFields,
			...expenseEntry.fields,
			...report.fields,
			...invoice.fields,
			...fileFields,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		if (!items.length) return [[]];
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const run = OPERATIONS[resource]?.[operation];
		if (!run) {
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known for "${resource}"`);
		}

		// Batch-wide settings come from the first item, like n8n's own nodes.
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		const concurrency = Math.max(1, Math.min(16, Math.floor(Number(options.concurrency ?? 4))));
		const client = needsConcur(resource)
			? new ConcurClient(this, this.getNodeParameter('authentication', 0, 'companyApi') as Authentication, {
					maxRetries: Math.max(0, Math.floor(Number(options.maxRetries ?? 3))),
					initialDelayMs: Math.max(0, Number(options.retryDelayMs ?? 1000)),
					maxDelayMs: 60_000,
				})
			: (undefined as unknown as ConcurClient);

		const results: INodeExecutionData[][] = new Array(items.length);
		// Without "continue on fail" the batch stops at the first failure: no new item starts, the ones already
		// in flight finish, and the failure of the lowest item index is reported.
		const failure: { first?: { index: number; error: Error } } = {};
		let next = 0;
		const worker = async () => {
			while (next < items.length && !failure.first) {
				const itemIndex = next++;
				const context: OperationContext = { fn: this, client, item: items[itemIndex], itemIndex };
				try {
					results[itemIndex] = await run(context);
				} catch (caught) {
					const error = asNodeError(this, caught, itemIndex);
					if (this.continueOnFail()) {
						results[itemIndex] = [errorItem(error, items[itemIndex], itemIndex)];
					} else {
						const earlier = failure.first as { index: number } | undefined;
						if (!earlier || itemIndex < earlier.index) failure.first = { index: itemIndex, error };
					}
				}
			}
		};
		await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
		if (failure.first) throw failure.first.error;
		return [results.flat()];
	}
}

/** Every failure leaves as a NodeApiError or NodeOperationError carrying the item index and a routing code. */
function asNodeError(fn: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (!errorCodeOf(error)) withCode(error, 'CONCUR_ERROR');
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	const message = (error as Error)?.message ?? String(error);
	const unreadable = (error as Error)?.name === 'UnreadableResponseError';
	return withCode(
		new NodeApiError(fn.getNode(), { message } as JsonObject, {
			message,
			description: unreadable
				? 'Concur answered with something this node cannot read (often a maintenance page). Run the item again later.'
				: undefined,
			itemIndex,
		}),
		unreadable ? 'UNREADABLE_RESPONSE' : 'CONCUR_ERROR',
	);
}

/**
 * The item for the error output: what failed, and under `details` the code to route on and Concur's own words.
 * n8n sends an item to the error output only when its json has no keys but error, message and details, and it
 * replaces the json of items that carry an Error object, so the details travel as plain data. The input's file
 * stays on the item, so a rejected receipt can be routed on and nothing is lost.
 */
function errorItem(
	error: NodeApiError | NodeOperationError,
	input: INodeExecutionData,
	itemIndex: number,
): INodeExecutionData {
	const context = error.context as IDataObject;
	const details: IDataObject = { code: errorCodeOf(error) ?? 'CONCUR_ERROR' };
	if (error.description) details.description = error.description;
	for (const key of ['httpCode', 'concurMessage', 'concurCode', 'correlationId', 'fileName', 'detectedMimeType', 'problems']) {
		if (context[key] !== undefined) details[key] = context[key];
	}
	return { json: { error: error.message, details }, binary: input.binary, pairedItem: { item: itemIndex } };
}
