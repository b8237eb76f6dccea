import type { INodeCredentialsDetails } from 'n8n-workflow';

import { startEmulator } from '../emulator';
import type { WorkflowJson } from './engine';
import { CredentialStore } from './engine';

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;
export type EmulatorOptions = Parameters<typeof startEmulator>[0];
export { startEmulator };

export const COMPANY_CREDENTIAL = { id: 'concur-company', name: 'Concur (emulator)' } satisfies INodeCredentialsDetails;
export const USER_CREDENTIAL = { id: 'concur-user', name: 'Concur user (emulator)' } satisfies INodeCredentialsDetails;

/** A company credential as a user fills it in for the emulator: custom base URL, app, request token. */
export function companyCredential(emulator: Emulator, extra: Record<string, unknown> = {}): CredentialStore {
	return new CredentialStore().add({
		...COMPANY_CREDENTIAL,
		type: 'concurCompanyApi',
		data: {
			dataCenter: 'custom',
			customBaseUrl: emulator.baseUrl,
			// The emulator plays Concur's data centers (it is no proxy): calls follow the token's geolocation.
			followGeolocation: true,
			clientId: emulator.client.id,
			clientSecret: emulator.client.secret,
			connectWith: 'requestToken',
			companyId: emulator.company.id,
			requestToken: emulator.company.requestToken,
			...extra,
		},
	});
}

type NodeJson = WorkflowJson['nodes'][number];

/** The Concur Imaging node as a workflow holds it. */
export function concurNode(
	resource: string,
	operation: string,
	parameters: Record<string, unknown> = {},
	settings: Partial<NodeJson> = {},
): NodeJson {
	const authentication = (parameters.authentication as string) ?? 'companyApi';
	return {
		name: 'Concur',
		type: 'n8n-nodes-concur-imaging.concurImaging',
		parameters: { resource, operation, ...parameters },
		credentials:
			resource === 'file'
				? undefined
				: authentication === 'userOAuth2'
					? { concurOAuth2Api: USER_CREDENTIAL }
					: { concurCompanyApi: COMPANY_CREDENTIAL },
		...settings,
	};
}

/** API requests the emulator received (its log), without the token endpoint unless asked. */
export function apiRequests(emulator: Emulator, includeTokens = false) {
	return emulator
		.requestLog()
		.filter((entry: { path: string }) => includeTokens || !entry.path.startsWith('/oauth2/'));
}
