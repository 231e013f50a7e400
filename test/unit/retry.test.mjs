import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { shipped } from '../helpers.mjs';

const { parseRetryAfter, backoffMs, describeWait } = shipped('nodes/shared/retry.js');

describe('parseRetryAfter', () => {
	const now = Date.parse('2026-11-23T12:00:00Z');
	it('reads delay-seconds', () => {
		assert.equal(parseRetryAfter('30', now), 30_000);
		assert.equal(parseRetryAfter('3600', now), 3_600_000);
		assert.equal(parseRetryAfter(['2'], now), 2000);
	});
	it('reads an HTTP date, relative to now', () => {
		assert.equal(parseRetryAfter('Mon, 23 Nov 2026 12:00:45 GMT', now), 45_000);
		assert.equal(parseRetryAfter('Mon, 23 Nov 2026 11:00:00 GMT', now), 0);
	});
	it('gives undefined for missing or malformed values, so a default applies', () => {
		for (const value of [undefined, '', 'soon', '-5', '1e3', '12abc', {}]) assert.equal(parseRetryAfter(value, now), undefined, String(value));
	});
});

describe('backoffMs', () => {
	it('doubles per attempt between half and all of the ceiling, capped', () => {
		assert.equal(backoffMs(1, { random: () => 0 }), 500);
		assert.equal(backoffMs(1, { random: () => 1 }), 1000);
		assert.equal(backoffMs(3, { random: () => 1 }), 4000);
		assert.equal(backoffMs(10, { random: () => 1 }), 30_000);
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
