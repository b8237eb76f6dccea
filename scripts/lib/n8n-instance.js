'use strict';
// Runs real n8n (as provisioned by scripts/lib/provision/) headless, for the end-to-end tests and the demo.
//
//   const { createInstance, nodeOutput } = require('./lib/n8n-instance');
//   const n8n = await createInstance();                  // fresh user folder (copy of a pre-migrated template)
//   await n8n.installPackage('/tmp/x/n8n-nodes-concur-imaging-0.1.0.tgz');   // -> .n8n/nodes/node_modules/<name>
//   await n8n.importCredentials([{ id, name, type, data }]);                  // plaintext data; n8n encrypts it
//   await n8n.importWorkflows([{ id, name, nodes, connections }]);
//   const r = await n8n.execute('wf1');                 // { ok, run, status, error, lastNodeExecuted, ... }
//   nodeOutput(r.run, 'Concur', { output: 1 })          // items' json of a node output
//   await n8n.readBinary(item.binary.data)              // the bytes (filesystem binary mode)
//   await n8n.executeBatch(['wf1', 'wf2'])              // one process: { ok, summary, executions, runs }
//   await n8n.exportCredentials()                        // decrypted, as stored in n8n's database
//   const ed = await n8n.startEditor({ port: 5678, owner }); // ed.url, ed.cookie; await ed.stop()
//   await n8n.cleanup();
//
// The parts, in n8n/: processes.js (spawning, ports, environment), template.js (the pre-migrated user folder),
// instance.js (the N8nInstance class), package-install.js, executions.js (execute, execute-batch),
// run-results.js (reading an IRun), editor.js (`n8n start` and its REST session).
// Everything is asynchronous (child processes are never waited for synchronously), so a test can serve HTTP (e.g. the
// Concur emulator) from its own process while n8n calls it.
//
// What this relies on: workflows are imported and executed by id (n8n's docs on CLI commands: `n8n execute --id`;
// n8n 2.x has no `execute --file`); every instance needs its own task-broker port (n8n's docs on task runner
// environment variables: N8N_RUNNERS_BROKER_PORT, one fixed default); community packages load from
// <user folder>/.n8n/nodes/node_modules/<pkg> (n8n's docs on installing community nodes manually) without any
// database registration, as node type `<package name>.<node name>`. Measured with n8n 2.41.1: the run JSON follows
// some log lines on stdout, and the exit code is not reliable (n8n may die with SIGSEGV at exit after writing
// everything), so results are judged from the JSON.

const fsp = require('fs/promises');
const os = require('os');
const path = require('path');

const { provision } = require('./provision');
const { getFreePort } = require('./n8n/processes');
const { parseRunJson, nodeOutput, nodeError, executedNodes } = require('./n8n/run-results');
const { ensureTemplate, DEFAULT_ENCRYPTION_KEY } = require('./n8n/template');
const { N8nInstance } = require('./n8n/instance');

/**
 * A fresh n8n instance in a new user folder.
 * options:
 *   encryptionKey  (default: a fixed test key)
 *   template       (default true): start from a copy of a pre-migrated user folder cached in .cache/
 *   baseDir        where the user folder is created (default os.tmpdir(); keep it outside the repository so the
 *                  package under test cannot resolve modules from the repo's node_modules)
 *   env            extra environment for every n8n process of this instance
 *   keep           leave the user folder on cleanup()
 *   provisioned    result of provision() (default: provision({ quiet: true }))
 */
async function createInstance({
	encryptionKey = DEFAULT_ENCRYPTION_KEY,
	template = true,
	baseDir = os.tmpdir(),
	env = {},
	keep = false,
	provisioned,
} = {}) {
	const p = provisioned || provision({ quiet: true });
	const userFolder = await fsp.mkdtemp(path.join(baseDir, 'n8n-e2e-'));
	if (template) {
		const tpl = await ensureTemplate({ encryptionKey, provisioned: p });
		await fsp.cp(path.join(tpl, '.n8n'), path.join(userFolder, '.n8n'), { recursive: true });
	}
	await fsp.mkdir(path.join(userFolder, '.n8n', 'nodes', 'node_modules'), { recursive: true });
	await fsp.mkdir(path.join(userFolder, 'files'), { recursive: true });
	return new N8nInstance({
		provisioned: p,
		userFolder,
		encryptionKey,
		brokerPort: await getFreePort(),
		env,
		keep,
	});
}

module.exports = {
	createInstance,
	ensureTemplate,
	N8nInstance,
	parseRunJson,
	nodeOutput,
	nodeError,
	executedNodes,
	getFreePort,
	DEFAULT_ENCRYPTION_KEY,
};
