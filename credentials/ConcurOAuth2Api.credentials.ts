import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { dataCenterFields } from '../nodes/ConcurImaging/api/credentialFields';
import { DATA_CENTERS } from '../nodes/ConcurImaging/api/dataCenters';

/** An n8n expression choosing a data center's host from `$self.dataCenter` (custom: the URL the user typed). */
const hostOf = (kind: 'apiHost' | 'browserHost') =>
	DATA_CENTERS.filter((dc) => dc.value !== 'custom').reduceRight(
		(otherwise, dc) => `($self["dataCenter"] === "${dc.value}" ? "${dc[kind]}" : ${otherwise})`,
		'String($self["customBaseUrl"] || "").trim()',
	);

/** Hosts a token's geolocation may name (n8n expressions: regular expressions without braces). */
const CONCUR_ORIGIN = String.raw`/^https:\/\/([a-z0-9-]+\.)*(concursolutions\.com|concurcdc\.cn)\/?$/i`;
const LOOPBACK_ORIGIN = String.raw`/^http:\/\/(127\.[0-9.]+|localhost)(:[0-9]+)?\/?$/`;
const GEOLOCATION = '($self["oauthTokenData"] && $self["oauthTokenData"]["geolocation"])';

/**
 * The token URL: refreshes go to the token's geolocation when it is a Concur host (or, for an emulator on this
 * machine, another port of it) and the setup follows geolocations (not a proxy base URL); else to the setup.
 */
const tokenHost = () => {
	const host = hostOf('apiHost');
	const follows = '($self["dataCenter"] !== "custom" || $self["followGeolocation"] === true)';
	const trusted = `(${CONCUR_ORIGIN}.test(${GEOLOCATION}) || (${LOOPBACK_ORIGIN}.test(${GEOLOCATION}) && ${LOOPBACK_ORIGIN}.test(${host})))`;
	return `((${GEOLOCATION} && ${follows} && ${trusted}) ? ${GEOLOCATION} : ${host})`;
};

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
		...dataCenterFields('Sign-in starts here'),
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
			default: `={{ ${tokenHost()} + "/oauth2/v0/token" }}`,
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
