// Image v1 (/api/image/v1.0/): uploads, the namespaced Image XML, one image per entry/invoice, report append
// and the merged report PDF, pre-signed URLs (escaped, no auth, expiring), upload checks.
import {
	companyToken,
	http,
	IMAGE_NS,
	JPEG_1x1,
	makeEncryptedPdf,
	makePdf,
	pdfPages,
	PNG_1x1,
	TokenBody,
	upload,
	userToken,
	V1,
	XSI_NS,
	xmlValue,
} from './helpers';
import { useEmulator } from '../support/use-emulator';

// A clock that stands still on a whole second (tests move it with advanceTime): link expiries are in whole
// seconds, so a real clock would make the TTL boundary checks depend on when in the second the link was made.
const start = Math.floor(Date.now() / 1000) * 1000;
const emu = useEmulator({ now: () => start }, { reset: { clearTokens: true } });
let t: TokenBody;
let api: string;

beforeEach(async () => {
	t = await companyToken(emu());
	api = `${t.geolocation}${V1}`;
});

const IMAGE_ID = /^[A-Za-z0-9$]{52}$/;
const HEX20 = /^[0-9A-F]{20}$/;

async function getUrl(path: string, headers: Record<string, string> = {}) {
	const res = await http(`${api}/${path}`, { headers: { authorization: `Bearer ${t.access_token}`, ...headers } });
	return res;
}

describe('POST (upload)', () => {
	it('POST receipt → 201 with the exact namespaced Image XML (Id, empty Url)', async () => {
		const res = await upload(`${api}/receipt`, t, 'image/png', PNG_1x1);
		expect(res.status).toBe(201);
		expect(res.headers['content-type']).toMatch(/^application\/xml/);
		const id = xmlValue(res.text, 'Id') as string;
		expect(id).toMatch(IMAGE_ID);
		expect(id).toContain('$');
		expect(res.text).toBe(
			`<Image xmlns="${IMAGE_NS}" xmlns:i="${XSI_NS}"><Id>${id}</Id><Url /></Image>`,
		);
	});

	it('answers 200 instead of 201 when v1PostStatus is 200', async () => {
		emu().configure({ v1PostStatus: 200 });
		const res = await upload(`${api}/receipt`, t, 'application/pdf', await makePdf(1));
		expect(res.status).toBe(200);
	});

	it('JSON {Id, Url} with Accept: application/json', async () => {
		const res = await upload(`${api}/receipt`, t, 'image/jpeg', JPEG_1x1, { accept: 'application/json' });
		expect(res.status).toBe(201);
		const body = res.json();
		expect(Object.keys(body)).toEqual(['Id', 'Url']);
		expect(body.Id).toMatch(IMAGE_ID);
		expect(body.Url).toBeNull();
	});

	it('an expense entry takes one image (Id = entry id); a second one is refused with 400', async () => {
		const entry = emu().seeded.reports[0].entries[0].id;
		expect(entry).toMatch(HEX20);
		const first = await upload(`${api}/expenseentry/${entry}`, t, 'application/pdf', await makePdf(1));
		expect(first.status).toBe(201);
		expect(xmlValue(first.text, 'Id')).toBe(entry);
		const second = await upload(`${api}/expenseentry/${entry}`, t, 'image/png', PNG_1x1);
		expect(second.status).toBe(400);
		expect(second.text).toMatch(/^<Error><Message>/);
		expect(xmlValue(second.text, 'Message')).toMatch(/already has an image/);
		const state = await emu().state();
		const e = state.reports[0].entries[0];
		expect(e.image).toMatchObject({ id: entry, mimeType: 'application/pdf', pageCount: 1 });
	});

	it('an invoice takes one image; a second one is refused with 400', async () => {
		const invoice = emu().seeded.invoices[0].id;
		expect(invoice).toMatch(HEX20);
		const first = await upload(`${api}/invoice/${invoice}`, t, 'image/jpg', JPEG_1x1);
		expect(first.status).toBe(201);
		expect(xmlValue(first.text, 'Id')).toBe(invoice);
		const second = await upload(`${api}/invoice/${invoice}`, t, 'image/jpg', JPEG_1x1);
		expect(second.status).toBe(400);
		expect(xmlValue(second.text, 'Message')).toMatch(/already has an image/);
	});

	it('unknown entry / report / invoice ids → 404 with the Error envelope', async () => {
		for (const path of ['expenseentry/0000000000000000DEAD', 'report/gWnope$nope', 'invoice/FFFFFFFFFFFFFFFFFFFF']) {
			const res = await upload(`${api}/${path}`, t, 'image/png', PNG_1x1);
			expect(res.status).toBe(404);
			expect(xmlValue(res.text, 'Message')).toMatch(/was found/);
		}
	});
});

describe('upload checks', () => {
	it('an unsupported Content-Type → 400', async () => {
		const res = await upload(`${api}/receipt`, t, 'image/gif', new Uint8Array(Buffer.from('GIF89a...')));
		expect(res.status).toBe(400);
		expect(xmlValue(res.text, 'Message')).toMatch(/Content-Type "image\/gif" is not supported/);
	});

	it('bytes that are not the declared type → 400', async () => {
		const res = await upload(`${api}/receipt`, t, 'application/pdf', PNG_1x1);
		expect(res.status).toBe(400);
		expect(xmlValue(res.text, 'Message')).toMatch(/not a valid PDF/);
	});

	it.each([
		['trailer', false],
		['xref stream dictionary', true],
	])('an encrypted PDF (/Encrypt in the %s) → 400', async (_where, objectStreams) => {
		const res = await upload(`${api}/receipt`, t, 'application/pdf', await makeEncryptedPdf(objectStreams));
		expect(res.status).toBe(400);
		expect(xmlValue(res.text, 'Message')).toMatch(/Encrypted or password-protected PDFs are not accepted/);
		expect((await emu().state()).receipts).toHaveLength(2);
	});

	it('a body over 10 MB → 400 before storing anything; exactly 10 MB is accepted', async () => {
		const big = new Uint8Array(10 * 1024 * 1024 + 1);
		big.set(PNG_1x1.subarray(0, 8));
		const over = await upload(`${api}/receipt`, t, 'image/png', big);
		expect(over.status).toBe(400);
		expect(xmlValue(over.text, 'Message')).toMatch(/too large.*10 MB \(10485760 bytes\)/);
		const exact = await upload(`${api}/receipt`, t, 'image/png', big.subarray(0, 10 * 1024 * 1024));
		expect(exact.status).toBe(201);
		const state = await emu().state();
		expect(state.receipts).toHaveLength(3);
		expect(state.receipts[2].image?.size).toBe(10485760);
	});

	it('chunked transfer encoding (no Content-Length) → 400', async () => {
		async function* chunks() {
			yield PNG_1x1;
		}
		const res = await http(`${api}/receipt`, {
			method: 'POST',
			headers: { authorization: `Bearer ${t.access_token}`, 'content-type': 'image/png' },
			body: chunks(),
		});
		expect(res.status).toBe(400);
		expect(xmlValue(res.text, 'Message')).toMatch(/Chunked transfer encoding is not supported/);
		const log = emu().requestLog();
		expect(log[log.length - 1].headers['transfer-encoding']).toBe('chunked');
	});

	it('an empty body → 400', async () => {
		const res = await upload(`${api}/receipt`, t, 'image/png', new Uint8Array(0));
		expect(res.status).toBe(400);
	});
});

describe('GET (image URL)', () => {
	it('returns Image XML with an &amp;-escaped pre-signed Url on the image host, downloadable without auth', async () => {
		const entry = emu().seeded.reports[0].entries[0].id;
		const pdf = await makePdf(2);
		await upload(`${api}/expenseentry/${entry}`, t, 'application/pdf', pdf);
		const res = await getUrl(`expenseentry/${entry}`);
		expect(res.status).toBe(200);
		expect(res.text.startsWith(`<Image xmlns="${IMAGE_NS}" xmlns:i="${XSI_NS}"><Id>${entry}</Id><Url>`)).toBe(true);
		const rawUrl = /<Url>([^<]+)<\/Url>/.exec(res.text)?.[1] as string;
		expect(rawUrl).toContain('&amp;');
		expect(rawUrl).not.toMatch(/&(?!amp;)/);
		const url = xmlValue(res.text, 'Url') as string;
		expect(url.startsWith(`${emu().imageBaseUrl}/`)).toBe(true);
		const q = new URL(url).searchParams;
		expect(q.get('id')).toBe(entry);
		expect(Number(q.get('e'))).toBe(Math.floor(emu().now() / 1000) + 900);
		expect(q.get('s')).toBeTruthy();

		const file = await http(url);
		expect(file.status).toBe(200);
		expect(file.headers['content-type']).toBe('application/pdf');
		expect(file.headers['content-length']).toBe(String(pdf.length));
		expect(file.headers['content-disposition']).toBeUndefined();
		expect(Buffer.from(file.bytes).equals(Buffer.from(pdf))).toBe(true);
		const imageHits = emu().requestLog().filter((r: { dc: string }) => r.dc === 'image');
		expect(imageHits).toHaveLength(1);
		expect(imageHits[0].headers.authorization).toBeUndefined();
	});

	it('the link expires after imageUrlTtlSeconds (900 default) → 403; tampering → 403', async () => {
		const entry = emu().seeded.reports[0].entries[2].id; // seeded PNG
		const url = xmlValue((await getUrl(`expenseentry/${entry}`)).text, 'Url') as string;
		const tampered = url.replace(/id=[^&]+/, 'id=AAAAAAAAAAAAAAAAAAAA');
		const t403 = await http(tampered);
		expect(t403.status).toBe(403);
		expect(t403.text).toMatch(/SignatureDoesNotMatch/);
		emu().advanceTime(899);
		expect((await http(url)).status).toBe(200);
		emu().advanceTime(1);
		const expired = await http(url);
		expect(expired.status).toBe(403);
		expect(expired.text).toMatch(/<Error><Code>AccessDenied<\/Code><Message>Request has expired/);
		// asking again gives a fresh link
		const again = xmlValue((await getUrl(`expenseentry/${entry}`)).text, 'Url') as string;
		expect((await http(again)).status).toBe(200);
	});

	it('the 30-minute reading: imageUrlTtlSeconds 1800', async () => {
		emu().configure({ imageUrlTtlSeconds: 1800 });
		const entry = emu().seeded.reports[0].entries[2].id;
		const url = xmlValue((await getUrl(`expenseentry/${entry}`)).text, 'Url') as string;
		emu().advanceTime(1799);
		expect((await http(url)).status).toBe(200);
		emu().advanceTime(1);
		expect((await http(url)).status).toBe(403);
	});

	it('the image host refuses an Authorization header by default; imageContentDisposition adds a filename', async () => {
		const invoice = emu().seeded.invoices[2].id; // seeded 2-page PDF
		emu().configure({ imageContentDisposition: true });
		const url = xmlValue((await getUrl(`invoice/${invoice}`)).text, 'Url') as string;
		const withAuth = await http(url, { headers: { authorization: `Bearer ${t.access_token}` } });
		expect(withAuth.status).toBe(400);
		const file = await http(url);
		expect(file.status).toBe(200);
		expect(file.headers['content-disposition']).toBe(`attachment; filename="${invoice}.pdf"`);
		expect(await pdfPages(file.bytes)).toBe(2);
	});

	it('JSON {Id, Url} with Accept: application/json (Url unescaped)', async () => {
		const entry = emu().seeded.reports[0].entries[2].id;
		const res = await getUrl(`expenseentry/${entry}`, { accept: 'application/json' });
		const body = res.json();
		expect(Object.keys(body)).toEqual(['Id', 'Url']);
		expect(body.Id).toBe(entry);
		expect(body.Url).toContain('&e=');
		expect((await http(body.Url)).status).toBe(200);
	});

	it('GET receipt/{imageId} for an uploaded receipt', async () => {
		const id = xmlValue((await upload(`${api}/receipt`, t, 'image/jpeg', JPEG_1x1)).text, 'Id') as string;
		const res = await getUrl(`receipt/${id}`);
		expect(res.status).toBe(200);
		expect(xmlValue(res.text, 'Id')).toBe(id);
		const file = await http(xmlValue(res.text, 'Url') as string);
		expect(file.headers['content-type']).toBe('image/jpeg');
		expect(Buffer.from(file.bytes).equals(Buffer.from(JPEG_1x1))).toBe(true);
	});

	it('no image / unknown id → 404 "No image was found…"', async () => {
		const noImage = await getUrl(`expenseentry/${emu().seeded.reports[0].entries[1].id}`);
		expect(noImage.status).toBe(404);
		expect(xmlValue(noImage.text, 'Message')).toBe('No image was found for the specified entry Id.');
		const report = await getUrl('report/gWunknown$report');
		expect(report.status).toBe(404);
		expect(xmlValue(report.text, 'Message')).toBe('No image was found for the specified report Id or barcode.');
		expect((await getUrl('invoice/0123456789ABCDEF0123')).status).toBe(404);
		expect((await getUrl('receipt/nope')).status).toBe(404);
		const empty = await getUrl(`report/${emu().seeded.reports[2].id}`); // no images at all
		expect(empty.status).toBe(404);
	});
});

describe('report images', () => {
	it('a report appends; its GET is ONE PDF with the report pages and every entry image', async () => {
		const report = emu().seeded.reports[0]; // entries[2] has a seeded PNG
		expect(report.id).toMatch(/^gW[A-Za-z0-9$]{34}$/);
		const a = await upload(`${api}/report/${report.id}`, t, 'application/pdf', await makePdf(2));
		expect(a.status).toBe(201);
		expect(xmlValue(a.text, 'Id')).toBe(report.id);
		const b = await upload(`${api}/report/${report.id}`, t, 'image/png', PNG_1x1);
		expect(b.status).toBe(201);
		await upload(`${api}/expenseentry/${report.entries[0].id}`, t, 'image/jpeg', JPEG_1x1);
		const res = await getUrl(`report/${report.id}`);
		expect(res.status).toBe(200);
		const file = await http(xmlValue(res.text, 'Url') as string);
		expect(file.headers['content-type']).toBe('application/pdf');
		// 2 (PDF) + 1 (PNG) report pages + 1 (JPEG entry 0) + 1 (seeded PNG entry 2)
		expect(await pdfPages(file.bytes)).toBe(5);
		const state = await emu().state();
		expect(state.reports[0].images.map((i) => i?.pageCount)).toEqual([2, 1]);
	});

	it('a user may only use own reports (403 otherwise); a company token may use all', async () => {
		const alex = await userToken(emu(), 'alex.ops@example.com');
		const casey = emu().seeded.reports[2];
		const res = await upload(`${alex.geolocation}${V1}/report/${casey.id}`, alex, 'image/png', PNG_1x1);
		expect(res.status).toBe(403);
		const own = await upload(`${alex.geolocation}${V1}/report/${emu().seeded.reports[0].id}`, alex, 'image/png', PNG_1x1);
		expect(own.status).toBe(201);
	});
});
