// Authentication on the v1/v3 API paths: both header schemes, missing/unknown/expired tokens (401 and 403),
// the wrong data center, app tokens, the Error envelope and the correlation id.
import {
	companyToken,
	http,
	tokenRequest,
	V1,
	V3,
	xmlValue,
} from './helpers';
import { useEmulator } from '../support/use-emulator';

const emu = useEmulator({ storage: 'memory' }, { reset: { clearTokens: true } });


const entryUrl = (base: string) => `${base}${V1}/expenseentry/${emu().seeded.reports[0].entries[2].id}`;

function expectV1ErrorXml(text: string) {
	expect(text).toMatch(/^<Error><Message>[^<]+<\/Message><Server-Time>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d<\/Server-Time><Id>[0-9A-F-]{36}<\/Id><\/Error>$/);
}

describe('Authorization header forms', () => {
	it('accepts Bearer and the legacy OAuth scheme on v1 and v3 paths', async () => {
		const t = await companyToken(emu());
		for (const scheme of ['Bearer', 'OAuth']) {
			const v1 = await http(entryUrl(t.geolocation), { headers: { authorization: `${scheme} ${t.access_token}` } });
			expect(v1.status).toBe(200);
			const v3 = await http(`${t.geolocation}${V3}`, { headers: { authorization: `${scheme} ${t.access_token}` } });
			expect(v3.status).toBe(200);
		}
	});

	it('missing Authorization → 401 with the v1 Error envelope (Message, Server-Time, Id)', async () => {
		const res = await http(entryUrl(emu().dataCenters.eu));
		expect(res.status).toBe(401);
		expect(res.headers['content-type']).toMatch(/^application\/xml/);
		expectV1ErrorXml(res.text);
		expect(xmlValue(res.text, 'Message')).toMatch(/Authorization header is missing/);
		const v3 = await http(`${emu().dataCenters.eu}${V3}`, { headers: { accept: 'application/json' } });
		expect(v3.status).toBe(401);
		expect(Object.keys(v3.json().Error)).toEqual(['Message', 'Server-Time', 'Id']);
	});
});

describe('expired and unknown tokens', () => {
	it('an expired token is answered with 401 by default (Message says expired)', async () => {
		const t = await companyToken(emu());
		emu().advanceTime(3600);
		const res = await http(entryUrl(t.geolocation), { headers: { authorization: `Bearer ${t.access_token}` } });
		expect(res.status).toBe(401);
		expectV1ErrorXml(res.text);
		expect(xmlValue(res.text, 'Message')).toMatch(/access token has expired/);
		expect(String(res.headers['www-authenticate'])).toMatch(/invalid_token/);
	});

	it('…and with 403 when expiredTokenStatus is 403 (as the v1/v3 docs describe)', async () => {
		emu().configure({ expiredTokenStatus: 403 });
		const t = await companyToken(emu());
		emu().expireAccessTokens();
		const res = await http(`${t.geolocation}${V3}`, {
			headers: { authorization: `OAuth ${t.access_token}`, accept: 'application/json' },
		});
		expect(res.status).toBe(403);
		expect(res.json().Error.Message).toMatch(/access token has expired/);
	});

	it('the access-token lifetime is configurable; a refreshed token works again', async () => {
		emu().configure({ tokenLifetimeSeconds: 60 });
		const t = await companyToken(emu());
		expect(t.expires_in).toBe('60');
		emu().advanceTime(59);
		expect((await http(entryUrl(t.geolocation), { headers: { authorization: `Bearer ${t.access_token}` } })).status).toBe(200);
		emu().advanceTime(1);
		expect((await http(entryUrl(t.geolocation), { headers: { authorization: `Bearer ${t.access_token}` } })).status).toBe(401);
		const r = await tokenRequest(t.geolocation, {
			client_id: emu().client.id,
			client_secret: emu().client.secret,
			grant_type: 'refresh_token',
			refresh_token: t.refresh_token as string,
		});
		const fresh = r.json().access_token;
		expect((await http(entryUrl(t.geolocation), { headers: { authorization: `Bearer ${fresh}` } })).status).toBe(200);
	});

	it('an unknown token → 401 (or 403 when configured)', async () => {
		const a = await http(entryUrl(emu().dataCenters.eu), { headers: { authorization: 'Bearer not-a-token' } });
		expect(a.status).toBe(401);
		expect(xmlValue(a.text, 'Message')).toMatch(/Invalid access token/);
		emu().configure({ expiredTokenStatus: 403 });
		const b = await http(entryUrl(emu().dataCenters.eu), { headers: { authorization: 'Bearer not-a-token' } });
		expect(b.status).toBe(403);
	});
});

describe('data centers', () => {
	it('serves two API hosts and an image host on different loopback ports', () => {
		const urls = [emu().dataCenters.us, emu().dataCenters.eu, emu().imageBaseUrl];
		expect(new Set(urls).size).toBe(3);
		for (const u of urls) expect(u).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(emu().baseUrl).toBe(emu().dataCenters.us);
		expect(emu().adminUrl).toBe(`${emu().baseUrl}/_emulator`);
	});

	it('a token used at a host that is not its geolocation → 403 naming the geolocation', async () => {
		const t = await companyToken(emu());
		expect(t.geolocation).toBe(emu().dataCenters.eu);
		const res = await http(entryUrl(emu().baseUrl), { headers: { authorization: `Bearer ${t.access_token}` } });
		expect(res.status).toBe(403);
		expectV1ErrorXml(res.text);
		const message = xmlValue(res.text, 'Message') as string;
		expect(message).toContain(emu().dataCenters.eu);
		expect(message).toMatch(/geolocation/);
	});

	it('an application token (client_credentials) cannot read images: 403', async () => {
		const app = (
			await tokenRequest(emu().baseUrl, {
				client_id: emu().client.id,
				client_secret: emu().client.secret,
				grant_type: 'client_credentials',
			})
		).json();
		const res = await http(entryUrl(app.geolocation), { headers: { authorization: `Bearer ${app.access_token}` } });
		expect(res.status).toBe(403);
	});
});

describe('concur-correlationid', () => {
	it('every response carries a UUID correlation id; a sent one is echoed', async () => {
		const a = await http(`${emu().baseUrl}/oauth2/v0/token`, { method: 'POST' });
		expect(String(a.headers['concur-correlationid'])).toMatch(/^[0-9a-f-]{36}$/);
		const mine = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
		const b = await http(entryUrl(emu().dataCenters.eu), { headers: { 'concur-correlationid': mine } });
		expect(b.headers['concur-correlationid']).toBe(mine);
		const log = emu().requestLog();
		expect(log[log.length - 1].correlationId).toBe(mine);
	});

	it('unknown paths are a 404 Error envelope', async () => {
		const res = await http(`${emu().baseUrl}/api/nothing/here`);
		expect(res.status).toBe(404);
		expectV1ErrorXml(res.text);
	});
});
