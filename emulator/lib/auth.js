// @ts-check
'use strict';

/**
 * Authentication of v1/v3 API calls. Both `Authorization: Bearer <token>` and the legacy `OAuth <token>` are
 * accepted (every Image v1 / Receipt Images v3 doc example shows OAuth; current clients send Bearer).
 * Auth failures use the v1 `Error` envelope on every API path (the gateway in front of both API families).
 *
 * @typedef {{principal: import('./tokens').Principal, actor: import('./state').User, isCompany: boolean,
 *            isAdmin: boolean}} Auth
 */

/**
 * @param {import('./http').Ctx} ctx
 * @returns {Auth | null}  null = an error response was sent
 */
function authenticate(ctx) {
	const emu = ctx.emu;
	/**
	 * @param {number} status
	 * @param {string} message
	 * @param {string} [wwwError]
	 */
	const fail = (status, message, wwwError) => {
		/** @type {Record<string, string>} */
		const extra = {};
		if (status === 401) {
			extra['WWW-Authenticate'] = wwwError
				? `Bearer realm="concur", error="${wwwError}", error_description="${message.replace(/"/g, "'")}"`
				: 'Bearer realm="concur"';
		}
		ctx.v1Error(status, message, extra);
		return null;
	};
	const header = String(ctx.req.headers.authorization || '').trim();
	if (!header) {
		return fail(401, 'Authorization header is missing. Send "Authorization: Bearer <access token>" (or the legacy "OAuth <access token>").');
	}
	const m = /^(Bearer|OAuth)\s+(\S+)$/i.exec(header);
	if (!m) return fail(401, 'Authorization header is malformed. Use "Bearer <access token>" or "OAuth <access token>".');
	const check = emu.tokens.checkAccess(m[2]);
	const status = emu.options.expiredTokenStatus;
	if (check.status === 'unknown') {
		return fail(status, 'Invalid access token: the token is not recognised or was revoked.', 'invalid_token');
	}
	if (check.status === 'expired') {
		return fail(
			status,
			'The access token has expired. Get a new access token with the refresh token (POST /oauth2/v0/token, grant_type=refresh_token at the token\'s geolocation) and retry.',
			'invalid_token',
		);
	}
	const rec = check.rec;
	if (rec.geo !== ctx.dc) {
		const home = emu.urls[rec.geo];
		return fail(
			403,
			`Forbidden: this access token belongs to another data center. Call the token's geolocation ${home} instead of ${ctx.baseUrl}.`,
		);
	}
	if (rec.principal.type === 'app') {
		return fail(403, 'Forbidden: an application token (client_credentials grant) cannot access user or company images; use a user or company token.');
	}
	const state = emu.state;
	const isCompany = rec.principal.type === 'company';
	const actor = isCompany ? state.users.get(state.company.adminUserId) : state.users.get(rec.principal.userId);
	if (!actor) return fail(403, 'Forbidden: the user of this token no longer exists.');
	return { principal: rec.principal, actor, isCompany, isAdmin: isCompany || actor.isAdmin };
}

module.exports = { authenticate };
