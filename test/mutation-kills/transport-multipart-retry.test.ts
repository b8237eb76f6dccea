// The retry helpers (nodes/ConcurImaging/transport/retry.ts), the image host's Retry-After and busy answers
// (nodes/ConcurImaging/transport/download.ts), the Quick Expense pacing window (transport/pacing.ts), multipart
// bodies (transport/multipart.ts) and the wait for another execution's token rotation (transport/companySession.ts),
// as the mutation runs transport-credentials and transport-all-tests (issue 18, reports/mutation/SURVIVORS.md) left
// them. n8n's `sleep` is replaced by a recorder here, so a test can read how long the node asked to wait instead of
// timing it (nothing in this file runs a workflow).
import type { IExecuteFunctions } from 'n8n-workflow';

import { ConcurClient, retryAfterMs } from '../../nodes/ConcurImaging/transport';
import { RateWindow, rateWindowFor } from '../../nodes/ConcurImaging/transport/pacing';
import { ConcurTokenError } from '../../nodes/ConcurImaging/api/tokens';
import { companySetupFingerprint } from '../../nodes/ConcurImaging/api/companySetup';
import { multipartBody } from '../../nodes/ConcurImaging/transport/multipart';
import { toBuffer } from '../../nodes/ConcurImaging/transport/retry';
import { readableOf } from '../support/stream-bodies';

const mockWaits: number[] = [];
jest.mock('n8n-workflow', () => ({
	...jest.requireActual('n8n-workflow'),
	sleep: async (ms: number) => {
		mockWaits.push(ms);
	},
}));

beforeEach(() => {
	mockWaits.length = 0;
});

describe('Retry-After', () => {
	// Mutants: `value === undefined || value === null || …` -> `value === undefined && value === null || …` and
	// `value === null` -> false (L25): a missing header must not read as "retry at once".
	it('no header value is no hint, whichever way it is missing', () => {
		const now = Date.parse('2026-11-28T12:00:00Z');
		expect(retryAfterMs(null, now)).toBeUndefined();
		expect(retryAfterMs(undefined, now)).toBeUndefined();
		expect(retryAfterMs('0', now)).toBe(0);
	});

	// Mutant: 'retry-after' emptied in the image download's retry (download.ts L97).
	it("the image host's Retry-After is what a download waits before it asks again", async () => {
		const answers = [
			{ statusCode: 503, headers: { 'Retry-After': '7' }, body: readableOf([Buffer.from('busy')]) },
			{ statusCode: 200, headers: { 'Content-Type': 'image/png' }, body: readableOf([Buffer.from('the image')]) },
		];
		const fn = {
			getNode: () => ({ id: '1', name: 'Concur', type: 'concurImaging', typeVersion: 1, position: [0, 0], parameters: {} }),
			helpers: { httpRequest: async () => answers.shift() },
		} as unknown as IExecuteFunctions;
		const client = new ConcurClient(fn, 'companyApi', { maxRetries: 2, initialDelayMs: 10, maxDelayMs: 60_000 });
		const downloaded = await client.download(0, 'https://imaging.example.com/file/x?id=1', { target: 'receipt image', id: 'x', action: 'get' });
		expect(downloaded.body.toString()).toBe('the image');
		expect(mockWaits).toEqual([7000]);
	});
});

describe('answer bodies as bytes', () => {
	// Mutants of `body === undefined || body === null` (L47): `true`, `false`, `&&`, each side -> false or negated.
	it('no body is no bytes; anything else is its bytes', () => {
		expect(toBuffer(undefined)).toEqual(Buffer.alloc(0));
		expect(toBuffer(null)).toEqual(Buffer.alloc(0));
		expect(toBuffer({ ID: 'r1' }).toString()).toBe('{"ID":"r1"}');
		expect(toBuffer('<Ok/>').toString()).toBe('<Ok/>');
	});
});

describe('pacing (Quick Expense v4: 120 requests per 5 minutes per user)', () => {
	// Mutant: `at > now - this.windowMs` -> `at >= …` (L22): a request sent exactly one window ago has left it.
	it('a request one whole window after the oldest goes out without waiting', async () => {
		let now = 0;
		const waited: number[] = [];
		const window = new RateWindow(2, 1000, () => now, async (ms) => {
			waited.push(ms);
			now += ms;
		});
		await window.take('alex');
		await window.take('alex');
		now = 1000;
		await window.take('alex');
		expect(waited).toEqual([]);
	});

	// Mutants: `!windows` -> true (L42) and `!window` -> true (L44): a new window per call would let every item of a
	// run send its full 120.
	it("one window per run and API, shared by the run's items; another run has its own", () => {
		const run = {};
		let made = 0;
		const make = () => {
			made++;
			return new RateWindow(120, 300_000);
		};
		const first = rateWindowFor(run, 'quickExpenseV4', make);
		expect(rateWindowFor(run, 'quickExpenseV4', make)).toBe(first);
		expect(made).toBe(1);
		expect(rateWindowFor(run, 'otherApi', make)).not.toBe(first);
		expect(rateWindowFor({}, 'quickExpenseV4', make)).not.toBe(first);
		expect(made).toBe(3);
	});
});

describe('an image download the host answers "busy" (issue 18, run transport-all-tests)', () => {
	const node = { id: '1', name: 'Concur', type: 'concurImaging', typeVersion: 1, position: [0, 0], parameters: {} };
	const busyThenImage = () => {
		const answers = [429, 500, 503].map((statusCode) => ({ statusCode, headers: {}, body: readableOf([Buffer.from('busy')]) }));
		answers.push({ statusCode: 200, headers: { 'Content-Type': 'image/png' } as never, body: readableOf([Buffer.from('the image')]) });
		return { getNode: () => node, helpers: { httpRequest: async () => answers.shift() } } as unknown as IExecuteFunctions;
	};

	// Mutants: download.ts L95 `statusCode === 429` -> false and `>= 500` -> `> 500` (each answer is asked again);
	// retry.ts L34 `initialDelayMs * 2 ** attempt` -> `/`, L35 `exponential * 0.2 * random` -> `exponential / 0.2 *
	// random` and `0.2 / random`, L36 `exponential + jitter` -> `-`: without Retry-After the waits double, with up to
	// a fifth more at random (half of that with Math.random at 0.5).
	it('asks again after 429, 500 and 503, waiting 1.1, 2.2 and 4.4 times the first delay', async () => {
		const random = jest.spyOn(Math, 'random').mockReturnValue(0.5);
		try {
			const client = new ConcurClient(busyThenImage(), 'companyApi', { maxRetries: 3, initialDelayMs: 100, maxDelayMs: 60_000 });
			const downloaded = await client.download(0, 'https://imaging.example.com/file/x?id=1', { target: 'receipt image', id: 'x', action: 'get' });
			expect(downloaded.body.toString()).toBe('the image');
			expect(mockWaits).toEqual([110, 220, 440]);
		} finally {
			random.mockRestore();
		}
	});

	// Mutants: download.ts L94 `NOT_PROCESSED.has(statusCode)` -> true and -> false: 429 and 503 say "slow down"
	// (the batch's concurrency backs off); a 500 or the image itself does not.
	it('tells the batch to slow down for the 429 and the 503, not for the 500 or the image', async () => {
		const throttledAt: number[] = [];
		const signals = { generation: 3, throttled: (sentAt: number) => throttledAt.push(sentAt) };
		const client = new ConcurClient(busyThenImage(), 'companyApi', { maxRetries: 3, initialDelayMs: 1, maxDelayMs: 10 }, signals);
		await client.download(0, 'https://imaging.example.com/file/x?id=1', { target: 'receipt image', id: 'x', action: 'get' });
		expect(throttledAt).toEqual([3, 3]);
	});
});

describe('multipart bodies (issue 18, run transport-all-tests)', () => {
	const boundaryOf = (contentType: string) => /boundary=(.+)$/.exec(contentType)![1];

	// Mutants: L27 the boundary's random characters -> `() => undefined` (the bare prefix) and `random() * 36` ->
	// `/ 36` (all zeros): a file holding that boundary would be rebuilt for ever (the stack overflows).
	it('a file that holds the boundary prefix, or the prefix and 24 zeros, still gets a boundary it does not hold', () => {
		const file = Buffer.from(`%PDF-1.4 ----n8nConcurBoundary and ----n8nConcurBoundary${'0'.repeat(24)} inside`);
		const { body, contentType } = multipartBody([{ name: 'file', data: file, fileName: 'r.pdf', contentType: 'application/pdf' }]);
		const boundary = boundaryOf(contentType);
		expect(boundary).toMatch(/^----n8nConcurBoundary[0-9a-z]{24}$/);
		expect(file.includes(boundary)).toBe(false);
		expect(body.includes(file)).toBe(true);
	});

	// Mutant: L37 `data.some(...)` -> `data.every(...)`: the boundary asked for occurs in one part of two.
	it('a boundary that occurs in any one part is replaced by another', () => {
		const { contentType } = multipartBody(
			[
				{ name: 'metadata', data: '{"comment":"none"}', contentType: 'application/json' },
				{ name: 'file', data: Buffer.from('bytes with --XYZ in them'), fileName: 'r.png', contentType: 'image/png' },
			],
			'--XYZ',
		);
		expect(boundaryOf(contentType)).not.toBe('--XYZ');
	});

	// Mutant: L42 the CR/LF replacement '' -> "Stryker was here!": a line break in a part's type is dropped, so no
	// header can be added through it.
	it('a part type with a line break in it is sent on one line, the break dropped', () => {
		const { body } = multipartBody([{ name: 'file', data: 'x', fileName: 'r.png', contentType: 'image/png\r\nX-Injected: 1' }], 'B0UNDARY');
		expect(body.toString()).toBe(
			'--B0UNDARY\r\nContent-Disposition: form-data; name="file"; filename="r.png"\r\nContent-Type: image/pngX-Injected: 1\r\n\r\nx\r\n--B0UNDARY--\r\n',
		);
	});
});

describe('a refresh token that another execution replaced a moment ago (issue 18, run transport-all-tests)', () => {
	// Mutant: companySession.ts L105 `if (waitMs) await sleep(waitMs)` -> `if (false)`: the stored credential would be
	// read five times at once, before the other execution's rotation lands, and a working credential reported refused.
	it('waits for the rotation to land (here half a second later) and sends with the newer token', async () => {
		const node = { id: '1', name: 'Concur', type: 'concurImaging', typeVersion: 1, position: [0, 0], parameters: {}, credentials: { concurCompanyApi: { id: 'c', name: 'Concur' } } };
		const setup = { setupFingerprint: companySetupFingerprint({}) };
		const expired = { ...setup, accessToken: 'old', currentRefreshToken: 'replaced', accessExpiresAt: new Date(Date.now() - 60_000).toISOString() };
		const rotated = { ...setup, accessToken: 'new', currentRefreshToken: 'rotated', accessExpiresAt: new Date(Date.now() + 3_600_000).toISOString() };
		const waited = () => mockWaits.reduce((sum, ms) => sum + ms, 0);
		const sentWith: string[] = [];
		const fn = {
			getNode: () => node,
			getCredentials: async () => (waited() >= 500 ? rotated : expired),
			helpers: {
				httpRequestWithAuthentication: async (_type: string, _options: unknown, extra: { credentialsDecrypted: { data: { accessToken: string } } }) => {
					const token = extra.credentialsDecrypted.data.accessToken;
					sentWith.push(token || '(refresh)');
					if (!token) throw new ConcurTokenError('Concur no longer accepts this refresh token', 'invalid_grant', 108);
					return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') };
				},
			},
		} as unknown as IExecuteFunctions;
		const client = new ConcurClient(fn, 'companyApi', { maxRetries: 0, initialDelayMs: 1, maxDelayMs: 1 });
		const answer = await client.request(0, { method: 'GET', path: '/api/v3.0/expense/receiptimages', repeatable: true }, { target: 'receipt image', action: 'list' });
		expect(answer.statusCode).toBe(200);
		expect(sentWith).toEqual(['(refresh)', 'new']);
		expect(mockWaits).toEqual([200, 400]);
	});
});
