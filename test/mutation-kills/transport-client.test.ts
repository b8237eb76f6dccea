// The one request path to Concur (nodes/ConcurImaging/transport/client.ts), as the mutation run
// transport-credentials (issue 18, commit 41a46b0, reports/mutation/SURVIVORS.md) left it: what a user reads when
// the credential or the network fails, which requests are sent again, and what the client hands its callers.
// Workflows through the real n8n engine where the emulator can produce the case; a client on a scripted n8n
// (the way test/transport/memory-multipart.test.ts does it) where only a hand-made answer or error can.
import type { IExecuteFunctions } from 'n8n-workflow';

import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { apiRequests, companyCredential, concurNode } from '../../support/concur';
import { ConcurClient } from '../../nodes/ConcurImaging/transport';
import type { ConcurRequest } from '../../nodes/ConcurImaging/transport/client';
import { companySetupFingerprint } from '../../nodes/ConcurImaging/api/companySetup';
import { errorCodeOf } from '../../nodes/ConcurImaging/errors';
import { fileItem, PNG } from '../fixtures/files';
import { useEmulator } from '../support/use-emulator';

const emu = useEmulator();

const UPLOAD_PATH = '/api/v3.0/expense/receiptimages';
const fast = { maxRetries: 2, retryDelayMs: 10 };
const uploadWorkflow = (options: Record<string, unknown> = fast) =>
	chain(TRIGGER, fixtureNode([fileItem(PNG, 'a.png', 'image/png')]), concurNode('receipt', 'upload', { options }, { onError: 'continueErrorOutput' }));

describe('a credential Concur refuses, or cannot serve', () => {
	// Mutant: the reconnect description emptied (L107).
	it('says how to reconnect the credential', async () => {
		const run = await runWorkflow(uploadWorkflow(), { credentials: companyCredential(emu(), { clientSecret: 'not-the-secret' }) });
		const [failure] = run.json('Concur', 1);
		expect(failure.details).toMatchObject({
			code: 'CREDENTIAL_INVALID',
			description: expect.stringContaining('Open the Concur credential, reconnect it'),
		});
	});

	// Mutant: the "token endpoint down" description emptied (L122).
	it('says the credential is fine when the token endpoint is down', async () => {
		emu().setFaults([{ path: '/oauth2/v0/token', kind: '503' }]);
		const run = await runWorkflow(uploadWorkflow({ maxRetries: 1, retryDelayMs: 10 }), { credentials: companyCredential(emu()) });
		const [failure] = run.json('Concur', 1);
		expect(failure.details).toMatchObject({
			code: 'CONCUR_UNAVAILABLE',
			description: 'Concur could not issue a token just now; the credential is fine. Run the item again later.',
		});
	});
});

describe('a connection that breaks', () => {
	// Mutants: `mayHaveStored` -> false (L135), `!request.repeatable` -> `request.repeatable` (L135),
	// `!REFUSED_CONNECTION.has(…)` -> `REFUSED_CONNECTION.has(…)` (L135).
	it('after an upload was sent: sent once, and the user is told Concur may have stored it', async () => {
		emu().setFaults([{ method: 'POST', path: UPLOAD_PATH, kind: 'reset', after: true }]);
		const run = await runWorkflow(uploadWorkflow(), { credentials: companyCredential(emu()) });
		expect(apiRequests(emu()).filter((r: { method: string }) => r.method === 'POST')).toHaveLength(1);
		const [failure] = run.json('Concur', 1);
		expect(failure.details).toMatchObject({ code: 'NETWORK_ERROR', description: expect.stringContaining('Concur may have stored it') });
	});

	// Mutants: `mayHaveStored` -> true (L135), `Boolean(request.body) && !request.repeatable` -> true (L135),
	// `… && !request.repeatable || !REFUSED_CONNECTION.has(…)` (L135).
	it('on a list request: the network advice, no word of a stored file', async () => {
		emu().setFaults([{ path: '/api/*', kind: 'reset' }]);
		const run = await runWorkflow(
			chain(TRIGGER, concurNode('receipt', 'getMany', { limit: 5, options: { maxRetries: 1, retryDelayMs: 10 } }, { onError: 'continueErrorOutput' })),
			{ credentials: companyCredential(emu()) },
		);
		const [failure] = run.json('Concur', 1);
		expect(failure.details).toMatchObject({
			code: 'NETWORK_ERROR',
			description: "Check the network, proxy settings and the credential's data center, then run the item again.",
		});
	});
});

// ---- A client on a scripted n8n: each request gets the next answer (or error) of the script. ----

const node = { id: '1', name: 'Concur', type: 'concurImaging', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
type Step = { status: number; headers?: Record<string, unknown>; body?: string } | { error: Error };

function scriptedClient(steps: Step[], signals?: { generation: number; throttled: (at: number) => void }) {
	const sent: Array<{ headers: Record<string, unknown> }> = [];
	const fn = {
		getNode: () => node,
		// A token that is valid and of the credential's present setup: the session sends at once, no refresh.
		getCredentials: async () => ({
			accessToken: 'token',
			accessExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
			setupFingerprint: companySetupFingerprint({}),
		}),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: { headers: Record<string, unknown> }) => {
				sent.push({ headers: options.headers });
				const step = steps.shift() ?? { status: 500 };
				if ('error' in step) throw step.error;
				return { statusCode: step.status, headers: step.headers ?? { 'content-type': 'application/json' }, body: Buffer.from(step.body ?? '{}') };
			},
		},
	} as unknown as IExecuteFunctions;
	return { client: new ConcurClient(fn, 'companyApi', { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 1 }, signals), sent };
}

const get: ConcurRequest = { method: 'GET', path: '/api/v3.0/expense/receiptimages', repeatable: true };
const call = { target: 'receipt image', action: 'list' };
const networkFailure = (code: string) => Object.assign(new Error('socket hang up'), { code });

describe('what the client sends and hands back', () => {
	// Mutant: the default Accept 'application/xml' emptied (L87).
	it('asks for XML unless the caller asks for something else', async () => {
		const { client, sent } = scriptedClient([{ status: 200 }, { status: 200 }]);
		await client.request(0, get, call);
		await client.request(0, { ...get, accept: 'application/json' }, call);
		expect(sent.map((request) => request.headers.Accept)).toEqual(['application/xml', 'application/json']);
	});

	// Mutant: `?? ''` -> `?? 'Stryker was here!'` for an answer without Content-Type (L143).
	it("gives the answer's media type without its parameters, '' when Concur sent none", async () => {
		const { client } = scriptedClient([{ status: 200, headers: { 'Content-Type': 'Application/JSON; charset=utf-8' } }, { status: 204, headers: {}, body: '' }]);
		expect((await client.request(0, get, call)).contentType).toBe('application/json');
		expect((await client.request(0, get, call)).contentType).toBe('');
	});
});

describe('which failures are sent again', () => {
	// Mutant: `request.repeatable && code !== undefined` -> `request.repeatable && true` (L129).
	it('a failure that is no network failure is not retried, even for a get', async () => {
		const { client, sent } = scriptedClient([{ error: new Error('something else broke') }, { status: 200 }]);
		const error = await client.request(0, get, call).catch((failure: unknown) => failure);
		expect(errorCodeOf(error)).toBe('NETWORK_ERROR');
		expect(sent).toHaveLength(1);
	});

	// Mutant: `Boolean(request.body) && !request.repeatable` -> `Boolean(request.body) || !request.repeatable` (L135).
	it('a request without a file that broke is no "may have stored the file"', async () => {
		const { client } = scriptedClient([{ error: networkFailure('ECONNRESET') }]);
		const post: ConcurRequest = { method: 'POST', path: '/api/v3.0/expense/receiptimages', repeatable: false };
		const error = await client.request(0, post, call).catch((failure: unknown) => failure as { description?: string });
		expect(errorCodeOf(error)).toBe('NETWORK_ERROR');
		expect(error).toMatchObject({ description: "Check the network, proxy settings and the credential's data center, then run the item again." });
	});
});

describe('load signals for the adaptive concurrency', () => {
	// Mutants: `NOT_PROCESSED.has(result.statusCode)` -> true and -> false before `throttled` (L155).
	it('only a 429 or a 503 tells the item loop to slow down', async () => {
		const throttled: number[] = [];
		const signals = { generation: 7, throttled: (at: number) => throttled.push(at) };
		const { client } = scriptedClient([{ status: 429, headers: { 'Retry-After': '0' } }, { status: 503 }, { status: 200 }, { status: 502 }, { status: 200 }], signals);
		await client.request(0, get, call);
		expect(throttled).toEqual([7, 7]);
		await client.request(0, get, call); // a 502, retried: a gateway, not Concur saying "slow down"
		expect(throttled).toEqual([7, 7]);
		const notFound = scriptedClient([{ status: 404 }, { status: 500 }], signals);
		await expect(notFound.client.request(0, get, call)).rejects.toThrow();
		await expect(notFound.client.request(0, get, call)).rejects.toThrow();
		expect(throttled).toEqual([7, 7]);
	});
});
