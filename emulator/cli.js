#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * `npm run emulator [-- flags]`: start the local Concur emulator and print how to point a credential at it.
 * Every flag has an environment equivalent (CONCUR_EMULATOR_<NAME>); flags win over the environment.
 */

const fs = require('node:fs');
const { startEmulator } = require('./index');

const FLAGS = [
	// flag, env suffix, option, parser, help
	['--host', 'HOST', 'host', String, 'loopback address (127.0.0.1)'],
	['--port', 'PORT', 'port', Number, 'primary data-center ("us") port; eu = port+1, image = port+2 (default 40001)'],
	['--eu-port', 'EU_PORT', 'ports.eu', Number, 'second data-center ("eu") port'],
	['--image-port', 'IMAGE_PORT', 'ports.image', Number, 'image host port'],
	['--token-lifetime', 'TOKEN_LIFETIME', 'tokenLifetimeSeconds', Number, 'access-token lifetime in seconds (3600)'],
	['--rotation', 'ROTATION', 'refreshRotation', String, 'refresh-token rotation: always | never | sometimes (always)'],
	['--expired-status', 'EXPIRED_STATUS', 'expiredTokenStatus', Number, 'status for an expired token: 401 | 403 (401)'],
	['--expires-in', 'EXPIRES_IN', 'expiresInType', String, 'type of expires_in: string | number (string)'],
	['--url-ttl', 'URL_TTL', 'imageUrlTtlSeconds', Number, 'pre-signed image URL lifetime in seconds (900)'],
	['--latency', 'LATENCY', 'latencyMs', Number, 'extra latency per request in ms (0)'],
	['--faults', 'FAULTS', 'faults', 'file', 'JSON file with a fault profile (array, or {"faults": [...]})'],
	['--state-dir', 'STATE_DIR', 'stateDir', String, 'keep state and images in this directory across restarts'],
	['--storage', 'STORAGE', 'storage', String, 'memory | disk (disk)'],
	['--company-home', 'COMPANY_HOME', 'companyHome', String, 'data center the company lives in: us | eu (eu)'],
	['--v1-post-status', 'V1_POST_STATUS', 'v1PostStatus', Number, 'Image v1 POST status: 201 | 200 (201)'],
	['--v3-delete-status', 'V3_DELETE_STATUS', 'v3DeleteStatus', Number, 'v3 DELETE status: 204 | 200 (204)'],
	['--v3-get-shape', 'V3_GET_SHAPE', 'v3GetShape', String, 'v3 GET by id body: ReceiptImage | Image (ReceiptImage)'],
	['--seed', 'SEED', 'seed', String, 'seed of the generated ids (concur-emulator)'],
];

function usage() {
	const lines = ['Usage: npm run emulator -- [flags]', '', 'Flags (environment variable in brackets):'];
	for (const [flag, env, , , help] of FLAGS) lines.push(`  ${String(flag).padEnd(20)} ${help} [CONCUR_EMULATOR_${env}]`);
	lines.push('  --json               print one JSON line with the URLs and credentials instead of the text block');
	lines.push('  --help               this text');
	return lines.join('\n');
}

/**
 * @param {string[]} argv
 * @param {NodeJS.ProcessEnv} env
 */
function parse(argv, env) {
	/** @type {Record<string, any>} */
	const raw = {};
	for (const [flag, envName, option, parser] of FLAGS) {
		const v = env[`CONCUR_EMULATOR_${envName}`];
		if (v !== undefined && v !== '') raw[/** @type {string} */ (option)] = { value: v, parser };
		void flag;
	}
	let json = false;
	for (let i = 0; i < argv.length; i++) {
		let arg = argv[i];
		if (arg === '--help' || arg === '-h') return { help: true };
		if (arg === '--json') {
			json = true;
			continue;
		}
		let value;
		const eq = arg.indexOf('=');
		if (eq > 0) {
			value = arg.slice(eq + 1);
			arg = arg.slice(0, eq);
		}
		const def = FLAGS.find((f) => f[0] === arg);
		if (!def) throw new Error(`Unknown flag ${arg}\n\n${usage()}`);
		if (value === undefined) {
			value = argv[++i];
			if (value === undefined) throw new Error(`Flag ${arg} needs a value`);
		}
		raw[/** @type {string} */ (def[2])] = { value, parser: def[3] };
	}
	/** @type {Record<string, any>} */
	const options = {};
	for (const [option, { value, parser }] of Object.entries(raw)) {
		let v;
		if (parser === 'file') {
			const parsed = JSON.parse(fs.readFileSync(value, 'utf8'));
			v = Array.isArray(parsed) ? parsed : parsed.faults || [];
		} else if (parser === Number) {
			v = Number(value);
			if (!Number.isFinite(v)) throw new Error(`${option} must be a number, got ${value}`);
		} else v = value;
		if (option.startsWith('ports.')) {
			options.ports = options.ports || {};
			options.ports[option.slice(6)] = v;
		} else options[option] = v;
	}
	if (options.port === undefined) options.port = 40001;
	options.ports = options.ports || {};
	if (options.port !== 0) {
		if (options.ports.eu === undefined) options.ports.eu = options.port + 1;
		if (options.ports.image === undefined) options.ports.image = options.port + 2;
	}
	return { options, json };
}

/** @param {Awaited<ReturnType<typeof startEmulator>>} emu */
function banner(emu) {
	const c = emu.company;
	const home = c.homeDataCenter;
	const lines = [
		'Concur emulator running (loopback only; a local stand-in for SAP Concur, no account needed)',
		'',
		`  Custom base URL to enter in the credential: ${emu.baseUrl}   (data center "us")`,
		`  Second data center "eu":                    ${emu.dataCenters.eu}`,
		`  Image host (pre-signed image links):        ${emu.imageBaseUrl}`,
		`  Admin API (state, requests, faults, reset): ${emu.adminUrl}/`,
		`  The company lives in "${home}": a token fetched at the base URL comes back with geolocation ${emu.dataCenters[home]}.`,
		'',
		'Company credential (company request token → refresh token):',
		`  Client ID:              ${emu.client.id}`,
		`  Client Secret:          ${emu.client.secret}`,
		`  Company UUID:           ${c.id}`,
		`  Company request token:  ${c.requestToken}   (valid 24 h, reusable; a new one: curl -X POST ${emu.adminUrl}/request-tokens)`,
		`  Base URL:               Custom → ${emu.baseUrl}`,
		'',
		'User OAuth2 credential (authorization code; the emulator approves at once):',
		`  Authorization URL:      ${emu.authorizeUrl}`,
		`  Access Token URL:       ${emu.tokenUrl}`,
		`  Client ID / Secret:     as above`,
		'  Users (login id / password / home data center):',
		...emu.users.map((u) => `    ${u.loginId.padEnd(26)} ${u.password.padEnd(18)} ${u.homeDataCenter}${u.isAdmin ? '  (web services admin)' : ''}`),
		'',
		'Seeded data (GET /_emulator/state for everything):',
		...emu.seeded.reports.map(
			(r) => `  report ${r.id} (${r.ownerLoginId}) entries: ${r.entries.map((e) => e.id + (e.hasImage ? '*' : '')).join(', ')}`,
		),
		`  invoices: ${emu.seeded.invoices.map((i) => i.id + (i.hasImage ? '*' : '')).join(', ')}   (* = already has an image)`,
		'',
		'Press Ctrl+C to stop.',
	];
	return lines.join('\n');
}

async function main() {
	let parsed;
	try {
		parsed = parse(process.argv.slice(2), process.env);
	} catch (e) {
		process.stderr.write(`${e instanceof Error ? e.message : e}\n`);
		process.exit(2);
	}
	if (parsed.help) {
		process.stdout.write(`${usage()}\n`);
		return;
	}
	let emu;
	try {
		emu = await startEmulator(parsed.options);
	} catch (e) {
		process.stderr.write(`Could not start the Concur emulator: ${e instanceof Error ? e.message : e}\n`);
		process.exit(1);
	}
	if (parsed.json) process.stdout.write(`${JSON.stringify(emu.info())}\n`);
	else process.stdout.write(`${banner(emu)}\n`);
	let stopping = false;
	/** @param {string} signal */
	const stop = async (signal) => {
		if (stopping) return;
		stopping = true;
		await emu.stop();
		process.stdout.write(`Concur emulator stopped (${signal}).\n`);
		process.exit(0);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));
}

if (require.main === module) void main();

module.exports = { parse, usage };
