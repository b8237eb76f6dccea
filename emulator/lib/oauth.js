// @ts-check
'use strict';

/**
 * OAuth2 v0: POST /oauth2/v0/token and GET /oauth2/v0/authorize, with the documented error codes.
 * Where the docs do not say which host a grant must use, the emulator follows the current docs (D2):
 * credtype=authtoken, client_credentials and authorization_code work at any data center ("GLZ"-like);
 * credtype=password and refresh_token must be called at the user's/token's geolocation (else code 16).
 */

const FORM = 'application/x-www-form-urlencoded';
const SECRET_FIELDS = ['client_secret', 'password', 'refresh_token', 'code'];

/**
 * @param {import('./http').Ctx} ctx
 * @returns {{id?: string, secret?: string}}
 */
function basicCredentials(ctx) {
	const h = String(ctx.req.headers.authorization || '');
	const m = /^Basic\s+(\S+)$/i.exec(h);
	if (!m) return {};
	const decoded = Buffer.from(m[1], 'base64').toString('utf8');
	const i = decoded.indexOf(':');
	if (i < 0) return { id: decodeURIComponent(decoded) };
	return { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
}

/**
 * @param {any} emu
 * @param {string | null} requested
 * @returns {string | null} granted scope string, or null when a requested scope is unknown
 */
function grantScope(emu, requested) {
	const all = emu.state.client.scopes;
	if (!requested || !requested.trim()) return all.join(' ');
	const want = requested.trim().split(/[\s+]+/);
	if (!want.every((/** @type {string} */ s) => all.includes(s))) return null;
	return want.join(' ');
}

/** @param {import('./http').Ctx} ctx */
async function token(ctx) {
	const emu = ctx.emu;
	ctx.format = 'json';
	if (ctx.method !== 'POST') {
		return ctx.oauthError(405, 135, 'invalid_request', 'The token endpoint only accepts POST with a form-encoded body.');
	}
	const leaked = SECRET_FIELDS.filter((f) => ctx.url.searchParams.has(f));
	if (leaked.length) {
		return ctx.oauthError(
			400,
			135,
			'invalid_request',
			`Secrets must not be sent in the query string (found: ${leaked.join(', ')}). Send them form-encoded in the request body.`,
		);
	}
	const ctRaw = String(ctx.req.headers['content-type'] || '');
	const ct = ctRaw.split(';')[0].trim().toLowerCase();
	if (ct !== FORM) {
		return ctx.oauthError(
			400,
			135,
			'invalid_request',
			`Unsupported request format: Content-Type must be ${FORM}${ct ? `, not ${ct}` : ''}.`,
		);
	}
	if (emu.options.formCharset === 'reject' && /charset/i.test(ctRaw)) {
		return ctx.oauthError(400, 135, 'invalid_request', `Unsupported request format: remove the charset parameter from Content-Type (send exactly ${FORM}).`);
	}
	const raw = await ctx.readSmallBody(64 * 1024);
	if (raw === null) return ctx.oauthError(400, 135, 'invalid_request', 'Request body too large.');
	const form = new URLSearchParams(raw.toString('utf8'));
	ctx.log.form = maskForm(form);

	const basic = basicCredentials(ctx);
	const clientId = form.get('client_id') || basic.id;
	const clientSecret = form.get('client_secret') || basic.secret;
	const client = emu.state.client;
	if (!clientId) return ctx.oauthError(400, 62, 'invalid_request', 'client_id not supplied.');
	if (clientId !== client.id) return ctx.oauthError(401, 61, 'invalid_client', 'Client not found.');
	if (!clientSecret) return ctx.oauthError(400, 63, 'invalid_request', 'client_secret not supplied.');
	if (clientSecret !== client.secret) return ctx.oauthError(401, 64, 'invalid_client', 'Incorrect client credentials.');

	const grant = form.get('grant_type');
	if (!grant) return ctx.oauthError(400, 65, 'invalid_request', 'grant_type not supplied.');
	const dc = /** @type {'us'|'eu'} */ (ctx.dc);
	const tokens = emu.tokens;

	if (grant === 'password') {
		const username = form.get('username');
		const password = form.get('password');
		const credtype = form.get('credtype') || form.get('cred_type') || 'password';
		if (!username) return ctx.oauthError(400, 51, 'invalid_request', 'username not supplied.');
		if (!password) return ctx.oauthError(400, 52, 'invalid_request', 'password not supplied.');
		if (credtype !== 'password' && credtype !== 'authtoken') {
			return ctx.oauthError(400, 120, 'invalid_request', `credtype "${credtype}" is invalid (use password or authtoken).`);
		}
		const scope = grantScope(emu, form.get('scope'));
		if (scope === null) return ctx.oauthError(400, 54, 'invalid_scope', 'The requested scope is invalid or not granted to this client.');
		if (credtype === 'authtoken') {
			const company = emu.state.company;
			const verdict =
				username.toLowerCase() === company.id.toLowerCase() ? tokens.checkRequestToken(company.id, password) : 'unknown';
			if (verdict === 'expired') {
				return ctx.oauthError(
					400,
					5,
					'invalid_grant',
					'Incorrect Credentials. The company request token has expired: request tokens are valid for 24 hours. Generate a new company request token and try again.',
				);
			}
			if (verdict === 'used') {
				return ctx.oauthError(
					400,
					5,
					'invalid_grant',
					`Incorrect Credentials. The company request token was already used (it allows ${emu.options.requestTokenUses} exchange${emu.options.requestTokenUses === 1 ? '' : 's'}). Generate a new company request token and try again.`,
				);
			}
			if (verdict !== 'ok') return ctx.oauthError(400, 5, 'invalid_grant', 'Incorrect Credentials. Please Retry');
			return ctx.sendJson(
				200,
				tokens.issue({
					principal: { type: 'company', companyId: company.id },
					clientId,
					geo: company.homeDataCenter,
					scope,
					withRefresh: true,
					idToken: emu.options.companyIdToken,
				}),
				{ 'Cache-Control': 'no-store' },
			);
		}
		const user = emu.state.findUserByLogin(username);
		if (!user || user.password !== password) {
			return ctx.oauthError(400, 5, 'invalid_grant', 'Incorrect Credentials. Please Retry');
		}
		if (user.homeDataCenter !== dc) {
			return ctx.oauthError(400, 16, 'invalid_request', 'User lives elsewhere: retry at the geolocation returned.', {
				geolocation: emu.geolocationFor(user.homeDataCenter),
			});
		}
		return ctx.sendJson(
			200,
			tokens.issue({
				principal: { type: 'user', userId: user.id, companyId: emu.state.company.id },
				clientId,
				geo: user.homeDataCenter,
				scope,
				withRefresh: true,
				idToken: true,
			}),
			{ 'Cache-Control': 'no-store' },
		);
	}

	if (grant === 'refresh_token') {
		const refresh = form.get('refresh_token');
		if (!refresh) return ctx.oauthError(400, 106, 'invalid_request', 'refresh_token not supplied.');
		const rec = tokens.findRefresh(refresh);
		const now = emu.clock.now();
		if (!rec || rec.clientId !== clientId) return ctx.oauthError(400, 108, 'invalid_grant', 'Invalid refresh token.');
		const graceMs = emu.options.rotatedRefreshGraceSeconds * 1000;
		const inGrace = rec.rotatedOut && graceMs > 0 && rec.rotatedAt !== undefined && now < rec.rotatedAt + graceMs;
		if (rec.rotatedOut && !inGrace) {
			return ctx.oauthError(
				400,
				108,
				'invalid_grant',
				'Invalid refresh token: it was replaced by a newer refresh token (refresh tokens rotate; always store the refresh_token of the latest response).',
			);
		}
		if (rec.revoked) return ctx.oauthError(400, 108, 'invalid_grant', 'Invalid refresh token: it was revoked.');
		if (now >= rec.expiresAt) return ctx.oauthError(400, 108, 'invalid_grant', 'Invalid refresh token: it has expired.');
		if (rec.geo !== dc) {
			return ctx.oauthError(400, 16, 'invalid_request', 'This token lives elsewhere: refresh it at its geolocation.', {
				geolocation: emu.geolocationFor(rec.geo),
			});
		}
		return ctx.sendJson(200, tokens.refresh(refresh, rec), { 'Cache-Control': 'no-store' });
	}

	if (grant === 'client_credentials') {
		const scope = grantScope(emu, form.get('scope'));
		if (scope === null) return ctx.oauthError(400, 54, 'invalid_scope', 'The requested scope is invalid or not granted to this client.');
		return ctx.sendJson(
			200,
			tokens.issue({
				principal: { type: 'app', companyId: emu.state.company.id },
				clientId,
				geo: dc,
				scope,
				withRefresh: false,
				idToken: false,
			}),
			{ 'Cache-Control': 'no-store' },
		);
	}

	if (grant === 'authorization_code') {
		const code = form.get('code');
		const redirectUri = form.get('redirect_uri');
		if (!code) return ctx.oauthError(400, 101, 'invalid_request', 'code not supplied.');
		if (!redirectUri) return ctx.oauthError(400, 102, 'invalid_request', 'redirect_uri not supplied.');
		const rec = tokens.findCode(code);
		if (!rec || rec.used || emu.clock.now() >= rec.expiresAt) {
			return ctx.oauthError(400, 103, 'invalid_grant', 'The authorization code is invalid, expired or was already used.');
		}
		if (rec.clientId !== clientId) return ctx.oauthError(400, 105, 'invalid_grant', 'The authorization code was issued to another client.');
		if (rec.redirectUri !== redirectUri) {
			return ctx.oauthError(400, 104, 'invalid_grant', 'redirect_uri does not match the one used to obtain the authorization code.');
		}
		rec.used = true;
		const user = emu.state.users.get(rec.userId);
		return ctx.sendJson(
			200,
			tokens.issue({
				principal: { type: 'user', userId: user.id, companyId: emu.state.company.id },
				clientId,
				geo: user.homeDataCenter,
				scope: rec.scope,
				withRefresh: true,
				idToken: true,
			}),
			{ 'Cache-Control': 'no-store' },
		);
	}

	return ctx.oauthError(400, 65, 'invalid_request', `grant_type "${grant}" is not supported.`);
}

/**
 * GET /oauth2/v0/authorize: approves at once (no login page) as the first seeded user, or as the user named
 * by `login_hint` / `user`, and redirects to `redirect_uri?code=…&geolocation=…&state=…`.
 * @param {import('./http').Ctx} ctx
 */
async function authorize(ctx) {
	const emu = ctx.emu;
	ctx.format = 'json';
	if (ctx.method !== 'GET') return ctx.oauthError(405, 135, 'invalid_request', 'Use GET for /oauth2/v0/authorize.');
	const q = ctx.url.searchParams;
	const clientId = q.get('client_id');
	if (!clientId) return ctx.oauthError(400, 62, 'invalid_request', 'client_id not supplied.');
	if (clientId !== emu.state.client.id) return ctx.oauthError(401, 61, 'invalid_client', 'Client not found.');
	const redirect = q.get('redirect_uri');
	/** @type {URL} */
	let target;
	try {
		target = new URL(String(redirect));
		if (!/^https?:$/.test(target.protocol)) throw new Error('scheme');
	} catch {
		return ctx.oauthError(400, 102, 'invalid_request', 'redirect_uri missing or not an absolute http(s) URL.');
	}
	const state = q.get('state');
	/** @param {Record<string, string>} params */
	const redirectWith = (params) => {
		for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
		if (state !== null) target.searchParams.set('state', state);
		ctx.respond(302, { Location: target.toString(), 'Cache-Control': 'no-store' });
	};
	if (q.get('response_type') !== 'code') {
		return redirectWith({ error_code: '100', error_description: 'response_type must be code' });
	}
	const scope = grantScope(emu, q.get('scope'));
	if (scope === null) return redirectWith({ error_code: '54', error_description: 'invalid scope' });
	const hint = q.get('login_hint') || q.get('user');
	const user = hint ? emu.state.findUserByLogin(hint) : emu.state.users.values().next().value;
	if (!user) return redirectWith({ error_code: '5', error_description: `unknown user ${hint}` });
	const code = emu.tokens.issueCode({ userId: user.id, clientId, redirectUri: String(redirect), scope });
	redirectWith({ code, geolocation: emu.geolocationFor(user.homeDataCenter) });
}

/** @param {URLSearchParams} form */
function maskForm(form) {
	/** @type {Record<string, string>} */
	const out = {};
	for (const [k, v] of form) out[k] = SECRET_FIELDS.includes(k) ? '***' : v;
	return out;
}

module.exports = { token, authorize, SECRET_FIELDS };
