import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { LOCAL_RESOURCES, resourceProperties } from './actions/resources';
import { route } from './actions/router';

/** The node: its description is assembled from the resources; execute is the router. */
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
				displayOptions: { show: { authentication: ['companyApi'] }, hide: { resource: LOCAL_RESOURCES } },
			},
			{
				name: 'concurOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['userOAuth2'] }, hide: { resource: LOCAL_RESOURCES } },
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
				displayOptions: { hide: { resource: LOCAL_RESOURCES } },
			},
			...resourceProperties(),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this);
	}
}
