// The simulator is the ground truth of every other test: it must page and reject as Webex does.
// Here: GET /events and /events/{eventId}: paging, filters, rejections, tokens, seeds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { request } from 'undici';

import { withSimulator } from '../helpers/index.mjs';
import { DAY_MS, get, listAll } from '../helpers/simulatorRequests.mjs';

describe('simulator: events', () => {
	it('pages events with opaque cursors: every record once, in order, honouring max', async () => {
		await withSimulator({ events: 2345 }, async (simulator) => {
			const { ids, pages } = await listAll(simulator, '/events?max=500');
			assert.equal(pages, 5);
			assert.equal(ids.length, 2345);
			assert.equal(new Set(ids).size, 2345);
			assert.equal(ids[2344], simulator.events.at(2344).id);
			assert.ok(simulator.requests.slice(1).every((r) => r.query.max === '500' && r.query.cursor));
		});
	});

	it('answers a max above the ceiling with the ceiling, and rejects a bad max with a Webex error', async () => {
		await withSimulator({ events: 1500, recordings: 3000 }, async (simulator) => {
			const above = { offContract: 'max above the ceiling, on purpose' };
			assert.equal((await get(simulator, '/events?max=5000', above)).body.items.length, 1000);
			assert.equal((await get(simulator, '/events')).body.items.length, 100);
			assert.equal(
				(
					await get(
						simulator,
						`/recordingReport/accessSummary?max=500&hostEmail=all&from=${new Date(Date.now() - 80 * DAY_MS).toISOString()}&to=${new Date().toISOString()}`,
						above,
					)
				).body.items.length,
				100,
			);
			for (const max of ['0', '-1', 'ten', '1.5']) {
				const answer = await get(simulator, `/events?max=${max}`, {
					offContract: 'max out of range or not a number, on purpose',
				});
				assert.equal(answer.status, 400);
				assert.match(answer.body.message, /max/);
				assert.match(answer.body.trackingId, /^ROUTER_/);
				assert.equal(answer.body.errors[0].description, answer.body.message);
			}
		});
	});

	it('filters events by every documented parameter', async () => {
		await withSimulator({ events: 3000 }, async (simulator) => {
			const actorId = simulator.people[3].id;
			const from = new Date(Date.now() - 20 * DAY_MS).toISOString();
			const to = new Date(Date.now() - 10 * DAY_MS).toISOString();
			const { body } = await get(
				simulator,
				`/events?max=1000&resource=messages&type=created&actorId=${actorId}&from=${from}&to=${to}`,
			);
			assert.ok(body.items.length > 0);
			for (const event of body.items) {
				assert.equal(event.resource, 'messages');
				assert.equal(event.type, 'created');
				assert.equal(event.actorId, actorId);
				assert.ok(event.created > from && event.created < to);
			}
			const files = (await get(simulator, '/events?max=1000&resource=files&type=deleted')).body
				.items;
			assert.ok(
				files.length > 0 && files.every((e) => e.resource === 'files' && e.type === 'deleted'),
			);
			const recordings = (
				await get(simulator, '/events?max=1000&resource=convergedRecordings&serviceType=calling')
			).body.items;
			assert.ok(
				recordings.length > 0 && recordings.every((e) => e.resource === 'convergedRecordings'),
			);
		});
	});

	it('rejects what Webex rejects on /events', async () => {
		await withSimulator({ events: 10 }, async (simulator) => {
			const later = new Date(Date.now() - DAY_MS).toISOString();
			const earlier = new Date(Date.now() - 2 * DAY_MS).toISOString();
			const future = new Date(Date.now() + DAY_MS).toISOString();
			const cases = {
				[`/events?from=${later}&to=${earlier}`]: /'from' must be before 'to'/,
				[`/events?to=${future}`]: /future/,
				['/events?from=yesterday']: /ISO 8601/,
				['/events?resource=chats']: /resource/,
				['/events?type=viewed']: /type/,
				// The definitions' EventTypeEnum has no `read`, which a compliance guide names for files.
				['/events?resource=files&type=read']: /type/,
				['/events?resource=convergedRecordings']: /serviceType/,
			};
			for (const [path, message] of Object.entries(cases)) {
				const answer = await get(simulator, path, {
					offContract: 'an invalid request, on purpose',
				});
				assert.equal(answer.status, 400, path);
				assert.match(answer.body.message, message, path);
			}
		});
	});

	it("checks the bearer token with Webex's 401 body, and roles with 403", async () => {
		await withSimulator({ events: 10 }, async (simulator) => {
			const missing = await request(`${simulator.baseUrl}/people/me`);
			assert.equal(missing.statusCode, 401);
			assert.match((await missing.body.json()).message, /valid access token/);
			assert.equal((await get(simulator, '/people/me', { token: 'wrong' })).status, 401);
			const me = await get(simulator, '/people/me');
			assert.equal(me.status, 200);
			assert.equal(me.body.emails[0], simulator.people[0].emails[0]);
			const forbidden = await get(simulator, '/events', { token: 'user-token' });
			assert.equal(forbidden.status, 403);
			assert.match(forbidden.body.message, /Compliance role required/);
		});
	});

	it('generates the same data from the same seed and anchor, and other data from another seed', async () => {
		const anchor = Date.parse('2026-11-01T00:00:00Z');
		const first = await withSimulator({ events: 5, seed: 7, anchor }, async (s) => [
			s.events.at(0),
			s.events.at(4),
		]);
		const again = await withSimulator({ events: 5, seed: 7, anchor }, async (s) => [
			s.events.at(0),
			s.events.at(4),
		]);
		const other = await withSimulator({ events: 5, seed: 8, anchor }, async (s) => [
			s.events.at(0),
			s.events.at(4),
		]);
		assert.equal(first[0].id, again[0].id);
		assert.deepEqual(first[1].data, again[1].data);
		assert.notEqual(first[0].id, other[0].id);
	});

	it('serves a 1,000,000-event data set without holding it in memory', async () => {
		await withSimulator({ events: 1_000_000 }, async (simulator) => {
			const before = process.memoryUsage().heapUsed;
			const page = await get(simulator, '/events?max=1000');
			assert.equal(page.body.items.length, 1000);
			const last = simulator.events.at(999_999);
			assert.match(last.id, /^Y2lzY29zcGFyazovL3VzL0VWRU5U/);
			assert.ok(process.memoryUsage().heapUsed - before < 50 * 1024 * 1024);
		});
	});
});

describe('simulator: GET /events/{eventId}', () => {
	it('GET /events/{eventId} finds generated and live events by id, 404 otherwise, 403 without the compliance role', async () => {
		await withSimulator({ events: 200_000 }, async (simulator) => {
			for (const index of [0, 1, 123_456, 199_999]) {
				const expected = simulator.events.at(index);
				const answer = await get(simulator, `/events/${expected.id}`);
				assert.equal(answer.status, 200);
				assert.deepEqual(answer.body, expected);
			}
			const live = simulator.events.addEvent({ resource: 'messages', type: 'created' });
			assert.deepEqual((await get(simulator, `/events/${live.id}`)).body, live);
			const unknown = Buffer.from(
				'ciscospark://us/EVENT/00000000-0000-4000-a000-000000000000',
			).toString('base64');
			for (const id of [unknown, 'not-an-id', simulator.people[0].id]) {
				const answer = await get(simulator, `/events/${encodeURIComponent(id)}`);
				assert.equal(answer.status, 404, id);
				assert.match(answer.body.trackingId, /^ROUTER_/);
				assert.equal(answer.body.errors[0].description, answer.body.message);
			}
			const forbidden = await get(simulator, `/events/${live.id}`, { token: 'user-token' });
			assert.equal(forbidden.status, 403);
			assert.match(forbidden.body.message, /Compliance role required/);
			assert.equal(simulator.requests.at(-1).path, `/v1/events/${live.id}`);
		});
	});
});
