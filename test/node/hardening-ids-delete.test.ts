// Issue 12, defect 12: a DELETE whose answer was lost and that was retried reports the delete that worked, not
// NOT_FOUND; IDs are checked against the characters Concur IDs use before anything is sent.
import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { apiRequests, companyCredential, concurNode } from '../../support/concur';
import { useEmulator } from '../support/use-emulator';

const emu = useEmulator();

const USER = 'alex.ops@example.com';
const V3 = '/api/v3.0/expense/receiptimages';
const fast = { maxRetries: 2, retryDelayMs: 10, user: USER };
const deletes = () => apiRequests(emu()).filter((r: { method: string }) => r.method === 'DELETE');
const receiptExists = async (id: string) =>
	((await emu().state()).receipts as Array<{ id: string; deleted?: boolean }>).some((r) => r.id === id && !r.deleted);

describe('a retried delete whose first answer was lost', () => {
	it.each([
		['502', 403],
		['503', 403],
		['reset', 403],
		['502', 404],
	])('after a %s, Concur answering %d for the retry, reports the delete as done', async (kind, goneStatus) => {
		emu().configure({ v3DeletedGetStatus: goneStatus });
		const [receipt] = emu().seeded.receipts as Array<{ id: string }>;
		emu().setFaults([{ method: 'DELETE', path: `${V3}/*`, nth: [1], after: true, kind }]);
		const run = await runWorkflow(chain(TRIGGER, concurNode('receipt', 'delete', { receiptId: receipt.id, options: fast }, { onError: 'continueErrorOutput' })), {
			credentials: companyCredential(emu()),
		});
		expect(await receiptExists(receipt.id)).toBe(false);
		expect(deletes()).toHaveLength(2);
		expect(run.json('Concur', 1)).toEqual([]);
		expect(run.json('Concur')).toEqual([{ deleted: true, id: receipt.id, alreadyGone: true }]);
	});

	it('a delete of a receipt that was gone already, with no lost answer, is still NOT_FOUND', async () => {
		const [receipt] = emu().seeded.receipts as Array<{ id: string }>;
		const credentials = companyCredential(emu());
		await runWorkflow(chain(TRIGGER, concurNode('receipt', 'delete', { receiptId: receipt.id, options: fast })), { credentials });
		const again = await runWorkflow(chain(TRIGGER, concurNode('receipt', 'delete', { receiptId: receipt.id, options: fast }, { onError: 'continueErrorOutput' })), {
			credentials,
		});
		expect(again.json('Concur', 1)).toEqual([expect.objectContaining({ details: expect.objectContaining({ code: 'NOT_FOUND' }) })]);
	});

	it('a retry that meets another error is still that error', async () => {
		const [receipt] = emu().seeded.receipts as Array<{ id: string }>;
		emu().setFaults([
			{ method: 'DELETE', path: `${V3}/*`, nth: [1], kind: '502' },
			{ method: 'DELETE', path: `${V3}/*`, nth: [2], kind: '500', after: false },
		]);
		const run = await runWorkflow(chain(TRIGGER, concurNode('receipt', 'delete', { receiptId: receipt.id, options: fast }, { onError: 'continueErrorOutput' })), {
			credentials: companyCredential(emu()),
		});
		expect(await receiptExists(receipt.id)).toBe(true);
		expect(run.json('Concur')).toEqual([]);
		expect(run.json('Concur', 1)).toEqual([expect.objectContaining({ details: expect.objectContaining({ code: 'CONCUR_ERROR', httpCode: 500 }) })]);
	});
});

describe('IDs', () => {
	it.each([
		['expenseEntry', 'get', 'entryId', 'https://us2.api.concursolutions.com/api/image/v1.0/expenseentry/ABC', ':'],
		['expenseEntry', 'get', 'entryId', '../report/x', '/'],
		['report', 'get', 'reportId', 'gWonjE$prha?user=someone', '?'],
		['invoice', 'get', 'invoiceId', 'ABC#frag', '#'],
		['receipt', 'delete', 'receiptId', "abc'or(1)", "'"],
		['receipt', 'get', 'receiptId', 'abc%2F..', '%'],
		['receipt', 'get', 'receiptId', 'Ω-unicode', 'Ω'],
	])('%s %s refuses %s %j before sending anything', async (resource, operation, parameter, value, bad) => {
		const run = await runWorkflow(chain(TRIGGER, concurNode(resource, operation, { [parameter]: value }, { onError: 'continueErrorOutput' })), {
			credentials: companyCredential(emu()),
		});
		const [failure] = run.json('Concur', 1);
		expect(failure.details).toMatchObject({ code: 'INVALID_ID' });
		expect(String(failure.error)).toContain(`"${bad}"`);
		expect(apiRequests(emu())).toHaveLength(0);
	});

	it('accepts the characters Concur IDs use ($ in report and image IDs, - _ . ~)', async () => {
		const id = 'gWonjE$prhaSd7DMzt3iGi1Ec-_.~pjI3UNHOjwQ';
		const run = await runWorkflow(
			chain(TRIGGER, fixtureNode([{ json: {} }]), concurNode('report', 'get', { reportId: id }, { onError: 'continueErrorOutput' })),
			{ credentials: companyCredential(emu()) },
		);
		expect(run.json('Concur', 1)[0].details).toMatchObject({ code: 'NOT_FOUND' });
		expect(apiRequests(emu()).map((r: { path: string }) => r.path)).toEqual([`/api/image/v1.0/report/${encodeURIComponent(id)}`]);
	});
});
