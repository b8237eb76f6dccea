// @ts-check
'use strict';

const crypto = require('node:crypto');
const { randomToken, sha256Hex } = require('./ids');

/** @param {object} obj */
function b64json(obj) {
	return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

/**
 * @typedef {{type: 'user'|'company'|'app', userId?: string, companyId: string}} Principal
 * @typedef {{principal: Principal, clientId: string, geo: 'us'|'eu', scope: string, issuedAt: number,
 *            expiresAt: number}} AccessRecord
 * @typedef {{principal: Principal, clientId: string, geo: 'us'|'eu', scope: string, expiresAt: number,
 *            revoked: boolean, rotatedOut: boolean, rotatedAt?: number, refreshCount: number}} RefreshRecord
 */

/**
 * Issues and checks tokens. Tokens are random; the state keeps only their SHA-256, so neither GET state nor a
 * persisted state dir ever contains a usable token.
 */
class TokenService {
	/** @param {any} emu */
	constructor(emu) {
		this.emu = emu;
		this.signingKey = crypto.randomBytes(32);
	}

	get state() {
		return this.emu.state;
	}

	get opts() {
		return this.emu.options;
	}

	/**
	 * A JWT-looking string (header.payload.signature, HS256 with the emulator's key).
	 * @param {Record<string, unknown>} payload
	 */
	jwt(payload) {
		const head = b64json({ alg: 'HS256', typ: 'JWT', kid: 'concur-emulator' });
		const body = b64json(payload);
		const sig = crypto.createHmac('sha256', this.signingKey).update(`${head}.${body}`).digest('base64url');
		return `${head}.${body}.${sig}`;
	}

	// ---- company request tokens ----

	issueRequestToken() {
		const token = randomToken(27);
		this.state.addRequestToken(token, this.opts.requestTokenLifetimeSeconds);
		return token;
	}

	/**
	 * Check a company request token and count the exchange. `requestTokenUses` limits how many successful
	 * exchanges one token allows ('unlimited', or 1 / 5 / n).
	 * @param {string} companyId
	 * @param {string} token
	 * @returns {'ok'|'expired'|'unknown'|'used'}
	 */
	checkRequestToken(companyId, token) {
		const rec = this.state.requestTokens.get(sha256Hex(String(token)));
		if (!rec || rec.companyId !== companyId) return 'unknown';
		if (this.emu.clock.now() >= rec.expiresAt) return 'expired';
		const limit = this.opts.requestTokenUses;
		const uses = rec.uses || 0;
		if (limit !== 'unlimited' && uses >= limit) return 'used';
		rec.uses = uses + 1;
		return 'ok';
	}

	// ---- access + refresh tokens ----

	/**
	 * Build a token response body (and remember the tokens).
	 * @param {{principal: Principal, clientId: string, geo: 'us'|'eu', scope: string, withRefresh: boolean,
	 *          refreshToken?: string, idToken?: boolean}} p
	 */
	issue(p) {
		const now = this.emu.clock.now();
		const nowS = Math.floor(now / 1000);
		const lifetime = this.opts.tokenLifetimeSeconds;
		const geoUrl = this.emu.urls[p.geo];
		const sub = p.principal.type === 'user' ? p.principal.userId : p.principal.type === 'company' ? p.principal.companyId : p.clientId;
		const access = this.jwt({
			iss: geoUrl,
			aud: '*',
			sub,
			'concur.type': p.principal.type,
			'concur.app': p.clientId,
			'concur.scopes': p.scope.split(' '),
			iat: nowS,
			exp: nowS + Math.round(lifetime),
			jti: crypto.randomUUID(),
		});
		/** @type {AccessRecord} */
		const rec = { principal: p.principal, clientId: p.clientId, geo: p.geo, scope: p.scope, issuedAt: now, expiresAt: now + lifetime * 1000 };
		this.state.accessTokens.set(sha256Hex(access), rec);
		/** @type {Record<string, unknown>} */
		const body = {
			expires_in: this.opts.expiresInType === 'number' ? Math.round(lifetime) : String(Math.round(lifetime)),
			scope: p.scope,
			token_type: 'Bearer',
			access_token: access,
		};
		if (p.withRefresh) {
			let refresh = p.refreshToken;
			const refreshExpiresAt = now + this.opts.refreshTokenLifetimeSeconds * 1000;
			if (!refresh) {
				refresh = crypto.randomUUID();
				/** @type {RefreshRecord} */
				const r = { principal: p.principal, clientId: p.clientId, geo: p.geo, scope: p.scope, expiresAt: refreshExpiresAt, revoked: false, rotatedOut: false, refreshCount: 0 };
				this.state.refreshTokens.set(sha256Hex(refresh), r);
			} else {
				const r = this.state.refreshTokens.get(sha256Hex(refresh));
				if (r) r.expiresAt = refreshExpiresAt; // sliding expiry
			}
			body.refresh_token = refresh;
			body.refresh_expires_in = Math.floor(refreshExpiresAt / 1000);
		}
		if (p.idToken) {
			body.id_token = this.jwt({
				aud: p.clientId,
				'concur.profile': `${geoUrl}/profile/v1/principals/${sub}`,
				'concur.version': 2,
				'concur.type': p.principal.type,
				sub,
				iss: geoUrl,
				exp: nowS + Math.round(lifetime),
				nbf: nowS,
				iat: nowS,
				at_hash: crypto.createHash('sha256').update(access).digest().subarray(0, 16).toString('base64url'),
			});
		}
		body.geolocation = this.emu.geolocationFor(p.geo);
		return body;
	}

	/**
	 * @param {string} token
	 * @returns {{status: 'ok'|'expired'|'unknown', rec?: AccessRecord}}
	 */
	checkAccess(token) {
		const rec = this.state.accessTokens.get(sha256Hex(String(token)));
		if (!rec) return { status: 'unknown' };
		if (this.emu.clock.now() >= rec.expiresAt) return { status: 'expired', rec };
		return { status: 'ok', rec };
	}

	/** @param {string} token */
	findRefresh(token) {
		return /** @type {RefreshRecord | undefined} */ (this.state.refreshTokens.get(sha256Hex(String(token))));
	}

	/**
	 * The refresh grant after all checks passed. Rotation: 'always' (new token every time, the old one stops
	 * working), 'never' (same token), 'sometimes' (every second refresh of a token chain rotates; deterministic).
	 * @param {string} token
	 * @param {RefreshRecord} rec
	 */
	refresh(token, rec) {
		rec.refreshCount += 1;
		const mode = this.opts.refreshRotation;
		const rotate = mode === 'always' || (mode === 'sometimes' && rec.refreshCount % 2 === 0);
		let keep = token;
		if (rotate) {
			if (!rec.rotatedOut) rec.rotatedAt = this.emu.clock.now();
			rec.rotatedOut = true;
			keep = '';
		}
		const body = this.issue({
			principal: rec.principal,
			clientId: rec.clientId,
			geo: rec.geo,
			scope: rec.scope,
			withRefresh: true,
			refreshToken: keep || undefined,
			idToken: rec.principal.type === 'user' || this.opts.companyIdToken,
		});
		if (rotate) {
			const fresh = this.findRefresh(/** @type {string} */ (body.refresh_token));
			if (fresh) fresh.refreshCount = rec.refreshCount;
		}
		return body;
	}

	/** Every current access token expires now. */
	expireAccessTokens() {
		const now = this.emu.clock.now();
		for (const rec of this.state.accessTokens.values()) rec.expiresAt = Math.min(rec.expiresAt, now);
	}

	/** Every refresh token becomes invalid (like DELETE /app-mgmt/v0/connections, for everyone). */
	revokeRefreshTokens() {
		for (const rec of this.state.refreshTokens.values()) rec.revoked = true;
	}

	// ---- authorization codes ----

	/** @param {{userId: string, clientId: string, redirectUri: string, scope: string}} p */
	issueCode(p) {
		const code = randomToken(18);
		this.state.authCodes.set(sha256Hex(code), { ...p, expiresAt: this.emu.clock.now() + 10 * 60 * 1000, used: false });
		return code;
	}

	/** @param {string} code */
	findCode(code) {
		return this.state.authCodes.get(sha256Hex(String(code)));
	}

	counts() {
		const now = this.emu.clock.now();
		const access = [...this.state.accessTokens.values()];
		const refresh = [...this.state.refreshTokens.values()];
		const req = [...this.state.requestTokens.values()];
		return {
			accessTokens: access.length,
			activeAccessTokens: access.filter((r) => r.expiresAt > now).length,
			refreshTokens: refresh.length,
			activeRefreshTokens: refresh.filter((r) => !r.revoked && !r.rotatedOut && r.expiresAt > now).length,
			requestTokens: req.length,
			activeRequestTokens: req.filter((r) => r.expiresAt > now).length,
		};
	}
}

module.exports = { TokenService };
