// Webex Events Trigger catching up: backlogs drained in bounded polls, oldest first, each event
// once, through n8n-core's PollContext against the simulator.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { pollTrigger, rejection, requestsTo, withSimulator } from './helpers/index.mjs';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const STATE_KEY = 'node:Webex Trigger';
const iso = (ms) => new Date(ms).toISOString();
const ids = (items) => (items ?? []).map((item) => item.json.id);
const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

const trigger = (simulator, options) => pollTrigger('webexEventsTrigger', simulator, options);

/** Polls until a poll emits nothing (at most maxPolls); returns every poll's items and the last static data. */
async function drain(simulator, { parameters, staticData, maxPolls = 40, pollBudgetMs } = {}) {
	const batches = [];
	let run = { staticData };
	for (let index = 0; index < maxPolls; index++) {
		run = await trigger(simulator, { parameters, staticData: run.staticData, pollBudgetMs });
		if (run.items === null) return { batches, staticData: run.staticData };
		batches.push(run.items);
	}
	throw new Error(`still emitting after ${maxPolls} polls`);
}

/** Ids of the simulator's generated events created after `sinceMs`, oldest first. */
function generatedSince(simulator, sinceMs) {
	const result = [];
	for (let index = simulator.events.count - 1; index >= 0; index--) {
		if (simulator.events.createdAt(index) > sinceMs) result.push(simulator.events.at(index).id);
	}
	return result;
}

const assertOnceEach = (emitted) =>
	assert.equal(new Set(emitted).size, emitted.length, 'no event emitted twice');
const stateOf = (staticData) => staticData[STATE_KEY].state;

describe('Webex Events Trigger: backlogs', () => {
	it(
		'drains 250,000 pending events over successive polls, each at most Max Events per Poll, every event once, oldest first',
		{ timeout: 300_000 },
		async () => {
			await withSimulator({ events: 250_000, eventSpanDays: 11 / 24 }, async (simulator) => {
				const parameters = {
					startFrom: 'hoursAgo',
					startHoursAgo: 12,
					options: { maxEventsPerPoll: 25_000 },
				};
				const { batches, staticData } = await drain(simulator, { parameters });
				assert.ok(
					batches.every((batch) => batch.length <= 25_000),
					`batch sizes ${batches.map((b) => b.length)}`,
				);
				assert.ok(batches.length >= 10 && batches.length <= 12, `${batches.length} polls`);
				const emitted = batches.flatMap(ids);
				assert.equal(emitted.length, 250_000);
				assert.deepEqual(
					emitted,
					generatedSince(simulator, 0),
					'every event once, oldest first across polls',
				);
				assert.ok(stateOf(staticData).positionMs <= Date.now());
			});
		},
	);

	it('a short poll budget ends a poll early with a complete, oldest-first part; the next polls go on', async () => {
		await withSimulator(
			{ events: 5000, eventSpanDays: 5, faults: { delayMs: 150 } },
			async (simulator) => {
				const parameters = { startFrom: 'hoursAgo', startHoursAgo: 120 };
				const first = await trigger(simulator, { parameters, pollBudgetMs: 700 });
				const state = stateOf(first.staticData);
				assert.ok(
					first.items.length > 0 && first.items.length < 4000,
					`${first.items.length} events in the first poll`,
				);
				const sinceMs = state.sinceMs;
				const expected = generatedSince(simulator, sinceMs);
				const olderThanPosition = [];
				for (let index = simulator.events.count - 1; index >= 0; index--) {
					const created = simulator.events.createdAt(index);
					if (created > sinceMs && created < state.positionMs)
						olderThanPosition.push(simulator.events.at(index).id);
				}
				assert.deepEqual(
					ids(first.items),
					olderThanPosition,
					'exactly the events before the new position, oldest first',
				);
				const rest = await drain(simulator, { parameters, staticData: first.staticData });
				const emitted = [...ids(first.items), ...rest.batches.flatMap(ids)];
				assert.deepEqual(emitted, expected);
			},
		);
	});

	it('many events sharing one timestamp on a window edge: none lost, none twice', async () => {
		await withSimulator({ events: 0 }, async (simulator) => {
			const sinceMs = Date.now() - 2 * HOUR;
			const windowMs = 30 * MINUTE;
			const edge = sinceMs + 1 + windowMs;
			const added = [];
			for (const created of [edge - 1, edge, edge + 1])
				for (let n = 0; n < 1500; n++)
					added.push(simulator.events.addEvent({ created: iso(created) }));
			const staticData = {
				[STATE_KEY]: {
					state: {
						version: 2,
						sinceMs,
						positionMs: sinceMs,
						horizonMs: sinceMs,
						emitted: [],
						windowMs,
					},
				},
			};
			const { batches } = await drain(simulator, {
				staticData,
				parameters: { options: { maxEventsPerPoll: 1000 } },
			});
			assert.ok(batches.every((batch) => batch.length <= 1000));
			const emitted = batches.flatMap(ids);
			assertOnceEach(emitted);
			assert.deepEqual(new Set(emitted), new Set(added.map((event) => event.id)));
			const times = batches.flat().map((item) => Date.parse(item.json.created));
			assert.deepEqual(
				times,
				[...times].sort((a, b) => a - b),
				'oldest first across polls',
			);
		});
	});

	it('a failed poll in the middle of catching up moves nothing; the next one goes on', async () => {
		await withSimulator({ events: 5000, eventSpanDays: 1 }, async (simulator) => {
			const parameters = {
				startFrom: 'hoursAgo',
				startHoursAgo: 25,
				options: { maxEventsPerPoll: 1000, maxRetries: 0 },
			};
			const first = await trigger(simulator, { parameters });
			const second = await trigger(simulator, { parameters, staticData: first.staticData });
			simulator.setFaults({ rules: [{ status: 503, path: '/v1/events', after: 1 }] });
			const error = await rejection(
				trigger(simulator, { parameters, staticData: second.staticData }),
			);
			assert.equal(error.httpCode, '503');
			assert.deepEqual(error.staticDataAfter, second.staticData, 'the failed poll moved no state');
			simulator.setFaults({});
			const rest = await drain(simulator, { parameters, staticData: second.staticData });
			const emitted = [...ids(first.items), ...ids(second.items), ...rest.batches.flatMap(ids)];
			assert.deepEqual(emitted, generatedSince(simulator, stateOf(first.staticData).sinceMs));
		});
	});

	it(
		'60,000 events inside one Lookback window: nothing lost, nothing twice',
		{ timeout: 120_000 },
		async () => {
			await withSimulator({ events: 60_000, eventSpanDays: 30 / 1440 }, async (simulator) => {
				const parameters = {
					startFrom: 'hoursAgo',
					startHoursAgo: 1,
					lookback: 60,
					options: { maxEventsPerPoll: 50_000 },
				};
				const { batches, staticData } = await drain(simulator, { parameters });
				assert.deepEqual(
					batches.map((batch) => batch.length),
					[50_000, 10_000],
				);
				assert.deepEqual(batches.flatMap(ids), generatedSince(simulator, 0));
				const state = stateOf(staticData);
				assert.ok(state.emitted.length <= 50_000, `${state.emitted.length} keys remembered`);
				assert.equal((await trigger(simulator, { parameters, staticData })).items, null);
			});
		},
	);
});

describe('Webex Events Trigger: odd events and changed settings', () => {
	for (const [label, aheadMs] of [
		['+1 day', 24 * HOUR],
		['+10 minutes', 10 * MINUTE],
	]) {
		it(`an event stamped in the future (${label}) is emitted once and does not hide the next real events`, async () => {
			await withSimulator({ events: 50 }, async (simulator) => {
				let run = await trigger(simulator);
				await tick();
				const future = simulator.events.addEvent({ created: iso(Date.now() + aheadMs) });
				run = await trigger(simulator, { staticData: run.staticData });
				assert.deepEqual(ids(run.items), [future.id]);
				assert.ok(
					stateOf(run.staticData).positionMs <= Date.now(),
					'the position never passes now',
				);
				await tick();
				const real = simulator.events.addEvent({ created: iso(Date.now() - 5) });
				run = await trigger(simulator, { staticData: run.staticData });
				assert.deepEqual(ids(run.items), [real.id]);
				await tick();
				const next = simulator.events.addEvent({ created: iso(Date.now() - 5) });
				run = await trigger(simulator, { staticData: run.staticData });
				assert.deepEqual(ids(run.items), [next.id]);
				assert.equal((await trigger(simulator, { staticData: run.staticData })).items, null);
			});
		});
	}

	it('raising Lookback between polls re-emits nothing', async () => {
		await withSimulator({ events: 500, eventSpanDays: 2 / 24 }, async (simulator) => {
			let run = await trigger(simulator, {
				parameters: { startFrom: 'hoursAgo', startHoursAgo: 3 },
			});
			assert.equal(run.items.length, 500);
			run = await trigger(simulator, { staticData: run.staticData, parameters: { lookback: 120 } });
			assert.equal(run.items, null);
			await tick();
			const late = simulator.events.addEvent({ created: iso(Date.now() - 20) });
			run = await trigger(simulator, { staticData: run.staticData, parameters: { lookback: 120 } });
			assert.deepEqual(ids(run.items), [late.id]);
		});
	});

	it('events without created or id, and an id of __proto__, are each emitted once', async () => {
		await withSimulator({ events: 20 }, async (simulator) => {
			let run = await trigger(simulator);
			await tick();
			// Events the definitions require an id and a created of: off the contract on purpose.
			const broken = { offContract: 'an event without created or id, on purpose' };
			const noCreated = simulator.events.addEvent({ created: iso(Date.now() - 5) }, broken);
			delete noCreated.created;
			const noIds = [
				simulator.events.addEvent({ created: iso(Date.now() - 4) }, broken),
				simulator.events.addEvent({ created: iso(Date.now() - 3) }, broken),
			];
			for (const event of noIds) delete event.id;
			const proto = simulator.events.addEvent({ created: iso(Date.now() - 2), id: '__proto__' });
			run = await trigger(simulator, { staticData: run.staticData });
			assert.equal(run.items.length, 4);
			assert.equal(
				run.items.filter((item) => item.json.id === undefined).length,
				2,
				'two events without id stay two',
			);
			assert.ok(
				run.items.some((item) => item.json.created === undefined && item.json.id === noCreated.id),
			);
			assert.ok(ids(run.items).includes(proto.id));
			for (let again = 0; again < 3; again++) {
				run = await trigger(simulator, { staticData: run.staticData });
				assert.equal(run.items, null, `poll ${again + 2} emits nothing again`);
			}
		});
	});

	it('Hours Ago reaches a year back (Pro Pack); more is refused before any request', async () => {
		await withSimulator({ events: 10 }, async (simulator) => {
			await trigger(simulator, { parameters: { startFrom: 'hoursAgo', startHoursAgo: 8760 } });
			const [first] = requestsTo(simulator, '/events');
			assert.ok(Math.abs(Date.parse(first.query.from) - (Date.now() - 8760 * HOUR)) < 10_000);
			simulator.clearRequests();
			const error = await rejection(
				trigger(simulator, { parameters: { startFrom: 'hoursAgo', startHoursAgo: 9000 } }),
			);
			assert.match(error.message, /Hours Ago must be a number from 1 to 8760/);
			assert.equal(simulator.requests.length, 0);
		});
	});
});
