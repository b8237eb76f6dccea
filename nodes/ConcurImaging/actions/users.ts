import type { IdentityUser } from '../api/identity';
import { isUuid, parseIdentityUsers, userNameFilter } from '../api/identity';
import { IDENTITY_V4_USERS } from '../api/paths';
import { apiError, asNodeError, inputError } from '../errors';
import type { ConcurClient } from '../transport';
import type { ConcurItemContext } from './types';

// One lookup per login and execution: keyed by the execution's client, so items of one run share it and the
// next run asks Concur again (a user renamed or added in between is seen).
const LOOKUPS = new WeakMap<ConcurClient, Map<string, Promise<IdentityUser>>>();

/**
 * The Concur user a v4 API wants (its UUID, and the company UUID where Spend Documents needs it), from a login ID
 * such as an email sender's address, through Identity v4; a UUID is taken as it is unless the company is needed.
 */
export async function resolveUser(
	context: ConcurItemContext,
	value: string,
	label: string,
	needCompany = false,
): Promise<IdentityUser> {
	const { fn, client, itemIndex } = context;
	const login = value.trim();
	if (!login || login.length > 256 || [...login].some((char) => /\s/.test(char) || char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) {
		throw inputError(
			fn.getNode(),
			{
				message: `The ${label} ${login ? 'is not a login ID or user UUID' : 'is empty'}`,
				description: 'Enter the Concur login ID (often the email address) or the user UUID, or map it from an earlier node.',
				itemIndex,
			},
			{ code: 'INVALID_ID' },
		);
	}
	if (isUuid(login) && !needCompany) return { id: login };
	let lookups = LOOKUPS.get(client);
	if (!lookups) LOOKUPS.set(client, (lookups = new Map()));
	const key = login.toLowerCase();
	let lookup = lookups.get(key);
	if (!lookup) {
		lookup = lookUp(context, login);
		lookups.set(key, lookup);
		lookup.catch(() => lookups?.delete(key)); // only answers are kept; a failure is asked again
	}
	return await lookup;
}

async function lookUp(context: ConcurItemContext, login: string): Promise<IdentityUser> {
	const { fn, client, itemIndex } = context;
	const byId = isUuid(login);
	const call = { target: 'user', id: login, action: 'look up' };
	let users: IdentityUser[] = [];
	try {
		const response = await client.request(
			itemIndex,
			{
				method: 'GET',
				path: byId ? `${IDENTITY_V4_USERS}/${encodeURIComponent(login)}` : IDENTITY_V4_USERS,
				qs: byId ? undefined : { filter: userNameFilter(login) },
				accept: 'application/json',
				repeatable: true,
			},
			call,
		);
		users = parseIdentityUsers(response.body, response.contentType);
	} catch (error) {
		// Identity v4 lists 404 too; a filter without a match is 200 with no Resources (SCIM). Both: no such user.
		if ((error as { httpCode?: string }).httpCode !== '404') throw asNodeError(fn.getNode(), error, itemIndex);
	}
	const user = byId ? users.find((found) => found.id === login) : users.find((found) => found.userName?.toLowerCase() === login.toLowerCase()) ?? (users.length === 1 ? users[0] : undefined);
	if (!user) {
		throw apiError(
			fn.getNode(),
			{
				message: `No Concur user has the ${byId ? 'UUID' : 'login ID'} "${login}"`,
				description:
					'Identity v4 found nobody with it. Check the spelling (the login ID is often, not always, the email address), or that the user belongs to the company of the credential.',
				itemIndex,
			},
			{ code: 'USER_NOT_FOUND' },
		);
	}
	return user;
}
