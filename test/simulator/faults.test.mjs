// The simulator is the ground truth of every other test: it must page and reject as Webex does.
// Here: the faults tests inject, next links with real Webex defects, latency.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { request } from 'undici';

import { parseLinkHeaderForTests, withSimulator } from '../helpers/index.mjs';
import { DAY_MS, get, idOf, iso, listAllResolved, rawGet } from '../helpers/simulatorRequests.mjs';
import { ORG_ID } from '../../simulator/people.mjs';
import { createSimulator } from '../../simulator/server.mjs';

describe('simulator: faults', () => {
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
					fileURLToPath(new URL('../../simulator/cli.mjs', import.meta.url)),
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

describe('simulator: faults and latency on every endpoint', () => {
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

				// The wait does not block the server: four concurrent requests wait side by side (the
				// last arrived before the first was answered), however slow the machine.
				simulator.clearRequests();
				const answers = await Promise.all([0, 1, 2, 3].map(() => get(simulator, '/events?max=10')));
				assert.ok(answers.every((answer) => answer.status === 200));
				assert.equal(simulator.requests.length, 4);
				const lastArrived = Math.max(...simulator.requests.map((request) => request.at));
				const firstAnswered = Math.min(...simulator.requests.map((request) => request.answeredAt));
				assert.ok(lastArrived < firstAnswered, 'the four were in flight at once');
			},
		);
	});
});
