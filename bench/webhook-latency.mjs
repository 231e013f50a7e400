// Delivery to execution: how long from a record appearing at Webex (the simulator) until the
// workflow it starts has reported it, for the Webex Compliance Webhook Trigger and for the Webex
// Events Trigger (polling every minute), side by side in one real n8n (`n8n start`, the pinned
// version or N8N_VERSION's). Prints the median and 99th percentile of each.
//
//   node bench/webhook-latency.mjs [--notifications 200] [--poll-minutes 3]
import { once } from 'node:events';
import http from 'node:http';
import { parseArgs } from 'node:util';

import { createSimulator } from '../simulator/server.mjs';
import {
	createN8nHome,
	freePort,
	restClient,
	startServer,
	stopProcessGroup,
	waitFor,
} from '../scripts/n8n.mjs';
import { reportNode } from '../test/e2e/collector.mjs';
import { untilRegistered, untilServed, webhookTriggerNode } from '../test/e2e/webhookTrigger.mjs';

const { values: args } = parseArgs({
	options: {
		notifications: { type: 'string', default: '200' },
		'poll-minutes': { type: 'string', default: '3' },
	},
});
const NOTIFICATIONS = Number(args.notifications);
const POLL_MS = Number(args['poll-minutes']) * 60_000;
const OWNER = {
	email: 'owner@example.com',
	firstName: 'Bench',
	lastName: 'Owner',
	password: 'WebexAudit-bench-1',
};
const WEBHOOK_ID = '9c0d6a52-37a4-4c57-a3c1-3a54f1b7e0b1';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The p-th percentile (nearest rank) of numbers. */
function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A server on 127.0.0.1 that notes when each reported id arrived: {url, arrivedAt, close}. */
async function startArrivals() {
	const arrivedAt = new Map();
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			arrivedAt.set(JSON.parse(body).id, Date.now());
			res.end('{}');
		});
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	return {
		url: `http://127.0.0.1:${server.address().port}/`,
		arrivedAt,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

const simulator = await createSimulator({ events: 100, contract: false });
const arrivals = await startArrivals();
const port = await freePort();
const n8n = createN8nHome({
	port,
	brokerPort: await freePort(),
	extraEnv: { WEBHOOK_URL: `http://127.0.0.1:${port}/` },
});
let child;
try {
	const credentials = { webexApi: { id: 'benchWebhookCred1', name: 'Webex simulator' } };
	await n8n.importCredentials([
		{
			...credentials.webexApi,
			type: 'webexApi',
			data: { accessToken: 'sim-token', baseUrl: 'custom', customBaseUrl: simulator.baseUrl },
		},
	]);
	const workflow = (id, trigger, jsonBody) => ({
		id,
		name: id,
		active: false,
		settings: { timezone: 'UTC' },
		connections: { [trigger.name]: { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
		nodes: [trigger, reportNode(arrivals.url, jsonBody)],
	});
	await n8n.importWorkflows([
		workflow(
			'benchWebhook0001',
			webhookTriggerNode({
				type: 'CUSTOM.webexComplianceWebhookTrigger',
				webhookId: WEBHOOK_ID,
				credentials,
			}),
			'={{ JSON.stringify({ id: $json.data.id }) }}',
		),
		workflow(
			'benchPolling0001',
			{
				id: 'poll',
				name: 'Webex Events Trigger',
				type: 'CUSTOM.webexEventsTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					startFrom: 'now',
					lookback: 5,
					filters: {},
					options: {},
				},
				credentials,
			},
			'={{ JSON.stringify({ id: $json.id }) }}',
		),
	]);
	await n8n.activate('benchWebhook0001');
	await n8n.activate('benchPolling0001');
	child = (await startServer(n8n, { port })).child;
	await untilServed(`http://127.0.0.1:${port}/webhook/${WEBHOOK_ID}/webhook`);
	const api = restClient(`http://127.0.0.1:${port}`);
	await api.signIn(OWNER);
	await untilRegistered(
		async () => (await api.request('GET', '/rest/workflows/benchWebhook0001')).json?.data,
	);
	// The polling trigger's first poll (at activation) emits nothing old: wait for it.
	await waitFor(
		() => simulator.requests.some((r) => r.path === '/v1/events'),
		120_000,
		'the first poll',
	);

	// Events added every 5 to 10 s while the polls run, and the notifications meanwhile.
	const appearedAt = new Map();
	const polled = (async () => {
		for (const end = Date.now() + POLL_MS; Date.now() < end; ) {
			appearedAt.set(simulator.events.addEvent().id, { at: Date.now(), kind: 'polling' });
			await sleep(5000 + Math.random() * 5000);
		}
	})();
	for (let i = 0; i < NOTIFICATIONS; i++) {
		const at = Date.now();
		const { data } = await simulator.webhooks.appear({ resource: 'recordings' });
		appearedAt.set(data.id, { at, kind: 'webhook' });
		await sleep(20 + Math.random() * 60);
	}
	await polled;
	await waitFor(
		() => [...appearedAt.keys()].every((id) => arrivals.arrivedAt.has(id)),
		150_000,
		'every record to arrive',
	).catch((error) => {
		const missing = [...appearedAt].filter(([id]) => !arrivals.arrivedAt.has(id));
		throw new Error(`${error.message}: ${missing.map(([, { kind }]) => kind).join(', ')} missing`);
	});
	const rows = ['webhook', 'polling'].map((kind) => {
		const latencies = [...appearedAt]
			.filter(([, sample]) => sample.kind === kind)
			.map(([id, sample]) => arrivals.arrivedAt.get(id) - sample.at);
		return {
			kind,
			samples: latencies.length,
			median: percentile(latencies, 50),
			p99: percentile(latencies, 99),
		};
	});
	console.log(
		`n8n ${n8n.version}, ${NOTIFICATIONS} notifications, polling for ${POLL_MS / 60_000} min\n`,
	);
	console.log('| trigger | samples | median | p99 |\n| --- | ---: | ---: | ---: |');
	for (const { kind, samples, median, p99 } of rows)
		console.log(`| ${kind} | ${samples} | ${median} ms | ${p99} ms |`);
} finally {
	if (child) stopProcessGroup(child, 'SIGKILL');
	await arrivals.close();
	await simulator.close();
	n8n.remove();
}
