// Webex Events Trigger activated in the real pinned n8n (`n8n start`): the activation poll emits
// nothing old, and two later polls (n8n polls at most once a minute) emit exactly the new events.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import { after, describe, it } from 'node:test';

import { createSimulator } from '../simulator/server.mjs';
import { createN8nHome, freePort, stopProcessGroup, waitFor } from '../../scripts/n8n.mjs';

const cleanups = [];

describe('Webex Events Trigger in a real n8n', () => {
	after(async () => {
		for (const cleanup of cleanups.reverse()) await cleanup();
	});

	it('two polls emit the events that appeared before each, once each', { timeout: 420_000 }, async () => {
		const simulator = await createSimulator({ events: 200 });
		cleanups.push(() => simulator.close());

		// Where the workflow's HTTP Request node reports each emitted event.
		const received = [];
		const collector = http.createServer((req, res) => {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				received.push(JSON.parse(body).id);
				res.end('{}');
			});
		});
		collector.listen(0, '127.0.0.1');
		await once(collector, 'listening');
		cleanups.push(() => new Promise((resolve) => collector.close(resolve)));

		const n8n = createN8nHome({ port: await freePort(), brokerPort: await freePort() });
		cleanups.push(() => n8n.remove());
		await n8n.importCredentials([{ id: 'credSimOfficer01', name: 'Webex simulator', type: 'webexApi', data: { accessToken: 'sim-token', baseUrl: 'custom', customBaseUrl: simulator.baseUrl } }]);
		await n8n.importWorkflows([
			{
				id: 'wfTriggerE2e0001',
				name: 'Webex events to collector',
				active: false,
				settings: { timezone: 'UTC' },
				connections: { 'Webex Events Trigger': { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
				nodes: [
					{
						id: 'trigger',
						name: 'Webex Events Trigger',
						type: 'CUSTOM.webexEventsTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, startFrom: 'now', lookback: 5, filters: {}, options: {} },
						credentials: { webexApi: { id: 'credSimOfficer01', name: 'Webex simulator' } },
					},
					{
						id: 'report',
						name: 'Report',
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						position: [240, 0],
						parameters: { method: 'POST', url: `http://127.0.0.1:${collector.address().port}/collect`, sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify({ id: $json.id }) }}', options: {} },
					},
				],
			},
		]);
		const published = await n8n.command('publish:workflow', '--id=wfTriggerE2e0001');
		assert.equal(published.code, 0, published.output.slice(-2000));

		const child = n8n.start();
		cleanups.push(() => stopProcessGroup(child, 'SIGKILL'));
		const polls = () => simulator.requests.filter((r) => r.path === '/v1/events').length;

		await waitFor(() => polls() >= 1, 120_000, 'the activation poll');
		const activationPolls = polls();
		await new Promise((resolve) => setTimeout(resolve, 50));
		const firstBatch = [simulator.events.addEvent(), simulator.events.addEvent()];
		await waitFor(() => received.length >= 2, 150_000, 'the first poll after activation to emit');
		assert.ok(polls() > activationPolls);
		assert.deepEqual([...received].sort(), firstBatch.map((e) => e.id).sort(), 'the activation poll emitted nothing old');

		const pollsBefore = polls();
		const second = simulator.events.addEvent();
		await waitFor(() => received.length >= 3, 150_000, 'the next poll to emit');
		assert.equal(received[2], second.id);
		await waitFor(() => polls() > pollsBefore, 10_000, 'the poll');
		assert.equal(new Set(received).size, received.length, 'no event emitted twice');
		assert.equal(received.length, 3);
	});
});
