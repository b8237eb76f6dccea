import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { DATA_CENTER_OPTIONS, DATA_CENTERS, EMULATOR_BASE_URL } from '../nodes/ConcurImaging/api/dataCenters';

/** An n8n expression choosing a data center's host from `$self.dataCenter` (custom: the URL the user typed). */
const hostOf = (kind: 'apiHost' | 'browserHost') =>
	DATA_CENTERS.filter((dc) => dc.value !== 'custom').reduceRight(
		(otherwise, dc) => `($self["dataCenter"] === "${dc.value}" ? "${dc[kind]}" : ${otherwise})`,
		'String($self["customBaseUrl"] || "").trim()',
	);

/**
 * User-level access to Concur (OAuth2 authorization code): each user signs in to Concur and n8n keeps the token
 * fresh. Refresh and API calls go to the `geolocation` the token came with, as Concur requires.
 */
export class ConcurOAuth2Api implements ICredentialType {
	name = 'concurOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'SAP Concur OAuth2 API';

	icon: Icon = { light: 'file:../icons/concur.svg', dark: 'file:../icons/concur.dark.svg' };

	documentationUrl = 'https://developer.concur.com/api-reference/authentication/apidoc.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Data Center',
			name: 'dataCenter',
			type: 'options',
			options: DATA_CENTER_OPTIONS,
			default: 'us2',
			description:
				'Where your Concur company lives. Sign-in starts here; afterwards n8n follows the geolocation Concur returns.',
		},
		{
			displayName: 'Base URL',
			name: 'customBaseUrl',
			type: 'string',
			default: '',
			placeholder: `e.g. https://us2.api.concursolutions.com or ${EMULATOR_BASE_URL}`,
			displayOptions: { show: { dataCenter: ['custom'] } },
		},
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `={{ ${hostOf('browserHost')} + "/oauth2/v0/authorize" }}`,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{ (($self["oauthTokenData"] && $self["oauthTokenData"]["geolocation"]) ? $self["oauthTokenData"]["geolocation"] : ${hostOf('apiHost')}) + "/oauth2/v0/token" }}`,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: '',
			placeholder: 'e.g. openid IMAGE EXPRPT receipts.read',
			description: 'Leave empty to get all scopes your Concur app is registered for',
		},
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
	];
}
