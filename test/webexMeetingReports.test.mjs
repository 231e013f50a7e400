// Webex Meeting Reports (usage and attendee reports, meeting qualities) and Webex Meeting
// Compliance → Meeting Summary, through n8n's RoutingNode against the simulator.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SITES } from '../simulator/recordings.mjs';
import { presentAttendee, presentUsage } from '../simulator/meetingReports.mjs';
import { runNode, simulatorCredentials } from './helpers/n8n.mjs';
import { parseCsv, rejection, requestsTo, shipped, withSimulator } from './helpers/index.mjs';

const DAY = 86_400_000;
const iso = (ms) => new Date(ms).toISOString();
/** A range ending at a whole hour in the past, so that nothing new appears while a test runs. */
const TO = Math.floor((Date.now() - DAY) / 3_600_000) * 3_600_000;
/** No per-meeting interval on qualities unless a test asks for one. */
const SIMULATOR = { reportMeetings: 600, qualitiesIntervalMs: 0 };

function run(simulator, parameters, { token, items, type = 'webexMeetingReports' } = {}) {
	return runNode({
		type,
		parameters: { authentication: 'accessToken', returnAll: true, ...parameters },
		credentials: simulatorCredentials(simulator, token),
		items,
	});
}

const json = (items) => items.map((item) => item.json);

/** The meetings of the data set that started in [fromMs, toMs) and match, newest first. */
function meetingsIn(simulator, fromMs, toMs, matches) {
	const [start, end] = simulator.meetingReports.range(fromMs, toMs);
	const meetings = [];
	for (let index = start; index < end; index++) {
		const meeting = simulator.meetingReports.at(index);
		if (matches(meeting)) meetings.push(meeting);
	}
	return meetings;
}

const usageList = (extra = {}) => ({
	resource: 'usageReport',
	operation: 'getAll',
	filters: { from: iso(TO - 45 * DAY), to: iso(TO) },
	...extra,
});

const attendeesOf = (simulator, meetings, zone = 'UTC') =>
	meetings.flatMap((meeting) =>
		simulator.meetingReports.stays(meeting).map((stay) => presentAttendee(meeting, stay, zone)),
	);

describe('Webex Meeting Reports: Usage Report → Get Many', () => {
	it('lists every meeting of the site once, newest first, in 30-day windows that meet exactly', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const items = await run(
				simulator,
				usageList({ siteUrl: SITES[1], options: { pageSize: 7, timezone: 'Asia/Tokyo' } }),
			);
			const want = meetingsIn(
				simulator,
				TO - 45 * DAY,
				TO,
				(m) => m.siteUrl === SITES[1] && m.serviceType === 'MeetingCenter',
			).map((m) => presentUsage(m, 'Asia/Tokyo'));
			assert.ok(want.length > 14, `${want.length} meetings over several pages`);
			assert.deepEqual(json(items), want);
			const requests = requestsTo(simulator, '/meetingReports/usage');
			assert.ok(requests.every((r) => r.query.siteUrl === SITES[1] && r.timezone === 'Asia/Tokyo'));
			const windows = [...new Set(requests.map((r) => `${r.query.from}/${r.query.to}`))];
			assert.deepEqual(windows, [
				`${iso(TO - 30 * DAY)}/${iso(TO)}`,
				`${iso(TO - 45 * DAY)}/${iso(TO - 30 * DAY)}`,
			]);
		});
	});

	it('All My Sites reads each site in turn (each item naming it); Service Type is sent and held', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const items = await run(
				simulator,
				usageList({
					sites: 'allMySites',
					filters: { from: iso(TO - 20 * DAY), to: iso(TO), serviceType: 'EventCenter' },
				}),
			);
			const want = SITES.flatMap((site) =>
				meetingsIn(
					simulator,
					TO - 20 * DAY,
					TO,
					(m) => m.siteUrl === site && m.serviceType === 'EventCenter',
				).map((m) => ({ ...presentUsage(m), siteUrl: site })),
			);
			assert.ok(want.length > 5);
			assert.deepEqual(json(items), want);
			assert.equal(requestsTo(simulator, '/meetingPreferences/sites').length, 1);
			assert.ok(
				requestsTo(simulator, '/meetingReports/usage').every(
					(r) => r.query.serviceType === 'EventCenter',
				),
			);
		});
	});

	it('Limit stops at the limit; Simplify gives one row per meeting with its site', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const items = await run(
				simulator,
				usageList({ siteUrl: SITES[0], returnAll: false, limit: 5, options: { simplify: true } }),
			);
			assert.equal(items.length, 5);
			const [first] = meetingsIn(
				simulator,
				TO - 45 * DAY,
				TO,
				(m) => m.siteUrl === SITES[0] && m.serviceType === 'MeetingCenter',
			);
			assert.equal(items[0].json.meetingId, first.meetingId);
			assert.equal(items[0].json.hostEmail, first.host.emails[0]);
			assert.equal(Object.keys(items[0].json).at(0), 'start');
			assert.equal(items[0].json.siteUrl, null, 'One Site: Webex does not name the site');
			assert.deepEqual(
				requestsTo(simulator, '/meetingReports/usage').map((r) => r.query.max),
				['5'],
			);
		});
	});

	it('a CSV file holds the Simplify columns of every meeting', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const parameters = usageList({ siteUrl: SITES[0] });
			const items = json(await run(simulator, parameters));
			const [file] = await run(simulator, {
				...parameters,
				options: { output: 'csv', gzip: false },
			});
			const rows = parseCsv(Buffer.from(file.binary.data.data, 'base64').toString('utf8'));
			assert.equal(rows.length, items.length + 1);
			assert.equal(rows[0][0], 'start');
			assert.deepEqual(
				rows.slice(1).map((row) => row.at(-1)),
				items.map((item) => item.meetingId),
			);
		});
	});

	it('bad input fails naming the field, before any request', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const cases = [
				[usageList(), /Site URL is empty/],
				[
					usageList({ siteUrl: SITES[0], filters: { from: iso(TO - 100 * DAY), to: iso(TO) } }),
					/^From .* is more than 90 days ago/,
				],
				[
					usageList({ siteUrl: SITES[0], filters: { from: iso(TO), to: iso(TO - DAY) } }),
					/^From .* is after To/,
				],
			];
			for (const [parameters, message] of cases) {
				const error = await rejection(run(simulator, parameters));
				assert.match(error.message, message);
			}
			assert.equal(simulator.requests.length, 0);
		});
	});

	it('a token without the admin role is told which role Webex asks for', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const error = await rejection(
				run(simulator, usageList({ siteUrl: SITES[0] }), { token: 'officer-token' }),
			);
			assert.match(error.message, /Webex API error \(403\)/);
			assert.match(error.description, /site or full administrator/);
		});
	});
});

describe('Webex Meeting Reports: Attendee Report → Get Many', () => {
	it("Meeting ID lists every stay of that meeting, newest first; a series ID its instances'", async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const [meeting] = meetingsIn(simulator, TO - 10 * DAY, TO, (m) => m.siteUrl === SITES[0]);
			const items = await run(simulator, {
				resource: 'attendeeReport',
				operation: 'getAll',
				siteUrl: SITES[0],
				filters: { from: iso(TO - 10 * DAY), to: iso(TO), meetingId: meeting.meetingId },
				options: { pageSize: 2 },
			});
			assert.deepEqual(json(items), attendeesOf(simulator, [meeting]));
			assert.ok(items.length >= 2);
			assert.equal(items.at(-1).json.participantType, 'host', 'the host joined first');
			const series = meeting.meetingId.split('_I_')[0];
			const bySeries = await run(simulator, {
				resource: 'attendeeReport',
				operation: 'getAll',
				siteUrl: SITES[0],
				filters: { from: iso(TO - 10 * DAY), to: iso(TO), meetingId: series },
			});
			assert.deepEqual(json(bySeries), json(items));
		});
	});

	it('Meeting Title over two windows and many pages: every stay of every such meeting, once', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const title = simulator.meetingReports.at(0).meetingTitle;
			const items = await run(simulator, {
				resource: 'attendeeReport',
				operation: 'getAll',
				sites: 'allMySites',
				filters: { from: iso(TO - 40 * DAY), to: iso(TO), meetingTitle: title },
				options: { pageSize: 9, simplify: true },
			});
			const want = SITES.flatMap((site) =>
				attendeesOf(
					simulator,
					meetingsIn(
						simulator,
						TO - 40 * DAY,
						TO,
						(m) => m.siteUrl === site && m.meetingTitle === title,
					),
				).map((attendee) => ({ ...attendee, siteUrl: site })),
			);
			assert.ok(want.length > 30);
			assert.deepEqual(
				items.map((item) => [item.json.meetingId, item.json.email, item.json.joinedTime]),
				want.map((a) => [a.meetingId, a.email, a.joinedTime]),
			);
			assert.deepEqual(Object.keys(items[0].json).slice(0, 3), [
				'joinedTime',
				'leftTime',
				'duration',
			]);
			assert.ok(
				items.every((item) => item.json.siteUrl === SITES.find((s) => s === item.json.siteUrl)),
			);
		});
	});

	it('records that contradict a filter Webex ignored (it uses only the first) are left out', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const [meeting] = meetingsIn(simulator, TO - 10 * DAY, TO, (m) => m.siteUrl === SITES[0]);
			const items = await run(simulator, {
				resource: 'attendeeReport',
				operation: 'getAll',
				siteUrl: SITES[0],
				filters: {
					from: iso(TO - 10 * DAY),
					to: iso(TO),
					meetingId: meeting.meetingId,
					meetingTitle: `${meeting.meetingTitle} (another)`,
				},
			});
			assert.deepEqual(items, []);
			const [request] = requestsTo(simulator, '/meetingReports/attendees');
			assert.equal(request.query.meetingTitle, `${meeting.meetingTitle} (another)`);
		});
	});

	it('without Meeting ID, Number or Title, or with a bad number, fails before any request', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const base = { resource: 'attendeeReport', operation: 'getAll', siteUrl: SITES[0] };
			let error = await rejection(run(simulator, { ...base, filters: {} }));
			assert.match(error.message, /Meeting ID, Meeting Number or Meeting Title is needed/);
			error = await rejection(run(simulator, { ...base, filters: { meetingNumber: '12 34' } }));
			assert.match(error.message, /Meeting Number must be digits/);
			assert.equal(simulator.requests.length, 0);
		});
	});
});

/** The mean of every sample, to 2 decimals (the test's own arithmetic); null when none. */
function mean(segments, measure) {
	const samples = segments.flatMap((segment) => segment[measure]);
	if (samples.length === 0) return null;
	return Math.round((samples.reduce((a, b) => a + b, 0) / samples.length) * 100) / 100;
}

describe('Webex Meeting Reports: Meeting Quality → Get Many', () => {
	it('one item per media session; Simplify averages each direction', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const meeting = simulator.meetingReports.at(1);
			const base = {
				resource: 'meetingQuality',
				operation: 'getAll',
				meetingId: meeting.meetingId,
			};
			const raw = json(await run(simulator, base));
			const stays = simulator.meetingReports.stays(meeting);
			assert.equal(raw.length, stays.length);
			assert.ok(raw.every((session) => session.meetingInstanceId === meeting.meetingId));
			assert.equal(new Set(raw.map((s) => s.participantSessionId)).size, raw.length);
			const rows = json(await run(simulator, { ...base, options: { simplify: true } }));
			assert.deepEqual(
				rows.map((row) => [
					row.participantSessionId,
					row.audioInPacketLossAvg,
					row.audioOutLatencyAvg,
					row.videoInJitterAvg,
					row.videoOutPacketLossAvg,
				]),
				raw.map((session) => [
					session.participantSessionId,
					mean(session.audioIn, 'packetLoss'),
					mean(session.audioOut, 'latency'),
					mean(session.videoIn, 'jitter'),
					mean(session.videoOut, 'packetLoss'),
				]),
			);
			assert.equal(Object.keys(rows[0]).length, 23);
		});
	});

	it("Webex's one call per meeting every few minutes: the next page waits what the 429 says", async () => {
		await withSimulator({ ...SIMULATOR, qualitiesIntervalMs: 1500 }, async (simulator) => {
			const meeting = simulator.meetingReports.at(2);
			const sessions = simulator.meetingReports.stays(meeting).length;
			const pageSize = Math.ceil(sessions / 2);
			const items = await run(simulator, {
				resource: 'meetingQuality',
				operation: 'getAll',
				meetingId: meeting.meetingId,
				options: { pageSize },
			});
			assert.equal(items.length, sessions);
			const requests = requestsTo(simulator, '/meeting/qualities');
			assert.deepEqual(
				requests.map((r) => [r.status, r.query.offset ?? '0']),
				[
					[200, '0'],
					[429, String(pageSize)],
					[200, String(pageSize)],
				],
			);
			// Asked again at once, with no patience: the node says how long Webex asked to wait.
			const error = await rejection(
				run(simulator, {
					resource: 'meetingQuality',
					operation: 'getAll',
					meetingId: meeting.meetingId,
					options: { maxRateLimitWait: 0 },
				}),
			);
			assert.match(error.message, /Webex API error \(429\)/);
			assert.match(error.description, /Webex asked to wait/);
		});
	});

	it('an empty Meeting ID fails naming it, before any request; a non-admin is told the role', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			for (const meetingId of ['', '  ', 'two words']) {
				const error = await rejection(
					run(simulator, { resource: 'meetingQuality', operation: 'getAll', meetingId }),
				);
				assert.match(error.message, /^Meeting ID must be a Webex meeting instance ID/);
			}
			assert.equal(simulator.requests.length, 0);
			const error = await rejection(
				run(
					simulator,
					{
						resource: 'meetingQuality',
						operation: 'getAll',
						meetingId: simulator.meetingReports.at(0).meetingId,
					},
					{ token: 'officer-token' },
				),
			);
			assert.match(error.description, /analytics:read_all/);
		});
	});

	it('Webex serves qualities on its analytics host (Commercial); FedRAMP and a custom base URL on their own', () => {
		const { analyticsBaseUrlOf, COMMERCIAL_BASE_URL, FEDRAMP_BASE_URL } =
			shipped('nodes/shared/baseUrl.js');
		assert.equal(analyticsBaseUrlOf(COMMERCIAL_BASE_URL), 'https://analytics.webexapis.com/v1');
		assert.equal(analyticsBaseUrlOf(FEDRAMP_BASE_URL), FEDRAMP_BASE_URL);
		assert.equal(
			analyticsBaseUrlOf('https://webex-proxy.example.com/v1'),
			'https://webex-proxy.example.com/v1',
		);
	});
});

describe('Webex Meeting Compliance: Meeting Summary → Get', () => {
	it('one item per summary of the meeting, available and deleted', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			// The first meetings whose summaries are none, one, and an available and a deleted one.
			const seen = new Map();
			for (let index = 0; seen.size < 3 && index < 60; index++) {
				const meetingId = simulator.meetingReports.at(index).meetingId;
				const items = await run(
					simulator,
					{ resource: 'meetingSummary', operation: 'get', meetingId },
					{ type: 'webexMeetingCompliance', token: 'officer-token' },
				);
				if (!seen.has(items.length)) seen.set(items.length, json(items));
			}
			assert.deepEqual([...seen.keys()].sort(), [0, 1, 2]);
			assert.deepEqual(
				seen.get(2).map((summary) => summary.status),
				['available', 'deleted'],
			);
			assert.ok(seen.get(1)[0].notes.content.startsWith('<p>'));
			assert.ok(Array.isArray(seen.get(1)[0].actionItems));
		});
	});

	it('an empty Meeting ID fails before any request; a token without the role is told so', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const error = await rejection(
				run(
					simulator,
					{ resource: 'meetingSummary', operation: 'get', meetingId: '' },
					{ type: 'webexMeetingCompliance' },
				),
			);
			assert.match(error.message, /^Meeting ID must be a Webex meeting instance ID/);
			assert.equal(simulator.requests.length, 0);
			const refused = await rejection(
				run(
					simulator,
					{
						resource: 'meetingSummary',
						operation: 'get',
						meetingId: simulator.meetingReports.at(0).meetingId,
					},
					{ type: 'webexMeetingCompliance', token: 'user-token' },
				),
			);
			assert.match(refused.message, /Webex API error \(403\)/);
			assert.match(refused.description, /Compliance Officer role/);
		});
	});
});
