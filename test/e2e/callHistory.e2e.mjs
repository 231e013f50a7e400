// Webex Calling's call history in the real n8n, with Webex's own pacing (a minute per window):
// the Webex Call History Trigger activated in `n8n start` emits the last hour's calls, then each
// call that reaches Webex after it (late ones too), once; and the gzip CSV example run with
// `n8n execute` writes yesterday's calls, each once, in the Simplify columns. Self-contained: its
// own n8n homes, simulators and collector.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';

import { createSimulator } from '../../simulator/server.mjs';
import { createN8nHome, freePort, stopProcessGroup, waitFor } from '../../scripts/n8n.mjs';
import { parseCsv, shipped } from '../helpers/index.mjs';
import { reportNode, startCollector } from './collector.mjs';
import { example, testCopy } from './examples.mjs';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const FEED = '/v1/cdr_feed';
const STREAM = '/v1/cdr_stream';
const cleanups = [];
const ids = (records) => records.map((record) => record['Report ID']);

describe('Webex call history in a real n8n', () => {
	after(async () => {
		let failure;
		for (const cleanup of cleanups.reverse()) {
			try {
				await cleanup();
			} catch (error) {
				failure ??= error;
			}
		}
		if (failure) throw failure;
	});

	it(
		'the trigger in n8n start: the last hour on activation, then each call that reaches Webex, late ones too, once',
		{ timeout: 480_000 },
		async () => {
			const simulator = await createSimulator({
				callHistory: { records: 600, spanDays: 1, lateShare: 0.2 },
			});
			cleanups.push(() => simulator.close());
			const collector = await startCollector();
			cleanups.push(() => collector.close());
			const received = collector.received('/calls');

			const n8n = createN8nHome({ port: await freePort(), brokerPort: await freePort() });
			cleanups.push(() => n8n.remove());
			await n8n.importCredentials([
				{
					id: 'credSimCalls0001',
					name: 'Webex simulator',
					type: 'webexApi',
					data: { accessToken: 'sim-token', baseUrl: 'custom', customBaseUrl: simulator.baseUrl },
				},
			]);
			await n8n.importWorkflows([
				{
					id: 'wfCallHistory001',
					name: 'Webex Call History Trigger to collector',
					active: false,
					settings: { timezone: 'UTC' },
					connections: {
						'Webex Call History Trigger': {
							main: [[{ node: 'Report', type: 'main', index: 0 }]],
						},
					},
					nodes: [
						{
							id: 'trigger',
							name: 'Webex Call History Trigger',
							type: 'CUSTOM.webexCallHistoryTrigger',
							typeVersion: 1,
							position: [0, 0],
							parameters: {
								pollTimes: { item: [{ mode: 'everyMinute' }] },
								startFrom: 'hoursAgo',
								startHoursAgo: 1,
								options: {},
							},
							credentials: { webexApi: { id: 'credSimCalls0001', name: 'Webex simulator' } },
						},
						reportNode(
							collector.url('/calls'),
							"={{ JSON.stringify({ id: $json['Report ID'] }) }}",
						),
					],
				},
			]);
			await n8n.activate('wfCallHistory001');
			const child = n8n.start();
			cleanups.push(() => stopProcessGroup(child, 'SIGKILL'));

			const streamRequests = () => simulator.requests.filter((r) => r.path === STREAM);
			await waitFor(() => streamRequests().length >= 1, 150_000, 'the activation poll');
			const startMs = Date.parse(streamRequests()[0].query.startTime);
			const firstEndMs = Date.parse(streamRequests()[0].query.endTime);
			const firstHour = simulator.callHistory.recordsIn(STREAM, startMs, firstEndMs);
			assert.ok(firstHour.length > 5, `${firstHour.length} calls in the last hour`);
			await waitFor(() => received.length >= firstHour.length, 30_000, 'the last hour reported');

			// Calls that reach Webex in a few seconds: one reported two hours ago (late), two recent.
			const nowMs = Date.now();
			const added = simulator.callHistory.dataset.add([
				{ reportMs: nowMs - 2 * HOUR, arrivalMs: nowMs + 1000 },
				{ reportMs: nowMs - 10 * MINUTE, arrivalMs: nowMs + 2000 },
				{ reportMs: nowMs - 20_000, arrivalMs: nowMs + 3000 },
			]);
			await waitFor(
				() => ids(added).every((id) => received.includes(id)),
				240_000,
				'the added calls to be reported',
			);
			// What the polls so far covered, reported in full (the last report a moment after its poll).
			await new Promise((resolve) => setTimeout(resolve, 3000));
			const lastEndMs = Math.max(...streamRequests().map((r) => Date.parse(r.query.endTime)));
			const want = simulator.callHistory.recordsIn(STREAM, startMs, lastEndMs);
			await waitFor(() => received.length >= want.length, 30_000, 'every call reported');
			assert.equal(new Set(received).size, received.length, 'no call reported twice');
			assert.deepEqual(received, ids(want), 'each call once, in the order it reached Webex');
			assert.ok(
				simulator.callHistory.log.every((entry) => entry.status === 200),
				'no request refused (429) or failed',
			);
		},
	);

	it(
		'the gzip CSV example: yesterday (UTC) as one file of the Simplify columns, every call once',
		{ timeout: 300_000 },
		async () => {
			const simulator = await createSimulator({ callHistory: { records: 3000, spanDays: 3 } });
			cleanups.push(() => simulator.close());
			const folder = mkdtempSync(path.join(tmpdir(), 'webex-call-history-'));
			cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
			// The Read/Write Files node standing in for S3 may write there only.
			const n8n = createN8nHome({
				brokerPort: await freePort(),
				extraEnv: { N8N_RESTRICT_FILE_ACCESS_TO: folder },
			});
			cleanups.push(() => n8n.remove());
			await n8n.importCredentials([
				{
					id: 'webexExampleCred',
					name: 'Webex account',
					type: 'webexApi',
					data: { accessToken: 'sim-token', baseUrl: 'custom', customBaseUrl: simulator.baseUrl },
				},
			]);
			// The package is loaded as custom extensions here: its node types are CUSTOM.*.
			const workflow = testCopy(example('call-history-to-s3.json'), 'exCallHistoryS3', folder);
			for (const node of workflow.nodes)
				node.type = node.type.replace(/^n8n-nodes-webex-audit\./, 'CUSTOM.');
			await n8n.importWorkflows([workflow]);
			const result = await n8n.execute('exCallHistoryS3');
			assert.ok(result.ok, result.output.slice(-3000));
			const todayMs = Math.floor(Date.now() / DAY) * DAY;
			const files = readdirSync(folder);
			assert.equal(files.length, 1, files.join(', '));
			assert.match(files[0], /^webex-call-history.*\.csv\.gz$/);
			const rows = parseCsv(gunzipSync(readFileSync(path.join(folder, files[0]))).toString());
			const { CALL_RECORD_COLUMNS } = shipped('nodes/shared/callHistory.js');
			assert.deepEqual(rows[0], CALL_RECORD_COLUMNS);
			const want = simulator.callHistory.recordsIn(FEED, todayMs - DAY, todayMs);
			assert.ok(want.length > 500, `${want.length} calls yesterday`);
			assert.deepEqual(
				rows.slice(1).map((row) => row[0]),
				ids(want),
			);
			const windows = simulator.requests.filter(
				(r) => r.path === FEED && !r.query.startTimeForNextFetch,
			);
			assert.equal(windows.length, 2, 'two 12-hour windows');
			assert.ok(windows[1].at - windows[0].answeredAt >= 60_000, 'a minute apart, as Webex allows');
		},
	);
});
