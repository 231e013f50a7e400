// Drives the pinned real n8n: installs it (once, into a cache outside the repository), makes an
// n8n home with this package loaded, imports credentials and workflows, runs `n8n execute`, and
// starts the server with an owner account. Used by `npm run dev`, the e2e tests and the benchmark.
//
// The package is loaded one of two ways:
// - customExtensions (default): a copy of dist/ in the n8n home, outside the repository (so that
//   the package's own require('n8n-workflow') gets n8n's, as for users, not the devDependency),
//   through N8N_CUSTOM_EXTENSIONS; node types are CUSTOM.<name>.
// - installPackedPackage(): the `npm pack` tarball laid out the way n8n's community-package
//   installer does; node types are n8n-nodes-webex-audit.<name>, as in users' workflows and examples/.
import { execFile, execFileSync, spawn } from 'node:child_process';
import {
	closeSync,
	cpSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PACKAGE_NAME = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).name;
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The n8n to drive: N8N_VERSION (2.x, 1.x or an exact version, see scripts/install-n8n.sh), the
 * pinned 2.x by default. Installs it into the cache on first use (minutes), then returns its
 * binary at once.
 */
export function ensureN8n() {
	return execFileSync('bash', [path.join(ROOT, 'scripts/install-n8n.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		timeout: 20 * 60_000,
	}).trim();
}

/** The version of the n8n that ensureN8n() gives (or of the one at `bin`), e.g. '2.40.7'. */
export function n8nVersion(bin = ensureN8n()) {
	return JSON.parse(readFileSync(path.resolve(bin, '../../n8n/package.json'), 'utf8')).version;
}

/** `npm pack` of the built package into `destination`: the tarball path and the files it holds. */
export function packPackage(destination) {
	mkdirSync(destination, { recursive: true });
	const output = execFileSync(
		'npm',
		['pack', '--json', '--pack-destination', destination, '--ignore-scripts', '--loglevel=error'],
		{ cwd: ROOT, encoding: 'utf8' },
	);
	const [packed] = JSON.parse(output.slice(output.indexOf('[')));
	return {
		tarball: path.join(destination, packed.filename),
		files: packed.files.map((file) => file.path).sort(),
	};
}

/**
 * Puts a packed tarball where n8n's community-package installer puts it (<n8n folder>/nodes/
 * node_modules/<name>, devDependencies and peerDependencies removed from its package.json), where
 * n8n loads it at start as <name>.<node>. The package has no dependencies, so nothing is installed.
 */
export function installPackedPackage(tarball, n8nUserFolder) {
	const target = path.join(n8nUserFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
	const manifestPath = path.join(target, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
		readFileSync(manifestPath, 'utf8'),
	);
	writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	return target;
}

/**
 * An n8n home (N8N_USER_FOLDER). Options: home (default: a new temporary folder), port and
 * brokerPort (explicit, so that n8n never takes a port a test server or another n8n uses; the
 * broker port defaults to a free one, never n8n's 5679, which a running n8n or a simulator may
 * hold), customExtensions (load a copy of dist/ as CUSTOM.<name>; default true), logLevel,
 * extraEnv (added to every command's environment last, e.g. the queue-mode settings of
 * scripts/queue.mjs).
 */
export function createN8nHome({
	home,
	port = 0,
	brokerPort = 0,
	customExtensions = true,
	logLevel = 'info',
	extraEnv = {},
} = {}) {
	home ??= mkdtempSync(path.join(tmpdir(), 'webex-audit-n8n-'));
	mkdirSync(home, { recursive: true });
	const bin = ensureN8n();
	const version = n8nVersion(bin);
	const extensions = path.join(home, 'custom-extensions');
	if (customExtensions) {
		rmSync(extensions, { recursive: true, force: true });
		cpSync(path.join(ROOT, 'dist'), extensions, { recursive: true });
	}
	const env = {
		...process.env,
		...(port ? { N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1' } : {}),
		// Every n8n command (execute and import too) starts the task broker, even with runners off.
		N8N_RUNNERS_BROKER_PORT: String(brokerPort || freePortSync()),
		N8N_USER_FOLDER: home,
		...(customExtensions ? { N8N_CUSTOM_EXTENSIONS: extensions } : {}),
		N8N_LOG_LEVEL: logLevel,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_RUNNERS_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		...extraEnv,
	};
	const n8n = async (...args) => {
		try {
			const { stdout, stderr } = await run(bin, args, {
				env,
				timeout: 180_000,
				maxBuffer: 512 * 1024 * 1024,
			});
			return { code: 0, output: `${stdout}\n${stderr}` };
		} catch (error) {
			return { code: error.code ?? 1, output: `${error.stdout ?? ''}\n${error.stderr ?? ''}` };
		}
	};
	const importJson = async (kind, list) => {
		const file = path.join(home, `${kind}-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(list));
		const result = await n8n(`import:${kind}`, `--input=${file}`);
		rmSync(file, { force: true });
		if (result.code !== 0) throw new Error(`n8n import:${kind} failed:\n${result.output}`);
	};
	return {
		home,
		bin,
		version,
		env,
		importCredentials: (list) => importJson('credentials', list),
		importWorkflows: (list) => importJson('workflow', list),
		/** Activates an imported workflow from the command line: 2.x publishes it, 1.x sets it active. */
		async activate(id) {
			const args = version.startsWith('1.')
				? ['update:workflow', `--id=${id}`, '--active=true']
				: ['publish:workflow', `--id=${id}`];
			const result = await n8n(...args);
			if (result.code !== 0)
				throw new Error(`n8n ${args.join(' ')} failed:\n${result.output.slice(-2000)}`);
		},
		/**
		 * Runs a workflow; resolves to {ok, run, runData, output, wallMs (spawn to exit), pid}.
		 * extraEnv is added to the environment of this one `n8n execute`.
		 */
		async execute(id, { extraEnv = {} } = {}) {
			// --rawOutput: stdout carries only the run's JSON. It goes to a file: n8n exits right
			// after printing, and the end of a large output written to a pipe would be lost.
			const outFile = path.join(home, `execute-${id}-${Date.now()}.json`);
			const out = openSync(outFile, 'w');
			const started = performance.now();
			const code = await new Promise((resolve) => {
				const child = spawn(bin, ['execute', `--id=${id}`, '--rawOutput'], {
					env: { ...env, ...extraEnv },
					stdio: ['ignore', out, 'pipe'],
				});
				let stderr = '';
				child.stderr.on('data', (chunk) => (stderr += chunk));
				const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
				child.on('close', (exitCode) => {
					clearTimeout(timer);
					resolve({ exitCode: exitCode ?? 1, stderr, pid: child.pid });
				});
			});
			const wallMs = performance.now() - started;
			closeSync(out);
			const stdout = readFileSync(outFile, 'utf8');
			rmSync(outFile, { force: true });
			// The run's status, not the exit code: the first `execute` in a new home can exit 1 after a successful run.
			const run = parseExecuteOutput(stdout);
			return {
				ok: run?.status === 'success',
				run,
				runData: run?.data?.resultData?.runData,
				output: `${stdout}\n${code.stderr}`,
				wallMs,
				pid: code.pid,
			};
		},
		/** Any other n8n command, e.g. export:workflow. */
		command: n8n,
		/**
		 * Starts `n8n start` (or `n8n <command>`, e.g. worker) in its own process group, its log
		 * appended to logFile (or dropped).
		 */
		start({ logFile, command = 'start' } = {}) {
			const log = logFile ? openSync(logFile, 'a') : 'ignore';
			const child = spawn(bin, [command], { env, stdio: ['ignore', log, log], detached: true });
			if (logFile) closeSync(log);
			return child;
		},
		remove: () => rmSync(home, { recursive: true, force: true }),
	};
}

/** Stops a process started with start() and everything it started. */
export function stopProcessGroup(child, signal = 'SIGTERM') {
	try {
		process.kill(-child.pid, signal);
	} catch {}
}

/**
 * Starts the n8n server of `home` on `port` and waits until it answers /healthz/readiness and
 * its REST API answers (n8n 1.x is ready seconds before its REST routes are there).
 * Resolves to {url, child}; rejects with the end of the log if n8n exits or is not ready in time.
 * command 'worker': a queue-mode worker, `port` its health-check port (QUEUE_HEALTH_CHECK_PORT).
 */
export async function startServer(
	n8nHome,
	{ port, logFile, timeoutMs = 180_000, command = 'start' },
) {
	const child = n8nHome.start({ logFile, command });
	const url = `http://127.0.0.1:${port}`;
	let exited = false;
	child.on('exit', () => (exited = true));
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (exited || Date.now() > deadline) {
			stopProcessGroup(child, 'SIGKILL');
			const tail = logFile ? readFileSync(logFile, 'utf8').slice(-3000) : '(no log file)';
			throw new Error(
				`n8n did not become ready on ${url}${exited ? ' (it exited)' : ` within ${timeoutMs} ms`}:\n${tail}`,
			);
		}
		try {
			const paths =
				command === 'start' ? ['/healthz/readiness', '/rest/settings'] : ['/healthz/readiness'];
			let ready = true;
			for (const pathname of paths) ready &&= (await fetch(`${url}${pathname}`)).ok;
			if (ready) return { url, child };
		} catch {}
		await pause(500);
	}
}

/** An ended execution whose run data n8n has not saved after this long fails. */
const SAVE_TIMEOUT_MS = 60_000;
/** Reading an execution fails after this many network errors in a row. */
const READ_ATTEMPTS = 5;
const FINAL_STATUSES = ['success', 'error', 'crashed', 'canceled'];

/** A small client for n8n's internal REST API that keeps the session cookie. */
export function restClient(url) {
	let cookie = '';
	async function request(method, pathname, body) {
		const response = await fetch(`${url}${pathname}`, {
			method,
			headers: {
				...(body ? { 'content-type': 'application/json' } : {}),
				...(cookie ? { cookie } : {}),
				'browser-id': 'webex-audit-scripts',
			},
			body: body ? JSON.stringify(body) : undefined,
		});
		const setCookie = response.headers.get('set-cookie');
		if (setCookie) cookie = setCookie.split(';')[0];
		const text = await response.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return {
			status: response.status,
			json,
			text,
			contentType: response.headers.get('content-type'),
		};
	}
	/**
	 * GET /rest/executions/:id, tried again after a network error: n8n closes a kept-alive
	 * connection that was idle while a large run kept its event loop busy, and the next request on
	 * it fails (ECONNRESET). Reading an execution changes nothing, so asking again is safe.
	 */
	async function readExecution(executionId, what) {
		for (let attempt = 1; ; attempt++) {
			try {
				const response = await request('GET', `/rest/executions/${executionId}`);
				if (response.status !== 200 || !response.json?.data)
					throw new Error(
						`${what}: reading execution ${executionId} failed (${response.status}): ${response.text.slice(0, 2000)}`,
					);
				return response.json.data;
			} catch (error) {
				if (!(error instanceof TypeError) || attempt >= READ_ATTEMPTS) throw error;
				await pause(500);
			}
		}
	}

	/**
	 * The execution once it has ended and n8n has saved its run data, as the REST API gives it
	 * (`data` in n8n's flatted form). The count the editor shows, and the end n8n pushes, come
	 * before the save. n8n 1.x on SQLite without a read pool (its default, DB_SQLITE_POOL_SIZE=0)
	 * saves an ended execution in two writes, not one transaction: first the execution (status,
	 * stoppedAt), then its data; between them it reads as ended with the data it was created with
	 * (`[]` for a manual run), without `resultData`. A crashed or cancelled run may have no run data:
	 * it is returned as it is. Rejects (`what` names the run) when the run has not ended within
	 * `timeoutMs` (then asks n8n to stop it), or its data is not saved a minute after it ended.
	 */
	async function endedExecution(executionId, { timeoutMs = 300_000, what = 'a run' } = {}) {
		const deadline = Date.now() + timeoutMs;
		let endedAt;
		for (;;) {
			const execution = await readExecution(executionId, what);
			if (execution.stoppedAt || FINAL_STATUSES.includes(execution.status)) {
				if (
					String(execution.data).includes('"resultData"') ||
					['crashed', 'canceled'].includes(execution.status)
				)
					return execution;
				endedAt ??= Date.now();
				if (Date.now() - endedAt > SAVE_TIMEOUT_MS)
					throw new Error(
						`${what}: execution ${executionId} ended (status ${execution.status}, stoppedAt ${execution.stoppedAt}) but n8n had not saved its run data (data.resultData) ${SAVE_TIMEOUT_MS} ms later; its data: ${String(execution.data).slice(0, 200)}`,
					);
			} else if (Date.now() > deadline) {
				await request('POST', `/rest/executions/${executionId}/stop`);
				throw new Error(`${what} did not end within ${timeoutMs} ms`);
			}
			await pause(100);
		}
	}

	return {
		request,
		endedExecution,
		/**
		 * Runs a workflow as the editor's "Execute workflow" does, from `trigger` up to and
		 * including `destination` (2.x: the workflow as saved; 1.x: the editor sends it), and
		 * waits for it to end (at most 3 minutes; see endedExecution). Resolves to the execution;
		 * rejects if it cannot be started.
		 */
		async runManually(workflowId, { trigger, destination }) {
			const version = (await request('GET', '/rest/settings')).json?.data?.versionCli ?? '';
			const body = {
				...(version.startsWith('1.')
					? { workflowData: (await request('GET', `/rest/workflows/${workflowId}`)).json.data }
					: {}),
				triggerToStartFrom: { name: trigger },
				destinationNode: { nodeName: destination, mode: 'inclusive' },
			};
			const started = await request('POST', `/rest/workflows/${workflowId}/run`, body);
			if (started.status !== 200 || !started.json?.data?.executionId)
				throw new Error(
					`Could not run workflow ${workflowId} (${started.status}): ${started.text}`,
				);
			return await endedExecution(started.json.data.executionId, {
				timeoutMs: 180_000,
				what: `workflow ${workflowId}`,
			});
		},
		/** Creates the owner account on a new instance; logs in on one that has it. */
		async signIn(owner) {
			const settings = await request('GET', '/rest/settings');
			if (settings.json?.data?.userManagement?.showSetupOnFirstLoad) {
				const setup = await request('POST', '/rest/owner/setup', owner);
				if (setup.status !== 200)
					throw new Error(`Owner setup failed (${setup.status}): ${setup.text}`);
				return 'created';
			}
			const login = await request('POST', '/rest/login', {
				emailOrLdapLoginId: owner.email,
				password: owner.password,
			});
			if (login.status !== 200)
				throw new Error(`Login as ${owner.email} failed (${login.status}): ${login.text}`);
			return 'signed in';
		},
	};
}

/**
 * The run `n8n execute --rawOutput` printed (pretty JSON, from a line "{" to a line "}"; n8n may
 * log other lines before and after it), or undefined.
 */
function parseExecuteOutput(text) {
	try {
		return JSON.parse(text.slice(text.search(/^\{$/m), text.lastIndexOf('\n}') + 2));
	} catch {
		return undefined;
	}
}

/** The output items of one node in a run. */
export function itemsOf(runData, nodeName) {
	return runData?.[nodeName]?.[0]?.data?.main?.[0] ?? [];
}

/** A workflow: Manual Trigger -> the given nodes, one after another (typeVersion 1 unless given). */
export function manualWorkflow(id, ...nodes) {
	const start = {
		id: `${id}-start`,
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const chain = [
		start,
		...nodes.map((node, index) => ({
			id: `${id}-${index}`,
			typeVersion: 1,
			position: [240 * (index + 1), 0],
			...node,
		})),
	];
	return {
		id,
		name: `workflow ${id}`,
		active: false,
		settings: { timezone: 'UTC' },
		connections: Object.fromEntries(
			chain
				.slice(0, -1)
				.map((node, index) => [
					node.name,
					{ main: [[{ node: chain[index + 1].name, type: 'main', index: 0 }]] },
				]),
		),
		nodes: chain,
	};
}

/**
 * Where servers the tests start listen: below Linux's ephemeral range (32768–60999; macOS's starts
 * at 49152). A port from that range (what listen(0) gives) can be taken by any outgoing connection
 * before the server meant for it listens, and n8n listens only some seconds after it starts: with
 * two e2e files at a time, n8n once found its port "already in use".
 */
const LISTEN_PORTS = { from: 20_000, count: 12_000 };

/** Run in a child process too (freePortSync): a random port of LISTEN_PORTS nothing listens on now. */
const findFreePort = async ({ from, count }) => {
	const { createServer } = await import('node:net');
	for (let attempt = 1; attempt <= 50; attempt++) {
		const port = from + Math.floor(Math.random() * count);
		const free = await new Promise((resolve) => {
			const server = createServer()
				.once('error', () => resolve(false))
				.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
		});
		if (free) return port;
	}
	throw new Error(`no free port from ${from} in 50 tries`);
};

/** A free TCP port on 127.0.0.1 (see LISTEN_PORTS). */
export const freePort = () => findFreePort(LISTEN_PORTS);

/** A free TCP port on 127.0.0.1 (see LISTEN_PORTS), found synchronously by a child process. */
export function freePortSync() {
	const script = `(${findFreePort})(${JSON.stringify(LISTEN_PORTS)}).then((port) => process.stdout.write(String(port)))`;
	return Number(
		execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 }),
	);
}

/**
 * The data of the `webexApi` credential for an access token and a Webex base URL, in the form the
 * credential's Base URL field holds it: the Commercial or FedRAMP option (whose values are those
 * URLs) when it is one of them, else Custom with the URL in customBaseUrl. No base URL: Commercial.
 * The option values come from the built package (dist/), so they cannot drift from the credential.
 */
export function webexApiCredentialData(accessToken, baseUrl) {
	const { COMMERCIAL_BASE_URL, FEDRAMP_BASE_URL } = createRequire(import.meta.url)(
		path.join(ROOT, 'dist/nodes/shared/baseUrl.js'),
	);
	const url = (baseUrl ?? '').trim().replace(/\/+$/, '') || COMMERCIAL_BASE_URL;
	if (url === COMMERCIAL_BASE_URL || url === FEDRAMP_BASE_URL) return { accessToken, baseUrl: url };
	return { accessToken, baseUrl: 'custom', customBaseUrl: url };
}

/**
 * Waits until `received()` holds as many entries as `expected()` (what a trigger should have
 * emitted so far), both read in one moment, so that a poll between two reads cannot set them
 * apart; resolves to that pair, for one assertion. Fails after `timeoutMs`.
 */
export async function waitForAll(received, expected, timeoutMs, what) {
	let seen;
	await waitFor(
		() => {
			seen = { received: [...received()], expected: expected() };
			return seen.received.length >= seen.expected.length;
		},
		timeoutMs,
		what,
	);
	return seen;
}

/** Waits until `condition()` is true, checking every 250 ms, failing after `timeoutMs`. */
export async function waitFor(condition, timeoutMs, what) {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline)
			throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await pause(250);
	}
}
