// The simulator is the ground truth of every other test: it must page and reject as Webex does.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { Agent, ProxyAgent, request } from 'undici';

import { parseLinkHeaderForTests, withSimulator } from './helpers/index.mjs';
import { EXAMPLES } from '../simulator/definitions.mjs';
import { ORG_ID } from '../simulator/people.mjs';
import { createSimulator, TLS_CERT_PATH } from '../simulator/server.mjs';
import { createProxy } from './helpers/proxy.mjs';

const DAY_MS = 86_400_000;

/** A GET as a client sends it; `offContract` (why) exempts an invalid request sent on purpose. */
async function get(
	simulator,
	pathAndQuery,
	{ token = 'sim-token', headers = {}, offContract } = {},
) {
	const url = pathAndQuery.startsWith('http')
		? pathAndQuery
		: `${simulator.baseUrl}${pathAndQuery}`;
	const exempt = offContract ? simulator.offContract(offContract) : {};
	const response = await request(url, {
		headers: { authorization: `Bearer ${token}`, ...exempt, ...headers },
	});
	return {
		status: response.statusCode,
		headers: response.headers,
		body: await response.body.json(),
	};
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
			assert.equal(
				(await get(simulator, `/recordingReport/accessSummary?from=${iso(95)}&to=${iso(5)}`))
					.status,
				200,
			);
			const badZone = await get(simulator, '/recordingReport/accessSummary', {
				headers: { timezone: 'Mars/Olympus' },
			});
			assert.equal(badZone.status, 400);
			assert.match(badZone.body.message, /timezone/i);
		});
	});

	it('renders timeRecorded in the timezone header, newest first, whole seconds', async () => {
		await withSimulator({ recordings: 2000 }, async (simulator) => {
			const utc = (await get(simulator, '/recordingReport/accessSummary?max=100&hostEmail=all'))
				.body.items;
			const tokyo = (
				await get(simulator, '/recordingReport/accessSummary?max=100&hostEmail=all', {
					headers: { timezone: 'Asia/Tokyo' },
				})
			).body.items;
			assert.ok(utc.length > 1);
			assert.match(utc[0].timeRecorded, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
			assert.match(tokyo[0].timeRecorded, /\+09:00$/);
			assert.equal(Date.parse(tokyo[0].timeRecorded), Date.parse(utc[0].timeRecorded));
			for (let i = 1; i < utc.length; i++)
				assert.ok(Date.parse(utc[i - 1].timeRecorded) >= Date.parse(utc[i].timeRecorded));
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

	it('injects faults: 429 with Retry-After, 5xx a number of times, empty pages and extra rel values', async () => {
		const rules = [
			{ status: 429, every: 2, retryAfter: '7', path: '/v1/events' },
			{ status: 503, times: 1, path: '/v1/people/me' },
		];
		await withSimulator(
			{ events: 50, faults: { rules, emptyPageEvery: 2, extraRels: true } },
			async (simulator) => {
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
			},
		);
	});
});

/** Follows next links the way a client must: resolved against the URL of the page. */
async function listAllResolved(simulator, firstUrl) {
	const pages = [];
	let url = firstUrl;
	while (url && pages.length < 1000) {
		const page = await get(simulator, url);
		assert.equal(page.status, 200, JSON.stringify(page.body));
		pages.push(page.body.items);
		const next = parseLinkHeaderForTests(page.headers.link).next;
		url = next ? new URL(next, url).href : undefined;
	}
	return pages;
}

const idOf = (item) => item.id ?? item.recordingId;

/** A GET with node:http that gives up after `ms`; resolves {status, headers, body} or 'no answer'. */
function rawGet(url, { ms = 2000, headers = {}, ...options } = {}) {
	return new Promise((resolve, reject) => {
		const req = (url.startsWith('https') ? https : http).get(
			url,
			{ headers, ...options },
			(res) => {
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () =>
					resolve({
						status: res.statusCode,
						headers: res.headers,
						body: Buffer.concat(chunks).toString('utf8'),
					}),
				);
				res.on('error', reject);
			},
		);
		req.setTimeout(ms, () => {
			req.destroy();
			resolve('no answer');
		});
		req.on('error', reject);
	});
}

describe('simulator faults for the request layer', () => {
	it('redirects data requests with every redirect status, to another origin, whatever the token', async () => {
		await withSimulator({ events: 30 }, async (target) => {
			await withSimulator({ events: 30 }, async (simulator) => {
				for (const status of [301, 302, 303, 307, 308]) {
					simulator.setFaults({ redirect: { status, to: target.origin } });
					for (const token of ['sim-token', 'wrong']) {
						const answer = await request(`${simulator.baseUrl}/events?max=5`, {
							headers: { authorization: `Bearer ${token}` },
						});
						await answer.body.dump();
						assert.equal(answer.statusCode, status);
						assert.equal(answer.headers.location, `${target.origin}/v1/events?max=5`);
					}
					assert.equal(simulator.requests.at(-1).status, status);
				}
				const moved = await get(target, `${target.origin}/v1/events?max=5`);
				assert.equal(moved.status, 200);
				assert.equal(moved.body.items.length, 5);
				const me = await request(`${simulator.baseUrl}/people/me`);
				await me.body.dump();
				assert.equal(me.statusCode, 308);
				assert.equal(me.headers.location, `${target.origin}/v1/people/me`);
			});
		});
	});

	it('redirects only first pages or only next pages, and serves a relative redirect target', async () => {
		await withSimulator({ events: 30 }, async (simulator) => {
			simulator.setFaults({ redirect: { status: 307, to: '/v1/moved', on: 'first' } });
			const first = await request(`${simulator.baseUrl}/events?max=10`, {
				headers: { authorization: 'Bearer sim-token' },
			});
			await first.body.dump();
			assert.equal(first.statusCode, 307);
			assert.equal(first.headers.location, '/v1/moved/events?max=10');
			const pages = await listAllResolved(
				simulator,
				new URL(first.headers.location, `${simulator.baseUrl}/events?max=10`).href,
			);
			assert.deepEqual(
				pages.flat().map(idOf),
				Array.from({ length: 30 }, (_, i) => simulator.events.at(i).id),
			);
			assert.ok(
				simulator.requests.slice(1).every((r) => r.path === '/v1/moved/events' && r.status === 200),
			);

			simulator.setFaults({ redirect: { status: 302, to: '/v1/moved', on: 'next' } });
			const page = await get(simulator, '/events?max=10');
			assert.equal(page.status, 200);
			const next = await request(parseLinkHeaderForTests(page.headers.link).next, {
				headers: { authorization: 'Bearer sim-token' },
			});
			await next.body.dump();
			assert.equal(next.statusCode, 302);
			assert.match(next.headers.location, /^\/v1\/moved\/events\?max=10&cursor=/);
		});
	});

	it('stalls before the headers or inside the body, and close() still returns at once', async () => {
		const simulator = await createSimulator({
			events: 30,
			faults: { stall: { on: 'headers', times: 1 } },
		});
		const stalled = rawGet(`${simulator.baseUrl}/events`, {
			ms: 400,
			headers: { authorization: 'Bearer sim-token' },
		});
		assert.equal(await stalled, 'no answer');
		assert.equal((await get(simulator, '/events?max=2')).status, 200);
		assert.equal(simulator.requests[0].status, 'stall');

		simulator.setFaults({ stall: { on: 'body', path: '/v1/events' } });
		assert.equal((await get(simulator, '/people/me')).status, 200);
		const answer = await request(`${simulator.baseUrl}/events`, {
			headers: { authorization: 'Bearer sim-token' },
			bodyTimeout: 0,
		});
		assert.equal(answer.statusCode, 200);
		assert.match(answer.headers['content-type'], /json/);
		assert.equal(answer.headers['content-length'], undefined);
		const text = assert.rejects(answer.body.text());
		const waiting = assert.rejects(
			rawGet(`${simulator.baseUrl}/events`, {
				ms: 10_000,
				headers: { authorization: 'Bearer sim-token' },
			}),
		);
		await delay(100);
		const started = Date.now();
		await simulator.close();
		assert.ok(Date.now() - started < 500);
		await text;
		await waiting;
	});

	it('repeats the last record of a page at the start of the next, without losing or adding records', async () => {
		await withSimulator({ events: 95 }, async (simulator) => {
			simulator.setFaults({ repeatAcrossPages: true });
			const pages = await listAllResolved(simulator, `${simulator.baseUrl}/events?max=10`);
			const ids = pages.flat().map(idOf);
			assert.ok(ids.length > new Set(ids).size);
			assert.equal(new Set(ids).size, 95);
			for (let p = 1; p < pages.length; p++)
				assert.equal(idOf(pages[p][0]), idOf(pages[p - 1].at(-1)));
			const from = new Date(Date.now() - 80 * DAY_MS).toISOString();
			const to = new Date().toISOString();
			const summaries = (
				await listAllResolved(
					simulator,
					`${simulator.baseUrl}/recordingReport/accessSummary?max=10&hostEmail=all&from=${from}&to=${to}`,
				)
			)
				.flat()
				.map(idOf);
			assert.ok(summaries.length > new Set(summaries).size);
		});
	});

	it('gives relative next links, by path or by query, that resolve to the same pages', async () => {
		await withSimulator({ events: 45 }, async (simulator) => {
			const expected = (await listAllResolved(simulator, `${simulator.baseUrl}/events?max=10`))
				.flat()
				.map(idOf);
			simulator.setFaults({ relativeNext: 'path' });
			const byPath = await get(simulator, '/events?max=10');
			assert.match(
				parseLinkHeaderForTests(byPath.headers.link).next,
				/^\/v1\/events\?max=10&cursor=/,
			);
			assert.deepEqual(
				(await listAllResolved(simulator, `${simulator.baseUrl}/events?max=10`)).flat().map(idOf),
				expected,
			);
			simulator.setFaults({ relativeNext: 'query' });
			const byQuery = await get(simulator, '/events?max=10');
			assert.match(parseLinkHeaderForTests(byQuery.headers.link).next, /^events\?max=10&cursor=/);
			assert.deepEqual(
				(await listAllResolved(simulator, `${simulator.baseUrl}/events?max=10`)).flat().map(idOf),
				expected,
			);
		});
	});

	it('puts bad records at the start of the first page only', async () => {
		await withSimulator({ events: 20 }, async (simulator) => {
			simulator.setFaults({ badRecords: [null, 'text', 42, []] });
			const pages = await listAllResolved(simulator, `${simulator.baseUrl}/events?max=10`);
			assert.deepEqual(pages[0].slice(0, 4), [null, 'text', 42, []]);
			assert.equal(pages[0].length, 14);
			assert.ok(
				pages
					.slice(1)
					.flat()
					.every((item) => typeof item === 'object' && item.id),
			);
		});
	});

	it('echoes the Authorization header into error bodies when asked', async () => {
		await withSimulator(
			{
				events: 5,
				faults: { echoAuthorization: true, rules: [{ status: 429, path: '/v1/events' }] },
			},
			async (simulator) => {
				for (const [path, token, status] of [
					['/events', 'sim-token', 429],
					['/people/me', 'secret-123', 401],
					['/events', 'user-token', 429],
				]) {
					const answer = await get(simulator, path, { token });
					assert.equal(answer.status, status);
					assert.ok(answer.body.message.includes(`Bearer ${token}`));
					assert.equal(answer.body.trackingId, `Bearer ${token}`);
					assert.ok(answer.body.errors[0].description.includes(`Bearer ${token}`));
				}
			},
		);
	});

	it('answers data pages with exactly the Link header it is given, even a huge one', async () => {
		const hostile = '<' + 'a'.repeat(262144);
		await withSimulator({ events: 5, faults: { linkHeader: hostile } }, async (simulator) => {
			const answer = await rawGet(`${simulator.baseUrl}/events?max=100`, {
				headers: { authorization: 'Bearer sim-token' },
				maxHeaderSize: 1024 * 1024,
			});
			assert.equal(answer.status, 200);
			assert.equal(answer.headers.link, hostile);
			simulator.setFaults({ linkHeader: '<javascript:alert(1)>; rel="next"' });
			assert.equal(
				(await get(simulator, '/events?max=2')).headers.link,
				'<javascript:alert(1)>; rel="next"',
			);
		});
	});

	it('sends any Retry-After string a rule gives', async () => {
		const values = ['0', '-5', '1e12', 'garbage', new Date(Date.now() - DAY_MS).toUTCString(), ''];
		const rules = values.map((retryAfter) => ({ status: 429, times: 1, retryAfter }));
		await withSimulator({ events: 5, faults: { rules } }, async (simulator) => {
			for (const value of values) {
				const answer = await get(simulator, '/events');
				assert.equal(answer.status, 429);
				assert.equal(answer.headers['retry-after'], value);
			}
		});
	});
});

describe('simulator: next links with real Webex defects (the nextLink fault)', () => {
	const iso = (ms) => new Date(ms).toISOString();
	const options = {
		events: 60,
		recordings: 300,
		adminAuditEvents: 60,
		securityAuditEvents: 60,
		adminAuditLink: true,
	};
	/** A first page of every paged list, with a filter the defect may drop. */
	function pagedLists(simulator) {
		const [from, to] = [iso(Date.now() - 40 * DAY_MS), iso(Date.now())];
		let index = 0;
		while (simulator.recordings.accessDetail(index).length < 3) index++;
		const recording = simulator.recordings.at(index);
		return [
			['/events?max=2&resource=messages&type=created', ['resource', 'type']],
			[
				`/recordingReport/accessSummary?max=2&hostEmail=all&siteUrl=acme.webex.com&from=${iso(Date.now() - 80 * DAY_MS)}&to=${to}`,
				['hostEmail', 'siteUrl'],
			],
			[
				`/recordingReport/accessDetail?recordingId=${recording.recordingId}&hostEmail=${recording.hostEmail}&max=2`,
				['hostEmail'],
			],
			[
				`/admin/securityAudit/events?orgId=${ORG_ID}&startTime=${from}&endTime=${to}&max=2&eventCategories=LOGINS`,
				['eventCategories'],
			],
			[
				`/adminAudit/events?orgId=${ORG_ID}&from=${from}&to=${to}&max=2&eventCategories=LOGINS`,
				['eventCategories'],
			],
		];
	}

	it('drops the named parameters and sets others on the next link of every paged list, and keeps the rest', async () => {
		await withSimulator(options, async (simulator) => {
			for (const [path, drop] of pagedLists(simulator)) {
				simulator.setFaults({});
				const sound = await get(simulator, path);
				assert.equal(sound.status, 200, path);
				const soundNext = new URL(parseLinkHeaderForTests(sound.headers.link).next);
				for (const name of drop) assert.ok(soundNext.searchParams.has(name), `${path}: ${name}`);

				simulator.setFaults({ nextLink: { drop, set: { max: 'null' } } });
				const page = await get(simulator, path);
				assert.equal(page.status, 200, path);
				assert.deepEqual(page.body, sound.body, path);
				const next = new URL(parseLinkHeaderForTests(page.headers.link).next);
				for (const name of drop)
					assert.equal(next.searchParams.has(name), false, `${path}: ${name}`);
				assert.equal(next.searchParams.get('max'), 'null', path);
				// Everything else is the sound link's, cursor or offset included.
				const rest = (url) =>
					[...url.searchParams].filter(([name]) => !drop.includes(name) && name !== 'max');
				assert.deepEqual(rest(next), rest(soundNext), path);
				assert.equal(next.pathname, soundNext.pathname);

				// Followed as it is, the link fails as Webex's does: max=null is a 400.
				const followed = await get(simulator, next.href, {
					offContract: 'a defective next link followed verbatim, on purpose',
				});
				assert.equal(followed.status, 400, path);
				assert.match(followed.body.message, /max/, path);
			}
		});
	});

	it('answers max=null with a 400 and a Webex error body on every paged list', async () => {
		await withSimulator(options, async (simulator) => {
			for (const [path] of pagedLists(simulator)) {
				const answer = await get(simulator, path.replace('max=2', 'max=null'), {
					offContract: 'max=null, on purpose',
				});
				assert.equal(answer.status, 400, path);
				assert.match(answer.body.message, /max must be an integer/, path);
				assert.equal(answer.body.errors[0].description, answer.body.message);
				assert.match(answer.body.trackingId, /^ROUTER_/);
			}
		});
	});

	it(
		'the CLI sets the fault with --next-link-drop and --next-link-max-null',
		{ timeout: 20_000 },
		async () => {
			const cli = spawn(
				process.execPath,
				[
					fileURLToPath(new URL('../simulator/cli.mjs', import.meta.url)),
					'--port',
					'0',
					'--events',
					'300',
					'--next-link-drop',
					'resource,type',
					'--next-link-max-null',
				],
				{ stdio: ['ignore', 'pipe', 'inherit'] },
			);
			try {
				let output = '';
				cli.stdout.setEncoding('utf8');
				const baseUrl = await new Promise((resolve, reject) => {
					cli.stdout.on('data', (chunk) => {
						output += chunk;
						const match = /listening on (\S+)/.exec(output);
						if (match) resolve(match[1]);
					});
					cli.once('exit', (code) => reject(new Error(`the CLI exited (${code}): ${output}`)));
				});
				const answer = await request(`${baseUrl}/events?max=5&resource=messages&type=created`, {
					headers: { authorization: 'Bearer sim-token' },
				});
				await answer.body.dump();
				assert.equal(answer.statusCode, 200);
				const next = new URL(parseLinkHeaderForTests(answer.headers.link).next);
				assert.equal(next.searchParams.has('resource'), false);
				assert.equal(next.searchParams.has('type'), false);
				assert.equal(next.searchParams.get('max'), 'null');
				assert.ok(next.searchParams.get('cursor'));
			} finally {
				cli.kill('SIGTERM');
				if (cli.exitCode === null) await once(cli, 'exit');
			}
		},
	);
});

describe('simulator OAuth2 token endpoint', () => {
	const oauth = {
		clientId: 'client-1',
		clientSecret: 'secret-xyz',
		accessTokenLifetimeRequests: 2,
	};
	const refresh = (simulator, fields, headers = {}) =>
		request(`${simulator.baseUrl}/access_token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
			body: new URLSearchParams(fields).toString(),
		}).then(async (answer) => ({ status: answer.statusCode, body: await answer.body.json() }));

	it('refreshes access tokens that work until their lifetime, and refuses bad clients and refused grants', async () => {
		await withSimulator({ events: 5, oauth }, async (simulator) => {
			const issued = simulator.oauth.issue();
			assert.equal(issued.token_type, 'Bearer');
			assert.equal((await get(simulator, '/events', { token: issued.access_token })).status, 200);
			assert.equal(
				(await get(simulator, '/people/me', { token: issued.access_token })).status,
				200,
			);
			const expired = await get(simulator, '/events', { token: issued.access_token });
			assert.equal(expired.status, 401);
			assert.match(expired.body.message, /valid access token/);

			const fresh = await refresh(simulator, {
				grant_type: 'refresh_token',
				refresh_token: issued.refresh_token,
				client_id: 'client-1',
				client_secret: 'secret-xyz',
			});
			assert.equal(fresh.status, 200);
			assert.deepEqual(Object.keys(fresh.body).sort(), [
				'access_token',
				'expires_in',
				'refresh_token',
				'refresh_token_expires_in',
				'token_type',
			]);
			assert.equal(fresh.body.expires_in, 1209599);
			assert.equal(fresh.body.refresh_token_expires_in, 7776000);
			assert.notEqual(fresh.body.access_token, issued.access_token);
			const me = await get(simulator, '/people/me', { token: fresh.body.access_token });
			assert.equal(me.body.emails[0], simulator.people[0].emails[0]);
			assert.equal(simulator.oauth.refreshCount, 1);

			const basic = `Basic ${Buffer.from('client-1:secret-xyz').toString('base64')}`;
			assert.equal(
				(
					await refresh(
						simulator,
						{ grant_type: 'refresh_token', refresh_token: issued.refresh_token },
						{ authorization: basic },
					)
				).status,
				200,
			);
			const wrongSecret = await refresh(simulator, {
				grant_type: 'refresh_token',
				refresh_token: issued.refresh_token,
				client_id: 'client-1',
				client_secret: 'nope',
			});
			assert.equal(wrongSecret.status, 401);
			assert.equal(wrongSecret.body.error, 'invalid_client');
			const unknown = await refresh(simulator, {
				grant_type: 'refresh_token',
				refresh_token: 'made-up',
				client_id: 'client-1',
				client_secret: 'secret-xyz',
			});
			assert.equal(unknown.status, 400);
			simulator.setFaults({ refuseRefresh: true });
			const refused = await refresh(simulator, {
				grant_type: 'refresh_token',
				refresh_token: issued.refresh_token,
				client_id: 'client-1',
				client_secret: 'secret-xyz',
			});
			assert.equal(refused.status, 400);
			assert.equal(refused.body.error, 'invalid_grant');
			assert.ok(refused.body.error_description);
			assert.equal(simulator.oauth.refreshCount, 2);
			assert.equal(simulator.oauth.tokenRequests.length, 5);

			const tokenRequests = simulator.requests.filter((r) => r.path === '/v1/access_token');
			assert.equal(tokenRequests.length, 5);
			assert.ok(tokenRequests.every((r) => r.method === 'POST' && r.grantType === 'refresh_token'));
			assert.ok(!JSON.stringify(simulator.requests).includes('secret-xyz'));
			assert.ok(!JSON.stringify(simulator.requests).includes(basic.slice(6)));
			assert.ok(!JSON.stringify(simulator.oauth.tokenRequests).includes('secret-xyz'));
		});
	});
});

describe('simulator over https, and the test proxy', () => {
	it('serves https with the test certificate, trusted by ca or not at all', async () => {
		await withSimulator({ events: 5, https: true }, async (simulator) => {
			assert.match(simulator.origin, /^https:\/\/127\.0\.0\.1:\d+$/);
			const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
			const insecure = await request(`${simulator.baseUrl}/events`, {
				dispatcher,
				headers: { authorization: 'Bearer sim-token' },
			});
			assert.equal(insecure.statusCode, 200);
			assert.equal((await insecure.body.json()).items.length, 5);
			await dispatcher.close();
			const trusted = await rawGet(`${simulator.baseUrl}/people/me`, {
				ca: simulator.ca,
				headers: { authorization: 'Bearer sim-token' },
			});
			assert.equal(trusted.status, 200);
			const byName = await rawGet(`https://localhost:${simulator.port}/v1/people/me`, {
				ca: simulator.ca,
				headers: { authorization: 'Bearer sim-token' },
				lookup: (host, options, callback) =>
					options.all
						? callback(null, [{ address: '127.0.0.1', family: 4 }])
						: callback(null, '127.0.0.1', 4),
			});
			assert.equal(byName.status, 200);
			await assert.rejects(rawGet(`${simulator.baseUrl}/people/me`), /self-signed|certificate/);
			assert.ok(TLS_CERT_PATH.endsWith('selfsigned-cert.pem'));
		});
	});

	it('forwards plain requests without hop-by-hop or proxy headers', async () => {
		const seen = [];
		const echo = http.createServer((req, res) => {
			seen.push(req.headers);
			res.writeHead(200, { 'content-type': 'text/plain', 'x-upstream': 'yes' });
			res.end(`hello ${req.url}`);
		});
		echo.listen(0, '127.0.0.1');
		await new Promise((resolve) => echo.once('listening', resolve));
		const proxy = await createProxy({ auth: { username: 'user', password: 'p@ss word' } });
		try {
			assert.equal(proxy.url, `http://user:p%40ss%20word@127.0.0.1:${proxy.port}`);
			const target = `http://127.0.0.1:${echo.address().port}/v1/events?max=1`;
			const headers = {
				host: `127.0.0.1:${echo.address().port}`,
				'proxy-authorization': `Basic ${Buffer.from('user:p@ss word').toString('base64')}`,
				'x-kept': 'kept',
				connection: 'keep-alive, x-drop',
				'x-drop': 'dropped',
			};
			const answer = await rawGet(`${proxy.origin}/`, { path: target, headers });
			assert.equal(answer.status, 200);
			assert.equal(answer.body, 'hello /v1/events?max=1');
			assert.equal(answer.headers['x-upstream'], 'yes');
			assert.equal(seen[0]['x-kept'], 'kept');
			assert.equal(seen[0]['x-drop'], undefined);
			assert.equal(seen[0]['proxy-authorization'], undefined);
			assert.deepEqual(proxy.requests.at(-1), {
				method: 'GET',
				target,
				authorized: true,
				proxyAuthorization: headers['proxy-authorization'],
				status: 200,
			});

			const refused = await rawGet(`${proxy.origin}/`, {
				path: target,
				headers: { host: headers.host },
			});
			assert.equal(refused.status, 407);
			assert.equal(refused.headers['proxy-authenticate'], 'Basic realm="test"');
			assert.equal(proxy.requests.at(-1).authorized, false);
			assert.equal(seen.length, 1);
		} finally {
			await proxy.close();
			echo.closeAllConnections();
			echo.close();
		}
	});

	it('tunnels CONNECT to the https simulator, and refuses non-loopback targets without connecting', async () => {
		const proxy = await createProxy({ auth: { username: 'user', password: 'secret' } });
		const simulator = await createSimulator({ events: 5, https: true });
		try {
			const dispatcher = new ProxyAgent({ uri: proxy.url, requestTls: { ca: simulator.ca } });
			const answer = await request(`${simulator.baseUrl}/events`, {
				dispatcher,
				headers: { authorization: 'Bearer sim-token' },
			});
			assert.equal(answer.statusCode, 200);
			assert.equal((await answer.body.json()).items.length, 5);
			await dispatcher.close();
			assert.equal(proxy.requests[0].method, 'CONNECT');
			assert.equal(proxy.requests[0].target, `127.0.0.1:${simulator.port}`);
			assert.equal(simulator.requests[0].authorization, 'Bearer sim-token');

			const anonymous = new ProxyAgent({ uri: proxy.origin, requestTls: { ca: simulator.ca } });
			await assert.rejects(
				request(`${simulator.baseUrl}/events`, { dispatcher: anonymous }),
				/407/,
			);
			await anonymous.close();

			const auth = `Basic ${Buffer.from('user:secret').toString('base64')}`;
			const started = Date.now();
			const outside = await rawGet(`${proxy.origin}/`, {
				path: 'http://example.invalid/v1/events',
				headers: { host: 'example.invalid', 'proxy-authorization': auth },
			});
			assert.equal(outside.status, 403);
			const connect = await new Promise((resolve, reject) => {
				const req = http.request({
					host: '127.0.0.1',
					port: proxy.port,
					method: 'CONNECT',
					path: '10.255.255.1:443',
					headers: { 'proxy-authorization': auth },
				});
				req.on('connect', (res, socket) => {
					socket.destroy();
					resolve(res.statusCode);
				});
				req.on('error', reject);
				req.end();
			});
			assert.equal(connect, 403);
			assert.ok(Date.now() - started < 500);
			assert.deepEqual(
				proxy.requests.slice(-2).map((r) => [r.target, r.status]),
				[
					['http://example.invalid/v1/events', 403],
					['10.255.255.1:443', 403],
				],
			);
			assert.equal(simulator.requests.length, 1);
		} finally {
			await simulator.close();
			await proxy.close();
		}
	});
});

describe('simulator: event by id, recording access details, admin and security audit', () => {
	const iso = (ms) => new Date(ms).toISOString();
	const adminTokens = {
		'sim-token': { person: 0, compliance: true, admin: true, fullAdmin: true },
		'site-admin': { person: 2, compliance: true, admin: true, fullAdmin: false },
		'user-token': { person: 1, compliance: false, admin: false, fullAdmin: false },
	};

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

	it('GET /people/me carries the caller org id', async () => {
		await withSimulator({ events: 1 }, async (simulator) => {
			const me = await get(simulator, '/people/me');
			assert.equal(me.body.orgId, ORG_ID);
		});
	});

	it('GET /recordingReport/accessDetail pages who viewed or downloaded a recording, consistent with its summary', async () => {
		await withSimulator({ recordings: 400 }, async (simulator) => {
			const { recordings } = simulator;
			let index = 0;
			while (recordings.at(index).viewCount <= 100) index++;
			const summary = recordings.at(index);
			const expected = recordings.accessDetail(index);
			assert.ok(expected.length > 100);
			assert.equal(expected.filter((r) => r.viewed).length, summary.viewCount);
			assert.equal(expected.filter((r) => r.downloaded).length, summary.downloadCount);
			const path = `/recordingReport/accessDetail?recordingId=${summary.recordingId}&hostEmail=${summary.hostEmail}`;
			const pages = await listAllResolved(simulator, `${simulator.baseUrl}${path}&max=100`);
			assert.equal(pages.length, Math.ceil(expected.length / 100));
			const items = pages.flat();
			assert.equal(items.length, expected.length);
			assert.deepEqual(
				items.map((item) => [
					item.email,
					Date.parse(item.accessTime),
					item.viewed,
					item.downloaded,
				]),
				expected.map((r) => [r.email, r.accessTimeMs, r.viewed, r.downloaded]),
			);
			for (let i = 0; i < items.length; i++) {
				assert.deepEqual(Object.keys(items[i]), [
					'recordingId',
					'topic',
					'name',
					'email',
					'accessTime',
					'viewed',
					'downloaded',
				]);
				assert.equal(items[i].recordingId, summary.recordingId);
				assert.ok(Date.parse(items[i].accessTime) > summary.timeRecordedMs);
				if (i > 0) assert.ok(items[i].accessTime >= items[i - 1].accessTime);
			}
			assert.match(items[0].accessTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
			const first = await get(simulator, path);
			assert.equal(first.body.items.length, 10);
			assert.equal(
				(
					await get(simulator, `${path}&max=500`, {
						offContract: 'max above the ceiling, on purpose',
					})
				).body.items.length,
				100,
			);
			const tokyo = await get(simulator, `${path}&max=1`, { headers: { timezone: 'Asia/Tokyo' } });
			assert.match(tokyo.body.items[0].accessTime, /\+09:00$/);
			assert.equal(Date.parse(tokyo.body.items[0].accessTime), expected[0].accessTimeMs);

			// Every recording's records agree with its summary; a user sees their own without hostEmail.
			const ownIndex = Array.from({ length: 400 }, (_, i) => i).find(
				(i) => recordings.at(i).hostEmail === simulator.people[1].emails[0],
			);
			const own = recordings.at(ownIndex);
			const mine = await get(
				simulator,
				`/recordingReport/accessDetail?recordingId=${own.recordingId}&max=100`,
				{ token: 'user-token' },
			);
			assert.equal(mine.status, 200);
			assert.equal(mine.body.items.filter((r) => r.viewed).length, own.viewCount);

			const cases = [
				['/recordingReport/accessDetail', 400, /recordingId/],
				[`${path}&max=0`, 400, /max/],
				[`/recordingReport/accessDetail?recordingId=${'0'.repeat(32)}`, 404, /not found/],
				[
					`/recordingReport/accessDetail?recordingId=${summary.recordingId}&hostEmail=all`,
					400,
					/hostEmail/,
				],
			];
			for (const [query, status, message] of cases) {
				const answer = await get(simulator, query, {
					offContract: 'an invalid request, on purpose',
				});
				assert.equal(answer.status, status, query);
				assert.match(answer.body.message, message, query);
				assert.match(answer.body.trackingId, /^ROUTER_/);
			}
			// Another host's recording: 404 without hostEmail, 403 for a non-admin naming the host.
			if (summary.hostEmail !== simulator.people[0].emails[0]) {
				const hidden = await get(
					simulator,
					`/recordingReport/accessDetail?recordingId=${summary.recordingId}`,
				);
				assert.equal(hidden.status, 404);
			}
			const refused = await get(simulator, path, { token: 'user-token' });
			assert.equal(refused.status, 403);
			assert.match(refused.body.message, /admin_recordings_read/);
		});
	});

	it('GET /adminAudit/events requires orgId, from and to, at most a year, a full administrator of that org', async () => {
		await withSimulator({ tokens: adminTokens }, async (simulator) => {
			const now = Date.now();
			const window = `from=${iso(now - 40 * DAY_MS)}&to=${iso(now)}`;
			const cases = [
				[`/adminAudit/events?${window}`, 400, /orgId/],
				[`/adminAudit/events?orgId=${ORG_ID}&to=${iso(now)}`, 400, /'from'/],
				[`/adminAudit/events?orgId=${ORG_ID}&from=${iso(now - DAY_MS)}`, 400, /'to'/],
				[
					`/adminAudit/events?orgId=${ORG_ID}&from=${iso(now - 366 * DAY_MS)}&to=${iso(now)}`,
					400,
					/one year/,
				],
				[
					`/adminAudit/events?orgId=${ORG_ID}&from=${iso(now)}&to=${iso(now - DAY_MS)}`,
					400,
					/cannot be after/,
				],
				[`/adminAudit/events?orgId=${ORG_ID}&from=yesterday&to=${iso(now)}`, 400, /ISO 8601/],
				[`/adminAudit/events?orgId=${ORG_ID}&${window}&offset=-1`, 400, /offset/],
				[`/adminAudit/events?orgId=${ORG_ID}&${window}&max=0`, 400, /max/],
				[`/adminAudit/events?orgId=${ORG_ID}&${window}&eventCategories=LOGIN`, 400, /LOGIN/],
				[`/adminAudit/events?orgId=${simulator.people[0].id}&${window}`, 403, /organization/],
			];
			for (const [query, status, message] of cases) {
				const answer = await get(simulator, query, {
					offContract: 'an invalid request, on purpose',
				});
				assert.equal(answer.status, status, query);
				assert.match(answer.body.message, message, query);
				assert.match(answer.body.trackingId, /^ROUTER_/);
			}
			for (const token of ['site-admin', 'user-token']) {
				for (const path of [
					`/adminAudit/events?orgId=${ORG_ID}&${window}`,
					'/adminAudit/eventCategories',
				]) {
					const answer = await get(simulator, path, { token });
					assert.equal(answer.status, 403, `${token} ${path}`);
					assert.match(answer.body.message, /full administrator/);
				}
			}
			const year = await get(
				simulator,
				`/adminAudit/events?orgId=${ORG_ID}&from=${iso(now - 365 * DAY_MS)}&to=${iso(now)}`,
			);
			assert.equal(year.status, 200);
			assert.equal(year.body.items.length, 100);
			assert.equal(year.headers.link, undefined);
			assert.equal(
				(
					await get(simulator, `/adminAudit/events?orgId=${ORG_ID}&${window}&max=1000`, {
						offContract: 'max above the ceiling, on purpose',
					})
				).body.items.length,
				200,
			);
		});
	});

	it('pages admin audit events by offset until a short page, or by Link when asked: every event once, newest first', async () => {
		await withSimulator({ adminAuditEvents: 450, adminAuditSpanDays: 10 }, async (simulator) => {
			const { adminAudit } = simulator;
			assert.equal(adminAudit.count, 450);
			const now = Date.now();
			// Exclusive bounds: events created exactly at `from` or `to` are left out.
			const from = adminAudit.createdAt(400);
			const to = adminAudit.createdAt(10);
			const [start, end] = adminAudit.range(from, to);
			assert.deepEqual([start, end], [11, 400]);
			const expected = Array.from({ length: end - start }, (_, i) => adminAudit.at(start + i));
			const base = `/adminAudit/events?orgId=${ORG_ID}&from=${iso(from)}&to=${iso(to)}&max=50`;
			const byOffset = [];
			for (let offset = 0; ; offset += 50) {
				const page = await get(simulator, `${base}&offset=${offset}`);
				assert.equal(page.status, 200);
				assert.equal(page.headers.link, undefined);
				byOffset.push(...page.body.items);
				if (page.body.items.length < 50) break;
			}
			assert.deepEqual(byOffset, expected);
			for (let i = 1; i < byOffset.length; i++)
				assert.ok(byOffset[i - 1].created > byOffset[i].created);
			const item = byOffset[0];
			assert.deepEqual(Object.keys(item), ['id', 'created', 'actorId', 'actorOrgId', 'data']);
			for (const field of [
				'actorName',
				'actorEmail',
				'actorIp',
				'actorUserAgent',
				'adminRoles',
				'eventCategory',
				'eventDescription',
				'actionText',
				'targetId',
				'targetName',
				'targetType',
				'targetOrgId',
				'targetOrgName',
				'trackingId',
			])
				assert.ok(item.data[field] !== undefined, field);
			assert.equal(item.actorOrgId, ORG_ID);

			simulator.setFaults({ adminAuditLink: true });
			const pages = await listAllResolved(simulator, `${simulator.baseUrl}${base}`);
			assert.deepEqual(pages.flat(), expected);
			assert.equal(pages.length, Math.ceil(expected.length / 50));
			assert.ok(
				simulator.requests
					.slice(-pages.length + 1)
					.every((r) => Number(r.query.offset) > 0 && r.query.max === '50'),
			);

			const categories = (await get(simulator, '/adminAudit/eventCategories')).body.eventCategories;
			assert.ok(categories.includes('LOGINS') && categories.includes('USERS'));
			const all = Array.from({ length: 450 }, (_, i) => adminAudit.at(i));
			assert.ok(all.every((event) => categories.includes(event.data.eventCategory)));
			assert.ok(all.some((event) => event.data.errorCode));

			// Filters, with offset paging and in Link mode.
			const actor = simulator.people[0];
			const wide = `orgId=${ORG_ID}&from=${iso(now - 20 * DAY_MS)}&to=${iso(now)}`;
			const wanted = all.filter(
				(e) => e.actorId === actor.id && ['LOGINS', 'USERS'].includes(e.data.eventCategory),
			);
			assert.ok(wanted.length > 5);
			const filtered = await listAllResolved(
				simulator,
				`${simulator.baseUrl}/adminAudit/events?${wide}&max=5&actorId=${actor.id}&eventCategories=LOGINS,USERS`,
			);
			assert.deepEqual(filtered.flat(), wanted);
			simulator.setFaults({});
			const byUuid = Buffer.from(
				Buffer.from(actor.id, 'base64').toString().split('/').pop(),
			).toString('base64');
			const second = await get(
				simulator,
				`/adminAudit/events?${wide}&max=5&offset=5&actorId=${byUuid}&eventCategories=LOGINS&eventCategories=USERS`,
			);
			assert.deepEqual(second.body.items, wanted.slice(5, 10));
		});
	});

	it('GET /admin/securityAudit/events: required window, limits, Link paging, filters, Pro Pack', async () => {
		await withSimulator(
			{ tokens: adminTokens, securityAuditEvents: 2500, securityAuditSpanDays: 20 },
			async (simulator) => {
				const { securityAudit } = simulator;
				const now = Date.now();
				const window = `orgId=${ORG_ID}&startTime=${iso(now - 30 * DAY_MS)}&endTime=${iso(now)}`;
				const cases = [
					[
						`/admin/securityAudit/events?startTime=${iso(now - DAY_MS)}&endTime=${iso(now)}`,
						400,
						/orgId/,
					],
					[`/admin/securityAudit/events?orgId=${ORG_ID}&endTime=${iso(now)}`, 400, /startTime/],
					[`/admin/securityAudit/events?orgId=${ORG_ID}&startTime=${iso(now)}`, 400, /endTime/],
					[
						`/admin/securityAudit/events?orgId=${ORG_ID}&startTime=${iso(now - 400 * DAY_MS)}&endTime=${iso(now)}`,
						400,
						/one year/,
					],
					[`/admin/securityAudit/events?${window}&max=-3`, 400, /max/],
					[
						`/admin/securityAudit/events?orgId=other&startTime=${iso(now - DAY_MS)}&endTime=${iso(now)}`,
						403,
						/organization/,
					],
				];
				for (const [query, status, message] of cases) {
					const answer = await get(simulator, query, {
						offContract: 'an invalid request, on purpose',
					});
					assert.equal(answer.status, status, query);
					assert.match(answer.body.message, message, query);
				}
				for (const token of ['site-admin', 'user-token'])
					assert.equal(
						(await get(simulator, `/admin/securityAudit/events?${window}`, { token })).status,
						403,
					);
				const first = await get(simulator, `/admin/securityAudit/events?${window}`);
				assert.equal(first.body.items.length, 100);
				assert.deepEqual(first.body.items[0], securityAudit.at(0));
				assert.equal(
					(
						await get(simulator, `/admin/securityAudit/events?${window}&max=5000`, {
							offContract: 'max above the ceiling, on purpose',
						})
					).body.items.length,
					1000,
				);
				const { ids, pages } = await listAll(
					simulator,
					`/admin/securityAudit/events?${window}&max=1000`,
				);
				assert.equal(pages, 3);
				assert.deepEqual(
					ids,
					Array.from({ length: 2500 }, (_, i) => securityAudit.at(i).id),
				);

				const actor = simulator.people[4];
				const expected = Array.from({ length: 2500 }, (_, i) => securityAudit.at(i)).filter(
					(e) => e.actorId === actor.id && e.data.eventCategory === 'LOGOUT',
				);
				assert.ok(expected.length > 0);
				const filtered = await listAllResolved(
					simulator,
					`${simulator.baseUrl}/admin/securityAudit/events?${window}&max=3&actorId=${actor.id}&eventCategories=LOGOUT`,
				);
				assert.deepEqual(filtered.flat(), expected);

				simulator.setFaults({ proPack: false });
				const refused = await get(simulator, `/admin/securityAudit/events?${window}`);
				assert.equal(refused.status, 403);
				assert.match(refused.body.message, /Pro Pack/);
				assert.match(refused.body.message, /Allow user authentication data/);
			},
		);
		await withSimulator({ proPack: false }, async (simulator) => {
			const now = Date.now();
			const answer = await get(
				simulator,
				`/admin/securityAudit/events?orgId=${ORG_ID}&startTime=${iso(now - DAY_MS)}&endTime=${iso(now)}`,
			);
			assert.equal(answer.status, 403);
			assert.match(answer.body.message, /Pro Pack/);
		});
	});

	it('applies fault rules, redirects and stalls to the new endpoints, and records their requests', async () => {
		const rules = [
			{ status: 429, times: 1, retryAfter: '3', path: '/v1/events/{eventId}' },
			{ status: 503, times: 1, path: '/v1/adminAudit/events' },
			{ status: 504, times: 1, path: '/v1/admin/securityAudit/events' },
			{ status: 423, times: 1, path: '/v1/recordingReport/accessDetail' },
			{ status: 502, times: 1, path: '/v1/adminAudit/eventCategories' },
		];
		await withSimulator({ events: 10, faults: { rules } }, async (simulator) => {
			const now = Date.now();
			const window = `orgId=${ORG_ID}&from=${iso(now - DAY_MS)}&to=${iso(now)}`;
			const summary = simulator.recordings.at(0);
			const paths = [
				[`/events/${simulator.events.at(3).id}`, 429],
				[`/adminAudit/events?${window}`, 503],
				[
					`/admin/securityAudit/events?orgId=${ORG_ID}&startTime=${iso(now - DAY_MS)}&endTime=${iso(now)}`,
					504,
				],
				[
					`/recordingReport/accessDetail?recordingId=${summary.recordingId}&hostEmail=${summary.hostEmail}`,
					423,
				],
				['/adminAudit/eventCategories', 502],
			];
			for (const [path, status] of paths) {
				assert.equal((await get(simulator, path)).status, status, path);
				assert.equal((await get(simulator, path)).status, 200, path);
			}
			assert.equal(simulator.requests.length, 10);
			assert.deepEqual(
				simulator.requests.map((r) => r.status),
				[429, 200, 503, 200, 504, 200, 423, 200, 502, 200],
			);
			assert.equal(simulator.requests[2].query.orgId, ORG_ID);

			simulator.setFaults({ redirect: { status: 307, to: '/v1/moved', on: 'next' } });
			const firstPage = await request(`${simulator.baseUrl}/adminAudit/events?${window}`, {
				headers: { authorization: 'Bearer sim-token' },
			});
			await firstPage.body.dump();
			assert.equal(firstPage.statusCode, 200);
			const moved = await request(`${simulator.baseUrl}/adminAudit/events?${window}&offset=100`, {
				headers: { authorization: 'Bearer sim-token' },
			});
			await moved.body.dump();
			assert.equal(moved.statusCode, 307);
			assert.equal(moved.headers.location, `/v1/moved/adminAudit/events?${window}&offset=100`);
			const served = await get(simulator, `${simulator.origin}${moved.headers.location}`);
			assert.equal(served.status, 200);

			simulator.setFaults({ stall: { on: 'headers', times: 1 } });
			const stalled = await rawGet(`${simulator.baseUrl}/events/${simulator.events.at(0).id}`, {
				ms: 300,
				headers: { authorization: 'Bearer sim-token' },
			});
			assert.equal(stalled, 'no answer');
			assert.equal(simulator.requests.at(-1).status, 'stall');
		});
	});

	it('waits latencyMs ± latencyJitterMs before answering any endpoint, concurrent requests in parallel', async () => {
		await withSimulator(
			{ events: 300, recordings: 100, latencyMs: 120, latencyJitterMs: 40 },
			async (simulator) => {
				assert.equal(simulator.latencyMs, 120);
				assert.equal(simulator.latencyJitterMs, 40);
				const window = new URLSearchParams({
					from: new Date(Date.now() - 30 * DAY_MS).toISOString(),
					to: new Date().toISOString(),
					hostEmail: 'all',
				});
				const paths = [
					'/events?max=100',
					`/events/${simulator.events.at(0).id}`,
					`/recordingReport/accessSummary?${window}`,
					'/people/me',
				];
				for (const path of paths) {
					for (const token of ['sim-token', 'no-such-token']) {
						const started = performance.now();
						const answer = await get(simulator, path, { token });
						const took = performance.now() - started;
						assert.equal(answer.status, token === 'sim-token' ? 200 : 401);
						// Timers may fire up to a millisecond early against performance.now().
						assert.ok(took >= 120 - 40 - 1, `${path} answered in ${took} ms`);
					}
				}
				assert.equal(simulator.requests.length, paths.length * 2);

				// The wait does not block the server: four concurrent requests take about one latency.
				simulator.clearRequests();
				const started = performance.now();
				const answers = await Promise.all([0, 1, 2, 3].map(() => get(simulator, '/events?max=10')));
				const took = performance.now() - started;
				assert.ok(answers.every((answer) => answer.status === 200));
				assert.ok(took >= 120 - 40 - 1 && took < 4 * (120 - 40), `4 concurrent took ${took} ms`);
				assert.equal(simulator.requests.length, 4);
			},
		);
	});
});

describe('simulator: GET /v1/people', () => {
	// The Person schema of the official definition (openapi-people-excerpt.json), every property.
	const PERSON_PROPERTIES = new Set([
		'id',
		'emails',
		'phoneNumbers',
		'extension',
		'locationId',
		'displayName',
		'nickName',
		'firstName',
		'lastName',
		'avatar',
		'orgId',
		'roles',
		'licenses',
		'department',
		'manager',
		'managerId',
		'title',
		'addresses',
		'created',
		'lastModified',
		'timezone',
		'lastActivity',
		'siteUrls',
		'sipAddresses',
		'xmppFederationJid',
		'status',
		'invitePending',
		'loginEnabled',
		'type',
	]);
	const idsOf = (people) => people.map((person) => person.id).join(',');

	it('answers people by id in the official shape, without presence fields, once each, in the order asked', async () => {
		await withSimulator({ events: 10 }, async (simulator) => {
			const asked = [simulator.people[5], simulator.people[2], simulator.people[5]];
			const answer = await get(simulator, `/people?id=${encodeURIComponent(idsOf(asked))}`);
			assert.equal(answer.status, 200);
			assert.deepEqual(Object.keys(answer.body).sort(), ['items', 'notFoundIds']);
			assert.deepEqual(
				answer.body.items.map((person) => person.id),
				[simulator.people[5].id, simulator.people[2].id],
			);
			assert.deepEqual(answer.body.notFoundIds, []);
			for (const person of answer.body.items) {
				assert.deepEqual(
					Object.keys(person).filter((key) => !PERSON_PROPERTIES.has(key)),
					[],
				);
				assert.equal(person.type, 'person');
				assert.equal(person.orgId, ORG_ID);
				assert.ok(!('status' in person) && !('lastActivity' in person), 'no presence with id');
			}
			const [first] = answer.body.items;
			assert.equal(first.emails[0], simulator.people[5].emails[0]);
			assert.equal(first.displayName, simulator.people[5].displayName);
		});
	});

	it('leaves out the deleted people some events name, and lists them in notFoundIds', async () => {
		await withSimulator({ events: 2000 }, async (simulator) => {
			const { formerPeople } = simulator;
			assert.equal(formerPeople.length, 3);
			const actors = new Set();
			for (let index = 0; index < simulator.events.count; index++)
				actors.add(simulator.events.at(index).actorId);
			for (const former of formerPeople) assert.ok(actors.has(former.id), 'an event names them');
			const asked = [simulator.people[0], ...formerPeople];
			const answer = await get(simulator, `/people?id=${encodeURIComponent(idsOf(asked))}`);
			assert.deepEqual(
				answer.body.items.map((person) => person.id),
				[simulator.people[0].id],
			);
			assert.deepEqual(
				answer.body.notFoundIds,
				formerPeople.map((person) => person.id),
			);
		});
	});

	it('takes up to 85 IDs (86 is a 400, as Webex answers), and validates max and empty IDs', async () => {
		await withSimulator({ events: 10, people: 100 }, async (simulator) => {
			const ids = (count) => encodeURIComponent(idsOf(simulator.people.slice(0, count)));
			const at85 = await get(simulator, `/people?id=${ids(85)}&max=85`);
			assert.equal(at85.status, 200);
			assert.equal(at85.body.items.length, 85);
			assert.equal(at85.headers.link, undefined);
			const at86 = await get(simulator, `/people?id=${ids(86)}`);
			assert.equal(at86.status, 400);
			assert.match(at86.body.message, /up to 85 person IDs \(got 86\)/);
			assert.equal((await get(simulator, `/people?id=${ids(3)}&max=0`)).status, 400);
			const notANumber = { offContract: 'max not a number, on purpose' };
			assert.equal((await get(simulator, `/people?id=${ids(3)}&max=x`, notANumber)).status, 400);
			assert.equal((await get(simulator, `/people?id=`)).status, 400);
			assert.equal((await get(simulator, `/people?id=${ids(2)},`)).status, 400);
		});
	});

	it('pages by max with a Link, and without id wants email or displayName from all but admins', async () => {
		await withSimulator({ events: 10, people: 100 }, async (simulator) => {
			const asked = encodeURIComponent(idsOf(simulator.people.slice(0, 50)));
			const { ids, pages } = await listAll(simulator, `/people?id=${asked}&max=20`);
			assert.equal(pages, 3);
			assert.deepEqual(
				ids,
				simulator.people.slice(0, 50).map((person) => person.id),
			);
			const all = await listAll(simulator, '/people?max=40');
			assert.equal(all.ids.length, 100, 'an admin lists the organization');
			const listed = await get(simulator, '/people?max=1');
			assert.equal(listed.body.items[0].status, 'active', 'presence without id');
			const user = await get(simulator, '/people', { token: 'user-token' });
			assert.equal(user.status, 400);
			const byEmail = await get(
				simulator,
				`/people?email=${encodeURIComponent(simulator.people[7].emails[0])}`,
				{ token: 'user-token' },
			);
			assert.deepEqual(
				byEmail.body.items.map((person) => person.id),
				[simulator.people[7].id],
			);
		});
	});

	it('checks the bearer token, answers 403 to a token without spark:people_read, and applies fault rules', async () => {
		await withSimulator(
			{ events: 10, faults: { rules: [{ status: 503, times: 1, path: '/v1/people' }] } },
			async (simulator) => {
				const query = `/people?id=${encodeURIComponent(simulator.people[1].id)}`;
				assert.equal((await get(simulator, query, { token: 'wrong' })).status, 401);
				assert.equal((await get(simulator, query)).status, 503);
				assert.equal((await get(simulator, query)).status, 200);
				const forbidden = await get(simulator, query, { token: 'no-people-token' });
				assert.equal(forbidden.status, 403);
				assert.match(forbidden.body.message, /spark:people_read/);
				assert.equal((await get(simulator, '/people/me')).status, 200, 'another path');
				// A stall after a number of answered requests.
				simulator.setFaults({ stall: { path: '/v1/people', after: 1, times: 1 } });
				assert.equal((await get(simulator, query)).status, 200);
				await assert.rejects(
					request(`${simulator.baseUrl}${query}`, {
						headers: { authorization: 'Bearer sim-token' },
						signal: AbortSignal.timeout(300),
					}),
				);
				assert.equal(simulator.requests.at(-1).status, 'stall');
				assert.equal((await get(simulator, query)).status, 200, 'stalled times: 1');
			},
		);
	});
});

describe("simulator: Webex's own examples among the records", () => {
	const all = (dataset, count) => Array.from({ length: count }, (_, index) => dataset.at(index));
	const keys = (record) => Object.keys(record).sort();
	const iso = (ms) => new Date(ms).toISOString();
	const N = 400;
	const options = { events: N, recordings: N, adminAuditEvents: N, securityAuditEvents: N };

	it('events: the example event with its meeting and telephony data, with ids, people and times of the data set', async () => {
		await withSimulator(options, async (simulator) => {
			const example = EXAMPLES.event;
			const events = all(simulator.events, N);
			const made = events.filter((event) => event.data.text === example.data.text);
			assert.ok(made.length >= 5 && made.length <= N / 5, `${made.length} example events`);
			for (const event of made) {
				assert.deepEqual(Object.keys(event), Object.keys(example));
				assert.deepEqual(Object.keys(event.data), Object.keys(example.data));
				for (const field of ['resource', 'type', 'appId'])
					assert.equal(event[field], example[field]);
				for (const field of ['callType', 'callDurationSeconds', 'calledNumber', 'recordingEnabled'])
					assert.equal(event.data[field], example.data[field]);
				assert.equal(event.orgId, ORG_ID);
				assert.ok(simulator.people.some((person) => person.id === event.actorId));
				assert.equal(event.data.personId, event.actorId);
				assert.equal(event.data.created, event.created);
				const spacing = (record) =>
					Date.parse(record.data.callTransferTime) - Date.parse(record.data.callStartTime);
				assert.equal(spacing(event), spacing(example));
				assert.ok(Date.parse(event.data.callTransferTime) < Date.parse(event.created));
				assert.deepEqual(keys(event.data.recipients[0]), keys(example.data.recipients[0]));
			}
			assert.equal(new Set(events.map((event) => event.id)).size, N);
			events.forEach((event, index) =>
				assert.equal(Date.parse(event.created), simulator.events.createdAt(index)),
			);
			// Served as they are: listed (and checked against the definitions) and found by id.
			const listed = (await get(simulator, `/events?max=${N}`)).body.items;
			assert.deepEqual(listed, JSON.parse(JSON.stringify(events)));
			assert.deepEqual((await get(simulator, `/events/${made[0].id}`)).body, made[0]);
		});
	});

	it('admin and security audit events: the examples, in this organisation, by its people, on the timeline', async () => {
		await withSimulator(options, async (simulator) => {
			const [from, to] = [iso(Date.now() - 40 * DAY_MS), iso(Date.now())];
			for (const [dataset, example, path] of [
				[
					simulator.adminAudit,
					EXAMPLES.adminAuditEvent,
					`/adminAudit/events?orgId=${ORG_ID}&from=${from}&to=${to}&max=200`,
				],
				[
					simulator.securityAudit,
					EXAMPLES.securityAuditEvent,
					`/admin/securityAudit/events?orgId=${ORG_ID}&startTime=${from}&endTime=${to}&max=200`,
				],
			]) {
				const records = all(dataset, N);
				const made = records.filter(
					(record) => record.data.actorUserAgent === example.data.actorUserAgent,
				);
				assert.ok(made.length >= 5 && made.length <= N / 4, `${path}: ${made.length}`);
				for (const record of made) {
					assert.deepEqual(keys(record), keys(example));
					assert.deepEqual(Object.keys(record.data), Object.keys(example.data));
					for (const field of ['eventDescription', 'actorIp', 'actorOrgName'])
						assert.equal(record.data[field], example.data[field]);
					assert.equal(record.data.eventCategory, 'LOGINS');
					assert.equal(record.actorOrgId, ORG_ID);
					const actor = simulator.people.find((person) => person.id === record.actorId);
					assert.equal(record.data.actorEmail, actor.emails[0]);
					assert.equal(
						record.data.actionText,
						`${actor.displayName} logged into organization Acme Inc.`,
					);
				}
				if (example.data.adminRoles)
					assert.ok(made.every((record) => record.data.targetOrgId === ORG_ID));
				assert.equal(new Set(records.map((record) => record.id)).size, N);
				records.forEach((record, index) =>
					assert.equal(Date.parse(record.created), dataset.createdAt(index)),
				);
				const listed = (await get(simulator, path)).body.items;
				assert.deepEqual(listed, records.slice(0, 200));
			}
		});
	});

	it("recordings: the example summaries' topic and counts, whose access details start with the example's people", async () => {
		await withSimulator(options, async (simulator) => {
			const { recordings } = simulator;
			const made = Array.from({ length: N }, (_, index) => index).filter(
				(index) => recordings.at(index).topic === EXAMPLES.recordingSummaries[0].topic,
			);
			assert.ok(made.length >= 10 && made.length <= N / 4, `${made.length} example recordings`);
			const counts = EXAMPLES.recordingSummaries.map((e) => `${e.viewCount}/${e.downloadCount}`);
			for (const index of made) {
				const summary = recordings.at(index);
				assert.ok(counts.includes(`${summary.viewCount}/${summary.downloadCount}`));
				const access = recordings.accessDetail(index);
				assert.equal(access.filter((record) => record.viewed).length, summary.viewCount);
				assert.equal(access.filter((record) => record.downloaded).length, summary.downloadCount);
				const fits = EXAMPLES.recordingAccess.filter(
					(record) =>
						!(record.viewed && summary.viewCount === 0) &&
						!(record.downloaded && summary.downloadCount === 0),
				);
				assert.ok(fits.length > 0);
				assert.deepEqual(
					access.slice(0, fits.length).map(({ name, email, viewed, downloaded }) => ({
						name,
						email,
						viewed,
						downloaded,
					})),
					fits.map(({ name, email, viewed, downloaded }) => ({ name, email, viewed, downloaded })),
				);
				assert.ok(access.every((record) => record.recordingId === summary.recordingId));
			}
			// As served: the example's fields, in its order.
			const summary = recordings.at(made[0]);
			const answer = await get(
				simulator,
				`/recordingReport/accessDetail?recordingId=${summary.recordingId}&hostEmail=${summary.hostEmail}&max=100`,
			);
			assert.deepEqual(Object.keys(answer.body.items[0]), Object.keys(EXAMPLES.recordingAccess[0]));
			const from = iso(summary.timeRecordedMs - DAY_MS);
			const to = iso(summary.timeRecordedMs + 1000);
			const listed = (
				await get(
					simulator,
					`/recordingReport/accessSummary?hostEmail=all&siteUrl=${summary.siteUrl}&from=${from}&to=${to}&max=100`,
				)
			).body.items.find((item) => item.recordingId === summary.recordingId);
			assert.deepEqual(Object.keys(listed), Object.keys(EXAMPLES.recordingSummaries[0]));
			assert.equal(listed.topic, 'Example Topic');
		});
	});
});
