// The simulator is the ground truth of every other test: it must page and reject as Webex does.
// Here: meeting transcripts (and their files), recordings of an admin or compliance officer,
// meeting archives and the user's sites, each answer checked against Webex's definitions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { MEETING_EXAMPLES } from '../../simulator/definitions.mjs';
import { SITES } from '../../simulator/recordings.mjs';
import { withSimulator } from '../helpers/index.mjs';
import { DAY_MS, get, iso, listAll } from '../helpers/simulatorRequests.mjs';

describe('simulator: meeting content for compliance officers', () => {
	it('transcripts: siteUrl required, pages by `to` (no cursor in the definition), every transcript once, VTT and TXT bodies', async () => {
		await withSimulator({ transcripts: 900 }, async (simulator) => {
			const missing = await get(simulator, '/admin/meetingTranscripts', {
				offContract: 'siteUrl left out on purpose',
			});
			assert.equal(missing.status, 400);
			const now = Date.now();
			const query = `siteUrl=${SITES[1]}&from=${iso(now - 20 * DAY_MS)}&to=${iso(now)}&max=7`;
			const { ids, pages } = await listAll(simulator, `/admin/meetingTranscripts?${query}`);
			const [start, end] = simulator.transcripts.range(now - 20 * DAY_MS, now);
			const expected = [];
			for (let index = start; index < end; index++)
				if (simulator.transcripts.at(index).siteUrl === SITES[1])
					expected.push(simulator.transcripts.at(index).id);
			assert.deepEqual(ids, expected);
			assert.ok(pages > 5);
			const id = expected[0];
			for (const [format, type] of [
				['vtt', 'text/vtt'],
				['txt', 'text/plain;charset=UTF-8'],
			]) {
				const response = await fetch(
					`${simulator.baseUrl}/meetingTranscripts/${id}/download?format=${format}`,
					{ headers: { authorization: 'Bearer sim-token' } },
				);
				assert.equal(response.status, 200);
				assert.equal(response.headers.get('content-type'), type);
				const body = await response.text();
				assert.equal(body, simulator.transcripts.body(simulator.transcripts.find(id), format));
				if (format === 'vtt') assert.match(body, /^WEBVTT\n\n1\n\d\d:\d\d:\d\d\.\d{3} --> /);
			}
			const forbidden = await get(simulator, `/admin/meetingTranscripts?siteUrl=${SITES[0]}`, {
				token: 'user-token',
			});
			assert.equal(forbidden.status, 403);
		});
	});

	it('recordings: 30 days at most, every status, filters; archives for full administrators only', async () => {
		await withSimulator({ adminRecordings: 2000, archives: 500 }, async (simulator) => {
			const now = Date.now();
			const tooLong = await get(
				simulator,
				`/admin/recordings?from=${iso(now - 31 * DAY_MS)}&to=${iso(now)}`,
			);
			assert.equal(tooLong.status, 400);
			assert.match(tooLong.body.message, /within 30 days/);
			for (const status of ['available', 'deleted', 'purged']) {
				const page = await get(simulator, `/admin/recordings?status=${status}&max=100`);
				assert.equal(page.status, 200);
				assert.ok(page.body.items.length > 0, status);
				assert.ok(page.body.items.every((item) => item.status === status));
			}
			const mp4 = await get(simulator, '/admin/recordings?format=MP4&serviceType=MeetingCenter');
			assert.ok(
				mp4.body.items.every(
					(item) => item.format === 'MP4' && item.serviceType === 'MeetingCenter',
				),
			);
			const archives = await get(
				simulator,
				`/recordingReport/meetingArchiveSummaries?siteUrl=${SITES[2]}&max=5`,
			);
			assert.equal(archives.status, 200);
			const detail = await get(
				simulator,
				`/recordingReport/meetingArchives/${archives.body.items[0].archiveId}`,
			);
			assert.equal(detail.body.archiveId, archives.body.items[0].archiveId);
			assert.deepEqual(detail.body.chats, MEETING_EXAMPLES.archive.chats);
			const officer = await get(simulator, '/recordingReport/meetingArchiveSummaries', {
				token: 'officer-token',
			});
			assert.equal(officer.status, 403);
		});
	});

	it("Webex's own examples are among the records, and every site of the user is listed", async () => {
		await withSimulator({ transcripts: 200, adminRecordings: 200 }, async (simulator) => {
			const topics = new Set(
				Array.from({ length: 200 }, (_, index) => simulator.transcripts.at(index).meetingTopic),
			);
			assert.ok(topics.has(MEETING_EXAMPLES.transcripts[0].meetingTopic));
			const hosts = new Set(
				Array.from({ length: 200 }, (_, index) => simulator.adminRecordings.at(index).hostEmail),
			);
			assert.ok(hosts.has(MEETING_EXAMPLES.recordings[0].hostEmail));
			const sites = await get(simulator, '/meetingPreferences/sites');
			assert.deepEqual(
				sites.body.sites.map((site) => site.siteUrl),
				SITES,
			);
			assert.deepEqual(
				(await get(simulator, '/meetingPreferences/sites', { token: 'user-token' })).body.sites,
				[{ siteUrl: SITES[0], default: true }],
			);
		});
	});
});
