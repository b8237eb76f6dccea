'use strict';
// Which parameters n8n's editor should show for a node description and a set of values, from the description
// alone (displayOptions show/hide, the way n8n-workflow's displayParameter reads them for top-level parameters):
// the yardstick the editor test holds the node panel against, per resource and operation.

function matches(condition, value, typeVersion) {
	if (condition && typeof condition === 'object' && condition._cnd) {
		const [op, ref] = Object.entries(condition._cnd)[0];
		const v = typeVersion;
		return (
			{ eq: v === ref, not: v !== ref, gte: v >= ref, lte: v <= ref, gt: v > ref, lt: v < ref }[
				op
			] ?? false
		);
	}
	return condition === value;
}

function valueOf(key, values, typeVersion) {
	if (key === '@version') return typeVersion;
	return values[key.replace(/^\//, '')];
}

/** Whether a top-level parameter is displayed for `values` (every parameter's current value). */
function isDisplayed(property, values, typeVersion = 1) {
	const { show, hide } = property.displayOptions || {};
	for (const [key, allowed] of Object.entries(show || {})) {
		const v = valueOf(key, values, typeVersion);
		if (!allowed.some((c) => matches(c, v, typeVersion))) return false;
	}
	for (const [key, banned] of Object.entries(hide || {})) {
		const v = valueOf(key, values, typeVersion);
		if (banned.some((c) => matches(c, v, typeVersion))) return false;
	}
	return true;
}

/**
 * The values of all top-level parameters once `chosen` (e.g. { resource, operation }) are set and the rest keep
 * their defaults; a parameter that exists several times (one per operation) takes the displayed one's default.
 */
function valuesFor(description, chosen, typeVersion = 1) {
	const values = { ...chosen };
	for (let pass = 0; pass < 3; pass++) {
		for (const p of description.properties) {
			if (p.name in chosen) continue;
			if (isDisplayed(p, values, typeVersion)) values[p.name] = p.default;
		}
	}
	return values;
}

/** Names of the top-level parameters the panel should show with a label (no notices, no hidden ones). */
function expectedParameters(description, chosen, typeVersion = 1) {
	const values = valuesFor(description, chosen, typeVersion);
	const names = [];
	for (const p of description.properties) {
		if (p.type === 'hidden' || p.type === 'notice' || p.type === 'callout') continue;
		if (isDisplayed(p, values, typeVersion) && !names.includes(p.name)) names.push(p.name);
	}
	return names;
}

/** Every [resource, operation] pair the description offers, with their display names. */
function resourceOperations(description, typeVersion = 1) {
	const resource = description.properties.find((p) => p.name === 'resource');
	const pairs = [];
	for (const r of resource.options) {
		const operation = description.properties.find(
			(p) => p.name === 'operation' && isDisplayed(p, { resource: r.value }, typeVersion),
		);
		for (const o of operation ? operation.options : [])
			pairs.push({
				resource: r.value,
				resourceName: r.name,
				operation: o.value,
				operationName: o.name,
			});
	}
	return pairs;
}

/** Names of all top-level parameters (to tell them from options nested in a collection). */
function topLevelNames(description) {
	return new Set(description.properties.map((p) => p.name));
}

module.exports = { isDisplayed, valuesFor, expectedParameters, resourceOperations, topLevelNames };
