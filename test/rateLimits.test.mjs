// Parallel Requests under Webex's rate limits: a 429 lowers how many requests are in flight, the
// chains resume one by one after the pause, answers without a 429 raise it again, and the output
// stays exactly what one request at a time gives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { listEvents, requestsTo, shipped, withSimulator } from './helpers/index.mjs';

const DAY = 86_400_000;
const ids = (items) => items.map((item) => item.json.id);

/** How many of the requests were in flight (arrived, not yet answered) at `ms`. */
const inFlightAt = (requests, ms) =>
	requests.filter((request) => request.at <= ms && ms < request.answeredAt).length;

/** The most requests in flight at once within [fromMs, toMs), sampled every millisecond. */
function mostInFlight(requests, fromMs, toMs) {
	let most = 0;
	for (let ms = fromMs; ms < toMs; ms++) most = Math.max(most, inFlightAt(requests, ms));
	return most;
}

describe('Parallel Requests back off under a rate limit instead of storming', () => {
	it('fewer in flight after a 429, one by one after the pause, more again later; every record once in order', async () => {
		let expected;
		await withSimulator({ events: 8000, eventSpanDays: 10, anchor: 1e12 }, async (simulator) => {
			expected = ids(
				await listEvents(simulator, {
					filters: {
						from: new Date(1e12 - 9 * DAY).toISOString(),
						to: new Date(1e12).toISOString(),
					},
					options: { pageSize: 100, parallelRequests: 1 },
				}),
			);
		});
		await withSimulator(
			{
				events: 8000,
				eventSpanDays: 10,
				anchor: 1e12,
				// A round trip long enough that the first 8 are in flight together however slowly this
				// machine sends them, and 8 in flight ask for 53 a second: the limit is met either way.
				latencyMs: 150,
				rateLimit: { perSecond: 12, burst: 12 },
			},
			async (simulator) => {
				const items = await listEvents(simulator, {
					filters: {
						from: new Date(1e12 - 9 * DAY).toISOString(),
						to: new Date(1e12).toISOString(),
					},
					options: { pageSize: 100, parallelRequests: 8 },
				});
				assert.deepEqual(ids(items), expected, 'same records, same order as one at a time');
				const requests = requestsTo(simulator, '/events');
				const limited = requests.filter((request) => request.status === 429);
				assert.ok(limited.length > 0, 'the limit was met');
				const started = requests[0].at;
				const firstLimited = limited[0];
				assert.equal(mostInFlight(requests, started, firstLimited.at), 8, 'starts at 8 in flight');
				// The pause ends a second after the first 429; then one request goes first.
				const resumed = requests.find((request) => request.at >= firstLimited.answeredAt + 900);
				assert.ok(resumed, 'requests went on after the pause');
				assert.equal(
					mostInFlight(requests, resumed.at, resumed.at + 30),
					1,
					'no burst after the pause: the chains resume one by one',
				);
				const later = requests.filter((request) => request.at > resumed.answeredAt);
				assert.ok(
					mostInFlight(later, resumed.answeredAt, requests.at(-1).answeredAt) >= 2,
					'answers without a 429 raise the number in flight again',
				);
				// The first wave meets the limit with 8 in flight; after it, far fewer 429s (the
				// bench measures the share over longer runs).
				const afterFirstPause = requests.filter((request) => request.at >= resumed.at);
				const limitedAfter = afterFirstPause.filter((request) => request.status === 429);
				assert.ok(
					limitedAfter.length <= afterFirstPause.length * 0.15,
					`${limitedAfter.length} of ${afterFirstPause.length} requests after the first pause were answered 429`,
				);
			},
		);
	});
});

describe('the rate-limit gate', () => {
	const gate = shipped('nodes/shared/transport/rateLimitGate.js');

	it('halves once per 429 wave, resumes at one, climbs back to half at once and slowly past it, never above the setting', () => {
		const state = gate.createRateLimitGate(8);
		assert.equal(state.inFlightLimit, 8);
		const generation = state.generation;
		gate.rateLimited(state, generation);
		gate.rateLimited(state, generation); // a request that was already in flight: no second halving
		assert.equal(state.inFlightLimit, 1);
		assert.equal(state.resumeCeiling, 4);
		const limits = [];
		for (let answer = 0; answer < 2000; answer++) {
			gate.answered(state, state.generation);
			limits.push(state.inFlightLimit);
		}
		assert.deepEqual(limits.slice(0, 3), [2, 3, 4], 'one more per answer up to half');
		assert.equal(limits[101], 4, 'then slowly: 100 answers at 4 in flight');
		assert.equal(limits[102], 5);
		assert.equal(limits.at(-1), 8, 'back to the setting, never above it');
		assert.equal(Math.max(...limits), limits.at(-1), 'never falls without a 429');
	});

	it('lets at most inFlightLimit requests in, and the next one in when one comes back', async () => {
		const state = gate.createRateLimitGate(2);
		const noWait = async () => {};
		await gate.takeSlot(state, noWait);
		await gate.takeSlot(state, noWait);
		let third = false;
		const waiting = gate.takeSlot(state, noWait).then(() => (third = true));
		await new Promise((resolve) => setImmediate(resolve));
		assert.equal(third, false, 'a third waits');
		gate.releaseSlot(state);
		await waiting;
		assert.equal(third, true);
		assert.equal(state.inFlight, 2);
	});
});
