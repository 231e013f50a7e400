// Webex Meeting Reports in the real n8n, installed from the packed package as n8n installs it (the
// shared n8n, test/e2e/sharedN8n.mjs): both of its example workflows (test copies: Google Sheets a
// No-Op, the Slack messages kept by a Set node) in one run, against the simulator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { itemsOf } from '../../scripts/n8n.mjs';
import { presentSession } from '../../simulator/meetingReports.mjs';
import { SITES } from '../../simulator/recordings.mjs';
import { createSimulator } from '../../simulator/server.mjs';
import { example, testCopy } from './examples.mjs';
import { useSharedN8n } from './sharedN8n.mjs';

const DAY = 86_400_000;
let simulator;
let n8n;

/** Both examples' test copies as one workflow: one Manual Trigger starts both. */
function bothExamples(id) {
	const usage = testCopy(example('meeting-usage-of-every-site-to-google-sheets.json'), `${id}-u`);
	const quality = testCopy(example('poor-meeting-quality-to-slack.json'), `${id}-q`);
	const start = usage.connections.Start.main[0];
	return {
		...usage,
		id,
		name: 'Meeting reports examples',
		nodes: [...usage.nodes, ...quality.nodes.filter((node) => node.name !== 'Start')],
		connections: {
			...usage.connections,
			...quality.connections,
			Start: { main: [[...start, ...quality.connections.Start.main[0]]] },
		},
	};
}

/**
 * The windows a listing asked for (its first pages), newest first, as [fromMs, toMs]: sorted, since
 * Parallel Requests' slices reach the simulator in any order.
 */
const windowsOf = (requests) =>
	[...new Set(requests.filter((r) => !r.query.cursor).map((r) => `${r.query.from}|${r.query.to}`))]
		.map((window) => window.split('|').map(Date.parse))
		.sort(([a], [b]) => b - a);

/** The MeetingCenter meetings of [fromMs, toMs), site after site, newest first. */
function siteBySite(fromMs, toMs) {
	const [start, end] = simulator.meetingReports.range(fromMs, toMs);
	const meetings = [];
	for (let index = start; index < end; index++) meetings.push(simulator.meetingReports.at(index));
	return SITES.flatMap((site) =>
		meetings.filter((m) => m.siteUrl === site && m.serviceType === 'MeetingCenter'),
	);
}

/** The mean of every sample, to 2 decimals, 0 when none (as the example's filter reads null). */
function mean(segments, measure) {
	const samples = segments.flatMap((segment) => segment[measure]);
	if (samples.length === 0) return 0;
	return Math.round((samples.reduce((a, b) => a + b, 0) / samples.length) * 100) / 100;
}

describe('Webex Meeting Reports in a real n8n (the packed package)', () => {
	before(async () => {
		simulator = await createSimulator({ reportMeetings: 2000 });
		n8n = await useSharedN8n();
		await n8n.importCredentials([
			{
				id: 'webexExampleCred',
				name: 'Webex account',
				type: 'webexApi',
				data: { accessToken: 'sim-token', baseUrl: 'custom', customBaseUrl: simulator.baseUrl },
			},
		]);
		await n8n.importWorkflows([bothExamples('exMeetingRep01')]);
	});

	after(async () => {
		await n8n?.release();
		await simulator?.close();
	});

	it("last month's usage of every site to a sheet; yesterday's sessions with poor quality, one message each", async () => {
		const { ok, runData, output } = await n8n.execute('exMeetingRep01');
		assert.ok(ok, output.slice(-3000));
		const usageRequests = simulator.requests.filter((r) => r.path === '/v1/meetingReports/usage');

		// Last month: windows of at most 30 days that meet exactly (Parallel Requests may cut a lone
		// window into slices), each site in turn. Its windows start 20 days ago or more, yesterday's
		// in the last 3 days.
		const lastMonth = windowsOf(
			usageRequests.filter((r) => Date.parse(r.query.from) < Date.now() - 20 * DAY),
		);
		assert.ok(lastMonth.length >= 1 && lastMonth.length <= 2, `${lastMonth.length} windows`);
		assert.ok(lastMonth.every(([from, to]) => to - from <= 30 * DAY));
		const [monthFrom, monthTo] = [lastMonth.at(-1)[0], lastMonth[0][1]];
		assert.ok(monthTo - monthFrom >= 28 * DAY && monthTo - monthFrom <= 31 * DAY);
		assert.equal(
			lastMonth.reduce((sum, [from, to]) => sum + (to - from), 0),
			monthTo - monthFrom,
			'the windows meet exactly',
		);
		const month = siteBySite(monthFrom, monthTo);
		assert.ok(month.length > 200, `${month.length} meetings last month`);
		const rows = itemsOf(runData, "Last Month's Meetings");
		assert.deepEqual(
			rows.map((item) => [item.json.siteUrl, item.json.meetingId, item.json.duration]),
			month.map((m) => [m.siteUrl, m.meetingId, m.duration]),
		);
		assert.equal(itemsOf(runData, 'Append to Sheet').length, month.length);

		// Yesterday: every meeting of every site, its media sessions, the poor ones to Slack.
		const yesterday = windowsOf(
			usageRequests.filter((r) => Date.parse(r.query.from) > Date.now() - 3 * DAY),
		);
		const [dayFrom, dayTo] = [yesterday.at(-1)[0], yesterday[0][1]];
		assert.equal(dayTo - dayFrom, DAY);
		assert.equal(
			yesterday.reduce((sum, [from, to]) => sum + (to - from), 0),
			DAY,
			'the slices meet exactly',
		);
		const meetings = siteBySite(dayFrom, dayTo);
		assert.ok(meetings.length > 10, `${meetings.length} meetings yesterday`);
		assert.deepEqual(
			itemsOf(runData, "Yesterday's Meetings").map((item) => item.json.meetingId),
			meetings.map((m) => m.meetingId),
		);
		const qualityRequests = simulator.requests.filter((r) => r.path === '/v1/meeting/qualities');
		// (n8n's engine may run the input items at once: the requests come in any order.)
		assert.deepEqual(
			qualityRequests.map((r) => `${r.query.meetingId} ${r.status}`).sort(),
			meetings.map((m) => `${m.meetingId} 200`).sort(),
			'one request per meeting, none rate limited',
		);
		const sessions = itemsOf(runData, 'Media Sessions').map((item) => item.json);
		assert.equal(
			sessions.length,
			meetings.reduce((sum, m) => sum + simulator.meetingReports.stays(m).length, 0),
		);
		// The poor sessions, by the test's own arithmetic on the sessions as Webex sent them.
		const poor = [];
		for (const meeting of meetings) {
			const raw = simulator.meetingReports
				.stays(meeting)
				.map((stay) => presentSession(meeting, stay));
			assert.deepEqual(
				sessions
					.filter((s) => s.meetingInstanceId === meeting.meetingId)
					.map((s) => s.participantSessionId),
				raw.map((s) => s.participantSessionId),
			);
			for (const session of raw) {
				if (
					mean(session.audioIn, 'packetLoss') > 5 ||
					mean(session.audioIn, 'latency') > 400 ||
					mean(session.audioIn, 'jitter') > 30 ||
					mean(session.videoIn, 'packetLoss') > 5
				)
					poor.push({ meeting, session });
			}
		}
		assert.ok(poor.length > 0 && poor.length < sessions.length, `${poor.length} poor sessions`);
		const messages = itemsOf(runData, 'Post to Slack').map((item) => item.json.text);
		assert.deepEqual(
			messages.map((text) => text.split(':')[0]),
			poor.map(({ meeting }) => `Poor meeting quality on ${meeting.siteUrl}`),
		);
		poor.forEach(({ meeting, session }, n) =>
			assert.ok(
				messages[n].includes(
					`${meeting.meetingTitle} (host ${meeting.host.emails[0]}), ${session.webexUserName} (${session.webexUserEmail})`,
				),
				messages[n],
			),
		);
	});
});
