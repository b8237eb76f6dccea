import { ConcurCompanyApi } from '../../credentials/ConcurCompanyApi.credentials';
import { chain, fixtureNode, runWorkflow, TRIGGER } from '../../support/engine';
import type { WorkflowRun } from '../../support/engine';
import { fileItem, PNG } from '../fixtures/files';
import { COMPANY_CREDENTIAL, companyCredential, concurNode } from '../../support/concur';
import { useEmulator } from '../support/use-emulator';

const emu = useEmulator({ refreshRotation: 'always' }, { reset: { clearTokens: true } });

/** Everything a user (or a log shipper) could see of a run: items, errors with their stacks and causes. */
function visible(run: WorkflowRun): string {
	const error = run.error as unknown as Record<string, unknown> | undefined;
	const seen = new WeakSet<object>();
	return [
		JSON.stringify(run.run, (_key, value: unknown) => {
			if (value && typeof value === 'object') {
				if (seen.has(value)) return undefined;
				seen.add(value);
			}
			return value;
		}),
		String(error?.message ?? ''),
		String(error?.description ?? ''),
		String(error?.stack ?? ''),
	].join('\n');
}

const workflow = (options: Record<string, unknown> = {}) =>
	chain(
		TRIGGER,
		fixtureNode([fileItem(PNG, 'a.png', 'image/png'), fileItem(PNG, 'b.png', 'image/png')]),
		concurNode('receipt', 'upload', { options }, { onError: 'continueErrorOutput' }),
	);

describe('secrets never reach outputs, errors or descriptions', () => {
	it('holds for a good run, a network failure, a revoked token and a wrong secret', async () => {
		const credentials = companyCredential(emu());
		const runs: WorkflowRun[] = [];

		runs.push(await runWorkflow(workflow(), { credentials }));
		const firstTokens = credentials.data(COMPANY_CREDENTIAL.id!);

		emu().setFaults([{ path: '/api/*', kind: 'reset' }]);
		runs.push(await runWorkflow(workflow({ maxRetries: 0 }), { credentials }));
		emu().setFaults([]);

		emu().expireAccessTokens();
		runs.push(await runWorkflow(workflow(), { credentials }));
		const rotatedTokens = credentials.data(COMPANY_CREDENTIAL.id!);

		emu().revokeRefreshTokens();
		emu().expireAccessTokens();
		emu().advanceTime(25 * 3600);
		runs.push(await runWorkflow(workflow(), { credentials }));

		const canary = 'CANARY-client-secret-7f3c9a';
		runs.push(await runWorkflow(workflow(), { credentials: companyCredential(emu(), { clientSecret: canary }) }));

		expect(runs.map((run) => [run.json('Concur', 0).length, run.json('Concur', 1).length])).toEqual([
			[2, 0],
			[0, 2],
			[2, 0],
			[0, 2],
			[0, 2],
		]);
		const secrets = [
			emu().client.secret,
			emu().company.requestToken,
			canary,
			firstTokens.accessToken,
			firstTokens.currentRefreshToken,
			rotatedTokens.accessToken,
			rotatedTokens.currentRefreshToken,
		].map(String);
		expect(secrets.every((secret) => secret.length >= 8)).toBe(true);
		for (const run of runs) {
			const text = visible(run);
			for (const secret of secrets) expect(text.includes(secret)).toBe(false);
		}
		// and the emu(), which logs every request, saw them only masked
		const log = JSON.stringify(emu().requestLog());
		for (const secret of secrets) expect(log.includes(secret)).toBe(false);
	});
});

describe('the company credential form', () => {
	// n8n's credential-password-field lint rule checks only fields written literally; the secrets come from a helper.
	it('masks every secret the user types (client secret, request token, refresh token)', () => {
		const typed = (new ConcurCompanyApi().properties as Array<{ name: string; type: string; typeOptions?: { password?: boolean } }>).filter(
			(p) => p.type !== 'hidden' && /secret|token/i.test(p.name),
		);
		expect(typed.map((p) => p.name).sort()).toEqual(['clientSecret', 'refreshToken', 'requestToken']);
		for (const p of typed) expect([p.name, p.typeOptions?.password]).toEqual([p.name, true]);
	});
});
