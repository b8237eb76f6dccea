// Expense Reports v3 and Entries v3 listings (issue 13, archiving): every filter by its exact documented query
// name, paging by an opaque offset over more than one page (NextPage), XML by default and JSON by Accept,
// LastModifiedDate moving on the virtual clock, the admin route that changes a report, and the listed ids
// working with Image v1.
import { companyToken, http, PNG_1x1, TokenBody, upload, userToken, V1, xmlValue } from './helpers';
import { useEmulator } from '../support/use-emulator';

const REPORTS = '/api/v3.0/expense/reports';
const ENTRIES = '/api/v3.0/expense/entries';
// A clock standing still on a whole second (advanceTime moves it): dates compare exactly.
const start = Math.floor(Date.now() / 1000) * 1000;
const emu = useEmulator({ storage: 'memory', now: () => start }, { reset: { clearTokens: true } });
let t: TokenBody;

beforeEach(async () => {
	t = await companyToken(emu());
});

type Report = { ID: string; Name: string; ApprovalStatusCode: string; PaymentStatusCode: string; LastModifiedDate: string; SubmitDate: string | null; PaidDate: string | null; CreateDate: string; OwnerLoginID: string; URI: string };
const json = { accept: 'application/json' };
const get = (path: string, token: TokenBody = t, headers: Record<string, string> = json) =>
	http(`${token.geolocation}${path}`, { headers: { authorization: `Bearer ${token.access_token}`, ...headers } });
async function reports(query: string, token: TokenBody = t): Promise<Report[]> {
	const res = await get(`${REPORTS}?${query}`, token);
	expect(res.status).toBe(200);
	return res.json().Items;
}
const names = (items: Report[]) => items.map((r) => r.Name).sort();
const seeded = () => emu().seeded.reports;
/** The v3 date of `ms` (no zone, milliseconds), as the emulator writes it. */
const v3 = (ms: number) => new Date(ms).toISOString().slice(0, 23);
const postAdmin = (path: string, body: unknown) =>
	http(`${emu().adminUrl}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('GET /api/v3.0/expense/reports: shape', () => {
	it('XML by default: <Reports><Items><Report>… with ID, URI, statuses, dates; <NextPage /> on the last page', async () => {
		const res = await get(`${REPORTS}?user=ALL`, t, {});
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toMatch(/application\/xml/);
		expect(res.text).toMatch(/^<Reports xmlns:i="http:\/\/www\.w3\.org\/2001\/XMLSchema-instance"><Items><Report><Name>/);
		expect(res.text.match(/<Report>/g)).toHaveLength(4);
		expect(xmlValue(res.text, 'ID')).toBe(seeded()[0].id);
		expect(xmlValue(res.text, 'ApprovalStatusCode')).toBe('A_APPR');
		expect(xmlValue(res.text, 'LastModifiedDate')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
		expect(res.text).toContain('<ApproverLoginID i:nil="true" />');
		expect(res.text).toMatch(/<\/Items><NextPage \/><\/Reports>$/);
	});

	it('JSON with Accept: application/json: {Items, NextPage: null}; the documented field names', async () => {
		const body = (await get(`${REPORTS}?user=ALL`)).json();
		expect(body.NextPage).toBeNull();
		const first = body.Items[0];
		for (const k of ['ID', 'URI', 'Name', 'OwnerLoginID', 'OwnerName', 'ApprovalStatusCode', 'ApprovalStatusName', 'PaymentStatusCode', 'PaymentStatusName', 'Total', 'CurrencyCode', 'CreateDate', 'SubmitDate', 'PaidDate', 'LastModifiedDate', 'HasException']) {
			expect(first).toHaveProperty(k);
		}
		expect(first).toMatchObject({ ID: seeded()[0].id, OwnerLoginID: 'alex.ops@example.com', ApprovalStatusCode: 'A_APPR', ApprovalStatusName: 'Approved', PaymentStatusCode: 'P_PAID' });
		expect(first.URI).toBe(`${t.geolocation}${REPORTS}/${seeded()[0].id}`);
		expect(first).not.toHaveProperty('HasImages'); // a filter, not a report field
	});

	it('a listed report id works with Image v1 and with GET reports/{id}', async () => {
		const withImage = (await reports('user=ALL&hasImages=true'))[1];
		const img = await get(`${V1}/report/${encodeURIComponent(withImage.ID)}`, t, {});
		expect(img.status).toBe(200);
		expect(xmlValue(img.text, 'Url')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/file\//);
		const one = await get(`${REPORTS}/${encodeURIComponent(withImage.ID)}`);
		expect(one.json()).toMatchObject({ ID: withImage.ID, Name: withImage.Name });
		expect((await get(`${REPORTS}/nope`)).status).toBe(404);
	});
});

describe('user', () => {
	it('absent: the caller (a company token acts as its admin user); ALL: everyone; a login ID: that owner', async () => {
		expect(names(await reports(''))).toEqual(['Admin travel']);
		expect(await reports('user=ALL')).toHaveLength(4);
		expect(names(await reports('user=alex.ops@example.com'))).toEqual(['Client visit Berlin', 'Team offsite']);
	});

	it('a user without the Web Services Admin role: own reports only, 403 for ALL or another login', async () => {
		const alex = await userToken(emu(), 'alex.ops@example.com');
		expect(await reports('', alex)).toHaveLength(2);
		expect(await reports('user=alex.ops@example.com', alex)).toHaveLength(2);
		expect((await get(`${REPORTS}?user=ALL`, alex)).status).toBe(403);
		const other = await get(`${REPORTS}?user=dana.field@example.com`, alex);
		expect(other.status).toBe(403);
		expect(other.json().Error.Message).toMatch(/Web Services Admin/);
	});
});

describe('filters (exact query names)', () => {
	it('approvalStatusCode and paymentStatusCode, one value or a comma-separated list', async () => {
		expect(names(await reports('user=ALL&approvalStatusCode=A_APPR'))).toEqual(['Admin travel', 'Client visit Berlin']);
		expect(names(await reports('user=ALL&approvalStatusCode=A_PEND,A_NOTF'))).toEqual(['Conference Chicago', 'Team offsite']);
		expect(names(await reports('user=ALL&paymentStatusCode=P_PAID'))).toEqual(['Client visit Berlin']);
		expect(names(await reports('user=ALL&paymentStatusCode=P_PAID,P_PROC'))).toEqual(['Admin travel', 'Client visit Berlin']);
		expect(await reports('user=ALL&approvalStatusCode=A_APPR&paymentStatusCode=P_PROC')).toHaveLength(1);
	});

	it('hasImages=true|false: a report image or any entry image; other values → 400', async () => {
		expect(names(await reports('user=ALL&hasImages=true'))).toEqual(['Client visit Berlin', 'Team offsite']);
		expect(names(await reports('user=ALL&hasImages=False'))).toEqual(['Admin travel', 'Conference Chicago']);
		const bad = await get(`${REPORTS}?user=ALL&hasImages=yes`);
		expect(bad.status).toBe(400);
		expect(bad.json().Error.Message).toMatch(/true or false/);
	});

	it('submitDateAfter/Before, paidDateAfter/Before, createDateAfter/Before (strict; no date → no match)', async () => {
		const all = await reports('user=ALL');
		const berlin = all.find((r) => r.Name === 'Client visit Berlin') as Report;
		const submitted = Date.parse(`${berlin.SubmitDate}Z`);
		expect(names(await reports(`user=ALL&submitDateAfter=${v3(submitted - 1)}`))).toEqual(['Admin travel', 'Client visit Berlin', 'Team offsite']);
		expect(names(await reports(`user=ALL&submitDateBefore=${v3(submitted + 1)}`))).toEqual(['Client visit Berlin']);
		expect(names(await reports(`user=ALL&paidDateAfter=${v3(start - 30 * 86400000)}`))).toEqual(['Client visit Berlin']);
		expect(await reports(`user=ALL&paidDateBefore=${v3(start - 30 * 86400000)}`)).toHaveLength(0);
		expect(names(await reports(`user=ALL&createDateBefore=${v3(start - 20 * 86400000)}`))).toEqual(['Admin travel', 'Client visit Berlin']);
		expect(await reports(`user=ALL&createDateAfter=${v3(start - 20 * 86400000)}`)).toHaveLength(2);
		// the date-only format
		expect(await reports(`user=ALL&createDateAfter=${new Date(start + 86400000).toISOString().slice(0, 10)}`)).toHaveLength(0);
		expect((await get(`${REPORTS}?user=ALL&paidDateAfter=yesterday`)).status).toBe(400);
	});

	it('modifiedDateAfter/Before follow LastModifiedDate, which moves on the virtual clock when a report changes', async () => {
		const cut = v3(start);
		expect(await reports(`user=ALL&modifiedDateAfter=${cut}`)).toHaveLength(0);
		emu().advanceTime(1800);
		const changed = await postAdmin(`reports/${encodeURIComponent(seeded()[2].id)}`, { approvalStatusCode: 'A_PEND' });
		expect(changed.status).toBe(200);
		expect(changed.json()).toMatchObject({ approvalStatusCode: 'A_PEND', lastModifiedDate: v3(start + 1800000), submitDate: v3(start + 1800000) });
		const after = await reports(`user=ALL&modifiedDateAfter=${cut}`);
		expect(names(after)).toEqual(['Conference Chicago']);
		expect(after[0].LastModifiedDate).toBe(v3(start + 1800000));
		expect(await reports(`user=ALL&modifiedDateBefore=${cut}`)).toHaveLength(3);
	});

	it('an image uploaded through Image v1 moves it too (imageMovesLastModified), unless switched off', async () => {
		const chicago = seeded()[2].id;
		emu().advanceTime(60);
		expect((await upload(`${t.geolocation}${V1}/report/${chicago}`, t, 'image/png', PNG_1x1)).status).toBe(201);
		expect(names(await reports(`user=ALL&modifiedDateAfter=${v3(start)}&hasImages=true`))).toEqual(['Conference Chicago']);
		emu().configure({ imageMovesLastModified: false });
		emu().advanceTime(60);
		const entry = seeded()[3].entries[0].id;
		expect((await upload(`${t.geolocation}${V1}/expenseentry/${entry}`, t, 'image/png', PNG_1x1)).status).toBe(201);
		expect(await reports(`user=ALL&modifiedDateAfter=${v3(start + 60000)}`)).toHaveLength(0);
	});

	it('names are exact: another casing is ignored like any unknown parameter (and logged), unless v3QueryNames: ignoreCase', async () => {
		expect(await reports('user=ALL&ApprovalStatusCode=A_PEND')).toHaveLength(4);
		const entry = emu().requestLog().find((e) => e.path === REPORTS);
		expect(entry?.ignoredQuery).toEqual(['ApprovalStatusCode']);
		emu().configure({ v3QueryNames: 'ignoreCase' });
		expect(await reports('user=ALL&ApprovalStatusCode=A_PEND')).toHaveLength(1);
	});
});

describe('paging (limit, opaque offset, NextPage)', () => {
	it('walks more than one page; NextPage keeps the filters; XML escapes it', async () => {
		await emu().seed({ reports: Array.from({ length: 30 }, (_, i) => ({ ownerLoginId: 'dana.field@example.com', name: `Trip ${i}`, approvalStatusCode: 'A_APPR' })) });
		const seen: string[] = [];
		let url: string | null = `${t.geolocation}${REPORTS}?user=ALL&approvalStatusCode=A_APPR&limit=10`;
		let pages = 0;
		while (url) {
			const res = await http(url, { headers: { authorization: `Bearer ${t.access_token}`, ...json } });
			const body = res.json();
			seen.push(...body.Items.map((r: Report) => r.ID));
			url = body.NextPage;
			if (url) {
				const next = new URL(url);
				expect(next.searchParams.get('approvalStatusCode')).toBe('A_APPR');
				expect(next.searchParams.get('limit')).toBe('10');
				expect(next.searchParams.get('offset')).toMatch(/^[A-Za-z0-9_-]+$/);
			}
			pages++;
		}
		expect(pages).toBe(4);
		expect(seen).toHaveLength(32);
		expect(new Set(seen).size).toBe(32);
		const xml = await get(`${REPORTS}?user=ALL&limit=10`, t, {});
		expect(xml.text).toMatch(/<NextPage>http:\/\/[^<]+\?user=ALL&amp;limit=10&amp;offset=[A-Za-z0-9_-]+<\/NextPage>/);
	});

	it('limit defaults to 25 and is capped at 100; a bad offset or limit → 400', async () => {
		await emu().seed({ reports: Array.from({ length: 120 }, () => ({ ownerLoginId: 'dana.field@example.com' })) });
		expect(await reports('user=ALL')).toHaveLength(25);
		expect(await reports('user=ALL&limit=500')).toHaveLength(100);
		expect((await get(`${REPORTS}?user=ALL&offset=bogus`)).status).toBe(400);
		expect((await get(`${REPORTS}?user=ALL&limit=0`)).status).toBe(400);
	});
});

describe('GET /api/v3.0/expense/entries', () => {
	it('reportID → the report\'s entries with HasImage; a HasImage entry works with Image v1', async () => {
		const r0 = seeded()[0];
		const body = (await get(`${ENTRIES}?reportID=${encodeURIComponent(r0.id)}`)).json();
		expect(body.NextPage).toBeNull();
		expect(body.Items.map((e: { ID: string }) => e.ID)).toEqual(r0.entries.map((e) => e.id));
		expect(body.Items.map((e: { HasImage: boolean }) => e.HasImage)).toEqual([false, false, true]);
		expect(body.Items[0]).toMatchObject({ ReportID: r0.id, ReportOwnerID: 'alex.ops@example.com', ExpenseTypeCode: 'TAXIX', IsImageRequired: true });
		expect(body.Items[0].TransactionDate).toMatch(/^\d{4}-\d\d-\d\d$/);
		const withImage = body.Items[2].ID;
		expect((await get(`${V1}/expenseentry/${withImage}`, t, {})).status).toBe(200);
		expect((await get(`${ENTRIES}/${withImage}`)).json()).toMatchObject({ ID: withImage, HasImage: true });
	});

	it('XML: <Entries><Items><Entry>…; paging with limit', async () => {
		const r0 = seeded()[0].id;
		const xml = await get(`${ENTRIES}?reportID=${encodeURIComponent(r0)}&limit=2`, t, {});
		expect(xml.text).toMatch(/^<Entries xmlns:i="[^"]+"><Items><Entry><ID>/);
		expect(xml.text.match(/<Entry>/g)).toHaveLength(2);
		expect(xml.text).toContain('<HasImage>false</HasImage>');
		const next = xmlValue(xml.text, 'NextPage') as string;
		const rest = (await http(next, { headers: { authorization: `Bearer ${t.access_token}`, ...json } })).json();
		expect(rest.Items).toHaveLength(1);
		expect(rest.Items[0].HasImage).toBe(true);
		expect(rest.NextPage).toBeNull();
	});

	it('a user sees only their own entries', async () => {
		const alex = await userToken(emu(), 'alex.ops@example.com');
		expect((await get(ENTRIES, alex)).json().Items).toHaveLength(5);
		expect((await get(`${ENTRIES}?reportID=${encodeURIComponent(seeded()[2].id)}`, alex)).json().Items).toHaveLength(0);
	});
});

describe('admin: POST /_emulator/reports/{id}', () => {
	it('adds an image (report level or to an entry); hasImages and Image v1 follow', async () => {
		const chicago = seeded()[2];
		expect((await postAdmin(`reports/${encodeURIComponent(chicago.id)}`, { addImage: 'png', entryId: chicago.entries[1].id })).status).toBe(200);
		expect(names(await reports('user=ALL&hasImages=true'))).toContain('Conference Chicago');
		expect((await get(`${V1}/expenseentry/${chicago.entries[1].id}`, t, {})).status).toBe(200);
		await emu().updateReport(seeded()[3].id, { addImage: true, paymentStatusCode: 'P_PAID' });
		expect(names(await reports('user=ALL&paymentStatusCode=P_PAID&hasImages=true'))).toEqual(['Admin travel', 'Client visit Berlin']);
	});

	it('400 for an unknown report or a bad status code', async () => {
		expect((await postAdmin('reports/nope', { approvalStatusCode: 'A_APPR' })).status).toBe(400);
		expect((await postAdmin(`reports/${encodeURIComponent(seeded()[0].id)}`, { approvalStatusCode: 'approved!' })).status).toBe(400);
	});
});
