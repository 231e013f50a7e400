// Webex Events Trigger activated in the real pinned n8n (`n8n start`): the activation poll emits
// nothing old, and two later polls (n8n polls at most once a minute) emit exactly the new events.
// Beside it, a second trigger activated with a backlog emits it across consecutive polls.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import { after, describe, it } from 'node:test';

import { createSimulator } from '../../simulator/server.mjs';
import { createN8nHome, freePort, stopProcessGroup, waitFor } from '../../scripts/n8n.mjs';

const cleanups = [];

describe('Webex Events Trigger in a real n8n', () => {
	after(async () => {
		// Every cleanup runs; then the first that failed (a simulator's contract check) fails.
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
		'two polls emit the events that appeared before each, once each; a backlog drains across polls',
		{ timeout: 420_000 },
		async () => {
			const simulator = await createSimulator({ events: 200 });
			cleanups.push(() => simulator.close());
			const backlogSimulator = await createSimulator({ events: 200, seed: 7 });
			cleanups.push(() => backlogSimulator.close());

			// Where the workflows' HTTP Request nodes report each emitted event (one path per workflow).
			const received = [];
			const backlogReceived = [];
			const collector = http.createServer((req, res) => {
				let body = '';
				req.on('data', (chunk) => (body += chunk));
				req.on('end', () => {
					(req.url === '/backlog' ? backlogReceived : received).push(JSON.parse(body).id);
					res.end('{}');
				});
			});
			collector.listen(0, '127.0.0.1');
			await once(collector, 'listening');
			cleanups.push(() => new Promise((resolve) => collector.close(resolve)));

			const n8n = createN8nHome({ port: await freePort(), brokerPort: await freePort() });
			cleanups.push(() => n8n.remove());
			await n8n.importCredentials([
				{
					id: 'credSimOfficer01',
					name: 'Webex simulator',
					type: 'webexApi',
					data: { accessToken: 'sim-token', baseUrl: 'custom', customBaseUrl: simulator.baseUrl },
				},
				{
					id: 'credSimBacklog01',
					name: 'Webex simulator with a backlog',
					type: 'webexApi',
					data: {
						accessToken: 'sim-token',
						baseUrl: 'custom',
						customBaseUrl: backlogSimulator.baseUrl,
					},
				},
			]);
			const triggerWorkflow = (id, { credentialId, path, parameters }) => ({
				id,
				name: `Webex events to collector ${path}`,
				active: false,
				settings: { timezone: 'UTC' },
				connections: {
					'Webex Events Trigger': { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
				},
				nodes: [
					{
						id: 'trigger',
						name: 'Webex Events Trigger',
						type: 'CUSTOM.webexEventsTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: {
							pollTimes: { item: [{ mode: 'everyMinute' }] },
							lookback: 5,
							filters: {},
							...parameters,
						},
						credentials: { webexApi: { id: credentialId, name: 'Webex simulator' } },
					},
					{
						id: 'report',
						name: 'Report',
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						position: [240, 0],
						parameters: {
							method: 'POST',
							url: `http://127.0.0.1:${collector.address().port}${path}`,
							sendBody: true,
							specifyBody: 'json',
							jsonBody: '={{ JSON.stringify({ id: $json.id }) }}',
							options: {},
						},
					},
				],
			});
			await n8n.importWorkflows([
				triggerWorkflow('wfTriggerE2e0001', {
					credentialId: 'credSimOfficer01',
					path: '/collect',
					parameters: { startFrom: 'now', options: {} },
				}),
				// 200 events over 30 days, 80 a poll: the activation poll and the next two emit them.
				triggerWorkflow('wfTriggerBacklog', {
					credentialId: 'credSimBacklog01',
					path: '/backlog',
					parameters: {
						startFrom: 'hoursAgo',
						startHoursAgo: 31 * 24,
						options: { maxEventsPerPoll: 80 },
					},
				}),
			]);
			for (const id of ['wfTriggerE2e0001', 'wfTriggerBacklog']) {
				const published = await n8n.command('publish:workflow', `--id=${id}`);
				assert.equal(published.code, 0, published.output.slice(-2000));
			}

			const child = n8n.start();
			cleanups.push(() => stopProcessGroup(child, 'SIGKILL'));
			const polls = () => simulator.requests.filter((r) => r.path === '/v1/events').length;

			await waitFor(() => polls() >= 1, 120_000, 'the activation poll');
			const activationPolls = polls();
			await new Promise((resolve) => setTimeout(resolve, 50));
			const firstBatch = [simulator.events.addEvent(), simulator.events.addEvent()];
			await waitFor(() => received.length >= 2, 150_000, 'the first poll after activation to emit');
			assert.ok(polls() > activationPolls);
			assert.deepEqual(
				[...received].sort(),
				firstBatch.map((e) => e.id).sort(),
				'the activation poll emitted nothing old',
			);

			const pollsBefore = polls();
			const second = simulator.events.addEvent();
			await waitFor(() => received.length >= 3, 150_000, 'the next poll to emit');
			assert.equal(received[2], second.id);
			await waitFor(() => polls() > pollsBefore, 10_000, 'the poll');
			assert.equal(new Set(received).size, received.length, 'no event emitted twice');
			assert.equal(received.length, 3);

			// The backlog: 80, 80 and 40 events in three polls, each once, oldest first.
			await waitFor(() => backlogReceived.length >= 200, 150_000, 'the backlog to drain');
			const backlogIds = Array.from(
				{ length: 200 },
				(_, n) => backlogSimulator.events.at(199 - n).id,
			);
			assert.deepEqual(backlogReceived, backlogIds, 'every backlog event once, oldest first');
			const backlogPolls = backlogSimulator.requests.filter((r) => r.path === '/v1/events');
			assert.ok(backlogPolls.length >= 3, `${backlogPolls.length} requests`);
		},
	);
});
