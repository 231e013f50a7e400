// Parallel Requests: time slices and windows read at once through n8n's engine, with the output of
// a sequential run, one rate-limit pause for all, and nothing left running after a failure.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
	eventIds,
	listEvents,
	listSummaries,
	rejection,
	requestsTo,
	withSimulator,
} from './helpers/index.mjs';

const DAY = 86_400_000;
const iso = (ms) => new Date(ms).toISOString();
const ids = (items) => items.map((item) => item.json.id ?? item.json.recordingId);
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('Parallel Requests', () => {
	it('Webex Events: a From/To range in time slices gives the sequential output, in the same order', async () => {
		await withSimulator({ events: 6000, eventSpanDays: 20 }, async (simulator) => {
			const filters = { from: iso(Date.now() - 21 * DAY) };
			const sequential = await listEvents(simulator, { filters, options: { parallelRequests: 1 } });
			assert.equal(requestsTo(simulator, '/events').length, 6, 'one listing of six pages');
			simulator.clearRequests();
			const parallel = await listEvents(simulator, { filters, options: { parallelRequests: 4 } });
			assert.deepEqual(ids(parallel), ids(sequential));
			assert.deepEqual(ids(parallel), eventIds(simulator));
			const firstPages = requestsTo(simulator, '/events').filter(
				(request) => !request.query.cursor,
			);
			assert.equal(firstPages.length, 8, 'two slices per parallel request');
			const byAge = [...firstPages].sort(
				(a, b) => Date.parse(a.query.from) - Date.parse(b.query.from),
			);
			assert.equal(byAge[0].query.from, filters.from, 'the oldest slice starts at From');
			assert.equal(byAge.at(-1).query.to, undefined, 'the newest slice reads up to now');
			for (let index = 1; index < byAge.length; index++) {
				assert.equal(
					Date.parse(byAge[index].query.from),
					Date.parse(byAge[index - 1].query.to) - 1,
					'slices meet: no gap, no overlap',
				);
			}
		});
	});

	it('events exactly on slice edges are output once', async () => {
		await withSimulator({ events: 0 }, async (simulator) => {
			const toMs = Date.now() - 1000;
			const fromMs = toMs - 8 * 3_600_000;
			const sliceMs = Math.ceil((toMs - fromMs) / 8);
			const added = [];
			for (let edge = 1; edge < 8; edge++) {
				const at = toMs - edge * sliceMs;
				for (const created of [at - 1, at, at + 1])
					added.push(simulator.events.addEvent({ created: iso(created) }));
			}
			const items = await listEvents(simulator, {
				filters: { from: iso(fromMs), to: iso(toMs) },
				options: { parallelRequests: 4 },
			});
			assert.equal(requestsTo(simulator, '/events').length, 8);
			assert.deepEqual(new Set(ids(items)), new Set(added.map((event) => event.id)));
			assert.equal(items.length, added.length);
		});
	});

	it('Webex Recording Audit: a year of 90-day windows read at once gives the sequential output', async () => {
		await withSimulator({ recordings: 3000, recordingSpanDays: 364 }, async (simulator) => {
			const filters = { hostEmail: 'all', from: iso(Date.now() - 364 * DAY) };
			const sequential = await listSummaries(simulator, {
				filters,
				options: { parallelRequests: 1 },
			});
			simulator.clearRequests();
			const parallel = await listSummaries(simulator, {
				filters,
				options: { parallelRequests: 4 },
			});
			assert.equal(
				requestsTo(simulator, '/recordingReport/accessSummary').filter((r) => !r.query.cursor)
					.length,
				5,
			);
			assert.ok(sequential.length > 1000);
			assert.deepEqual(
				parallel.map((item) => item.json),
				sequential.map((item) => item.json),
			);
		});
	});

	it('the windows are really read at once, never more than Parallel Requests', async () => {
		await withSimulator(
			{ events: 3000, eventSpanDays: 10, faults: { delayMs: 150 } },
			async (simulator) => {
				await listEvents(simulator, {
					filters: { from: iso(Date.now() - 11 * DAY) },
					options: { parallelRequests: 3 },
				});
				const arrivals = requestsTo(simulator, '/events').map((request) => request.at);
				assert.ok(arrivals[2] - arrivals[0] < 100, 'three requests arrived together');
				for (let index = 3; index < arrivals.length; index++) {
					assert.ok(
						arrivals[index] - arrivals[index - 3] >= 140,
						'a fourth waits for one of three to answer',
					);
				}
			},
		);
	});

	it('a 429 on one window pauses them all, counted once against Max Rate Limit Wait', async () => {
		const rules = [{ status: 429, after: 3, times: 1, retryAfter: '2', path: '/v1/events' }];
		await withSimulator(
			{ events: 4000, eventSpanDays: 10, faults: { rules, delayMs: 20 } },
			async (simulator) => {
				const items = await listEvents(simulator, {
					filters: { from: iso(Date.now() - 11 * DAY) },
					options: { parallelRequests: 4, pageSize: 100, maxRateLimitWait: 3 },
				});
				assert.deepEqual(ids(items), eventIds(simulator));
				const requests = requestsTo(simulator, '/events');
				const limited = requests.find((request) => request.status === 429);
				const during = requests.filter(
					(request) => request.at > limited.at + 300 && request.at < limited.at + 1900,
				);
				assert.deepEqual(during, [], 'no window asked anything while paused');
			},
		);
	});

	it('Retry-After 1 on every request for ever: the four windows share one budget and end together', async () => {
		await withSimulator(
			{ events: 1000, eventSpanDays: 5, faults: { rules: [{ status: 429, retryAfter: '1' }] } },
			async (simulator) => {
				const started = Date.now();
				const error = await rejection(
					listEvents(simulator, {
						filters: { from: iso(Date.now() - 6 * DAY) },
						options: { parallelRequests: 4, maxRateLimitWait: 3 },
					}),
				);
				assert.ok(Date.now() - started < 3000 + 1500, `ended after ${Date.now() - started} ms`);
				assert.equal(error.httpCode, '429');
				assert.match(error.description, /Max Rate Limit Wait of 3 seconds/);
				const count = simulator.requests.length;
				await settle();
				assert.equal(simulator.requests.length, count, 'nothing runs on after the error');
			},
		);
	});

	it('a window that fails stops the others; the error is the failure, and nothing runs on', async () => {
		const rules = [{ status: 403, after: 5, times: 1, path: '/v1/events' }];
		await withSimulator(
			{ events: 20_000, eventSpanDays: 10, faults: { rules, delayMs: 10 } },
			async (simulator) => {
				const error = await rejection(
					listEvents(simulator, {
						filters: { from: iso(Date.now() - 11 * DAY) },
						options: { parallelRequests: 4, pageSize: 200 },
					}),
				);
				assert.equal(error.httpCode, '403');
				const count = simulator.requests.length;
				assert.ok(count < 30, `${count} requests of about 100`);
				await settle();
				assert.equal(simulator.requests.length, count);
			},
		);
	});

	it('cancelling the execution stops every window', async () => {
		await withSimulator(
			{ events: 20_000, eventSpanDays: 10, faults: { delayMs: 100 } },
			async (simulator) => {
				const controller = new AbortController();
				setTimeout(() => controller.abort(), 250);
				const error = await rejection(
					listEvents(simulator, {
						filters: { from: iso(Date.now() - 11 * DAY) },
						options: { parallelRequests: 4, pageSize: 100 },
						signal: controller.signal,
					}),
				);
				assert.match(error.message, /cancelled/);
				// A request sent just before the cancel can reach the simulator just after it: at most
				// one per window, and then nothing more.
				const atCancel = simulator.requests.length;
				await settle();
				const count = simulator.requests.length;
				assert.ok(count - atCancel <= 4, `${count - atCancel} requests after the cancel`);
				await settle();
				assert.equal(simulator.requests.length, count);
			},
		);
	});

	it('with a Limit, one request at a time: no page is read that nobody needs', async () => {
		await withSimulator({ events: 5000, eventSpanDays: 10 }, async (simulator) => {
			const items = await listEvents(simulator, {
				returnAll: false,
				limit: 50,
				filters: { from: iso(Date.now() - 11 * DAY) },
				options: { parallelRequests: 8 },
			});
			assert.equal(items.length, 50);
			assert.equal(requestsTo(simulator, '/events').length, 1);
		});
	});

	it('Parallel Requests out of range fails before any request', async () => {
		await withSimulator({ events: 10 }, async (simulator) => {
			const error = await rejection(listEvents(simulator, { options: { parallelRequests: 9 } }));
			assert.match(error.message, /Parallel Requests must be a whole number from 1 to 8/);
			assert.equal(simulator.requests.length, 0);
		});
	});
});
