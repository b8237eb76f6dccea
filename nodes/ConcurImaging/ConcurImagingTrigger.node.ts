import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { authenticationProperty, concurCredentials } from './authentication';
import { CONCUR_IMAGING_ICON } from './icon';
import { triggerProperties } from './trigger/description';
import { pollConcur } from './trigger/poll';

/**
 * Polls Concur for reports and invoices that reached a status, and for new receipt images in Available
 * Receipts. Each event is emitted once; the cursor lives in the workflow's static data (see trigger/cursor.ts).
 */
export class ConcurImagingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Concur Imaging Trigger',
		name: 'concurImagingTrigger',
		icon: CONCUR_IMAGING_ICON,
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] }}',
		description: 'Starts a workflow when a Concur report or invoice reaches a status, or a receipt image arrives',
		defaults: { name: 'Concur Imaging Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: concurCredentials(),
		properties: [authenticationProperty(), ...triggerProperties],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollConcur(this);
	}
}
