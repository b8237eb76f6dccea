// Report > Get Many (Reports v3): every filter sent by its documented query name, user=ALL with the company
// credential and the user's own reports with the user credential, paging over NextPage, JSON and Concur's XML
// default, error routing.
import type { INodeParameters } from 'n8n-workflow';

import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { apiRequests, companyCredential, concurNode } from '../../support/concur';
import { useEmulator } from '../support/use-emulator';
import { userCredential } from '../support/user-credential';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startAcceptXmlProxy } = require('../support/accept-xml-proxy') as {
	startAcceptXmlProxy: (target: string) => Promise<{ url: string; close: () => Promise<void> }>;
};

// A clock standing still on a whole second: dates compare exactly.
const start = Math.floor(Date.now() / 1000) * 1000;
const emu = useEmulator({ storage: 'memory', now: () => start }, { reset: { clearTokens: true } });

const DAY = 86400 * 1000;
const v3 = (ms: number) => new Date(ms).toISOString().slice(0, 23);
const listRequests = () =>
	apiRequests(emu()).filter((entry: { path: string }) => entry.path === '/api/v3.0/expense/reports');
const getMany = (parameters: Record<string, unknown>) =>
	chain(TRIGGER, concurNode('report', 'getMany', { returnAll: true, ...parameters }));

describe('Report > Get Many: what Concur is asked', () => {
	it('with the company credential lists all users (user=ALL), asks for JSON, one item per report', async () => {
		const run = await runWorkflow(getMany({}), { credentials: companyCredential(emu()) });
		expect(run.status).toBe('success');
		const items = run.json('Concur');
		const seeded = emu().seeded.reports;
		expect(items.map((item) => item.id).sort()).toEqual(seeded.map((report: { id: string }) => report.id).sort());
		const berlin = items.find((item) => item.id === seeded[0].id)!;
		expect(berlin).toEqual({
			id: seeded[0].id,
			name: 'Client visit Berlin',
			ownerLoginId: 'alex.ops@example.com',
			ownerName: expect.any(String),
			approvalStatusCode: 'A_APPR',
			approvalStatusName: 'Approved',
			paymentStatusCode: 'P_PAID',
			paymentStatusName: expect.any(String),
			total: 412.5,
			currencyCode: expect.any(String),
			createDate: v3(start - 40 * DAY),
			submitDate: v3(start - 35 * DAY),
			processingPaymentDate: expect.any(String),
			paidDate: v3(start - 20 * DAY),
			lastModifiedDate: v3(start - 20 * DAY),
			hasImages: null,
			uri: expect.stringContaining(`/api/v3.0/expense/reports/${seeded[0].id}`),
			resource: 'report',
		});
		const [request] = listRequests();
		expect(request.query).toEqual({ user: 'ALL', limit: '100' });
		expect(request.headers.accept).toBe('application/json');
		expect(request.ignoredQuery).toBeUndefined();
	});

	it('sends every filter by the name Concur documents, several statuses comma-separated', async () => {
		const run = await runWorkflow(
			getMany({
				filters: {
					approvalStatus: ['A_APPR', 'A_PEND'],
					paymentStatus: ['P_PAID', 'P_NOTP'],
					hasImages: true,
					modifiedAfter: v3(start - 30 * DAY),
					modifiedBefore: v3(start - 1 * DAY),
					submittedAfter: v3(start - 36 * DAY),
					paidAfter: '',
				},
			}),
			{ credentials: companyCredential(emu()) },
		);
		expect(run.status).toBe('success');
		const [request] = listRequests();
		expect(request.query).toEqual({
			user: 'ALL',
			approvalStatusCode: 'A_APPR,A_PEND',
			paymentStatusCode: 'P_PAID,P_NOTP',
			hasImages: 'true',
			modifiedDateAfter: v3(start - 30 * DAY),
			modifiedDateBefore: v3(start - 1 * DAY),
			submitDateAfter: v3(start - 36 * DAY),
			limit: '100',
		});
		expect(request.ignoredQuery).toBeUndefined();
		// reports[0] (approved, paid 20 days ago, an entry image) and reports[1] (pending, a report image)
		const seeded = emu().seeded.reports;
		expect(run.json('Concur').map((item) => item.id).sort()).toEqual([seeded[0].id, seeded[1].id].sort());
		expect(run.json('Concur').every((item) => item.hasImages === true)).toBe(true);
	});

	it.each([
		['paidAfter', 'paidDateAfter', 21, [0]],
		['submittedAfter', 'submitDateAfter', 11, [1]],
		['modifiedBefore', 'modifiedDateBefore', 21, [3]],
	])('filter %s goes out as %s and Concur applies it', async (filter, concurName, daysAgo, expected) => {
		const run = await runWorkflow(getMany({ filters: { [filter]: v3(start - (daysAgo as number) * DAY) } }), {
			credentials: companyCredential(emu()),
		});
		expect(run.status).toBe('success');
		expect(listRequests()[0].query[concurName as string]).toBe(v3(start - (daysAgo as number) * DAY));
		const seeded = emu().seeded.reports;
		const ids = run.json('Concur').map((item) => item.id);
		for (const index of expected as number[]) expect(ids).toContain(seeded[index].id);
	});

	it('takes a date with a zone (an expression such as $now) and sends it in UTC as Concur writes dates', async () => {
		const run = await runWorkflow(getMany({ filters: { modifiedAfter: '2026-11-28T10:00:00.000+02:00' } }), {
			credentials: companyCredential(emu()),
		});
		expect(run.status).toBe('success');
		expect(listRequests()[0].query.modifiedDateAfter).toBe('2026-11-28T08:00:00.000');
	});

	it('takes custom status codes from an expression, comma-separated', async () => {
		const run = await runWorkflow(getMany({ filters: { approvalStatus: '=a_appr, X_CUSTOM' } }), {
			credentials: companyCredential(emu()),
		});
		expect(run.status).toBe('success');
		expect(listRequests()[0].query.approvalStatusCode).toBe('A_APPR,X_CUSTOM');
	});

	it('an owner narrows to one user (Concur user=<login>)', async () => {
		const run = await runWorkflow(getMany({ options: { owner: 'casey.travel@example.com' } }), {
			credentials: companyCredential(emu()),
		});
		expect(run.status).toBe('success');
		expect(listRequests()[0].query.user).toBe('casey.travel@example.com');
		expect(run.json('Concur').map((item) => item.ownerLoginId)).toEqual(['casey.travel@example.com']);
	});

	it('with the user credential lists only the user’s own reports (no user parameter)', async () => {
		const credentials = await userCredential(emu(), 'alex.ops@example.com');
		const run = await runWorkflow(getMany({ authentication: 'userOAuth2' }), { credentials });
		expect(run.status).toBe('success');
		expect(listRequests()[0].query).toEqual({ limit: '100' });
		const owners = new Set(run.json('Concur').map((item) => item.ownerLoginId));
		expect([...owners]).toEqual(['alex.ops@example.com']);
		expect(run.json('Concur')).toHaveLength(2);
	});
});

describe('Report > Get Many: paging and limits', () => {
	it('Return All follows NextPage by its opaque offset over more than one page', async () => {
		await emu().seed({
			reports: Array.from({ length: 230 }, (_, i) => ({ ownerLoginId: 'dana.field@example.com', name: `Trip ${i}`, approvalStatusCode: 'A_APPR' })),
		});
		const run = await runWorkflow(getMany({ filters: { approvalStatus: ['A_APPR'] } }), {
			credentials: companyCredential(emu()),
		});
		expect(run.status).toBe('success');
		const items = run.json('Concur');
		expect(items).toHaveLength(232); // 230 new + the two seeded approved reports
		expect(new Set(items.map((item) => item.id)).size).toBe(232);
		const requests = listRequests();
		expect(requests).toHaveLength(3);
		expect(requests[0].query.offset).toBeUndefined();
		expect(requests[1].query.offset).toEqual(expect.any(String));
		expect(requests[2].query.offset).not.toBe(requests[1].query.offset);
		// the filters go along with every page
		expect(requests.every((request: { query: Record<string, string> }) => request.query.approvalStatusCode === 'A_APPR')).toBe(true);
	});

	it('Limit asks for no more than needed and stops', async () => {
		await emu().seed({ reports: Array.from({ length: 30 }, () => ({ ownerLoginId: 'dana.field@example.com' })) });
		const run = await runWorkflow(getMany({ returnAll: false, limit: 7 }), { credentials: companyCredential(emu()) });
		expect(run.status).toBe('success');
		expect(run.json('Concur')).toHaveLength(7);
		expect(listRequests()).toHaveLength(1);
		expect(listRequests()[0].query.limit).toBe('7');
	});
});

describe('Report > Get Many: answers and errors', () => {
	it('reads Concur’s XML default the same way as JSON', async () => {
		const home = emu().company.homeDataCenter as 'us' | 'eu';
		const proxy = await startAcceptXmlProxy(emu().dataCenters[home]);
		try {
			const json = await runWorkflow(getMany({}), { credentials: companyCredential(emu()) });
			emu().configure({ tokenGeolocation: proxy.url });
			const xml = await runWorkflow(getMany({}), { credentials: companyCredential(emu()) });
			expect(xml.error?.message).toBeUndefined();
			expect(xml.status).toBe('success');
			const last = listRequests().pop();
			expect(last.headers.accept).toBeUndefined(); // the emulator answered its XML default
			expect(xml.json('Concur')).toEqual(json.json('Concur'));
		} finally {
			await proxy.close();
		}
	});

	it('a date that is not one is refused before anything is sent (INVALID_FILTER)', async () => {
		const run = await runWorkflow(
			chain(TRIGGER, concurNode('report', 'getMany', { returnAll: true, filters: { modifiedAfter: 'yesterday' } }, { onError: 'continueErrorOutput' })),
			{ credentials: companyCredential(emu()) },
		);
		expect(run.json('Concur', 1)).toEqual([
			{ error: 'The Modified After date "yesterday" is not a date', details: expect.objectContaining({ code: 'INVALID_FILTER' }) },
		]);
		expect(listRequests()).toHaveLength(0);
	});

	it('Concur refusing user=ALL (no Web Services Admin role) is ACCESS_DENIED on the error output', async () => {
		const credentials = await userCredential(emu(), 'alex.ops@example.com');
		const run = await runWorkflow(
			chain(
				TRIGGER,
				concurNode('report', 'getMany', { authentication: 'userOAuth2', returnAll: true, options: { owner: 'ALL' } }, { onError: 'continueErrorOutput' }),
			),
			{ credentials },
		);
		const [error] = run.json('Concur', 1);
		expect(error.details).toMatchObject({ code: 'ACCESS_DENIED', httpCode: 403 });
	});

	it('a failing page stops the item with Concur’s code; retries first on 503', async () => {
		emu().setFaults([{ path: '/api/v3.0/expense/reports', kind: '503', times: 1 }]);
		const retried = await runWorkflow(getMany({ options: { retryDelayMs: 0 } }), { credentials: companyCredential(emu()) });
		expect(retried.status).toBe('success');
		expect(retried.json('Concur').length).toBe(emu().seeded.reports.length);

		emu().setFaults([{ path: '/api/v3.0/expense/reports', kind: 'html' }]);
		const failed = await runWorkflow(
			chain(TRIGGER, concurNode('report', 'getMany', { returnAll: true, options: { maxRetries: 0 } }, { onError: 'continueErrorOutput' })),
			{ credentials: companyCredential(emu()) },
		);
		expect(failed.json('Concur', 1)[0].details).toMatchObject({ code: 'CONCUR_UNAVAILABLE', httpCode: 502 });
	});
});

describe('the nightly archive example (examples/archive-report-and-invoice-images.json)', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const example = require('../../examples/archive-report-and-invoice-images.json') as {
		nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
	};
	const exampleNode = (name: string) => {
		const node = example.nodes.find((candidate) => candidate.name === name)!;
		return { ...concurNode('x', 'y'), name: 'Concur', parameters: node.parameters as INodeParameters };
	};
	const since = (value: string | null) =>
		fixtureNode([{ json: { reportsSince: value, invoicesSince: value, until: new Date().toISOString() } }], 'Since last run');

	it('first run: every approved report with images and every approved invoice; next run: only what changed since', async () => {
		const credentials = companyCredential(emu());
		const seeded = emu().seeded;
		const reportsRun = await runWorkflow(chain(TRIGGER, since(null), exampleNode('Approved reports with images')), { credentials });
		expect(reportsRun.json('Concur').map((item) => item.id)).toEqual([seeded.reports[0].id]);
		const invoicesRun = await runWorkflow(chain(TRIGGER, since(null), exampleNode('Approved invoices')), { credentials });
		expect(invoicesRun.json('Concur').map((item) => item.id).sort()).toEqual([seeded.invoices[0].id, seeded.invoices[2].id].sort());

		const lastRun = new Date(emu().now()).toISOString();
		emu().advanceTime(3600);
		await emu().updateReport(seeded.reports[1].id, { approvalStatusCode: 'A_APPR' });
		const next = await runWorkflow(chain(TRIGGER, since(lastRun), exampleNode('Approved reports with images')), { credentials });
		expect(next.json('Concur').map((item) => item.id)).toEqual([seeded.reports[1].id]);
		const nextInvoices = await runWorkflow(chain(TRIGGER, since(lastRun), exampleNode('Approved invoices')), { credentials });
		expect(nextInvoices.json('Concur')).toEqual([]);
	});
});
