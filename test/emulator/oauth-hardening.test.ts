// OAuth hardening options: a grace period for a rotated-out refresh token, how often a company request token
// may be exchanged (Concur's pages disagree: "multiple times within 24 hours" vs "single-use" / "up to five
// times"), a FOREIGN geolocation in token answers, and the token endpoint redirecting to another origin. The
// trap listener records what reaches it, unmasked.
import { companyToken, form, FORM_HEADERS, http, startEmulator, tokenRequest, TokenBody } from './helpers';
import { useEmulator } from '../support/use-emulator';

const emu = useEmulator({ storage: 'memory' }, { reset: { clearTokens: true } });

const client = () => ({ client_id: emu().client.id, client_secret: emu().client.secret });
const exchange = (requestToken = emu().company.requestToken) =>
	tokenRequest(emu().baseUrl, { ...client(), grant_type: 'password', credtype: 'authtoken', username: emu().company.id, password: requestToken });
const refresh = (t: TokenBody, refreshToken = t.refresh_token as string) =>
	tokenRequest(t.geolocation, { ...client(), grant_type: 'refresh_token', refresh_token: refreshToken });
const postConfig = (body: unknown) =>
	http(`${emu().adminUrl}/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('rotated-out refresh token: rotatedRefreshGraceSeconds', () => {
	it('default 0: the replaced token is refused at once with 108', async () => {
		expect(emu().options.rotatedRefreshGraceSeconds).toBe(0);
		const t = await companyToken(emu());
		const next = await refresh(t);
		expect(next.status).toBe(200);
		expect(next.json().refresh_token).not.toBe(t.refresh_token);
		const again = await refresh(t);
		expect(again.status).toBe(400);
		expect(again.json()).toMatchObject({ code: 108, error: 'invalid_grant' });
		expect(again.json().error_description).toMatch(/replaced by a newer refresh token/);
		expect((await refresh(next.json())).status).toBe(200); // the newest one works
	});

	it('a grace period (admin POST /config) keeps the old token working until it ends on the virtual clock', async () => {
		expect((await postConfig({ rotatedRefreshGraceSeconds: 30 })).json().rotatedRefreshGraceSeconds).toBe(30);
		const t = await companyToken(emu());
		expect((await refresh(t)).status).toBe(200); // rotates: t.refresh_token is now the previous one
		emu().advanceTime(29);
		const inGrace = await refresh(t);
		expect(inGrace.status).toBe(200);
		expect(inGrace.json().refresh_token).not.toBe(t.refresh_token); // still rotates
		emu().advanceTime(2); // 31 s after the rotation
		expect((await refresh(t)).json()).toMatchObject({ code: 108 });
		expect((await refresh(inGrace.json())).status).toBe(200);
	});

	it('refuses a negative grace', async () => {
		expect((await postConfig({ rotatedRefreshGraceSeconds: -1 })).status).toBe(400);
		expect(() => emu().configure({ rotatedRefreshGraceSeconds: 'x' })).toThrow(/rotatedRefreshGraceSeconds/);
	});
});

describe('company request token: requestTokenUses', () => {
	it("default 'unlimited': reusable within its 24 hours (Concur's company-auth page)", async () => {
		expect(emu().options.requestTokenUses).toBe('unlimited');
		for (let i = 0; i < 7; i++) expect((await exchange()).status).toBe(200);
	});

	it('1: single use (the TMC guide\'s "single-use"); the second exchange fails with code 5', async () => {
		emu().configure({ requestTokenUses: 1 });
		expect((await exchange()).status).toBe(200);
		const second = await exchange();
		expect(second.status).toBe(400);
		expect(second.json()).toMatchObject({ code: 5, error: 'invalid_grant' });
		expect(second.json().error_description).toMatch(/already used/);
		// a new request token works once again
		expect((await exchange(emu().issueRequestToken())).status).toBe(200);
	});

	it('5: "can only be used up to five times" (TMC guide), set through the admin route', async () => {
		expect((await postConfig({ requestTokenUses: 5 })).status).toBe(200);
		const statuses = [];
		for (let i = 0; i < 6; i++) statuses.push((await exchange()).status);
		expect(statuses).toEqual([200, 200, 200, 200, 200, 400]);
	});

	it('failed attempts do not count; an expired token still says it expired', async () => {
		emu().configure({ requestTokenUses: 1 });
		const wrongSecret = await tokenRequest(emu().baseUrl, {
			client_id: emu().client.id,
			client_secret: 'wrong',
			grant_type: 'password',
			credtype: 'authtoken',
			username: emu().company.id,
			password: emu().company.requestToken,
		});
		expect(wrongSecret.status).toBe(401);
		emu().advanceTime(86400);
		expect((await exchange()).json().error_description).toMatch(/has expired/);
	});

	it('both options can be given at start', async () => {
		const other = await startEmulator({ port: 0, storage: 'memory', requestTokenUses: 1, rotatedRefreshGraceSeconds: 5 });
		try {
			expect(other.options).toMatchObject({ requestTokenUses: 1, rotatedRefreshGraceSeconds: 5 });
			await expect(startEmulator({ port: 0, requestTokenUses: 0 })).rejects.toThrow(/requestTokenUses/);
		} finally {
			await other.stop();
		}
	});
});

describe('a foreign geolocation: tokenGeolocation', () => {
	it("'trap': every token answer names the trap, a host that is neither Concur's nor the configured one", async () => {
		emu().configure({ tokenGeolocation: 'trap' });
		const t = await companyToken(emu());
		expect(t.geolocation).toBe(emu().trapUrl);
		const origin = new URL(emu().trapUrl).origin;
		expect([emu().baseUrl, emu().dataCenters.eu, emu().imageBaseUrl]).not.toContain(origin);
		// the refresh token still lives at the real data center: refreshing there works, and nothing reached the trap
		expect((await tokenRequest(emu().dataCenters.eu, { ...client(), grant_type: 'refresh_token', refresh_token: t.refresh_token as string })).status).toBe(200);
		expect(emu().trap.requests()).toEqual([]);
	});

	it('the trap records what a client sends there, unmasked (headers and body)', async () => {
		emu().configure({ tokenGeolocation: 'trap' });
		const t = await companyToken(emu());
		await http(`${t.geolocation}/api/image/v1.0/receipt`, {
			method: 'POST',
			headers: { authorization: `Bearer ${t.access_token}`, 'content-type': 'image/png' },
			body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
		});
		const [hit] = emu().trap.requests();
		expect(hit).toMatchObject({ method: 'POST', path: '/api/image/v1.0/receipt', bodyBytes: 4 });
		expect(hit.headers.authorization).toBe(`Bearer ${t.access_token}`);
		expect(emu().trap.received(t.access_token)).toBe(true);
		expect(emu().trap.received(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe(true);
		expect(emu().trap.received(emu().client.secret)).toBe(false);
		const viaAdmin = (await http(`${emu().adminUrl}/trap`)).json();
		expect(viaAdmin.requests).toHaveLength(1);
		await http(`${emu().adminUrl}/trap`, { method: 'DELETE' });
		expect(emu().trap.requests()).toEqual([]);
	});

	it('any URL given; also in code 16 and in the authorize redirect', async () => {
		emu().configure({ tokenGeolocation: 'https://evil.example.net/' });
		expect((await companyToken(emu())).geolocation).toBe('https://evil.example.net');
		const casey = emu().users.find((u) => u.loginId.startsWith('casey'))!;
		const wrongHost = casey.homeDataCenter === 'us' ? emu().dataCenters.eu : emu().baseUrl;
		const c16 = await tokenRequest(wrongHost, { ...client(), grant_type: 'password', username: casey.loginId, password: casey.password });
		expect(c16.json()).toMatchObject({ code: 16, geolocation: 'https://evil.example.net' });
		const auth = await http(`${emu().authorizeUrl}?${form({ client_id: emu().client.id, redirect_uri: 'http://127.0.0.1:1/cb', response_type: 'code', scope: 'openid' })}`);
		expect(new URL(auth.headers.location as string).searchParams.get('geolocation')).toBe('https://evil.example.net');
		expect(() => emu().configure({ tokenGeolocation: 'ftp://x' })).toThrow(/tokenGeolocation/);
		emu().configure({ tokenGeolocation: null });
		expect((await companyToken(emu())).geolocation).toBe(emu().dataCenters.eu);
	});
});

describe('the token endpoint redirects to another origin', () => {
	it('307 with Location on the trap; the request is not processed; what a following client sends is recorded', async () => {
		emu().setFaults([{ path: '/oauth2/v0/token', kind: 'redirect', status: 307, times: 1 }]);
		const fields = { ...client(), grant_type: 'password', credtype: 'authtoken', username: emu().company.id, password: emu().company.requestToken };
		const res = await tokenRequest(emu().baseUrl, fields);
		expect(res.status).toBe(307);
		expect(res.headers.location).toBe(`${emu().trapUrl}/oauth2/v0/token`);
		expect(emu().trap.requests()).toEqual([]); // the emulator itself sends nothing there
		expect(emu().requestLog()[0]).toMatchObject({ fault: 'redirect', status: 307 });
		// a client that follows a 307 re-sends the body: the trap sees the secret and the request token
		await http(res.headers.location as string, { method: 'POST', headers: FORM_HEADERS, body: form(fields) });
		expect(emu().trap.received(emu().client.secret)).toBe(true);
		expect(emu().trap.received(emu().company.requestToken)).toBe(true);
		expect((await tokenRequest(emu().baseUrl, fields)).status).toBe(200); // times: 1
	});
});
