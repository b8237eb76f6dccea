// Several executions share one company credential. Concur rotates the refresh token on every refresh and refuses
// the replaced one, so executions that start together after the access token expired race for the refresh: one
// wins, the others must pick up its rotation from the stored credential, not tell the user to reconnect.
import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import type { CredentialStore } from '../../support/engine';
import { fileItem, PNG } from '../fixtures/files';
import { COMPANY_CREDENTIAL, companyCredential, concurNode } from '../../support/concur';
import { useEmulator } from '../support/use-emulator';

const emu = useEmulator({ refreshRotation: 'always' }, { reset: { clearTokens: true } });

const uploadOne = (name: string) =>
	chain(TRIGGER, fixtureNode([fileItem(PNG, `${name}.png`, 'image/png')]), concurNode('receipt', 'upload'));

/** Whether Concur still takes the refresh token n8n stored (it refuses every one but the newest). */
async function storedRefreshTokenIsNewest(credentials: CredentialStore): Promise<boolean> {
	const stored = credentials.data(COMPANY_CREDENTIAL.id!);
	const response = await fetch(`${stored.geolocation as string}/oauth2/v0/token`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'refresh_token',
			refresh_token: String(stored.currentRefreshToken),
			client_id: emu().client.id,
			client_secret: emu().client.secret,
		}).toString(),
	});
	return response.status === 200;
}

describe('company credential under concurrent executions', () => {
	it.each([4, 16])(
		'%i executions started at once after the access token expired all succeed, twice',
		async (executions) => {
			const credentials = companyCredential(emu());
			expect((await runWorkflow(uploadOne('first'), { credentials })).status).toBe('success');
			for (const round of [1, 2]) {
				// The access token has expired, and the request token is past its 24 hours: no second exchange.
				emu().advanceTime(25 * 3600);
				emu().expireAccessTokens();
				const runs = await Promise.all(
					Array.from({ length: executions }, (_, i) => runWorkflow(uploadOne(`r${round}-${i}`), { credentials })),
				);
				const failures = runs.filter((run) => run.status !== 'success').map((run) => run.error?.message);
				expect({ round, failures }).toEqual({ round, failures: [] });
				for (const run of runs) expect(JSON.stringify(run.json('Concur'))).not.toMatch(/reconnect/i);
			}
			expect((await emu().state()).receipts.length).toBeGreaterThanOrEqual(1 + 2 * executions);
			expect(await storedRefreshTokenIsNewest(credentials)).toBe(true);
		},
	);

	// Concur documents no grace period for a replaced refresh token, and its pages disagree on whether a request
	// token can be exchanged again. Under every reading the emulator can play, the race ends the same way.
	it.each([
		['a grace period for the replaced refresh token', { rotatedRefreshGraceSeconds: 60 }, 25 * 3600],
		['a request token that allows one exchange, still within its 24 hours', { requestTokenUses: 1 }, 3600],
		['a request token that allows five exchanges', { requestTokenUses: 5 }, 3600],
		['a request token that allows any number of exchanges', { requestTokenUses: 'unlimited' }, 3600],
	])('8 executions at once all succeed with %s', async (_reading, config, advanceSeconds) => {
		emu().configure(config);
		const credentials = companyCredential(emu());
		expect((await runWorkflow(uploadOne('first'), { credentials })).status).toBe('success');
		emu().advanceTime(advanceSeconds);
		emu().expireAccessTokens();
		const runs = await Promise.all(
			Array.from({ length: 8 }, (_, i) => runWorkflow(uploadOne(`x${i}`), { credentials })),
		);
		expect(runs.filter((run) => run.status !== 'success').map((run) => run.error?.message)).toEqual([]);
		expect(await storedRefreshTokenIsNewest(credentials)).toBe(true);
	});
});
