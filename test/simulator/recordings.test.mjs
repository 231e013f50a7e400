// The simulator is the ground truth of every other test: it must page and reject as Webex does.
// Here: the recording audit summaries and access details.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { withSimulator } from '../helpers/index.mjs';
import { DAY_MS, get, listAllResolved } from '../helpers/simulatorRequests.mjs';

describe('simulator: recording audit summaries and access details', () => {
	it('rejects what Webex rejects on recording audit summaries: 91-day window, 365 days back, from after to, bad email, bad timezone', async () => {
		await withSimulator({ recordings: 100 }, async (simulator) => {
			// One now for every bound: 95 to 5 days ago is exactly 90 days, however slow the machine.
			const now = Date.now();
			const iso = (daysAgo) => new Date(now - daysAgo * DAY_MS).toISOString();
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
});
