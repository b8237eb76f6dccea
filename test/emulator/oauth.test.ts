// OAuth2 v0 of the emulator: grants, documented success fields, documented error codes, geolocation routing,
// refresh-token rotation, request-token lifetime.
import {
	companyToken,
	decodeJwt,
	form,
	http,
	tokenRequest,
	TokenBody,
	userToken,
} from './helpers';
import { useEmulator } from '../support/use-emulator';

const emu = useEmulator({ storage: 'memory' }, { reset: { clearTokens: true } });


const client = () => ({ client_id: emu().client.id, client_secret: emu().client.secret });
function userStarting(prefix: string) {
	const user = emu().users.find((u) => u.loginId.startsWith(prefix));
	if (!user) throw new Error(`no seeded user ${prefix}`);
	return user;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('password grant, credtype=authtoken (company request token)', () => {
	it('returns the documented fields; geolocation is the company home (the second data center)', async () => {
		const res = await tokenRequest(emu().baseUrl, {
			...client(),
			grant_type: 'password',
			credtype: 'authtoken',
			username: emu().company.id,
			password: emu().company.requestToken,
		});
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toMatch(/^application\/json/);
		const body = res.json() as TokenBody;
		expect(Object.keys(body).sort()).toEqual(
			[
				'access_token',
				'expires_in',
				'geolocation',
				'id_token',
				'refresh_expires_in',
				'refresh_token',
				'scope',
				'token_type',
			].sort(),
		);
		expect(body.token_type).toBe('Bearer');
		expect(body.expires_in).toBe('3600');
		expect(body.geolocation).toBe(emu().dataCenters.eu);
		expect(body.geolocation).not.toBe(emu().baseUrl);
		expect(body.refresh_token).toMatch(UUID);
		const nowS = Math.floor(emu().now() / 1000);
		expect(typeof body.refresh_expires_in).toBe('number');
		expect(body.refresh_expires_in).toBeGreaterThan(nowS + 179 * 86400);
		expect(body.refresh_expires_in).toBeLessThan(nowS + 181 * 86400);
		expect(body.scope.split(' ')).toEqual(expect.arrayContaining(['IMAGE']));
		const claims = decodeJwt(body.id_token as string);
		expect(claims.sub).toBe(emu().company.id);
		expect(claims['concur.type']).toBe('company');
		expect(claims.aud).toBe(emu().client.id);
		expect(claims.iss).toBe(emu().dataCenters.eu);
		expect(typeof claims.exp).toBe('number');
		expect(typeof claims.iat).toBe('number');
		expect(body.access_token.split('.')).toHaveLength(3);
	});

	it('the request token is reusable within 24 hours and refused (code 5, "expired") after', async () => {
		await companyToken(emu());
		emu().advanceTime(23 * 3600);
		await companyToken(emu());
		emu().advanceTime(3600 + 1);
		const res = await tokenRequest(emu().baseUrl, {
			...client(),
			grant_type: 'password',
			credtype: 'authtoken',
			username: emu().company.id,
			password: emu().company.requestToken,
		});
		expect(res.status).toBe(400);
		const body = res.json();
		expect(body.code).toBe(5);
		expect(body.error).toBe('invalid_grant');
		expect(body.error_description).toMatch(/expired/i);
		expect(body.error_description).toMatch(/24 hours/);

		// A fresh request token (admin API) works again.
		const fresh = await http(`${emu().adminUrl}/request-tokens`, { method: 'POST' });
		expect(fresh.status).toBe(200);
		const ok = await tokenRequest(emu().baseUrl, {
			...client(),
			grant_type: 'password',
			credtype: 'authtoken',
			username: emu().company.id,
			password: fresh.json().requestToken,
		});
		expect(ok.status).toBe(200);
		expect(emu().issueRequestToken()).toEqual(expect.any(String));
	});

	it('a wrong request token is code 5 "Incorrect Credentials"', async () => {
		const res = await tokenRequest(emu().baseUrl, {
			...client(),
			grant_type: 'password',
			credtype: 'authtoken',
			username: emu().company.id,
			password: 'not-the-token',
		});
		expect(res.status).toBe(400);
		expect(res.json()).toEqual({
			code: 5,
			error: 'invalid_grant',
			error_description: 'Incorrect Credentials. Please Retry',
		});
	});

	it('accepts the client credentials as HTTP Basic instead of form fields', async () => {
		const basic = Buffer.from(`${emu().client.id}:${emu().client.secret}`).toString('base64');
		const res = await tokenRequest(
			emu().baseUrl,
			{
				grant_type: 'password',
				credtype: 'authtoken',
				username: emu().company.id,
				password: emu().company.requestToken,
			},
			{ authorization: `Basic ${basic}` },
		);
		expect(res.status).toBe(200);
	});

	it('expires_in is a number when configured so', async () => {
		emu().configure({ expiresInType: 'number', tokenLifetimeSeconds: 120 });
		const body = await companyToken(emu());
		expect(body.expires_in).toBe(120);
	});
});

describe('token endpoint errors (documented codes)', () => {
	const cases: Array<[string, () => Record<string, string>, number, number, string]> = [
		['client_id missing', () => ({ client_secret: emu().client.secret, grant_type: 'client_credentials' }), 400, 62, 'invalid_request'],
		['client_secret missing', () => ({ client_id: emu().client.id, grant_type: 'client_credentials' }), 400, 63, 'invalid_request'],
		['unknown client', () => ({ client_id: 'nope', client_secret: 'x', grant_type: 'client_credentials' }), 401, 61, 'invalid_client'],
		['wrong client secret', () => ({ client_id: emu().client.id, client_secret: 'wrong', grant_type: 'client_credentials' }), 401, 64, 'invalid_client'],
		['grant_type missing', () => ({ ...client() }), 400, 65, 'invalid_request'],
		['username missing', () => ({ ...client(), grant_type: 'password', password: 'x' }), 400, 51, 'invalid_request'],
		['password missing', () => ({ ...client(), grant_type: 'password', username: 'x' }), 400, 52, 'invalid_request'],
		['bad credtype', () => ({ ...client(), grant_type: 'password', username: 'x', password: 'y', credtype: 'magic' }), 400, 120, 'invalid_request'],
		['refresh_token missing', () => ({ ...client(), grant_type: 'refresh_token' }), 400, 106, 'invalid_request'],
		['unknown refresh token', () => ({ ...client(), grant_type: 'refresh_token', refresh_token: 'nope' }), 400, 108, 'invalid_grant'],
		['code missing', () => ({ ...client(), grant_type: 'authorization_code', redirect_uri: 'http://localhost/cb' }), 400, 101, 'invalid_request'],
		['bad code', () => ({ ...client(), grant_type: 'authorization_code', code: 'x', redirect_uri: 'http://localhost/cb' }), 400, 103, 'invalid_grant'],
		['bad scope', () => ({ ...client(), grant_type: 'client_credentials', scope: 'EVERYTHING' }), 400, 54, 'invalid_scope'],
	];
	it.each(cases)('%s', async (_name, fields, status, code, error) => {
		const res = await tokenRequest(emu().baseUrl, fields());
		expect(res.status).toBe(status);
		const body = res.json();
		expect(body.code).toBe(code);
		expect(body.error).toBe(error);
		expect(typeof body.error_description).toBe('string');
	});

	it('rejects a JSON body and secrets in the query string', async () => {
		const json = await http(`${emu().baseUrl}/oauth2/v0/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ ...client(), grant_type: 'client_credentials' }),
		});
		expect(json.status).toBe(400);
		expect(json.json()).toMatchObject({ error: 'invalid_request', code: 135 });
		const query = await http(`${emu().baseUrl}/oauth2/v0/token?${form({ client_secret: emu().client.secret })}`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: form({ client_id: emu().client.id, grant_type: 'client_credentials' }),
		});
		expect(query.status).toBe(400);
		expect(query.json().error_description).toMatch(/query string/);
	});
});

describe('password grant, credtype=password (user)', () => {
	it('must be called at the user home data center: elsewhere code 16 with geolocation', async () => {
		const alex = emu().users[0];
		expect(alex.homeDataCenter).toBe('eu');
		const wrong = await tokenRequest(emu().baseUrl, {
			...client(),
			grant_type: 'password',
			username: alex.loginId,
			password: alex.password,
		});
		expect(wrong.status).toBe(400);
		expect(wrong.json()).toMatchObject({ code: 16, error: 'invalid_request', geolocation: emu().dataCenters.eu });
		const right = await tokenRequest(wrong.json().geolocation, {
			...client(),
			grant_type: 'password',
			username: alex.loginId,
			password: alex.password,
		});
		expect(right.status).toBe(200);
		const body = right.json() as TokenBody;
		expect(body.geolocation).toBe(emu().dataCenters.eu);
		const claims = decodeJwt(body.id_token as string);
		expect(claims.sub).toBe(alex.id);
		expect(claims['concur.type']).toBe('user');
	});

	it('a user of the other data center gets that data center as geolocation', async () => {
		const casey = userStarting('casey');
		const body = await userToken(emu(), casey.loginId);
		expect(body.geolocation).toBe(emu().dataCenters.us);
	});

	it('a wrong password is code 5', async () => {
		const alex = emu().users[0];
		const res = await tokenRequest(emu().dataCenters.eu, {
			...client(),
			grant_type: 'password',
			username: alex.loginId,
			password: 'wrong',
		});
		expect(res.json()).toMatchObject({ code: 5, error: 'invalid_grant' });
	});
});

describe('refresh_token grant', () => {
	const refresh = (base: string, token: string) =>
		tokenRequest(base, { ...client(), grant_type: 'refresh_token', refresh_token: token });

	it('must be called at the token geolocation (else code 16 + geolocation)', async () => {
		const t = await companyToken(emu());
		const wrong = await refresh(emu().baseUrl, t.refresh_token as string);
		expect(wrong.status).toBe(400);
		expect(wrong.json()).toMatchObject({ code: 16, geolocation: t.geolocation });
		const right = await refresh(t.geolocation, t.refresh_token as string);
		expect(right.status).toBe(200);
	});

	it('rotation "always": a new refresh token each time, the old one fails with 108; expiry slides', async () => {
		const t = await companyToken(emu());
		emu().advanceTime(86400);
		const r1 = await refresh(t.geolocation, t.refresh_token as string);
		expect(r1.status).toBe(200);
		const b1 = r1.json() as TokenBody;
		expect(b1.refresh_token).not.toBe(t.refresh_token);
		expect(b1.access_token).not.toBe(t.access_token);
		expect(b1.refresh_expires_in as number).toBeGreaterThanOrEqual((t.refresh_expires_in as number) + 86400);
		expect(b1.geolocation).toBe(t.geolocation);
		const old = await refresh(t.geolocation, t.refresh_token as string);
		expect(old.status).toBe(400);
		expect(old.json()).toMatchObject({ code: 108, error: 'invalid_grant' });
		expect(old.json().error_description).toMatch(/replaced/);
		const r2 = await refresh(t.geolocation, b1.refresh_token as string);
		expect(r2.status).toBe(200);
	});

	it('rotation "never": the same refresh token keeps working', async () => {
		emu().configure({ refreshRotation: 'never' });
		const t = await companyToken(emu());
		const r1 = (await refresh(t.geolocation, t.refresh_token as string)).json() as TokenBody;
		expect(r1.refresh_token).toBe(t.refresh_token);
		const r2 = await refresh(t.geolocation, t.refresh_token as string);
		expect(r2.status).toBe(200);
	});

	it('rotation "sometimes": every second refresh rotates', async () => {
		emu().configure({ refreshRotation: 'sometimes' });
		const t = await companyToken(emu());
		const r1 = (await refresh(t.geolocation, t.refresh_token as string)).json() as TokenBody;
		expect(r1.refresh_token).toBe(t.refresh_token);
		const r2 = (await refresh(t.geolocation, t.refresh_token as string)).json() as TokenBody;
		expect(r2.refresh_token).not.toBe(t.refresh_token);
		expect((await refresh(t.geolocation, t.refresh_token as string)).json().code).toBe(108);
		expect((await refresh(t.geolocation, r2.refresh_token as string)).status).toBe(200);
	});

	it('revoked and expired refresh tokens fail with 108', async () => {
		const t = await companyToken(emu());
		emu().revokeRefreshTokens();
		const revoked = await refresh(t.geolocation, t.refresh_token as string);
		expect(revoked.json()).toMatchObject({ code: 108, error: 'invalid_grant' });
		const t2 = await companyToken(emu());
		emu().advanceTime(181 * 86400);
		const expired = await refresh(t2.geolocation, t2.refresh_token as string);
		expect(expired.json()).toMatchObject({ code: 108, error: 'invalid_grant' });
		expect(expired.json().error_description).toMatch(/expired/);
	});
});

describe('client_credentials grant', () => {
	it('returns an app token without refresh_token and id_token', async () => {
		const res = await tokenRequest(emu().baseUrl, { ...client(), grant_type: 'client_credentials' });
		expect(res.status).toBe(200);
		const body = res.json();
		expect(body.access_token).toEqual(expect.any(String));
		expect(body.refresh_token).toBeUndefined();
		expect(body.id_token).toBeUndefined();
		expect(body.geolocation).toBe(emu().baseUrl);
	});
});

describe('authorization_code grant', () => {
	const redirect = 'http://localhost:5678/rest/oauth2-credential/callback';

	it('GET /oauth2/v0/authorize approves and redirects with code, geolocation and state', async () => {
		const q = form({ client_id: emu().client.id, redirect_uri: redirect, scope: 'IMAGE openid', response_type: 'code', state: 's-123' });
		const res = await http(`${emu().baseUrl}/oauth2/v0/authorize?${q}`);
		expect(res.status).toBe(302);
		const location = new URL(String(res.headers.location));
		expect(`${location.origin}${location.pathname}`).toBe(redirect);
		expect(location.searchParams.get('state')).toBe('s-123');
		expect(location.searchParams.get('geolocation')).toBe(emu().dataCenters.eu);
		const code = location.searchParams.get('code') as string;
		expect(code).toBeTruthy();

		const exchange = () =>
			tokenRequest(emu().baseUrl, { ...client(), grant_type: 'authorization_code', code, redirect_uri: redirect });
		const tok = await exchange();
		expect(tok.status).toBe(200);
		const body = tok.json() as TokenBody;
		expect(body.scope).toBe('IMAGE openid');
		expect(body.geolocation).toBe(emu().dataCenters.eu);
		expect(decodeJwt(body.id_token as string).sub).toBe(emu().users[0].id);
		expect(body.refresh_token).toEqual(expect.any(String));
		const again = await exchange();
		expect(again.json()).toMatchObject({ code: 103, error: 'invalid_grant' });
	});

	it('login_hint picks the user; a redirect_uri mismatch is 104', async () => {
		const casey = userStarting('casey');
		const q = form({ client_id: emu().client.id, redirect_uri: redirect, response_type: 'code', login_hint: casey.loginId });
		const res = await http(`${emu().baseUrl}/oauth2/v0/authorize?${q}`);
		const location = new URL(String(res.headers.location));
		expect(location.searchParams.get('geolocation')).toBe(emu().dataCenters.us);
		const bad = await tokenRequest(emu().baseUrl, {
			...client(),
			grant_type: 'authorization_code',
			code: location.searchParams.get('code') as string,
			redirect_uri: 'http://elsewhere/cb',
		});
		expect(bad.json()).toMatchObject({ code: 104 });
	});

	it('an unknown client at /authorize is 401 code 61 (no redirect)', async () => {
		const res = await http(`${emu().baseUrl}/oauth2/v0/authorize?${form({ client_id: 'x', redirect_uri: redirect, response_type: 'code' })}`);
		expect(res.status).toBe(401);
		expect(res.json().code).toBe(61);
	});
});
