// The package in n8n's queue mode (scripts/queue.mjs): Postgres, Redis, one main and workers, each
// n8n home with the packed package installed as n8n installs community packages. Everything goes
// through the main's REST API, as the editor does; the workers' logs say which worker ran which
// execution ("Worker started/finished execution N"), the main's that it only queued it.
// - A worker without the package fails the execution it takes (the negative control: the package
//   must be on every worker, and the checks below would notice a worker that runs without it).
// - Every example in examples/ runs on the workers with the right records; 20 runs at once are
//   shared by both workers and each returns every record once.
// - The Webex Events Trigger, activated on the main: two polls emit exactly the new events, the
//   executions run on workers, its state is in Postgres; after a restart of the main the next poll
//   neither repeats nor loses an event.
// - The Webex Compliance Webhook Trigger, activated on the main: each signed notification is one
//   execution, run on a worker with its recording resolved; deactivation deletes the webhook.
// - `npm run dev -- --queue` starts the same for a person, and Ctrl-C stops every process it started.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
	ensureN8n,
	freePort,
	manualWorkflow,
	PACKAGE_NAME,
	restClient,
	ROOT,
	waitFor,
} from '../../scripts/n8n.mjs';
import {
	enqueuedExecutions,
	processTreeRssMb,
	startQueue,
	workerExecutions,
} from '../../scripts/queue.mjs';
import { present, SITES } from '../../simulator/recordings.mjs';
import { createSimulator } from '../../simulator/server.mjs';
import { untilRegistered, untilServed, webhookTriggerNode } from './webhookTrigger.mjs';

// n8n stores execution data in the `flatted` format; read it with n8n's own copy.
const { parse: unflatten } = createRequire(path.resolve(ensureN8n(), '../../n8n/package.json'))(
	'flatted',
);

const OWNER = {
	email: 'owner@example.com',
	firstName: 'Queue',
	lastName: 'Tester',
	password: 'WebexAudit-queue-1',
};
const TRIGGER = 'Webex Events Trigger';
const EXAMPLE_FILES = readdirSync(path.join(ROOT, 'examples'))
	.filter((file) => file.endsWith('.json'))
	.sort();
const example = (file) => JSON.parse(readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
const log = (line) => console.log(`# [queue] ${line}`);

let simulator; // the Webex API of the examples and the 20 runs
let triggerSimulator; // the trigger's own, so that its new events never touch the examples' windows
let collector;
const received = []; // event ids the trigger's workflow posted, in order (from the workers)
let queue;
let api;
const everyWorker = []; // every worker started, also those stopped since
const workflows = {};
let credentialId;
let serviceAppCredentialId;
let triggerCredentialId;
const timings = {};

/** Waits until the async `condition()` is true, checking every 500 ms, failing after `timeoutMs`. */
async function until(condition, timeoutMs, what) {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline)
			throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** Awaits `action()` (itself bounded); its failure says which step, `what`, did not happen. */
async function step(what, action) {
	try {
		return await action();
	} catch (error) {
		throw new Error(`Waiting for ${what}: ${error.message}`, { cause: error });
	}
}

/** The body of a successful REST answer; fails with the answer otherwise. */
async function rest(method, pathname, body) {
	const answer = await api.request(method, pathname, body);
	assert.ok(answer.status < 300, `${method} ${pathname}: ${answer.status} ${answer.text}`);
	return answer.json.data;
}

/** Creates a workflow through the REST API (as the editor's import does); resolves to it. */
async function createWorkflow(workflow) {
	const { id, versionId } = await rest('POST', '/rest/workflows', {
		name: workflow.name,
		nodes: workflow.nodes,
		connections: workflow.connections,
		settings: workflow.settings ?? {},
	});
	return { ...workflow, id, versionId };
}

/** The example with its Webex credentials pointing at ours (a token one, and a service app). */
function withCredential(workflow, id, serviceAppId) {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => {
			if (node.credentials?.webexApi)
				return { ...node, credentials: { webexApi: { id, name: 'Webex (simulator)' } } };
			if (node.credentials?.webexServiceAppApi)
				return {
					...node,
					credentials: { webexServiceAppApi: { id: serviceAppId, name: 'Webex service app' } },
				};
			return node;
		}),
	};
}

/** Starts a run from the editor's API; resolves to the execution id. */
async function run(workflowId, body) {
	const { executionId } = await rest('POST', `/rest/workflows/${workflowId}/run`, body);
	assert.ok(executionId, 'the run has an execution id');
	return String(executionId);
}

/** The execution once it has ended with its run data (bounded), its data unflattened. */
async function ended(executionId, timeoutMs = 120_000) {
	const execution = await api.endedExecution(executionId, { timeoutMs, what: 'a queued run' });
	return { ...execution, data: unflatten(execution.data) };
}

/**
 * The one worker whose log says it started the execution and then `outcome` ('finished', or
 * 'errored'), waiting for the log line (bounded); the main's log must say it queued it.
 */
async function workerThatRan(executionId, outcome = 'finished') {
	const ranIt = () =>
		everyWorker.filter((worker) => workerExecutions(worker.logFile)[outcome].has(executionId));
	await waitFor(() => ranIt().length > 0, 15_000, `a worker to log execution ${executionId}`);
	const [worker, ...others] = ranIt();
	assert.deepEqual(others, [], `execution ${executionId} was run by one worker`);
	assert.ok(workerExecutions(worker.logFile).started.has(executionId));
	assert.ok(
		enqueuedExecutions(queue.main.logFile).has(executionId),
		`the main queued execution ${executionId}`,
	);
	return worker;
}

/**
 * How a person runs an example in the editor: from its Schedule Trigger up to the node before the
 * first one that needs another service's account (Slack, Google Sheets).
 */
function runToWebex(workflow) {
	const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.scheduleTrigger');
	const elsewhere = workflow.nodes
		.filter((node) => node.type.startsWith('n8n-nodes-base.') && node.credentials)
		.map((node) => node.name);
	const [last] = Object.entries(workflow.connections).find(([, { main }]) =>
		main.flat().some((connection) => elsewhere.includes(connection.node)),
	);
	return {
		triggerToStartFrom: { name: trigger.name },
		destinationNode: { nodeName: last, mode: 'inclusive' },
	};
}

/**
 * What one of the package's list nodes must have returned: every record of the window it asked
 * the simulator for (from the earliest From to the latest To of its requests since
 * clearRequests(): a node may split a long window), in the simulator's order. Resolves to
 * {expected, compare}: the output's records, mapped by compare, must equal expected; undefined for
 * the nodes whose records their own e2e files check (meeting reports, call history).
 */
function expectedRecords({ type: nodeType, parameters }) {
	const askedFor = (endpoint, [fromParam, toParam] = ['from', 'to']) => {
		const requests = simulator.requests.filter((r) => r.path === endpoint);
		assert.ok(requests.length > 0, `requests to ${endpoint}`);
		const times = (name) => requests.map((r) => Date.parse(r.query[name]));
		return {
			fromMs: Math.min(...times(fromParam)),
			toMs: Math.max(...times(toParam)),
			timezone: requests[0].timezone,
		};
	};
	const window = (dataset, { fromMs, toMs }) => {
		assert.ok(Number.isFinite(fromMs) && Number.isFinite(toMs), 'the requests name a window');
		const [start, end] = dataset.range(fromMs, toMs);
		assert.ok(end - start > 5, 'the window holds records');
		return Array.from({ length: end - start }, (_, n) => dataset.at(start + n));
	};
	const byId = (dataset, endpoint) => ({
		expected: window(dataset, askedFor(endpoint)).map((record) => record.id),
		compare: (record) => record.id,
	});
	switch (nodeType.slice(PACKAGE_NAME.length + 1)) {
		case 'webexEvents': {
			// A Resource filter (the message files example): the window's events of that resource.
			const resource = parameters.filters?.eventResource;
			return {
				expected: window(simulator.events, askedFor('/v1/events'))
					.filter((event) => !resource || event.resource === resource)
					.map((event) => event.id),
				compare: (record) => record.id,
			};
		}
		case 'webexAdminAudit': {
			if (parameters.resource !== 'securityAuditEvent')
				return byId(simulator.adminAudit, '/v1/adminAudit/events');
			// Sign-In Result is read on the client: of the window's sign-ins, the ones it keeps.
			const asked = askedFor('/v1/admin/securityAudit/events', ['startTime', 'endTime']);
			const failedOnly = parameters.filters?.signInResult === 'failed';
			return {
				expected: window(simulator.securityAudit, asked)
					.filter((record) => !failedOnly || record.data.eventStatus === 'FAILURE')
					.map((record) => record.id),
				compare: (record) => record.id,
			};
		}
		case 'webexRecordingAudit': {
			// Whole rows: all hosts of the first site, times in the workflow's time zone.
			const asked = askedFor('/v1/recordingReport/accessSummary');
			assert.equal(asked.toMs - asked.fromMs, 7 * 86_400_000);
			return {
				expected: window(simulator.recordings, asked)
					.filter((summary) => summary.siteUrl === SITES[0])
					.map((summary) => present(summary, asked.timezone)),
				compare: (row) => row,
			};
		}
		case 'webexMeetingCompliance': {
			// Every site in turn (All My Sites), each site's records newest first.
			const [dataset, endpoint, keep, compare] =
				parameters.resource === 'recording'
					? [
							simulator.adminRecordings,
							'/v1/admin/recordings',
							(record) => record.status === parameters.status,
							(record) => record.id,
						]
					: [
							simulator.transcripts,
							'/v1/admin/meetingTranscripts',
							() => true,
							(record) => (parameters.operation === 'download' ? record.transcriptId : record.id),
						];
			const records = window(dataset, askedFor(endpoint)).filter(keep);
			return {
				expected: SITES.flatMap((site) =>
					records.filter((record) => record.siteUrl === site).map((record) => record.id),
				),
				compare,
			};
		}
		default:
			// Meeting reports and call history: their own e2e files check their records.
			return undefined;
	}
}

/** The output records of a node, by name, in a run's data. */
const itemsOf = (data, nodeName) =>
	data.resultData.runData[nodeName]?.[0]?.data?.main?.[0]?.map((item) => item.json) ?? [];

/**
 * Starts `count` runs of a workflow (Start -> Webex Events) at once and waits for them: each must
 * succeed with exactly the `expected` event ids, in order. Resolves to the runs per worker.
 */
async function runsAtOnce(workflow, count, expected) {
	const ids = await Promise.all(
		Array.from({ length: count }, () =>
			run(workflow.id, { triggerToStartFrom: { name: 'Start' } }),
		),
	);
	assert.equal(new Set(ids).size, count);
	const executions = await Promise.all(ids.map((id) => ended(id, 180_000)));
	const byWorker = new Map();
	for (const [index, execution] of executions.entries()) {
		assert.equal(execution.status, 'success', JSON.stringify(execution.data.resultData.error));
		assert.deepEqual(
			itemsOf(execution.data, 'Webex Events').map((event) => event.id),
			expected,
			`execution ${ids[index]} returned every event of the window once, in order`,
		);
		const worker = (await workerThatRan(ids[index])).name;
		byWorker.set(worker, (byWorker.get(worker) ?? 0) + 1);
	}
	return byWorker;
}

describe('the package in queue mode: Postgres, Redis, one main, two workers', () => {
	before(
		async () => {
			// Service app access tokens live 2 seconds and each renewal rotates the refresh token, as
			// Webex may: the runs on both workers that find a token expired renew at once, and all but
			// one of them are refused the rotated refresh token and try again.
			simulator = await createSimulator({
				events: 30_000,
				eventSpanDays: 10,
				recordings: 3000,
				transcripts: 6000,
				adminRecordings: 6000,
				// The failed sign-ins example reads the last hour.
				securityAuditEvents: 20_000,
				securityAuditSpanDays: 10,
				oauth: { accessTokenLifetimeSeconds: 2, rotateRefreshTokens: true },
			});
			triggerSimulator = await createSimulator({ events: 200, seed: 7 });
			collector = http.createServer((req, res) => {
				let body = '';
				req.on('data', (chunk) => (body += chunk));
				req.on('end', () => {
					received.push(JSON.parse(body).id);
					res.end('{}');
				});
			});
			collector.listen(0, '127.0.0.1');
			await once(collector, 'listening');

			const started = performance.now();
			queue = await startQueue({ mainPort: await freePort(), workers: 0, say: log });
			timings.mainAndServicesMs = performance.now() - started;
			timings.mainMs = queue.main.startMs;
			log(
				`Postgres, Redis and the main ready in ${(timings.mainAndServicesMs / 1000).toFixed(1)} s`,
			);
			api = restClient(queue.main.url);
			assert.equal(await api.signIn(OWNER), 'created');

			// The credentials and the examples, through the REST API as the editor's import does.
			credentialId = (
				await rest('POST', '/rest/credentials', {
					name: 'Webex (simulator)',
					type: 'webexApi',
					data: { accessToken: 'sim-token', baseUrl: 'custom', customBaseUrl: simulator.baseUrl },
				})
			).id;
			triggerCredentialId = (
				await rest('POST', '/rest/credentials', {
					name: 'Webex (trigger simulator)',
					type: 'webexApi',
					data: {
						accessToken: 'sim-token',
						baseUrl: 'custom',
						customBaseUrl: triggerSimulator.baseUrl,
					},
				})
			).id;
			// A service app credential as a user creates it: client ID, secret and refresh token only.
			serviceAppCredentialId = (
				await rest('POST', '/rest/credentials', {
					name: 'Webex service app (simulator)',
					type: 'webexServiceAppApi',
					data: simulator.serviceAppCredentialData(),
				})
			).id;
			for (const file of EXAMPLE_FILES)
				workflows[file] = await createWorkflow(
					withCredential(example(file), credentialId, serviceAppCredentialId),
				);
		},
		{ timeout: 300_000 },
	);

	after(
		async () => {
			if (queue) log(`logs of the processes (removed now): ${queue.dir}`);
			await queue?.stop();
			// Both stop even when one rejects (a violation of Webex's definitions), then that fails.
			const closed = await Promise.allSettled([simulator?.close(), triggerSimulator?.close()]);
			if (collector) await new Promise((resolve) => collector.close(resolve));
			for (const { reason } of closed) if (reason) throw reason;
		},
		{ timeout: 120_000 },
	);

	it(
		'a worker without the package fails the execution it takes (negative control)',
		// Each step below has its own bound (at most 6 minutes in all) and names itself when it fails;
		// the test's own is longer, so that a step's failure, not the test's, is what is reported and
		// the worker is stopped before the next test starts the workers with the package.
		{ timeout: 420_000 },
		async () => {
			const bare = await step('the worker without the package to start', () =>
				queue.startWorker({ name: 'worker-without-package', withPackage: false }),
			);
			everyWorker.push(bare);
			try {
				assert.equal(
					existsSync(path.join(bare.home, '.n8n/nodes/node_modules', PACKAGE_NAME)),
					false,
				);
				const workflow = workflows['webex-events-to-slack.json'];
				const executionId = await run(workflow.id, runToWebex(workflow));
				const logged = () => workerExecutions(bare.logFile);
				await waitFor(
					() => logged().started.has(executionId),
					60_000,
					`the worker without the package to take execution ${executionId} (its log: ${bare.logFile})`,
				);
				await waitFor(
					() => logged().errored.has(executionId) || logged().finished.has(executionId),
					60_000,
					`the worker without the package to end execution ${executionId} (its log: ${bare.logFile})`,
				);
				assert.equal(
					logged().finished.has(executionId),
					false,
					`the worker without the package ran execution ${executionId} to its end`,
				);
				assert.ok(
					readFileSync(bare.logFile, 'utf8').includes(
						`Unrecognized node type: ${PACKAGE_NAME}.webexEvents (execution ${executionId})`,
					),
					`the worker's log names the node it does not have`,
				);
				assert.equal(await workerThatRan(executionId, 'errored'), bare);
				// What the person who started it sees: the execution failed, with the reason.
				const execution = await step(`the main to record execution ${executionId} as ended`, () =>
					ended(executionId, 60_000),
				);
				assert.equal(execution.status, 'error');
				assert.equal(
					execution.data.resultData.error?.message,
					`Unrecognized node type: ${PACKAGE_NAME}.webexEvents`,
				);
			} finally {
				// Gone before the workers with the package start: it must take no other execution.
				await queue.stopWorker(bare);
			}
		},
	);

	it('two workers with the package start and join the queue', { timeout: 120_000 }, async () => {
		const started = performance.now();
		const workers = await Promise.all([queue.startWorker(), queue.startWorker()]);
		timings.workersMs = performance.now() - started;
		everyWorker.push(...workers);
		for (const worker of workers) {
			assert.ok(
				existsSync(path.join(worker.home, '.n8n/nodes/node_modules', PACKAGE_NAME, 'package.json')),
				`${worker.name} has the package installed as a community package`,
			);
		}
		log(
			`two workers ready in ${(timings.workersMs / 1000).toFixed(1)} s; main started in ${(timings.mainMs / 1000).toFixed(1)} s (first start, with migrations)`,
		);
	});

	it(
		'the trigger activates on the main: its activation poll reads Webex',
		{ timeout: 90_000 },
		async () => {
			const workflow = await createWorkflow({
				name: 'Webex events to the collector',
				settings: { timezone: 'UTC' },
				connections: { [TRIGGER]: { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
				nodes: [
					{
						id: 'trigger',
						name: TRIGGER,
						type: `${PACKAGE_NAME}.webexEventsTrigger`,
						typeVersion: 1,
						position: [0, 0],
						parameters: {
							pollTimes: { item: [{ mode: 'everyMinute' }] },
							startFrom: 'now',
							lookback: 5,
							filters: {},
							options: {},
						},
						credentials: {
							webexApi: { id: triggerCredentialId, name: 'Webex (trigger simulator)' },
						},
					},
					{
						id: 'report',
						name: 'Report',
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						position: [240, 0],
						parameters: {
							method: 'POST',
							url: `http://127.0.0.1:${collector.address().port}/collect`,
							sendBody: true,
							specifyBody: 'json',
							jsonBody: '={{ JSON.stringify({ id: $json.id }) }}',
							options: {},
						},
					},
				],
			});
			workflows.trigger = workflow;
			await rest('POST', `/rest/workflows/${workflow.id}/activate`, {
				versionId: workflow.versionId,
			});
			await waitFor(() => polls() >= 1, 60_000, 'the activation poll');
			await new Promise((resolve) => setTimeout(resolve, 50));
			// New events now: the next poll (within a minute, while the examples run) emits them. That
			// the activation poll emitted nothing old is proven there: the trigger emits exactly these.
			workflows.trigger.firstBatch = [
				triggerSimulator.events.addEvent(),
				triggerSimulator.events.addEvent(),
			].map((event) => event.id);
		},
	);

	it(
		'every scheduled example runs on the workers with the right records',
		{ timeout: 600_000 },
		async () => {
			const ran = [];
			// The examples a Webex trigger starts (post-meeting chats, after-hours calls) are run in their
			// own e2e files (meetingCompliance, callHistory); here, each one a schedule starts.
			const scheduled = EXAMPLE_FILES.filter((file) =>
				workflows[file].nodes.some((node) => node.type === 'n8n-nodes-base.scheduleTrigger'),
			);
			assert.ok(scheduled.length >= EXAMPLE_FILES.length - 2, scheduled.join(', '));
			for (const file of scheduled) {
				const workflow = workflows[file];
				simulator.clearRequests();
				const id = await run(workflow.id, runToWebex(workflow));
				// Call history's example waits out Webex's minute between its two windows.
				const execution = await ended(id, 300_000);
				assert.equal(
					execution.status,
					'success',
					`${file}: ${JSON.stringify(execution.data.resultData.error)}`,
				);
				ran.push(`${file} on ${(await workerThatRan(id)).name}`);
				const ours = workflow.nodes.filter((node) => node.type.startsWith(`${PACKAGE_NAME}.`));
				for (const node of ours) {
					const known = expectedRecords(node);
					if (!known) {
						// A node whose records this file does not recompute: it ran on a worker and returned some.
						assert.ok(
							itemsOf(execution.data, node.name).length > 0,
							`${file}: ${node.name} returned records`,
						);
						continue;
					}
					const { expected, compare } = known;
					if ((node.parameters.options?.output ?? 'items') !== 'items') {
						// Output JSON Lines: one item that describes the file (stored in the database here).
						const [file, ...more] = itemsOf(execution.data, node.name);
						assert.deepEqual(more, []);
						assert.equal(file.records, expected.length, `${file}: every record of the window`);
						assert.match(file.sha256, /^[0-9a-f]{64}$/);
						continue;
					}
					assert.deepEqual(
						itemsOf(execution.data, node.name).map(compare),
						expected,
						`${file}: ${node.name} returned the records of its window, once each`,
					);
				}
				if (workflow.nodes.some((node) => node.name === 'Count by Resource and Type')) {
					// The digest: the day's events counted by resource and type.
					const counts = new Map();
					for (const event of itemsOf(execution.data, 'Webex Events')) {
						const key = `${event.resource} ${event.type}`;
						counts.set(key, (counts.get(key) ?? 0) + 1);
					}
					assert.deepEqual(
						new Map(
							itemsOf(execution.data, 'Count by Resource and Type').map((group) => [
								`${group.resource} ${group.type}`,
								group.count_id,
							]),
						),
						counts,
					);
				}
			}
			log(`examples: ${ran.join('; ')}`);
		},
	);

	it(
		'20 runs at once: both workers take part, each run returns every record once',
		{ timeout: 240_000 },
		async () => {
			// A fixed window two days back: 3,000 events over 3 pages, the same for every run.
			const to = new Date(Date.now() - 2 * 86_400_000);
			const from = new Date(to.getTime() - 86_400_000);
			const workflow = await createWorkflow(
				manualWorkflow('queueConcurrent', {
					name: 'Webex Events',
					type: `${PACKAGE_NAME}.webexEvents`,
					parameters: {
						resource: 'event',
						operation: 'getAll',
						returnAll: true,
						filters: { from: from.toISOString(), to: to.toISOString() },
						options: { simplify: true },
					},
					credentials: { webexApi: { id: credentialId, name: 'Webex (simulator)' } },
				}),
			);
			const [start, end] = simulator.events.range(from.getTime(), to.getTime());
			const expected = Array.from(
				{ length: end - start },
				(_, n) => simulator.events.at(start + n).id,
			);
			assert.ok(expected.length > 2000, `${expected.length} events in the window`);

			const started = performance.now();
			const byWorker = await runsAtOnce(workflow, 20, expected);
			const wallMs = performance.now() - started;
			log(
				`20 runs of ${expected.length} events in ${(wallMs / 1000).toFixed(1)} s: ${[...byWorker].map(([worker, count]) => `${worker} ${count}`).join(', ')}`,
			);
			assert.deepEqual(
				[...byWorker.keys()].sort(),
				['worker1', 'worker2'],
				'both workers took part',
			);
			timings.memoryMb = {
				main: processTreeRssMb(queue.main.child.pid),
				...Object.fromEntries(
					queue.workers.map((worker) => [worker.name, processTreeRssMb(worker.child.pid)]),
				),
			};
			log(`memory (RSS with child processes, MB): ${JSON.stringify(timings.memoryMb)}`);
		},
	);

	it(
		'the service app credential: 10 runs at once on both workers, its token expiring every 2 seconds and its refresh token rotating; every run succeeds with every record',
		{ timeout: 240_000 },
		async () => {
			const to = new Date(Date.now() - 2 * 86_400_000);
			const from = new Date(to.getTime() - 86_400_000);
			const workflow = await createWorkflow(
				manualWorkflow('queueServiceApp', {
					name: 'Webex Events',
					type: `${PACKAGE_NAME}.webexEvents`,
					parameters: {
						authentication: 'serviceApp',
						resource: 'event',
						operation: 'getAll',
						returnAll: true,
						filters: { from: from.toISOString(), to: to.toISOString() },
						options: { pageSize: 500 },
					},
					credentials: {
						webexServiceAppApi: { id: serviceAppCredentialId, name: 'Webex service app' },
					},
				}),
			);
			const [start, end] = simulator.events.range(from.getTime(), to.getTime());
			const expected = Array.from(
				{ length: end - start },
				(_, n) => simulator.events.at(start + n).id,
			);
			const renewalsBefore = simulator.oauth.tokenRequests.length;
			const byWorker = await runsAtOnce(workflow, 10, expected);
			assert.deepEqual([...byWorker.keys()].sort(), ['worker1', 'worker2']);
			const renewals = simulator.oauth.tokenRequests.slice(renewalsBefore);
			const renewed = renewals.filter((renewal) => renewal.status === 200).length;
			log(
				`service app: 10 runs of ${expected.length} events, ${renewed} renewals (${renewals.length - renewed} refused: a rotated refresh token another run used first): ${[...byWorker].map(([worker, count]) => `${worker} ${count}`).join(', ')}`,
			);
			assert.ok(renewed >= 1, `${renewed} renewals`);
		},
	);
	it(
		'the trigger: two polls emit exactly the new events, run on workers; its state is in Postgres',
		{ timeout: 240_000 },
		async () => {
			const { firstBatch } = workflows.trigger;
			await waitFor(() => received.length >= 2, 120_000, 'the first poll after activation to emit');
			assert.deepEqual([...received].sort(), [...firstBatch].sort());

			const pollsBefore = polls();
			const second = triggerSimulator.events.addEvent().id;
			await waitFor(() => received.length >= 3, 120_000, 'the next poll to emit');
			assert.ok(polls() > pollsBefore);
			assert.equal(received[2], second);

			// The executions: the trigger's, queued by the main, run by the workers. The collector
			// hears of an event while the execution that posted it is still running: wait for both.
			const executions = await endedTriggerExecutions(2);
			assert.equal(executions.length, 2, JSON.stringify(executions));
			for (const execution of executions) {
				assert.equal(execution.status, 'success');
				assert.ok(execution.mode === 'trigger', execution.mode);
				await workerThatRan(String(execution.id));
			}

			// The state the trigger keeps between polls is in the workflow's static data, in Postgres.
			const state = await triggerStateWith(3);
			assert.deepEqual(
				state.emitted.map(([key]) => key).sort(),
				[...firstBatch, second].map((eventId) => `id:${eventId}`).sort(),
			);
			assert.ok(state.positionMs > state.sinceMs);
		},
	);

	it(
		'after a restart of the main, the next poll neither repeats nor loses an event',
		{ timeout: 240_000 },
		async () => {
			// Where the trigger stands, read here rather than left by the test before, so that a
			// failure there does not cascade into this one.
			const emittedBefore = received.length;
			const executionsBefore = (await endedTriggerExecutions(0)).length;
			const before = await triggerStateWith(emittedBefore);
			await queue.stopMain();
			// Events that appear while the main is down.
			const whileDown = [
				triggerSimulator.events.addEvent(),
				triggerSimulator.events.addEvent(),
			].map((event) => event.id);
			const started = performance.now();
			await queue.startMain();
			timings.restartMs = performance.now() - started;
			log(`main restarted in ${(timings.restartMs / 1000).toFixed(1)} s`);
			assert.equal(await api.signIn(OWNER), 'signed in');
			// The state survived in Postgres: the restarted main goes on from it (its activation
			// poll may already have emitted the new events).
			const after = await triggerState();
			assert.equal(after.sinceMs, before.sinceMs);
			assert.ok(after.positionMs >= before.positionMs);
			const keys = new Set(after.emitted.map(([key]) => key));
			assert.ok(before.emitted.every(([key]) => keys.has(key)));

			await waitFor(
				() => received.length >= emittedBefore + 2,
				120_000,
				'the first poll after the restart to emit',
			);
			const executions = await endedTriggerExecutions(executionsBefore + 1);
			assert.equal(executions.length, executionsBefore + 1, JSON.stringify(executions));
			for (const execution of executions) await workerThatRan(String(execution.id));
			assert.deepEqual(
				received.slice(emittedBefore).sort(),
				[...whileDown].sort(),
				'the events of the downtime, once each',
			);
			assert.equal(new Set(received).size, received.length, 'no event emitted twice');
			assert.equal(received.length, emittedBefore + 2);
			const state = await triggerStateWith(emittedBefore + 2);
			assert.deepEqual(
				state.emitted.map(([key]) => key).sort(),
				[...workflows.trigger.firstBatch, received[2], ...whileDown]
					.map((eventId) => `id:${eventId}`)
					.sort(),
			);
		},
	);

	it(
		'the webhook trigger on the main: each signed notification one execution on a worker, with its recording',
		{ timeout: 180_000 },
		async () => {
			const workflow = await createWorkflow({
				name: 'Webex recordings to the collector',
				settings: { timezone: 'UTC' },
				connections: {
					'Webex Compliance Webhook Trigger': {
						main: [[{ node: 'Report', type: 'main', index: 0 }]],
					},
				},
				nodes: [
					webhookTriggerNode({
						type: `${PACKAGE_NAME}.webexComplianceWebhookTrigger`,
						webhookId: '0b6f4d0e-5d3c-4a8e-9b51-7e2f1c0a9d02',
						credentials: {
							webexApi: { id: triggerCredentialId, name: 'Webex (trigger simulator)' },
						},
					}),
					{
						id: 'report',
						name: 'Report',
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						position: [240, 0],
						parameters: {
							method: 'POST',
							url: `http://127.0.0.1:${collector.address().port}/collect`,
							sendBody: true,
							specifyBody: 'json',
							jsonBody: '={{ JSON.stringify({ id: "webhook " + $json.resolved.id }) }}',
							options: {},
						},
					},
				],
			});
			await rest('POST', `/rest/workflows/${workflow.id}/activate`, {
				versionId: workflow.versionId,
			});
			await waitFor(
				() => triggerSimulator.webhooks.all().length === 1,
				60_000,
				'the webhook registered by the main',
			);
			const [hook] = triggerSimulator.webhooks.all();
			await untilServed(hook.targetUrl);
			assert.equal(
				await untilRegistered(async () => await rest('GET', `/rest/workflows/${workflow.id}`)),
				hook.id,
			);
			const appeared = await Promise.all(
				Array.from({ length: 6 }, () =>
					triggerSimulator.webhooks.appear({ resource: 'recordings' }),
				),
			);
			const expected = appeared.map(({ data }) => `webhook ${data.id}`).sort();
			const fromWebhook = () => received.filter((id) => id.startsWith('webhook '));
			await waitFor(() => fromWebhook().length >= 6, 60_000, 'six executions');
			assert.deepEqual(fromWebhook().sort(), expected, 'each notification once');
			const filter = encodeURIComponent(JSON.stringify({ workflowId: workflow.id }));
			let executions = [];
			await until(
				async () => {
					executions = (await rest('GET', `/rest/executions?filter=${filter}`)).results;
					return executions.length >= 6 && executions.every((e) => e.status === 'success');
				},
				60_000,
				'six successful executions',
			);
			assert.equal(executions.length, 6);
			for (const execution of executions) await workerThatRan(String(execution.id));
			await rest('POST', `/rest/workflows/${workflow.id}/deactivate`, {
				versionId: workflow.versionId,
			});
			await waitFor(
				() => triggerSimulator.webhooks.all().length === 0,
				30_000,
				'the webhook deleted',
			);
		},
	);
});

describe('npm run dev -- --queue', () => {
	it(
		'starts the same topology for a person; Ctrl-C stops every process it started',
		{ timeout: 300_000 },
		async () => {
			const home = mkdtempSync(path.join(tmpdir(), 'webex-audit-dev-queue-'));
			const port = await freePort();
			const dev = spawn(
				process.execPath,
				['scripts/dev.mjs', '--queue', '--home', home, '--port', String(port)],
				{ cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WEBEX_TOKEN: '' } },
			);
			let output = '';
			dev.stdout.on('data', (chunk) => (output += chunk));
			dev.stderr.on('data', (chunk) => (output += chunk));
			const exited = () => dev.exitCode !== null || dev.signalCode !== null;
			try {
				const started = performance.now();
				await waitFor(
					() => output.includes('Ctrl-C stops') || exited(),
					240_000,
					'npm run dev -- --queue to print the editor URL',
				);
				assert.equal(exited(), false, output);
				log(
					`npm run dev -- --queue ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
				);
				assert.match(output, new RegExp(`n8n is ready: +http://localhost:${port}`));
				const [, email, password] = /Login: +(\S+) \/ (\S+)/.exec(output);
				const services = ['Postgres', 'Redis'].map((name) =>
					Number(new RegExp(`${name}: +127\\.0\\.0\\.1:(\\d+)`).exec(output)[1]),
				);
				const logFiles = Object.fromEntries(
					[...output.matchAll(/^ +(?:Logs: +)?(main|worker\d) +(\/\S+\.log)$/gm)].map((m) => [
						m[1],
						m[2],
					]),
				);
				assert.deepEqual(Object.keys(logFiles).sort(), ['main', 'worker1', 'worker2']);
				assert.ok(n8nProcessesIn(home).length >= 3, 'the main and two workers run');

				// The digest example, from the editor's API: queued by the main, run by a worker.
				const dev8n = restClient(`http://127.0.0.1:${port}`);
				assert.equal(await dev8n.signIn({ email, password }), 'signed in');
				const digest = (await dev8n.request('GET', '/rest/workflows')).json.data.find((workflow) =>
					workflow.name.startsWith('Webex compliance digest'),
				);
				const digestRun = await dev8n.runManually(digest.id, {
					trigger: 'Every Day at 8',
					destination: 'Count by Resource and Type',
				});
				assert.equal(digestRun.status, 'success', 'the digest runs');
				const executionId = String(digestRun.id);
				assert.ok(enqueuedExecutions(logFiles.main).has(executionId));
				await waitFor(
					() =>
						['worker1', 'worker2'].some((worker) =>
							workerExecutions(logFiles[worker]).finished.has(executionId),
						),
					15_000,
					'a worker to log the run',
				);

				// Ctrl-C: every process it started stops.
				dev.kill('SIGINT');
				await waitFor(exited, 60_000, 'npm run dev -- --queue to stop');
				assert.equal(dev.exitCode, 0, output);
				assert.deepEqual(n8nProcessesIn(home), [], 'no n8n process left');
				for (const servicePort of [port, ...services])
					assert.equal(await listening(servicePort), false, `nothing listens on ${servicePort}`);
			} finally {
				if (!exited()) {
					dev.kill('SIGINT');
					await waitFor(exited, 60_000, 'npm run dev -- --queue to stop').catch(() =>
						dev.kill('SIGKILL'),
					);
				}
				rmSync(home, { recursive: true, force: true });
			}
		},
	);
});

/** The pids of the processes whose n8n home (N8N_USER_FOLDER) is under `folder` (Linux /proc). */
function n8nProcessesIn(folder) {
	return readdirSync('/proc')
		.filter((entry) => /^\d+$/.test(entry))
		.filter((pid) => {
			try {
				return readFileSync(`/proc/${pid}/environ`, 'utf8')
					.split('\0')
					.some((entry) => entry.startsWith(`N8N_USER_FOLDER=${folder}/`));
			} catch {
				return false;
			}
		});
}

/** Whether something accepts connections on 127.0.0.1:port. */
function listening(port) {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port }, () => {
			socket.destroy();
			resolve(true);
		});
		socket.on('error', () => resolve(false));
	});
}

/** How often the trigger asked the Webex API for events. */
function polls() {
	return triggerSimulator.requests.filter((r) => r.path === '/v1/events').length;
}

/** The trigger workflow's executions (the REST API's list), oldest first. */
async function triggerExecutions() {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: workflows.trigger.id }));
	const { results } = await rest('GET', `/rest/executions?filter=${filter}`);
	return results.sort((a, b) => Number(a.id) - Number(b.id));
}

/**
 * The trigger's executions once at least `count` are listed and none is still unfinished
 * (bounded), oldest first.
 */
async function endedTriggerExecutions(count, timeoutMs = 60_000) {
	let executions = [];
	const unfinished = ['new', 'running', 'waiting', 'unknown'];
	await until(
		async () => {
			executions = await triggerExecutions();
			return (
				executions.length >= count &&
				executions.every((execution) => !unfinished.includes(execution.status))
			);
		},
		timeoutMs,
		`${count} executions of the trigger's workflow to end`,
	).catch((error) => {
		throw new Error(`${error.message}: ${JSON.stringify(executions)}`);
	});
	return executions;
}

/** The trigger's state, read from the workflow's static data in Postgres (undefined before any). */
async function triggerState() {
	const [row] = await queue.postgres.query(
		'SELECT "staticData" FROM workflow_entity WHERE id = $1',
		[workflows.trigger.id],
	);
	const staticData =
		typeof row.staticData === 'string' ? JSON.parse(row.staticData) : row.staticData;
	return staticData?.[`node:${TRIGGER}`]?.state;
}

/** The trigger's state once it remembers at least `count` emitted events (bounded). */
async function triggerStateWith(count, timeoutMs = 30_000) {
	let state;
	await until(
		async () => (state = await triggerState()) !== undefined && state.emitted.length >= count,
		timeoutMs,
		`the trigger's state in Postgres to hold ${count} emitted events`,
	);
	return state;
}
