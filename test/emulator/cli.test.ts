// `npm run emulator` (node emulator/cli.js): prints the base URL and how to point a credential at it only once
// it listens, honours flags and env, serves, and stops cleanly on SIGTERM / SIGINT. No speed assertion: on a
// loaded 2-core machine start-up time says nothing about the emulator (the README gives typical timings).
import { http, tokenRequest, V3 } from './helpers';
import { runCli } from '../../support/emulator-cli';
import { makeTempDir, removeDir, writeJson } from '../support/emulator-tmpdir';

describe('emulator CLI', () => {
	it('prints the credential instructions once it listens (the printed URL answers at once), and stops on SIGTERM', async () => {
		const cli = await runCli(['--port', '0']);
		try {
			const out = cli.stdout();
			const base = /Custom base URL to enter in the credential: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] as string;
			expect(base).toBeTruthy();
			for (const label of ['Client ID:', 'Client Secret:', 'Company UUID:', 'Company request token:', 'Second data center "eu"', 'Image host', 'Admin API']) {
				expect(out).toContain(label);
			}
			const info = (await http(`${base}/_emulator/info`)).json();
			expect(out).toContain(info.client.secret);
			expect(out).toContain(info.company.requestToken);
			const tok = await tokenRequest(base, {
				client_id: info.client.id,
				client_secret: info.client.secret,
				grant_type: 'password',
				credtype: 'authtoken',
				username: info.company.id,
				password: info.company.requestToken,
			});
			expect(tok.status).toBe(200);
			expect(tok.json().geolocation).toBe(info.dataCenters.eu);
		} finally {
			const exit = await cli.stop('SIGTERM');
			expect(exit.code).toBe(0);
			expect(exit.stdout).toContain('stopped (SIGTERM)');
		}
	});

	it('takes flags and env (CONCUR_EMULATOR_*), prints JSON with --json, stops on SIGINT', async () => {
		const cli = await runCli(['--json', '--port', '0', '--expired-status', '403', '--rotation', 'never'], {
			env: { CONCUR_EMULATOR_TOKEN_LIFETIME: '120', CONCUR_EMULATOR_EXPIRES_IN: 'number' },
		});
		try {
			const info = JSON.parse(cli.stdout().trim().split('\n')[0]);
			expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			const config = (await http(`${info.adminUrl}/config`)).json();
			expect(config).toMatchObject({ expiredTokenStatus: 403, refreshRotation: 'never', tokenLifetimeSeconds: 120, expiresInType: 'number' });
			const res = await http(`${info.dataCenters.eu}${V3}`, { headers: { authorization: 'Bearer nope' } });
			expect(res.status).toBe(403);
		} finally {
			const exit = await cli.stop('SIGINT');
			expect(exit.code).toBe(0);
		}
	});

	it('loads a fault profile with --faults <file.json>', async () => {
		const dir = makeTempDir();
		const file = writeJson(dir, 'faults.json', { faults: [{ method: 'GET', path: '/api/v3.0/*', kind: '429', retryAfter: 3, times: 1 }] });
		const cli = await runCli(['--json', '--port', '0', '--faults', file]);
		try {
			const info = JSON.parse(cli.stdout().trim().split('\n')[0]);
			const res = await http(`${info.dataCenters.eu}${V3}`);
			expect(res.status).toBe(429);
			expect(res.headers['retry-after']).toBe('3');
			expect((await http(`${info.dataCenters.eu}${V3}`)).status).toBe(401);
		} finally {
			await cli.stop();
			removeDir(dir);
		}
	});

	it('refuses a non-loopback host and unknown flags', async () => {
		await expect(runCli(['--host', '0.0.0.0', '--port', '0'])).rejects.toMatchObject({ code: 1 });
		await expect(runCli(['--bogus'])).rejects.toMatchObject({ code: 2 });
	});
});
