// @ts-check
'use strict';

/**
 * What the v3 listing APIs share (Reports, Entries, Payment Request Digests): query parameters by their exact
 * documented names (or case-insensitively with `v3QueryNames: 'ignoreCase'`), an opaque `offset` with `limit`,
 * `NextPage` as a full URL, date and boolean filters, and `Items`/`NextPage` as JSON or (the default) XML.
 * Errors use Concur's general `Error` envelope (Message, Server-Time, Id).
 */

const crypto = require('node:crypto');
const { el } = require('./http');

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/**
 * A query reader for one request. Parameters the route does not read are recorded in the request log
 * (`ignoredQuery`): Concur ignores unknown parameters, so a misspelt filter silently returns everything.
 * @param {import('./http').Ctx} ctx
 */
function queryOf(ctx) {
	const params = ctx.url.searchParams;
	const ignoreCase = ctx.emu.options.v3QueryNames === 'ignoreCase';
	/** @type {Set<string>} */
	const used = new Set();
	/** @param {string} name @returns {string | null} */
	const get = (name) => {
		for (const [k, v] of params) {
			if (k === name || (ignoreCase && k.toLowerCase() === name.toLowerCase())) {
				used.add(k);
				return v;
			}
		}
		return null;
	};
	const finish = () => {
		const ignored = [...new Set([...params.keys()])].filter((k) => !used.has(k));
		if (ignored.length) ctx.log.ignoredQuery = ignored;
	};
	return { get, finish };
}

/** @param {any} emu @param {string} scope @param {number} index */
function encodeOffset(emu, scope, index) {
	const mac = crypto.createHmac('sha256', emu.urlKey).update(`${scope}:${index}`).digest('hex').slice(0, 10);
	return Buffer.from(`${index}.${mac}`).toString('base64url');
}

/** @param {any} emu @param {string} scope @param {string} offset @returns {number | null} */
function decodeOffset(emu, scope, offset) {
	const m = /^(\d+)\.([0-9a-f]{10})$/.exec(Buffer.from(offset, 'base64url').toString('utf8'));
	if (!m) return null;
	const index = Number(m[1]);
	return encodeOffset(emu, scope, index) === offset ? index : null;
}

/**
 * Dates as the v3 references accept them: `yyyy-MM-dd` or `yyyy-MM-ddTHH:mm:ss[.SSS]` (no zone: UTC here; a
 * trailing Z is tolerated).
 * @param {string} v
 * @returns {number | null}
 */
function parseDate(v) {
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?)?Z?$/.exec(v);
	if (!m) return null;
	const ms = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
	const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] || 0), Number(m[5] || 0), Number(m[6] || 0), Math.floor(ms));
	if (!Number.isFinite(t)) return null;
	const d = new Date(t); // 2026-13-40 does not roll over into the next year
	if (d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3]) || Number(m[4] || 0) > 23) return null;
	return t;
}

/**
 * Read the filters of one request. `spec`: name → 'date' | 'bool' | 'codes' (comma-separated) | 'string'.
 * Returns the values, or sends a 400 and returns null.
 * @param {import('./http').Ctx} ctx
 * @param {ReturnType<typeof queryOf>} q
 * @param {Record<string, 'date' | 'bool' | 'codes' | 'string'>} spec
 * @returns {Record<string, any> | null}
 */
function readFilters(ctx, q, spec) {
	/** @type {Record<string, any>} */
	const out = {};
	for (const [name, type] of Object.entries(spec)) {
		const raw = q.get(name);
		if (raw === null || raw === '') continue;
		if (type === 'date') {
			const d = parseDate(raw);
			if (d === null) {
				ctx.v1Error(400, `The value '${raw}' of ${name} is not valid. Accepted formats: yyyy-MM-dd or yyyy-MM-ddTHH:mm:ss.SSS.`);
				return null;
			}
			out[name] = d;
		} else if (type === 'bool') {
			if (!/^(true|false)$/i.test(raw)) {
				ctx.v1Error(400, `The value '${raw}' of ${name} is not valid. Format: true or false.`);
				return null;
			}
			out[name] = raw.toLowerCase() === 'true';
		} else if (type === 'codes') {
			out[name] = raw.split(',').map((s) => s.trim()).filter(Boolean);
		} else {
			out[name] = raw;
		}
	}
	return out;
}

/**
 * `before`/`after` filters on one date: strictly before / strictly after; a record without the date never
 * matches a filter on it.
 * @param {number | null | undefined} value
 * @param {number | undefined} before
 * @param {number | undefined} after
 */
function inRange(value, before, after) {
	if (before === undefined && after === undefined) return true;
	if (value === null || value === undefined) return false;
	if (before !== undefined && !(value < before)) return false;
	if (after !== undefined && !(value > after)) return false;
	return true;
}

/**
 * One page of `all`, with NextPage = the same URL (every parameter kept) with the next opaque offset.
 * @param {import('./http').Ctx} ctx
 * @param {ReturnType<typeof queryOf>} q
 * @param {any[]} all
 * @param {{scope: string, defaultLimit: number, maxLimit: number}} how
 * @returns {{items: any[], next: string | null, total: number} | null}  null = a 400 was sent
 */
function page(ctx, q, all, how) {
	let index = 0;
	const offset = q.get('offset');
	if (offset !== null && offset !== '') {
		const decoded = decodeOffset(ctx.emu, how.scope, offset);
		if (decoded === null) {
			ctx.v1Error(400, `The offset '${offset}' is not valid.`);
			return null;
		}
		index = decoded;
	}
	let limit = how.defaultLimit;
	const limitRaw = q.get('limit');
	if (limitRaw !== null && limitRaw !== '') {
		if (!/^\d+$/.test(limitRaw) || Number(limitRaw) < 1) {
			ctx.v1Error(400, `The limit '${limitRaw}' is not valid.`);
			return null;
		}
		limit = Math.min(how.maxLimit, Number(limitRaw));
	}
	let next = null;
	if (index + limit < all.length) {
		const u = new URL(`${ctx.baseUrl}${ctx.url.pathname}${ctx.url.search}`);
		for (const k of [...u.searchParams.keys()]) if (k.toLowerCase() === 'offset') u.searchParams.delete(k);
		u.searchParams.set('offset', encodeOffset(ctx.emu, how.scope, index + limit));
		next = u.toString();
	}
	return { items: all.slice(index, index + limit), next, total: all.length };
}

/**
 * One item as XML: elements in the order of the object; null → `<X i:nil="true" />`.
 * @param {string} name
 * @param {Record<string, unknown>} obj
 */
function itemXml(name, obj) {
	const parts = Object.entries(obj).map(([k, v]) => {
		if (v === null || v === undefined) return `<${k} i:nil="true" />`;
		if (typeof v === 'boolean') return `<${k}>${v}</${k}>`;
		return el(k, v);
	});
	return `<${name}>${parts.join('')}</${name}>`;
}

/**
 * @param {import('./http').Ctx} ctx
 * @param {{root: string, item: string}} names  XML element names (JSON has no names)
 * @param {any[]} items
 * @param {string | null} next
 * @param {Record<string, unknown>} [extra]  more top-level fields (e.g. TotalCount)
 */
function sendList(ctx, names, items, next, extra = {}) {
	if (ctx.format === 'json') return ctx.sendJson(200, { Items: items, NextPage: next, ...extra });
	const more = Object.entries(extra)
		.map(([k, v]) => el(k, v))
		.join('');
	const xml = `<${names.root} xmlns:i="${XSI}"><Items>${items.map((i) => itemXml(names.item, i)).join('')}</Items>${el('NextPage', next)}${more}</${names.root}>`;
	return ctx.sendXml(200, xml);
}

/**
 * @param {import('./http').Ctx} ctx
 * @param {string} name
 * @param {Record<string, unknown>} obj
 */
function sendOne(ctx, name, obj) {
	if (ctx.format === 'json') return ctx.sendJson(200, obj);
	return ctx.sendXml(200, itemXml(name, obj).replace(`<${name}>`, `<${name} xmlns:i="${XSI}">`));
}

/**
 * The `user` parameter of Reports/Entries: absent → the caller (a company token acts as its admin user);
 * `ALL` (reports only) → every owner; a login ID → that owner. Other owners need admin rights (403).
 * Returns a predicate on owner ids, or sends the error and returns null.
 * @param {import('./http').Ctx} ctx
 * @param {import('./auth').Auth} auth
 * @param {string | null} user
 * @param {boolean} allowAll
 * @returns {((ownerId: string) => boolean) | null}
 */
function ownerFilter(ctx, auth, user, allowAll) {
	if (user === null || user === '') return (id) => id === auth.actor.id;
	const denied = () => {
		ctx.v1Error(403, 'The user parameter requires the Web Services Admin role.');
		return null;
	};
	if (allowAll && user.toUpperCase() === 'ALL') return auth.isAdmin ? () => true : denied();
	const target = ctx.emu.state.findUserByLogin(user);
	if (!auth.isAdmin && (!target || target.id !== auth.actor.id)) return denied();
	return (id) => !!target && id === target.id;
}

module.exports = { queryOf, readFilters, inRange, page, sendList, sendOne, ownerFilter, parseDate, encodeOffset, decodeOffset };
