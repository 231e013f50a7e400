// Webex Call History (Call Record → Get Many on cdr_feed) through n8n's RoutingNode against the
// simulator's call history (simulator/callHistory.mjs): 12-hour windows, To clamped, refusals
// before any request, the per-token pacing (in a shortened minute), 429, 451 followed and refused,
// Link paging, Simplify and the CSV file, and the token kept to the call history hosts.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';

import { captureLog, poll, pollsAtOnce, runNode, simulatorCredentials } from './helpers/n8n.mjs';
import { parseCsv, rejection, shipped, withSimulator } from './helpers/index.mjs';
import { shortenWaits } from './helpers/waits.mjs';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const iso = (ms) => new Date(ms).toISOString();

/**
 * Waits shortened 500 times: the node's call history minute (61 s) lasts 122 ms, the simulator's
 * limit counts in a minute of 120 ms, so that a node that keeps Webex's limit never meets it.
 */
const SCALE = 0.002;
const SIM_MINUTE = 120;

const FEED = '/v1/cdr_feed';
const { CALL_RECORD_COLUMNS } = shipped('nodes/shared/callHistory.js');
const baseUrl = shipped('nodes/shared/baseUrl.js');

function list(simulator, { filters = {}, options = {}, token, returnAll = true, ...rest } = {}) {
	return runNode({
		type: 'webexCallHistory',
		parameters: {
			authentication: 'accessToken',
			resource: 'callRecord',
			operation: 'getAll',
			returnAll,
			filters,
			options: { pageSize: 500, ...options },
			...rest,
		},
		credentials: simulatorCredentials(simulator, token),
	});
}

const json = (items) => items.map((item) => item.json);
const feedLog = (simulator) => simulator.callHistory.log.filter((entry) => entry.path === FEED);
const feedRequests = (simulator) =>
	simulator.requests.filter((request) => (request.endpoint ?? request.path) === FEED);

/** A simulator whose limits count in SIM_MINUTE, and whose data set suits the test. */
const simulatorWith = (callHistory = {}) => ({
	callHistory: { minuteMs: SIM_MINUTE, ...callHistory },
});

/** The most requests of `kind` in any one of the simulator's minutes. */
function mostPerMinute(log, kind) {
	const times = log.filter((entry) => entry.kind === kind).map((entry) => entry.at);
	let most = 0;
	for (let at = 0; at < times.length; at++) {
		let count = 0;
		while (at + count < times.length && times[at + count] < times[at] + SIM_MINUTE) count++;
		most = Math.max(most, count);
	}
	return most;
}

describe('Webex Call History: Call Record → Get Many', () => {
	shortenWaits(SCALE);

	it('reads every record reported from From to To once, in 12-hour windows oldest first, following Link as sent', async () => {
		await withSimulator(
			simulatorWith({ records: 8000, spanDays: 1, lateShare: 0 }),
			async (simulator) => {
				const to = Date.now() - 10 * MINUTE;
				const from = to - 20 * HOUR;
				const items = await list(simulator, { filters: { from: iso(from), to: iso(to) } });
				const want = simulator.callHistory.recordsIn(FEED, from, to);
				assert.ok(want.length > 3000, `${want.length} records over many pages`);
				assert.deepEqual(json(items), want, 'every record once, in report time order');

				const requests = feedRequests(simulator);
				const first = requests.filter((request) => !request.query.startTimeForNextFetch);
				assert.deepEqual(
					first.map((request) => [request.query.startTime, request.query.endTime]),
					[
						[iso(from), iso(to - 12 * HOUR)],
						[iso(to - 12 * HOUR), iso(to)],
					],
					'two windows, oldest first, of at most 12 hours, meeting without a gap',
				);
				const next = requests.filter((request) => request.query.startTimeForNextFetch);
				assert.ok(next.length >= 6, `${next.length} next pages`);
				assert.ok(next.every((request) => request.query.max === '500'));
				assert.equal(
					feedLog(simulator).filter((entry) => entry.status !== 200).length,
					0,
					'no request refused',
				);
			},
		);
	});

	it('reads the 24 hours up to 5 minutes ago by default, and takes a later To as 5 minutes ago', async () => {
		await withSimulator(simulatorWith({ records: 500, spanDays: 2 }), async (simulator) => {
			const before = Date.now();
			await list(simulator);
			await list(simulator, { filters: { to: iso(Date.now() + HOUR) } });
			const after = Date.now();
			const first = feedRequests(simulator).filter((r) => !r.query.startTimeForNextFetch);
			assert.equal(first.length, 4, 'two 12-hour windows per run');
			for (const run of [first.slice(0, 2), first.slice(2)]) {
				const start = Date.parse(run[0].query.startTime);
				const end = Date.parse(run[1].query.endTime);
				assert.ok(end >= before - 5 * MINUTE && end <= after - 5 * MINUTE, 'ends 5 minutes ago');
				assert.equal(end - start, DAY, '24 hours');
				assert.equal(run[0].query.endTime, run[1].query.startTime);
			}
		});
	});

	it('refuses a From more than 30 days ago, more than 10 locations and a Region of another cloud, before any request', async () => {
		await withSimulator(simulatorWith(), async (simulator) => {
			let error = await rejection(
				list(simulator, { filters: { from: iso(Date.now() - 31 * DAY) } }),
			);
			assert.match(error.message, /From \(.*\) is more than 30 days ago/);
			assert.match(error.description, /Set From to/);

			const eleven = Array.from({ length: 11 }, (_, at) => `Site ${at}`).join(', ');
			error = await rejection(list(simulator, { filters: { locations: eleven } }));
			assert.match(error.message, /Locations names 11 locations; Webex takes at most 10/);

			error = await rejection(
				list(simulator, {
					filters: { from: iso(Date.now() - HOUR), to: iso(Date.now() - 2 * HOUR) },
				}),
			);
			assert.match(error.message, /From .* is not before To/);
			assert.equal(simulator.requests.length, 0, 'no request reached Webex');
		});
		const error = await rejection(
			runNode({
				type: 'webexCallHistory',
				parameters: {
					authentication: 'accessToken',
					resource: 'callRecord',
					operation: 'getAll',
					region: 'gov',
					returnAll: true,
				},
				// A Commercial credential: the node fails before it would send anything to Webex.
				credentials: {
					webexApi: { accessToken: 'never-sent', baseUrl: baseUrl.COMMERCIAL_BASE_URL },
				},
			}),
		);
		assert.match(error.message, /Region is not one of the credential's cloud/);
	});

	it('asks for the locations named, and gives only their records', async () => {
		await withSimulator(simulatorWith({ records: 3000, spanDays: 1 }), async (simulator) => {
			const items = await list(simulator, { filters: { locations: ' Headquarters , Warehouse ' } });
			assert.ok(items.length > 100);
			assert.ok(items.every(({ json: r }) => ['Headquarters', 'Warehouse'].includes(r.Location)));
			assert.ok(
				feedRequests(simulator).every((r) => r.query.locations === 'Headquarters,Warehouse'),
			);
		});
	});

	it('Simplify gives the fixed camelCase columns: answered a boolean, duration a number, null where absent', async () => {
		await withSimulator(simulatorWith({ records: 600, spanDays: 1 }), async (simulator) => {
			const raw = json(await list(simulator));
			const simple = json(await list(simulator, { options: { simplify: true } }));
			assert.equal(simple.length, raw.length);
			for (const [at, row] of simple.entries()) {
				assert.deepEqual(Object.keys(row), CALL_RECORD_COLUMNS);
				const record = raw[at];
				assert.equal(row.reportId, record['Report ID']);
				assert.equal(row.answered, record.Answered === 'true');
				assert.equal(row.duration, record.Duration);
				assert.equal(row.callingNumber, record['Calling number']);
				assert.equal(row.answerTime, record['Answer time'] ?? null);
				assert.equal(row.transferType, record['Transfer type'] ?? null);
			}
			assert.ok(
				simple.some((row) => row.answerTime === null),
				'unanswered calls have no answer time',
			);
		});
	});

	it('writes a gzip CSV file of the Simplify columns holding every record', async () => {
		await withSimulator(simulatorWith({ records: 1500, spanDays: 1 }), async (simulator) => {
			const to = Date.now() - 10 * MINUTE;
			const filters = { from: iso(to - 20 * HOUR), to: iso(to) };
			const [item] = await list(simulator, { filters, options: { output: 'csv' } });
			const want = simulator.callHistory.recordsIn(FEED, to - 20 * HOUR, to);
			assert.equal(item.json.records, want.length);
			assert.equal(item.json.gzip, true);
			assert.match(item.binary.data.fileName, /^webex-call-history.*\.csv\.gz$/);
			const rows = parseCsv(gunzipSync(Buffer.from(item.binary.data.data, 'base64')).toString());
			assert.deepEqual(rows[0], CALL_RECORD_COLUMNS);
			assert.equal(rows.length - 1, want.length);
			assert.deepEqual(
				rows.slice(1).map((row) => row[0]),
				want.map((record) => record['Report ID']),
			);
		});
	});

	it('keeps within one first request and ten next pages a minute per token, for every execution at once, never meeting a 429', async () => {
		await withSimulator(
			simulatorWith({ records: 24_000, spanDays: 1, lateShare: 0 }),
			async (simulator) => {
				const to = Date.now() - 10 * MINUTE;
				const filters = { from: iso(to - 23 * HOUR), to: iso(to) };
				const [a, b] = await Promise.all([
					list(simulator, { filters }),
					list(simulator, { filters }),
				]);
				const want = simulator.callHistory.recordsIn(FEED, to - 23 * HOUR, to);
				assert.deepEqual(json(a), want);
				assert.deepEqual(json(b), want);
				const log = feedLog(simulator);
				assert.ok(log.filter((e) => e.kind === 'next').length > 60, 'many next pages');
				assert.deepEqual(
					log.filter((entry) => entry.status === 429),
					[],
					'no request refused by the limit',
				);
				assert.equal(mostPerMinute(log, 'first'), 1);
				assert.ok(mostPerMinute(log, 'next') <= 10);
			},
		);
	});

	it('waits the Retry-After of a 429 that still comes (another process), then goes on', async () => {
		await withSimulator(
			{
				...simulatorWith({ records: 600, spanDays: 1 }),
				faults: { rules: [{ path: FEED, status: 429, times: 2, retryAfter: '1' }] },
			},
			async (simulator) => {
				const items = await list(simulator);
				assert.ok(items.length > 0);
				const statuses = feedRequests(simulator).map((r) => r.status);
				assert.deepEqual(statuses.slice(0, 3), [429, 429, 200]);
			},
		);
	});

	it('in Automatic, follows a 451 to the region Webex names once, and stays there', async () => {
		await withSimulator(
			simulatorWith({ records: 3000, spanDays: 1, homeRegion: 'eu' }),
			async (simulator) => {
				const log = captureLog('info');
				let items;
				try {
					items = await list(simulator);
				} finally {
					log.stop();
				}
				const to = Date.parse(feedRequests(simulator).at(-1).query.endTime);
				assert.deepEqual(json(items), simulator.callHistory.recordsIn(FEED, to - DAY, to));
				const hosts = feedLog(simulator).map((entry) => `${entry.host} ${entry.status}`);
				assert.equal(hosts[0], 'analytics-calling.webexapis.com 451');
				assert.ok(
					hosts.slice(1).every((host) => host === 'analytics-calling-eu.webexapis.com 200'),
				);
				assert.ok(
					feedRequests(simulator)
						.slice(1)
						.every((r) => r.path === '/analytics-calling-eu.webexapis.com/v1/cdr_feed'),
					"the EU host's path at the Custom base URL's origin",
				);
				assert.ok(log.lines.some((line) => /region EU/.test(line)));
			},
		);
	});

	it('fails naming the region when a Region is chosen, or when Webex names a host that is not one of its call history hosts', async () => {
		await withSimulator(simulatorWith({ homeRegion: 'eu' }), async (simulator) => {
			const error = await rejection(list(simulator, { region: 'au' }));
			assert.match(
				error.message,
				/call history in region EU \(analytics-calling-eu\.webexapis\.com\)/,
			);
			assert.match(error.description, /Set Region to EU/);
			assert.equal(simulator.requests.length, 1);
		});
		await withSimulator(
			simulatorWith({ homeRegion: 'eu', regionMessageHost: 'calls.example.net' }),
			async (simulator) => {
				const error = await rejection(list(simulator));
				assert.match(
					error.message,
					/naming calls\.example\.net, which is not one of its call history hosts/,
				);
				assert.equal(simulator.requests.length, 1, 'nothing sent after the 451');
			},
		);
	});

	it('sends the token only to the call history host: a next link to another host is refused', async () => {
		const elsewhere = [];
		const server = http.createServer((req, res) => {
			elsewhere.push(req.headers.authorization);
			res.end('{"items":[]}');
		});
		server.listen(0, '127.0.0.1');
		await once(server, 'listening');
		try {
			await withSimulator(
				{
					...simulatorWith({ records: 3000, spanDays: 1 }),
					faults: { nextBaseUrl: `http://127.0.0.1:${server.address().port}` },
				},
				async (simulator) => {
					const error = await rejection(list(simulator));
					assert.match(error.message, /Refused to follow a next-page link to another host/);
				},
			);
		} finally {
			server.close();
		}
		assert.deepEqual(elsewhere, [], 'the other host got no request');
	});
});

describe('call history hosts, named once per cloud (baseUrl.ts)', () => {
	const { COMMERCIAL_BASE_URL, FEDRAMP_BASE_URL, callHistoryBaseUrl, callHistoryRegionOfHost } =
		baseUrl;
	it('Commercial: US (Automatic), EU, India, Australia; FedRAMP: US Government; Custom: the base URL', () => {
		assert.equal(
			callHistoryBaseUrl(COMMERCIAL_BASE_URL, 'automatic'),
			'https://analytics-calling.webexapis.com/v1',
		);
		for (const region of ['eu', 'in', 'au'])
			assert.equal(
				callHistoryBaseUrl(COMMERCIAL_BASE_URL, region),
				`https://analytics-calling-${region}.webexapis.com/v1`,
			);
		assert.equal(callHistoryBaseUrl(COMMERCIAL_BASE_URL, 'gov'), undefined);
		assert.equal(
			callHistoryBaseUrl(FEDRAMP_BASE_URL, 'automatic'),
			'https://analytics-calling-gov.webexapis.com/v1',
		);
		assert.equal(callHistoryBaseUrl(FEDRAMP_BASE_URL, 'eu'), undefined);
		assert.equal(
			callHistoryBaseUrl('https://proxy.example.com/v1', 'automatic'),
			'https://proxy.example.com/v1',
		);
		assert.equal(
			callHistoryBaseUrl('https://proxy.example.com/webex/v1', 'eu'),
			'https://proxy.example.com/analytics-calling-eu.webexapis.com/v1',
		);
		assert.equal(
			callHistoryRegionOfHost(COMMERCIAL_BASE_URL, 'analytics-calling-gov.webexapis.com'),
			undefined,
		);
		assert.equal(
			callHistoryRegionOfHost(FEDRAMP_BASE_URL, 'ANALYTICS-CALLING-GOV.webexapis.com'),
			'gov',
		);
		assert.equal(
			callHistoryRegionOfHost(
				COMMERCIAL_BASE_URL,
				'analytics-calling-eu.webexapis.com.evil.example',
			),
			undefined,
		);
	});
});

const STREAM = '/v1/cdr_stream';
/** The trigger's state in the workflow's static data, as n8n keeps it. */
const stateOf = (staticData) => staticData['node:Webex Trigger']?.callHistory;
const ids = (records) => records.map((record) => record['Report ID']);

/** One poll of the trigger; with `atOnce`, that many polls of one active workflow at once. */
function pollCalls(simulator, { parameters = {}, staticData, token, atOnce } = {}) {
	const options = {
		type: 'webexCallHistoryTrigger',
		parameters: { authentication: 'accessToken', ...parameters },
		credentials: simulatorCredentials(simulator, token),
		staticData,
	};
	return atOnce ? pollsAtOnce({ count: atOnce, ...options }) : poll(options);
}

/** Polls until a poll emits nothing (at most `most` polls): every record emitted, and the state. */
async function pollUntilDone(simulator, { parameters, staticData, most = 40 }) {
	const emitted = [];
	for (let polls = 0; polls < most; polls++) {
		const result = await pollCalls(simulator, { parameters, staticData });
		staticData = result.staticData;
		if (!result.items) return { emitted, staticData };
		emitted.push(...json(result.items));
	}
	throw new Error(`still emitting after ${most} polls`);
}

/** Waits (at most a few seconds) until `ms` is more than a minute ago: the stream can serve it. */
async function untilStreamServes(ms) {
	for (let tries = 0; tries < 500 && Date.now() - MINUTE <= ms; tries++)
		await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('Webex Call History Trigger (cdr_stream)', () => {
	shortenWaits(SCALE);

	it('emits every record once by arrival, late ones too, across polls and a per-poll maximum', async () => {
		await withSimulator(
			simulatorWith({ records: 6000, spanDays: 1, lateShare: 0.2 }),
			async (simulator) => {
				const parameters = {
					startFrom: 'hoursAgo',
					startHoursAgo: 6,
					options: { maxRecordsPerPoll: 300 },
				};
				let { emitted, staticData } = await pollUntilDone(simulator, {
					parameters,
					staticData: {},
				});
				const startMs = Date.parse(
					simulator.requests.find((r) => r.path === STREAM).query.startTime,
				);
				let positionMs = stateOf(staticData).positionMs;
				const want = simulator.callHistory.recordsIn(STREAM, startMs, positionMs);
				assert.ok(want.length > 1000, `${want.length} records over many polls`);
				assert.ok(
					want.some((record) => Date.parse(record['Report time']) < startMs),
					'some reported before the start, delivered late after it',
				);
				assert.deepEqual(ids(emitted), ids(want), 'each once, in arrival order');

				// Calls that reach Webex after the last poll, two of them reported hours ago.
				const added = simulator.callHistory.dataset.add([
					{ reportMs: positionMs - 3 * HOUR, arrivalMs: positionMs + 5 },
					{ reportMs: positionMs - 30 * MINUTE, arrivalMs: positionMs + 6 },
					{ reportMs: positionMs - 20_000, arrivalMs: positionMs + 7 },
				]);
				await untilStreamServes(positionMs + 7);
				const before = positionMs;
				({ emitted, staticData } = await pollUntilDone(simulator, { parameters, staticData }));
				positionMs = stateOf(staticData).positionMs;
				const next = simulator.callHistory.recordsIn(STREAM, before, positionMs);
				assert.deepEqual(ids(emitted), ids(next));
				for (const id of ids(added)) assert.ok(ids(emitted).includes(id), 'the late records too');
				assert.deepEqual(
					feedLog(simulator).filter((entry) => entry.status !== 200),
					[],
					'no 429: the pacing held',
				);
				const stored = JSON.stringify(staticData);
				assert.ok(!stored.includes('sim-token'), 'no token in the static data');
			},
		);
	});

	it('after a stop longer than 12 hours, fills the gap from the feed by report time, each record once, and logs it', async () => {
		await withSimulator(
			simulatorWith({ records: 6000, spanDays: 2, lateShare: 0.3 }),
			async (simulator) => {
				let { staticData } = await pollCalls(simulator, {});
				const stopMs = Date.now() - 20 * HOUR;
				const emittedBefore = simulator.callHistory
					.recordsIn(STREAM, stopMs - 2 * HOUR, stopMs)
					.filter((record) => Date.parse(record['Report time']) >= stopMs - 3 * HOUR);
				assert.ok(emittedBefore.length > 10);
				staticData = structuredClone(staticData);
				Object.assign(stateOf(staticData), {
					positionMs: stopMs,
					emitted: emittedBefore.map((record) => [record['Report ID'], stopMs]),
				});
				const log = captureLog('info');
				let result;
				try {
					result = await pollUntilDone(simulator, { staticData });
				} finally {
					log.stop();
				}
				assert.ok(
					log.lines.some((line) => /filling the gap from the call history feed/.test(line)),
				);
				const feedRequest = feedRequests(simulator)[0];
				const fillFrom = Date.parse(feedRequest.query.startTime);
				const fillTo = Date.parse(
					feedRequests(simulator)
						.filter((r) => !r.query.startTimeForNextFetch)
						.at(-1).query.endTime,
				);
				assert.equal(fillFrom, stopMs - 3 * HOUR);
				const finalMs = stateOf(result.staticData).positionMs;
				const fromFeed = simulator.callHistory.recordsIn(FEED, fillFrom, fillTo);
				const fromStream = simulator.callHistory.recordsIn(STREAM, fillTo, finalMs);
				const want = new Set([...ids(fromFeed), ...ids(fromStream)]);
				for (const id of ids(emittedBefore)) want.delete(id);
				assert.ok(
					ids(fromStream).some((id) => ids(fromFeed).includes(id)),
					'late records are in both the feed and the stream',
				);
				const got = ids(result.emitted);
				assert.equal(new Set(got).size, got.length, 'each record once');
				assert.deepEqual(new Set(got), want);
			},
		);
	});

	it("a poll that outlasts the Poll Time (Webex's minute between requests): the next one, started meanwhile, is skipped and logged; each record once", async () => {
		await withSimulator(simulatorWith({ records: 3000, spanDays: 1 }), async (simulator) => {
			const parameters = { startFrom: 'hoursAgo', startHoursAgo: 3 };
			const log = captureLog('info');
			let result;
			try {
				result = await pollCalls(simulator, { parameters, atOnce: 2 });
			} finally {
				log.stop();
			}
			const [first, second] = result.items;
			assert.ok(first?.length > 100, `${first?.length} records in the first poll`);
			assert.equal(second, null, 'the poll started while the first ran emits nothing');
			assert.equal(
				log.lines.filter((line) =>
					/Webex Call History Trigger: the previous poll, started .* ago, is still running; this poll is skipped/.test(
						line,
					),
				).length,
				1,
			);
			const startMs = Date.parse(simulator.requests.find((r) => r.path === STREAM).query.startTime);
			const positionMs = stateOf(result.staticData).positionMs;
			assert.deepEqual(
				ids(json(first)),
				ids(simulator.callHistory.recordsIn(STREAM, startMs, positionMs)),
			);
			// The next Poll Time goes on from the first poll's state: nothing again.
			const { emitted } = await pollUntilDone(simulator, {
				parameters,
				staticData: result.staticData,
			});
			assert.deepEqual(
				ids(emitted).filter((id) => ids(json(first)).includes(id)),
				[],
			);
		});
	});

	it('a failed poll moves nothing', async () => {
		await withSimulator(
			{
				...simulatorWith({ records: 2000, spanDays: 1 }),
				faults: { rules: [{ path: STREAM, status: 500, times: 1 }] },
			},
			async (simulator) => {
				const parameters = { startFrom: 'hoursAgo', startHoursAgo: 2, options: { maxRetries: 0 } };
				const error = await rejection(pollCalls(simulator, { parameters, staticData: {} }));
				assert.match(error.message, /500/);
				assert.equal(stateOf(error.staticDataAfter), undefined, 'no state written');
				const { items } = await pollCalls(simulator, { parameters, staticData: {} });
				assert.ok(items.length > 0, 'the next poll reads it all');
			},
		);
	});
});
