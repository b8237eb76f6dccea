import { createHash } from 'crypto';

import { apiBaseUrl, isConcurHost, isTrustedGeolocation, normalizeBaseUrl } from './dataCenters';

/**
 * What a Concur credential's setup decides beyond its tokens: which setup the stored tokens came from, and where
 * calls go. Shared by the credentials (preAuthentication, authenticate) and the node's auth sessions, so an edit
 * to the credential takes effect at the next use, whoever uses it.
 */
export type CredentialFields = Record<string, unknown>;

const hash = (parts: unknown[]) =>
	createHash('sha256')
		.update(parts.map((part) => String(part ?? '')).join('\u0000'))
		.digest('hex')
		.slice(0, 32);

const secretOf = (credentials: CredentialFields) =>
	credentials.connectWith === 'refreshToken' ? credentials.refreshToken : credentials.requestToken;

/** The company setup the stored tokens belong to: app, company, its secret, data center and base URL. */
export function companySetupFingerprint(credentials: CredentialFields): string {
	const { clientId, connectWith, companyId, dataCenter, customBaseUrl } = credentials;
	return hash(['v2', clientId, connectWith, companyId, secretOf(credentials), dataCenter, customBaseUrl]);
}

/** Fingerprints stored before the data center and base URL were part of it. */
const legacyFingerprint = (credentials: CredentialFields) =>
	hash([credentials.clientId, credentials.connectWith, credentials.companyId, secretOf(credentials)]);

/** Whether the stored tokens were issued for the setup the credential has now. */
export function companySetupMatches(credentials: CredentialFields): boolean {
	const stored = credentials.setupFingerprint;
	return !!stored && (stored === companySetupFingerprint(credentials) || stored === legacyFingerprint(credentials));
}

/**
 * Whether calls follow the `geolocation` Concur names. With a data center, yes (that is how Concur routes a
 * company). With a custom base URL, only when it is a Concur host or the user turned on Follow Geolocation: a
 * proxy in front of Concur must keep every call, or the proxy is bypassed.
 */
export function followsGeolocation(credentials: CredentialFields): boolean {
	if (credentials.dataCenter !== 'custom') return true;
	return credentials.followGeolocation === true || isConcurHost(String(credentials.customBaseUrl ?? ''));
}

/** Where API calls (and refreshes) go: the stored geolocation when it is followed and trusted, else the setup. */
export function callBaseUrl(credentials: CredentialFields, geolocation = credentials.geolocation): string {
	const configured = apiBaseUrl(String(credentials.dataCenter ?? ''), String(credentials.customBaseUrl ?? ''));
	const located = typeof geolocation === 'string' ? geolocation : '';
	return located && followsGeolocation(credentials) && isTrustedGeolocation(located, configured)
		? normalizeBaseUrl(located)
		: configured;
}
