import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { shipped } from '../helpers/index.mjs';

const {
	parseRetryAfter,
	backoffMs,
	describeWait,
	rateLimitWait,
	faultWait,
	retryKind,
	DEFAULT_RETRY_POLICY,
} = shipped('nodes/shared/transport/retryPolicy.js');

describe('parseRetryAfter', () => {
	const now = Date.parse('2026-11-23T12:00:00Z');
	it('reads delay-seconds', () => {
		assert.equal(parseRetryAfter('30', now), 30_000);
		assert.equal(parseRetryAfter('3600', now), 3_600_000);
		assert.equal(parseRetryAfter(['2'], now), 2000);
		assert.equal(parseRetryAfter('0', now), 0);
	});
	it('reads an HTTP date, relative to now', () => {
		assert.equal(parseRetryAfter('Mon, 23 Nov 2026 12:00:45 GMT', now), 45_000);
		assert.equal(parseRetryAfter('Mon, 23 Nov 2026 11:00:00 GMT', now), 0);
	});
	it('gives undefined for missing, malformed or absurd values, so a default applies', () => {
		for (const value of [
			undefined,
			'',
			'soon',
			'-5',
			'1e3',
			'1e12',
			'12abc',
			'rand(30),add(30)',
			'99999999999',
			{},
		])
			assert.equal(parseRetryAfter(value, now), undefined, String(value));
	});
});

describe('rateLimitWait', () => {
	const policy = DEFAULT_RETRY_POLICY;
	it('never waits less than a second, whatever Retry-After says', () => {
		for (const value of ['0', '0.1', 'Thu, 01 Jan 1970 00:00:00 GMT'])
			assert.equal(rateLimitWait(value, policy).waitMs, 1000, value);
	});
	it('waits what Retry-After asks above that, and the default without a usable one', () => {
		assert.deepEqual(rateLimitWait('30', policy), { waitMs: 30_000, askedMs: 30_000 });
		for (const value of [undefined, '-5', 'garbage', '1e12'])
			assert.deepEqual(
				rateLimitWait(value, policy),
				{ waitMs: 60_000, askedMs: undefined },
				String(value),
			);
	});
});

describe('retryKind', () => {
	it('retries 429 on its own terms, 423, 5xx, timeouts and dropped connections as faults', () => {
		assert.equal(retryKind({ status: 429 }), 'rateLimit');
		for (const status of [408, 423, 500, 502, 503, 504])
			assert.equal(retryKind({ status }), 'fault', String(status));
		assert.equal(retryKind({ timedOut: true }), 'fault');
		assert.equal(retryKind({ code: 'ECONNRESET' }), 'fault');
	});
	it('does not retry what waiting cannot fix', () => {
		for (const status of [301, 400, 401, 403, 404, 405])
			assert.equal(retryKind({ status }), undefined, String(status));
		assert.equal(retryKind({ code: 'CERT_HAS_EXPIRED' }), undefined);
		assert.equal(retryKind({}), undefined);
	});
});

describe('backoffMs and faultWait', () => {
	it('doubles per retry between half and all of the ceiling, capped', () => {
		assert.equal(
			backoffMs(1, undefined, () => 0),
			500,
		);
		assert.equal(
			backoffMs(1, undefined, () => 1),
			1000,
		);
		assert.equal(
			backoffMs(3, undefined, () => 1),
			4000,
		);
		assert.equal(
			backoffMs(10, undefined, () => 1),
			30_000,
		);
	});
	it('takes a 423 Retry-After, never more than a minute', () => {
		assert.equal(faultWait({ status: 423, retryAfter: '2' }, 1, DEFAULT_RETRY_POLICY), 2000);
		assert.equal(faultWait({ status: 423, retryAfter: '3600' }, 1, DEFAULT_RETRY_POLICY), 60_000);
		assert.equal(
			faultWait({ status: 503, retryAfter: '3600' }, 1, DEFAULT_RETRY_POLICY, () => 1),
			1000,
		);
	});
});

describe('describeWait', () => {
	it('words a wait for people', () => {
		assert.equal(describeWait(1000), '1 second');
		assert.equal(describeWait(45_000), '45 seconds');
		assert.equal(describeWait(600_000), '10 minutes');
		assert.equal(describeWait(3_600_000 * 3), '3 hours');
	});
});
