// Webex Calling's call history in the real n8n (the shared n8n, test/e2e/sharedN8n.mjs), with
// Webex's own pacing (a minute per window): the Webex Call History Trigger activated there emits the
// last hour's calls, then each call that reaches Webex after it (late ones too), once; and the gzip
// CSV example writes yesterday's calls, each once, in the Simplify columns. The two tests run at
// once, each with its own simulator and token: n8n paces call history per token for the whole
// process, so with one token each would wait for the other's minutes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';

import { createSimulator, DEFAULT_TOKENS } from '../../simulator/server.mjs';
import { waitFor, waitForAll } from '../../scripts/n8n.mjs';
import { parseCsv, shipped } from '../helpers/index.mjs';
import { reportNode, startCollector } from './collector.mjs';
import { example, testCopy } from './examples.mjs';
import { nodeType, useSharedN8n } from './sharedN8n.mjs';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const FEED = '/v1/cdr_feed';
const STREAM = '/v1/cdr_stream';
const cleanups = [];
let n8n;
const ids = (records) => records.map((record) => record['Report ID']);

/** A simulator that knows only `token`, with sim-token's rights. */
const simulatorWith = (token, callHistory) =>
	createSimulator({ callHistory, tokens: { [token]: DEFAULT_TOKENS['sim-token'] } });

/** The answer's data, or an error naming what failed. */
function dataOf(response, what) {
	if (response.status !== 200 || !response.json?.data)
		throw new Error(`${what} failed (${response.status}): ${response.text.slice(0, 2000)}`);
	return response.json.data;
}

/**
 * Creates `workflow` in the shared n8n and activates it (2.x publishes it, 1.x sets it active;
 * n8n runs a polling trigger's first poll then); resolves to a function that deactivates it.
 */
async function activate(workflow) {
	const { id, versionId } = dataOf(
		await n8n.api.request('POST', '/rest/workflows', { ...workflow, active: false }),
		`creating workflow ${workflow.name}`,
	);
	const switchTo = async (active) =>
		n8n.version.startsWith('1.')
			? await n8n.api.request('PATCH', `/rest/workflows/${id}`, { active, versionId })
			: await n8n.api.request(
					'POST',
					`/rest/workflows/${id}/${active ? 'activate' : 'deactivate'}`,
					{ versionId },
				);
	dataOf(await switchTo(true), `activating workflow ${workflow.name}`);
	return async () => dataOf(await switchTo(false), `deactivating workflow ${workflow.name}`);
}

describe('Webex call history in a real n8n', { concurrency: true }, () => {
	before(async () => {
		n8n = await useSharedN8n();
	});

	after(async () => {
		let failure;
		for (const cleanup of cleanups.reverse()) {
			try {
				await cleanup();
			} catch (error) {
				failure ??= error;
			}
		}
		await n8n?.release();
		if (failure) throw failure;
	});

	it(
		'the trigger, activated: the last hour on activation, then each call that reaches Webex, late ones too, once',
		{ timeout: 480_000 },
		async () => {
			const simulator = await simulatorWith('call-trigger-token', {
				records: 600,
				spanDays: 1,
				lateShare: 0.2,
			});
			cleanups.push(() => simulator.close());
			const collector = await startCollector();
			cleanups.push(() => collector.close());
			const received = collector.received('/calls');

			await n8n.importCredentials([
				{
					id: 'credSimCalls0001',
					name: 'Webex simulator',
					type: 'webexApi',
					data: {
						accessToken: 'call-trigger-token',
						baseUrl: 'custom',
						customBaseUrl: simulator.baseUrl,
					},
				},
			]);
			cleanups.push(
				await activate({
					name: 'Webex Call History Trigger to collector',
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
							type: nodeType('webexCallHistoryTrigger'),
							typeVersion: 1,
							position: [0, 0],
							parameters: {
								pollTimes: { item: [{ mode: 'everyMinute' }] },
								startFrom: 'hoursAgo',
								startHoursAgo: 1,
								options: {},
							},
							credentials: {
								webexApi: { id: n8n.credentialId('credSimCalls0001'), name: 'Webex simulator' },
							},
						},
						reportNode(
							collector.url('/calls'),
							"={{ JSON.stringify({ id: $json['Report ID'] }) }}",
						),
					],
				}),
			);

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
			const all = await waitForAll(
				() => received,
				() => {
					const lastEndMs = Math.max(...streamRequests().map((r) => Date.parse(r.query.endTime)));
					return ids(simulator.callHistory.recordsIn(STREAM, startMs, lastEndMs));
				},
				60_000,
				'every call reported',
			);
			assert.equal(new Set(all.received).size, all.received.length, 'no call reported twice');
			assert.deepEqual(all.received, all.expected, 'each call once, in the order it reached Webex');
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
			const simulator = await simulatorWith('call-csv-token', { records: 3000, spanDays: 3 });
			cleanups.push(() => simulator.close());
			// The Read/Write Files node standing in for S3 writes there.
			const folder = n8n.folder('call-history-');
			await n8n.importCredentials([
				{
					id: 'webexExampleCred',
					name: 'Webex account',
					type: 'webexApi',
					data: {
						accessToken: 'call-csv-token',
						baseUrl: 'custom',
						customBaseUrl: simulator.baseUrl,
					},
				},
			]);
			await n8n.importWorkflows([
				testCopy(example('call-history-to-s3.json'), 'exCallHistoryS3', folder),
			]);
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
