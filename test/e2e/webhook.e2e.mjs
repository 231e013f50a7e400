// Webex Compliance Webhook Trigger in the real n8n (`n8n start`, WEBHOOK_URL on its 127.0.0.1
// address): activation registers one webhook at the simulator, recordings that appear there arrive
// as executions within seconds with the recording resolved, a forged call gets a 401 and starts no
// execution, a replayed one a 200 and none either, a restart keeps exactly one webhook (the new process reads its secret from Webex),
// and deactivation deletes it.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';

import { createSimulator } from '../../simulator/server.mjs';
import {
	createN8nHome,
	freePort,
	restClient,
	startServer,
	stopProcessGroup,
	waitFor,
} from '../../scripts/n8n.mjs';
import { reportNode, startCollector } from './collector.mjs';
import { untilRegistered, untilServed, webhookTriggerNode } from './webhookTrigger.mjs';

const OWNER = {
	email: 'owner@example.com',
	firstName: 'Webhook',
	lastName: 'Tester',
	password: 'WebexAudit-e2e-1',
};
const WORKFLOW_ID = 'wfWebhookE2e0001';
const WEBHOOK_ID = '6f1c1d1e-8f4e-4d59-9d56-0c1ad1e5e001';
const cleanups = [];

/** Stops n8n and waits until it has exited (bounded: SIGKILL after 30 s). */
async function stop(child) {
	if (child.exitCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	stopProcessGroup(child, 'SIGTERM');
	const timer = setTimeout(() => stopProcessGroup(child, 'SIGKILL'), 30_000);
	await exited;
	clearTimeout(timer);
}

describe('the webhook trigger in a real n8n', () => {
	after(async () => {
		let failure;
		for (const cleanup of cleanups.reverse()) {
			try {
				await cleanup();
			} catch (error) {
				failure ??= error;
			}
		}
		if (failure) throw failure;
	});

	it(
		'registers one webhook, runs each signed notification once with resolved data, refuses a forged one, survives a restart, deletes it on deactivation',
		{ timeout: 300_000 },
		async () => {
			const simulator = await createSimulator({});
			cleanups.push(() => simulator.close());
			const collector = await startCollector();
			cleanups.push(() => collector.close());
			const received = collector.received('/collect');

			const port = await freePort();
			const n8n = createN8nHome({
				port,
				brokerPort: await freePort(),
				extraEnv: { WEBHOOK_URL: `http://127.0.0.1:${port}/` },
			});
			cleanups.push(() => n8n.remove());
			await n8n.importCredentials([
				{
					id: 'credSimWebhook01',
					name: 'Webex simulator',
					type: 'webexApi',
					data: { accessToken: 'sim-token', baseUrl: 'custom', customBaseUrl: simulator.baseUrl },
				},
			]);
			await n8n.importWorkflows([
				{
					id: WORKFLOW_ID,
					name: 'Recordings to collector',
					active: false,
					settings: { timezone: 'UTC' },
					connections: {
						'Webex Compliance Webhook Trigger': {
							main: [[{ node: 'Report', type: 'main', index: 0 }]],
						},
					},
					nodes: [
						webhookTriggerNode({
							type: 'CUSTOM.webexComplianceWebhookTrigger',
							webhookId: WEBHOOK_ID,
							credentials: { webexApi: { id: 'credSimWebhook01', name: 'Webex simulator' } },
						}),
						reportNode(
							collector.url('/collect'),
							'={{ JSON.stringify({ id: $json.data.id + " " + ($json.resolved ? $json.resolved.id + " " + $json.resolved.topic : "unresolved") }) }}',
						),
					],
				},
			]);
			await n8n.activate(WORKFLOW_ID);
			const targetUrl = `http://127.0.0.1:${port}/webhook/${WEBHOOK_ID}/webhook`;
			const logFile = `${n8n.home}/n8n.log`;

			let server = await startServer(n8n, { port, logFile });
			cleanups.push(() => stop(server.child));
			const api = restClient(server.url);
			assert.equal(await api.signIn(OWNER), 'created');
			const executions = async () => {
				const filter = encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }));
				const { json } = await api.request('GET', `/rest/executions?filter=${filter}`);
				return json.data.results;
			};

			// Activation: one organisation-wide webhook for n8n's production URL.
			await waitFor(() => simulator.webhooks.all().length === 1, 60_000, 'the webhook');
			const [hook] = simulator.webhooks.all();
			assert.equal(hook.targetUrl, targetUrl);
			assert.equal(hook.ownedBy, 'org');
			assert.equal(hook.name, `n8n workflow ${WORKFLOW_ID} node trigger`);

			// Activation ends when n8n serves the URL (a call before gets 404) and has saved the
			// webhook's ID.
			await untilServed(targetUrl);
			const getWorkflow = async () =>
				(await api.request('GET', `/rest/workflows/${WORKFLOW_ID}`)).json?.data;
			assert.equal(await untilRegistered(getWorkflow), hook.id);
			// Three recordings: three executions, each with its recording read from Webex.
			const appeared = [];
			for (let i = 0; i < 3; i++)
				appeared.push((await simulator.webhooks.appear({ resource: 'recordings' })).data.id);
			await waitFor(() => received.length >= 3, 60_000, 'three executions').catch((error) => {
				// What Webex saw of its deliveries (status or 'error', and when), for a failure's reader.
				const seen = simulator.webhooks.deliveries.map(({ status, at }) => `${status} at ${at}`);
				throw new Error(`${error.message}; deliveries: ${seen.join(', ')}; now ${Date.now()}`);
			});
			assert.deepEqual(
				[...received].sort(),
				appeared.map((id) => `${id} ${id} Example Topic`).sort(),
			);
			assert.ok(
				simulator.webhooks.deliveries.every((delivery) => delivery.status === 200),
				'n8n answered every delivery with 200',
			);

			// Forged: a wrong signature, and a body of another webhook signed with a secret of its own.
			const body = JSON.stringify({
				id: hook.id,
				resource: 'recordings',
				event: 'created',
				data: { id: 'forged' },
			});
			const forged = await fetch(targetUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-spark-signature': 'a'.repeat(40) },
				body,
			});
			assert.equal(forged.status, 401);
			const other = JSON.stringify({
				id: 'another',
				resource: 'recordings',
				data: { id: 'other' },
			});
			const foreign = await fetch(targetUrl, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'x-spark-signature': createHmac('sha1', 'k').update(other).digest('hex'),
				},
				body: other,
			});
			assert.equal(foreign.status, 401);
			// A captured delivery sent again, validly signed: 200, and no execution.
			const captured = simulator.webhooks.deliveries[0].body;
			const replayed = await fetch(targetUrl, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'x-spark-signature': createHmac('sha1', hook.secret).update(captured).digest('hex'),
				},
				body: captured,
			});
			assert.equal(replayed.status, 200);
			// Executions are listed once saved: wait for the three, then no fourth.
			const deadline = Date.now() + 30_000;
			let listed = await executions();
			while (listed.length < 3 && Date.now() < deadline) {
				await new Promise((resolve) => setTimeout(resolve, 250));
				listed = await executions();
			}
			assert.equal(
				listed.length,
				3,
				'one execution per signed notification, none for the forged or the replayed',
			);
			const refusals = readFileSync(logFile, 'utf8')
				.split('\n')
				.filter((line) => line.includes('refused a delivery'));
			assert.equal(refusals.length, 3, 'one log line per refused call (the readiness check too)');
			assert.ok(!refusals.some((line) => line.includes('forged') || line.includes('other')));
			assert.equal(received.length, 3);

			// A restart: still exactly that webhook; the new process reads its secret from Webex.
			await stop(server.child);
			simulator.clearRequests();
			server = await startServer(n8n, { port, logFile });
			cleanups.push(() => stop(server.child));
			await api.signIn(OWNER);
			await untilServed(targetUrl);
			const later = (await simulator.webhooks.appear({ resource: 'recordings' })).data.id;
			await waitFor(() => received.length >= 4, 30_000, 'the execution after the restart');
			assert.equal(received[3], `${later} ${later} Example Topic`);
			assert.deepEqual(
				simulator.webhooks.all().map((h) => h.id),
				[hook.id],
			);
			assert.deepEqual(
				simulator.requests.filter((r) => r.method !== 'GET').map((r) => r.method),
				[],
				'nothing created or changed at Webex',
			);

			// Deactivation deletes it.
			const workflow = await getWorkflow();
			const deactivated = await api.request('POST', `/rest/workflows/${WORKFLOW_ID}/deactivate`, {
				versionId: workflow.versionId,
			});
			assert.equal(deactivated.status, 200, deactivated.text);
			await waitFor(() => simulator.webhooks.all().length === 0, 30_000, 'the webhook deleted');
			await stop(server.child);
		},
	);
});
