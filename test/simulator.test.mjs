// The simulator is the ground truth of every other test: it must page and reject as Webex does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { request } from 'undici';

import { parseLinkHeaderForTests, withSimulator } from './helpers.mjs';

const DAY_MS = 86_400_000;

async function get(simulator, pathAndQuery, { token = 'sim-token', headers = {} } = {}) {
	const url = pathAndQuery.startsWith('http') ? pathAndQuery : `${simulator.baseUrl}${pathAndQuery}`;
	const response = await request(url, { headers: { authorization: `Bearer ${token}`, ...headers } });
	return { status: response.statusCode, headers: response.headers, body: await response.body.json() };
}

async function listAll(simulator, firstPath) {
	const ids = [];
	let url = firstPath;
	let pages = 0;
	while (url && pages < 10_000) {
		const page = await get(simulator, url);
		assert.equal(page.status, 200, JSON.stringify(page.body));
		ids.push(...page.body.items.map((item) => item.id ?? item.recordingId));
		url = parseLinkHeaderForTests(page.headers.link).next;
		pages++;
	}
	return { ids, pages };
}

describe('simulator', () => {
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
			assert.equal((await get(simulator, '/events?max=5000')).body.items.length, 1000);
			assert.equal((await get(simulator, '/events')).body.items.length, 100);
			assert.equal((await get(simulator, `/recordingReport/accessSummary?max=500&hostEmail=all&from=${new Date(Date.now() - 80 * DAY_MS).toISOString()}&to=${new Date().toISOString()}`)).body.items.length, 100);
			for (const max of ['0', '-1', 'ten', '1.5']) {
				const answer = await get(simulator, `/events?max=${max}`);
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
			const { body } = await get(simulator, `/events?max=1000&resource=messages&type=created&actorId=${actorId}&from=${from}&to=${to}`);
			assert.ok(body.items.length > 0);
			for (const event of body.items) {
				assert.equal(event.resource, 'messages');
				assert.equal(event.type, 'created');
				assert.equal(event.actorId, actorId);
				assert.ok(event.created > from && event.created < to);
			}
			const files = (await get(simulator, '/events?max=1000&resource=files&type=read')).body.items;
			assert.ok(files.length > 0 && files.every((e) => e.resource === 'files' && e.type === 'read'));
			const recordings = (await get(simulator, '/events?max=1000&resource=convergedRecordings&serviceType=calling')).body.items;
			assert.ok(recordings.length > 0 && recordings.every((e) => e.resource === 'convergedRecordings'));
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
				['/events?resource=convergedRecordings']: /serviceType/,
			};
			for (const [path, message] of Object.entries(cases)) {
				const answer = await get(simulator, path);
				assert.equal(answer.status, 400, path);
				assert.match(answer.body.message, message, path);
			}
		});
	});

	it('rejects what Webex rejects on recording audit summaries: 91-day window, 365 days back, from after to, bad email, bad timezone', async () => {
		await withSimulator({ recordings: 100 }, async (simulator) => {
			const iso = (daysAgo) => new Date(Date.now() - daysAgo * DAY_MS).toISOString();
			const cases = [
				[`from=${iso(100)}&to=${iso(9)}`, /cannot exceed 90 days/],
				[`from=${iso(366)}&to=${iso(300)}`, /cannot exceed 365 days/],
				[`from=${iso(5)}&to=${iso(6)}`, /cannot be after/],
				['hostEmail=bob', /hostEmail/],
			];
			for (const [query, message] of cases) {
				const answer = await get(simulator, `/recordingReport/accessSummary?${query}`);
				assert.equal(answer.status, 400, query);
				assert.match(answer.body.message, message, query);
			}
			assert.equal((await get(simulator, `/recordingReport/accessSummary?from=${iso(95)}&to=${iso(5)}`)).status, 200);
			const badZone = await get(simulator, '/recordingReport/accessSummary', { headers: { timezone: 'Mars/Olympus' } });
			assert.equal(badZone.status, 400);
			assert.match(badZone.body.message, /timezone/i);
		});
	});

	it('renders timeRecorded in the timezone header, newest first, whole seconds', async () => {
		await withSimulator({ recordings: 2000 }, async (simulator) => {
			const utc = (await get(simulator, '/recordingReport/accessSummary?max=100&hostEmail=all')).body.items;
			const tokyo = (await get(simulator, '/recordingReport/accessSummary?max=100&hostEmail=all', { headers: { timezone: 'Asia/Tokyo' } })).body.items;
			assert.ok(utc.length > 1);
			assert.match(utc[0].timeRecorded, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
			assert.match(tokyo[0].timeRecorded, /\+09:00$/);
			assert.equal(Date.parse(tokyo[0].timeRecorded), Date.parse(utc[0].timeRecorded));
			for (let i = 1; i < utc.length; i++) assert.ok(Date.parse(utc[i - 1].timeRecorded) >= Date.parse(utc[i].timeRecorded));
		});
	});

	it('checks the bearer token with Webex\'s 401 body, and roles with 403', async () => {
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
		const first = await withSimulator({ events: 5, seed: 7, anchor }, async (s) => [s.events.at(0), s.events.at(4)]);
		const again = await withSimulator({ events: 5, seed: 7, anchor }, async (s) => [s.events.at(0), s.events.at(4)]);
		const other = await withSimulator({ events: 5, seed: 8, anchor }, async (s) => [s.events.at(0), s.events.at(4)]);
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

	it('injects faults: 429 with Retry-After, 5xx a number of times, empty pages and extra rel values', async () => {
		const rules = [{ status: 429, every: 2, retryAfter: '7', path: '/v1/events' }, { status: 503, times: 1, path: '/v1/people/me' }];
		await withSimulator({ events: 50, faults: { rules, emptyPageEvery: 2, extraRels: true } }, async (simulator) => {
			assert.equal((await get(simulator, '/events?max=10')).status, 200);
			const limited = await get(simulator, '/events?max=10');
			assert.equal(limited.status, 429);
			assert.equal(limited.headers['retry-after'], '7');
			assert.equal((await get(simulator, '/people/me')).status, 503);
			assert.equal((await get(simulator, '/people/me')).status, 200);
			simulator.setFaults({ emptyPageEvery: 2, extraRels: true });
			const first = await get(simulator, '/events?max=10');
			assert.match(first.headers.link, /rel="first".*rel="next".*rel="prev"/);
			const second = await get(simulator, parseLinkHeaderForTests(first.headers.link).next);
			assert.equal(second.body.items.length, 0);
			assert.ok(parseLinkHeaderForTests(second.headers.link).next);
		});
	});
});
