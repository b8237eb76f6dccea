// What a user sees when creating either Concur credential (issue 18, the credentials' mutants that the transport
// retest left as timeouts: their declarative fields are built each time n8n builds the credential, so no workflow
// test looks at them). The fields, which ones are masked, which show for which choice, and where the docs are.
import type { INodeProperties } from 'n8n-workflow';

import { ConcurCompanyApi } from '../../credentials/ConcurCompanyApi.credentials';
import { ConcurOAuth2Api } from '../../credentials/ConcurOAuth2Api.credentials';
import { DATA_CENTERS } from '../../nodes/ConcurImaging/api/dataCenters';

const company = new ConcurCompanyApi();
const user = new ConcurOAuth2Api();
const field = (properties: INodeProperties[], name: string) => {
	const found = properties.find((property) => property.name === name);
	if (!found) throw new Error(`no field ${name}`);
	return found;
};
const visible = (properties: INodeProperties[]) => properties.filter((property) => property.type !== 'hidden');
/** The data-center fields both credentials share (api/credentialFields.ts), as the credential shows them. */
const dataCenterPart = (properties: INodeProperties[]) =>
	visible(properties).filter((property) => ['dataCenter', 'customBaseUrl', 'followGeolocation'].includes(property.name));

describe('the company credential', () => {
	it('is named for SAP Concur, with its icon and the page on company authentication', () => {
		expect(company.name).toBe('concurCompanyApi');
		expect(company.displayName).toBe('SAP Concur Company API');
		expect(company.icon).toEqual({ light: 'file:../icons/concur.svg', dark: 'file:../icons/concur.dark.svg' });
		expect(company.documentationUrl).toBe('https://developer.concur.com/api-reference/authentication/company-auth.html');
	});

	it('asks for the data center, the app, and how to connect, in that order', () => {
		expect(visible(company.properties).map((property) => [property.displayName, property.name, property.type])).toEqual([
			...dataCenterPart(user.properties).map((property) => [property.displayName, property.name, property.type]),
			['Client ID', 'clientId', 'string'],
			['Client Secret', 'clientSecret', 'string'],
			['Connect Using', 'connectWith', 'options'],
			['Company UUID', 'companyId', 'string'],
			['Company Request Token', 'requestToken', 'string'],
			['Refresh Token', 'refreshToken', 'string'],
		]);
		expect(field(company.properties, 'clientId')).toMatchObject({ required: true, default: '' });
		expect(field(company.properties, 'clientSecret')).toMatchObject({ required: true, default: '' });
		expect(field(company.properties, 'clientId').description).toMatch(/client ID/);
	});

	it('masks every secret it asks for, and every token it keeps', () => {
		for (const name of ['clientSecret', 'requestToken', 'refreshToken', 'accessToken', 'currentRefreshToken']) {
			expect({ name, typeOptions: field(company.properties, name).typeOptions }).toEqual({
				name,
				typeOptions: expect.objectContaining({ password: true }),
			});
		}
		expect(field(company.properties, 'accessToken').typeOptions).toEqual({ expirable: true, password: true });
	});

	it('starts from a request token, and shows only the fields of the way chosen', () => {
		const connectWith = field(company.properties, 'connectWith');
		expect(connectWith.default).toBe('requestToken');
		expect(connectWith.options?.map((option) => ('value' in option ? [option.name, option.value] : []))).toEqual([
			['Company Request Token', 'requestToken'],
			['Existing Refresh Token', 'refreshToken'],
		]);
		expect(connectWith.options?.map((option) => ('description' in option ? option.description : ''))).toEqual([
			expect.stringMatching(/company UUID and request token .*24 hours/),
			expect.stringMatching(/refresh token/),
		]);
		expect(field(company.properties, 'companyId').displayOptions).toEqual({ show: { connectWith: ['requestToken'] } });
		expect(field(company.properties, 'requestToken').displayOptions).toEqual({ show: { connectWith: ['requestToken'] } });
		expect(field(company.properties, 'refreshToken').displayOptions).toEqual({ show: { connectWith: ['refreshToken'] } });
		expect(field(company.properties, 'companyId')).toMatchObject({ default: '', placeholder: expect.stringMatching(/^e\.g\. /) });
		expect(field(company.properties, 'companyId').description).toMatch(/company ID/);
		expect(field(company.properties, 'requestToken').description).toMatch(/Authentication Admin > Company Request Token/);
	});

	it('keeps what Concur returns in hidden fields that start empty', () => {
		const hidden = company.properties.filter((property) => property.type === 'hidden');
		expect(hidden.map((property) => [property.displayName, property.name, property.default])).toEqual([
			['Access Token', 'accessToken', ''],
			['Current Refresh Token', 'currentRefreshToken', ''],
			['Geolocation', 'geolocation', ''],
			['Access Expires At', 'accessExpiresAt', ''],
			['Refresh Expires At', 'refreshExpiresAt', ''],
			['Setup Fingerprint', 'setupFingerprint', ''],
		]);
		for (const name of ['requestToken', 'refreshToken', 'companyId']) expect(field(company.properties, name).default).toBe('');
	});
});

describe('both credentials', () => {
	it('say on the data center what goes there first, and that n8n follows the geolocation afterwards', () => {
		expect(field(company.properties, 'dataCenter').description).toBe(
			'Where your Concur company lives. The first token request goes here; afterwards n8n follows the geolocation Concur returns.',
		);
		expect(field(user.properties, 'dataCenter').description).toBe(
			'Where your Concur company lives. Sign-in starts here; afterwards n8n follows the geolocation Concur returns.',
		);
	});
});

describe('the user credential', () => {
	it('is an OAuth2 credential named for SAP Concur, with the page on Concur authentication', () => {
		expect(user.name).toBe('concurOAuth2Api');
		expect(user.extends).toEqual(['oAuth2Api']);
		expect(user.displayName).toBe('SAP Concur OAuth2 API');
		expect(user.icon).toEqual({ light: 'file:../icons/concur.svg', dark: 'file:../icons/concur.dark.svg' });
		expect(user.documentationUrl).toBe('https://developer.concur.com/api-reference/authentication/apidoc.html');
	});

	it('signs in with the authorization code, sends the app in the body, and leaves the scope to the app', () => {
		expect(field(user.properties, 'grantType')).toMatchObject({ type: 'hidden', default: 'authorizationCode' });
		expect(field(user.properties, 'authentication')).toMatchObject({ type: 'hidden', default: 'body' });
		expect(field(user.properties, 'authQueryParameters')).toMatchObject({ type: 'hidden', default: '' });
		expect(field(user.properties, 'scope')).toMatchObject({
			displayName: 'Scope',
			type: 'string',
			default: '',
			placeholder: expect.stringMatching(/^e\.g\. /),
		});
		expect(field(user.properties, 'scope').description).toMatch(/Leave empty/);
		expect(visible(user.properties).map((property) => property.name)).toEqual([
			...dataCenterPart(company.properties).map((property) => property.name),
			'scope',
		]);
	});

	it("signs in at each data center's sign-in host and asks for tokens at its API host, or at the token's geolocation", () => {
		const authUrl = String(field(user.properties, 'authUrl').default);
		const tokenUrl = String(field(user.properties, 'accessTokenUrl').default);
		expect(authUrl).toMatch(/^=\{\{ .* \+ "\/oauth2\/v0\/authorize" \}\}$/);
		expect(tokenUrl).toMatch(/^=\{\{ .* \+ "\/oauth2\/v0\/token" \}\}$/);
		for (const dc of DATA_CENTERS.filter((center) => center.value !== 'custom')) {
			expect(authUrl).toContain(`$self["dataCenter"] === "${dc.value}" ? "${dc.browserHost}"`);
			expect(tokenUrl).toContain(`$self["dataCenter"] === "${dc.value}" ? "${dc.apiHost}"`);
		}
		expect(authUrl).toContain('String($self["customBaseUrl"] || "").trim()');
		expect(tokenUrl).toContain('$self["oauthTokenData"]["geolocation"]');
	});
});
