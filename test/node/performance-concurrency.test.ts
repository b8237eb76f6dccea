// Issue 17: adaptive concurrency. With its defaults the node starts 8 items at once and grows towards the
// Concurrency option (16 by default) while Concur keeps up; a 429 or 503 halves it (a burst of refusals counts
// once) and it grows back slowly; it never goes above the option. Measured where it matters: requests in flight
// at the emulator's API host (each upload is held by the emulator's added latency, so requests overlap), counted
// when each one arrives. No timing is asserted.
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- test code (never shipped): watches the emulator's servers
import type { IncomingMessage, Server, ServerResponse } from 'http';


import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { fileItem, PNG } from '../fixtures/files';
import { companyCredential, concurNode } from '../../support/concur';
import { useEmulator } from '../support/use-emulator';

const UPLOAD_PATH = '/api/v3.0/expense/receiptimages';

// The emulator's HTTP servers, in the order it creates them (API host 'us' first): caught while it starts, so
// this file can watch requests arrive and end without changing the emulator.
// eslint-disable-next-line @typescript-eslint/no-require-imports, @n8n/community-nodes/no-restricted-imports -- test code (never shipped)
const http = require('http') as { createServer: (...args: unknown[]) => Server };
const servers: Server[] = [];
const createServer = http.createServer;
beforeAll(() => {
	http.createServer = (...args: unknown[]) => {
		const server = createServer(...args);
		servers.push(server);
		return server;
	};
});
const emu = useEmulator();
beforeAll(() => {
	http.createServer = createServer;
});

interface Arrival {
	/** Upload requests in flight at the API host when this one arrived, itself included. */
	inFlight: number;
	/** Upload requests answered before this one arrived. */
	answeredBefore: number;
	/** Its status, and how many upload requests had been answered when it was (itself included). */
	status?: number;
	answeredAs?: number;
}

/** Counts upload requests in flight at the emulator (its API hosts; uploads go to the company's). */
function countInFlight(): { arrivals: Arrival[]; stop: () => void } {
	if (!servers.length) throw new Error('the emulator was not started through http.createServer');
	const arrivals: Arrival[] = [];
	let inFlight = 0;
	let answered = 0;
	const onRequest = (req: IncomingMessage, res: ServerResponse) => {
		if (req.method !== 'POST' || String(req.url).split('?')[0] !== UPLOAD_PATH) return;
		inFlight++;
		const arrival: Arrival = { inFlight, answeredBefore: answered };
		arrivals.push(arrival);
		res.once('close', () => {
			inFlight--;
			answered++;
			arrival.status = res.statusCode;
			arrival.answeredAs = answered;
		});
	};
	for (const server of servers) server.prependListener('request', onRequest);
	return { arrivals, stop: () => servers.forEach((server) => server.off('request', onRequest)) };
}

const files = (count: number) => Array.from({ length: count }, (_, i) => fileItem(PNG, `r${i}.png`, 'image/png'));

async function uploadAll(count: number, options: Record<string, unknown> = {}, faults: Record<string, unknown>[] = []) {
	// A first run fetches and stores the token (the first request of a run without one goes alone), then the
	// measured run starts with it.
	const credentials = companyCredential(emu());
	await runWorkflow(chain(TRIGGER, fixtureNode(files(1)), concurNode('receipt', 'upload')), { credentials });
	emu().setFaults(faults);
	const counter = countInFlight();
	try {
		const run = await runWorkflow(chain(TRIGGER, fixtureNode(files(count)), concurNode('receipt', 'upload', { options: { retryDelayMs: 1, ...options } })), {
			credentials,
		});
		expect(run.status).toBe('success');
		expect(run.json('Concur')).toHaveLength(count);
		expect(run.json('Concur').every((item) => typeof item.id === 'string')).toBe(true);
		return counter.arrivals;
	} finally {
		counter.stop();
	}
}

const peak = (arrivals: Arrival[]) => Math.max(...arrivals.map((a) => a.inFlight));

beforeEach(() => emu().configure({ latencyMs: 200 }));

describe('adaptive concurrency', () => {
	it('starts with 8 in flight and grows towards 16 (the default Concurrency) while Concur keeps up', async () => {
		const arrivals = await uploadAll(48);
		expect(arrivals).toHaveLength(48);
		// before the first answer: exactly the start value
		expect(peak(arrivals.filter((a) => a.answeredBefore === 0))).toBe(8);
		expect(arrivals.filter((a) => a.answeredBefore === 0)).toHaveLength(8);
		// then more, never above the option's default
		expect(peak(arrivals)).toBeGreaterThan(8);
		expect(peak(arrivals)).toBeLessThanOrEqual(16);
	});

	it.each([1, 4])('never goes above the Concurrency option (%d)', async (concurrency) => {
		const arrivals = await uploadAll(3 * concurrency, { concurrency });
		expect(peak(arrivals)).toBe(concurrency);
	});

	it.each(['429', '503'])('halves on a burst of %s answers (once, not once per answer) and grows back slowly', async (kind) => {
		// the first 8 uploads are refused (Concur stored nothing); the node retries them itself
		const arrivals = await uploadAll(48, {}, [{ method: 'POST', path: UPLOAD_PATH, kind, times: 8, retryAfter: 0 }]);
		expect(arrivals).toHaveLength(48 + 8);
		const refused = arrivals.filter((a) => a.status === Number(kind));
		expect(refused).toHaveLength(8);
		expect(peak(refused)).toBe(8);
		// Once the refusals and the 8 retries (the same 8 items) are answered, new items run at half: 4, plus one per
		// round of successes (one more slot for a request that was on its way is tolerated). Refused once per answer,
		// it would be 1; never halved, 16.
		const after = arrivals.filter((a) => a.answeredBefore >= 16);
		expect(peak(after.slice(0, 10))).toBeLessThanOrEqual(6);
		expect(peak(after.slice(0, 10))).toBeGreaterThanOrEqual(4);
		// growing back: more than half later on, still well under the 16 it would have reached without the refusals
		expect(peak(after.slice(-12))).toBeGreaterThan(5);
		expect(peak(after)).toBeLessThanOrEqual(11);
	});

	it('halves again on a later refusal', async () => {
		// the 30th upload request is refused when the limit has grown to 16; what starts after that answer runs at 8
		const arrivals = await uploadAll(64, {}, [{ method: 'POST', path: UPLOAD_PATH, kind: '503', nth: [30], retryAfter: 0 }]);
		expect(arrivals).toHaveLength(64 + 1);
		const refused = arrivals.find((a) => a.status === 503) as Arrival;
		expect(peak(arrivals.filter((a) => a.answeredBefore < Number(refused.answeredAs)))).toBe(16);
		// Items already running when it was refused finish (up to 16 requests); what starts after them runs at 8, plus
		// one per round of successes (10 by then, one more for a request on its way tolerated): not back at 16.
		const next = arrivals.filter((a) => a.answeredBefore >= Number(refused.answeredAs) + 16).slice(0, 10);
		expect(next.length).toBeGreaterThan(0);
		expect(peak(next)).toBeLessThanOrEqual(11);
	});
});
