// Issue 12, defect 4: a redirect from the Concur API must never carry the credential or the file to another
// origin. The emulator's `redirect` fault answers 302/307 with a Location on its trap (another host) that records
// everything it gets, unmasked.
import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { fileItem, PNG } from '../fixtures/files';
import { apiRequests, companyCredential, concurNode } from '../../support/concur';
import { userCredential as connectedUser } from '../support/user-credential';
import { useEmulator } from '../support/use-emulator';

const emu = useEmulator({}, { reset: { clearTokens: true } });

const UPLOAD_PATH = '/api/v3.0/expense/receiptimages';
const fast = { maxRetries: 2, retryDelayMs: 10 };
const trapHost = () => new URL(emu().trapUrl).host;

const userCredential = async (loginId: string) => await connectedUser(emu(), loginId);

describe('a redirect from the Concur API', () => {
	it.each([
		['company', 307],
		['company', 302],
		// 300 (Multiple Choices) with a Location, as a proxy may answer: a redirect too, not a success (client.ts
		// L146 `< 300` -> `<= 300`, issue 18).
		['company', 300],
		['user', 307],
	])('on an upload (%s credential, HTTP %d) sends neither the token nor the file to the other host', async (kind, status) => {
		const credentials = kind === 'user' ? await userCredential('alex.ops@example.com') : companyCredential(emu());
		emu().setFaults([{ method: 'POST', path: UPLOAD_PATH, kind: 'redirect', status }]);
		const run = await runWorkflow(
			chain(
				TRIGGER,
				fixtureNode([fileItem(PNG, 'a.png', 'image/png')]),
				concurNode(
					'receipt',
					'upload',
					{ authentication: kind === 'user' ? 'userOAuth2' : 'companyApi', options: fast },
					{ onError: 'continueErrorOutput' },
				),
			),
			{ credentials },
		);
		expect(emu().trap.requests()).toEqual([]);
		expect(emu().trap.received(PNG)).toBe(false);
		const [failure] = run.json('Concur', 1);
		expect(failure).toEqual({
			fileName: 'a.png',
			error: `Concur answered the request to upload the receipt image with a redirect to ${trapHost()} (HTTP ${status}); the node does not follow redirects with your credential or files.`,
			details: expect.objectContaining({ code: 'UNEXPECTED_REDIRECT', httpCode: status, description: expect.stringContaining("Check the credential's data center or base URL") }),
		});
		// not retried: a redirect is not a passing failure
		expect(apiRequests(emu()).filter((r: { method: string }) => r.method === 'POST')).toHaveLength(1);
		// the message names the host only, never the path or query of the Location
		expect(String(failure.error)).not.toContain(UPLOAD_PATH);
	});

	it('on a get sends no token to the other host', async () => {
		const [receipt] = emu().seeded.receipts;
		emu().setFaults([{ method: 'GET', path: `${UPLOAD_PATH}/*`, kind: 'redirect', status: 302 }]);
		const run = await runWorkflow(
			chain(TRIGGER, concurNode('receipt', 'get', { receiptId: receipt.id, options: { ...fast, user: 'alex.ops@example.com' } }, { onError: 'continueErrorOutput' })),
			{ credentials: companyCredential(emu()) },
		);
		expect(emu().trap.requests()).toEqual([]);
		expect(run.json('Concur', 1)).toEqual([
			expect.objectContaining({ details: expect.objectContaining({ code: 'UNEXPECTED_REDIRECT', httpCode: 302 }) }),
		]);
	});
});

describe('a redirect from the image host', () => {
	it('is followed without any Authorization header (the pre-signed link carries no credential)', async () => {
		const credentials = companyCredential(emu());
		const uploaded = await runWorkflow(chain(TRIGGER, fixtureNode([fileItem(PNG, 'a.png', 'image/png')]), concurNode('receipt', 'upload')), { credentials });
		const [{ id }] = uploaded.json('Concur');
		emu().setFaults([{ dc: 'image', path: '/*', kind: 'redirect', status: 302, location: 'trap', times: 1 }]);
		const run = await runWorkflow(chain(TRIGGER, concurNode('receipt', 'get', { receiptId: id, options: fast }, { onError: 'continueErrorOutput' })), {
			credentials,
		});
		expect(run.status).toBe('success');
		const trapped = emu().trap.requests() as Array<{ headers: Record<string, string> }>;
		expect(trapped.length).toBeGreaterThan(0); // the redirect was followed
		// the trap answers 200 with `{}`; whatever the node makes of it, the trap never saw a credential
		for (const seen of trapped) expect(Object.keys(seen.headers).map((h) => h.toLowerCase())).not.toContain('authorization');
	});
});
