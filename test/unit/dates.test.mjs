import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DateTime } from 'luxon';

import { shipped } from '../helpers/index.mjs';

const { parseDateInput, toWebexTime } = shipped('nodes/shared/dates.js');
const { splitNewestFirst } = shipped('nodes/shared/timeWindows.js');
const { DAY_MS } = shipped('nodes/shared/limits.js');

const utc = (value, zone = 'UTC') => {
	const date = parseDateInput(value, zone);
	return date ? toWebexTime(date) : date;
};

describe('parseDateInput', () => {
	it('reads a value without an offset in the given zone', () => {
		assert.equal(utc('2026-11-20T09:30:00', 'America/New_York'), '2026-11-20T14:30:00.000Z');
		assert.equal(utc('2026-11-20 09:30', 'Europe/Berlin'), '2026-11-20T08:30:00.000Z');
	});
	it('keeps an explicit offset', () => {
		assert.equal(utc('2026-11-20T09:30:00+08:00', 'America/New_York'), '2026-11-20T01:30:00.000Z');
		assert.equal(utc('2026-11-20T09:30:00Z', 'Asia/Tokyo'), '2026-11-20T09:30:00.000Z');
	});
	it('reads dates from expressions: luxon DateTime, Date, epoch milliseconds, RFC 2822', () => {
		assert.equal(utc(DateTime.fromISO('2026-11-20T09:30:00Z')), '2026-11-20T09:30:00.000Z');
		assert.equal(utc(new Date('2026-11-20T09:30:00Z')), '2026-11-20T09:30:00.000Z');
		assert.equal(utc(Date.parse('2026-11-20T09:30:00Z')), '2026-11-20T09:30:00.000Z');
		assert.equal(utc('Fri, 20 Nov 2026 09:30:00 +0000'), '2026-11-20T09:30:00.000Z');
	});
	it('gives undefined for empty and null for unreadable values', () => {
		assert.equal(parseDateInput('', 'UTC'), undefined);
		assert.equal(parseDateInput(undefined, 'UTC'), undefined);
		assert.equal(parseDateInput('last tuesday', 'UTC'), null);
		assert.equal(parseDateInput('2026-13-45', 'UTC'), null);
	});
});

describe('splitNewestFirst', () => {
	const to = Date.parse('2026-11-23T00:00:00Z');
	it('splits 300 days into 4 windows of at most 90 days, newest first, without gap or overlap', () => {
		const windows = splitNewestFirst(to - 300 * DAY_MS, to, 90 * DAY_MS);
		assert.equal(windows.length, 4);
		assert.equal(windows[0].toMs, to);
		assert.equal(windows.at(-1).fromMs, to - 300 * DAY_MS);
		for (let i = 0; i < windows.length; i++) {
			assert.ok(windows[i].toMs - windows[i].fromMs <= 90 * DAY_MS);
			if (i > 0) assert.equal(windows[i].toMs, windows[i - 1].fromMs);
		}
		assert.deepEqual(
			windows.map((w) => (w.toMs - w.fromMs) / DAY_MS),
			[90, 90, 90, 30],
		);
	});
	it('keeps a range of exactly 90 days, or an empty range, in one window', () => {
		assert.equal(splitNewestFirst(to - 90 * DAY_MS, to, 90 * DAY_MS).length, 1);
		assert.deepEqual(splitNewestFirst(to, to, 90 * DAY_MS), [{ fromMs: to, toMs: to }]);
	});
});
