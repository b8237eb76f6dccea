import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';
import {
	callBaseUrl,
	companySetupFingerprint,
	companySetupMatches,
	followsGeolocation,
} from '../nodes/ConcurImaging/api/companySetup';
import { dataCenterFields } from '../nodes/ConcurImaging/api/credentialFields';
import { apiBaseUrl, isTrustedGeolocation } from '../nodes/ConcurImaging/api/dataCenters';
import type { FormPost } from '../nodes/ConcurImaging/api/tokens';
import {
	ConcurTokenError,
	expiryFromNow,
	refreshExpiry,
	requestConcurToken,
} from '../nodes/ConcurImaging/api/tokens';

/**
 * A secret the user types: a masked string, empty until entered. The client secret, the request token and the
 * refresh token are all this. n8n's credential-password-field lint rule checks only the fields written out as
 * literals in `properties`, so for the fields built here it is this builder that keeps them masked.
 */
const secretField = (displayName: string, name: string, more: Partial<INodeProperties>): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	typeOptions: { password: true },
	default: '',
	...more,
});

/**
 * Company-level access to Concur (the recommended setup for automations): an admin generates a company request
 * token once; n8n exchanges it for a refresh token and from then on renews the one-hour access token by itself,
 * saving the refresh token and geolocation Concur returns each time (both may change on any refresh).
 */
export class ConcurCompanyApi implements ICredentialType {
	name = 'concurCompanyApi';

	displayName = 'SAP Concur Company API';

	icon: Icon = { light: 'file:../icons/concur.svg', dark: 'file:../icons/concur.dark.svg' };

	documentationUrl =
		'https://developer.concur.com/api-reference/authentication/company-auth.html';

	properties: INodeProperties[] = [
		...dataCenterFields('The first token request goes here'),
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'The app ID (client ID) from your Concur app registration',
		},
		secretField('Client Secret', 'clientSecret', { required: true }),
		{
			displayName: 'Connect Using',
			name: 'connectWith',
			type: 'options',
			options: [
				{
					name: 'Company Request Token',
					value: 'requestToken',
					description: 'First setup: a company UUID and request token from Concur (valid 24 hours)',
				},
				{
					name: 'Existing Refresh Token',
					value: 'refreshToken',
					description: 'A company refresh token your integration already holds',
				},
			],
			default: 'requestToken',
		},
		{
			displayName: 'Company UUID',
			name: 'companyId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 0c3a7d5e-3f3b-4a8e-9d9e-1b2f7c5a6e10',
			description: 'The company ID shown next to the company request token in Concur',
			displayOptions: { show: { connectWith: ['requestToken'] } },
		},
		secretField('Company Request Token', 'requestToken', {
			description:
				'Generated in Concur under Administration > Company > Authentication Admin > Company Request Token. n8n exchanges it once for a refresh token.',
			displayOptions: { show: { connectWith: ['requestToken'] } },
		}),
		secretField('Refresh Token', 'refreshToken', { displayOptions: { show: { connectWith: ['refreshToken'] } } }),
		// Kept up to date by n8n itself: the latest tokens Concur issued and where to send calls.
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Current Refresh Token',
			name: 'currentRefreshToken',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Geolocation', name: 'geolocation', type: 'hidden', default: '' },
		{ displayName: 'Access Expires At', name: 'accessExpiresAt', type: 'hidden', default: '' },
		{ displayName: 'Refresh Expires At', name: 'refreshExpiresAt', type: 'hidden', default: '' },
		{ displayName: 'Setup Fingerprint', name: 'setupFingerprint', type: 'hidden', default: '' },
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const post: FormPost = async (url, form) =>
			(await this.helpers.httpRequest({
				method: 'POST',
				url,
				body: new URLSearchParams(form).toString(),
				headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				// A redirect would carry the client secret and token to another address; a token endpoint that
				// never answers must not hold the execution for ever.
				disableFollowRedirect: true,
				timeout: TOKEN_REQUEST_TIMEOUT_MS,
			})) as { statusCode: number; body: unknown; headers?: Record<string, unknown> };
		try {
			return await obtainCompanyTokens(post, credentials);
		} catch (error) {
			// Token errors are already worded for the user and carry no secret; anything else is reduced to its
			// message so request details (the form holds the client secret) never travel with it.
			if (error instanceof ConcurTokenError) throw error;
			throw new ConcurTokenError(`Concur token request failed: ${String((error as Error).message)}`, 'unexpected');
		}
	}

	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	) => {
		const baseURL = callBaseUrl(credentials);
		const isRelative = !/^https?:\/\//i.test(requestOptions.url);
		return {
			...requestOptions,
			...(isRelative ? { baseURL } : {}),
			headers: { ...requestOptions.headers, Authorization: `Bearer ${credentials.accessToken as string}` },
		};
	};

	test: ICredentialTestRequest = {
		request: { method: 'GET', url: '/api/v3.0/expense/receiptimages', qs: { limit: 1 } },
	};
}

/** Concur answers within 60 seconds or not at all; a token request gets half of that. */
const TOKEN_REQUEST_TIMEOUT_MS = 30_000;

/**
 * Gets a fresh access token: from the stored refresh token when there is one for the current setup, otherwise
 * by exchanging what the user entered. Returns every field n8n must persist.
 */
export async function obtainCompanyTokens(
	post: FormPost,
	credentials: ICredentialDataDecryptedObject,
): Promise<ICredentialDataDecryptedObject> {
	const configuredBaseUrl = apiBaseUrl(credentials.dataCenter as string, credentials.customBaseUrl as string);
	if (!configuredBaseUrl) {
		throw new ConcurTokenError('Enter the base URL of the Concur API in the credential.', 'unexpected');
	}
	const client = { client_id: String(credentials.clientId ?? ''), client_secret: String(credentials.clientSecret ?? '') };
	const fingerprint = companySetupFingerprint(credentials);
	const stored = companySetupMatches(credentials) ? credentials : undefined;
	const storedGeolocation = stored?.geolocation as string | undefined;
	const followGeolocation = followsGeolocation(credentials);

	const refresh = async (refreshToken: string, baseUrl: string) =>
		await requestConcurToken(
			post,
			baseUrl,
			{ ...client, grant_type: 'refresh_token', refresh_token: refreshToken },
			{ grantLabel: 'refresh token', configuredBaseUrl, followGeolocation },
		);
	const exchangeRequestToken = async () => {
		if (!credentials.companyId || !credentials.requestToken) {
			throw new ConcurTokenError(
				'Enter the company UUID and company request token in the credential (or switch "Connect Using" to an existing refresh token).',
				'invalid_grant',
			);
		}
		return await requestConcurToken(
			post,
			configuredBaseUrl,
			{
				...client,
				grant_type: 'password',
				credtype: 'authtoken',
				username: String(credentials.companyId),
				password: String(credentials.requestToken),
			},
			{ grantLabel: 'company request token', configuredBaseUrl, followGeolocation },
		);
	};

	let token;
	const currentRefreshToken = stored?.currentRefreshToken as string | undefined;
	if (currentRefreshToken) {
		try {
			token = await refresh(currentRefreshToken, callBaseUrl(credentials, storedGeolocation));
		} catch (error) {
			// A revoked refresh token can still be replaced while the request token is within its 24 hours.
			if (!(error instanceof ConcurTokenError && error.kind === 'invalid_grant')) throw error;
			if (credentials.connectWith !== 'requestToken') throw error;
			try {
				token = await exchangeRequestToken();
			} catch {
				throw error;
			}
		}
	} else if (credentials.connectWith === 'refreshToken') {
		if (!credentials.refreshToken) {
			throw new ConcurTokenError('Enter the refresh token in the credential.', 'invalid_grant');
		}
		token = await refresh(String(credentials.refreshToken), configuredBaseUrl);
	} else {
		token = await exchangeRequestToken();
	}

	const geolocation = token.geolocation || storedGeolocation || configuredBaseUrl;
	return {
		accessToken: token.access_token,
		currentRefreshToken: token.refresh_token || currentRefreshToken || String(credentials.refreshToken ?? ''),
		geolocation: isTrustedGeolocation(geolocation, configuredBaseUrl) ? geolocation.replace(/\/+$/, '') : configuredBaseUrl,
		accessExpiresAt: expiryFromNow(token.expires_in),
		refreshExpiresAt: refreshExpiry(token.refresh_expires_in) || (stored?.refreshExpiresAt as string) || '',
		setupFingerprint: fingerprint,
	};
}
