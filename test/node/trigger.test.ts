// Concur Imaging Trigger: polled as n8n polls an active workflow (support/engine/poll.ts: n8n-core's PollContext,
// static data saved between polls as JSON) and run in the editor's manual test (runWorkflow). Each event once,
// nothing for what existed before activation unless Include Existing, equal timestamps neither missed nor
// repeated, the cursor surviving a restart, images attached through the node's transport.
import type { INodeParameters } from 'n8n-workflow';

import type { WorkflowJson } from '../../support/engine';
import { runWorkflow } from '../../support/engine';
import { Poller } from '../../support/engine/poll';
import { apiRequests, COMPANY_CREDENTIAL, companyCredential, USER_CREDENTIAL } from '../../support/concur';
import { useEmulator } from '../support/use-emulator';
import { userCredential } from '../support/user-credential';

const start = Math.floor(Date.now() / 1000) * 1000;
const emu = useEmulator({ storage: 'memory', now: () => start }, { reset: { clearTokens: true } });

type NodeJson = WorkflowJson['nodes'][number];
const trigger = (parameters: Record<string, unknown>, authentication = 'companyApi'): NodeJson => ({
	name: 'Concur Trigger',
	type: 'n8n-nodes-concur-imaging.concurImagingTrigger',
	parameters: { authentication, ...parameters } as INodeParameters,
	credentials:
		authentication === 'userOAuth2' ? { concurOAuth2Api: USER_CREDENTIAL } : { concurCompanyApi: COMPANY_CREDENTIAL },
});
const reportEvent = (extra: Record<string, unknown> = {}) =>
	trigger({ event: 'reportReachedStatus', reportApprovalStatus: ['A_APPR'], ...extra });
const ids = (result: Awaited<ReturnType<Poller['poll']>>) => (result?.[0] ?? []).map((item) => item.json.id);
const reports = () => emu().seeded.reports;
const listQueries = (path: string) =>
	apiRequests(emu())
		.filter((entry: { path: string }) => entry.path === path)
		.map((entry: { query: Record<string, string> }) => entry.query);

describe('trigger: report reached a status (with images)', () => {
	it('the first poll emits nothing for reports that were already approved, and sets the cursor', async () => {
		expect(reports()[0]).toMatchObject({ approvalStatusCode: 'A_APPR', hasImage: false }); // its entry has the image
		const poller = new Poller(reportEvent(), { credentials: companyCredential(emu()) });
		expect(await poller.poll()).toBeNull();
		// Everything approved now is remembered, however long ago it was approved, so none of it fires later.
		const cursor = poller.nodeStaticData.cursor as { emitted: Array<[string, string]> };
		expect(poller.nodeStaticData.cursor).toMatchObject({ kind: 'timed', time: expect.any(String), ids: expect.any(Array) });
		expect(cursor.emitted.map(([id]) => id)).toContain(reports()[0].id);
		expect(listQueries('/api/v3.0/expense/reports')[0]).toEqual({
			user: 'ALL',
			hasImages: 'true',
			approvalStatusCode: 'A_APPR',
			limit: '100',
		});
		expect(await poller.poll()).toBeNull();
	});

	it('a report approved long before activation never fires, also when it is edited later', async () => {
		// "Client visit Berlin" was approved about three weeks before the trigger was activated.
		const poller = new Poller(reportEvent(), { credentials: companyCredential(emu()) });
		expect(await poller.poll()).toBeNull();
		emu().advanceTime(60);
		await emu().updateReport(reports()[0].id, { paymentStatusCode: 'P_PAID' }); // still approved; now paid
		expect(await poller.poll()).toBeNull();
	});

	it('a status change emits once; the next poll emits nothing; an edit that keeps the status emits nothing', async () => {
		const poller = new Poller(reportEvent(), { credentials: companyCredential(emu()) });
		await poller.poll();
		emu().advanceTime(60);
		await emu().updateReport(reports()[1].id, { approvalStatusCode: 'A_APPR' }); // it has a report image
		const first = await poller.poll();
		expect(ids(first)).toEqual([reports()[1].id]);
		expect(first![0][0].json).toMatchObject({
			event: 'reportReachedStatus',
			name: 'Team offsite',
			approvalStatusCode: 'A_APPR',
			ownerLoginId: 'alex.ops@example.com',
			hasImages: true,
		});
		expect(await poller.poll()).toBeNull();

		emu().advanceTime(60);
		await emu().updateReport(reports()[1].id, { total: 99 }); // LastModifiedDate moves, status stays
		expect(await poller.poll()).toBeNull();
		// each poll asks Concur only for what changed since the watermark (a second of margin)
		expect(await poller.poll()).toBeNull();
		const queries = listQueries('/api/v3.0/expense/reports');
		expect(queries[queries.length - 1].modifiedDateAfter).toBe(new Date(start + 120_000 - 1000).toISOString().slice(0, 23));
	});

	it('equal timestamps: a report modified in the same instant as the watermark is emitted, once', async () => {
		const poller = new Poller(reportEvent(), { credentials: companyCredential(emu()) });
		await poller.poll();
		emu().advanceTime(60);
		await emu().updateReport(reports()[1].id, { approvalStatusCode: 'A_APPR' });
		expect(ids(await poller.poll())).toEqual([reports()[1].id]);
		// same virtual instant: the same LastModifiedDate as the watermark
		await emu().updateReport(reports()[3].id, { addImage: 'pdf' });
		const cursorBefore = poller.nodeStaticData.cursor as { time: string; ids: string[] };
		expect(cursorBefore.ids).toEqual([reports()[1].id]);
		const second = await poller.poll();
		expect(ids(second)).toEqual([reports()[3].id]);
		const cursorAfter = poller.nodeStaticData.cursor as { time: string; ids: string[] };
		expect(cursorAfter.time).toBe(cursorBefore.time);
		expect(cursorAfter.ids.sort()).toEqual([reports()[1].id, reports()[3].id].sort());
		expect(await poller.poll()).toBeNull();
	});

	it('Include Existing: the first poll emits what already has the status, then only changes', async () => {
		const poller = new Poller(reportEvent({ options: { includeExisting: true } }), { credentials: companyCredential(emu()) });
		expect(ids(await poller.poll())).toEqual([reports()[0].id]);
		expect(await poller.poll()).toBeNull();
	});

	it('the cursor survives a restart: a new poller on the saved static data emits nothing old, then the new event', async () => {
		const credentials = companyCredential(emu());
		const before = new Poller(reportEvent(), { credentials });
		await before.poll();
		emu().advanceTime(60);
		await emu().updateReport(reports()[1].id, { approvalStatusCode: 'A_APPR' });
		expect(ids(await before.poll())).toEqual([reports()[1].id]);

		const restarted = new Poller(reportEvent(), { credentials, savedStaticData: before.saved });
		expect(await restarted.poll('init')).toBeNull();
		emu().advanceTime(60);
		await emu().updateReport(reports()[3].id, { addImage: 'pdf' });
		expect(ids(await restarted.poll())).toEqual([reports()[3].id]);
	});

	it('a poll that fails saves nothing, so the event comes with the next poll', async () => {
		const poller = new Poller(reportEvent(), { credentials: companyCredential(emu()) });
		await poller.poll();
		const saved = poller.saved;
		emu().advanceTime(60);
		await emu().updateReport(reports()[1].id, { approvalStatusCode: 'A_APPR' });
		emu().setFaults([{ path: '/api/v3.0/expense/reports', kind: '500' }]);
		await expect(poller.poll()).rejects.toThrow(/HTTP 500/);
		expect(poller.saved).toBe(saved);
		emu().setFaults([]);
		expect(ids(await poller.poll())).toEqual([reports()[1].id]);
	});

	it('changing what it watches starts a new cursor instead of emitting everything', async () => {
		const credentials = companyCredential(emu());
		const approved = new Poller(reportEvent(), { credentials });
		await approved.poll();
		const paid = new Poller(reportEvent({ reportApprovalStatus: [], reportPaymentStatus: ['P_PAID'] }), {
			credentials,
			savedStaticData: approved.saved,
		});
		expect(await paid.poll()).toBeNull();
		expect((paid.nodeStaticData.cursor as { watch: string }).watch).toContain('P_PAID');
	});

	it('Download Image attaches the report PDF through the node’s transport', async () => {
		const poller = new Poller(reportEvent({ options: { downloadImage: true } }), { credentials: companyCredential(emu()) });
		await poller.poll();
		emu().advanceTime(60);
		await emu().updateReport(reports()[1].id, { approvalStatusCode: 'A_APPR' });
		const [[item]] = (await poller.poll())!;
		expect(item.json).toMatchObject({ id: reports()[1].id, mimeType: 'application/pdf', fileSize: expect.any(Number), sha256: expect.any(String) });
		expect(item.binary?.data).toMatchObject({ mimeType: 'application/pdf' });
		const imageCall = apiRequests(emu()).find((entry: { path: string }) => entry.path === `/api/image/v1.0/report/${encodeURIComponent(reports()[1].id)}`);
		expect(imageCall).toBeDefined();
	});

	it('with the user credential watches the user’s own reports (no user parameter)', async () => {
		const credentials = await userCredential(emu(), 'alex.ops@example.com');
		const poller = new Poller(trigger({ event: 'reportReachedStatus', reportApprovalStatus: ['A_APPR'] }, 'userOAuth2'), { credentials });
		await poller.poll();
		emu().advanceTime(60);
		await emu().updateReport(reports()[1].id, { approvalStatusCode: 'A_APPR' });
		expect(ids(await poller.poll())).toEqual([reports()[1].id]);
		expect(listQueries('/api/v3.0/expense/reports').every((query: Record<string, string>) => query.user === undefined)).toBe(true);
	});

	it('a report event without any status is refused (INVALID_FILTER)', async () => {
		const poller = new Poller(reportEvent({ reportApprovalStatus: [] }), { credentials: companyCredential(emu()) });
		await expect(poller.poll()).rejects.toThrow(/at least one approval or payment status/);
	});
});

describe('trigger: manual test in the editor', () => {
	it('returns the latest match and leaves the active cursor alone', async () => {
		const credentials = companyCredential(emu());
		const manual = await runWorkflow({ nodes: [reportEvent()], connections: {} }, { credentials });
		expect(manual.status).toBe('success');
		expect(manual.json('Concur Trigger').map((item) => item.id)).toEqual([reports()[0].id]);

		emu().advanceTime(60);
		await emu().updateReport(reports()[1].id, { approvalStatusCode: 'A_APPR' });
		const newer = await runWorkflow({ nodes: [reportEvent()], connections: {} }, { credentials });
		expect(newer.json('Concur Trigger').map((item) => item.id)).toEqual([reports()[1].id]);
	});
});

describe('trigger: invoice reached a status', () => {
	it('first poll nothing, then the invoice that got paid, once, with its image or the reason it has none', async () => {
		const poller = new Poller(
			trigger({ event: 'invoiceReachedStatus', invoicePaymentStatus: 'P_PAID', options: { downloadImage: true } }),
			{ credentials: companyCredential(emu()) },
		);
		expect(await poller.poll()).toBeNull();
		const taxi = emu().seeded.invoices[1];
		emu().advanceTime(60);
		await emu().updateInvoice(taxi.id, { approvalStatusCode: 'A_APPR', paymentStatusCode: 'P_PAID' });
		const [[item]] = (await poller.poll())!;
		expect(item.json).toMatchObject({ event: 'invoiceReachedStatus', id: taxi.id, vendorName: 'Taxi Co', paymentStatusCode: 'P_PAID' });
		expect(item.json.downloadError).toMatchObject({ code: 'NOT_FOUND' });
		expect(item.binary).toBeUndefined();
		expect(await poller.poll()).toBeNull();
		const queries = listQueries('/api/v3.0/invoice/paymentrequestdigests');
		expect(queries[queries.length - 1]).toEqual({ paymentStatus: 'P_PAID', lastModifiedDateAfter: expect.any(String), limit: '100' });

		// An invoice paid before activation that is set back and paid again between polls is no new event: the
		// listing asks Concur for paid invoices only, so the trigger never sees it unpaid (README, trigger).
		const office = emu().seeded.invoices[0];
		emu().advanceTime(60);
		await emu().updateInvoice(office.id, { paymentStatusCode: 'P_NOTP' });
		emu().advanceTime(60);
		await emu().updateInvoice(office.id, { paymentStatusCode: 'P_PAID', addImage: 'pdf' });
		expect(await poller.poll()).toBeNull();
	});
});

describe('trigger: new receipt image in Available Receipts', () => {
	it('first poll nothing; a new receipt once, with its file', async () => {
		const user = 'alex.ops@example.com';
		const poller = new Poller(trigger({ event: 'newReceiptImage', options: { user, downloadImage: true } }), {
			credentials: companyCredential(emu()),
		});
		expect(await poller.poll()).toBeNull();
		const before = new Set(emu().seeded.receipts.map((receipt: { id: string }) => receipt.id));
		await emu().seed({ receipts: [{ ownerLoginId: user }] });
		const added = emu().seeded.receipts.find((receipt: { id: string }) => !before.has(receipt.id))!;
		const [[item]] = (await poller.poll())!;
		expect(item.json).toMatchObject({ event: 'newReceiptImage', id: added.id, mimeType: expect.any(String) });
		expect(item.binary?.data).toBeDefined();
		expect(await poller.poll()).toBeNull();
		expect(listQueries('/api/v3.0/expense/receiptimages').every((query: Record<string, string>) => query.user === user)).toBe(true);
	});
});

describe('the trigger archive example (examples/archive-with-concur-trigger.json)', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const example = require('../../examples/archive-with-concur-trigger.json') as {
		nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
	};
	const exampleTrigger = (name: string) => {
		const node = example.nodes.find((candidate) => candidate.name === name)!;
		return { ...trigger({}), name, parameters: node.parameters as INodeParameters };
	};

	it('its two triggers fire once per approval, each with the file for the writer', async () => {
		const credentials = companyCredential(emu());
		const reportPoller = new Poller(exampleTrigger('Report approved'), { credentials });
		const invoicePoller = new Poller(exampleTrigger('Invoice approved'), { credentials });
		expect(await reportPoller.poll()).toBeNull();
		expect(await invoicePoller.poll()).toBeNull();
		emu().advanceTime(60);
		await emu().updateReport(reports()[1].id, { approvalStatusCode: 'A_APPR' });
		await emu().updateInvoice(emu().seeded.invoices[1].id, { approvalStatusCode: 'A_APPR', addImage: 'png' });
		const [[report]] = (await reportPoller.poll())!;
		expect(report.json).toMatchObject({ id: reports()[1].id, mimeType: 'application/pdf' });
		expect(report.binary?.data).toBeDefined();
		const [[invoice]] = (await invoicePoller.poll())!;
		expect(invoice.json).toMatchObject({ id: emu().seeded.invoices[1].id, mimeType: 'image/png' });
		expect(await reportPoller.poll()).toBeNull();
		expect(await invoicePoller.poll()).toBeNull();
	});
});
