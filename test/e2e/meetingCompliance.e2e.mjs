// Webex Meeting Compliance in the real n8n, installed from the packed package as n8n installs it
// (the shared n8n, test/e2e/sharedN8n.mjs): its three example workflows (test copies: the
// transcripts and the post-meeting chats written to disk instead of S3, the Slack messages kept by
// a Set node, the meeting-ended events of the last day listed instead of polled) in one run,
// against the simulator.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { itemsOf } from '../../scripts/n8n.mjs';
import { allChats } from '../../simulator/chats.mjs';
import { SITES } from '../../simulator/recordings.mjs';
import { createSimulator } from '../../simulator/server.mjs';
import { example, testCopy } from './examples.mjs';
import { useSharedN8n } from './sharedN8n.mjs';

const DAY = 86_400_000;
let simulator;
let n8n;
let folder;

/** The examples' test copies as one workflow: one Manual Trigger starts them all. */
function allExamples(id) {
	const transcripts = testCopy(example('meeting-transcripts-to-s3.json'), `${id}-t`, folder);
	const others = [
		testCopy(example('deleted-recordings-to-slack.json'), `${id}-r`),
		testCopy(example('post-meeting-chats-to-s3.json'), `${id}-c`, folder),
	];
	const started = (copy) => copy.connections.Start.main[0];
	return {
		...transcripts,
		id,
		name: 'Meeting compliance examples',
		nodes: [
			...transcripts.nodes,
			...others.flatMap((copy) => copy.nodes.filter((node) => node.name !== 'Start')),
		],
		connections: Object.assign({}, transcripts.connections, ...others.map((c) => c.connections), {
			Start: { main: [[transcripts, ...others].flatMap(started)] },
		}),
	};
}

/** What the simulator holds of [fromMs, toMs) that `keep` keeps, site after site, newest first. */
function siteBySite(dataset, fromMs, toMs, keep = () => true) {
	const [startIndex, end] = dataset.range(fromMs, toMs);
	const records = [];
	for (let index = startIndex; index < end; index++) records.push(dataset.at(index));
	return SITES.flatMap((site) =>
		records.filter((record) => record.siteUrl === site && keep(record)),
	);
}

describe('Webex Meeting Compliance in a real n8n (the packed package)', () => {
	before(async () => {
		// 200 events a day: about a dozen meetings end each day, half of them with chats.
		simulator = await createSimulator({
			transcripts: 3000,
			adminRecordings: 6000,
			events: 6000,
			chatsPerMeeting: 150,
		});
		n8n = await useSharedN8n();
		folder = n8n.folder('transcripts-');
		await n8n.importCredentials([
			{
				id: 'webexExampleCred',
				name: 'Webex account',
				type: 'webexApi',
				data: { accessToken: 'sim-token', baseUrl: 'custom', customBaseUrl: simulator.baseUrl },
			},
		]);
		await n8n.importWorkflows([allExamples('exMeetingComp01')]);
	});

	after(async () => {
		await n8n?.release();
		await simulator?.close();
	});

	it("yesterday's transcripts of every site, downloaded to disk; the deleted recordings of the week, one message each; each ended meeting's chats, one file each", async () => {
		const { ok, runData, output } = await n8n.execute('exMeetingComp01');
		assert.ok(ok, output.slice(-3000));

		// Transcripts: yesterday (UTC) on every site the token's user has, then each one's VTT file.
		const triggered = Date.parse(itemsOf(runData, 'Every Day at 2')[0].json.timestamp);
		const today = Math.floor(triggered / DAY) * DAY;
		const transcripts = siteBySite(simulator.transcripts, today - DAY, today);
		assert.ok(transcripts.length > 30, `${transcripts.length} transcripts yesterday`);
		assert.deepEqual(
			itemsOf(runData, "Yesterday's Transcripts").map((item) => [item.json.siteUrl, item.json.id]),
			transcripts.map((record) => [record.siteUrl, record.id]),
		);
		const downloads = itemsOf(runData, 'Download Transcript');
		assert.deepEqual(
			downloads.map((item) => item.json.transcriptId),
			transcripts.map((record) => record.id),
		);
		const written = new Set(readdirSync(folder).filter((file) => !file.endsWith('.jsonl')));
		assert.equal(written.size, transcripts.length, 'one file per transcript');
		for (const [n, record] of transcripts.entries()) {
			const { json } = downloads[n];
			assert.match(json.fileName, /\.vtt$/);
			const file = `${record.siteUrl} ${json.fileName}`;
			assert.ok(written.has(file), `${file} was written`);
			const body = simulator.transcripts.body(simulator.transcripts.find(record.id), 'vtt');
			assert.deepEqual(readFileSync(path.join(folder, file)), Buffer.from(body, 'utf8'));
		}
		const asked = simulator.requests.filter((r) => r.path.startsWith('/v1/meetingTranscripts/'));
		// (n8n 1.x's engine runs the input items at once: the requests come in any order.)
		assert.deepEqual(
			asked.map((r) => r.path).sort(),
			transcripts.map((record) => `/v1/meetingTranscripts/${record.id}/download`).sort(),
			'each transcript once, through the base URL, never its vttDownloadLink',
		);

		// Deleted recordings of the 7 days before the schedule's time, every site, one message each.
		const deleted = siteBySite(
			simulator.adminRecordings,
			triggered - 7 * DAY,
			triggered,
			(record) => record.status === 'deleted',
		);
		assert.ok(deleted.length > 20, `${deleted.length} recordings deleted in the week`);
		assert.deepEqual(
			itemsOf(runData, 'Deleted Recordings').map((item) => item.json.id),
			deleted.map((record) => record.id),
		);
		const messages = itemsOf(runData, 'Post to Slack').map((item) => item.json.text);
		assert.equal(messages.length, deleted.length);
		deleted.forEach((record, n) =>
			assert.ok(
				messages[n].startsWith(
					`Deleted recording on ${record.siteUrl}: ${record.topic} (host ${record.hostDisplayName}, ${record.hostEmail}), made `,
				),
				messages[n],
			),
		);
		const windows = simulator.requests.filter(
			(r) => r.path === '/v1/admin/recordings' && !r.query.cursor,
		);
		assert.ok(windows.every((r) => r.query.status === 'deleted'));
		assert.deepEqual(
			[...new Set(windows.map((r) => r.query.siteUrl))],
			SITES,
			'every site of the token, in turn',
		);

		// Post-meeting chats: the meetings that ended in the last day (as the trigger would emit
		// them), of those with chats one JSON Lines file each, holding exactly the simulator's chats.
		// (Read in time slices, Parallel Requests: the range is from the earliest From to the latest To.)
		const listed = simulator.requests.filter((r) => r.path === '/v1/events' && !r.query.cursor);
		assert.ok(listed.every((r) => r.query.resource === 'meetings' && r.query.type === 'ended'));
		const [start, end] = simulator.events.range(
			Math.min(...listed.map((r) => Date.parse(r.query.from))),
			Math.max(...listed.map((r) => Date.parse(r.query.to ?? new Date().toISOString()))),
		);
		const ended = [];
		for (let index = start; index < end; index++) {
			const event = simulator.events.at(index);
			if (event.resource === 'meetings' && event.type === 'ended') ended.push(event);
		}
		assert.deepEqual(
			itemsOf(runData, 'Meeting Ended').map((item) => item.json.id),
			ended.map((event) => event.id),
		);
		const withChats = ended.filter((event) => event.data.hasPostMeetingsChat === 'yes');
		assert.ok(
			withChats.length >= 3 && withChats.length < ended.length,
			`${withChats.length} of ${ended.length}`,
		);
		const chatFiles = readdirSync(folder).filter((file) => file.endsWith('.jsonl'));
		assert.deepEqual(
			chatFiles.sort(),
			withChats.map((event) => `${event.data.meetingId}.jsonl`).sort(),
			'one object per meeting with chats, none for the others',
		);
		let pages = 0;
		for (const { data } of withChats) {
			const lines = readFileSync(path.join(folder, `${data.meetingId}.jsonl`), 'utf8')
				.split('\n')
				.filter(Boolean)
				.map((line) => JSON.parse(line));
			const want = allChats(simulator.chats, data.meetingId);
			assert.ok(want.length > 0);
			assert.deepEqual(lines, want, data.meetingId);
			pages += Math.floor(want.length / 100) + 1;
		}
		assert.equal(
			simulator.requests.filter((r) => r.path === '/v1/meetings/postMeetingChats').length,
			pages,
			'every page of each meeting once, none of the meetings without chats',
		);
	});
});
