// Seeded state, the admin API under /_emulator/, the request log and its masking (a canary secret never shows).
import { createHash } from 'node:crypto';
import {
	companyToken,
	form,
	http,
	makePdf,
	PNG_1x1,
	startEmulator,
	tokenRequest,
	upload,
	V1,
	V3,
} from './helpers';
import { useEmulator } from '../support/use-emulator';

const emu = useEmulator({}, { reset: { clearTokens: true } });


const postJson = (url: string, body: unknown) =>
	http(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('seeded state', () => {
	it('has a company, 3+ users, reports with entries and invoices in the documented id formats', () => {
		expect(emu().company.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		expect(emu().company.homeDataCenter).toBe('eu');
		expect(emu().company.requestToken).toEqual(expect.any(String));
		expect(emu().users.length).toBeGreaterThanOrEqual(3);
		for (const u of emu().users) {
			expect(u.id).toMatch(/^[0-9a-f-]{36}$/);
			expect(u.loginId).toMatch(/^[a-z]+\.[a-z]+@example\.com$/);
		}
		expect(emu().users[0].loginId).toBe('alex.ops@example.com');
		expect(new Set(emu().users.map((u: { homeDataCenter: string }) => u.homeDataCenter))).toEqual(new Set(['us', 'eu']));
		expect(emu().seeded.reports.length).toBeGreaterThanOrEqual(3);
		for (const r of emu().seeded.reports) {
			expect(r.id).toMatch(/^gW[A-Za-z0-9]{4}\$[A-Za-z0-9$]{29}$/);
			expect(r.entries.length).toBeGreaterThan(0);
			for (const e of r.entries) expect(e.id).toMatch(/^[0-9A-F]{20}$/);
		}
		for (const i of emu().seeded.invoices) expect(i.id).toMatch(/^[0-9A-F]{20}$/);
		expect(emu().client.id).toEqual(expect.any(String));
		expect(emu().client.secret).toEqual(expect.any(String));
	});

	it('ids are deterministic per seed: same seed → same ids, another seed → other ids', async () => {
		const same = await startEmulator({ port: 0, storage: 'memory' });
		const other = await startEmulator({ port: 0, storage: 'memory', seed: 'another-seed' });
		try {
			expect(same.company.id).toBe(emu().company.id);
			expect(same.seeded.reports.map((r: { id: string }) => r.id)).toEqual(emu().seeded.reports.map((r: { id: string }) => r.id));
			expect(same.company.requestToken).toBe(emu().company.requestToken);
			expect(other.company.id).not.toBe(emu().company.id);
		} finally {
			await same.stop();
			await other.stop();
		}
	});

	it('reset returns to the seeded state (same ids, uploads gone)', async () => {
		const t = await companyToken(emu());
		const before = await emu().state();
		const r = await upload(`${t.geolocation}${V1}/receipt`, t, 'image/png', PNG_1x1);
		expect(r.status).toBe(201);
		expect((await emu().state()).receipts).toHaveLength(before.receipts.length + 1);
		const reset = await http(`${emu().adminUrl}/reset`, { method: 'POST' });
		expect(reset.status).toBe(200);
		const after = await emu().state();
		expect(after.receipts).toEqual(before.receipts);
		expect(after.reports).toEqual(before.reports);
		// tokens survive a plain reset (a running n8n credential keeps working)
		expect((await http(`${t.geolocation}${V3}`, { headers: { authorization: `Bearer ${t.access_token}` } })).status).toBe(200);
	});
});

describe('admin API', () => {
	it('GET state lists images with id, type, size, sha256 and page count, and token counts', async () => {
		const t = await companyToken(emu());
		const pdf = await makePdf(3);
		const entry = emu().seeded.reports[1].entries[0].id;
		await upload(`${t.geolocation}${V1}/expenseentry/${entry}`, t, 'application/pdf', pdf);
		const res = await http(`${emu().dataCenters.eu}/_emulator/state`);
		expect(res.status).toBe(200);
		const state = res.json();
		const e = state.reports[1].entries[0];
		expect(e.image).toEqual({
			id: entry,
			mimeType: 'application/pdf',
			size: pdf.length,
			sha256: createHash('sha256').update(pdf).digest('hex'),
			pageCount: 3,
		});
		expect(state.reports[1].images[0]).toMatchObject({ mimeType: 'application/pdf', pageCount: 1 });
		expect(state.tokens).toMatchObject({ accessTokens: 1, activeAccessTokens: 1, refreshTokens: 1, activeRefreshTokens: 1 });
		expect(state.receipts[0]).toMatchObject({ ownerLoginId: 'alex.ops@example.com', image: { mimeType: 'image/png', pageCount: 1 } });
		// the image host serves the admin API too
		expect((await http(`${emu().imageBaseUrl}/_emulator/state`)).status).toBe(200);
	});

	it('POST seed adds users, reports with entries, invoices and receipts', async () => {
		const res = await postJson(`${emu().adminUrl}/seed`, {
			users: [{ loginId: 'erin.new@example.com', password: 'pw-erin', homeDataCenter: 'us' }],
			reports: [{ ownerLoginId: 'erin.new@example.com', name: 'New report', entries: 2 }],
			entries: [{ reportId: emu().seeded.reports[0].id, expenseType: 'Parking' }],
			invoices: 1,
			receipts: [{ ownerLoginId: 'erin.new@example.com' }],
		});
		expect(res.status).toBe(200);
		const out = res.json();
		expect(out.users[0]).toMatchObject({ loginId: 'erin.new@example.com', homeDataCenter: 'us' });
		expect(out.reports[0].entries).toHaveLength(2);
		expect(out.invoices[0].id).toMatch(/^[0-9A-F]{20}$/);
		expect(out.entries[0]).toMatchObject({ reportId: emu().seeded.reports[0].id, expenseType: 'Parking' });
		expect(emu().seeded.reports[0].entries.map((e) => e.id)).toContain(out.entries[0].id);
		expect(out.receipts).toHaveLength(1);
		const tok = await tokenRequest(emu().dataCenters.us, {
			client_id: emu().client.id,
			client_secret: emu().client.secret,
			grant_type: 'password',
			username: 'erin.new@example.com',
			password: 'pw-erin',
		});
		expect(tok.status).toBe(200);
		const erin = tok.json();
		const up = await upload(`${erin.geolocation}${V1}/expenseentry/${out.reports[0].entries[0].id}`, erin, 'image/png', PNG_1x1);
		expect(up.status).toBe(201);
		expect((await postJson(`${emu().adminUrl}/seed`, { users: [{}] })).status).toBe(400);
	});

	it('POST config merges options at runtime; bad values and start-only options → 400', async () => {
		const ok = await postJson(`${emu().adminUrl}/config`, { expiredTokenStatus: 403, imageUrlTtlSeconds: 60 });
		expect(ok.status).toBe(200);
		expect(ok.json()).toMatchObject({ expiredTokenStatus: 403, imageUrlTtlSeconds: 60, refreshRotation: 'always' });
		expect((await postJson(`${emu().adminUrl}/config`, { expiredTokenStatus: 418 })).status).toBe(400);
		expect((await postJson(`${emu().adminUrl}/config`, { port: 1234 })).status).toBe(400);
		expect((await postJson(`${emu().adminUrl}/config`, { noSuchOption: 1 })).status).toBe(400);
		expect(() => emu().configure({ refreshRotation: 'weekly' })).toThrow(/refreshRotation/);
	});

	it('POST tokens/expire, tokens/revoke, request-tokens and clock', async () => {
		const t = await companyToken(emu());
		const api = `${t.geolocation}${V3}`;
		const auth = { authorization: `Bearer ${t.access_token}` };
		expect((await http(api, { headers: auth })).status).toBe(200);
		expect((await http(`${emu().adminUrl}/tokens/expire`, { method: 'POST' })).json().activeAccessTokens).toBe(0);
		expect((await http(api, { headers: auth })).status).toBe(401);
		expect((await http(`${emu().adminUrl}/tokens/revoke`, { method: 'POST' })).json().activeRefreshTokens).toBe(0);
		const refresh = await tokenRequest(t.geolocation, {
			client_id: emu().client.id,
			client_secret: emu().client.secret,
			grant_type: 'refresh_token',
			refresh_token: t.refresh_token as string,
		});
		expect(refresh.json().code).toBe(108);
		const rt = (await http(`${emu().adminUrl}/request-tokens`, { method: 'POST' })).json();
		expect(rt).toMatchObject({ status: 'PASS', code: 0, companyId: emu().company.id });
		const clock = await postJson(`${emu().adminUrl}/clock`, { advanceSeconds: 3600 });
		expect(clock.json().offsetMs).toBe(3600 * 1000);
	});

	it('GET info gives what a credential needs', async () => {
		const info = (await http(`${emu().adminUrl}/info`)).json();
		expect(info).toMatchObject({
			baseUrl: emu().baseUrl,
			dataCenters: emu().dataCenters,
			imageBaseUrl: emu().imageBaseUrl,
			client: emu().client,
			company: { id: emu().company.id, requestToken: emu().company.requestToken },
		});
	});
});

describe('request log', () => {
	it('records time, data center, method, path, query, masked headers, body size, status and correlation id', async () => {
		await http(`${emu().adminUrl}/requests`, { method: 'DELETE' });
		const t = await companyToken(emu());
		const pdf = await makePdf(1);
		await upload(`${t.geolocation}${V1}/receipt`, t, 'application/pdf', pdf);
		await http(`${t.geolocation}${V3}?limit=5`, { headers: { authorization: `OAuth ${t.access_token}` } });
		await http(`${emu().adminUrl}/state`); // admin: not logged
		const log = (await http(`${emu().adminUrl}/requests`)).json();
		expect(log).toHaveLength(3);
		const [tokenReq, up, list] = log;
		expect(tokenReq).toMatchObject({ dc: 'us', method: 'POST', path: '/oauth2/v0/token', status: 200 });
		expect(tokenReq.form).toMatchObject({ grant_type: 'password', credtype: 'authtoken', password: '***', client_secret: '***', username: emu().company.id });
		expect(up).toMatchObject({ dc: 'eu', method: 'POST', path: `${V1}/receipt`, status: 201, bodyBytes: pdf.length });
		expect(up.headers.authorization).toBe('Bearer ***');
		expect(up.headers['content-type']).toBe('application/pdf');
		expect(up.correlationId).toMatch(/^[0-9a-f-]{36}$/);
		expect(new Date(up.time).getTime()).not.toBeNaN();
		expect(list).toMatchObject({ query: { limit: '5' }, status: 200 });
		expect(list.headers.authorization).toBe('OAuth ***');
		expect(emu().requestLog()).toHaveLength(3);
	});

	it('a canary secret never appears in the log or the state', async () => {
		const canary = 'CANARY-s3cret-7f3a9';
		await postJson(`${emu().adminUrl}/seed`, { users: [{ loginId: 'canary.user@example.com', password: canary, homeDataCenter: 'us' }] });
		const basic = Buffer.from(`${emu().client.id}:${emu().client.secret}`).toString('base64');
		const tok = await tokenRequest(
			emu().baseUrl,
			{ grant_type: 'password', username: 'canary.user@example.com', password: canary },
			{ authorization: `Basic ${basic}` },
		);
		expect(tok.status).toBe(200);
		const body = tok.json();
		await tokenRequest(body.geolocation, {
			client_id: emu().client.id,
			client_secret: emu().client.secret,
			grant_type: 'refresh_token',
			refresh_token: body.refresh_token,
		});
		await http(`${emu().baseUrl}/oauth2/v0/token?${form({ password: canary, client_secret: canary })}`, { method: 'POST' });
		await http(`${body.geolocation}${V3}?access_token=${canary}`, { headers: { authorization: `Bearer ${body.access_token}`, cookie: `s=${canary}` } });
		const company = await companyToken(emu());

		const everything =
			JSON.stringify(emu().requestLog()) +
			(await http(`${emu().adminUrl}/requests`)).text +
			(await http(`${emu().adminUrl}/state`)).text +
			JSON.stringify(await emu().state());
		const secrets = [
			canary,
			emu().client.secret,
			basic,
			emu().company.requestToken,
			body.access_token,
			body.refresh_token,
			body.id_token,
			company.access_token,
			company.refresh_token as string,
		];
		for (const s of secrets) expect(everything).not.toContain(s);
		for (const u of emu().users) expect(everything).not.toContain(u.password);
	});
});
