// Webex Events Trigger: sequences of polls through n8n-core's PollContext against the simulator.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { pollTrigger, rejection, requestsTo, shipped, withSimulator } from './helpers/index.mjs';

const MINUTE = 60_000;
const { advance, initialState, MAX_REMEMBERED_KEYS } = shipped('nodes/shared/poll/pollState.js');

const trigger = (simulator, options) => pollTrigger('webexEventsTrigger', simulator, options);

const ids = (items) => (items ?? []).map((item) => item.json.id);
const json = (value) => JSON.parse(JSON.stringify(value));
/** Lets the clock move past the last poll, so new events are created after it. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 40));
const iso = (ms) => new Date(ms).toISOString();

describe('Webex Events Trigger', () => {
	it("the editor's subtitle names the Resource filter", async () => {
		const { n8nWorkflow, PACKAGE } = await import('./helpers/n8n.mjs');
		const nodeType = PACKAGE.nodes.webexEventsTrigger;
		// As n8n's editor shows a node's subtitle: its expression over the node's parameters.
		const subtitle = (filters) => {
			const node = {
				id: 'trigger',
				name: 'Webex Events Trigger',
				type: 'n8n-nodes-webex-audit.webexEventsTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { filters },
			};
			const workflow = new n8nWorkflow.Workflow({
				nodes: [node],
				connections: {},
				active: false,
				nodeTypes: { getByName: () => nodeType, getByNameAndVersion: () => nodeType },
			});
			return workflow.expression.getSimpleParameterValue(
				node,
				nodeType.description.subtitle,
				'internal',
				{},
			);
		};
		assert.equal(subtitle({ eventResource: 'messages', type: 'created' }), 'Every new messages');
		assert.equal(subtitle({}), 'Every new event');
	});

	it('emits events that appear between polls, once each, oldest first', async () => {
		await withSimulator({ events: 500 }, async (simulator) => {
			let run = await trigger(simulator);
			assert.equal(run.items, null, 'Start From "now" emits nothing old');
			assert.equal(requestsTo(simulator, '/events').length, 1);
			await tick();
			const now = Date.now();
			const added = [
				simulator.events.addEvent({ created: iso(now - 20) }),
				simulator.events.addEvent({ created: iso(now - 30) }),
				simulator.events.addEvent({ created: iso(now - 10) }),
			];
			run = await trigger(simulator, { staticData: run.staticData });
			assert.deepEqual(ids(run.items), [added[1].id, added[0].id, added[2].id]);
			run = await trigger(simulator, { staticData: run.staticData });
			assert.equal(run.items, null, 'nothing is emitted twice');
		});
	});

	it('a poll started while the last one runs (n8n starts one at every Poll Time) is skipped: each event once', async () => {
		await withSimulator({ events: 3000, eventSpanDays: 1 }, async (simulator) => {
			const parameters = { startFrom: 'hoursAgo', startHoursAgo: 2 };
			const run = await trigger(simulator, { parameters, atOnce: 3 });
			const [first, ...others] = run.items;
			assert.ok(first.length > 20, `${first.length} events in the first poll`);
			assert.deepEqual(others, [null, null], 'the polls started meanwhile emit nothing');
			const next = await trigger(simulator, { parameters, staticData: run.staticData });
			assert.equal(next.items, null, 'the next poll goes on from the first one: nothing again');
		});
	});

	it('emits each of two events with the same timestamp once, when they straddle a poll', async () => {
		await withSimulator({ events: 100 }, async (simulator) => {
			let run = await trigger(simulator);
			await tick();
			const created = iso(Date.now() - 5);
			const first = simulator.events.addEvent({ created });
			run = await trigger(simulator, { staticData: run.staticData });
			assert.deepEqual(ids(run.items), [first.id]);
			const second = simulator.events.addEvent({ created });
			run = await trigger(simulator, { staticData: run.staticData });
			assert.deepEqual(ids(run.items), [second.id]);
		});
	});

	it('catches a late event inside the lookback once; one outside it is missed (documented)', async () => {
		await withSimulator({ events: 100 }, async (simulator) => {
			let run = await trigger(simulator, {
				parameters: { startFrom: 'hoursAgo', startHoursAgo: 1 },
			});
			run = await trigger(simulator, { staticData: run.staticData });
			await tick();
			const newest = simulator.events.addEvent({ created: iso(Date.now() - 5) });
			run = await trigger(simulator, { staticData: run.staticData });
			assert.deepEqual(ids(run.items), [newest.id]);
			const watermark = Date.parse(newest.created);
			const lateInside = simulator.events.addEvent({ created: iso(watermark - 2 * MINUTE) });
			const lateOutside = simulator.events.addEvent({ created: iso(watermark - 10 * MINUTE) });
			run = await trigger(simulator, { staticData: run.staticData });
			assert.deepEqual(ids(run.items), [lateInside.id]);
			assert.ok(!ids(run.items).includes(lateOutside.id));
			assert.equal(
				requestsTo(simulator, '/events').at(-1).query.from,
				iso(watermark - 5 * MINUTE - 1),
				'Lookback before the newest event, inclusive',
			);
		});
	});

	it('a failed poll throws and moves no state; the next good poll loses nothing', async () => {
		await withSimulator({ events: 100 }, async (simulator) => {
			let run = await trigger(simulator);
			await tick();
			const added = [
				simulator.events.addEvent({ created: iso(Date.now() - 20) }),
				simulator.events.addEvent({ created: iso(Date.now() - 10) }),
			];
			const before = json(run.staticData);
			simulator.setFaults({ rules: [{ status: 503 }] });
			const error = await rejection(
				trigger(simulator, {
					staticData: run.staticData,
					parameters: { options: { maxRetries: 0 } },
				}),
			);
			assert.equal(error.httpCode, '503');
			assert.deepEqual(error.staticDataAfter, before, 'the failed poll moved no state');
			simulator.setFaults({});
			run = await trigger(simulator, { staticData: run.staticData });
			assert.deepEqual(ids(run.items), [added[0].id, added[1].id]);
		});
	});

	it('restarting with the saved static data duplicates nothing', async () => {
		await withSimulator({ events: 100 }, async (simulator) => {
			let run = await trigger(simulator);
			await tick();
			const first = simulator.events.addEvent({ created: iso(Date.now() - 5) });
			run = await trigger(simulator, { staticData: run.staticData });
			assert.deepEqual(ids(run.items), [first.id]);
			const saved = json(run.staticData);
			let restarted = await trigger(simulator, { staticData: saved });
			assert.equal(restarted.items, null);
			await tick();
			const second = simulator.events.addEvent({ created: iso(Date.now() - 5) });
			restarted = await trigger(simulator, { staticData: restarted.staticData });
			assert.deepEqual(ids(restarted.items), [second.id]);
		});
	});

	it('Start From "Hours Ago" emits the backlog once, and filters reach the API', async () => {
		await withSimulator({ events: 3000, eventSpanDays: 1 }, async (simulator) => {
			const run = await trigger(simulator, {
				parameters: {
					startFrom: 'hoursAgo',
					startHoursAgo: 2,
					filters: { eventResource: 'messages', type: 'created' },
				},
			});
			const [request] = requestsTo(simulator, '/events');
			assert.equal(request.query.resource, 'messages');
			assert.equal(request.query.type, 'created');
			assert.ok(Math.abs(Date.parse(request.query.from) - (Date.now() - 2 * 60 * MINUTE)) < 5000);
			const expected = [];
			for (let i = 0; i < 3000; i++) {
				const event = simulator.events.at(i);
				if (
					Date.parse(event.created) > Date.parse(request.query.from) &&
					event.resource === 'messages' &&
					event.type === 'created'
				)
					expected.push(event.id);
			}
			assert.ok(expected.length > 20);
			assert.deepEqual(new Set(ids(run.items)), new Set(expected));
			const created = run.items.map((i) => Date.parse(i.json.created));
			assert.deepEqual(
				created,
				[...created].sort((a, b) => a - b),
				'oldest first',
			);
			assert.equal(
				(
					await trigger(simulator, {
						staticData: run.staticData,
						parameters: { filters: { eventResource: 'messages', type: 'created' } },
					})
				).items,
				null,
			);
		});
	});

	it('"Fetch Test Event" returns the newest few matching events and changes no state', async () => {
		await withSimulator({ events: 2000, eventSpanDays: 1 }, async (simulator) => {
			const staticData = {};
			const run = await trigger(simulator, {
				mode: 'manual',
				staticData,
				parameters: { options: { simplify: true } },
			});
			assert.equal(run.items.length, 5);
			assert.deepEqual(
				ids(run.items),
				[0, 1, 2, 3, 4].map((i) => simulator.events.at(i).id),
			);
			assert.ok('callType' in run.items[0].json, 'simplified');
			assert.deepEqual(json(run.staticData), {});
		});
	});

	it(
		'keeps the remembered ids bounded over 3,000 polls through the engine, emitting each event once',
		{ timeout: 300_000 },
		async () => {
			await withSimulator({ events: 0 }, async (simulator) => {
				// A Lookback of 60 ms and events a few ms apart: 3,000 polls of a busy tenant in seconds.
				const parameters = { lookback: 0.001 };
				let run = await trigger(simulator, { parameters });
				let emitted = 0;
				let largest = 0;
				for (let pollIndex = 0; pollIndex < 3000; pollIndex++) {
					await new Promise((resolve) => setTimeout(resolve, 2));
					const created = iso(Date.now() - 1);
					const added = [simulator.events.addEvent({ created })];
					if (pollIndex % 10 === 0) added.push(simulator.events.addEvent({ created }));
					run = await trigger(simulator, { staticData: run.staticData, parameters });
					assert.deepEqual(
						ids(run.items),
						added.map((event) => event.id).sort(),
						`poll ${pollIndex}`,
					);
					emitted += run.items.length;
					largest = Math.max(largest, run.staticData['node:Webex Trigger'].state.emitted.length);
				}
				assert.equal(emitted, 3300);
				assert.ok(largest <= 60, `only the lookback's ids are kept (largest ${largest})`);
			});
		},
	);

	it('keeps at most MAX_REMEMBERED_KEYS keys, and only the lookback window, over 10,000 polls of the state rules', () => {
		let state = initialState(Date.parse('2026-11-01T00:00:00Z'));
		const lookbackMs = 5 * MINUTE;
		let clock = state.sinceMs;
		let largest = 0;
		for (let pollIndex = 0; pollIndex < 10_000; pollIndex++) {
			clock += MINUTE;
			const emitted = Array.from({ length: 20 }, (_, n) => [
				`id:e-${pollIndex}-${n}`,
				clock - (n % 4) * 1000,
			]);
			state = advance(state, { emitted, positionMs: clock, lookbackMs, nowMs: clock });
			largest = Math.max(largest, state.emitted.length);
			assert.equal(state.horizonMs, Math.max(state.sinceMs, clock - lookbackMs));
		}
		assert.ok(largest <= 20 * 6, `at most the lookback's worth of keys (largest ${largest})`);
		const flood = Array.from({ length: MAX_REMEMBERED_KEYS + 500 }, (_, n) => [
			`id:f-${n}`,
			clock + 1000 + Math.floor(n / 100),
		]);
		const flooded = advance(state, {
			emitted: flood,
			positionMs: clock + 2_000_000,
			lookbackMs,
			nowMs: clock + 2_000_000,
		});
		assert.ok(flooded.emitted.length <= MAX_REMEMBERED_KEYS);
		assert.ok(
			flooded.emitted.every(([, created]) => created >= flooded.horizonMs),
			'every key at or after the horizon is kept',
		);
		assert.ok(
			flooded.horizonMs > clock + 1000,
			'the horizon moved past the forgotten keys, so no poll asks for them again',
		);
	});
});
