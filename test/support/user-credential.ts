// A user (OAuth2) credential as n8n holds it after "Connect my account": the authorization-code flow run
// against the emulator for one of its users.
import type { IDataObject } from 'n8n-workflow';
import { request } from 'undici';

import { CredentialStore } from '../../support/engine';
import type { Emulator } from '../../support/concur';
import { USER_CREDENTIAL } from '../../support/concur';

const REDIRECT = 'http://localhost:5678/rest/oauth2-credential/callback';

async function connectUser(emu: Emulator, loginId: string): Promise<Record<string, unknown>> {
	const authorize = new URL(emu.authorizeUrl);
	authorize.search = new URLSearchParams({
		client_id: emu.client.id,
		redirect_uri: REDIRECT,
		response_type: 'code',
		state: 'n8n-state',
		login_hint: loginId,
	}).toString();
	const redirect = await request(authorize, { method: 'GET' });
	await redirect.body.dump();
	const callback = new URL(String(redirect.headers.location));
	const exchange = await request(emu.tokenUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'authorization_code',
			code: String(callback.searchParams.get('code')),
			redirect_uri: REDIRECT,
			client_id: emu.client.id,
			client_secret: emu.client.secret,
		}).toString(),
	});
	const token = (await exchange.body.json()) as Record<string, unknown>;
	return { ...token, callbackQueryString: { geolocation: callback.searchParams.get('geolocation') } };
}

export async function userCredential(emu: Emulator, loginId: string): Promise<CredentialStore> {
	return new CredentialStore().add({
		...USER_CREDENTIAL,
		type: 'concurOAuth2Api',
		data: {
			dataCenter: 'custom',
			customBaseUrl: emu.baseUrl,
			followGeolocation: true,
			clientId: emu.client.id,
			clientSecret: emu.client.secret,
			oauthTokenData: (await connectUser(emu, loginId)) as IDataObject,
		},
	});
}
