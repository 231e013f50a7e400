// Webex Meeting Compliance: transcripts (list, download), recordings of an admin or compliance
// officer, meeting archives, and All My Sites (also on Recording Audit), through n8n's RoutingNode
// against the simulator.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';

import {
	presentAdminRecording,
	presentArchiveSummary,
	presentTranscript,
} from '../simulator/meetingContent.mjs';
import { present, SITES } from '../simulator/recordings.mjs';
import { captureLog, runNode, simulatorCredentials } from './helpers/n8n.mjs';
import { jsonLinesOf, parseCsv, rejection, requestsTo, withSimulator } from './helpers/index.mjs';

const DAY = 86_400_000;
const iso = (ms) => new Date(ms).toISOString();
/** A range ending at a whole hour in the past, so that nothing new appears while a test runs. */
const TO = Math.floor((Date.now() - DAY) / 3_600_000) * 3_600_000;

const SIMULATOR = { transcripts: 1500, adminRecordings: 3000, archives: 1000 };

function run(simulator, parameters, { token, items, timezone } = {}) {
	return runNode({
		type: 'webexMeetingCompliance',
		parameters: { authentication: 'accessToken', returnAll: true, ...parameters },
		credentials: simulatorCredentials(simulator, token),
		items,
		timezone,
	});
}

const json = (items) => items.map((item) => item.json);

/** What a data set holds in [fromMs, toMs) that `matches`, newest first, as Webex presents it. */
function expected(dataset, fromMs, toMs, matches, presentRecord) {
	const [start, end] = dataset.range(fromMs, toMs);
	const records = [];
	for (let index = start; index < end; index++) {
		const record = dataset.at(index);
		if (matches(record)) records.push(presentRecord(record));
	}
	return records;
}

const transcriptsOf = (simulator, site, fromMs, toMs, zone = 'UTC') =>
	expected(
		simulator.transcripts,
		fromMs,
		toMs,
		(record) => record.siteUrl === site,
		(record) => presentTranscript(record, zone),
	);

const transcriptList = (extra = {}) => ({
	resource: 'meetingTranscript',
	operation: 'getAll',
	filters: { from: iso(TO - 45 * DAY), to: iso(TO) },
	...extra,
});

describe('Webex Meeting Compliance: Meeting Transcript → Get Many', () => {
	it('lists every transcript of the site once, newest first, in 30-day windows, with the timezone header', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const items = await run(
				simulator,
				transcriptList({ siteUrl: SITES[1], options: { pageSize: 20, timezone: 'Asia/Tokyo' } }),
			);
			const want = transcriptsOf(simulator, SITES[1], TO - 45 * DAY, TO, 'Asia/Tokyo');
			assert.ok(want.length > 60, `${want.length} transcripts over several pages`);
			assert.deepEqual(json(items), want);
			const requests = requestsTo(simulator, '/admin/meetingTranscripts');
			assert.ok(requests.length > want.length / 20);
			assert.ok(requests.every((r) => r.query.siteUrl === SITES[1] && r.timezone === 'Asia/Tokyo'));
			const windows = new Set(requests.map((r) => r.query.from));
			assert.deepEqual([...windows], [iso(TO - 30 * DAY), iso(TO - 45 * DAY)], 'two windows');
		});
	});

	it('Limit stops at the limit; Simplify gives the fixed columns without the site-host links', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const items = await run(
				simulator,
				transcriptList({
					siteUrl: SITES[0],
					returnAll: false,
					limit: 7,
					options: { simplify: true },
				}),
			);
			assert.equal(items.length, 7);
			const first = transcriptsOf(simulator, SITES[0], TO - 45 * DAY, TO)[0];
			assert.deepEqual(Object.keys(items[0].json), [
				'startTime',
				'meetingTopic',
				'siteUrl',
				'status',
				'meetingId',
				'scheduledMeetingId',
				'meetingSeriesId',
				'hostUserId',
				'id',
			]);
			assert.equal(items[0].json.id, first.id);
			assert.deepEqual(
				requestsTo(simulator, '/admin/meetingTranscripts').map((r) => r.query.max),
				['7'],
			);
		});
	});

	it('All My Sites lists each site of the token in turn, each item with its site', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const items = await run(simulator, transcriptList({ sites: 'allMySites' }));
			const want = SITES.flatMap((site) => transcriptsOf(simulator, site, TO - 45 * DAY, TO));
			assert.deepEqual(json(items), want);
			assert.deepEqual(
				[...new Set(items.map((item) => item.json.siteUrl))],
				SITES,
				'every site, in the order Webex lists them',
			);
			assert.equal(requestsTo(simulator, '/meetingPreferences/sites').length, 1);
		});
	});

	it('bad input fails naming the field, before any request', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const cases = [
				[transcriptList(), /Site URL is empty/],
				[
					transcriptList({ siteUrl: SITES[0], filters: { from: iso(TO), to: iso(TO - DAY) } }),
					/^From .* is after To/,
				],
				[transcriptList({ siteUrl: 'not a site' }), /Site URL must be a Webex site's host name/],
			];
			for (const [parameters, message] of cases) {
				const error = await rejection(run(simulator, parameters));
				assert.match(error.message, message);
			}
			assert.equal(simulator.requests.length, 0);
		});
	});

	it('a token without the compliance officer role fails with the role named', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const error = await rejection(
				run(simulator, transcriptList({ siteUrl: SITES[0] }), { token: 'user-token' }),
			);
			assert.match(error.message, /Webex API error \(403\)/);
			assert.match(error.description, /Compliance Officer role/);
		});
	});

	it('Link defects (a next link without siteUrl, max=null) lose no transcript and add none', async () => {
		await withSimulator(
			{ ...SIMULATOR, faults: { nextLink: { drop: ['siteUrl'], set: { max: 'null' } } } },
			async (simulator) => {
				const items = await run(
					simulator,
					transcriptList({ siteUrl: SITES[2], options: { pageSize: 10 } }),
				);
				assert.deepEqual(json(items), transcriptsOf(simulator, SITES[2], TO - 45 * DAY, TO));
				const pages = requestsTo(simulator, '/admin/meetingTranscripts');
				assert.ok(pages.length > 3);
				assert.ok(pages.every((r) => r.query.siteUrl === SITES[2] && r.query.max === '10'));
			},
		);
	});
});

/** The body of an item's binary file as n8n stored it. */
const bytesOf = (item, field = 'data') => Buffer.from(item.binary[field].data, 'base64');

describe('Webex Meeting Compliance: Meeting Transcript → Download', () => {
	it("after Get Many, downloads each transcript through the base URL: the simulator's bytes, named for the meeting and time", async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const listed = await run(
				simulator,
				transcriptList({ siteUrl: SITES[0], returnAll: false, limit: 4 }),
			);
			for (const format of ['vtt', 'txt']) {
				simulator.clearRequests();
				const files = await run(
					simulator,
					{
						resource: 'meetingTranscript',
						operation: 'download',
						transcriptId: '={{ $json.id }}',
						fileFormat: format,
					},
					{ items: listed.map((item) => ({ json: item.json })) },
				);
				assert.equal(files.length, 4);
				files.forEach((file, n) => {
					const transcript = listed[n].json;
					const index = simulator.transcripts.find(transcript.id);
					const body = Buffer.from(simulator.transcripts.body(index, format), 'utf8');
					assert.deepEqual(bytesOf(file), body, 'the bytes the simulator sent');
					assert.equal(file.binary.data.mimeType, format === 'vtt' ? 'text/vtt' : 'text/plain');
					assert.equal(
						file.binary.data.fileName,
						`${transcript.meetingTopic.replace(/[^\p{L}\p{N} ._-]+/gu, '-')} ${transcript.startTime.replace(/:/g, '-')}.${format}`,
					);
					assert.equal(file.json.transcriptId, transcript.id);
					assert.equal(file.json.fileSize, body.length);
				});
				const requests = simulator.requests;
				assert.deepEqual(
					requests.map((r) => `${r.path}?format=${r.query.format}`),
					listed.map((item) => `/v1/meetingTranscripts/${item.json.id}/download?format=${format}`),
					'only the base URL, never the vttDownloadLink / txtDownloadLink hosts',
				);
			}
		});
	});

	it('Host Email is sent for an admin; a missing transcript and a bad ID fail clearly', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const record = simulator.transcripts.at(3);
			const [file] = await run(simulator, {
				resource: 'meetingTranscript',
				operation: 'download',
				transcriptId: record.id,
				options: { hostEmail: record.hostEmail, binaryProperty: 'transcript' },
			});
			assert.equal(
				bytesOf(file, 'transcript').toString('utf8'),
				simulator.transcripts.body(3, 'vtt'),
			);
			assert.equal(file.binary.transcript.fileName, `webex-transcript-${record.id}.vtt`);
			assert.equal(simulator.requests.at(-1).query.hostEmail, record.hostEmail);

			const missing = await rejection(
				run(simulator, {
					resource: 'meetingTranscript',
					operation: 'download',
					transcriptId: 'nope',
				}),
			);
			assert.match(missing.message, /Webex API error \(404\)/);
			assert.match(missing.description, /No transcript with this ID/);
			const before = simulator.requests.length;
			const bad = await rejection(
				run(simulator, { resource: 'meetingTranscript', operation: 'download', transcriptId: '' }),
			);
			assert.match(bad.message, /Transcript ID must be a Webex transcript ID/);
			assert.equal(simulator.requests.length, before, 'no request for a bad ID');
		});
	});
});

const recordingsOf = (simulator, fromMs, toMs, matches) =>
	expected(simulator.adminRecordings, fromMs, toMs, matches, (record) =>
		presentAdminRecording(record),
	);

describe('Webex Meeting Compliance: Recording → Get Many', () => {
	it('each status, with Topic, Format and Service Type, in windows of at most 30 days; links kept as sent', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const fromMs = TO - 75 * DAY;
			for (const status of ['available', 'deleted', 'purged']) {
				simulator.clearRequests();
				const items = await run(simulator, {
					resource: 'recording',
					operation: 'getAll',
					status,
					filters: { from: iso(fromMs), to: iso(TO) },
				});
				const want = recordingsOf(
					simulator,
					fromMs,
					TO,
					(r) => r.siteUrl === SITES[0] && r.status === status,
				);
				assert.ok(want.length > 20, `${want.length} ${status} recordings`);
				assert.deepEqual(json(items), want);
				const firsts = requestsTo(simulator, '/admin/recordings').filter((r) => !r.query.cursor);
				assert.equal(firsts.length, 3, 'three windows');
				for (const r of firsts) {
					assert.ok(Date.parse(r.query.to) - Date.parse(r.query.from) <= 30 * DAY);
					assert.equal(r.query.status, status);
				}
			}
			const filtered = await run(simulator, {
				resource: 'recording',
				operation: 'getAll',
				status: 'deleted',
				filters: {
					from: iso(fromMs),
					to: iso(TO),
					topic: 'board',
					format: 'MP4',
					serviceType: 'MeetingCenter',
				},
			});
			const want = recordingsOf(
				simulator,
				fromMs,
				TO,
				(r) =>
					r.siteUrl === SITES[0] &&
					r.status === 'deleted' &&
					r.format === 'MP4' &&
					r.serviceType === 'MeetingCenter' &&
					r.topic.toLowerCase().includes('board'),
			);
			assert.ok(want.length > 0);
			assert.deepEqual(json(filtered), want);
			assert.ok(
				filtered.every((item) => item.json.downloadUrl.startsWith(`https://${SITES[0]}/`)),
				'downloadUrl exactly as Webex sent it',
			);
		});
	});

	it('Meeting ID asks once, without site or dates; with From it fails before any request', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const record = simulator.adminRecordings.at(10);
			const items = await run(simulator, {
				resource: 'recording',
				operation: 'getAll',
				filters: { meetingId: record.meetingSeriesId },
			});
			assert.ok(items.length >= 1);
			assert.ok(items.every((item) => item.json.meetingSeriesId === record.meetingSeriesId));
			const [request] = requestsTo(simulator, '/admin/recordings');
			assert.deepEqual(Object.keys(request.query).sort(), ['max', 'meetingId', 'status']);
			const before = simulator.requests.length;
			const error = await rejection(
				run(simulator, {
					resource: 'recording',
					operation: 'getAll',
					filters: { meetingId: record.meetingSeriesId, from: iso(TO - DAY) },
				}),
			);
			assert.match(error.message, /Meeting ID cannot be combined with From/);
			assert.equal(simulator.requests.length, before);
		});
	});

	it('empty pages, records repeated across pages and relative next links: every recording once', async () => {
		await withSimulator(
			{
				...SIMULATOR,
				faults: { emptyPageEvery: 3, repeatAcrossPages: true, relativeNext: 'path' },
			},
			async (simulator) => {
				const items = await run(simulator, {
					resource: 'recording',
					operation: 'getAll',
					sites: 'allMySites',
					filters: { from: iso(TO - 20 * DAY), to: iso(TO) },
					options: { pageSize: 9 },
				});
				const want = SITES.flatMap((site) =>
					recordingsOf(
						simulator,
						TO - 20 * DAY,
						TO,
						(r) => r.siteUrl === site && r.status === 'available',
					),
				);
				assert.ok(want.length > 100);
				assert.deepEqual(json(items), want);
			},
		);
	});

	it('records that contradict Status are left out, and the log says how many', async () => {
		await withSimulator(
			{ ...SIMULATOR, faults: { nextLink: { set: { status: 'purged' } } } },
			async (simulator) => {
				const log = captureLog();
				let items;
				try {
					items = await run(simulator, {
						resource: 'recording',
						operation: 'getAll',
						status: 'deleted',
						filters: { from: iso(TO - 20 * DAY), to: iso(TO) },
						options: { pageSize: 5, parallelRequests: 1 },
					});
				} finally {
					log.stop();
				}
				assert.ok(items.length > 0 && items.every((item) => item.json.status === 'deleted'));
				assert.equal(log.lines.length, 1, log.lines.join('\n'));
				assert.match(log.lines[0], /left out \d+ records? from \/admin\/recordings .*\(status\)/);
			},
		);
	});

	it('Parallel Requests give the same items in the same order; a site failing names the site', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const parameters = {
				resource: 'recording',
				operation: 'getAll',
				sites: 'allMySites',
				filters: { from: iso(TO - 40 * DAY), to: iso(TO) },
			};
			const one = await run(simulator, { ...parameters, options: { parallelRequests: 1 } });
			const many = await run(simulator, { ...parameters, options: { parallelRequests: 6 } });
			const want = SITES.flatMap((site) =>
				recordingsOf(
					simulator,
					TO - 40 * DAY,
					TO,
					(r) => r.siteUrl === site && r.status === 'available',
				),
			);
			assert.deepEqual(json(one), want);
			assert.deepEqual(json(many), want);
			simulator.setFaults({
				rules: [{ status: 403, path: '/v1/admin/recordings', query: { siteUrl: SITES[2] } }],
			});
			const error = await rejection(run(simulator, parameters));
			assert.match(
				error.message,
				new RegExp(`^Site ${SITES[2].replaceAll('.', '\\.')}: Webex API error \\(403\\)`),
			);
			assert.match(error.description, /administrator or a compliance officer/);
		});
	});
});

describe('Webex Meeting Compliance: Meeting Archive', () => {
	it('Get Many of every site (each item with its site), then Get of each archive', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const fromMs = TO - 35 * DAY;
			const items = await run(simulator, {
				resource: 'meetingArchive',
				operation: 'getAll',
				sites: 'allMySites',
				filters: { from: iso(fromMs), to: iso(TO) },
			});
			const want = SITES.flatMap((site) =>
				expected(
					simulator.archives,
					fromMs,
					TO,
					(a) => a.siteUrl === site,
					(a) => ({
						...presentArchiveSummary(a),
						siteUrl: site,
					}),
				),
			);
			assert.ok(want.length > 100);
			assert.deepEqual(json(items), want);
			const details = await run(
				simulator,
				{ resource: 'meetingArchive', operation: 'get', options: { timezone: 'Europe/Paris' } },
				{ items: items.slice(0, 3).map((item) => ({ json: item.json })) },
			);
			assert.deepEqual(
				details.map((item) => item.json.archiveId),
				items.slice(0, 3).map((item) => item.json.archiveId),
			);
			assert.ok(details.every((item) => Array.isArray(item.json.participants)));
			assert.equal(
				requestsTo(simulator, `/recordingReport/meetingArchives/${items[0].json.archiveId}`)[0]
					.timezone,
				'Europe/Paris',
			);
		});
	});

	it('a compliance officer who is not a full administrator is told so', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const error = await rejection(
				run(
					simulator,
					{ resource: 'meetingArchive', operation: 'getAll' },
					{ token: 'officer-token' },
				),
			);
			assert.match(error.message, /Webex API error \(403\)/);
			assert.match(error.description, /only available to full administrators/);
		});
	});
});

describe('Webex Meeting Compliance: Output JSON Lines and CSV', () => {
	it('recordings of every site in one file: the records of items mode, in order', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const parameters = {
				resource: 'recording',
				operation: 'getAll',
				status: 'deleted',
				sites: 'allMySites',
				filters: { from: iso(TO - 40 * DAY), to: iso(TO) },
			};
			const items = json(await run(simulator, parameters));
			const [file] = await run(simulator, { ...parameters, options: { output: 'jsonLines' } });
			const bytes = Buffer.from(file.binary.data.data, 'base64');
			assert.deepEqual(jsonLinesOf(file), items);
			assert.equal(file.json.sha256, createHash('sha256').update(bytes).digest('hex'));
			assert.match(file.json.fileName, /^webex-recordings-.*\.jsonl\.gz$/);
			const [csv] = await run(simulator, {
				...parameters,
				options: { output: 'csv', gzip: false },
			});
			const rows = parseCsv(Buffer.from(csv.binary.data.data, 'base64').toString('utf8'));
			assert.equal(rows.length, items.length + 1);
			assert.deepEqual(rows[0].slice(0, 3), ['createTime', 'timeRecorded', 'topic']);
			assert.deepEqual(
				rows.slice(1).map((row) => row.at(-1)),
				items.map((item) => item.id),
			);
		});
	});
});

describe('Webex Recording Audit: Recording Audit Summary → Get Many, All My Sites', () => {
	it("lists every site's summaries in turn; the default still lists the preferred site only", async () => {
		await withSimulator({ recordings: 3000 }, async (simulator) => {
			const fromMs = TO - 60 * DAY;
			const parameters = {
				authentication: 'accessToken',
				resource: 'recordingAuditSummary',
				operation: 'getAll',
				returnAll: true,
				filters: { hostEmail: 'all', from: iso(fromMs), to: iso(TO) },
			};
			const listFor = (site) => {
				const [start, end] = simulator.recordings.range(fromMs, TO);
				const result = [];
				for (let index = start; index < end; index++) {
					const summary = simulator.recordings.at(index);
					if (summary.siteUrl === site) result.push(present(summary));
				}
				return result;
			};
			const credentials = simulatorCredentials(simulator);
			const all = await runNode({
				type: 'webexRecordingAudit',
				parameters: { ...parameters, sites: 'allMySites' },
				credentials,
			});
			assert.deepEqual(json(all), SITES.flatMap(listFor));
			const preferred = await runNode({ type: 'webexRecordingAudit', parameters, credentials });
			assert.deepEqual(json(preferred), listFor(SITES[0]));
			assert.equal(requestsTo(simulator, '/meetingPreferences/sites').length, 1);

			const before = simulator.requests.length;
			const error = await rejection(
				runNode({
					type: 'webexRecordingAudit',
					parameters: {
						...parameters,
						sites: 'allMySites',
						filters: { ...parameters.filters, siteUrl: SITES[1] },
					},
					credentials,
				}),
			);
			assert.match(
				error.message,
				/Site URL "acme-emea.webex.com" is set while Sites is All My Sites/,
			);
			assert.equal(simulator.requests.length, before, 'no request');
		});
	});
});

describe('Webex Meeting Compliance with a service app credential', () => {
	it('lists every site and downloads, its access token renewed as it expires', async () => {
		await withSimulator(
			{ ...SIMULATOR, oauth: { accessTokenLifetimeRequests: 4 } },
			async (simulator) => {
				const credentials = { webexServiceAppApi: simulator.serviceAppCredentialData() };
				const listed = await runNode({
					type: 'webexMeetingCompliance',
					parameters: {
						authentication: 'serviceApp',
						...transcriptList({ sites: 'allMySites', returnAll: true }),
					},
					credentials,
				});
				assert.deepEqual(
					json(listed),
					SITES.flatMap((site) => transcriptsOf(simulator, site, TO - 45 * DAY, TO)),
				);
				const files = await runNode({
					type: 'webexMeetingCompliance',
					parameters: {
						authentication: 'serviceApp',
						resource: 'meetingTranscript',
						operation: 'download',
						fileFormat: 'txt',
					},
					credentials,
					items: listed.slice(0, 5).map((item) => ({ json: item.json })),
				});
				files.forEach((file, n) => {
					const index = simulator.transcripts.find(listed[n].json.id);
					assert.equal(bytesOf(file).toString('utf8'), simulator.transcripts.body(index, 'txt'));
				});
				assert.ok(
					simulator.oauth.tokenRequests.length > 2,
					'the access token was renewed along the way',
				);
			},
		);
	});
});
