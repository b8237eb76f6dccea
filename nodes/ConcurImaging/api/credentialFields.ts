import type { INodeProperties } from 'n8n-workflow';

import { DATA_CENTER_OPTIONS, EMULATOR_BASE_URL } from './dataCenters';

/**
 * Where a Concur credential sends its calls, the same for both credentials: a data center or a custom base URL,
 * and with a custom one whether calls follow the geolocation Concur names (read by companySetup.ts and the
 * OAuth2 token URL). `startsHere` says what goes to the data center first.
 */
export const dataCenterFields = (startsHere: string): INodeProperties[] => [
	{
		displayName: 'Data Center',
		name: 'dataCenter',
		type: 'options',
		options: DATA_CENTER_OPTIONS,
		default: 'us2',
		description: `Where your Concur company lives. ${startsHere}; afterwards n8n follows the geolocation Concur returns.`,
	},
	{
		displayName: 'Base URL',
		name: 'customBaseUrl',
		type: 'string',
		default: '',
		placeholder: `e.g. https://us2.api.concursolutions.com or ${EMULATOR_BASE_URL}`,
		description: 'Base URL of the Concur API, a proxy in front of it, or the local emulator',
		displayOptions: { show: { dataCenter: ['custom'] } },
	},
	{
		displayName: 'Follow Geolocation',
		name: 'followGeolocation',
		type: 'boolean',
		default: false,
		description:
			"Whether calls go to the data center Concur names in its token answers. Leave off for a proxy, so every call goes through it; turn on when the base URL is Concur's own or an emulator of its data centers.",
		displayOptions: { show: { dataCenter: ['custom'] } },
	},
];
