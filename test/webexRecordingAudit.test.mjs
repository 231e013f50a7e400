// Webex Recording Audit / List recording audit summaries, through n8n's RoutingNode.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { present, SITES } from '../simulator/recordings.mjs';
import { listSummaries, rejection, requestsTo, withSimulator } from './helpers/index.mjs';

const DAY_MS = 86_400_000;
const PATH = '/recordingReport/accessSummary';

/** What Webex holds for [fromMs, toMs) on the default site for every host, newest first. */
function expectedSummaries(simulator, fromMs, toMs, zone = 'UTC') {
	const [start, end] = simulator.recordings.range(fromMs, toMs);
	const result = [];
	for (let index = start; index < end; index++) {
		const summary = simulator.recordings.at(index);
		if (summary.siteUrl === SITES[0]) result.push(present(summary, zone));
	}
	return result;
}

describe('Webex Recording Audit: windows beyond 90 days', () => {
	it('a 300-day range returns every summary in it exactly once across 4 windows, newest first', async () => {
		await withSimulator({ recordings: 6000 }, async (simulator) => {
			const toMs = Date.parse(
				new Date(Date.now() - DAY_MS).toISOString().slice(0, 10) + 'T00:00:00Z',
			);
			const fromMs = toMs - 300 * DAY_MS;
			const items = await listSummaries(simulator, {
				filters: {
					from: new Date(fromMs).toISOString(),
					to: new Date(toMs).toISOString(),
					hostEmail: 'all',
				},
			});
			const expected = expectedSummaries(simulator, fromMs, toMs);
			assert.ok(expected.length > 3000);
			assert.deepEqual(
				items.map((i) => i.json),
				expected,
			);

			const firstPages = requestsTo(simulator, PATH).filter((r) => !r.query.cursor);
			assert.equal(firstPages.length, 4, 'one first request per window');
			const windows = firstPages.map((r) => [Date.parse(r.query.from), Date.parse(r.query.to)]);
			assert.equal(windows[0][1], toMs);
			assert.equal(windows.at(-1)[0], fromMs);
			for (let i = 0; i < windows.length; i++) {
				assert.ok(windows[i][1] - windows[i][0] <= 90 * DAY_MS, 'each window at most 90 days');
				if (i > 0) assert.equal(windows[i][1], windows[i - 1][0], 'no gap, no overlap');
			}
			assert.ok(
				requestsTo(simulator, PATH).every(
					(r) => r.status === 200 && (r.query.max === '100' || r.query.cursor),
				),
			);
		});
	});

	it('limit stops as soon as it is reached, in the first window', async () => {
		await withSimulator({ recordings: 6000 }, async (simulator) => {
			const items = await listSummaries(simulator, {
				returnAll: false,
				limit: 150,
				filters: { from: new Date(Date.now() - 300 * DAY_MS).toISOString(), hostEmail: 'all' },
			});
			assert.equal(items.length, 150);
			assert.deepEqual(
				requestsTo(simulator, PATH).map((r) => r.query.max),
				['100', '50'],
			);
		});
	});

	it('with neither From nor To, asks for the 7 days up to now', async () => {
		await withSimulator({ recordings: 3000 }, async (simulator) => {
			const items = await listSummaries(simulator, { filters: { hostEmail: 'all' } });
			const [request] = requestsTo(simulator, PATH);
			const span = Date.parse(request.query.to) - Date.parse(request.query.from);
			assert.equal(span, 7 * DAY_MS);
			assert.ok(Math.abs(Date.parse(request.query.to) - Date.now()) < 10_000);
			assert.deepEqual(
				items.map((i) => i.json),
				expectedSummaries(simulator, Date.parse(request.query.from), Date.parse(request.query.to)),
			);
		});
	});
});

describe('Webex Recording Audit: timezone', () => {
	it('sends the chosen zone as the timezone header; Webex renders timeRecorded in it', async () => {
		await withSimulator({ recordings: 3000 }, async (simulator) => {
			const items = await listSummaries(simulator, {
				filters: { hostEmail: 'all' },
				options: { timezone: 'Asia/Tokyo' },
			});
			assert.ok(items.length > 0);
			assert.ok(requestsTo(simulator, PATH).every((r) => r.timezone === 'Asia/Tokyo'));
			assert.ok(items.every((i) => i.json.timeRecorded.endsWith('+09:00')));
		});
	});

	it("defaults to the workflow's time zone", async () => {
		await withSimulator({ recordings: 3000 }, async (simulator) => {
			const items = await listSummaries(simulator, {
				filters: { hostEmail: 'all' },
				timezone: 'America/New_York',
			});
			assert.equal(requestsTo(simulator, PATH)[0].timezone, 'America/New_York');
			assert.ok(items.every((i) => /-0[45]:00$/.test(i.json.timeRecorded)));
		});
	});

	it('an unknown zone fails before any request', async () => {
		await withSimulator({ recordings: 10 }, async (simulator) => {
			const error = await rejection(
				listSummaries(simulator, { options: { timezone: 'Mars/Olympus' } }),
			);
			assert.match(error.message, /Time Zone "Mars\/Olympus" is not an IANA time zone name/);
			assert.equal(simulator.requests.length, 0);
		});
	});
});

describe('Webex Recording Audit: filters and errors', () => {
	it('hostEmail=all lists every host; an email lists one host; empty lists your own', async () => {
		await withSimulator({ recordings: 4000 }, async (simulator) => {
			const all = await listSummaries(simulator, { filters: { hostEmail: 'all' } });
			assert.equal(requestsTo(simulator, PATH)[0].query.hostEmail, 'all');
			assert.ok(new Set(all.map((i) => i.json.hostEmail)).size > 5);
			const host = all[0].json.hostEmail;
			const one = await listSummaries(simulator, { filters: { hostEmail: host } });
			assert.ok(one.length > 0 && one.every((i) => i.json.hostEmail === host));
			const own = await listSummaries(simulator, {});
			assert.ok(own.every((i) => i.json.hostEmail === simulator.people[0].emails[0]));
			assert.equal(requestsTo(simulator, PATH).at(-1).query.hostEmail, undefined);
		});
	});

	it('sends siteUrl', async () => {
		await withSimulator({ recordings: 4000 }, async (simulator) => {
			const items = await listSummaries(simulator, {
				filters: { hostEmail: 'all', siteUrl: SITES[1] },
			});
			assert.equal(requestsTo(simulator, PATH)[0].query.siteUrl, SITES[1]);
			assert.ok(items.length > 0 && items.every((i) => i.json.siteUrl === SITES[1]));
		});
	});

	it('viewCount and downloadCount are numbers', async () => {
		await withSimulator({ recordings: 2000 }, async (simulator) => {
			const items = await listSummaries(simulator, { filters: { hostEmail: 'all' } });
			assert.ok(items.length > 0);
			for (const { json } of items) {
				assert.equal(typeof json.viewCount, 'number');
				assert.equal(typeof json.downloadCount, 'number');
			}
		});
	});

	const badInput = [
		[
			'From more than 365 days back',
			{ filters: { from: new Date(Date.now() - 366 * DAY_MS).toISOString() } },
			/is more than 365 days ago/,
		],
		[
			'a bad Host Email',
			{ filters: { hostEmail: 'bob' } },
			/Host Email must be an email address or "all" \(got "bob"\)/,
		],
		[
			'From after To',
			{
				filters: {
					from: new Date(Date.now() - DAY_MS).toISOString(),
					to: new Date(Date.now() - 2 * DAY_MS).toISOString(),
				},
			},
			/is after To/,
		],
		[
			'a page size of 101',
			{ options: { pageSize: 101 } },
			/Page Size must be a whole number from 1 to 100/,
		],
	];
	for (const [name, input, message] of badInput) {
		it(`${name} fails before any request, naming the field`, async () => {
			await withSimulator({ recordings: 10 }, async (simulator) => {
				const error = await rejection(listSummaries(simulator, input));
				assert.match(error.message, message);
				assert.ok(error.description);
				assert.equal(simulator.requests.length, 0);
			});
		});
	}

	it('403 names meeting:admin_recordings_read and Host Email', async () => {
		await withSimulator({ recordings: 100 }, async (simulator) => {
			const error = await rejection(
				listSummaries(simulator, { token: 'user-token', filters: { hostEmail: 'all' } }),
			);
			assert.equal(error.httpCode, '403');
			assert.match(error.description, /meeting:admin_recordings_read/);
			assert.match(error.description, /Host Email/);
			assert.match(error.description, /ROUTER_/);
		});
	});
});
