// The simulator is the ground truth of every other test: it must page and reject as Webex does.
// Here: meeting usage and attendee reports, meeting qualities and summaries, each answer checked
// against Webex's definitions (openapi-meeting-reports-excerpt.json).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SITES } from '../../simulator/recordings.mjs';
import { parseLinkHeaderForTests, withSimulator } from '../helpers/index.mjs';
import { DAY_MS, get, iso } from '../helpers/simulatorRequests.mjs';

/** Every page of a listing: its items, and the URLs asked. */
async function pagesOf(simulator, firstPath) {
	const items = [];
	const urls = [];
	let url = firstPath;
	while (url && urls.length < 1000) {
		urls.push(url);
		const page = await get(simulator, url);
		assert.equal(page.status, 200, JSON.stringify(page.body));
		items.push(...page.body.items);
		url = parseLinkHeaderForTests(page.headers.link).next;
	}
	return { items, urls };
}

describe('simulator: meeting reports, qualities and summaries', () => {
	it('usage: a site required, 30 days at most, from within 90 days, MeetingCenter by default, Link paging', async () => {
		await withSimulator({ reportMeetings: 900 }, async (simulator) => {
			const now = Date.now();
			const missing = await get(simulator, '/meetingReports/usage', {
				offContract: 'siteUrl left out on purpose',
			});
			assert.equal(missing.status, 400);
			const tooLong = await get(
				simulator,
				`/meetingReports/usage?siteUrl=${SITES[0]}&from=${iso(now - 31 * DAY_MS)}&to=${iso(now)}`,
			);
			assert.equal(tooLong.status, 400);
			const tooOld = await get(
				simulator,
				`/meetingReports/usage?siteUrl=${SITES[0]}&from=${iso(now - 91 * DAY_MS)}&to=${iso(now - 80 * DAY_MS)}`,
			);
			assert.equal(tooOld.status, 400);
			assert.match(tooOld.body.message, /90 days/);
			const query = `siteUrl=${SITES[0]}&from=${iso(now - 20 * DAY_MS)}&to=${iso(now)}&max=4`;
			const { items, urls } = await pagesOf(simulator, `/meetingReports/usage?${query}`);
			const [start, end] = simulator.meetingReports.range(now - 20 * DAY_MS, now);
			const want = [];
			for (let index = start; index < end; index++) {
				const meeting = simulator.meetingReports.at(index);
				if (meeting.siteUrl === SITES[0] && meeting.serviceType === 'MeetingCenter')
					want.push(meeting.meetingId);
			}
			assert.deepEqual(
				items.map((item) => item.meetingId),
				want,
			);
			assert.ok(urls.length > 3);
			const forbidden = await get(simulator, `/meetingReports/usage?siteUrl=${SITES[0]}`, {
				token: 'user-token',
			});
			assert.equal(forbidden.status, 403);
		});
	});

	it('attendees: one of the three filters needed, only the first used; grouped by meeting, paged within a meeting', async () => {
		await withSimulator({}, async (simulator) => {
			// A meeting of the last week on the one site every token has.
			const meeting = Array.from({ length: 30 }, (_, index) =>
				simulator.meetingReports.at(index),
			).find((candidate) => candidate.siteUrl === SITES[0]);
			const none = await get(simulator, `/meetingReports/attendees?siteUrl=${meeting.siteUrl}`);
			assert.equal(none.status, 400);
			const first = `/meetingReports/attendees?siteUrl=${meeting.siteUrl}&meetingId=${meeting.meetingId}&meetingTitle=nothing&max=1`;
			const { items, urls } = await pagesOf(simulator, first);
			const stays = simulator.meetingReports.stays(meeting);
			assert.equal(items.length, stays.length, 'the title is ignored: meetingId comes first');
			assert.ok(urls.length >= stays.length, 'one stay per page');
			assert.ok(items.every((item) => item.meetingId === meeting.meetingId));
			const joined = items.map((item) => Date.parse(item.joinedTime));
			assert.deepEqual(
				joined,
				[...joined].sort((a, b) => b - a),
				'newest joinedTime first',
			);
			const others = await get(
				simulator,
				`/meetingReports/attendees?siteUrl=${meeting.siteUrl}&meetingId=${meeting.meetingId}`,
				{ token: 'user-token' },
			);
			assert.equal(others.status, 200);
			const me = await get(simulator, '/people/me', { token: 'user-token' });
			const own = meeting.host.emails[0] === me.body.emails[0];
			assert.equal(
				others.body.items.length,
				own ? Math.min(10, stays.length) : 0,
				"a host who is not an admin sees only their own meetings' attendees",
			);
		});
	});

	it('qualities: one call per meeting instance per interval (429 with the rest as Retry-After), offset in the Link', async () => {
		await withSimulator({ qualitiesIntervalMs: 60_000 }, async (simulator) => {
			const meeting = simulator.meetingReports.at(0);
			const path = `/meeting/qualities?meetingId=${meeting.meetingId}&max=2`;
			const page = await get(simulator, path);
			assert.equal(page.status, 200);
			assert.equal(
				page.body.items.length,
				Math.min(2, simulator.meetingReports.stays(meeting).length),
			);
			assert.match(parseLinkHeaderForTests(page.headers.link).next, /offset=2/);
			const again = await get(simulator, parseLinkHeaderForTests(page.headers.link).next);
			assert.equal(again.status, 429);
			const retryAfter = Number(again.headers['retry-after']);
			assert.ok(retryAfter > 50 && retryAfter <= 60, `Retry-After ${retryAfter}`);
			const other = await get(
				simulator,
				`/meeting/qualities?meetingId=${simulator.meetingReports.at(1).meetingId}`,
			);
			assert.equal(other.status, 200, 'another meeting is not limited');
			const old = await get(
				simulator,
				`/meeting/qualities?meetingId=${simulator.meetingReports.at(100).meetingId}`,
			);
			assert.equal(old.status, 404, 'kept 7 days');
			const forbidden = await get(simulator, path, { token: 'officer-token' });
			assert.equal(forbidden.status, 403);
		});
	});

	it('summaries: compliance officers, an ended instance, available and deleted', async () => {
		await withSimulator({}, async (simulator) => {
			const meetingId = simulator.meetingReports.at(0).meetingId;
			const forbidden = await get(simulator, `/admin/meetingSummaries?meetingId=${meetingId}`, {
				token: 'user-token',
			});
			assert.equal(forbidden.status, 403);
			const series = await get(
				simulator,
				`/admin/meetingSummaries?meetingId=${meetingId.split('_I_')[0]}`,
			);
			assert.equal(series.status, 400);
			const statuses = new Set();
			for (let index = 0; index < 40; index++) {
				const answer = await get(
					simulator,
					`/admin/meetingSummaries?meetingId=${simulator.meetingReports.at(index).meetingId}`,
					{ token: 'officer-token' },
				);
				assert.equal(answer.status, 200);
				for (const summary of answer.body.items) statuses.add(summary.status);
			}
			assert.deepEqual([...statuses].sort(), ['available', 'deleted']);
		});
	});
});
