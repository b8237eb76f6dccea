// The v4 APIs of the emulator (V4.md): Identity v4 user lookup, Quick Expense v4 with an image (multipart, the
// rate limit), Spend Documents v4 (multipart POST, receipt and representations by receipt id or image id) and
// Receipts v4 image-only receipts (202, processing status), each with the readings the options switch.
import { createHash } from 'crypto';

import { companyToken, http, JPEG_1x1, makePdf, PNG_1x1, TokenBody, userToken, V3 } from './helpers';
import { useEmulator } from '../support/use-emulator';

const emu = useEmulator({ storage: 'memory' }, { reset: { clearTokens: true } });
let t: TokenBody;
let base: string;

beforeEach(async () => {
	t = await companyToken(emu());
	base = t.geolocation;
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bearer = (token: TokenBody = t) => ({ authorization: `Bearer ${token.access_token}` });
const userId = (login = 'alex.ops@example.com') => emu().users.find((u: { loginId: string }) => u.loginId === login)!.id as string;

interface Part {
	name: string;
	data: string | Uint8Array;
	filename?: string;
	contentType?: string;
}

function multipart(parts: Part[]) {
	const boundary = `----test${Math.random().toString(16).slice(2)}`;
	const chunks: Buffer[] = [];
	for (const part of parts) {
		const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`;
		const type = part.contentType ? `\r\nContent-Type: ${part.contentType}` : '';
		chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`), Buffer.from(part.data), Buffer.from('\r\n'));
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: new Uint8Array(Buffer.concat(chunks)), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const post = (path: string, parts: Part[], token: TokenBody = t) => {
	const { body, headers } = multipart(parts);
	return http(`${base}${path}`, { method: 'POST', headers: { ...bearer(token), ...headers }, body });
};

describe('Identity v4: a login ID to the user UUID', () => {
	it('finds the user by userName (not case-exact), with the company UUID in the enterprise extension', async () => {
		const filter = encodeURIComponent('userName eq "Alex.Ops@Example.com"');
		const res = await http(`${base}/profile/identity/v4/Users?filter=${filter}`, { headers: bearer() });
		expect(res.status).toBe(200);
		const body = res.json();
		expect(body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, startIndex: 1 });
		expect(body.Resources[0]).toMatchObject({
			id: userId(),
			userName: 'alex.ops@example.com',
			'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { companyId: emu().company.id },
		});
	});

	it('answers an unknown login with an empty list, or 404 in the other reading', async () => {
		const url = `${base}/profile/identity/v4/Users?filter=${encodeURIComponent('userName eq "nobody@example.com"')}`;
		const empty = await http(url, { headers: bearer() });
		expect(empty.status).toBe(200);
		expect(empty.json()).toMatchObject({ totalResults: 0, Resources: [] });
		emu().configure({ identityNoMatch: '404' });
		const missing = await http(url, { headers: bearer() });
		expect(missing.status).toBe(404);
		expect(missing.json()).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
	});

	it('refuses a filter it does not support, and the legacy OAuth scheme', async () => {
		const bad = await http(`${base}/profile/identity/v4/Users?filter=${encodeURIComponent('displayName co "Alex"')}`, { headers: bearer() });
		expect(bad.status).toBe(400);
		expect(bad.json().scimType).toBe('invalidFilter');
		const legacy = await http(`${base}/profile/identity/v4/Users`, { headers: { authorization: `OAuth ${t.access_token}` } });
		expect(legacy.status).toBe(401);
	});
});

const QE = (id: string) => `/quickexpense/v4/users/${id}/context/TRAVELER/quickexpenses/image`;
const expense = { expenseTypeId: 'BUSML', transactionAmount: { currencyCode: 'USD', value: 88.05 }, transactionDate: '2019-02-04', comment: 'Offsite team lunch.' };

describe('Quick Expense v4 with an image', () => {
	it('creates the expense and keeps the bytes of fileContent', async () => {
		const res = await post(QE(userId()), [
			{ name: 'quickExpenseRequest', data: JSON.stringify(expense) },
			{ name: 'fileContent', data: PNG_1x1, filename: 'lunch.png', contentType: 'image/png' },
		]);
		expect(res.status).toBe(201);
		const uri = res.json().quickExpenseIdUri as string;
		expect(uri).toMatch(new RegExp(`/quickexpense/v4/users/${userId()}/context/TRAVELER/quickexpenses/[0-9A-F]{32}$`));
		const [stored] = emu().v4.quickExpenses();
		expect(stored).toMatchObject({ userId: userId(), request: expense, fileName: 'lunch.png', image: { mimeType: 'image/png', sha256: sha256(PNG_1x1) } });
		expect(sha256((await emu().v4.bytes('quickExpenses', stored.id))!)).toBe(sha256(PNG_1x1));
	});

	it('checks the request by the reference page (expenseTypeId) or the swagger (location)', async () => {
		const noType = { ...expense, expenseTypeId: undefined }; // JSON leaves it out
		const parts = (request: object) => [
			{ name: 'quickExpenseRequest', data: JSON.stringify(request) },
			{ name: 'fileContent', data: JPEG_1x1, filename: 'a.jpg' },
		];
		const refused = await post(QE(userId()), parts(noType));
		expect(refused.status).toBe(400);
		expect(refused.json()).toMatchObject({ httpStatus: '400', validationErrors: [{ source: 'expenseTypeId' }] });
		emu().configure({ quickExpenseRequired: 'swagger' });
		expect((await post(QE(userId()), parts(noType))).json().validationErrors).toEqual([{ source: 'location', message: 'must not be null' }]);
		expect((await post(QE(userId()), parts({ ...noType, location: {} }))).status).toBe(201);
	});

	it('wants the UUID, not the login ID, and the fileContent part', async () => {
		const byLogin = await post(QE('alex.ops@example.com'), [{ name: 'fileContent', data: PNG_1x1 }]);
		expect(byLogin.status).toBe(400);
		expect(byLogin.json().errorMessage).toContain('UUID');
		const noFile = await post(QE(userId()), [{ name: 'quickExpenseRequest', data: JSON.stringify(expense) }]);
		expect(noFile.status).toBe(400);
		expect(noFile.json().errorMessage).toContain('fileContent');
	});

	it('limits each user to 120 requests per 5 minutes, with Retry-After until a slot frees', async () => {
		emu().v4.useQuickExpenseQuota(userId(), 120);
		const parts = [
			{ name: 'quickExpenseRequest', data: JSON.stringify(expense) },
			{ name: 'fileContent', data: PNG_1x1 },
		];
		const limited = await post(QE(userId()), parts);
		expect(limited.status).toBe(429);
		expect(limited.headers['retry-after']).toBe('300');
		expect((await post(QE(userId('blair.admin@example.com')), parts)).status).toBe(201); // per user
		emu().advanceTime(120);
		expect((await post(QE(userId()), parts)).headers['retry-after']).toBe('180');
		emu().configure({ quickExpenseRetryAfter: 'none' });
		expect((await post(QE(userId()), parts)).headers['retry-after']).toBeUndefined();
		emu().advanceTime(181);
		expect((await post(QE(userId()), parts)).status).toBe(201);
		expect(emu().v4.quickExpenses()).toHaveLength(2);
	});

	it('refuses a file over the cap (50 MB on the page, 5 MB in the swagger) and a type it does not take', async () => {
		emu().configure({ quickExpenseMaxBytes: 100 });
		const big = await post(QE(userId()), [
			{ name: 'quickExpenseRequest', data: JSON.stringify(expense) },
			{ name: 'fileContent', data: await makePdf(1) },
		]);
		expect(big.status).toBe(400); // the page lists no 413 for Quick Expense
		expect(big.json().errorMessage).toContain('at most 100 bytes');
		emu().configure({ quickExpenseMaxBytes: 50 * 1024 * 1024 });
		const gif = await post(QE(userId()), [
			{ name: 'quickExpenseRequest', data: JSON.stringify(expense) },
			{ name: 'fileContent', data: Buffer.from('GIF89a\u0001\u0000\u0001\u0000') },
		]);
		expect(gif.status).toBe(400);
		expect(emu().v4.quickExpenses()).toHaveLength(0);
	});
});

describe('Spend Documents v4', () => {
	const metadata = () => ({ userId: userId(), companyId: emu().company.id, origin: 'vendor', provider: 'vendor', feature: 'simplereceipt' });

	it('takes the file as `document` (request table), answers 202 and serves it by receipt id and by image id', async () => {
		const pdf = await makePdf(2);
		const res = await post('/spend-documents/v4/receipts', [
			{ name: 'receipt', data: JSON.stringify({ metadata: metadata() }), contentType: 'application/json' },
			{ name: 'document', data: pdf, filename: 'hotel.pdf', contentType: 'application/pdf' },
		]);
		expect(res.status).toBe(202);
		const { id, imageId, href } = res.json();
		expect(id).toMatch(/^[0-9a-f-]{36}$/);
		expect(imageId).toMatch(/^[0-9A-F]{32}$/);
		expect(href).toBe(`${base}/spend-documents/v4/receipts/${id}`);

		const receipt = (await http(href, { headers: bearer() })).json();
		expect(receipt.metadata).toMatchObject({ id, imageId, userId: userId(), companyId: emu().company.id });
		expect(receipt.documents.map((d: { representation: string }) => d.representation)).toEqual(['display', 'compliance']);
		const company = emu().company.id;
		for (const url of [
			`${href}/representations?type=display`,
			`${base}/spend-documents/v4/receipts?imageId=${imageId}&companyId=${company}&type=compliance`,
			`${base}/spend-documents/v4/receipts/representations?imageId=${imageId}&companyId=${company}&type=display`,
		]) {
			const file = await http(url, { headers: bearer() });
			expect(file.status).toBe(200);
			expect(file.headers['content-type']).toBe('application/pdf');
			expect(sha256(file.bytes)).toBe(sha256(pdf));
		}
		const byImage = await http(`${base}/spend-documents/v4/receipts?imageId=${imageId}&companyId=${company}`, { headers: bearer() });
		expect(byImage.json().metadata.id).toBe(id);
		// It is in the user's Available Receipts too.
		const listed = await http(`${base}${V3}?user=alex.ops@example.com`, { headers: { ...bearer(), accept: 'application/json' } });
		expect(listed.json().Items.map((i: { ID: string }) => i.ID)).toContain(emu().v4.spendDocuments()[0].availableReceiptId);
	});

	it('plays the other readings: the file part `image` (curl example) and 200 (status list)', async () => {
		const parts = (name: string) => [
			{ name: 'receipt', data: JSON.stringify({ metadata: metadata() }) },
			{ name, data: PNG_1x1, filename: 'a.png' },
		];
		const wrongName = await post('/spend-documents/v4/receipts', parts('image'));
		expect(wrongName.status).toBe(400);
		expect(wrongName.json()).toMatchObject({ status: '400', message: expect.stringContaining('"document"') });
		emu().configure({ spendDocumentsFilePart: 'image', spendDocumentsPostStatus: 200 });
		expect((await post('/spend-documents/v4/receipts', parts('image'))).status).toBe(200);
		expect((await post('/spend-documents/v4/receipts', parts('document'))).status).toBe(400);
	});

	it('refuses metadata without this company or a real user, and an unknown receipt', async () => {
		const res = await post('/spend-documents/v4/receipts', [
			{ name: 'receipt', data: JSON.stringify({ metadata: { ...metadata(), companyId: '00000000-0000-0000-0000-000000000000' } }) },
			{ name: 'document', data: PNG_1x1 },
		]);
		expect(res.status).toBe(400);
		expect((await http(`${base}/spend-documents/v4/receipts/4d3a8d80-0f93-4b0b-bed1-2724a354858c`, { headers: bearer() })).status).toBe(404);
	});
});

describe('Receipts v4 image-only receipts', () => {
	const path = () => `/receipts/v4/users/${userId()}/image-only-receipts`;

	it('accepts with 202 and a processing-status link that ends PROCESSED; the bytes come back as sent', async () => {
		const res = await post(path(), [{ name: 'image', data: JPEG_1x1, filename: 'taxi.jpg', contentType: 'image/jpeg' }]);
		expect(res.status).toBe(202);
		expect(res.text).toBe('');
		const link = /^<([^>]+)>;\s*rel="processing-status"$/.exec(String(res.headers.link))!;
		const id = link[1].split('/').pop()!;
		expect(link[1]).toBe(`${base}/receipts/v4/status/${id}`);
		expect(res.headers.location).toBe(`${base}/receipts/v4/images/${id}`);
		expect((await http(link[1], { headers: bearer() })).json().status).toBe('ACCEPTED');
		const done = (await http(link[1], { headers: bearer() })).json();
		expect(done.status).toBe('PROCESSED');
		expect(done.logs.map((l: { message: string }) => l.message)).toContain('Processing finished.');
		const image = await http(`${base}/receipts/v4/image-only-receipts/${id}/image`, { headers: bearer() });
		expect(sha256(image.bytes)).toBe(sha256(JPEG_1x1));
		// Processed, it is one of the user's Available Receipts (two are seeded).
		expect(emu().seeded.receipts.filter((r) => r.ownerLoginId === 'alex.ops@example.com')).toHaveLength(3);
	});

	it('refuses an unsupported type (415), a file over the cap (413) and a repeated forwardId (304)', async () => {
		expect((await post(path(), [{ name: 'image', data: 'hello', contentType: 'text/plain' }])).status).toBe(415);
		emu().configure({ receiptsV4MaxBytes: 10 });
		expect((await post(path(), [{ name: 'image', data: PNG_1x1 }])).status).toBe(413);
		emu().configure({ receiptsV4MaxBytes: 25 * 1024 * 1024, receiptsV4Location: 'image-only-receipts', receiptsV4Outcome: 'FAILED', receiptsV4PollsToProcess: 0 });
		const first = await post(path(), [{ name: 'image', data: PNG_1x1 }, { name: 'forwardId', data: 'mail-42' }]);
		expect(first.headers.location).toMatch(/\/receipts\/v4\/image-only-receipts\/[0-9a-f]{32}$/);
		expect((await post(path(), [{ name: 'image', data: PNG_1x1 }, { name: 'forwardId', data: 'mail-42' }])).status).toBe(304);
		const status = (await http(/<([^>]+)>/.exec(String(first.headers.link))![1], { headers: bearer() })).json();
		expect(status.status).toBe('FAILED');
	});

	it('lets a user token post only for its own user', async () => {
		const alex = await userToken(emu(), 'alex.ops@example.com');
		const other = `/receipts/v4/users/${userId('dana.field@example.com')}/image-only-receipts`;
		base = alex.geolocation;
		expect((await post(other, [{ name: 'image', data: PNG_1x1 }], alex)).status).toBe(403);
		expect((await post(path(), [{ name: 'image', data: PNG_1x1 }], alex)).status).toBe(202);
	});
});
