// Webex Compliance Webhook Trigger through n8n-core's HookContext (activation, deactivation) and
// WebhookContext (deliveries) against the simulator, which POSTs its signed notifications to a
// receiver on 127.0.0.1 that hands each one to the trigger as n8n's webhook server does.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import { describe, it } from 'node:test';

import { rejection, requestsTo, shipped, withSimulator } from './helpers/index.mjs';
import { captureLog, simulatorCredentials, webhookTrigger } from './helpers/n8n.mjs';
import { shortenWaits } from './helpers/waits.mjs';

const TYPE = 'webexComplianceWebhookTrigger';

/**
 * n8n's webhook server for one trigger: a server on 127.0.0.1 whose calls go to trigger.deliver
 * with the static data `state()` gives; answers what the trigger answered. {baseUrl, calls, close}.
 */
async function webhookServer(getTrigger, state) {
	const calls = [];
	const server = http.createServer(async (req, res) => {
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		const rawBody = Buffer.concat(chunks);
		try {
			const outcome = await getTrigger().deliver(state(), { rawBody, headers: req.headers });
			calls.push(outcome);
			res.writeHead(outcome.status).end();
		} catch (error) {
			calls.push({ error });
			res.writeHead(500).end();
		}
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	return {
		baseUrl: `http://127.0.0.1:${server.address().port}`,
		calls,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

/** A trigger against the simulator, with n8n's webhook URLs on a webhook server of the test. */
async function setUp(simulator, parameters = {}, { isTest = false } = {}) {
	let staticData = {};
	let trigger;
	const server = await webhookServer(
		() => trigger,
		() => staticData,
	);
	trigger = webhookTrigger({
		type: TYPE,
		parameters: {
			authentication: 'accessToken',
			resource: 'recordings',
			event: 'created',
			...parameters,
		},
		credentials: simulatorCredentials(simulator),
		webhookBaseUrl: server.baseUrl,
		isTest,
	});
	return {
		trigger,
		server,
		get staticData() {
			return staticData;
		},
		set staticData(value) {
			staticData = value;
		},
	};
}

/** A webhook made at Webex by another hand (a crash's leftover, another process): its JSON. */
async function makeAtWebex(simulator, body) {
	const response = await fetch(`${simulator.baseUrl}/webhooks`, {
		method: 'POST',
		headers: { authorization: 'Bearer sim-token', 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return await response.json();
}

/** The simulator's webhooks, as Webex holds them. */
const webhooksAt = (simulator) => simulator.webhooks.all();

describe('Webex Compliance Webhook Trigger: registration', () => {
	it('activation creates one org webhook with a fresh secret that static data never holds', async () => {
		await withSimulator({}, async (simulator) => {
			const t = await setUp(simulator, { filters: { hostEmail: 'host@example.com' } });
			try {
				const { created, staticData } = await t.trigger.activate();
				assert.equal(created, true);
				const [hook, ...others] = webhooksAt(simulator);
				assert.equal(others.length, 0);
				assert.deepEqual(
					{ ...hook, id: undefined, created: undefined, secret: undefined, owner: undefined },
					{
						id: undefined,
						name: 'n8n workflow test-workflow node node-webex-webhook',
						targetUrl: t.trigger.webhookUrl,
						resource: 'recordings',
						event: 'created',
						filter: 'hostEmail=host%40example.com',
						status: 'active',
						created: undefined,
						ownedBy: 'org',
						secret: undefined,
						owner: undefined,
						failures: 0,
					},
				);
				assert.match(hook.secret, /^[0-9a-f]{64}$/, '32 random bytes, as hex');
				assert.deepEqual(staticData, { 'node:Webex Webhook': { webhookId: hook.id } });
				// Another activation's secret is another one.
				const second = await setUp(simulator, {}, { isTest: true });
				await second.trigger.activate();
				assert.notEqual(webhooksAt(simulator)[1].secret, hook.secret);
				await second.server.close();
			} finally {
				await t.server.close();
			}
		});
	});

	it('a restart, with or without its static data, reuses its webhook; leftovers are removed', async () => {
		await withSimulator({}, async (simulator) => {
			const t = await setUp(simulator);
			try {
				const first = await t.trigger.activate();
				const [hook] = webhooksAt(simulator);
				const again = await t.trigger.activate(first.staticData);
				assert.equal(again.created, false);
				assert.deepEqual(again.staticData, first.staticData);
				const lost = await t.trigger.activate({});
				assert.equal(lost.created, false, 'found by name and URL');
				assert.deepEqual(lost.staticData, first.staticData);
				// Left over by a crash: the same webhook twice, and one for an event since changed.
				for (const event of ['created', 'deleted']) {
					await makeAtWebex(simulator, {
						name: hook.name,
						targetUrl: hook.targetUrl,
						resource: 'recordings',
						event,
						secret: 'x'.repeat(40),
						ownedBy: 'org',
					});
				}
				// Not its own (another URL): left alone.
				await makeAtWebex(simulator, {
					name: hook.name,
					targetUrl: 'https://elsewhere.example.com/hook',
					resource: 'recordings',
					event: 'created',
					ownedBy: 'org',
				});
				assert.equal(webhooksAt(simulator).length, 4);
				const cleaned = await t.trigger.activate(first.staticData);
				assert.equal(cleaned.created, false);
				assert.deepEqual(
					webhooksAt(simulator).map((h) => [h.id === hook.id, h.targetUrl]),
					[
						[true, t.trigger.webhookUrl],
						[false, 'https://elsewhere.example.com/hook'],
					],
				);
				// Deactivation deletes it at Webex and forgets it; a second one finds nothing to do.
				const off = await t.trigger.deactivate(cleaned.staticData);
				assert.equal(off.deleted, true);
				assert.deepEqual(off.staticData, { 'node:Webex Webhook': {} });
				assert.equal(webhooksAt(simulator).length, 1);
				assert.equal(
					(await t.trigger.deactivate(cleaned.staticData)).deleted,
					true,
					'a 404 is deleted',
				);
			} finally {
				await t.server.close();
			}
		});
	});

	it('a webhook Webex set inactive is turned back on at activation', async () => {
		await withSimulator({ webhookFailures: 1 }, async (simulator) => {
			const t = await setUp(simulator);
			try {
				const { staticData } = await t.trigger.activate();
				// Deliveries fail while n8n holds a wrong webhook ID in static data: Webex gives up.
				t.staticData = { 'node:Webex Webhook': { webhookId: 'another-webhook' } };
				await simulator.webhooks.appear({ resource: 'recordings' });
				assert.equal(webhooksAt(simulator)[0].status, 'inactive');
				const again = await t.trigger.activate(staticData);
				assert.equal(again.created, false);
				assert.equal(webhooksAt(simulator)[0].status, 'active');
				const puts = simulator.requests.filter((r) => r.method === 'PUT');
				assert.equal(puts.length, 1);
				t.staticData = again.staticData;
				const { deliveries } = await simulator.webhooks.appear({ resource: 'recordings' });
				assert.deepEqual(
					deliveries.map((d) => d.status),
					[200],
				);
			} finally {
				await t.server.close();
			}
		});
	});

	it('"Listen for test event" registers the test URL beside the active one and removes only it', async () => {
		await withSimulator({}, async (simulator) => {
			const live = await setUp(simulator);
			const test = await setUp(simulator, {}, { isTest: true });
			try {
				const active = await live.trigger.activate();
				const listening = await test.trigger.activate();
				assert.deepEqual(
					webhooksAt(simulator)
						.map((h) => h.targetUrl)
						.sort(),
					[live.trigger.webhookUrl, test.trigger.webhookUrl].sort(),
				);
				assert.match(test.trigger.webhookUrl, /\/webhook-test\//);
				await test.trigger.deactivate(listening.staticData);
				assert.deepEqual(
					webhooksAt(simulator).map((h) => h.targetUrl),
					[live.trigger.webhookUrl],
				);
				assert.equal(
					webhooksAt(simulator)[0].id,
					active.staticData['node:Webex Webhook'].webhookId,
				);
			} finally {
				await live.server.close();
				await test.server.close();
			}
		});
	});

	it('a filter Webex refuses without Owned By: Organization fails before any request', async () => {
		await withSimulator({}, async (simulator) => {
			const t = await setUp(simulator, {
				ownedBy: 'creator',
				filters: { hostEmail: 'a@example.com' },
			});
			try {
				const error = await rejection(t.trigger.activate());
				assert.equal(error.message, 'The Host Email filter needs Owned By: Organization');
				assert.match(error.description, /Set Owned By to Organization, or remove the filter/);
				assert.equal(simulator.requests.length, 0);
				const wrongEvent = await setUp(simulator, {
					resource: 'meetingParticipants',
					event: 'created',
				});
				const eventError = await rejection(wrongEvent.trigger.activate());
				assert.match(eventError.message, /Event "created" is not sent for Meeting Participant/);
				assert.equal(simulator.requests.length, 0);
				await wrongEvent.server.close();
			} finally {
				await t.server.close();
			}
		});
	});
	it("n8n's webhook URL changed while active: the webhook made for the old URL is deleted, not left sending there", async () => {
		await withSimulator({}, async (simulator) => {
			const at = (webhookBaseUrl, parameters = {}) =>
				webhookTrigger({
					type: TYPE,
					parameters: {
						authentication: 'accessToken',
						resource: 'recordings',
						event: 'created',
						...parameters,
					},
					credentials: simulatorCredentials(simulator),
					webhookBaseUrl,
				});
			const before = await at('https://old-n8n.example.com').activate();
			const after = await at('https://n8n.example.com').activate(before.staticData);
			assert.deepEqual(
				webhooksAt(simulator).map((hook) => hook.targetUrl),
				['https://n8n.example.com/webhook/hook-webex-webhook/webhook'],
			);
			await at('https://n8n.example.com').deactivate(after.staticData);
			assert.deepEqual(webhooksAt(simulator), []);

			// Owned By changed after a crash (no deactivation): the user's webhook goes, one remains.
			await at('https://n8n.example.com', { ownedBy: 'creator' }).activate();
			await at('https://n8n.example.com', { ownedBy: 'org' }).activate({});
			assert.deepEqual(
				webhooksAt(simulator).map((hook) => hook.ownedBy ?? 'creator'),
				['org'],
			);
		});
	});
});

describe('Webex Compliance Webhook Trigger: deliveries', () => {
	it('a signed notification starts one execution with the recording resolved', async () => {
		await withSimulator({}, async (simulator) => {
			const t = await setUp(simulator);
			try {
				t.staticData = (await t.trigger.activate()).staticData;
				const { data, deliveries } = await simulator.webhooks.appear({
					resource: 'recordings',
					actor: 2,
				});
				assert.deepEqual(
					deliveries.map((d) => d.status),
					[200],
				);
				const [call] = t.server.calls;
				assert.equal(call.items.length, 1);
				const item = call.items[0].json;
				assert.equal(item.resource, 'recordings');
				assert.equal(item.event, 'created');
				assert.equal(item.data.id, data.id);
				assert.equal(item.resolved.id, data.id);
				assert.equal(item.resolved.topic, 'Example Topic');
				assert.equal(
					requestsTo(simulator, `/recordings/${data.id}`)[0].query.hostEmail,
					simulator.people[2].emails[0],
				);
				assert.ok(!JSON.stringify(item).includes(webhooksAt(simulator)[0].secret));
			} finally {
				await t.server.close();
			}
		});
	});

	it('a notification before n8n has saved the webhook ID is taken by its own trigger only', async () => {
		await withSimulator({}, async (simulator) => {
			// Activated, but the static data the deliveries see is still empty (n8n saves it after).
			const t = await setUp(simulator);
			try {
				await t.trigger.activate();
				const { data, deliveries } = await simulator.webhooks.appear({ resource: 'recordings' });
				assert.deepEqual(
					deliveries.map((d) => d.status),
					[200],
				);
				assert.equal(t.server.calls[0].items[0].json.data.id, data.id);

				// The same signed call at another trigger with no saved ID: not its webhook.
				const body = Buffer.from(
					JSON.stringify({ id: webhooksAt(simulator)[0].id, resource: 'recordings', data }),
				);
				const secret = webhooksAt(simulator)[0].secret;
				const other = webhookTrigger({
					type: TYPE,
					name: 'Another trigger',
					parameters: { authentication: 'accessToken', resource: 'recordings', event: 'created' },
					credentials: simulatorCredentials(simulator),
				});
				const outcome = await other.deliver(
					{},
					{
						rawBody: body,
						headers: { 'x-spark-signature': createHmac('sha1', secret).update(body).digest('hex') },
					},
				);
				assert.equal(outcome.status, 401);
			} finally {
				await t.server.close();
			}
		});
	});

	it('a record gone before it is read gives the notification with a note; Resolve Data off reads nothing', async () => {
		await withSimulator({}, async (simulator) => {
			const gone = await setUp(simulator, { resource: 'meetings', event: 'ended' });
			try {
				gone.staticData = (await gone.trigger.activate()).staticData;
				const hookId = gone.staticData['node:Webex Webhook'].webhookId;
				// A notification of a meeting Webex no longer has, signed as Webex signs.
				const body = Buffer.from(
					JSON.stringify({
						id: hookId,
						resource: 'meetings',
						event: 'ended',
						data: { id: 'gone1' },
					}),
				);
				const secret = webhooksAt(simulator)[0].secret;
				const signature = createHmac('sha1', secret).update(body).digest('hex');
				const outcome = await gone.trigger.deliver(gone.staticData, {
					rawBody: body,
					headers: { 'x-spark-signature': signature },
				});
				assert.equal(outcome.status, 200);
				assert.equal(outcome.items[0].json.resolved, null);
				assert.match(outcome.items[0].json.resolveNote, /no longer has it \(404 or 410\)/);
				const off = webhookTrigger({
					type: TYPE,
					parameters: {
						authentication: 'accessToken',
						resource: 'meetings',
						event: 'ended',
						resolveData: false,
					},
					credentials: simulatorCredentials(simulator),
				});
				simulator.clearRequests();
				// Another notification (the same one again would be a replay, answered without execution).
				const other = Buffer.from(body.toString().replace('gone1', 'gone2'));
				const plain = await off.deliver(gone.staticData, {
					rawBody: other,
					headers: { 'x-spark-signature': createHmac('sha1', secret).update(other).digest('hex') },
				});
				assert.deepEqual(plain.items[0].json, JSON.parse(other));
				assert.equal(simulator.requests.length, 0);
			} finally {
				await gone.server.close();
			}
		});
	});

	it('a read Webex refuses still starts the execution, with the notification and a note', async () => {
		await withSimulator(
			{ faults: { rules: [{ status: 403, path: '/v1/meetings/{meetingId}' }] } },
			async (simulator) => {
				const refused = await setUp(simulator, { resource: 'meetings', event: 'ended' });
				try {
					refused.staticData = (await refused.trigger.activate()).staticData;
					const body = Buffer.from(
						JSON.stringify({
							id: refused.staticData['node:Webex Webhook'].webhookId,
							resource: 'meetings',
							event: 'ended',
							data: { id: 'm1' },
						}),
					);
					const secret = webhooksAt(simulator)[0].secret;
					const outcome = await refused.trigger.deliver(refused.staticData, {
						rawBody: body,
						headers: { 'x-spark-signature': createHmac('sha1', secret).update(body).digest('hex') },
					});
					assert.equal(outcome.status, 200);
					assert.equal(outcome.items.length, 1);
					assert.deepEqual(outcome.items[0].json.data, { id: 'm1' });
					assert.equal(outcome.items[0].json.resolved, null);
					assert.match(outcome.items[0].json.resolveNote, /^Webex did not answer it: /);
				} finally {
					await refused.server.close();
				}
			},
		);
	});

	it('forged, missing, replayed and foreign signatures get a 401, no execution, one log line without the body', async () => {
		await withSimulator({}, async (simulator) => {
			const t = await setUp(simulator);
			try {
				const { staticData } = await t.trigger.activate();
				const webhookId = staticData['node:Webex Webhook'].webhookId;
				const secret = webhooksAt(simulator)[0].secret;
				const body = Buffer.from(
					JSON.stringify({
						id: webhookId,
						resource: 'recordings',
						event: 'created',
						data: { id: 'r1', marker: 'BODY-MARKER' },
					}),
				);
				const sign = (key, content = body) => createHmac('sha1', key).update(content).digest('hex');
				const foreign = Buffer.from(
					JSON.stringify({ id: 'another-webhook', resource: 'recordings', data: { id: 'r1' } }),
				);
				const cases = {
					forged: {
						'x-spark-signature': sign(secret).replace(/^./, (c) => (c === 'a' ? 'b' : 'a')),
					},
					missing: {},
					'replayed from another secret': { 'x-spark-signature': sign('y'.repeat(64)) },
					truncated: { 'x-spark-signature': sign(secret).slice(0, 20) },
				};
				simulator.clearRequests();
				const log = captureLog('warn');
				try {
					for (const [name, headers] of Object.entries(cases)) {
						const outcome = await t.trigger.deliver(staticData, { rawBody: body, headers });
						assert.deepEqual(outcome, { status: 401, items: null }, name);
					}
					const outcome = await t.trigger.deliver(staticData, {
						rawBody: foreign,
						headers: { 'x-spark-signature': sign(secret, foreign) },
					});
					assert.deepEqual(outcome, { status: 401, items: null }, 'another webhook');
				} finally {
					log.stop();
				}
				assert.equal(log.lines.length, 5);
				for (const line of log.lines) {
					assert.match(line, /refused a delivery \(401, no execution\)/);
					assert.ok(!line.includes('BODY-MARKER') && !line.includes(secret));
				}
				// The secret was known from activation: not one request to Webex.
				assert.equal(simulator.requests.length, 0);
			} finally {
				await t.server.close();
			}
		});
	});

	it('a delivery replayed within the hour gets a 200 and starts nothing, one log line without the body; replays at once start one; a new body, or the same after the hour, starts its own', async (t) => {
		await withSimulator({}, async (simulator) => {
			const hook = await setUp(simulator, { resolveData: false });
			try {
				hook.staticData = (await hook.trigger.activate()).staticData;
				const { data } = await simulator.webhooks.appear({ resource: 'recordings' });
				const [{ secret }] = webhooksAt(simulator);
				const [captured] = simulator.webhooks.deliveries;
				const replay = async () =>
					await hook.trigger.deliver(hook.staticData, {
						rawBody: Buffer.from(captured.body),
						headers: {
							'x-spark-signature': createHmac('sha1', secret).update(captured.body).digest('hex'),
						},
					});
				assert.equal(hook.server.calls[0].items.length, 1, 'the delivery started its execution');
				const log = captureLog('warn');
				let replays;
				try {
					replays = [await replay(), ...(await Promise.all([replay(), replay()]))];
				} finally {
					log.stop();
				}
				for (const outcome of replays) assert.deepEqual(outcome, { status: 200, items: null });
				assert.equal(log.lines.length, 3);
				for (const line of log.lines) {
					assert.match(line, /answered a repeated delivery \(200, no execution\)/);
					assert.ok(!line.includes(data.id) && !line.includes(secret), line);
				}

				// Another notification of the same webhook is its own delivery.
				await simulator.webhooks.appear({ resource: 'recordings' });
				assert.equal(hook.server.calls.at(-1).items.length, 1);

				// Two deliveries of one body at once (sent before either was answered): one execution.
				const fresh = JSON.stringify({ ...JSON.parse(captured.body), data: { id: 'r-twice' } });
				const signed = {
					rawBody: Buffer.from(fresh),
					headers: { 'x-spark-signature': createHmac('sha1', secret).update(fresh).digest('hex') },
				};
				const both = await Promise.all([
					hook.trigger.deliver(hook.staticData, signed),
					hook.trigger.deliver(hook.staticData, signed),
				]);
				assert.deepEqual(both.map((outcome) => outcome.items?.length ?? 0).sort(), [0, 1]);

				// An hour later the first one is forgotten: sent again, it starts an execution.
				t.mock.timers.enable({ apis: ['Date'], now: Date.now() + 60 * 60_000 + 1000 });
				const later = await replay();
				assert.equal(later.items.length, 1);
			} finally {
				await hook.server.close();
			}
		});
	});

	it('what it remembers is bounded: 10,000 deliveries, the oldest forgotten first', () => {
		const replays = shipped('nodes/shared/webhooks/replays.js');
		assert.equal(replays.MAX_DELIVERIES, 10_000);
		assert.equal(replays.REPLAY_WINDOW_MS, 3_600_000);
		const nowMs = Date.now();
		const key = (index) => replays.deliveryKey('bounded-webhook', Buffer.from(`body ${index}`));
		for (let index = 0; index <= replays.MAX_DELIVERIES; index++)
			replays.noteAccepted(key(index), nowMs);
		assert.equal(replays.acceptedAt(key(0), nowMs), undefined, 'the oldest dropped');
		assert.equal(replays.acceptedAt(key(1), nowMs), nowMs);
		assert.equal(replays.acceptedAt(key(replays.MAX_DELIVERIES), nowMs), nowMs);
		// A delivery is its webhook and its exact bytes.
		assert.notEqual(
			replays.deliveryKey('a', Buffer.from('x')),
			replays.deliveryKey('b', Buffer.from('x')),
		);
	});

	it('another process (no secret in memory) reads the secret from Webex once; a deleted webhook gets 401', async () => {
		await withSimulator({}, async (simulator) => {
			const t = await setUp(simulator);
			try {
				// A webhook this process never created or reused, as after a restart of n8n's main.
				const made = await makeAtWebex(simulator, {
					name: 'n8n workflow test-workflow node node-webex-webhook',
					targetUrl: t.trigger.webhookUrl,
					resource: 'recordings',
					event: 'created',
					secret: 'z'.repeat(64),
					ownedBy: 'org',
				});
				t.staticData = { 'node:Webex Webhook': { webhookId: made.id } };
				for (let i = 0; i < 3; i++) await simulator.webhooks.appear({ resource: 'recordings' });
				assert.deepEqual(
					t.server.calls.map((call) => call.items?.length),
					[1, 1, 1],
				);
				assert.equal(requestsTo(simulator, `/webhooks/${made.id}`).length, 1);
				// One Webex no longer has (deleted in Control Hub): no secret, so its calls are refused.
				const body = Buffer.from(JSON.stringify({ id: 'gone-webhook', data: { id: 'r' } }));
				const outcome = await t.trigger.deliver(
					{ 'node:Webex Webhook': { webhookId: 'gone-webhook' } },
					{ rawBody: body, headers: { 'x-spark-signature': 'a'.repeat(40) } },
				);
				assert.deepEqual(outcome, { status: 401, items: null });
				assert.equal(requestsTo(simulator, '/webhooks/gone-webhook').length, 1);
			} finally {
				await t.server.close();
			}
		});
	});
});

describe('Webex Compliance Webhook Trigger: what a delivery reads', () => {
	/** An active trigger, a record that appeared at Webex, and a delivery of it signed by Webex. */
	async function signedDelivery(simulator, resource, event) {
		const hook = webhookTrigger({
			type: TYPE,
			parameters: { authentication: 'accessToken', resource, event },
			credentials: simulatorCredentials(simulator),
			// Webex's own delivery goes nowhere (refused at once): the test delivers by hand.
			webhookBaseUrl: 'http://127.0.0.1:9',
		});
		const { staticData } = await hook.activate();
		const { data } = await simulator.webhooks.appear({ resource, event });
		const [{ id, secret }] = webhooksAt(simulator);
		const body = Buffer.from(JSON.stringify({ id, resource, event, data: { id: data.id } }));
		const signature = createHmac('sha1', secret).update(body).digest('hex');
		return await hook.deliver(staticData, {
			rawBody: body,
			headers: { 'x-spark-signature': signature },
		});
	}

	it('Resolve Data never keeps Webex waiting: a read Webex rate-limits for 240 s gives the notification with a note at once', async (t) => {
		shortenWaits(t, 0.001);
		const rule = { status: 429, path: '/v1/recordings/{recordingId}', times: 1, retryAfter: '240' };
		await withSimulator({ faults: { rules: [rule] } }, async (simulator) => {
			const outcome = await signedDelivery(simulator, 'recordings', 'created');
			assert.equal(outcome.status, 200);
			assert.equal(outcome.items[0].json.resolved, null);
			assert.match(outcome.items[0].json.resolveNote, /while Webex waited for the answer/);
		});
	});

	it('a meeting notification carries the meeting as Webex defines it', async () => {
		await withSimulator({}, async (simulator) => {
			const outcome = await signedDelivery(simulator, 'meetings', 'ended');
			assert.equal(outcome.items[0].json.resolved.agenda, 'Example Agenda');
		});
	});

	it("the test URL's listener refuses a call signed for the live webhook, before and after IDs are saved", async () => {
		await withSimulator({}, async (simulator) => {
			const parameters = {
				authentication: 'accessToken',
				resource: 'recordings',
				event: 'created',
			};
			const credentials = simulatorCredentials(simulator);
			const live = webhookTrigger({ type: TYPE, parameters, credentials });
			const test = webhookTrigger({ type: TYPE, parameters, credentials, isTest: true });
			await live.activate();
			await test.activate();
			const active = webhooksAt(simulator).find((hook) => hook.targetUrl === live.webhookUrl);
			const body = Buffer.from(
				JSON.stringify({
					id: active.id,
					resource: 'recordings',
					event: 'created',
					data: { id: 'r1' },
				}),
			);
			const signature = createHmac('sha1', active.secret).update(body).digest('hex');
			const outcome = await test.deliver(
				{},
				{ rawBody: body, headers: { 'x-spark-signature': signature } },
			);
			assert.equal(outcome.status, 401);
			// The live trigger itself takes it, its ID not saved yet.
			const taken = await live.deliver(
				{},
				{ rawBody: body, headers: { 'x-spark-signature': signature } },
			);
			assert.equal(taken.status, 200);
		});
	});
});
