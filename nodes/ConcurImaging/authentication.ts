import type {
	ICredentialsDisplayOptions,
	INodeCredentialDescription,
	INodeProperties,
} from 'n8n-workflow';

import { choiceField } from './choiceField';

/** Parameters whose values hide the Authentication field and the credentials. */
type Hide = ICredentialsDisplayOptions['hide'];

/**
 * How both nodes reach Concur: the Authentication choice and the credential each choice takes. `hide` hides
 * both where the node does not call Concur (the action node's local resources).
 */
export const authenticationProperty = (hide?: Hide): INodeProperties => ({
	...choiceField('Authentication', 'authentication', [
		{ name: 'Company (Request Token)', value: 'companyApi' },
		{ name: 'User (OAuth2)', value: 'userOAuth2' },
	]),
	...(hide ? { displayOptions: { hide } } : {}),
});

export const concurCredentials = (hide?: Hide): INodeCredentialDescription[] =>
	[
		{ name: 'concurCompanyApi', authentication: 'companyApi' },
		{ name: 'concurOAuth2Api', authentication: 'userOAuth2' },
	].map(({ name, authentication }) => ({
		name,
		required: true,
		displayOptions: { show: { authentication: [authentication] }, ...(hide ? { hide } : {}) },
	}));
