// Receipt Images v3 (/api/v3.0/expense/receiptimages): list with Items/NextPage and an opaque offset, get by id,
// POST, PUT append (consolidated PDF), DELETE, XML default / JSON by Accept, Message error bodies, `user`.
import {
	companyToken,
	http,
	IMAGE_NS,
	JPEG_1x1,
	makePdf,
	pdfPages,
	PNG_1x1,
	TokenBody,
	upload,
	userToken,
	V1,
	V3,
	xmlValue,
} from './helpers';
import { useEmulator } from '../support/use-emulator';

const emu = useEmulator({ storage: 'memory' }, { reset: { clearTokens: true } });
let t: TokenBody;
let base: string;

beforeEach(async () => {
	t = await companyToken(emu());
	base = `${t.geolocation}${V3}`;
});

const auth = (extra: Record<string, string> = {}) => ({ authorization: `OAuth ${t.access_token}`, ...extra });
const JSON_ACCEPT = { accept: 'application/json' };
const alex = 'alex.ops@example.com';

describe('POST', () => {
	it('→ 200 ReceiptImage{ID, URI} with URI = the resource URL (XML default)', async () => {
		const res = await upload(`${base}?user=${alex}`, t, 'image/png', PNG_1x1);
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toMatch(/^application\/xml/);
		const id = xmlValue(res.text, 'ID') as string;
		expect(id).toMatch(/^[A-Za-z0-9$]{52}$/);
		expect(res.text).toMatch(/^<ReceiptImage[ >]/);
		expect(res.text).toContain(`<ID>${id}</ID><URI>${base}/${id}</URI></ReceiptImage>`);
	});

	it('JSON with Accept: application/json; the same store as Image v1 POST receipt', async () => {
		const res = await upload(base, t, 'application/pdf', await makePdf(1), JSON_ACCEPT);
		expect(res.status).toBe(200);
		const body = res.json();
		expect(Object.keys(body)).toEqual(['ID', 'URI']);
		expect(body.URI).toBe(`${base}/${body.ID}`);
		const v1 = await upload(`${t.geolocation}${V1}/receipt`, t, 'image/png', PNG_1x1);
		const v1Id = xmlValue(v1.text, 'Id');
		const list = (await http(base, { headers: auth(JSON_ACCEPT) })).json();
		expect(list.Items.map((i: { ID: string }) => i.ID)).toEqual([body.ID, v1Id]);
	});

	it('an unsupported Content-Type → 400 {"Message": "Content-Type \\"x\\" is unsupported."} (415 if configured)', async () => {
		const res = await upload(base, t, 'image/html', PNG_1x1, JSON_ACCEPT);
		expect(res.status).toBe(400);
		expect(res.json()).toEqual({ Message: 'Content-Type "image/html" is unsupported.' });
		emu().configure({ v3UnsupportedTypeStatus: 415 });
		const xml = await upload(base, t, 'image/gif', PNG_1x1);
		expect(xml.status).toBe(415);
		expect(xml.text).toBe('<Error><Message>Content-Type "image/gif" is unsupported.</Message></Error>');
	});
});

describe('GET list', () => {
	it('XML <ReceiptImages><Items><ReceiptImage><ID/><URI/></ReceiptImage>…</Items><NextPage/></ReceiptImages>', async () => {
		const res = await http(`${base}?user=${alex}`, { headers: auth() });
		expect(res.status).toBe(200);
		const seeded = emu().seeded.receipts.map((r: { id: string }) => r.id);
		const items = seeded.map((id: string) => `<ReceiptImage><ID>${id}</ID><URI>${base}/${id}</URI></ReceiptImage>`).join('');
		expect(res.text).toMatch(/^<ReceiptImages[ >]/);
		expect(res.text).toContain(`<Items>${items}</Items><NextPage /></ReceiptImages>`);
	});

	it('pages with limit (default 25, max 100) and an opaque offset in a full NextPage URL; null on the last page', async () => {
		await emu().seed({ receipts: Array.from({ length: 28 }, () => ({ ownerLoginId: alex })) }); // 30 in all
		const first = (await http(`${base}?user=${alex}`, { headers: auth(JSON_ACCEPT) })).json();
		expect(first.Items).toHaveLength(25);
		expect(first.NextPage).toMatch(new RegExp(`^${base.replace(/[.]/g, '\\.')}\\?`));
		const next = new URL(first.NextPage);
		expect(next.searchParams.get('offset')).toBeTruthy();
		expect(next.searchParams.get('offset')).not.toBe('25');
		const second = (await http(first.NextPage, { headers: auth(JSON_ACCEPT) })).json();
		expect(second.Items).toHaveLength(5);
		expect(second.NextPage).toBeNull();
		const ids = [...first.Items, ...second.Items].map((i: { ID: string }) => i.ID);
		expect(new Set(ids).size).toBe(30);

		const small = (await http(`${base}?user=${alex}&limit=7`, { headers: auth(JSON_ACCEPT) })).json();
		expect(small.Items).toHaveLength(7);
		expect(new URL(small.NextPage).searchParams.get('limit')).toBe('7');
		await emu().seed({ receipts: Array.from({ length: 80 }, () => ({ ownerLoginId: alex })) });
		const capped = (await http(`${base}?user=${alex}&limit=500`, { headers: auth(JSON_ACCEPT) })).json();
		expect(capped.Items).toHaveLength(100);
	});

	it('a bad offset → 400 with a Message (JSON and XML)', async () => {
		const json = await http(`${base}?offset=invalidOffset`, { headers: auth(JSON_ACCEPT) });
		expect(json.status).toBe(400);
		expect(Object.keys(json.json())).toEqual(['Message']);
		const xml = await http(`${base}?offset=invalidOffset`, { headers: auth() });
		expect(xml.status).toBe(400);
		expect(xml.text).toMatch(/^<Error><Message>[^<]*offset[^<]*<\/Message><\/Error>$/);
	});

	it('the user parameter: a company token acts for that user; a plain user token may not (403)', async () => {
		const blairList = (await http(base, { headers: auth(JSON_ACCEPT) })).json();
		expect(blairList.Items).toHaveLength(0); // the company token acts as the web-services admin
		const alexList = (await http(`${base}?user=${alex}`, { headers: auth(JSON_ACCEPT) })).json();
		expect(alexList.Items).toHaveLength(2);
		const dana = await userToken(emu(), 'dana.field@example.com');
		const forbidden = await http(`${dana.geolocation}${V3}?user=${alex}`, {
			headers: { authorization: `Bearer ${dana.access_token}`, ...JSON_ACCEPT },
		});
		expect(forbidden.status).toBe(403);
		expect(Object.keys(forbidden.json())).toEqual(['Message']);
		const own = await http(`${dana.geolocation}${V3}`, { headers: { authorization: `Bearer ${dana.access_token}` } });
		expect(own.status).toBe(200);
	});
});

describe('GET by id', () => {
	it('ReceiptImage{ID, URI} where URI is a temporary image URL (downloadable without auth)', async () => {
		const id = emu().seeded.receipts[0].id;
		const res = await http(`${base}/${id}`, { headers: auth() });
		expect(res.status).toBe(200);
		expect(res.text).toMatch(/^<ReceiptImage[ >]/);
		expect(xmlValue(res.text, 'ID')).toBe(id);
		const uri = xmlValue(res.text, 'URI') as string;
		expect(uri.startsWith(emu().imageBaseUrl)).toBe(true);
		const file = await http(uri);
		expect(file.status).toBe(200);
		expect(file.headers['content-type']).toBe('image/png');
		const json = (await http(`${base}/${id}`, { headers: auth(JSON_ACCEPT) })).json();
		expect(Object.keys(json)).toEqual(['ID', 'URI']);
	});

	it('v3GetShape "Image" gives the v1-style Image element in the image namespace', async () => {
		emu().configure({ v3GetShape: 'Image' });
		const id = emu().seeded.receipts[0].id;
		const res = await http(`${base}/${id}`, { headers: auth() });
		expect(res.text.startsWith(`<Image xmlns="${IMAGE_NS}"`)).toBe(true);
		expect(xmlValue(res.text, 'Id')).toBe(id);
		expect(res.text).toContain('&amp;');
		expect(Object.keys((await http(`${base}/${id}`, { headers: auth(JSON_ACCEPT) })).json())).toEqual(['Id', 'Url']);
	});

	it('an unknown id → 404 with a Message', async () => {
		const res = await http(`${base}/InvalidId`, { headers: auth(JSON_ACCEPT) });
		expect(res.status).toBe(404);
		expect(res.json().Message).toMatch(/InvalidId/);
	});
});

describe('PUT (append) and DELETE', () => {
	it('PUT appends: 200 with an empty body; the image becomes one consolidated PDF', async () => {
		const id = emu().seeded.receipts[0].id; // a PNG
		const res = await upload(`${base}/${id}`, t, 'application/pdf', await makePdf(2), {}, 'PUT');
		expect(res.status).toBe(200);
		expect(res.text).toBe('');
		const uri = xmlValue((await http(`${base}/${id}`, { headers: auth() })).text, 'URI') as string;
		const file = await http(uri);
		expect(file.headers['content-type']).toBe('application/pdf');
		expect(await pdfPages(file.bytes)).toBe(3);
		await upload(`${base}/${id}`, t, 'image/jpeg', JPEG_1x1, {}, 'PUT');
		const state = await emu().state();
		const receipt = state.receipts.find((r: { id: string }) => r.id === id);
		expect(receipt?.image).toMatchObject({ mimeType: 'application/pdf', pageCount: 4 });
	});

	it('DELETE → 204; afterwards the id answers 403 (as observed live; 404 if configured); unknown → 404', async () => {
		const id = emu().seeded.receipts[1].id;
		const del = await http(`${base}/${id}`, { method: 'DELETE', headers: auth() });
		expect(del.status).toBe(204);
		expect(del.text).toBe('');
		expect((await http(`${base}/${id}`, { headers: auth() })).status).toBe(403);
		emu().configure({ v3DeletedGetStatus: 404 });
		expect((await http(`${base}/${id}`, { headers: auth() })).status).toBe(404);
		expect((await http(`${base}/InvalidReceiptId`, { method: 'DELETE', headers: auth() })).status).toBe(404);
		const list = (await http(`${base}?user=${alex}`, { headers: auth(JSON_ACCEPT) })).json();
		expect(list.Items.map((i: { ID: string }) => i.ID)).not.toContain(id);
	});

	it('DELETE answers 200 when v3DeleteStatus is 200', async () => {
		emu().configure({ v3DeleteStatus: 200 });
		const del = await http(`${base}/${emu().seeded.receipts[0].id}`, { method: 'DELETE', headers: auth() });
		expect(del.status).toBe(200);
	});
});
