// @ts-check
'use strict';

const { authenticateV4 } = require('./v4-common');

const PREFIX = '/profile/identity/v4/users';
const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/**
 * Identity v4 (SCIM), the part the node uses: find a user by login.
 *   GET /profile/identity/v4/Users?filter=userName eq "alex@example.com"   200 ListResponse{totalResults, Resources}
 *   GET /profile/identity/v4/Users/{id}                                     200 User, 404
 * Supported filter attributes (the page): userName, employeeNumber, externalId; only `eq`. A filter without a
 * match answers 200 with totalResults 0 (SCIM, RFC 7644 §3.4.2) or 404 (option identityNoMatch).
 * Scope: identity.user.ids.read or identity.user.core.read (the scope-mapping page lists both for `id`).
 */

/** @param {string} path */
const matches = (path) => path === PREFIX || path.startsWith(`${PREFIX}/`);

/**
 * @param {import('./http').Ctx} ctx
 * @param {import('./state').User} user
 */
function userResource(ctx, user) {
	const [givenName, ...rest] = user.name.split(' ');
	return {
		schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
		id: user.id,
		userName: user.loginId,
		displayName: user.name,
		name: { givenName, familyName: rest.join(' ') || null, formatted: user.name },
		active: true,
		emails: [{ value: user.loginId, type: 'work', verified: false, notifications: true }],
		[ENTERPRISE]: { companyId: ctx.emu.state.company.id },
		meta: { resourceType: 'User', location: `${ctx.baseUrl}/profile/identity/v4/Users/${user.id}` },
	};
}

/** @param {import('./http').Ctx} ctx */
async function handle(ctx) {
	/** @param {number} status @param {string} detail @param {string} [scimType] */
	const fail = (status, detail, scimType) =>
		ctx.sendJson(status, { schemas: [SCIM_ERROR], status: String(status), detail, ...(scimType ? { scimType } : {}) });
	if (ctx.method !== 'GET') return fail(405, `Method ${ctx.method} is not supported here by the emulator.`);
	const auth = authenticateV4(ctx, [['identity.user.ids.read', 'identity.user.core.read']], fail);
	if (!auth) return;
	const state = ctx.emu.state;
	const rest = ctx.url.pathname.slice(PREFIX.length).replace(/\/+$/, '');
	if (rest) {
		const user = state.users.get(decodeURIComponent(rest.slice(1)));
		return user ? ctx.sendJson(200, userResource(ctx, user)) : fail(404, 'User not found.');
	}
	const filter = ctx.url.searchParams.get('filter');
	let users = [...state.users.values()];
	if (filter !== null) {
		const m = /^\s*(\w+)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(filter);
		if (!m) return fail(400, `The filter "${filter}" is not supported: use attribute eq "value".`, 'invalidFilter');
		const attribute = m[1].toLowerCase();
		const value = m[2].replace(/\\(.)/g, '$1').toLowerCase();
		if (!['username', 'employeenumber', 'externalid'].includes(attribute)) {
			return fail(400, `Filtering on "${m[1]}" is not supported (userName, employeeNumber, externalId).`, 'invalidFilter');
		}
		// userName is not case-exact in SCIM; the emulator keeps no employee numbers or external ids.
		users = attribute === 'username' ? users.filter((u) => u.loginId.toLowerCase() === value) : [];
		if (!users.length && ctx.emu.options.identityNoMatch === '404') return fail(404, 'No user matches the filter.');
	}
	const startIndex = Math.max(1, Number(ctx.url.searchParams.get('startIndex')) || 1);
	const count = Math.min(100, Math.max(0, Number(ctx.url.searchParams.get('count') ?? 10) || 10));
	const page = users.slice(startIndex - 1, startIndex - 1 + count);
	return ctx.sendJson(200, {
		schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
		totalResults: users.length,
		startIndex,
		itemsPerPage: page.length,
		Resources: page.map((u) => userResource(ctx, u)),
	});
}

module.exports = { handle, matches, PREFIX };
