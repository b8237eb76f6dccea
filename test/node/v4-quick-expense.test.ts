// Quick Expense → Create With Image (Quick Expense v4): an email-style batch turns receipts into expenses for the
// sender (a login ID looked up once with Identity v4), files checked before anything is sent, the user's rate
// limit absorbed, unknown senders as clear item errors.
import { createHash } from 'crypto';

import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { apiRequests, companyCredential, concurNode } from '../../support/concur';
import { fileItem, HEIC, JPEG, pdf, PNG } from '../fixtures/files';
import { useEmulator } from '../support/use-emulator';

const emu = useEmulator({ storage: 'memory' });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const ALEX = 'alex.ops@example.com';
const alexId = () => emu().users.find((u: { loginId: string }) => u.loginId === ALEX)!.id as string;

const expense = (extra: Record<string, unknown> = {}) => ({
	user: '={{ $json.from }}',
	amount: '={{ $json.amount }}',
	currencyCode: 'EUR',
	transactionDate: '={{ $json.date }}',
	expenseTypeId: 'BUSML',
	additionalFields: { vendor: '={{ $json.vendor }}', comment: 'From the receipts inbox', city: 'Berlin', countryCode: 'de' },
	...extra,
});

const mail = (bytes: Buffer, fileName: string, mimeType: string, amount: number, from = ALEX) =>
	fileItem(bytes, fileName, mimeType, { from, amount, date: '2026-03-14T09:30:00.000Z', vendor: `Vendor of ${fileName}` });

const posts = () => apiRequests(emu()).filter((r: { method: string; path: string }) => r.method === 'POST' && r.path.startsWith('/quickexpense/'));

describe('Quick Expense: Create With Image', () => {
	it('creates one expense per receipt, the bytes stored as sent, the sender looked up once', async () => {
		const files = [await pdf(2, 'hotel'), PNG, JPEG];
		const run = await runWorkflow(
			chain(
				TRIGGER,
				fixtureNode([mail(files[0], 'hotel.pdf', 'application/pdf', 412.5), mail(files[1], 'taxi.png', 'image/png', 23), mail(files[2], 'lunch.jpg', 'image/jpeg', 18.4)]),
				concurNode('quickExpense', 'createWithImage', expense()),
			),
			{ credentials: companyCredential(emu()) },
		);
		expect(run.status).toBe('success');
		const out = run.json('Concur');
		expect(out).toHaveLength(3);
		out.forEach((json, i) => {
			expect(json).toMatchObject({ id: expect.stringMatching(/^[0-9A-F]{32}$/), resource: 'quickExpense', userId: alexId(), login: ALEX, sha256: sha256(files[i]) });
			expect(String(json.uri)).toContain(`/quickexpense/v4/users/${alexId()}/context/TRAVELER/quickexpenses/${json.id}`);
		});
		const stored = emu().v4.quickExpenses();
		expect(stored).toHaveLength(3);
		for (const [i, json] of out.entries()) {
			const record = stored.find((q) => q.id === json.id)!;
			expect(sha256((await emu().v4.bytes('quickExpenses', record.id))!)).toBe(sha256(files[i]));
			expect(record.userId).toBe(alexId());
			expect(record.partContentType).toBe(['application/pdf', 'image/png', 'image/jpeg'][i]);
			expect(record.requestContentType).toBeNull(); // a plain field, as in Concur's example
		}
		expect(stored.find((q) => q.id === out[0].id)!.request).toEqual({
			expenseTypeId: 'BUSML',
			transactionAmount: { currencyCode: 'EUR', value: 412.5 },
			transactionDate: '2026-03-14',
			location: { city: 'Berlin', countryCode: 'DE' },
			comment: 'From the receipts inbox',
			vendor: 'Vendor of hotel.pdf',
		});
		const lookups = apiRequests(emu()).filter((r: { path: string }) => r.path.startsWith('/profile/identity/v4/Users'));
		expect(lookups).toHaveLength(1);
		expect(lookups[0].query).toEqual(expect.objectContaining({ filter: `userName eq "${ALEX}"` }));
		expect(posts()).toHaveLength(3);
	});

	it('never sends a refused file, and says why on the error output', async () => {
		const run = await runWorkflow(
			chain(
				TRIGGER,
				fixtureNode([mail(HEIC, 'IMG_0042.HEIC', 'image/heic', 9), mail(PNG, 'ok.png', 'image/png', 5)]),
				concurNode('quickExpense', 'createWithImage', expense(), { onError: 'continueErrorOutput' }),
			),
			{ credentials: companyCredential(emu()) },
		);
		expect(run.json('Concur')).toHaveLength(1);
		const [refused] = run.json('Concur', 1);
		expect(refused).toMatchObject({ from: ALEX, error: 'File "IMG_0042.HEIC" was not sent to Concur: UNSUPPORTED_TYPE', details: { code: 'UNSUPPORTED_TYPE' } });
		expect(run.items('Concur', 1)[0].binary?.data).toBeDefined();
		expect(emu().v4.quickExpenses().map((q) => q.image?.sha256)).toEqual([sha256(PNG)]);
		expect(posts()).toHaveLength(1);
	});

	it('absorbs a 429 burst (Retry-After) without failing an item or sending a file twice', async () => {
		emu().configure({ quickExpenseRateLimit: 2, quickExpenseRateWindowSeconds: 2 });
		emu().v4.useQuickExpenseQuota(alexId(), 2); // another app of the same user spent the quota just now
		const files = [await pdf(1, 'a'), await pdf(1, 'b'), await pdf(1, 'c'), await pdf(1, 'd')];
		const run = await runWorkflow(
			chain(
				TRIGGER,
				fixtureNode(files.map((bytes, i) => mail(bytes, `r${i}.pdf`, 'application/pdf', i + 1))),
				concurNode('quickExpense', 'createWithImage', expense({ options: { concurrency: 4, retryDelayMs: 50 } })),
			),
			{ credentials: companyCredential(emu()) },
		);
		expect(run.status).toBe('success');
		expect(run.json('Concur')).toHaveLength(4);
		const statuses = posts().map((r: { status: number }) => r.status);
		expect(statuses.filter((s: number) => s === 429).length).toBeGreaterThanOrEqual(4);
		expect(statuses.filter((s: number) => s === 201)).toHaveLength(4);
		const stored = emu().v4.quickExpenses().map((q) => q.image?.sha256);
		expect(stored.sort()).toEqual(files.map(sha256).sort()); // each file exactly once
	}, 30_000);

	it('answers an unknown sender with a clear item error, whichever way Identity v4 says "no match"', async () => {
		for (const identityNoMatch of ['empty', '404'] as const) {
			emu().configure({ identityNoMatch });
			emu().clearRequestLog();
			const run = await runWorkflow(
				chain(
					TRIGGER,
					fixtureNode([mail(PNG, 'a.png', 'image/png', 1, 'stranger@example.org'), mail(JPEG, 'b.jpg', 'image/jpeg', 2)]),
					concurNode('quickExpense', 'createWithImage', expense(), { onError: 'continueErrorOutput' }),
				),
				{ credentials: companyCredential(emu()) },
			);
			expect(run.json('Concur')).toHaveLength(1);
			expect(run.json('Concur', 1)).toEqual([
				expect.objectContaining({
					from: 'stranger@example.org',
					error: 'No Concur user has the login ID "stranger@example.org"',
					details: expect.objectContaining({ code: 'USER_NOT_FOUND', description: expect.stringContaining('Identity v4') }),
				}),
			]);
			expect(posts()).toHaveLength(1);
		}
	});

	it('refuses a bad currency or date before anything is sent, and takes a user UUID without a lookup', async () => {
		const run = await runWorkflow(
			chain(
				TRIGGER,
				fixtureNode([mail(PNG, 'a.png', 'image/png', 1, alexId())]),
				concurNode('quickExpense', 'createWithImage', expense({ currencyCode: 'euro' }), { onError: 'continueErrorOutput' }),
			),
			{ credentials: companyCredential(emu()) },
		);
		expect(run.json('Concur', 1)[0]).toMatchObject({ error: 'The currency "EURO" is not a 3-letter ISO 4217 code', details: { code: 'INVALID_PARAMETER' } });
		const ok = await runWorkflow(
			chain(TRIGGER, fixtureNode([mail(PNG, 'a.png', 'image/png', 1, alexId())]), concurNode('quickExpense', 'createWithImage', expense())),
			{ credentials: companyCredential(emu()) },
		);
		expect(ok.json('Concur')[0]).toMatchObject({ userId: alexId() });
		expect(ok.json('Concur')[0].login).toBeUndefined();
		expect(apiRequests(emu()).map((r: { path: string }) => r.path).filter((p: string) => p.startsWith('/profile/'))).toEqual([]);
	});
});
