import { parseBody, UnreadableResponseError } from './responses';

/**
 * Identity v4 (SCIM 2.0) as the node uses it: v4 APIs name users by UUID, people and v3 APIs by login ID
 * (`userName`). `GET /profile/identity/v4/Users?filter=userName eq "…"` maps one to the other; the company UUID
 * is in the enterprise extension. Pure: no n8n, no HTTP.
 */

export const ENTERPRISE_EXTENSION = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** A Concur user UUID (Identity v4 `id`, the `sub` of an id_token). */
export const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** The SCIM filter for a login, its quotes and backslashes escaped (a value cannot end the string early). */
export function userNameFilter(login: string): string {
	return `userName eq "${login.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export interface IdentityUser {
	id: string;
	userName?: string;
	companyId?: string;
}

function readUser(value: unknown): IdentityUser | undefined {
	if (!value || typeof value !== 'object') return undefined;
	const user = value as Record<string, unknown>;
	if (typeof user.id !== 'string' || !user.id) return undefined;
	const enterprise = user[ENTERPRISE_EXTENSION] as Record<string, unknown> | undefined;
	return {
		id: user.id,
		...(typeof user.userName === 'string' ? { userName: user.userName } : {}),
		...(enterprise && typeof enterprise.companyId === 'string' ? { companyId: enterprise.companyId } : {}),
	};
}

/** The users of a ListResponse (`Resources`), or of a single User resource. */
export function parseIdentityUsers(body: Buffer | string | undefined, contentType?: string): IdentityUser[] {
	const parsed = parseBody(body, contentType);
	if (parsed.kind !== 'json' || !parsed.value || typeof parsed.value !== 'object') {
		throw new UnreadableResponseError('Concur answered the user lookup (Identity v4) with something that is not SCIM JSON.');
	}
	const value = parsed.value as Record<string, unknown>;
	if (Array.isArray(value.Resources)) return value.Resources.map(readUser).filter((user): user is IdentityUser => !!user);
	const single = readUser(value);
	return single ? [single] : [];
}
