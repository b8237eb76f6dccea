import { isTrustedGeolocation, normalizeBaseUrl } from './dataCenters';

/**
 * Concur's OAuth2 v0 token endpoint: the company-level flow (a company request token exchanged once for a
 * refresh token) and refresh grants, with Concur's own error codes turned into messages a user can act on.
 * Pure apart from the injected `post`, so the credential decides how the request is sent.
 */

/** A token response as Concur documents it (`expires_in` is a string in the docs, a number in some guides). */
export interface ConcurTokenResponse {
	access_token: string;
	token_type?: string;
	expires_in?: string | number;
	refresh_token?: string;
	refresh_expires_in?: string | number;
	scope?: string;
	id_token?: string;
	geolocation?: string;
}

/**
 * A network error code in words. n8n replaces any error message that contains a raw code such as ECONNREFUSED
 * with a generic text ("The service refused the connection"), which would lose the host the message names.
 */
export function networkProblemInWords(code: string | undefined): string {
	const words: Record<string, string> = {
		ECONNREFUSED: 'the connection was refused',
		ECONNRESET: 'the connection was reset',
		ETIMEDOUT: 'the connection timed out',
		ECONNABORTED: 'the request timed out',
		ENOTFOUND: 'the host name is unknown',
		EAI_AGAIN: 'the host name could not be looked up',
		EHOSTUNREACH: 'the host is unreachable',
		ENETUNREACH: 'the network is unreachable',
		EPIPE: 'the connection was closed',
		CERT_HAS_EXPIRED: 'its TLS certificate has expired',
	};
	return (code && words[code]) ?? 'network error';
}

// Token failures that say nothing about the credential (network, 5xx, 429) carry the kinds 'unreachable' and
// 'unavailable': the node retries them instead of asking the user to reconnect.
const TOKEN_ENDPOINT_UNREACHABLE = "Could not reach Concur's token endpoint";
const TOKEN_ENDPOINT_UNAVAILABLE = "Concur's token endpoint is unavailable";

/** Sends the form without following redirects (a redirect must not carry the client secret elsewhere). */
export type FormPost = (
	url: string,
	form: Record<string, string>,
) => Promise<{ statusCode: number; body: unknown; headers?: Record<string, unknown> }>;

export type TokenFailureKind =
	| 'invalid_grant'
	| 'invalid_client'
	| 'wrong_data_center'
	| 'unreachable'
	| 'unavailable'
	| 'unexpected';

/**
 * A failed token request, with a message that says what to do and never contains a secret. The credential
 * throws it as is; the node's transport finds it behind n8n's wrapping and reads its `kind`.
 */
export class ConcurTokenError extends Error {
	constructor(
		message: string,
		readonly kind: TokenFailureKind,
		readonly concurCode?: number,
		readonly geolocation?: string,
	) {
		super(message);
		this.name = 'ConcurTokenError';
	}
}

const parseBody = (body: unknown): Record<string, unknown> => {
	if (typeof body === 'string') {
		try {
			return JSON.parse(body) as Record<string, unknown>;
		} catch {
			return { error_description: body.slice(0, 200) };
		}
	}
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) return body as Record<string, unknown>;
	if (Buffer.isBuffer(body)) return parseBody(body.toString('utf8'));
	return {};
};

export interface TokenRequestContext {
	/** What is being exchanged, for messages: 'company request token' or 'refresh token'. */
	grantLabel: string;
	/** The base URL the user configured; a returned geolocation is only followed when it is trusted. */
	configuredBaseUrl: string;
	/** Whether Concur's code 16 may send the request on to the data center it names (not through a proxy). */
	followGeolocation: boolean;
}

/** A URL's host without user info, path or query: safe to put in a message. */
const hostOf = (url: string) => {
	try {
		return new URL(url).host;
	} catch {
		return 'the configured address';
	}
};

const header = (headers: Record<string, unknown> | undefined, name: string) => {
	const found = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name);
	return found ? String(Array.isArray(found[1]) ? found[1][0] : found[1]) : undefined;
};

/**
 * POSTs a token grant to `<baseUrl>/oauth2/v0/token`. When Concur answers code 16 ("the user or company lives
 * elsewhere") with a trusted `geolocation`, the request is repeated there once, so a credential set up with
 * the wrong data center still connects.
 */
export async function requestConcurToken(
	post: FormPost,
	baseUrl: string,
	form: Record<string, string>,
	context: TokenRequestContext,
): Promise<ConcurTokenResponse> {
	let url = `${normalizeBaseUrl(baseUrl)}/oauth2/v0/token`;
	for (let attempt = 0; attempt < 2; attempt++) {
		const response = await post(url, form).catch((error: { code?: string }) => error);
		if (!('statusCode' in response)) {
			throw new ConcurTokenError(
				`${TOKEN_ENDPOINT_UNREACHABLE} at ${hostOf(url)}: ${networkProblemInWords(response.code)}. Check the data center or base URL of the credential, and that this n8n instance can reach it.`,
				'unreachable',
			);
		}
		if (response.statusCode >= 300 && response.statusCode < 400) {
			const location = header(response.headers, 'location');
			throw new ConcurTokenError(
				`Concur's token endpoint at ${hostOf(url)} answered with a redirect (HTTP ${response.statusCode}${location ? ` to ${hostOf(new URL(location, url).toString())}` : ''}). The credential is never sent on to another address: set the data center or base URL to the address that answers the token request itself.`,
				'unexpected',
			);
		}
		const body = parseBody(response.body);
		if (response.statusCode >= 200 && response.statusCode < 300) {
			if (typeof body.access_token === 'string') return body as unknown as ConcurTokenResponse;
			// A success that cannot be read may still hold tokens: never echo it.
			throw new ConcurTokenError(
				`Concur's token endpoint at ${hostOf(url)} answered HTTP ${response.statusCode} without an access token this node can read. Check that the data center or base URL points at Concur's API.`,
				'unexpected',
			);
		}
		const code = Number(body.code);
		const geolocation = typeof body.geolocation === 'string' ? body.geolocation : undefined;
		if (
			code === 16 &&
			geolocation &&
			attempt === 0 &&
			context.followGeolocation &&
			isTrustedGeolocation(geolocation, context.configuredBaseUrl)
		) {
			url = `${normalizeBaseUrl(geolocation)}/oauth2/v0/token`;
			continue;
		}
		if (response.statusCode === 429 || response.statusCode >= 500) {
			throw new ConcurTokenError(
				`${TOKEN_ENDPOINT_UNAVAILABLE} at ${new URL(url).host} (HTTP ${response.statusCode}). This says nothing about the credential; run the workflow again later.`,
				'unavailable',
			);
		}
		throw describeTokenFailure(response.statusCode, body, context);
	}
	throw new ConcurTokenError('Concur kept redirecting the token request between data centers.', 'unexpected');
}

function describeTokenFailure(
	statusCode: number,
	body: Record<string, unknown>,
	context: TokenRequestContext,
): ConcurTokenError {
	const code = Number.isFinite(Number(body.code)) ? Number(body.code) : undefined;
	const error = typeof body.error === 'string' ? body.error : undefined;
	const concurSays = [
		code !== undefined ? `code ${code}` : undefined,
		error,
		typeof body.error_description === 'string' ? body.error_description : undefined,
	]
		.filter(Boolean)
		.join(', ');
	const said = concurSays ? ` (Concur says: ${concurSays})` : ` (HTTP ${statusCode})`;
	const geolocation = typeof body.geolocation === 'string' ? body.geolocation : undefined;

	if (code === 16) {
		return new ConcurTokenError(
			`This company or user lives in another Concur data center${said}. Set the credential's data center to the one at ${geolocation ?? 'the address Concur names'}, then save it again.`,
			'wrong_data_center',
			code,
			geolocation,
		);
	}
	if (error === 'invalid_client' || [53, 59, 61, 62, 63, 64, 115].includes(code ?? -1)) {
		return new ConcurTokenError(
			`Concur rejected the app's client ID or client secret${said}. Copy both again from the app registration Concur gave you (they belong to one data center and environment), then save the credential.`,
			'invalid_client',
			code,
		);
	}
	if (code === 108 || (error === 'invalid_grant' && context.grantLabel === 'refresh token')) {
		return new ConcurTokenError(
			`Concur no longer accepts this credential's refresh token${said}: it was revoked, replaced, or unused for six months. Reconnect the credential: generate a new company request token in Concur (Administration > Company > Authentication Admin > Company Request Token), paste it with the company UUID, set "Connect Using" to "Company Request Token", and save.`,
			'invalid_grant',
			code,
		);
	}
	if (error === 'invalid_grant' || code === 5) {
		return new ConcurTokenError(
			`Concur refused the ${context.grantLabel}${said}. A company request token is valid for 24 hours and belongs to one company and app: generate a new one in Concur (Administration > Company > Authentication Admin > Company Request Token) and paste it together with its company UUID.`,
			'invalid_grant',
			code,
		);
	}
	return new ConcurTokenError(
		`Concur did not issue an access token for the ${context.grantLabel}${said}.`,
		'unexpected',
		code,
	);
}

/** Seconds → absolute expiry (ISO 8601); Concur sends `expires_in` as a string or a number. */
export function expiryFromNow(expiresIn: string | number | undefined, now = Date.now()): string {
	const seconds = Number(expiresIn);
	return new Date(now + (Number.isFinite(seconds) && seconds > 0 ? seconds : 3600) * 1000).toISOString();
}

/** `refresh_expires_in` is an epoch in seconds when present. */
export function refreshExpiry(refreshExpiresIn: string | number | undefined): string {
	const epochSeconds = Number(refreshExpiresIn);
	return Number.isFinite(epochSeconds) && epochSeconds > 0 ? new Date(epochSeconds * 1000).toISOString() : '';
}
