// The audit operations through n8n's engine against the simulator: Webex Events → Get, Recording
// Access Detail → Get Many, Webex Admin Audit (admin and security audit events) and its trigger.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { runNode, simulatorCredentials } from './helpers/n8n.mjs';
import { pollTrigger, rejection, requestsTo, withSimulator } from './helpers/index.mjs';
import { presentAccess } from '../simulator/recordings.mjs';
import { ORG_ID } from '../simulator/people.mjs';
import { DEFAULT_TOKENS } from '../simulator/server.mjs';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const iso = (ms) => new Date(ms).toISOString();
const ids = (items) => (items ?? []).map((item) => item.json.id);

function run(type, simulator, parameters, extra = {}) {
	return runNode({
		type,
		parameters: { authentication: 'accessToken', ...parameters },
		credentials: simulatorCredentials(simulator, extra.token),
		...extra,
	});
}

/** Ids of a simulator audit data set's records created strictly between the bounds, newest first. */
function auditIds(dataset, fromMs, toMs) {
	const [start, end] = dataset.range(fromMs, toMs);
	const result = [];
	for (let index = start; index < end; index++) result.push(dataset.at(index).id);
	return result;
}

describe('Webex Events → Get', () => {
	it('gets one event by ID, Simplify as in Get Many; the ID is URL-encoded', async () => {
		await withSimulator({ events: 50 }, async (simulator) => {
			const event = simulator.events.at(7);
			const [item] = await run('webexEvents', simulator, {
				resource: 'event',
				operation: 'get',
				eventId: ` ${event.id} `,
				options: {},
			});
			assert.deepEqual(item.json, event);
			const [simple] = await run('webexEvents', simulator, {
				resource: 'event',
				operation: 'get',
				eventId: event.id,
				options: { simplify: true },
			});
			assert.equal(simple.json.id, event.id);
			assert.ok('dataId' in simple.json && !('data' in simple.json));
			assert.equal(requestsTo(simulator, `/events/${event.id}`).length, 2);
		});
	});

	it('a missing event says it does not exist or is not visible; an empty ID fails before any request', async () => {
		await withSimulator({ events: 5 }, async (simulator) => {
			const error = await rejection(
				run('webexEvents', simulator, {
					resource: 'event',
					operation: 'get',
					eventId: 'no-such-event',
					options: {},
				}),
			);
			assert.equal(error.httpCode, '404');
			assert.match(
				error.description,
				/No event with this ID exists, or it is not visible to this token/,
			);
			simulator.clearRequests();
			const empty = await rejection(
				run('webexEvents', simulator, {
					resource: 'event',
					operation: 'get',
					eventId: '  ',
					options: {},
				}),
			);
			assert.match(empty.message, /Event ID must be a Webex event ID/);
			assert.equal(simulator.requests.length, 0);
		});
	});
});

describe('Webex Recording Audit → Recording Access Detail → Get Many', () => {
	it('lists every access record of a recording across pages, booleans as booleans, in the time zone asked', async () => {
		await withSimulator({ recordings: 500 }, async (simulator) => {
			let index = 0;
			while (simulator.recordings.accessDetail(index).length <= 100) index++;
			const recording = simulator.recordings.at(index);
			const items = await run('webexRecordingAudit', simulator, {
				resource: 'recordingAccessDetail',
				operation: 'getAll',
				recordingId: recording.recordingId,
				returnAll: true,
				filters: { hostEmail: recording.hostEmail },
				options: { pageSize: 30, timezone: 'Asia/Tokyo' },
			});
			const expected = simulator.recordings
				.accessDetail(index)
				.map((record) => presentAccess(record, 'Asia/Tokyo'));
			assert.deepEqual(
				items.map((item) => item.json),
				expected,
			);
			assert.ok(
				items.every(
					(item) =>
						typeof item.json.viewed === 'boolean' && typeof item.json.downloaded === 'boolean',
				),
			);
			const pages = requestsTo(simulator, '/recordingReport/accessDetail');
			assert.equal(pages.length, Math.ceil(expected.length / 30));
			assert.equal(pages[0].timezone, 'Asia/Tokyo');
		});
	});

	it("chains after the summaries: Recording ID defaults to the input item's recordingId", async () => {
		await withSimulator({ recordings: 200 }, async (simulator) => {
			const summaries = [0, 1].map((index) => simulator.recordings.at(index));
			const items = await run(
				'webexRecordingAudit',
				simulator,
				{
					resource: 'recordingAccessDetail',
					operation: 'getAll',
					recordingId: '={{ $json.recordingId }}',
					returnAll: true,
					filters: { hostEmail: '={{ $json.hostEmail }}' },
					options: {},
				},
				{ items: summaries.map((summary) => ({ json: summary })) },
			);
			const expected = summaries.flatMap((summary, index) =>
				simulator.recordings.accessDetail(index).map(() => summary.recordingId),
			);
			assert.deepEqual(
				items.map((item) => item.json.recordingId),
				expected,
			);
			assert.deepEqual(
				[...new Set(items.map((item) => item.pairedItem.item))],
				[0, 1].filter((n) => simulator.recordings.accessDetail(n).length > 0),
			);
		});
	});

	it('bad input fails before any request; an unknown recording says so', async () => {
		await withSimulator({ recordings: 20 }, async (simulator) => {
			const parameters = {
				resource: 'recordingAccessDetail',
				operation: 'getAll',
				returnAll: true,
				options: {},
			};
			for (const [recordingId, filters, message] of [
				['', {}, /Recording ID must be a Webex recording ID/],
				['abc', { hostEmail: 'all' }, /Host Email cannot be "all"/],
				['abc', { hostEmail: 'not-an-email' }, /Host Email must be an email address/],
			]) {
				const error = await rejection(
					run('webexRecordingAudit', simulator, { ...parameters, recordingId, filters }),
				);
				assert.match(error.message, message);
			}
			assert.equal(simulator.requests.length, 0);
			const error = await rejection(
				run('webexRecordingAudit', simulator, {
					...parameters,
					recordingId: 'no-such-recording',
					filters: {},
				}),
			);
			assert.equal(error.httpCode, '404');
			assert.match(error.description, /No recording with this ID exists/);
		});
	});
});

describe('Webex Admin Audit', () => {
	const adminParameters = (parameters = {}) => ({
		resource: 'adminAuditEvent',
		operation: 'getAll',
		orgId: '',
		returnAll: true,
		filters: {},
		options: {},
		...parameters,
	});
	const securityParameters = (parameters = {}) => ({
		...adminParameters(parameters),
		resource: 'securityAuditEvent',
	});

	it('admin audit events: the org from /people/me, the last 24 hours by default, every event once across offset pages', async () => {
		await withSimulator({ adminAuditEvents: 2000, adminAuditSpanDays: 2 }, async (simulator) => {
			const started = Date.now();
			const items = await run(
				'webexAdminAudit',
				simulator,
				adminParameters({ options: { pageSize: 150 } }),
			);
			const [me] = requestsTo(simulator, '/people/me');
			assert.ok(me, 'the org was read from /people/me');
			const pages = requestsTo(simulator, '/adminAudit/events');
			assert.ok(pages.every((page) => page.query.orgId === ORG_ID));
			const toMs = Date.parse(pages[0].query.to);
			assert.ok(Math.abs(toMs - started) < 5000);
			assert.equal(
				Date.parse(pages[0].query.from),
				toMs - DAY - 1,
				'from 24 hours before, the first millisecond included',
			);
			assert.deepEqual(ids(items), auditIds(simulator.adminAudit, toMs - DAY - 1, toMs));
			assert.ok(items.length > 900);
			assert.deepEqual(
				pages.map((page) => Number(page.query.offset ?? 0)),
				pages.map((_, n) => n * 150),
				'offset pages of 150',
			);
		});
	});

	it('admin audit events: Link pages when Webex sends them, filters reach Webex, Limit stops early, Simplify gives flat rows', async () => {
		await withSimulator(
			{ adminAuditEvents: 3000, adminAuditSpanDays: 3, adminAuditLink: true },
			async (simulator) => {
				const filters = {
					actorId: simulator.adminAudit.at(0).actorId,
					eventCategories: ['USERS', 'LICENSES'],
					from: iso(Date.now() - 3 * DAY),
				};
				const items = await run(
					'webexAdminAudit',
					simulator,
					adminParameters({
						orgId: ORG_ID,
						returnAll: false,
						limit: 7,
						filters,
						options: { simplify: true },
					}),
				);
				const [first] = requestsTo(simulator, '/adminAudit/events');
				assert.equal(first.query.actorId, filters.actorId);
				assert.equal(first.query.eventCategories, 'USERS,LICENSES');
				assert.equal(first.query.max, '7');
				assert.ok(items.length <= 7);
				assert.equal(
					requestsTo(simulator, '/people/me').length,
					0,
					'an Organization ID given is used as it is',
				);
				for (const item of items) {
					assert.ok(['USERS', 'LICENSES'].includes(item.json.eventCategory));
					assert.equal(item.json.actorId, filters.actorId);
					assert.ok(
						'actorEmail' in item.json && 'targetName' in item.json && !('data' in item.json),
					);
				}
				const all = await run(
					'webexAdminAudit',
					simulator,
					adminParameters({
						orgId: ORG_ID,
						filters: { from: iso(Date.now() - 3 * DAY) },
						options: { pageSize: 200 },
					}),
				);
				assert.equal(new Set(ids(all)).size, all.length);
				assert.ok(all.length > 2900);
			},
		);
	});

	it('a range longer than a year is split into windows; an event on a window edge is output once', async () => {
		await withSimulator({ adminAuditEvents: 400, adminAuditSpanDays: 700 }, async (simulator) => {
			const items = await run(
				'webexAdminAudit',
				simulator,
				adminParameters({
					filters: { from: iso(Date.now() - 700 * DAY) },
					options: { pageSize: 200 },
				}),
			);
			const windows = requestsTo(simulator, '/adminAudit/events').filter(
				(page) => !page.query.offset || page.query.offset === '0',
			);
			assert.equal(windows.length, 2);
			for (const window of windows)
				assert.ok(Date.parse(window.query.to) - Date.parse(window.query.from) <= 365 * DAY);
			assert.equal(
				Date.parse(windows[1].query.to),
				Date.parse(windows[0].query.from) + 1,
				'windows meet: no gap, no overlap',
			);
			assert.equal(new Set(ids(items)).size, items.length);
			assert.equal(
				items.length,
				auditIds(
					simulator.adminAudit,
					Date.parse(windows[1].query.from),
					Date.parse(windows[0].query.to),
				).length,
			);
		});
	});

	it('security audit events: startTime/endTime, Link pages, every event once', async () => {
		await withSimulator(
			{ securityAuditEvents: 3000, securityAuditSpanDays: 1 },
			async (simulator) => {
				const items = await run(
					'webexAdminAudit',
					simulator,
					securityParameters({ options: { pageSize: 1000, simplify: true } }),
				);
				const pages = requestsTo(simulator, '/admin/securityAudit/events');
				assert.ok(pages.length >= 3);
				const { startTime, endTime } = pages[0].query;
				assert.ok(startTime && endTime && !pages[0].query.from);
				assert.deepEqual(
					ids(items),
					auditIds(simulator.securityAudit, Date.parse(startTime), Date.parse(endTime)),
				);
				assert.ok('actorIp' in items[0].json && 'eventCategory' in items[0].json);
			},
		);
	});

	it('bad input fails before any request, naming the field', async () => {
		await withSimulator({}, async (simulator) => {
			for (const [parameters, message] of [
				[
					adminParameters({ filters: { from: iso(Date.now()), to: iso(Date.now() - DAY) } }),
					/From .* is after To/,
				],
				[adminParameters({ filters: { from: 'yesterday-ish' } }), /From is not a date and time/],
				[
					adminParameters({ options: { pageSize: 500 } }),
					/Page Size must be a whole number from 1 to 200/,
				],
				[
					securityParameters({ returnAll: false, limit: 0 }),
					/Limit must be a whole number of at least 1/,
				],
			]) {
				const error = await rejection(run('webexAdminAudit', simulator, parameters));
				assert.match(error.message, message);
			}
			assert.equal(simulator.requests.length, 0);
		});
	});

	it('errors carry hints: 403 names the admin role and scope; the security audit names Pro Pack and the setting', async () => {
		await withSimulator(
			{
				proPack: false,
				tokens: { ...DEFAULT_TOKENS, plain: { person: 1, compliance: false, admin: false } },
			},
			async (simulator) => {
				const notAdmin = await rejection(
					run('webexAdminAudit', simulator, adminParameters({ orgId: ORG_ID }), { token: 'plain' }),
				);
				assert.equal(notAdmin.httpCode, '403');
				assert.match(
					notAdmin.description,
					/full administrator's token with the audit:events_read scope/,
				);
				const noProPack = await rejection(
					run('webexAdminAudit', simulator, securityParameters({ orgId: ORG_ID })),
				);
				assert.equal(noProPack.httpCode, '403');
				assert.match(noProPack.description, /Pro Pack/);
				assert.match(noProPack.description, /Allow user authentication data/);
			},
		);
	});

	it('the category list comes from Webex', async () => {
		await withSimulator({}, async (simulator) => {
			const { PACKAGE } = await import('./helpers/n8n.mjs');
			const context = {
				getNode: () => ({
					name: 'Webex Admin Audit',
					type: 'webexAdminAudit',
					typeVersion: 1,
					parameters: {},
				}),
				getNodeParameter: (name, fallback) =>
					name === 'authentication' ? 'accessToken' : fallback,
				getCredentials: async () => simulatorCredentials(simulator).webexApi,
				helpers: {
					// The load-options context's helper, reduced to what the test needs: the Bearer header.
					httpRequestWithAuthentication: async (_type, options) => {
						const response = await fetch(options.url, {
							headers: { ...options.headers, Authorization: 'Bearer sim-token' },
						});
						return {
							body: response.body,
							headers: Object.fromEntries(response.headers),
							statusCode: response.status,
						};
					},
				},
			};
			const options =
				await PACKAGE.nodes.webexAdminAudit.methods.loadOptions.getAdminAuditEventCategories.call(
					context,
				);
			assert.ok(options.length >= 10);
			assert.ok(options.some((option) => option.value === 'USERS'));
			assert.equal(requestsTo(simulator, '/adminAudit/eventCategories').length, 1);
		});
	});
});

describe('Webex Admin Audit Trigger', () => {
	const trigger = (simulator, { parameters = {}, ...rest } = {}) =>
		pollTrigger('webexAdminAuditTrigger', simulator, {
			parameters: { source: 'adminAudit', orgId: '', ...parameters },
			...rest,
		});

	for (const source of ['adminAudit', 'securityAudit']) {
		const dataset = source === 'adminAudit' ? 'adminAudit' : 'securityAudit';
		it(`${source}: a backlog drains in bounded polls, oldest first, each event once; nothing is emitted again`, async () => {
			await withSimulator(
				{
					adminAuditEvents: 900,
					adminAuditSpanDays: 2,
					securityAuditEvents: 900,
					securityAuditSpanDays: 2,
				},
				async (simulator) => {
					const parameters = {
						source,
						startFrom: 'hoursAgo',
						startHoursAgo: 72,
						options: { maxEventsPerPoll: 400 },
					};
					const batches = [];
					let run = { staticData: undefined };
					for (let pollIndex = 0; pollIndex < 10; pollIndex++) {
						run = await trigger(simulator, { parameters, staticData: run.staticData });
						if (run.items === null) break;
						batches.push(ids(run.items));
					}
					assert.deepEqual(
						batches.map((batch) => batch.length),
						[400, 400, 100],
					);
					const expected = [];
					for (let index = simulator[dataset].count - 1; index >= 0; index--)
						expected.push(simulator[dataset].at(index).id);
					assert.deepEqual(batches.flat(), expected);
					const path =
						source === 'adminAudit' ? '/adminAudit/events' : '/admin/securityAudit/events';
					const pages = requestsTo(simulator, path);
					assert.ok(pages.every((page) => page.query.orgId === ORG_ID));
					const [fromParam, toParam] =
						source === 'adminAudit' ? ['from', 'to'] : ['startTime', 'endTime'];
					assert.ok(
						pages.every((page) => page.query[fromParam] && page.query[toParam]),
						'both bounds on every request',
					);
				},
			);
		});
	}

	it('a poll started while the last one runs (n8n starts one at every Poll Time) is skipped: each event once', async () => {
		await withSimulator({ adminAuditEvents: 300, adminAuditSpanDays: 1 }, async (simulator) => {
			const parameters = { startFrom: 'hoursAgo', startHoursAgo: 2 };
			const run = await trigger(simulator, { parameters, atOnce: 2 });
			const [first, second] = run.items;
			assert.ok(first.length > 10, `${first.length} events in the first poll`);
			assert.equal(second, null, 'the poll started meanwhile emits nothing');
			const next = await trigger(simulator, { parameters, staticData: run.staticData });
			assert.equal(next.items, null, 'the next poll goes on from the first one: nothing again');
		});
	});

	it('new admin events between polls are emitted once; a failed poll moves nothing', async () => {
		await withSimulator({ adminAuditEvents: 300, adminAuditSpanDays: 1 }, async (simulator) => {
			let run = await trigger(simulator, {
				parameters: { startFrom: 'hoursAgo', startHoursAgo: 2 },
			});
			const firstIds = ids(run.items);
			assert.deepEqual(
				firstIds,
				auditIds(simulator.adminAudit, Date.now() - 2 * HOUR - 5000, Date.now())
					.reverse()
					.filter((id) => firstIds.includes(id)),
			);
			const before = JSON.parse(JSON.stringify(run.staticData));
			simulator.setFaults({ rules: [{ status: 503, path: '/v1/adminAudit/events' }] });
			const error = await rejection(
				trigger(simulator, {
					staticData: run.staticData,
					parameters: { options: { maxRetries: 0 } },
				}),
			);
			assert.equal(error.httpCode, '503');
			assert.deepEqual(error.staticDataAfter, before);
			simulator.setFaults({});
			run = await trigger(simulator, { staticData: run.staticData });
			assert.equal(run.items, null, 'nothing emitted twice');
		});
	});
});
