// Payment Request Digests v3 (GET /api/v3.0/invoice/paymentrequestdigests, issue 13): every filter by its
// documented name, paging (default and maximum limit 1000) over more than one page, XML and JSON, TotalCount,
// the admin route that changes an invoice, and PaymentRequestId working with Image v1 invoice/{id}.
import { companyToken, http, TokenBody, userToken, V1, xmlValue } from './helpers';
import { useEmulator } from '../support/use-emulator';

const DIGESTS = '/api/v3.0/invoice/paymentrequestdigests';
const start = Math.floor(Date.now() / 1000) * 1000;
const emu = useEmulator({ storage: 'memory', now: () => start }, { reset: { clearTokens: true } });
let t: TokenBody;

beforeEach(async () => {
	t = await companyToken(emu());
});

type Digest = { ID: string; PaymentRequestId: string; VendorName: string; ApprovalStatusCode: string; PaymentStatusCode: string; LastModifiedDate: string; PaidDate: string | null; CreateDate: string; InvoiceNumber: string };
const get = (path: string, headers: Record<string, string> = { accept: 'application/json' }, token = t) =>
	http(`${token.geolocation}${path}`, { headers: { authorization: `Bearer ${token.access_token}`, ...headers } });
async function digests(query = ''): Promise<Digest[]> {
	const res = await get(`${DIGESTS}?${query}`);
	expect(res.status).toBe(200);
	return res.json().Items;
}
const vendors = (items: Digest[]) => items.map((d) => d.VendorName).sort();
const v3 = (ms: number) => new Date(ms).toISOString().slice(0, 23);
const DAY = 86400000;
const postAdmin = (path: string, body: unknown) =>
	http(`${emu().adminUrl}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('shape', () => {
	it('JSON: Items with the documented fields, NextPage null, TotalCount', async () => {
		const body = (await get(DIGESTS)).json();
		expect(body).toMatchObject({ NextPage: null, TotalCount: 3 });
		const d = body.Items[0];
		for (const k of ['ID', 'URI', 'PaymentRequestId', 'PaymentRequestUri', 'ApprovalStatusCode', 'PaymentStatusCode', 'VendorName', 'InvoiceNumber', 'Total', 'CurrencyCode', 'CreateDate', 'UserDefinedDate', 'PaidDate', 'LastModifiedDate', 'ExtractedDate', 'OwnerLoginID', 'OwnerName', 'IsDeleted']) {
			expect(d).toHaveProperty(k);
		}
		expect(d.PaymentRequestId).toBe(emu().seeded.invoices[0].id);
		expect(d.URI).toBe(`${t.geolocation}${DIGESTS}/${d.ID}`);
		expect(d.PaymentRequestUri).toBe(`${t.geolocation}/api/v3.0/invoice/paymentrequest/${d.PaymentRequestId}`);
	});

	it('XML by default: <PaymentRequestDigests><Items><PaymentRequestDigest>…<NextPage /><TotalCount>', async () => {
		const res = await get(DIGESTS, {});
		expect(res.text).toMatch(/^<PaymentRequestDigests xmlns:i="[^"]+"><Items><PaymentRequestDigest><ID>/);
		expect(res.text.match(/<PaymentRequestDigest>/g)).toHaveLength(3);
		expect(res.text).toMatch(/<NextPage \/><TotalCount>3<\/TotalCount><\/PaymentRequestDigests>$/);
		expect(res.text).toContain('<IsDeleted>false</IsDeleted>');
	});

	it('GET by id; PaymentRequestId works with Image v1 invoice/{id} when the invoice has an image', async () => {
		const paidWithImage = emu().seeded.invoices[2];
		expect(paidWithImage.hasImage).toBe(true);
		expect((await get(`${DIGESTS}/${paidWithImage.id}`)).json()).toMatchObject({ PaymentRequestId: paidWithImage.id, VendorName: 'Hotel Example' });
		const img = await get(`${V1}/invoice/${paidWithImage.id}`, {});
		expect(img.status).toBe(200);
		expect(xmlValue(img.text, 'Url')).toBeTruthy();
		expect((await get(`${DIGESTS}/FFFFFFFFFFFFFFFFFFFF`)).status).toBe(404);
	});

	it('open to a user token too (invoices are company-wide here, as in Image v1)', async () => {
		const alex = await userToken(emu(), 'alex.ops@example.com');
		expect((await get(DIGESTS, { accept: 'application/json' }, alex)).json().Items).toHaveLength(3);
	});
});

describe('filters (exact query names)', () => {
	it('approvalStatus and paymentStatus (one code each)', async () => {
		expect(vendors(await digests('approvalStatus=A_PEND'))).toEqual(['Taxi Co']);
		expect(vendors(await digests('paymentStatus=P_PAID'))).toEqual(['Hotel Example', 'Office Supplies GmbH']);
		expect(await digests('approvalStatus=A_APPR&paymentStatus=P_NOTP')).toHaveLength(0);
		// the Reports v3 names do nothing here (ignored, like any unknown parameter)
		expect(await digests('approvalStatusCode=A_PEND')).toHaveLength(3);
	});

	it('paidDateAfter/Before, createDateAfter/Before, submitDateAfter/Before, extractedDateAfter/Before', async () => {
		expect(vendors(await digests(`paidDateAfter=${v3(start - 5 * DAY)}`))).toEqual(['Hotel Example']);
		expect(vendors(await digests(`paidDateBefore=${v3(start - 5 * DAY)}`))).toEqual(['Office Supplies GmbH']);
		expect(vendors(await digests(`createDateAfter=${v3(start - 10 * DAY)}`))).toEqual(['Taxi Co']);
		expect(await digests(`createDateBefore=${v3(start - 10 * DAY)}`)).toHaveLength(2);
		expect(await digests(`submitDateAfter=${v3(start - 20 * DAY)}`)).toHaveLength(2);
		expect(await digests(`submitDateBefore=${v3(start - 20 * DAY)}`)).toHaveLength(1);
		expect(vendors(await digests(`extractedDateAfter=${v3(start - 5 * DAY)}`))).toEqual(['Hotel Example']);
		expect(await digests(`extractedDateBefore=${v3(start)}`)).toHaveLength(2);
		expect((await get(`${DIGESTS}?paidDateAfter=2026-13-40`)).status).toBe(400);
	});

	it('lastModifiedDateAfter/Before follow LastModifiedDate, moved by the admin route on the virtual clock', async () => {
		const taxi = emu().seeded.invoices[1].id;
		expect(await digests(`lastModifiedDateAfter=${v3(start)}`)).toHaveLength(0);
		emu().advanceTime(600);
		const changed = await postAdmin(`invoices/${taxi}`, { approvalStatusCode: 'A_APPR', paymentStatusCode: 'P_PAID' });
		expect(changed.json()).toMatchObject({ paymentStatusCode: 'P_PAID', paidDate: v3(start + 600000), lastModifiedDate: v3(start + 600000) });
		const after = await digests(`lastModifiedDateAfter=${v3(start)}`);
		expect(after.map((d) => d.PaymentRequestId)).toEqual([taxi]);
		expect(after[0]).toMatchObject({ PaymentStatusCode: 'P_PAID', LastModifiedDate: v3(start + 600000) });
		expect(await digests(`lastModifiedDateBefore=${v3(start)}`)).toHaveLength(2);
		expect(vendors(await digests(`paymentStatus=P_PAID&paidDateAfter=${v3(start)}`))).toEqual(['Taxi Co']);
	});

	it('vendorInvoiceNumber', async () => {
		const all = await digests();
		expect((await digests(`vendorInvoiceNumber=${all[1].InvoiceNumber}`)).map((d) => d.ID)).toEqual([all[1].ID]);
	});
});

describe('paging', () => {
	it('limit defaults to 1000; more than one page with NextPage and an opaque offset', async () => {
		await emu().seed({ invoices: Array.from({ length: 8 }, (_, i) => ({ vendor: `Vendor ${i}`, paymentStatusCode: 'P_PAID' })) });
		expect(await digests()).toHaveLength(11);
		const seen: string[] = [];
		let url: string | null = `${t.geolocation}${DIGESTS}?paymentStatus=P_PAID&limit=4`;
		const sizes: number[] = [];
		while (url) {
			const body = (await http(url, { headers: { authorization: `Bearer ${t.access_token}`, accept: 'application/json' } })).json();
			expect(body.TotalCount).toBe(10);
			sizes.push(body.Items.length);
			seen.push(...body.Items.map((d: Digest) => d.ID));
			url = body.NextPage;
			if (url) expect(new URL(url).searchParams.get('paymentStatus')).toBe('P_PAID');
		}
		expect(sizes).toEqual([4, 4, 2]);
		expect(new Set(seen).size).toBe(10);
		expect((await get(`${DIGESTS}?offset=AAAA`)).status).toBe(400);
	});
});

describe('admin: POST /_emulator/invoices/{id}', () => {
	it('adds an image (then Image v1 GET works) and marks an invoice deleted', async () => {
		const office = emu().seeded.invoices[0].id;
		expect((await get(`${V1}/invoice/${office}`, {})).status).toBe(404);
		expect((await postAdmin(`invoices/${office}`, { addImage: true })).json()).toMatchObject({ hasImage: true });
		expect((await get(`${V1}/invoice/${office}`, {})).status).toBe(200);
		await emu().updateInvoice(office, { deleted: true });
		expect((await get(`${DIGESTS}/${office}`)).json().IsDeleted).toBe(true);
		expect((await postAdmin('invoices/nope', {})).status).toBe(400);
	});
});
