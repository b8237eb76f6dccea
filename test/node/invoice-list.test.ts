// Invoice > Get Many (Payment Request Digests v3): filters by their documented names, one item per payment
// request with the ID Invoice > Get takes, paging, both credentials, XML and JSON, errors.
import { chain, runWorkflow, TRIGGER } from '../../support/engine';
import { apiRequests, companyCredential, concurNode } from '../../support/concur';
import { useEmulator } from '../support/use-emulator';
import { userCredential } from '../support/user-credential';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startAcceptXmlProxy } = require('../support/accept-xml-proxy') as {
	startAcceptXmlProxy: (target: string) => Promise<{ url: string; close: () => Promise<void> }>;
};

const start = Math.floor(Date.now() / 1000) * 1000;
const emu = useEmulator({ storage: 'memory', now: () => start }, { reset: { clearTokens: true } });

const DAY = 86400 * 1000;
const v3 = (ms: number) => new Date(ms).toISOString().slice(0, 23);
const listRequests = () =>
	apiRequests(emu()).filter((entry: { path: string }) => entry.path === '/api/v3.0/invoice/paymentrequestdigests');
const getMany = (parameters: Record<string, unknown>, settings = {}) =>
	chain(TRIGGER, concurNode('invoice', 'getMany', { returnAll: true, ...parameters }, settings));

describe('Invoice > Get Many', () => {
	it('one item per payment request, its id usable by Invoice > Get (which downloads the image)', async () => {
		const credentials = companyCredential(emu());
		const run = await runWorkflow(getMany({ filters: { approvalStatus: 'A_APPR', paymentStatus: 'P_PAID' } }), { credentials });
		expect(run.status).toBe('success');
		const [request] = listRequests();
		expect(request.query).toEqual({ approvalStatus: 'A_APPR', paymentStatus: 'P_PAID', limit: '100' });
		expect(request.ignoredQuery).toBeUndefined();
		const seeded = emu().seeded.invoices;
		const items = run.json('Concur');
		expect(items.map((item) => item.id).sort()).toEqual([seeded[0].id, seeded[2].id].sort());
		const hotel = items.find((item) => item.id === seeded[2].id)!;
		expect(hotel).toMatchObject({
			id: seeded[2].id,
			digestId: expect.any(String),
			vendorName: 'Hotel Example',
			total: 980,
			currencyCode: expect.any(String),
			approvalStatusCode: 'A_APPR',
			paymentStatusCode: 'P_PAID',
			paidDate: v3(start - 3 * DAY),
			lastModifiedDate: expect.any(String),
			invoiceNumber: expect.any(String),
			isDeleted: false,
			resource: 'invoice',
		});

		const fetched = await runWorkflow(chain(TRIGGER, concurNode('invoice', 'get', { invoiceId: hotel.id })), { credentials });
		expect(fetched.status).toBe('success');
		expect(fetched.items('Concur')[0].binary?.data.mimeType).toBe('application/pdf');
	});

	it('sends each date filter by its documented name', async () => {
		const run = await runWorkflow(
			getMany({
				filters: {
					modifiedAfter: v3(start - 20 * DAY),
					modifiedBefore: v3(start - 1 * DAY),
					paidAfter: v3(start - 16 * DAY),
					submittedAfter: v3(start - 40 * DAY),
					vendorInvoiceNumber: 'INV-1000',
				},
			}),
			{ credentials: companyCredential(emu()) },
		);
		expect(run.status).toBe('success');
		const [request] = listRequests();
		expect(request.query).toEqual({
			lastModifiedDateAfter: v3(start - 20 * DAY),
			lastModifiedDateBefore: v3(start - 1 * DAY),
			paidDateAfter: v3(start - 16 * DAY),
			submitDateAfter: v3(start - 40 * DAY),
			vendorInvoiceNumber: 'INV-1000',
			limit: '100',
		});
		expect(request.ignoredQuery).toBeUndefined();
	});

	it('refuses several codes in one filter (Concur documents one) before sending', async () => {
		const run = await runWorkflow(getMany({ filters: { approvalStatus: 'A_APPR,A_PEND' } }, { onError: 'continueErrorOutput' }), {
			credentials: companyCredential(emu()),
		});
		expect(run.json('Concur', 1)[0].details).toMatchObject({ code: 'INVALID_FILTER' });
		expect(listRequests()).toHaveLength(0);
	});

	it('pages over NextPage with Return All, and stops at Limit', async () => {
		await emu().seed({ invoices: Array.from({ length: 130 }, (_, i) => ({ vendor: `Vendor ${i}`, paymentStatusCode: 'P_PAID' })) });
		const credentials = companyCredential(emu());
		const all = await runWorkflow(getMany({ filters: { paymentStatus: 'P_PAID' } }), { credentials });
		expect(all.json('Concur')).toHaveLength(132);
		expect(listRequests()).toHaveLength(2);
		expect(listRequests()[1].query).toMatchObject({ paymentStatus: 'P_PAID', offset: expect.any(String) });

		emu().clearRequestLog();
		const some = await runWorkflow(getMany({ returnAll: false, limit: 3 }), { credentials });
		expect(some.json('Concur')).toHaveLength(3);
		expect(listRequests()).toHaveLength(1);
	});

	it('works with the user credential and reads XML like JSON', async () => {
		const credentials = await userCredential(emu(), 'alex.ops@example.com');
		const json = await runWorkflow(getMany({ authentication: 'userOAuth2' }), { credentials });
		expect(json.status).toBe('success');
		expect(json.json('Concur')).toHaveLength(3);

		const home = emu().company.homeDataCenter as 'us' | 'eu';
		const proxy = await startAcceptXmlProxy(emu().dataCenters[home]);
		try {
			emu().configure({ tokenGeolocation: proxy.url });
			const xml = await runWorkflow(getMany({}), { credentials: companyCredential(emu()) });
			expect(xml.status).toBe('success');
			expect(listRequests().pop().headers.accept).toBeUndefined();
			expect(xml.json('Concur')).toEqual(json.json('Concur'));
		} finally {
			await proxy.close();
		}
	});

	it('a Concur error lands on the error output with its code', async () => {
		emu().setFaults([{ path: '/api/v3.0/invoice/paymentrequestdigests', kind: 'malformed' }]);
		const run = await runWorkflow(getMany({ options: { maxRetries: 0 } }, { onError: 'continueErrorOutput' }), {
			credentials: companyCredential(emu()),
		});
		expect(run.json('Concur', 1)[0].details).toMatchObject({ code: 'UNREADABLE_RESPONSE' });
	});
});
