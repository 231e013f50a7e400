// Webex Meeting Compliance in the real n8n, installed from the packed package as n8n installs it
// (the shared n8n, test/e2e/sharedN8n.mjs): both of its example workflows (test copies: the
// transcripts written to disk instead of S3, the Slack messages kept by a Set node) in one run,
// against the simulator.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { itemsOf } from '../../scripts/n8n.mjs';
import { SITES } from '../../simulator/recordings.mjs';
import { createSimulator } from '../../simulator/server.mjs';
import { example, testCopy } from './examples.mjs';
import { useSharedN8n } from './sharedN8n.mjs';

const DAY = 86_400_000;
let simulator;
let n8n;
let folder;

/** Both examples' test copies as one workflow: one Manual Trigger starts both. */
function bothExamples(id) {
	const transcripts = testCopy(example('meeting-transcripts-to-s3.json'), `${id}-t`, folder);
	const recordings = testCopy(example('deleted-recordings-to-slack.json'), `${id}-r`);
	const start = transcripts.connections.Start.main[0];
	return {
		...transcripts,
		id,
		name: 'Meeting compliance examples',
		nodes: [...transcripts.nodes, ...recordings.nodes.filter((node) => node.name !== 'Start')],
		connections: {
			...transcripts.connections,
			...recordings.connections,
			Start: { main: [[...start, ...recordings.connections.Start.main[0]]] },
		},
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
		simulator = await createSimulator({ transcripts: 3000, adminRecordings: 6000 });
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
		await n8n.importWorkflows([bothExamples('exMeetingComp01')]);
	});

	after(async () => {
		await n8n?.release();
		await simulator?.close();
	});

	it("yesterday's transcripts of every site, downloaded to disk; the deleted recordings of the week, one message each", async () => {
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
		const written = new Set(readdirSync(folder));
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
	});
});
