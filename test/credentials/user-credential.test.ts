import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import { fileItem, PNG } from '../fixtures/files';
import { apiRequests, concurNode, USER_CREDENTIAL } from '../../support/concur';
import { userCredential as connectedUser } from '../support/user-credential';
import { useEmulator } from '../support/use-emulator';

const emu = useEmulator({ refreshRotation: 'always' }, { reset: { clearTokens: true } });
const userCredential = async (loginId: string) => await connectedUser(emu(), loginId);

const upload = () =>
	chain(
		TRIGGER,
		fixtureNode([fileItem(PNG, 'a.png', 'image/png'), fileItem(PNG, 'b.png', 'image/png')]),
		concurNode('receipt', 'upload', { authentication: 'userOAuth2' }),
	);

describe('user credential (OAuth2 authorization code)', () => {
	it("sends the calls to the user's geolocation", async () => {
		const home = emu().users.find((u: { loginId: string }) => u.loginId === 'casey.travel@example.com')!;
		const credentials = await userCredential(home.loginId);
		const run = await runWorkflow(upload(), { credentials });
		expect(run.status).toBe('success');
		expect(apiRequests(emu()).map((entry: { dc: string }) => entry.dc)).toEqual([home.homeDataCenter, home.homeDataCenter]);

		const elsewhere = await userCredential('alex.ops@example.com');
		emu().clearRequestLog();
		const second = await runWorkflow(upload(), { credentials: elsewhere });
		expect(second.status).toBe('success');
		expect(apiRequests(emu()).map((entry: { dc: string }) => entry.dc)).toEqual(['eu', 'eu']);
	});

	it('refreshes an expired token at its geolocation and saves the rotated refresh token', async () => {
		const credentials = await userCredential('alex.ops@example.com');
		const before = credentials.data(USER_CREDENTIAL.id!).oauthTokenData as Record<string, string>;
		emu().expireAccessTokens();
		emu().clearRequestLog();
		const run = await runWorkflow(upload(), { credentials });
		expect(run.status).toBe('success');
		const after = credentials.data(USER_CREDENTIAL.id!).oauthTokenData as Record<string, string>;
		expect(after.access_token).not.toBe(before.access_token);
		expect(after.refresh_token).not.toBe(before.refresh_token);
		const refreshes = emu().requestLog().filter((entry: { path: string }) => entry.path === '/oauth2/v0/token');
		expect(refreshes.map((entry: { dc: string; status: number }) => [entry.dc, entry.status])).toEqual([['eu', 200]]);
	});
});

describe.each([401, 403] as const)('user credential: a token that expires mid-batch, answered with %s', (expiredTokenStatus) => {
	it('is refreshed once at its geolocation and every item completes', async () => {
		emu().configure({ expiredTokenStatus });
		try {
			const credentials = await userCredential('alex.ops@example.com');
			emu().clearRequestLog();
			emu().setFaults([{ method: 'POST', path: '/api/v3.0/expense/receiptimages', kind: 'expire-tokens', nth: [3] }]);
			const files = Array.from({ length: 8 }, (_, i) => fileItem(PNG, `r${i}.png`, 'image/png'));
			const run = await runWorkflow(
				chain(TRIGGER, fixtureNode(files), concurNode('receipt', 'upload', { authentication: 'userOAuth2', options: { concurrency: 3 } })),
				{ credentials },
			);
			expect(run.status).toBe('success');
			expect(run.json('Concur')).toHaveLength(8);
			const refreshes = emu().requestLog().filter((entry: { path: string }) => entry.path === '/oauth2/v0/token');
			expect(refreshes.map((entry: { dc: string; status: number }) => [entry.dc, entry.status])).toEqual([['eu', 200]]);
			expect(apiRequests(emu()).filter((entry: { status: number }) => entry.status === 200)).toHaveLength(8);
		} finally {
			emu().setFaults([]);
			emu().configure({ expiredTokenStatus: 401 });
		}
	});
});
