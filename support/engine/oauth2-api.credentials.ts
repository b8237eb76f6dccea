import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The parent credential type `oAuth2Api` as n8n-nodes-base defines it (the fields n8n-core's OAuth2 signing and
 * refresh read). n8n-nodes-base is not a dependency of this package, so the harness declares the same shape to
 * let credentials that `extends: ['oAuth2Api']` resolve their inherited fields and defaults.
 */
export class OAuth2Api implements ICredentialType {
	name = 'oAuth2Api';

	displayName = 'OAuth2 API';

	icon: Icon = { light: 'file:../../icons/concur.svg', dark: 'file:../../icons/concur.dark.svg' };

	documentationUrl = 'https://docs.n8n.io/integrations/builtin/credentials/httprequest/';

	// Never used by the harness; present because n8n's lint asks every credential for a test.
	test: ICredentialTestRequest = { request: { url: '={{ $credentials.accessTokenUrl }}' } };

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{ name: 'Authorization Code', value: 'authorizationCode' },
				{ name: 'Client Credentials', value: 'clientCredentials' },
				{ name: 'PKCE', value: 'pkce' },
			],
			default: 'authorizationCode',
		},
		{ displayName: 'Authorization URL', name: 'authUrl', type: 'string', default: '', required: true },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'string', default: '', required: true },
		{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '', required: true },
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{ displayName: 'Scope', name: 'scope', type: 'string', default: '' },
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'string', default: '' },
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'Body', value: 'body' },
				{ name: 'Header', value: 'header' },
			],
			default: 'header',
		},
		{ displayName: 'Ignore SSL Issues', name: 'ignoreSSLIssues', type: 'boolean', default: false },
	];
}
