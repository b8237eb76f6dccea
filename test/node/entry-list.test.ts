// Expense Entry > Get Many (Entries v3 for one report): reportID sent as documented, HasImage on every item, the
// node's Only With Image filter, the owner (user) for administrators, paging, XML, errors.
import { chain, runWorkflow, TRIGGER } from '../../support/engine';
import { apiRequests, companyCredential, concurNode } from '../../support/concur';
import { useEmulator } from '../support/use-emulator';
import { userCredential } from '../support/user-credential';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startAcceptXmlProxy } = require('../support/accept-xml-proxy') as {
	startAcceptXmlProxy: (target: string) => Promise<{ url: string; close: () => Promise<void> }>;
};

const emu = useEmulator({ storage: 'memory' }, { reset: { clearTokens: true } });

const listRequests = () => apiRequests(emu()).filter((entry: { path: string }) => entry.path === '/api/v3.0/expense/entries');
const getMany = (reportId: string, parameters: Record<string, unknown> = {}, settings = {}) =>
	chain(TRIGGER, concurNode('expenseEntry', 'getMany', { reportId, returnAll: true, ...parameters }, settings));

describe('Expense Entry > Get Many', () => {
	it('lists the entries of a report with HasImage; their ids work with Expense Entry > Get', async () => {
		const report = emu().seeded.reports[0];
		const credentials = companyCredential(emu());
		const run = await runWorkflow(getMany(report.id), { credentials });
		expect(run.status).toBe('success');
		expect(listRequests()[0].query).toEqual({ reportID: report.id, limit: '100' });
		expect(listRequests()[0].ignoredQuery).toBeUndefined();
		const items = run.json('Concur');
		expect(items.map((item) => [item.id, item.hasImage])).toEqual(
			report.entries.map((entry: { id: string; hasImage: boolean }) => [entry.id, entry.hasImage]),
		);
		expect(items[0]).toMatchObject({
			reportId: report.id,
			expenseTypeCode: expect.any(String),
			transactionDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}/),
			reportOwnerId: 'alex.ops@example.com',
			resource: 'expenseEntry',
		});
		const withImage = items.find((item) => item.hasImage)!;
		const fetched = await runWorkflow(chain(TRIGGER, concurNode('expenseEntry', 'get', { entryId: withImage.id })), { credentials });
		expect(fetched.items('Concur')[0].binary?.data.mimeType).toBe('image/png');
	});

	it('Only With Image keeps the entries that have one (the node filters; Concur has no such parameter)', async () => {
		const report = emu().seeded.reports[0];
		const run = await runWorkflow(getMany(report.id, { options: { onlyWithImage: true } }), { credentials: companyCredential(emu()) });
		expect(run.json('Concur').map((item) => item.id)).toEqual(
			report.entries.filter((entry: { hasImage: boolean }) => entry.hasImage).map((entry: { id: string }) => entry.id),
		);
		expect(listRequests()[0].query).toEqual({ reportID: report.id, limit: '100' });
	});

	it('sends the owner as Concur’s user and works with the user credential for one’s own report', async () => {
		const report = emu().seeded.reports[0];
		const company = await runWorkflow(getMany(report.id, { options: { owner: 'alex.ops@example.com' } }), { credentials: companyCredential(emu()) });
		expect(company.status).toBe('success');
		expect(listRequests()[0].query).toEqual({ reportID: report.id, user: 'alex.ops@example.com', limit: '100' });

		const credentials = await userCredential(emu(), 'alex.ops@example.com');
		const own = await runWorkflow(getMany(report.id, { authentication: 'userOAuth2' }), { credentials });
		expect(own.json('Concur')).toHaveLength(report.entries.length);
	});

	it('pages over NextPage and reads XML', async () => {
		const report = emu().seeded.reports[3];
		await emu().seed({ entries: Array.from({ length: 120 }, () => ({ reportId: report.id })) });
		const total = emu().seeded.reports[3].entries.length;
		const home = emu().company.homeDataCenter as 'us' | 'eu';
		const proxy = await startAcceptXmlProxy(emu().dataCenters[home]);
		try {
			emu().configure({ tokenGeolocation: proxy.url });
			const run = await runWorkflow(getMany(report.id), { credentials: companyCredential(emu()) });
			expect(run.status).toBe('success');
			expect(run.json('Concur')).toHaveLength(total);
			expect(listRequests()).toHaveLength(2);
			expect(listRequests()[1].query).toMatchObject({ reportID: report.id, offset: expect.any(String) });
			expect(listRequests()[1].headers.accept).toBeUndefined();
		} finally {
			await proxy.close();
		}
	});

	it('an empty or malformed report ID is refused; another user’s report lists nothing', async () => {
		const refused = await runWorkflow(getMany(' ', {}, { onError: 'continueErrorOutput' }), { credentials: companyCredential(emu()) });
		expect(refused.json('Concur', 1)[0].details).toMatchObject({ code: 'INVALID_ID' });

		const credentials = await userCredential(emu(), 'alex.ops@example.com');
		const others = emu().seeded.reports[2]; // casey's
		const denied = await runWorkflow(getMany(others.id, { authentication: 'userOAuth2' }, { onError: 'continueErrorOutput' }), { credentials });
		// Concur documents no error for a report one cannot see; the emulator (and the node) give an empty list
		expect(denied.status).toBe('success');
		expect(denied.json('Concur')).toEqual([]);
		expect(denied.json('Concur', 1)).toEqual([]);
	});
});
