'use strict';
// Production mode for an instance: workflows published (n8n 2.x: `n8n publish:workflow --id`; 1.x:
// `update:workflow --active=true`), then `n8n start`, which activates them (triggers listen, polls are scheduled).
// Publishing writes to the database, so it runs while n8n is not running.

const { commandFailure } = require('./processes');
const { startEditor } = require('./editor');

/** Publishes (activates) the imported workflow `id`; resolves the command's result. */
async function publishWorkflow(instance, id) {
	const major = Number(String(instance.provisioned.n8nVersion).split('.')[0]);
	const args =
		major >= 2
			? ['publish:workflow', `--id=${id}`]
			: ['update:workflow', `--id=${id}`, '--active=true'];
	const r = await instance.n8n(args);
	if (r.code !== 0) throw commandFailure(`n8n ${args.join(' ')}`, r);
	return r;
}

/**
 * Publishes `ids` (when given) and starts `n8n start` (see editor.js for the options: port, owner, env, ...).
 * Resolves what startEditor resolves: { url, port, pid, cookie, output(), stop() }. Start it again after stop() to
 * play a restart (no owner then: the owner is set up once per user folder).
 */
async function startProduction(instance, { ids = [], ...options } = {}) {
	for (const id of ids) await publishWorkflow(instance, id);
	return startEditor(instance, options);
}

module.exports = { publishWorkflow, startProduction };
