// Webex Events / List Events, run from dist/ through n8n's RoutingNode against the simulator.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
	eventIds,
	listEvents,
	rejection,
	requestsTo,
	SIMPLIFY_COLUMNS,
	withSimulator,
} from './helpers/index.mjs';

const DAY_MS = 86_400_000;
const ids = (items) => items.map((item) => item.json.id);

describe('Webex Events: completeness across pages', () => {
	for (const [count, expectedRequests] of [
		[0, 1],
		[1, 1],
		[1000, 1],
		[5500, 6],
	]) {
		it(`lists ${count} events completely, once each, in ${expectedRequests} request(s)`, async () => {
			await withSimulator({ events: count }, async (simulator) => {
				const items = await listEvents(simulator);
				assert.deepEqual(ids(items), eventIds(simulator));
				assert.equal(requestsTo(simulator, '/events').length, expectedRequests);
				assert.ok(requestsTo(simulator, '/events').every((r) => r.query.max === '1000'));
			});
		});
	}

	it('lists 100,000 events completely and once each (100 pages of 1000)', async () => {
		await withSimulator({ events: 100_000 }, async (simulator) => {
			const items = await listEvents(simulator);
			assert.equal(items.length, 100_000);
			const seen = new Set(ids(items));
			assert.equal(seen.size, 100_000);
			assert.equal(items[0].json.id, simulator.events.at(0).id);
			assert.equal(items[99_999].json.id, simulator.events.at(99_999).id);
			assert.equal(requestsTo(simulator, '/events').length, 100);
		});
	});

	it('goes on through empty middle pages and picks rel="next" from a multi-rel Link header', async () => {
		await withSimulator(
			{ events: 2500, faults: { emptyPageEvery: 2, extraRels: true } },
			async (simulator) => {
				const items = await listEvents(simulator, { options: { pageSize: 500 } });
				assert.deepEqual(ids(items), eventIds(simulator));
				const requests = requestsTo(simulator, '/events');
				assert.ok(requests.length > 5, 'empty pages cost requests but lose nothing');
				assert.equal(
					new Set(requests.map((r) => r.search)).size,
					requests.length,
					'no URL is requested twice',
				);
				assert.ok(
					requests.slice(1).every((r) => r.query.cursor),
					'only the first request is built from the filters',
				);
			},
		);
	});
});

describe('Webex Events: limit', () => {
	for (const [limit, maxes] of [
		[1, ['1']],
		[999, ['999']],
		[1000, ['1000']],
		[1001, ['1000', '1']],
	]) {
		it(`limit ${limit} returns exactly ${limit} events in ${maxes.length} request(s), never asking for more than needed`, async () => {
			await withSimulator({ events: 5000 }, async (simulator) => {
				const items = await listEvents(simulator, { returnAll: false, limit });
				assert.deepEqual(ids(items), eventIds(simulator, 0, limit));
				assert.deepEqual(
					requestsTo(simulator, '/events').map((r) => r.query.max),
					maxes,
				);
			});
		});
	}

	it('limit with a page size pages by that size and trims the last page', async () => {
		await withSimulator({ events: 5000 }, async (simulator) => {
			const items = await listEvents(simulator, {
				returnAll: false,
				limit: 250,
				options: { pageSize: 100 },
			});
			assert.equal(items.length, 250);
			assert.deepEqual(
				requestsTo(simulator, '/events').map((r) => r.query.max),
				['100', '100', '50'],
			);
		});
	});
});

describe('Webex Events: filters reach the API as documented', () => {
	it('sends resource, type, actorId, from and to (UTC, milliseconds) and returns only matching events', async () => {
		await withSimulator({ events: 4000 }, async (simulator) => {
			const actorId = simulator.people[2].id;
			const items = await listEvents(simulator, {
				timezone: 'America/New_York',
				filters: {
					eventResource: 'messages',
					type: 'created',
					actorId,
					from: '2026-10-01T08:00:00',
					to: new Date(Date.now() - DAY_MS).toISOString(),
				},
				// One listing, so one request to look at (time slices have their own tests).
				options: { parallelRequests: 1 },
			});
			const [request] = requestsTo(simulator, '/events');
			assert.equal(request.query.resource, 'messages');
			assert.equal(request.query.type, 'created');
			assert.equal(request.query.actorId, actorId);
			assert.equal(
				request.query.from,
				'2026-10-01T12:00:00.000Z',
				'read in the workflow time zone, sent as UTC',
			);
			assert.match(request.query.to, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
			assert.ok(items.length > 0);
			assert.ok(
				items.every(
					(item) =>
						item.json.resource === 'messages' &&
						item.json.type === 'created' &&
						item.json.actorId === actorId,
				),
			);
		});
	});

	it('offers every resource and type of the OpenAPI enums, and no other', async () => {
		const { PACKAGE } = await import('./helpers/n8n.mjs');
		const filters = PACKAGE.nodes.webexEvents.description.properties.find(
			(p) => p.name === 'filters',
		);
		const values = (name) =>
			filters.options
				.find((o) => o.name === name)
				.options.map((o) => o.value)
				.sort();
		assert.equal(
			filters.options.find((o) => o.name === 'eventResource').displayName,
			'Resource',
			'shown as Resource',
		);
		assert.deepEqual(values('eventResource'), [
			'attachmentActions',
			'businessTexts',
			'call_records',
			'convergedRecordings',
			'file_transcodings',
			'files',
			'meetingMessages',
			'meetingTranscripts',
			'meetings',
			'memberships',
			'messages',
			'rooms',
			'tabs',
		]);
		assert.deepEqual(values('type'), ['created', 'deleted', 'ended', 'updated']);
		await withSimulator({ events: 2000 }, async (simulator) => {
			const items = await listEvents(simulator, {
				filters: { eventResource: 'files', type: 'deleted' },
			});
			assert.ok(
				items.length > 0 &&
					items.every((i) => i.json.resource === 'files' && i.json.type === 'deleted'),
			);
		});
	});

	it('sends serviceType=calling with convergedRecordings, even when left out', async () => {
		await withSimulator({ events: 2000 }, async (simulator) => {
			const items = await listEvents(simulator, {
				filters: { eventResource: 'convergedRecordings' },
			});
			assert.equal(requestsTo(simulator, '/events')[0].query.serviceType, 'calling');
			assert.ok(items.length > 0 && items.every((i) => i.json.resource === 'convergedRecordings'));
		});
	});

	it('a Service Type left from Converged Recordings is not sent with another Resource (the editor hides it)', async () => {
		await withSimulator({ events: 2000 }, async (simulator) => {
			const items = await listEvents(simulator, {
				filters: { eventResource: 'messages', serviceType: 'calling' },
			});
			const [request] = requestsTo(simulator, '/events');
			assert.equal(request.query.resource, 'messages');
			assert.equal(request.query.serviceType, undefined);
			assert.ok(items.length > 0 && items.every((i) => i.json.resource === 'messages'));
		});
	});

	it('accepts expressions such as {{ $now.minus({hours: 1}) }} and replaces a future To by now', async () => {
		await withSimulator({ events: 2000, eventSpanDays: 1 }, async (simulator) => {
			const before = Date.now();
			await listEvents(simulator, {
				filters: { from: '={{ $now.minus({hours: 1}) }}', to: '={{ $now.plus({days: 1}) }}' },
				options: { parallelRequests: 1 },
			});
			const [request] = requestsTo(simulator, '/events');
			const from = Date.parse(request.query.from);
			assert.ok(Math.abs(from - (before - 3_600_000)) < 5000, request.query.from);
			assert.equal(
				request.query.to,
				undefined,
				'a future To is left out, which Webex reads as now',
			);
		});
	});
});

describe('Webex Events: bad input fails before any request, naming the field', () => {
	const cases = [
		[
			'From after To',
			{ filters: { from: '2026-11-10T00:00:00Z', to: '2026-11-01T00:00:00Z' } },
			/From .* is after To/,
		],
		[
			'an unparsable From',
			{ filters: { from: 'last tuesday' } },
			/From is not a date and time: "last tuesday"/,
		],
		['an unparsable To', { filters: { to: '31/31/2026' } }, /To is not a date and time/],
		['limit 0', { returnAll: false, limit: 0 }, /Limit must be a whole number of at least 1/],
		[
			'a page size of 0',
			{ options: { pageSize: 0 } },
			/Page Size must be a whole number from 1 to 1000/,
		],
		[
			'a page size of 1001',
			{ options: { pageSize: 1001 } },
			/Page Size must be a whole number from 1 to 1000/,
		],
	];
	for (const [name, input, message] of cases) {
		it(name, async () => {
			await withSimulator({ events: 10 }, async (simulator) => {
				const error = await rejection(listEvents(simulator, input));
				assert.match(error.message, message);
				assert.ok(error.description, 'says how to fix it');
				assert.equal(simulator.requests.length, 0);
			});
		});
	}

	it('refuses a custom base URL over plain http to a non-loopback host', async () => {
		await withSimulator({ events: 10 }, async (simulator) => {
			const { runNode } = await import('./helpers/n8n.mjs');
			const error = await rejection(
				runNode({
					type: 'webexEvents',
					parameters: { resource: 'event', operation: 'getAll', returnAll: true },
					credentials: {
						webexApi: {
							accessToken: 'sim-token',
							baseUrl: 'custom',
							customBaseUrl: 'http://webex-proxy.example.com/v1',
						},
					},
				}),
			);
			assert.match(error.message, /Custom Base URL must use https/);
			assert.equal(simulator.requests.length, 0);
		});
	});
});

describe('Webex Events: API errors', () => {
	it('401: NodeApiError with the Webex message, status, trackingId and the 12-hour hint', async () => {
		await withSimulator({ events: 10 }, async (simulator) => {
			const error = await rejection(listEvents(simulator, { token: 'expired-token' }));
			assert.equal(error.constructor.name, 'NodeApiError');
			assert.equal(error.httpCode, '401');
			assert.match(error.message, /valid access token/);
			assert.match(error.description, /12 hours/);
			assert.match(error.description, /ROUTER_[0-9A-F-]+/);
			assert.equal(error.context.trackingId, error.description.match(/ROUTER_[0-9A-F-]+/)[0]);
			assert.match(error.description, /Retrying will not help/);
		});
	});

	it('403: names the Compliance Officer role and the spark-compliance:events_read scope', async () => {
		await withSimulator({ events: 10 }, async (simulator) => {
			const error = await rejection(listEvents(simulator, { token: 'user-token' }));
			assert.equal(error.httpCode, '403');
			assert.match(error.message, /Compliance role required/);
			assert.match(error.description, /Compliance Officer role/);
			assert.match(error.description, /spark-compliance:events_read/);
		});
	});

	it('400 from Webex is surfaced with its message', async () => {
		await withSimulator(
			{ events: 10, faults: { rules: [{ status: 400, message: "Invalid 'actorId' parameter." }] } },
			async (simulator) => {
				const error = await rejection(listEvents(simulator, { filters: { actorId: 'nobody' } }));
				assert.equal(error.httpCode, '400');
				assert.match(error.message, /Invalid 'actorId' parameter/);
			},
		);
	});

	it('with Continue On Fail, a failed listing becomes an error item and the node goes on', async () => {
		await withSimulator({ events: 10 }, async (simulator) => {
			const items = await listEvents(simulator, { token: 'user-token', continueOnFail: true });
			assert.equal(items.length, 1);
			assert.match(items[0].error.message, /Compliance role required/);
		});
	});
});

describe('Webex Events: items', () => {
	it('Simplify gives flat rows with fixed columns', async () => {
		await withSimulator({ events: 500 }, async (simulator) => {
			const items = await listEvents(simulator, { options: { simplify: true } });
			for (const item of items) assert.deepEqual(Object.keys(item.json), SIMPLIFY_COLUMNS);
			// A created message (an edited or deleted one's event carries no text), not the example
			// event (whose data also has telephony fields).
			const message = items.find(
				(item, n) =>
					item.json.resource === 'messages' &&
					item.json.type === 'created' &&
					!('callType' in simulator.events.at(n).data),
			);
			const original = simulator.events.at(items.indexOf(message));
			assert.equal(message.json.text, original.data.text);
			assert.equal(message.json.roomId, original.data.roomId);
			assert.equal(message.json.callType, null);
			const call = items.find((i) => i.json.resource === 'call_records');
			assert.match(call.json.callDurationSeconds, /^\d+$/);
			assert.ok(items.every((i) => typeof i.json.data === 'undefined'));
		});
	});

	it('without Simplify, each item is the event exactly as Webex sent it', async () => {
		await withSimulator({ events: 20 }, async (simulator) => {
			const items = await listEvents(simulator);
			assert.deepEqual(
				items.map((i) => i.json),
				Array.from({ length: 20 }, (_, n) => simulator.events.at(n)),
			);
		});
	});

	it('each input item runs its own listing, and its output is paired to it', async () => {
		await withSimulator({ events: 3000 }, async (simulator) => {
			const items = await listEvents(simulator, {
				filters: { eventResource: '={{ $json.resource }}' },
				items: [{ json: { resource: 'meetings' } }, { json: { resource: 'tabs' } }],
			});
			const meetings = items.filter((i) => i.pairedItem.item === 0);
			const tabs = items.filter((i) => i.pairedItem.item === 1);
			assert.ok(meetings.length > 0 && meetings.every((i) => i.json.resource === 'meetings'));
			assert.ok(tabs.length > 0 && tabs.every((i) => i.json.resource === 'tabs'));
			assert.equal(meetings.length + tabs.length, items.length);
			assert.deepEqual(
				requestsTo(simulator, '/events')
					.map((r) => r.query.resource)
					.sort(),
				['meetings', 'tabs'],
			);
		});
	});
});
