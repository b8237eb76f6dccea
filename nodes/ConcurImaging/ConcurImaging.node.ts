import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { LOCAL_RESOURCES, resourceProperties } from './actions/resources';
import { route } from './actions/router';
import { authenticationProperty, concurCredentials } from './authentication';
import { CONCUR_IMAGING_ICON } from './icon';

/** The node: its description is assembled from the resources; execute is the router. */
export class ConcurImaging implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Concur Imaging',
		name: 'concurImaging',
		icon: CONCUR_IMAGING_ICON,
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Upload and get SAP Concur receipt, expense and invoice images, checked before they are sent',
		defaults: { name: 'Concur Imaging' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: concurCredentials({ resource: LOCAL_RESOURCES }),
		properties: [authenticationProperty({ resource: LOCAL_RESOURCES }), ...resourceProperties()],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this);
	}
}
