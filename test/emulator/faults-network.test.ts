// Network-level faults and image-host options the node's hardening tests need: API redirects to another origin
// (302/307 onto the trap), a 'hang' that never answers, a slow body, a short download that ends cleanly, cut-off
// answers AFTER an upload was stored (after: true), and gzip / hostile Content-Disposition on the image host.
// No wall-clock waits: conditions are awaited on the event loop (until), time-outs come from the emulator.
import { companyToken, http, makePdf, pdfPages, PNG_1x1, request, TokenBody, upload, V1, V3, xmlValue } from './helpers';
import { useEmulator } from '../support/use-emulator';
import { gunzip, rawRequest, until } from './raw-http';

const emu = useEmulator({ storage: 'memory' }, { reset: { clearTokens: true } });
let t: TokenBody;

beforeEach(async () => {
	t = await companyToken(emu());
});

const auth = () => ({ authorization: `Bearer ${t.access_token}` });
const receiptCount = async () => (await emu().state()).receipts.length;
const entryUrl = () => `${t.geolocation}${V1}/expenseentry/${emu().seeded.reports[0].entries[2].id}`;
/** A pre-signed link to the seeded entry PNG. */
async function imageLink() {
	const res = await http(entryUrl(), { headers: auth() });
	return xmlValue(res.text, 'Url') as string;
}

describe('API redirects to another origin (kind: redirect)', () => {
	it.each([302, 307])('%i with Location on the trap (same path and query); nothing is processed or sent there', async (status) => {
		emu().setFaults([{ path: `${V1}/receipt`, kind: 'redirect', status }]);
		const before = await receiptCount();
		const res = await upload(`${t.geolocation}${V1}/receipt?x=1`, t, 'image/png', PNG_1x1);
		expect(res.status).toBe(status);
		expect(res.headers.location).toBe(`${emu().trapUrl}${V1}/receipt?x=1`);
		expect(new URL(res.headers.location as string).origin).not.toBe(new URL(t.geolocation).origin);
		expect(await receiptCount()).toBe(before);
		expect(emu().trap.requests()).toEqual([]);
	});

	it('location can name another emulator host or any URL', async () => {
		emu().setFaults([
			{ method: 'GET', path: V3, kind: 'redirect', status: 302, location: 'image', times: 1 },
			{ method: 'GET', path: V3, kind: 'redirect', location: 'http://127.0.0.1:9/elsewhere' },
		]);
		expect((await http(`${t.geolocation}${V3}`, { headers: auth() })).headers.location).toBe(`${emu().imageBaseUrl}${V3}`);
		const second = await http(`${t.geolocation}${V3}`, { headers: auth() });
		expect(second.status).toBe(307);
		expect(second.headers.location).toBe('http://127.0.0.1:9/elsewhere');
		expect(() => emu().setFaults([{ path: '/x', kind: 'redirect', status: 200 }])).toThrow(/redirect status/);
	});
});

describe("kind: 'hang' (accepts the connection, never answers)", () => {
	it('holds the request open without a byte until releaseHangs (or the admin route) closes it', async () => {
		emu().setFaults([{ path: '/oauth2/v0/token', kind: 'hang' }]);
		const raw = rawRequest(`${emu().baseUrl}/oauth2/v0/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'grant_type=password',
		});
		await until(() => emu().hangingRequests() === 1);
		expect(raw.bytesReceived()).toBe(0);
		const released = (await http(`${emu().adminUrl}/hangs/release`, { method: 'POST' })).json();
		expect(released).toEqual({ released: 1 });
		const result = await raw.done;
		expect(result.status).toBeNull(); // closed without any answer
		expect(emu().hangingRequests()).toBe(0);
	});

	it('is bounded: hangMs closes it, and reset / stop release it too', async () => {
		emu().setFaults([{ path: V3, kind: 'hang', hangMs: 1 }]);
		const bounded = await rawRequest(`${t.geolocation}${V3}`, { headers: auth() }).done;
		expect(bounded.status).toBeNull();
		expect(emu().options.hangMs).toBe(600000); // the default bound: 10 minutes
		emu().setFaults([{ path: V3, kind: 'hang' }]);
		const held = rawRequest(`${t.geolocation}${V3}`, { headers: auth() });
		await until(() => emu().hangingRequests() === 1);
		await emu().reset({ clearTokens: true });
		expect((await held.done).status).toBeNull();
	});
});

describe("kind: 'slow-body'", () => {
	it('sends the whole body, chunkBytes at a time', async () => {
		emu().setFaults([{ path: V3, kind: 'slow-body', chunkBytes: 32, intervalMs: 1 }]);
		const res = await request(`${t.geolocation}${V3}?user=alex.ops@example.com`, { headers: { ...auth(), accept: 'application/json' } });
		const chunks: Buffer[] = [];
		for await (const c of res.body) chunks.push(Buffer.from(c));
		const text = Buffer.concat(chunks).toString('utf8');
		expect(res.statusCode).toBe(200);
		expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(text));
		expect(JSON.parse(text).Items.length).toBeGreaterThan(0);
		expect(chunks.length).toBeGreaterThan(1);
	});
});

describe("a short download: kind 'short' (Content-Length larger than the body, then a clean end)", () => {
	it('on the image host: fewer bytes than declared, then FIN (not a reset)', async () => {
		const link = await imageLink();
		emu().setFaults([{ dc: 'image', path: '/file/*', kind: 'short', bytes: 10 }]);
		const res = await rawRequest(link).done;
		expect(res.status).toBe(200);
		expect(res.endedBy).toBe('end');
		expect(res.declaredLength).toBe(PNG_1x1.length);
		expect(res.body.length).toBe(10);
		expect(res.headers.connection).toBe('close');
	});

	it("differs from 'truncate' (destroyed after half) and 'reset' (a TCP reset)", async () => {
		const link = await imageLink();
		emu().setFaults([{ dc: 'image', path: '/file/*', kind: 'truncate', times: 1 }, { dc: 'image', path: '/file/*', kind: 'reset' }]);
		const truncated = await rawRequest(link).done;
		expect(truncated.body.length).toBe(Math.floor(PNG_1x1.length / 2));
		expect(truncated.declaredLength).toBe(PNG_1x1.length);
		const reset = await rawRequest(link).done;
		expect(reset.endedBy).toBe('reset');
		expect(reset.status).toBeNull();
	});
});

describe('cut off AFTER the upload was stored (after: true)', () => {
	const v1Receipt = () => upload(`${t.geolocation}${V1}/receipt`, t, 'image/png', PNG_1x1);

	it.each(['reset', 'short', 'truncate'])('v1 POST receipt, %s: stored, but the answer never arrives whole', async (kind) => {
		emu().setFaults([{ method: 'POST', path: `${V1}/receipt`, kind, after: true, times: 1 }]);
		const before = await receiptCount();
		await expect(v1Receipt()).rejects.toThrow();
		expect(await receiptCount()).toBe(before + 1);
		expect(emu().requestLog().find((e) => e.path === `${V1}/receipt`)).toMatchObject({ fault: kind, incomplete: true });
	});

	it('v1 POST receipt, malformed: stored, 200 with a body that does not parse', async () => {
		emu().setFaults([{ method: 'POST', path: `${V1}/receipt`, kind: 'malformed', times: 1 }]);
		const before = await receiptCount();
		const res = await v1Receipt();
		expect(res.status).toBe(200);
		expect(xmlValue(res.text, 'Url')).toBeUndefined();
		expect(await receiptCount()).toBe(before + 1);
	});

	it('a before-kind moved after: 503 after the upload was stored', async () => {
		emu().setFaults([{ method: 'POST', path: `${V1}/receipt`, kind: '503', after: true, times: 1 }]);
		const before = await receiptCount();
		expect((await v1Receipt()).status).toBe(503);
		expect(await receiptCount()).toBe(before + 1);
	});

	it('v1 POST report (append) and v3 POST / PUT (append): the pages are there after a reset answer', async () => {
		const report = emu().seeded.reports[1]; // has a one-page report image
		emu().setFaults([{ method: 'POST', path: '^/api/image/v1\\.0/report/', kind: 'reset', after: true, times: 1 }]);
		await expect(upload(`${t.geolocation}${V1}/report/${report.id}`, t, 'application/pdf', await makePdf(2))).rejects.toThrow();
		expect((await emu().state()).reports[1].images).toHaveLength(2);

		const alex = 'alex.ops@example.com';
		emu().setFaults([{ method: 'POST', path: V3, kind: 'reset', after: true, times: 1 }]);
		const before = await receiptCount();
		await expect(upload(`${t.geolocation}${V3}?user=${alex}`, t, 'image/png', PNG_1x1)).rejects.toThrow();
		expect(await receiptCount()).toBe(before + 1);

		const receipt = emu().seeded.receipts[0].id;
		emu().setFaults([{ method: 'PUT', path: `${V3}/*`, kind: 'short', after: true, times: 1 }]);
		await expect(upload(`${t.geolocation}${V3}/${receipt}?user=${alex}`, t, 'application/pdf', await makePdf(1), {}, 'PUT')).rejects.toThrow();
		const stored = (await emu().state()).receipts.find((r: { id: string }) => r.id === receipt);
		expect(stored?.image).toMatchObject({ mimeType: 'application/pdf', pageCount: 2 });
	});

	it('after: false moves an after-kind before processing (nothing stored)', async () => {
		emu().setFaults([{ method: 'POST', path: `${V1}/receipt`, kind: 'malformed', after: false, times: 1 }]);
		const before = await receiptCount();
		expect((await v1Receipt()).status).toBe(200);
		expect(await receiptCount()).toBe(before);
	});
});

describe('image host options', () => {
	it("imageContentEncoding: 'gzip' → Content-Encoding gzip with the Content-Length of the encoded body", async () => {
		emu().configure({ imageContentEncoding: 'gzip' });
		const res = await rawRequest(await imageLink()).done;
		expect(res.headers['content-encoding']).toBe('gzip');
		expect(res.declaredLength).toBe(res.body.length);
		expect(Buffer.from(gunzip(res.body))).toEqual(Buffer.from(PNG_1x1));
		expect(res.headers['content-type']).toBe('image/png');
	});

	it('imageContentDisposition: a string is sent verbatim (a hostile filename*)', async () => {
		const hostile = "attachment; filename*=UTF-8''..%2F..%2F.ssh%2Fauthorized_keys";
		const set = await http(`${emu().adminUrl}/config`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ imageContentDisposition: hostile }),
		});
		expect(set.status).toBe(200);
		const res = await http(await imageLink());
		expect(res.status).toBe(200);
		expect(res.headers['content-disposition']).toBe(hostile);
		expect(() => emu().configure({ imageContentDisposition: 'a\r\nX-Injected: 1' })).toThrow(/imageContentDisposition/);
	});

	it('the PDF of a report still arrives whole with gzip (pages intact)', async () => {
		emu().configure({ imageContentEncoding: 'gzip' });
		const meta = await http(`${t.geolocation}${V1}/report/${emu().seeded.reports[1].id}`, { headers: auth() });
		const res = await rawRequest(xmlValue(meta.text, 'Url') as string).done;
		expect(await pdfPages(gunzip(res.body))).toBe(1);
	});
});
