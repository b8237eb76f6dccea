// Issue 17: a v4 upload's multipart body is a second copy of the file. The client frees it (releaseBuffer) once
// Concur answered with success, and only then: a failed or retried request keeps its body, and a body the
// caller built itself is never touched.
import type { IExecuteFunctions } from 'n8n-workflow';

import { ConcurClient } from '../../nodes/ConcurImaging/transport';
import { multipartBody } from '../../nodes/ConcurImaging/transport/multipart';

const node = { id: '1', name: 'Concur', type: 'concurImaging', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
const file = Buffer.alloc(256 * 1024, 0x41);

/** A client whose n8n answers each request with the next status, recording the bytes each attempt sent. */
function clientAnswering(...statuses: number[]) {
	const sent: Buffer[] = [];
	const fn = {
		getNode: () => node,
		getCredentials: async () => ({ accessToken: 'token', accessExpiresAt: new Date(Date.now() + 3_600_000).toISOString() }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: { body?: Buffer }) => {
				sent.push(Buffer.from(options.body ?? Buffer.alloc(0)));
				return { statusCode: statuses.shift() ?? 500, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') };
			},
		},
	} as unknown as IExecuteFunctions;
	return { client: new ConcurClient(fn, 'companyApi', { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 1 }), sent };
}

const upload = (body: Buffer, contentType: string) => ({ method: 'POST' as const, path: '/v4/x', body, contentType, repeatable: false });
const call = { target: 'receipt', action: 'upload' };

describe('multipart bodies after their request', () => {
	it('are freed once Concur answered with success, after every attempt sent them whole (a 503 is retried first)', async () => {
		const { body, contentType } = multipartBody([{ name: 'image', data: file, fileName: 'a.png', contentType: 'image/png' }]);
		const whole = Buffer.from(body);
		const { client, sent } = clientAnswering(503, 200);
		await client.request(0, upload(body, contentType), call);
		expect(sent).toEqual([whole, whole]);
		expect(body.length).toBe(0);
		expect(file.length).toBe(256 * 1024); // the file itself is its owner's (inputFile.ts frees it)
	});

	it('are kept when the request failed', async () => {
		const { body, contentType } = multipartBody([{ name: 'image', data: file, fileName: 'a.png', contentType: 'image/png' }]);
		const { client } = clientAnswering(400);
		await expect(client.request(0, upload(body, contentType), call)).rejects.toThrow();
		expect(body.length).toBeGreaterThan(file.length);
	});

	it("leave any other body alone: the caller's own Buffer is never freed", async () => {
		const own = Buffer.alloc(256 * 1024, 0x42);
		const { client } = clientAnswering(200);
		await client.request(0, upload(own, 'image/png'), call);
		expect(own.length).toBe(256 * 1024);
	});
});
