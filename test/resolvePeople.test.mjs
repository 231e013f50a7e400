// Resolve People: event actors looked up with GET /people?id=…, on Webex Events (Get Many, Get)
// and the Webex Events Trigger, run from dist/ through n8n's engine against the simulator.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { runNode, simulatorCredentials } from './helpers/n8n.mjs';
import {
	assertNoSecretIn,
	listEvents,
	pollTrigger,
	rejection,
	requestsTo,
	shipped,
	SIMPLIFY_COLUMNS,
	withSimulator,
} from './helpers/index.mjs';

const { PEOPLE_IDS_PER_REQUEST, MAX_CACHED_PEOPLE, DAY_MS } = shipped('nodes/shared/limits.js');

const resolve = { resolvePeople: true };
const trigger = (simulator, options) => pollTrigger('webexEventsTrigger', simulator, options);
const iso = (ms) => new Date(ms).toISOString();

/** The simulator's events, newest first (as Webex Events lists them). */
function allEvents(simulator) {
	return Array.from({ length: simulator.events.count }, (_, index) => simulator.events.at(index));
}

/** What Resolve People should add to an event: from the simulator's pool, null when not in it. */
function namesFor(simulator, actorId) {
	const person = simulator.people.find((candidate) => candidate.id === actorId);
	return {
		actorEmail: person?.emails[0] ?? null,
		actorDisplayName: person?.displayName ?? null,
	};
}

/** The person IDs of every GET /people request, after checking it asks only what the definition has. */
function lookups(simulator) {
	return requestsTo(simulator, '/people').map((request) => {
		assert.deepEqual(
			Object.keys(request.query).sort(),
			['id', 'max'],
			'only id and max (presence fields are left out with id anyway)',
		);
		const ids = request.query.id.split(',');
		assert.ok(ids.length <= PEOPLE_IDS_PER_REQUEST, `${ids.length} IDs in one request`);
		assert.equal(Number(request.query.max), ids.length, 'one page holds the batch');
		return ids;
	});
}

/** Checks the items are the events, in order, each with its actor's names and nothing else added. */
function assertEventsWithNames(simulator, items, events) {
	assert.equal(items.length, events.length);
	items.forEach((item, index) => {
		// As JSON: the simulator's generated events carry some undefined fields.
		const event = JSON.parse(JSON.stringify(events[index]));
		assert.deepEqual(item.json, { ...event, ...namesFor(simulator, event.actorId) });
	});
}

describe('Resolve People: batching, each actor once', () => {
	it('one distinct actor (an Actor ID filter): one lookup of one ID', async () => {
		await withSimulator({ events: 3000 }, async (simulator) => {
			const actor = simulator.people[4];
			const items = await listEvents(simulator, {
				filters: { actorId: actor.id },
				options: resolve,
			});
			assert.ok(items.length > 20);
			assert.deepEqual(lookups(simulator), [[actor.id]]);
			const expected = allEvents(simulator).filter((event) => event.actorId === actor.id);
			assertEventsWithNames(simulator, items, expected);
			assert.ok(items.every((item) => item.json.actorEmail === actor.emails[0]));
		});
	});

	for (const [people, requests] of [
		[PEOPLE_IDS_PER_REQUEST, 1],
		[PEOPLE_IDS_PER_REQUEST + 1, 2],
	]) {
		it(`${people} distinct actors: ${requests} lookup request(s), the output otherwise as without the option`, async () => {
			await withSimulator({ events: 4000, people, formerPeople: 0 }, async (simulator) => {
				const events = allEvents(simulator);
				assert.equal(new Set(events.map((event) => event.actorId)).size, people);
				const plain = await listEvents(simulator);
				assert.equal(requestsTo(simulator, '/people').length, 0, 'no lookup without the option');
				simulator.clearRequests();
				const items = await listEvents(simulator, { options: resolve });
				const asked = lookups(simulator);
				assert.equal(asked.length, requests);
				assert.equal(new Set(asked.flat()).size, people, 'every actor asked');
				assert.equal(asked.flat().length, people, 'each actor once');
				assert.deepEqual(
					items.map(({ json: { actorEmail, actorDisplayName, ...rest } }) => rest),
					plain.map((item) => item.json),
					'same records, same order, only the two fields added',
				);
				assertEventsWithNames(simulator, items, events);
			});
		});
	}

	it('100,000 events by 2,000 distinct actors: 24 lookups, begun while the 100 pages are read, everything in order', async () => {
		await withSimulator({ events: 100_000, people: 2000, formerPeople: 0 }, async (simulator) => {
			const events = allEvents(simulator);
			const distinct = new Set(events.map((event) => event.actorId)).size;
			assert.equal(distinct, 2000);
			const items = await listEvents(simulator, { options: resolve });
			assert.equal(requestsTo(simulator, '/events').length, 100);
			const asked = lookups(simulator);
			assert.equal(asked.length, Math.ceil(2000 / PEOPLE_IDS_PER_REQUEST));
			assert.equal(asked.flat().length, 2000);
			assert.equal(new Set(asked.flat()).size, 2000);
			const firstLookup = requestsTo(simulator, '/people')[0].at;
			const pagesBefore = requestsTo(simulator, '/events').filter(
				(request) => request.answeredAt <= firstLookup,
			).length;
			assert.ok(
				pagesBefore < 10,
				`the first lookup waits only for its ${PEOPLE_IDS_PER_REQUEST} actors, not the last page (${pagesBefore} pages before it)`,
			);
			// Every event in order with its actor's names (the records themselves are checked whole
			// by the tests above: deep-comparing 100,000 would take longer than the run).
			const names = new Map(simulator.people.map((person) => [person.id, person]));
			assert.equal(items.length, events.length);
			items.forEach(({ json }, index) => {
				assert.equal(json.id, events[index].id);
				const person = names.get(json.actorId);
				assert.ok(
					json.actorEmail === person.emails[0] && json.actorDisplayName === person.displayName,
				);
			});
		});
	});
});

describe('Resolve People: what a user sees', () => {
	it('a person Webex no longer knows gets null for both fields, and the event is kept', async () => {
		await withSimulator({ events: 2000 }, async (simulator) => {
			const items = await listEvents(simulator, { options: resolve });
			assertEventsWithNames(simulator, items, allEvents(simulator));
			const gone = new Set(simulator.formerPeople.map((person) => person.id));
			const byGone = items.filter((item) => gone.has(item.json.actorId));
			assert.ok(byGone.length > 10, `${byGone.length} events by deleted people`);
			assert.ok(
				byGone.every(
					(item) => item.json.actorEmail === null && item.json.actorDisplayName === null,
				),
			);
			assert.ok(
				items
					.filter((item) => !gone.has(item.json.actorId))
					.every(
						(item) => /@example\.com$/.test(item.json.actorEmail) && item.json.actorDisplayName,
					),
			);
		});
	});

	it('Simplify: actorEmail and actorDisplayName follow the type (who, after what) with the option, and the columns stay as they were without it', async () => {
		const before = SIMPLIFY_COLUMNS.slice(0, SIMPLIFY_COLUMNS.indexOf('type') + 1);
		const after = SIMPLIFY_COLUMNS.slice(before.length);
		await withSimulator({ events: 500 }, async (simulator) => {
			const plain = await listEvents(simulator, { options: { simplify: true } });
			for (const item of plain) assert.deepEqual(Object.keys(item.json), [...before, ...after]);
			const named = await listEvents(simulator, { options: { simplify: true, ...resolve } });
			for (const item of named) {
				assert.deepEqual(Object.keys(item.json), [
					...before,
					'actorEmail',
					'actorDisplayName',
					...after,
				]);
			}
			named.forEach((item, index) => {
				assert.deepEqual(
					{ actorEmail: item.json.actorEmail, actorDisplayName: item.json.actorDisplayName },
					namesFor(simulator, item.json.actorId),
				);
				const { actorEmail, actorDisplayName, ...rest } = item.json;
				assert.deepEqual(rest, plain[index].json);
			});
			assert.ok(
				named.some((item) => item.json.actorEmail === null),
				'a deleted actor',
			);
		});
	});

	it('Get: the event with its actor, one lookup; a deleted actor gives nulls', async () => {
		await withSimulator({ events: 2000 }, async (simulator) => {
			const get = (eventId, options) =>
				runNode({
					type: 'webexEvents',
					parameters: { resource: 'event', operation: 'get', eventId, options },
					credentials: simulatorCredentials(simulator),
				});
			const events = allEvents(simulator);
			const known = events.find((event) => namesFor(simulator, event.actorId).actorEmail);
			const [item] = await get(known.id, resolve);
			assertEventsWithNames(simulator, [item], [known]);
			assert.deepEqual(lookups(simulator), [[known.actorId]]);
			const gone = events.find((event) => !namesFor(simulator, event.actorId).actorEmail);
			const [simplified] = await get(gone.id, { ...resolve, simplify: true });
			assert.equal(simplified.json.id, gone.id);
			assert.equal(simplified.json.actorEmail, null);
			assert.equal(simplified.json.actorDisplayName, null);
			const [plain] = await get(known.id, {});
			assert.deepEqual(plain.json, JSON.parse(JSON.stringify(known)));
			assert.equal(requestsTo(simulator, '/people').length, 2);
		});
	});

	it('403 on the lookup: the scope and the option are named, not the compliance role', async () => {
		await withSimulator({ events: 300 }, async (simulator) => {
			const token = 'no-people-token';
			const plain = await listEvents(simulator, { token });
			assert.equal(plain.length, 300, 'the listing alone works with this token');
			const error = await rejection(listEvents(simulator, { token, options: resolve }));
			assert.equal(error.httpCode, '403');
			assert.match(error.description, /Resolve People needs spark:people_read/);
			assert.match(error.description, /turn the option off to list without names/);
			assert.doesNotMatch(error.description, /Compliance Officer|spark-compliance/);
			assert.match(error.description, /Retrying will not help/);
			assert.equal(requestsTo(simulator, '/people').length, 1, 'a 403 is not retried');
			assertNoSecretIn([error], token);
		});
	});
});

describe('Resolve People: through the transport', () => {
	it('a 429 during the lookups waits Retry-After and asks again: the output is complete', async () => {
		const rules = [{ status: 429, after: 1, times: 1, retryAfter: '1', path: '/v1/people' }];
		await withSimulator({ events: 3000, people: 300, faults: { rules } }, async (simulator) => {
			const items = await listEvents(simulator, { options: { ...resolve, parallelRequests: 1 } });
			assertEventsWithNames(simulator, items, allEvents(simulator));
			const requests = requestsTo(simulator, '/people');
			assert.deepEqual(
				requests.map((request) => request.status),
				[200, 429, 200, 200, 200],
			);
			assert.equal(requests[2].search, requests[1].search, 'the same batch again');
			assert.ok(requests[2].at - requests[1].at >= 1000, 'after the second Webex asked for');
		});
	});

	it('503s during the lookups are retried: the output is complete', async () => {
		const rules = [{ status: 503, times: 2, path: '/v1/people' }];
		await withSimulator({ events: 1000, faults: { rules } }, async (simulator) => {
			const items = await listEvents(simulator, { options: resolve });
			assertEventsWithNames(simulator, items, allEvents(simulator));
			assert.deepEqual(
				requestsTo(simulator, '/people').map((request) => request.status),
				[503, 503, 200],
			);
		});
	});

	it('a 5xx past Max Retries fails the run, with the Webex message', async () => {
		const rules = [{ status: 502, path: '/v1/people' }];
		await withSimulator({ events: 100, faults: { rules } }, async (simulator) => {
			const error = await rejection(
				listEvents(simulator, { options: { ...resolve, maxRetries: 0 } }),
			);
			assert.equal(error.httpCode, '502');
			assert.match(error.message, /Bad gateway/);
		});
	});

	it('a page failing while lookups are under way fails the run with its error, and no lookup goes on after', async () => {
		const rules = [{ status: 502, after: 3, path: '/v1/events' }];
		await withSimulator(
			{ events: 6000, people: 2000, formerPeople: 0, faults: { rules } },
			async (simulator) => {
				const error = await rejection(
					listEvents(simulator, { options: { ...resolve, pageSize: 1000, maxRetries: 0 } }),
				);
				const failedAt = Date.now();
				assert.equal(error.httpCode, '502');
				const lookups = requestsTo(simulator, '/people');
				assert.ok(lookups.length > 0, 'lookups had begun while the pages were read');
				assert.ok(lookups.every((request) => request.answeredAt <= failedAt));
				const count = simulator.requests.length;
				await new Promise((done) => setTimeout(done, 300));
				assert.equal(simulator.requests.length, count, 'nothing is sent after the failure');
			},
		);
	});

	it('cancelling the execution during the lookups stops them at once', async () => {
		await withSimulator(
			{ events: 2000, faults: { stall: { path: '/v1/people' } } },
			async (simulator) => {
				const controller = new AbortController();
				let cancelledAt;
				// Cancelled once the first lookup reached Webex (checked every 20 ms, for 10 s at most).
				const watch = setInterval(() => {
					if (requestsTo(simulator, '/people').length === 0) return;
					cancelledAt = Date.now();
					controller.abort();
					clearInterval(watch);
				}, 20);
				setTimeout(() => clearInterval(watch), 10_000).unref();
				const error = await rejection(
					listEvents(simulator, { options: resolve, signal: controller.signal }),
				);
				clearInterval(watch);
				assert.match(error.message, /cancelled/);
				assert.ok(Date.now() - cancelledAt < 2000, `stopped ${Date.now() - cancelledAt} ms after`);
				const count = simulator.requests.length;
				await new Promise((done) => setTimeout(done, 300));
				assert.equal(simulator.requests.length, count, 'nothing is sent after the cancel');
				assert.equal(requestsTo(simulator, '/people').length, 1);
			},
		);
	});
});

describe('Resolve People: Webex Events Trigger', () => {
	const backlog = (parameters) => ({
		parameters: { startFrom: 'hoursAgo', startHoursAgo: 25, ...parameters },
	});
	/** The simulator's events, oldest first (as the trigger emits them). */
	const oldestFirst = (simulator) => allEvents(simulator).reverse();

	it('each actor looked up once per poll; the cache spares the next polls, holds at most MAX_CACHED_PEOPLE, oldest dropped', async () => {
		await withSimulator(
			{ events: 24_000, eventSpanDays: 1, people: 1200, formerPeople: 0 },
			async (simulator) => {
				const options = { ...resolve, maxEventsPerPoll: 50_000 };
				let run = await trigger(simulator, backlog({ options }));
				const events = oldestFirst(simulator);
				assert.equal(new Set(events.map((event) => event.actorId)).size, 1200);
				assertEventsWithNames(simulator, run.items, events);
				assert.equal(lookups(simulator).flat().length, 1200);
				assert.equal(lookups(simulator).length, Math.ceil(1200 / PEOPLE_IDS_PER_REQUEST));

				const cache = run.staticData['node:Webex Trigger'].people;
				assert.equal(cache.length, MAX_CACHED_PEOPLE);
				const firstAsked = lookups(simulator).flat();
				const dropped = firstAsked.slice(0, 1200 - MAX_CACHED_PEOPLE);
				const kept = firstAsked.slice(1200 - MAX_CACHED_PEOPLE);
				const emailsIn = (entries) => entries.map((entry) => entry[1]).sort();
				assert.deepEqual(
					emailsIn(cache),
					kept.map((id) => namesFor(simulator, id).actorEmail).sort(),
					'the people looked up last are kept',
				);

				simulator.clearRequests();
				const now = Date.now();
				const added = [
					simulator.events.addEvent({ actorId: kept[0], created: iso(now - 30) }),
					simulator.events.addEvent({ actorId: dropped[0], created: iso(now - 20) }),
					simulator.events.addEvent({ actorId: kept[1], created: iso(now - 10) }),
				];
				run = await trigger(simulator, {
					...backlog({ options }),
					staticData: run.staticData,
				});
				assertEventsWithNames(simulator, run.items, added);
				assert.deepEqual(lookups(simulator), [[dropped[0]]], 'only the dropped person is asked');
				const again = run.staticData['node:Webex Trigger'].people;
				assert.equal(again.length, MAX_CACHED_PEOPLE);
				assert.equal(again.at(-1)[1], namesFor(simulator, dropped[0]).actorEmail, 'newest last');
			},
		);
	});

	it('a cached person is asked again after a day; turning the option off drops the cache', async () => {
		await withSimulator({ events: 200, eventSpanDays: 1 }, async (simulator) => {
			let run = await trigger(simulator, backlog({ options: resolve }));
			assertEventsWithNames(simulator, run.items, oldestFirst(simulator));
			const state = run.staticData['node:Webex Trigger'];
			const actors = [...new Set(oldestFirst(simulator).map((event) => event.actorId))];
			assert.equal(state.people.length, actors.length, 'every actor cached, the deleted ones too');
			// The cache as a day later: every entry looked up 24 hours and a minute ago, one just now.
			state.people = state.people.map(([key, email, name, at], index) => [
				key,
				email,
				name,
				index === 0 ? at : at - DAY_MS - 60_000,
			]);
			simulator.clearRequests();
			const added = actors.map((actorId, index) =>
				simulator.events.addEvent({ actorId, created: iso(Date.now() - 100 + index) }),
			);
			run = await trigger(simulator, {
				...backlog({ options: resolve }),
				staticData: run.staticData,
			});
			assertEventsWithNames(simulator, run.items, added);
			assert.equal(lookups(simulator).flat().length, actors.length - 1, 'all but the fresh one');

			simulator.clearRequests();
			run = await trigger(simulator, { ...backlog(), staticData: run.staticData });
			assert.equal(run.items, null);
			assert.equal(run.staticData['node:Webex Trigger'].people, undefined);
			assert.ok(run.staticData['node:Webex Trigger'].state, 'the position is kept');
		});
	});

	it('Simplify on the trigger: the two columns with the option, none without', async () => {
		await withSimulator({ events: 100, eventSpanDays: 1 }, async (simulator) => {
			const named = await trigger(simulator, backlog({ options: { ...resolve, simplify: true } }));
			const plain = await trigger(simulator, backlog({ options: { simplify: true } }));
			const keys = Object.keys(plain.items[0].json);
			assert.ok(!keys.includes('actorEmail') && !keys.includes('actorDisplayName'));
			assert.deepEqual(Object.keys(named.items[0].json), [
				...keys.slice(0, 3),
				'actorEmail',
				'actorDisplayName',
				...keys.slice(3),
			]);
			named.items.forEach((item, index) => {
				const { actorEmail, actorDisplayName, ...rest } = item.json;
				assert.deepEqual(rest, plain.items[index].json);
				assert.deepEqual({ actorEmail, actorDisplayName }, namesFor(simulator, rest.actorId));
			});
		});
	});

	it('a failed lookup (403) fails the poll and moves no state; "Fetch Test Event" resolves too', async () => {
		await withSimulator({ events: 300, eventSpanDays: 1 }, async (simulator) => {
			// Without the option first: no cache, so the next poll must look its actor up.
			const first = await trigger(simulator, backlog());
			const before = JSON.parse(JSON.stringify(first.staticData));
			simulator.events.addEvent({ created: iso(Date.now() - 10) });
			const { poll } = await import('./helpers/n8n.mjs');
			const error = await rejection(
				poll({
					type: 'webexEventsTrigger',
					parameters: {
						authentication: 'accessToken',
						startFrom: 'now',
						lookback: 5,
						filters: {},
						options: resolve,
					},
					credentials: simulatorCredentials(simulator, 'no-people-token'),
					staticData: first.staticData,
				}),
			);
			assert.equal(error.httpCode, '403');
			assert.match(error.description, /Resolve People needs spark:people_read/);
			assert.deepEqual(error.staticDataAfter, before, 'the failed poll moved no state');

			const test = await trigger(simulator, { ...backlog({ options: resolve }), mode: 'manual' });
			assert.ok(test.items.length >= 1 && test.items.length <= 5);
			for (const item of test.items)
				assert.deepEqual(
					{ actorEmail: item.json.actorEmail, actorDisplayName: item.json.actorDisplayName },
					namesFor(simulator, item.json.actorId),
				);
			assert.deepEqual(test.staticData, {}, 'Fetch Test Event changes no state');
		});
	});

	it('out of poll time during the lookups: the oldest events whose actors were looked up are emitted, the next poll emits the rest, each once', async () => {
		await withSimulator(
			{
				events: 2000,
				eventSpanDays: 1,
				people: 200,
				formerPeople: 0,
				faults: { stall: { path: '/v1/people', after: 1, times: 1 } },
			},
			async (simulator) => {
				const events = oldestFirst(simulator);
				const first = await trigger(simulator, {
					...backlog({ options: resolve }),
					pollBudgetMs: 2500,
				});
				const [answered] = lookups(simulator);
				assert.equal(answered.length, PEOPLE_IDS_PER_REQUEST);
				const cutAt = events.findIndex((event) => !answered.includes(event.actorId));
				assert.ok(cutAt > 0, 'some events are emitted');
				assertEventsWithNames(simulator, first.items, events.slice(0, cutAt));

				const second = await trigger(simulator, {
					...backlog({ options: resolve }),
					staticData: first.staticData,
				});
				assertEventsWithNames(simulator, second.items, events.slice(cutAt));
				const askedAgain = lookups(simulator).slice(2).flat();
				assert.ok(
					askedAgain.every((id) => !answered.includes(id)),
					'the people of the first batch come from the cache',
				);
			},
		);
	});
});
