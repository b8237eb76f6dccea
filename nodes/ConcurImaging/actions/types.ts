import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import type { ConcurClient } from '../transport';

/** What every operation gets for one item: n8n's context, the input item and its index. */
export interface ItemContext {
	fn: IExecuteFunctions;
	item: INodeExecutionData;
	itemIndex: number;
}

/** An operation that talks to Concur also gets the one client of this run. */
export interface ConcurItemContext extends ItemContext {
	client: ConcurClient;
}

/** An output item as an operation makes it; the router links it to its input item. */
export interface OutputItem {
	json: IDataObject;
	binary?: IBinaryKeyData;
}

/** One operation: its entry in the Operation list, its fields, and what it does with one item. */
export interface OperationModule<Context extends ItemContext = ConcurItemContext> {
	/** name, value (the saved-workflow contract), description and action, as n8n's operation list wants. */
	option: INodePropertyOptions & { action: string };
	/** The operation's own fields; the resource index shows them for this resource and operation only. */
	fields: INodeProperties[];
	execute(context: Context): Promise<OutputItem[]>;
	/** Whether it sends a file to Concur: a batch that stops on a failure then names the items already sent. */
	sendsFiles?: boolean;
}

interface ResourceBase {
	value: string;
	name: string;
	description?: string;
	/** The Operation selector: its options are the operations' `option`s, alphabetical, with a literal default. */
	operationField: INodeProperties;
}

/**
 * A resource and its operations. `usesConcur` decides whether the router builds a Concur client (and the node
 * asks for a credential); a local resource's operations get none, by type.
 */
export type ResourceModule =
	| (ResourceBase & { usesConcur: true; operations: Array<OperationModule<ConcurItemContext>> })
	| (ResourceBase & { usesConcur: false; operations: Array<OperationModule<ItemContext>> });
