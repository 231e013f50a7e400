// Drives the pinned real n8n headless: import credentials and workflows, run `n8n execute`, and
// read the run data it prints. The package is loaded from dist/ through N8N_CUSTOM_EXTENSIONS,
// so its node types are CUSTOM.<name> (a community-package install names them
// n8n-nodes-webex-audit.<name>, as examples/ do).
import { execFile, execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Installs the pinned n8n into the cache on first use (minutes), then returns its binary at once. */
export function ensureN8n() {
	return execFileSync('bash', [path.join(root, 'scripts/install-n8n.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 20 * 60_000 }).trim();
}

/** A throw-away n8n home with this package's dist/ as custom extensions. */
export function createN8nHome({ port = 0, brokerPort = 0 } = {}) {
	const home = mkdtempSync(path.join(tmpdir(), 'webex-audit-e2e-'));
	const bin = ensureN8n();
	const env = {
		...process.env,
		// Explicit ports, so that n8n never takes one a test server or another n8n already uses.
		...(port ? { N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1' } : {}),
		...(brokerPort ? { N8N_RUNNERS_BROKER_PORT: String(brokerPort) } : {}),
		N8N_USER_FOLDER: home,
		N8N_CUSTOM_EXTENSIONS: path.join(root, 'dist'),
		N8N_LOG_LEVEL: 'info',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_RUNNERS_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
	};
	const n8n = async (...args) => {
		try {
			const { stdout, stderr } = await run(bin, args, { env, timeout: 180_000, maxBuffer: 512 * 1024 * 1024 });
			return { code: 0, output: `${stdout}\n${stderr}` };
		} catch (error) {
			return { code: error.code ?? 1, output: `${error.stdout ?? ''}\n${error.stderr ?? ''}` };
		}
	};
	const importJson = async (kind, list) => {
		const file = path.join(home, `${kind}-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(list));
		const result = await n8n(`import:${kind}`, `--input=${file}`);
		if (result.code !== 0) throw new Error(`n8n import:${kind} failed:\n${result.output}`);
	};
	return {
		home,
		importCredentials: (list) => importJson('credentials', list),
		importWorkflows: (list) => importJson('workflow', list),
		/** Runs a workflow; resolves to {ok, runData, output}. */
		async execute(id) {
			// --rawOutput: stdout carries only the run's JSON. It goes to a file: n8n exits right
			// after printing, and the end of a large output written to a pipe would be lost.
			const outFile = path.join(home, `execute-${id}-${Date.now()}.json`);
			const out = openSync(outFile, 'w');
			const code = await new Promise((resolve) => {
				const child = spawn(bin, ['execute', `--id=${id}`, '--rawOutput'], { env, stdio: ['ignore', out, 'pipe'] });
				let stderr = '';
				child.stderr.on('data', (chunk) => (stderr += chunk));
				const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
				child.on('close', (exitCode) => {
					clearTimeout(timer);
					resolve({ exitCode: exitCode ?? 1, stderr });
				});
			});
			closeSync(out);
			const stdout = readFileSync(outFile, 'utf8');
			let runData;
			try {
				runData = JSON.parse(stdout.slice(stdout.indexOf('{'))).data?.resultData?.runData;
			} catch {
				runData = undefined;
			}
			return { ok: code.exitCode === 0 && runData !== undefined, runData, output: `${stdout}\n${code.stderr}` };
		},
		/** Any other n8n command, e.g. publish:workflow. */
		command: n8n,
		/** Starts `n8n start` (active workflows run); returns the child process. */
		start: () => spawn(bin, ['start'], { env, stdio: ['ignore', 'ignore', 'ignore'], detached: true }),
		remove: () => rmSync(home, { recursive: true, force: true }),
	};
}

/** The output items of one node in a run. */
export function itemsOf(runData, nodeName) {
	return runData?.[nodeName]?.[0]?.data?.main?.[0] ?? [];
}

/** A workflow: Manual Trigger -> the given node. */
export function manualWorkflow(id, node) {
	return {
		id,
		name: `e2e ${id}`,
		active: false,
		settings: { timezone: 'UTC' },
		connections: { Start: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
		nodes: [{ id: `${id}-start`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }, { id: `${id}-node`, typeVersion: 1, position: [240, 0], ...node }],
	};
}

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
	const { createServer } = await import('node:net');
	return await new Promise((resolve) => {
		const server = createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Waits until `condition()` is true, checking every 250 ms, failing after `timeoutMs`. */
export async function waitFor(condition, timeoutMs, what) {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
