'use strict';
// The services n8n's queue mode needs, for one run: Redis (the Bull queue) and PostgreSQL (the database every
// n8n process shares), both Debian's packages, installed with apt-get when missing, started on 127.0.0.1 on free
// ports with throwaway data directories and random passwords, and stopped (data removed) by stop().
// PostgreSQL refuses to run as root: when this runs as root, initdb and postgres run as the `postgres` user the
// Debian package creates. Installing sets a temporary /usr/sbin/policy-rc.d (Debian's switch that keeps package
// scripts from starting services) when there is none, so the packages' own default instances are not started.

const crypto = require('crypto');
const fs = require('fs');
const fsp = require('fs/promises');
const net = require('net');
const os = require('os');
const path = require('path');
const { execFile, spawn, spawnSync } = require('child_process');

const { getFreePort, killGroup, sleep } = require('../n8n/processes');

function say(msg) {
	process.stderr.write(`[queue] ${msg}\n`);
}

function which(cmd) {
	const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
	return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The newest Debian PostgreSQL server's bin directory (/usr/lib/postgresql/<major>/bin), if installed. */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const majors = fs
		.readdirSync(root)
		.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? path.join(root, majors[0], 'bin') : undefined;
}

/** Installs redis-server and postgresql with apt-get when either is missing; returns what was installed. */
function ensurePackages() {
	const missing = [];
	if (!which('redis-server')) missing.push('redis-server');
	if (!postgresBinDir()) missing.push('postgresql');
	if (!missing.length) return [];
	const root = process.getuid && process.getuid() === 0;
	if (!root || !which('apt-get'))
		throw new Error(
			`${missing.join(' and ')} not installed, and apt-get cannot be used here (needs root on Debian): install them first`,
		);
	say(`installing ${missing.join(' and ')} (apt-get)`);
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !fs.existsSync(policy);
	if (ownPolicy) fs.writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
	try {
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...missing]]) {
			const r = spawnSync('apt-get', args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
			if (r.status !== 0)
				throw new Error(`apt-get ${args.join(' ')} failed (exit ${r.status}):\n${(r.stdout + r.stderr).slice(-2000)}`);
		}
	} finally {
		if (ownPolicy) fs.rmSync(policy, { force: true });
	}
	if (!which('redis-server') || !postgresBinDir())
		throw new Error(`apt-get ran, but ${missing.join(' and ')} is still missing`);
	return missing;
}

/** A child process in its own group whose output is kept (the last ~2000 chunks). */
function spawnService(cmd, args, options = {}) {
	const child = spawn(cmd, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const chunks = [];
	const keep = (d) => {
		chunks.push(d);
		if (chunks.length > 2000) chunks.splice(0, chunks.length - 2000);
	};
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	child.exited = null;
	child.exitPromise = new Promise((resolve) =>
		child.on('exit', (code, signal) => resolve((child.exited = { code, signal }))),
	);
	child.on('error', (e) => keep(Buffer.from(`[spawn error] ${e.message}\n`)));
	child.output = () => Buffer.concat(chunks).toString('utf8');
	return child;
}

async function stopChild(child, signal, graceMs = 10000) {
	if (!child || child.exited) return;
	killGroup(child, signal);
	const t = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
	await child.exitPromise;
	clearTimeout(t);
}

async function waitFor(what, child, check, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (child.exited)
			throw new Error(`${what} exited (${child.exited.signal || child.exited.code}):\n${child.output().slice(-2000)}`);
		if (await check()) return;
		if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs} ms:\n${child.output().slice(-2000)}`);
		await sleep(200);
	}
}

/** Sends Redis commands (inline protocol) and resolves the raw answer once `lines` replies have come. */
function redisCommands(port, commands, lines) {
	return new Promise((resolve) => {
		const sock = net.connect(port, '127.0.0.1');
		let data = '';
		const done = (v) => {
			sock.destroy();
			resolve(v);
		};
		sock.setTimeout(2000, () => done(''));
		sock.on('error', () => done(''));
		sock.on('data', (d) => {
			data += d.toString('utf8');
			if (data.split('\r\n').length > lines) done(data);
		});
		sock.write(commands.map((c) => `${c}\r\n`).join(''));
	});
}

async function startRedis() {
	const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'n8n-queue-redis-'));
	const port = await getFreePort();
	const password = crypto.randomBytes(18).toString('hex');
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--save', '',
		'--appendonly', 'no', '--dir', dir, '--requirepass', password, '--daemonize', 'no'];
	const child = spawnService(which('redis-server'), args, { cwd: dir });
	await waitFor('redis-server', child, async () => /\+PONG/.test(await redisCommands(port, [`AUTH ${password}`, 'PING'], 2)), 30000);
	return {
		host: '127.0.0.1',
		port,
		password,
		pid: child.pid,
		child,
		async stop() {
			await stopChild(child, 'SIGTERM');
			await fsp.rm(dir, { recursive: true, force: true });
		},
	};
}

/** The user PostgreSQL runs as: ourselves, or `postgres` when we are root. */
function postgresUser() {
	if (!(process.getuid && process.getuid() === 0)) return undefined;
	const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
	if (r.status !== 0) throw new Error('running as root, and there is no `postgres` user to run PostgreSQL as');
	const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
	return { name: 'postgres', uid: Number(r.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function asUser(user, cmd, args) {
	return user ? ['runuser', ['-u', user.name, '--', cmd, ...args]] : [cmd, args];
}

function run(cmd, args, { env = process.env, maxBuffer = 512 * 1024 * 1024 } = {}) {
	return new Promise((resolve) => {
		execFile(cmd, args, { env, maxBuffer, encoding: 'utf8' }, (error, stdout, stderr) =>
			resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr, error }),
		);
	});
}

async function startPostgres() {
	const bin = postgresBinDir();
	const user = postgresUser();
	const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'n8n-queue-pg-'));
	const data = path.join(dir, 'data');
	const pwfile = path.join(dir, 'pw');
	const password = crypto.randomBytes(18).toString('hex');
	await fsp.writeFile(pwfile, `${password}\n`, { mode: 0o600 });
	if (user) {
		await fsp.chown(dir, user.uid, user.gid);
		await fsp.chown(pwfile, user.uid, user.gid);
	}
	const init = await run(...asUser(user, path.join(bin, 'initdb'), [
		'-D', data, '-U', 'n8n', `--pwfile=${pwfile}`, '-A', 'scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync',
	]));
	if (init.code !== 0) throw new Error(`initdb failed:\n${(init.stdout + init.stderr).slice(-2000)}`);
	await fsp.rm(pwfile, { force: true });
	const port = await getFreePort();
	// Throwaway cluster: durability settings off (it is deleted at the end).
	const child = spawnService(...asUser(user, path.join(bin, 'postgres'), [
		'-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`,
		'-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=80',
	]));
	const psqlEnv = { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' };
	const psql = (db, sql) =>
		run(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', '-d', db, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], { env: psqlEnv });
	await waitFor('postgres', child, async () => (await psql('postgres', 'select 1')).code === 0, 60000);
	const created = await psql('postgres', 'CREATE DATABASE n8n');
	if (created.code !== 0) throw new Error(`CREATE DATABASE failed: ${created.stderr}`);
	return {
		host: '127.0.0.1',
		port,
		user: 'n8n',
		password,
		database: 'n8n',
		runsAs: user ? user.name : os.userInfo().username,
		pid: child.pid,
		child,
		/** Rows of a query as objects (the query is wrapped in json_agg). */
		async query(sql) {
			const r = await psql('n8n', `select coalesce(json_agg(q), '[]'::json) from (${sql}) q`);
			if (r.code !== 0) throw new Error(`psql: ${r.stderr.trim()} (in: ${sql.slice(0, 200)})`);
			return JSON.parse(r.stdout);
		},
		async stop() {
			// SIGINT is PostgreSQL's "fast shutdown".
			await stopChild(child, 'SIGINT', 15000);
			await fsp.rm(dir, { recursive: true, force: true });
		},
	};
}

/** Installs what is missing, starts both; resolves { redis, postgres, installed, stop() }. */
async function startServices() {
	const installed = ensurePackages();
	const started = [];
	const stop = async () => {
		for (const s of started.reverse()) await s.stop().catch(() => undefined);
		started.length = 0;
	};
	try {
		const [redis, postgres] = await Promise.all([startRedis(), startPostgres()].map((p) =>
			p.then((s) => {
				started.push(s);
				return s;
			}),
		));
		return { redis, postgres, installed, stop };
	} catch (e) {
		await stop();
		throw e;
	}
}

module.exports = { startServices, say, postgresBinDir };
