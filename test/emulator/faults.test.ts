// Fault injection: per route (exact, prefix*, ^regex, method) and per request count (times, nth); every kind;
// whether an upload is stored before the fault strikes; faulted requests in the log.
import { companyToken, http, PNG_1x1, TokenBody, upload, V1, V3, xmlValue } from './helpers';
import { useEmulator } from '../support/use-emulator';

const emu = useEmulator({ storage: 'memory' }, { reset: { clearTokens: true } });
let t: TokenBody;

beforeEach(async () => {
	t = await companyToken(emu());
});

const receiptUrl = () => `${t.geolocation}${V1}/receipt`;
const listUrl = () => `${t.geolocation}${V3}`;
const get = (url: string, headers: Record<string, string> = {}) =>
	http(url, { headers: { authorization: `Bearer ${t.access_token}`, ...headers } });
const receiptCount = async () => (await emu().state()).receipts.length;

describe('fault kinds', () => {
	it('429 carries Retry-After and applies to the first N requests only (times)', async () => {
		emu().setFaults([{ path: '/api/v3.0/expense/receiptimages', kind: '429', retryAfter: 7, times: 2 }]);
		const a = await get(listUrl());
		expect(a.status).toBe(429);
		expect(a.headers['retry-after']).toBe('7');
		expect(xmlValue(a.text, 'Message')).toMatch(/Too Many Requests/);
		expect((await get(listUrl())).status).toBe(429);
		expect((await get(listUrl())).status).toBe(200);
	});

	it('nth picks the k-th matching requests; method filters', async () => {
		emu().setFaults([{ method: 'GET', path: '/api/v3.0/*', kind: '503', nth: [2, 4] }]);
		const statuses = [];
		for (let i = 0; i < 5; i++) statuses.push((await get(listUrl())).status);
		expect(statuses).toEqual([200, 503, 200, 503, 200]);
		expect((await upload(receiptUrl(), t, 'image/png', PNG_1x1)).status).toBe(201); // POST, other path
	});

	it('429 / 503 / reset strike BEFORE an upload is stored', async () => {
		const before = await receiptCount();
		for (const kind of ['429', '503']) {
			emu().setFaults([{ path: `${V1}/receipt`, kind, times: 1 }]);
			expect((await upload(receiptUrl(), t, 'image/png', PNG_1x1)).status).toBe(Number(kind));
		}
		emu().setFaults([{ path: `${V1}/receipt`, kind: 'reset', times: 1 }]);
		await expect(upload(receiptUrl(), t, 'image/png', PNG_1x1)).rejects.toThrow();
		expect(await receiptCount()).toBe(before);
	});

	it('500 strikes AFTER an upload is stored ("Concur may have processed it")', async () => {
		const before = await receiptCount();
		emu().setFaults([{ path: `${V1}/receipt`, kind: '500', times: 1 }]);
		const res = await upload(receiptUrl(), t, 'image/png', PNG_1x1);
		expect(res.status).toBe(500);
		expect(res.text).toMatch(/^<Error><Message>/);
		expect(await receiptCount()).toBe(before + 1);
	});

	it('502 is answered before processing (nothing stored)', async () => {
		const before = await receiptCount();
		emu().setFaults([{ path: `${V1}/receipt`, kind: '502', times: 1 }]);
		expect((await upload(receiptUrl(), t, 'image/png', PNG_1x1)).status).toBe(502);
		expect(await receiptCount()).toBe(before);
	});

	it('html: a 502 HTML error page from "the proxy"', async () => {
		emu().setFaults([{ path: '^/api/v3\\.0/expense/receiptimages$', kind: 'html', times: 1 }]);
		const res = await get(listUrl(), { accept: 'application/json' });
		expect(res.status).toBe(502);
		expect(res.headers['content-type']).toBe('text/html');
		expect(res.text).toMatch(/<html>[\s\S]*502 Bad Gateway/);
	});

	it('malformed: 200 with broken JSON / XML', async () => {
		emu().setFaults([{ path: `${V3}`, kind: 'malformed' }]);
		const json = await get(listUrl(), { accept: 'application/json' });
		expect(json.status).toBe(200);
		expect(() => JSON.parse(json.text)).toThrow();
		const xml = await get(listUrl());
		expect(xml.status).toBe(200);
		expect(xml.text.endsWith('</Image>')).toBe(false);
	});

	it('truncate: Content-Length larger than the body, then the connection closes', async () => {
		emu().setFaults([{ path: `${V3}`, kind: 'truncate', times: 1 }]);
		await expect(get(listUrl(), { accept: 'application/json' })).rejects.toThrow();
		expect((await get(listUrl())).status).toBe(200);
	});

	it('truncate on the image host cuts the download', async () => {
		const entry = emu().seeded.invoices[2].id;
		const url = xmlValue((await get(`${t.geolocation}${V1}/invoice/${entry}`)).text, 'Url') as string;
		emu().setFaults([{ dc: 'image', path: '/file/*', kind: 'truncate', times: 1 }]);
		await expect(http(url)).rejects.toThrow();
		expect((await http(url)).status).toBe(200);
	});

	it('reset destroys the socket', async () => {
		emu().setFaults([{ path: '/oauth2/v0/token', kind: 'reset', times: 1 }]);
		await expect(companyToken(emu())).rejects.toThrow();
		await expect(companyToken(emu())).resolves.toMatchObject({ token_type: 'Bearer' });
	});

	it('expire-tokens: every access token runs out just before the k-th request, which then gets the expiry answer', async () => {
		emu().setFaults([{ method: 'GET', path: '/api/v3.0/*', kind: 'expire-tokens', nth: [2] }]);
		expect((await get(listUrl())).status).toBe(200);
		const expired = await get(listUrl());
		expect(expired.status).toBe(401);
		expect(xmlValue(expired.text, 'Message')).toMatch(/expired/);
		expect((await get(listUrl())).status).toBe(401);
	});

	it('latency delays the answer by latencyMs', async () => {
		emu().setFaults([{ path: `${V3}`, kind: 'latency', latencyMs: 150, times: 1 }]);
		const started = Date.now();
		expect((await get(listUrl())).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
	});
});

describe('fault bookkeeping', () => {
	it('faulted requests are in the log with the fault kind; POST /_emulator/faults replaces the list', async () => {
		const set = await http(`${emu().adminUrl}/faults`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify([{ path: '/api/*', kind: '503', retryAfter: 2, nth: [1] }]),
		});
		expect(set.status).toBe(200);
		const res = await get(listUrl());
		expect(res.status).toBe(503);
		expect(res.headers['retry-after']).toBe('2');
		const log = emu().requestLog();
		const last = log[log.length - 1];
		expect(last).toMatchObject({ fault: '503', status: 503, path: V3, dc: 'eu' });
		const described = (await http(`${emu().adminUrl}/faults`)).json();
		expect(described[0]).toMatchObject({ kind: '503', matched: 1, applied: 1 });
		const bad = await http(`${emu().adminUrl}/faults`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify([{ path: '/x', kind: 'explode' }]),
		});
		expect(bad.status).toBe(400);
	});

	it('reset clears the faults', async () => {
		emu().setFaults([{ path: '/api/*', kind: '500' }]);
		await emu().reset();
		t = await companyToken(emu());
		expect((await get(listUrl())).status).toBe(200);
	});
});
