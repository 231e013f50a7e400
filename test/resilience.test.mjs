// Rate limits, transient faults, paging guards and token safety of the shared request path.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import { runNode } from './helpers/n8n.mjs';
import {
	assertNoSecretIn,
	eventIds,
	rejection,
	requestsTo,
	withSimulator,
} from './helpers/index.mjs';
import { defaultPolicy, shortenWaits } from './helpers/waits.mjs';

// A distinctive token, so that any leak of it into an error can be found.
const TOKEN = 'tok-7f3a9c-NEVER-PRINT-ME';
const tokens = { [TOKEN]: { person: 0, compliance: true, admin: true } };
const producedErrors = [];
const producedItems = [];

async function list(simulator, { options = {}, signal, ...parameters } = {}) {
	const credentials = {
		webexApi: { accessToken: TOKEN, baseUrl: 'custom', customBaseUrl: simulator.baseUrl },
	};
	try {
		const items = await runNode({
			type: 'webexEvents',
			parameters: {
				resource: 'event',
				operation: 'getAll',
				returnAll: true,
				filters: {},
				options,
				...parameters,
			},
			credentials,
			signal,
		});
		producedItems.push(...items.slice(0, 5));
		return items;
	} catch (error) {
		producedErrors.push(error);
		throw error;
	}
}

const ids = (items) => items.map((item) => item.json.id);
const statuses = (simulator) => requestsTo(simulator, '/events').map((r) => r.status);

describe('429: waits what Retry-After says, then retries the same page', () => {
	it('a 429 on every third request: all records once each, total wait as asked', async () => {
		const rules = [{ status: 429, every: 3, retryAfter: '1', path: '/v1/events' }];
		await withSimulator({ events: 5000, tokens, faults: { rules } }, async (simulator) => {
			const items = await list(simulator);
			assert.deepEqual(ids(items), eventIds(simulator));
			assert.deepEqual(statuses(simulator), [200, 200, 429, 200, 200, 429, 200]);
			const requests = requestsTo(simulator, '/events');
			for (const index of [2, 5]) {
				assert.equal(
					requests[index + 1].search,
					requests[index].search,
					'the same page is asked again',
				);
				assert.ok(
					requests[index + 1].at - requests[index].at >= 1000,
					'waited the second Webex asked for',
				);
			}
		});
	});

	it('reads Retry-After as an HTTP date', async () => {
		const retryAfter = new Date(Date.now() + 2000).toUTCString();
		await withSimulator(
			{ events: 1500, tokens, faults: { rules: [{ status: 429, times: 1, retryAfter }] } },
			async (simulator) => {
				const items = await list(simulator);
				assert.equal(items.length, 1500);
				const [limited, retried] = requestsTo(simulator, '/events');
				assert.equal(limited.status, 429);
				assert.ok(
					retried.at - limited.at >= 900,
					`waited until the date (${retried.at - limited.at} ms)`,
				);
			},
		);
	});

	it('treats a garbage Retry-After as the default wait, bounded by Max Rate Limit Wait', async () => {
		await withSimulator(
			{ events: 100, tokens, faults: { rules: [{ status: 429, retryAfter: 'in a bit' }] } },
			async (simulator) => {
				const started = Date.now();
				const error = await rejection(list(simulator, { options: { maxRateLimitWait: 10 } }));
				assert.ok(Date.now() - started < 5000, 'fails at once instead of waiting past the limit');
				assert.equal(error.httpCode, '429');
				assert.match(
					error.description,
					/Webex asked to wait 60 seconds \(no usable Retry-After header, so a default wait\)/,
				);
				assert.match(error.description, /Max Rate Limit Wait of 10 seconds/);
				assert.equal(requestsTo(simulator, '/events').length, 1);
			},
		);
	});

	it('past Max Rate Limit Wait, fails saying how long Webex asked to wait', async () => {
		await withSimulator(
			{ events: 100, tokens, faults: { rules: [{ status: 429, retryAfter: '3600' }] } },
			async (simulator) => {
				const error = await rejection(list(simulator));
				assert.match(error.message, /Webex API error \(429\)/);
				assert.match(error.description, /Webex asked to wait 60 minutes/);
				assert.match(error.description, /Retrying later can help/);
				assert.match(error.description, /ROUTER_/);
			},
		);
	});
});

describe('423, 5xx and dropped connections: bounded retries with backoff', () => {
	it('a 503 that clears after two tries', async (t) => {
		shortenWaits(t);
		await withSimulator(
			{ events: 2500, tokens, faults: { rules: [{ status: 503, times: 2, path: '/v1/events' }] } },
			async (simulator) => {
				const items = await list(simulator);
				assert.deepEqual(ids(items), eventIds(simulator));
				assert.deepEqual(statuses(simulator), [503, 503, 200, 200, 200]);
			},
		);
	});

	it('a 423 with Retry-After, and a dropped connection, are retried', async (t) => {
		shortenWaits(t);
		const rules = [
			{ status: 423, times: 1, retryAfter: '1' },
			{ status: 'reset', times: 1, after: 1 },
		];
		await withSimulator({ events: 2500, tokens, faults: { rules } }, async (simulator) => {
			const items = await list(simulator);
			assert.deepEqual(ids(items), eventIds(simulator));
			assert.deepEqual(statuses(simulator), [423, 200, 'reset', 200, 200]);
		});
	});

	it('a 504 that clears with a smaller page continues from the same place', async (t) => {
		shortenWaits(t);
		await withSimulator(
			{ events: 2200, tokens, faults: { rules: [{ status: 504, whenMaxAbove: 300 }] } },
			async (simulator) => {
				const items = await list(simulator);
				assert.deepEqual(ids(items), eventIds(simulator));
				const requests = requestsTo(simulator, '/events');
				assert.deepEqual(
					requests.slice(0, 4).map((r) => [r.status, r.query.max]),
					[
						[504, '1000'],
						[504, '500'],
						[200, '250'],
						[200, '250'],
					],
				);
				assert.equal(requests.filter((r) => r.status === 200).length, Math.ceil(2200 / 250));
			},
		);
	});

	it('a fault that never clears ends with a clear error after Max Retries, in bounded time', async () => {
		await withSimulator(
			{ events: 100, tokens, faults: { rules: [{ status: 502 }] } },
			async (simulator) => {
				const started = Date.now();
				const error = await rejection(list(simulator, { options: { maxRetries: 2 } }));
				assert.ok(Date.now() - started < 10_000);
				assert.equal(error.httpCode, '502');
				assert.match(error.description, /Gave up after 3 attempts/);
				assert.match(error.description, /Retrying later can help/);
				assert.equal(requestsTo(simulator, '/events').length, 3);
			},
		);
	});
});

describe('tests that shorten waits: the seam shortens them, and real waits come back after', () => {
	/** Lists once against a 429 with Retry-After 1 on the first request: ms until its retry. */
	async function retryAfterOneSecond() {
		const rules = [{ status: 429, times: 1, retryAfter: '1', path: '/v1/events' }];
		return withSimulator({ events: 100, tokens, faults: { rules } }, async (simulator) => {
			const items = await list(simulator);
			assert.deepEqual(ids(items), eventIds(simulator));
			const [limited, retried] = requestsTo(simulator, '/events');
			assert.equal(limited.status, 429);
			assert.equal(retried.status, 200);
			return retried.at - limited.at;
		});
	}

	describe('with shortenWaits()', () => {
		shortenWaits();
		it('a 429 with Retry-After 1 is retried in a fraction of the second', async () => {
			assert.equal(defaultPolicy.waitScale, 0.01);
			const waited = await retryAfterOneSecond();
			assert.ok(waited < 500, `retried after ${waited} ms`);
		});
	});

	it('after them, a 429 with Retry-After 1 waits at least the second again', async () => {
		assert.equal(defaultPolicy.waitScale, 1, "the scale is n8n's again");
		const waited = await retryAfterOneSecond();
		assert.ok(waited >= 1000, `retried after ${waited} ms`);
	});
});

describe('paging guards and token safety', () => {
	it('refuses a next link to another host: the token is never sent there', async () => {
		await withSimulator({ events: 10, tokens }, async (otherHost) => {
			await withSimulator(
				{ events: 3000, tokens, faults: { nextBaseUrl: otherHost.origin } },
				async (simulator) => {
					const error = await rejection(list(simulator));
					assert.match(error.message, /Refused to follow a next-page link to another host/);
					assert.match(error.description, /access token was not sent/);
					assert.equal(requestsTo(simulator, '/events').length, 1);
					assert.equal(otherHost.requests.length, 0, 'the other host received nothing');
				},
			);
		});
	});

	it('ends a next-link loop with a clear error instead of repeating records forever', async () => {
		await withSimulator({ events: 5000, tokens, faults: { loopNext: true } }, async (simulator) => {
			const error = await rejection(list(simulator));
			assert.match(error.message, /already followed \(a paging loop\)/);
			assert.ok(requestsTo(simulator, '/events').length <= 3);
		});
	});

	it('stops promptly when the execution is cancelled during a long wait', async () => {
		await withSimulator(
			{ events: 100, tokens, faults: { rules: [{ status: 429, retryAfter: '3600' }] } },
			async (simulator) => {
				const controller = new AbortController();
				const started = Date.now();
				setTimeout(() => controller.abort(), 300);
				const error = await rejection(
					list(simulator, { options: { maxRateLimitWait: 7200 }, signal: controller.signal }),
				);
				assert.ok(Date.now() - started < 3000, `stopped after ${Date.now() - started} ms`);
				assert.match(error.message, /cancelled/);
				assert.equal(requestsTo(simulator, '/events').length, 1);
			},
		);
	});

	after(() => {
		assert.ok(producedErrors.length >= 6, `errors scanned: ${producedErrors.length}`);
		assertNoSecretIn(producedErrors, TOKEN);
		assert.ok(!JSON.stringify(producedItems).includes(TOKEN));
	});
});
