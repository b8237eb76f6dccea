// --state-dir: state, images and tokens survive a restart.
import { companyToken, http, PNG_1x1, startEmulator, tokenRequest, upload, V1, V3, xmlValue } from './helpers';
import { listDir, makeTempDir, removeDir } from '../support/emulator-tmpdir';

describe('stateDir', () => {
	let dir = '';

	beforeAll(() => {
		dir = makeTempDir();
	});

	afterAll(() => {
		removeDir(dir);
	});

	// A timed save still writing when stop() saved again renamed the same temp file twice: stop() failed with
	// ENOENT (seen in a CI run on a loaded machine).
	it('saves that overlap, as a timed save and the save on stop can, all succeed and leave whole state', async () => {
		const own = makeTempDir();
		try {
			const emulator = await startEmulator({ port: 0, stateDir: own });
			const { refresh_token: refreshToken } = await companyToken(emulator);
			await expect(Promise.all([...Array.from({ length: 12 }, () => emulator.saveState()), emulator.stop()])).resolves.toBeDefined();
			expect(listDir(own)).toEqual(expect.arrayContaining(['state.json']));
			expect(listDir(own)).not.toContain('state.json.tmp');
			const again = await startEmulator({ port: 0, stateDir: own });
			try {
				const refreshed = await tokenRequest(again.dataCenters.eu, {
					client_id: again.client.id,
					client_secret: again.client.secret,
					grant_type: 'refresh_token',
					refresh_token: refreshToken as string,
				});
				expect(refreshed.status).toBe(200);
			} finally {
				await again.stop();
			}
		} finally {
			removeDir(own);
		}
	});

	it('keeps uploads and refresh tokens across a restart', async () => {
		const first = await startEmulator({ port: 0, stateDir: dir });
		const t = await companyToken(first);
		const up = await upload(`${t.geolocation}${V1}/receipt`, t, 'image/png', PNG_1x1);
		const id = xmlValue(up.text, 'Id') as string;
		const ids = first.seeded.reports.map((r) => r.id);
		await first.stop();
		expect(listDir(dir)).toEqual(expect.arrayContaining(['state.json', 'blobs']));

		const second = await startEmulator({ port: 0, stateDir: dir });
		try {
			expect(second.seeded.reports.map((r) => r.id)).toEqual(ids);
			expect(second.seeded.receipts.map((r) => r.id)).toContain(id);
			// the token's geolocation is a data-center name, so new ports do not break it
			const refreshed = await tokenRequest(second.dataCenters.eu, {
				client_id: second.client.id,
				client_secret: second.client.secret,
				grant_type: 'refresh_token',
				refresh_token: t.refresh_token as string,
			});
			expect(refreshed.status).toBe(200);
			const access = refreshed.json().access_token;
			const res = await http(`${second.dataCenters.eu}${V1}/receipt/${id}`, { headers: { authorization: `Bearer ${access}` } });
			expect(res.status).toBe(200);
			const file = await http(xmlValue(res.text, 'Url') as string);
			expect(file.bytes.length).toBe(PNG_1x1.length);
			// a fresh request token is issued on a restart from a state dir
			expect((await companyToken(second)).token_type).toBe('Bearer');
			const list = await http(`${second.dataCenters.eu}${V3}`, { headers: { authorization: `Bearer ${access}` } });
			expect(list.status).toBe(200);
		} finally {
			await second.stop();
		}
	});
});
