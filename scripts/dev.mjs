#!/usr/bin/env node
// npm run dev: this package in the real pinned n8n, against the local Webex simulator (or the real
// Webex API when WEBEX_TOKEN is set), with an owner account, a Webex credential and the example
// workflows ready. Ctrl-C stops everything. With --queue: n8n's queue mode (scripts/queue.mjs), one
// main (the editor) and two workers with Postgres and Redis.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';

import { createSimulator } from '../simulator/server.mjs';
import {
	createN8nHome,
	freePort,
	installPackedPackage,
	packPackage,
	restClient,
	ROOT,
	startServer,
	stopProcessGroup,
	webexApiCredentialData,
} from './n8n.mjs';
import { startQueue } from './queue.mjs';

const HELP = `npm run dev -- [options]

Builds the package (when a source is newer than dist/), starts the Webex simulator, and starts
the pinned n8n with the package installed, an owner account, a Webex credential and the examples/
workflows.

  --port N      n8n editor port on 127.0.0.1 (default $N8N_PORT or 5678)
  --home DIR    n8n home to use and keep (default .n8n-dev in the repository)
  --reset       start from a new n8n home (examples imported again, your changes there lost)
  --queue       queue mode: Postgres, Redis, n8n as one main (the editor) and two workers, each
                with the package installed; a new database every start, logs in <home>/queue
  --help        show this text

Environment:
  WEBEX_TOKEN     use the real Webex API with this access token instead of the simulator
  WEBEX_BASE_URL  with WEBEX_TOKEN: https://webexapis.com/v1 (default), https://api-usgov.webex.com/v1
                  (FedRAMP), or any other base URL (a proxy's https URL, or http://127.0.0.1:PORT/v1)`;

const OWNER = {
	email: 'owner@example.com',
	firstName: 'Webex',
	lastName: 'Auditor',
	password: 'WebexAudit-dev-1',
};
const CREDENTIAL_ID = 'webexExampleCred'; // the ids examples/ refer to
const SERVICE_APP_CREDENTIAL_ID = 'webexServiceAppCrd';

const { values } = parseArgs({
	options: {
		port: { type: 'string', default: process.env.N8N_PORT ?? '5678' },
		home: { type: 'string', default: path.join(ROOT, '.n8n-dev') },
		reset: { type: 'boolean', default: false },
		queue: { type: 'boolean', default: false },
		help: { type: 'boolean', default: false },
	},
});
if (values.help) {
	console.log(HELP);
	process.exit(0);
}
if (Number(process.versions.node.split('.')[0]) < 24) {
	fail(
		`Developing this package needs Node 24 (CONTRIBUTING.md, "Node 24"); this is Node ${process.version}. Run \`nvm use\` (reads .nvmrc) or \`. scripts/use-node24.sh\` first.`,
	);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535)
	fail(`--port must be a port number, not "${values.port}"`);
const home = path.resolve(values.home);

const say = (line) => console.log(`[dev] ${line}`);
function fail(message) {
	console.error(`[dev] ${message}`);
	process.exit(1);
}

/** The newest modification time of the files at `paths` (folders: every file below), in ms. */
function newestMtimeMs(paths) {
	let newest = 0;
	for (const entry of paths) {
		const stat = statSync(entry, { throwIfNoEntry: false });
		if (stat?.isDirectory())
			newest = Math.max(
				newest,
				newestMtimeMs(readdirSync(entry).map((name) => path.join(entry, name))),
			);
		else if (stat) newest = Math.max(newest, stat.mtimeMs);
	}
	return newest;
}

// A build empties dist/ first (n8n-node build), so it runs only when a source is newer than the
// last build: a restart without changes starts at once, and an n8n reading dist/ meanwhile (other
// end-to-end tests at the same time) never sees it empty.
const lastBuild = statSync(path.join(ROOT, 'dist/tsconfig.tsbuildinfo'), { throwIfNoEntry: false });
const sources = ['credentials', 'nodes', 'icons', 'package.json', 'tsconfig.json'];
if (
	lastBuild &&
	newestMtimeMs(sources.map((source) => path.join(ROOT, source))) < lastBuild.mtimeMs
) {
	say('the package is built (dist/ is newer than its sources)');
} else {
	say('building the package (npm run build)');
	try {
		execFileSync('npm', ['run', '--silent', 'build'], {
			cwd: ROOT,
			stdio: ['ignore', 'ignore', 'inherit'],
		});
	} catch {
		fail('the build failed; run `npm run build` to see why');
	}
}

if (values.reset) rmSync(home, { recursive: true, force: true });
const isNewHome = !existsSync(path.join(home, '.n8n', 'database.sqlite'));
let n8n;
if (!values.queue) {
	n8n = createN8nHome({ home, port, brokerPort: await freePort(), customExtensions: false });
	say(`installing the packed package into ${path.join(home, '.n8n', 'nodes')}`);
	const { tarball } = packPackage(path.join(home, 'pack'));
	installPackedPackage(tarball, home);
	rmSync(path.dirname(tarball), { recursive: true, force: true });
}

let simulator;
let liveFeed;
let webex;
let server;
let queue; // --queue: the topology, or the promise of it while it starts
let stopping = false;
if (process.env.WEBEX_TOKEN) {
	// The credential's Base URL options are the URLs themselves (or Custom + customBaseUrl).
	const data = webexApiCredentialData(process.env.WEBEX_TOKEN, process.env.WEBEX_BASE_URL);
	const baseUrl = data.customBaseUrl ?? data.baseUrl;
	webex = { name: `Webex (${baseUrl})`, data, where: baseUrl };
} else {
	say(
		'starting the Webex simulator (50,000 events over 30 days, 5,000 recording audit summaries over a year)',
	);
	simulator = await createSimulator({
		port: 0,
		contract: false,
		events: 50_000,
		eventSpanDays: 30,
		recordings: 5000,
		// Enough sign-ins that the last hour holds failed ones (the failed sign-ins example).
		securityAuditEvents: 50_000,
		securityAuditSpanDays: 30,
		transcripts: 3000,
		adminRecordings: 6000,
		oauth: true,
	});
	// A few new events now and then, so that "the last 15 minutes" and the trigger have news.
	liveFeed = setInterval(() => simulator.events.addEvent(), 20_000);
	webex = {
		name: 'Webex (simulator)',
		data: { accessToken: 'sim-token', baseUrl: 'custom', customBaseUrl: simulator.baseUrl },
		where: `the simulator at ${simulator.baseUrl}`,
	};
}
const credentials = [{ id: CREDENTIAL_ID, name: webex.name, type: 'webexApi', data: webex.data }];
if (simulator) {
	// The simulator's service app, as a user sets it up: client ID, secret and refresh token only.
	credentials.push({
		id: SERVICE_APP_CREDENTIAL_ID,
		name: 'Webex service app (simulator)',
		type: 'webexServiceAppApi',
		data: simulator.serviceAppCredentialData(),
	});
}
const examples = () =>
	readdirSync(path.join(ROOT, 'examples'))
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file, index) => ({
			...JSON.parse(readFileSync(path.join(ROOT, 'examples', file), 'utf8')),
			id: `webexExample${index + 1}`,
		}));
if (values.queue) await runQueueMode();
await n8n.importCredentials(credentials);

if (isNewHome) {
	const workflows = examples();
	await n8n.importWorkflows(workflows);
	say(`imported ${workflows.length} example workflows`);
}

const logFile = path.join(home, 'n8n.log');
say(`starting n8n (log: ${logFile})`);
try {
	server = await startServer(n8n, { port, logFile });
} catch (error) {
	await stop(1, error.message);
}
server.child.on('exit', () => stop(1, `n8n stopped; see ${logFile}`));
let signedIn;
try {
	signedIn = await restClient(server.url).signIn(OWNER);
} catch (error) {
	// n8n runs in its own process group: stop it rather than leave it behind.
	await stop(1, error.message);
}

console.log(`
  n8n is ready:   http://localhost:${port}
  Login:          ${OWNER.email} / ${OWNER.password}${signedIn === 'created' ? ' (owner account created)' : ''}
  Credential:     "${webex.name}" (webexApi), used by the example workflows
  Webex API:      ${webex.where}${simulator ? '\n  Tokens:         sim-token (compliance officer + admin), user-token (neither)' : ''}

  Ctrl-C stops n8n${simulator ? ' and the simulator' : ''}.
`);

async function stop(code, message) {
	if (stopping) return;
	stopping = true;
	if (message) console.error(`[dev] ${message}`);
	clearInterval(liveFeed);
	// Queue mode: the workers, the main, Redis and Postgres (its data removed; the logs stay).
	await (await Promise.resolve(queue).catch(() => undefined))?.stop();
	if (server) {
		const exited = new Promise((resolve) =>
			server.child.exitCode !== null ? resolve() : server.child.once('exit', resolve),
		);
		stopProcessGroup(server.child, 'SIGTERM');
		const timer = setTimeout(() => stopProcessGroup(server.child, 'SIGKILL'), 15_000);
		await exited;
		clearTimeout(timer);
	}
	await simulator?.close();
	say('stopped');
	process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

/**
 * --queue: Postgres, Redis, the main and two workers (scripts/queue.mjs) in <home>/queue, a new
 * database every time; the credential and the examples imported into it before the main starts.
 * Prints the editor's address, the login and the log files, then runs until Ctrl-C.
 */
async function runQueueMode() {
	const dir = path.join(home, 'queue');
	rmSync(dir, { recursive: true, force: true });
	// Ctrl-C while it starts: stop() waits for it, then stops what it started.
	process.on('SIGINT', () => stop(0));
	process.on('SIGTERM', () => stop(0));
	try {
		queue = startQueue({
			dir,
			mainPort: port,
			workers: 2,
			keepDir: true,
			say,
			async beforeMain(main) {
				await main.n8n.importCredentials(credentials);
				await main.n8n.importWorkflows(examples());
				say('imported the credential and the example workflows into Postgres');
			},
		});
		queue = await queue;
	} catch (error) {
		queue = undefined; // startQueue stopped what it had started
		await stop(1, error.message);
	}
	// Ctrl-C came while it started: stop() is stopping it and ends the process.
	if (stopping) await new Promise(() => {});
	for (const instance of [queue.main, ...queue.workers])
		instance.child.on('exit', () =>
			stop(1, `n8n ${instance.name} stopped; see ${instance.logFile}`),
		);
	let signedIn;
	try {
		signedIn = await restClient(queue.main.url).signIn(OWNER);
	} catch (error) {
		await stop(1, error.message);
	}
	const logs = [queue.main, ...queue.workers.toSorted((a, b) => a.name.localeCompare(b.name))]
		.map((instance) => `${instance.name.padEnd(8)} ${instance.logFile}`)
		.join('\n                  ');
	console.log(`
  n8n is ready:   http://localhost:${port}
  Login:          ${OWNER.email} / ${OWNER.password}${signedIn === 'created' ? ' (owner account created)' : ''}
  Credential:     "${webex.name}" (webexApi), used by the example workflows
  Webex API:      ${webex.where}${simulator ? '\n  Tokens:         sim-token (compliance officer + admin), user-token (neither)' : ''}

  Queue mode:     the main (editor, triggers) puts executions on Redis; ${queue.workers.length} workers run them
  Postgres:       127.0.0.1:${queue.postgres.port} (database n8n, user n8n; removed at Ctrl-C)
  Redis:          127.0.0.1:${queue.redis.port}
  Logs:           ${logs}

  Ctrl-C stops the workers, the main, Redis, Postgres${simulator ? ' and the simulator' : ''}.
`);
	// Runs until Ctrl-C: stop() ends the process.
	await new Promise(() => {});
}
