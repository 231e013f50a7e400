// One real n8n (`n8n start`) shared by the end-to-end files of a run, instead of an n8n home per
// file and an `n8n execute` (a whole n8n boot, about 10 s) per workflow run.
//
// The instance has the packed package (`npm pack`) installed as n8n's community-package installer
// lays it out (node types n8n-nodes-webex-audit.<name>, as in users' workflows), an owner account,
// and N8N_RESTRICT_FILE_ACCESS_TO on one folder, in which each file takes its own (folder()).
// `npm run test:e2e` and `test:e2e:1x` start it once, in test/e2e/globalSetup.mjs (node --test
// --test-global-setup), and name its state file in WEBEX_AUDIT_SHARED_N8N; a file run alone
// (`node --test test/e2e/nodes.e2e.mjs`) starts one for itself.
//
// A file uses it as it used createN8nHome(): importCredentials, importWorkflows, execute (see
// useSharedN8n). Credentials and workflows are created through n8n's REST API with new IDs; the
// IDs a file gives are its own names for them, so files never see each other's.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	createN8nHome,
	freePort,
	installPackedPackage,
	packPackage,
	PACKAGE_NAME,
	restClient,
	startServer,
	stopProcessGroup,
} from '../../scripts/n8n.mjs';

/** The node type of one of the package's nodes in the shared n8n, e.g. nodeType('webexEvents'). */
export const nodeType = (name) => `${PACKAGE_NAME}.${name}`;

const OWNER = {
	email: 'owner@example.com',
	firstName: 'Shared',
	lastName: 'E2e',
	password: 'WebexAudit-e2e-1',
};
const STATE_ENV = 'WEBEX_AUDIT_SHARED_N8N';
/** A workflow run that has not ended after this long fails (as `n8n execute`'s 180 s did). */
const RUN_TIMEOUT_MS = 300_000;

/**
 * Starts the shared n8n: packs the package, installs it into a new n8n home, starts `n8n start` on
 * free ports and creates the owner. Resolves to {state, stop}; state is what useSharedN8n needs.
 */
export async function startSharedN8n() {
	const root = mkdtempSync(path.join(tmpdir(), 'webex-audit-shared-n8n-'));
	const files = path.join(root, 'files');
	mkdirSync(files);
	const packed = packPackage(path.join(root, 'pack'));
	const port = await freePort();
	const n8n = createN8nHome({
		home: path.join(root, 'home'),
		port,
		brokerPort: await freePort(),
		customExtensions: false,
		extraEnv: {
			N8N_RESTRICT_FILE_ACCESS_TO: files,
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		},
	});
	installPackedPackage(packed.tarball, n8n.home);
	const logFile = path.join(root, 'n8n.log');
	const { url, child } = await startServer(n8n, { port, logFile });
	await restClient(url).signIn(OWNER);
	const state = {
		url,
		logFile,
		files,
		packed,
		version: n8n.version,
		n8nPrefix: path.resolve(n8n.bin, '../..'),
	};
	const stateFile = path.join(root, 'state.json');
	writeFileSync(stateFile, JSON.stringify(state));
	return {
		state,
		stateFile,
		async stop() {
			if (child.exitCode === null) {
				const exited = new Promise((resolve) => child.once('exit', resolve));
				stopProcessGroup(child, 'SIGTERM');
				const timer = setTimeout(() => stopProcessGroup(child, 'SIGKILL'), 30_000);
				await exited;
				clearTimeout(timer);
			}
			rmSync(root, { recursive: true, force: true });
		},
	};
}

/**
 * The shared n8n for one test file (call it in `before`, and `release()` in `after`): the one the
 * global setup started, or else one started for this file. Resolves to:
 * - version: n8n's version, e.g. '2.40.7'; packed: {tarball, files} of the package it runs;
 * - folder(prefix): a new folder where the instance may read and write files;
 * - importCredentials(list), importWorkflows(list): as createN8nHome's, each `id` the file's own
 *   name for it (a workflow's credentials name them by it too); importing an ID again updates it;
 * - execute(id, {trigger}): runs the workflow from its Manual Trigger (or the trigger node named),
 *   as the editor's "Execute workflow" does (a polling trigger's poll in manual mode: Fetch Test
 *   Event), and resolves to {ok, run, runData, output, wallMs} like createN8nHome's execute: `run` the
 *   execution with its data (without the workflow), `runText` that as JSON, `output` that and what
 *   n8n logged during the run (other files' runs too when files run side by side: assert what a
 *   run must show on `runText`, what nothing may print on `output`);
 * - api: the signed-in REST client; release().
 */
export async function useSharedN8n() {
	let own;
	let state;
	if (process.env[STATE_ENV]) state = JSON.parse(readFileSync(process.env[STATE_ENV], 'utf8'));
	else {
		own = await startSharedN8n();
		state = own.state;
	}
	const api = restClient(state.url);
	await api.signIn(OWNER);
	const { parse } = createRequire(path.join(state.n8nPrefix, 'node_modules/n8n/package.json'))(
		'flatted',
	);
	const credentialIds = new Map();
	const workflowIds = new Map();
	const folders = [];

	const check = (response, what) => {
		if (response.status !== 200 || !response.json?.data)
			throw new Error(`${what} failed (${response.status}): ${response.text.slice(0, 2000)}`);
		return response.json.data;
	};

	/** The workflow with the file's credential IDs replaced by the instance's. */
	const withInstanceCredentials = (workflow) => ({
		...workflow,
		nodes: workflow.nodes.map((node) =>
			node.credentials
				? {
						...node,
						credentials: Object.fromEntries(
							Object.entries(node.credentials).map(([type, { id, name }]) => {
								if (!credentialIds.has(id))
									throw new Error(`${workflow.id}: credential ${id} was not imported`);
								return [type, { id: credentialIds.get(id), name }];
							}),
						),
					}
				: node,
		),
	});

	return {
		version: state.version,
		packed: state.packed,
		api,
		/** The instance's ID of a credential this file imported. */
		credentialId: (id) => credentialIds.get(id),
		folder(prefix = 'e2e-') {
			const folder = mkdtempSync(path.join(state.files, prefix));
			folders.push(folder);
			return folder;
		},
		async importCredentials(list) {
			for (const { id, name, type, data } of list) {
				const body = { name, type, data };
				if (credentialIds.has(id)) {
					check(
						await api.request('PATCH', `/rest/credentials/${credentialIds.get(id)}`, body),
						`updating credential ${id}`,
					);
				} else {
					const created = check(
						await api.request('POST', '/rest/credentials', body),
						`creating credential ${id}`,
					);
					credentialIds.set(id, created.id);
				}
			}
		},
		async importWorkflows(list) {
			for (const workflow of list) {
				const { id, name, nodes, connections, settings } = withInstanceCredentials(workflow);
				const body = { name: `${name} (${id})`, nodes, connections, settings, active: false };
				if (workflowIds.has(id)) {
					const current = check(
						await api.request('GET', `/rest/workflows/${workflowIds.get(id)}`),
						`reading workflow ${id}`,
					);
					check(
						await api.request('PATCH', `/rest/workflows/${workflowIds.get(id)}`, {
							...body,
							versionId: current.versionId,
						}),
						`updating workflow ${id}`,
					);
				} else {
					const created = check(
						await api.request('POST', '/rest/workflows', body),
						`creating workflow ${id}`,
					);
					workflowIds.set(id, created.id);
				}
			}
		},
		async execute(id, { trigger: triggerName } = {}) {
			const workflowId = workflowIds.get(id);
			if (!workflowId) throw new Error(`workflow ${id} was not imported`);
			const logStart = statSync(state.logFile).size;
			const started = performance.now();
			const workflow = check(
				await api.request('GET', `/rest/workflows/${workflowId}`),
				`reading workflow ${id}`,
			);
			const trigger = workflow.nodes.find((node) =>
				triggerName ? node.name === triggerName : node.type === 'n8n-nodes-base.manualTrigger',
			);
			if (!trigger) throw new Error(`workflow ${id} has no ${triggerName ?? 'Manual Trigger'}`);
			// 1.x runs the workflow the editor sends; 2.x the one saved.
			const body = {
				...(state.version.startsWith('1.') ? { workflowData: workflow } : {}),
				triggerToStartFrom: { name: trigger.name },
			};
			const { executionId } = check(
				await api.request('POST', `/rest/workflows/${workflowId}/run`, body),
				`running workflow ${id}`,
			);
			const execution = await api.endedExecution(executionId, {
				timeoutMs: RUN_TIMEOUT_MS,
				what: `workflow ${id}`,
			});
			const data = parse(execution.data);
			const wallMs = performance.now() - started;
			// The run as `n8n execute` printed it: the workflow (its parameters as the file gave them)
			// apart.
			const { workflowData, ...run } = { ...execution, data };
			const log = readFileSync(state.logFile).subarray(logStart).toString('utf8');
			const runText = JSON.stringify(run);
			return {
				ok: run.status === 'success',
				run,
				runData: run.data?.resultData?.runData,
				runText,
				output: `${runText}\n${log}`,
				wallMs,
			};
		},
		async release() {
			for (const folder of folders) rmSync(folder, { recursive: true, force: true });
			await own?.stop();
		},
	};
}
