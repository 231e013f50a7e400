// Real Webex's next-link defects (webexpythonsdk issue 168 / PR 169, and its max=null patch):
// links that lose the first request's filters, and links that carry max=null. Every listing kind
// and both triggers, run once against a clean simulator and once against one with the defects,
// must give exactly the same output; and a record that contradicts a filter asked for is never
// output, with one line in n8n's log saying how many were left out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { captureLog, runNode, simulatorCredentials } from './helpers/n8n.mjs';
import { pollTrigger, requestsTo, withSimulator } from './helpers/index.mjs';
import { ORG_ID } from '../simulator/people.mjs';

const DAY = 86_400_000;
const iso = (ms) => new Date(ms).toISOString();
const json = (items) => (items ?? []).map((item) => item.json);

function run(type, simulator, parameters) {
	return runNode({
		type,
		parameters: { authentication: 'accessToken', ...parameters },
		credentials: simulatorCredentials(simulator),
	});
}

/**
 * Runs `list` against the clean simulator, then with every next link losing `drop` and carrying
 * max=null: same output, and every page after the first asked with the filters and the page size.
 */
async function sameWithDefects(simulator, { path, drop, pageSize, list, minPages = 3 }) {
	simulator.setFaults({});
	simulator.clearRequests();
	const clean = await list();
	const cleanPages = requestsTo(simulator, path);
	assert.ok(cleanPages.length >= minPages, `the listing spans pages (${cleanPages.length})`);

	simulator.setFaults({ nextLink: { drop, set: { max: 'null' } } });
	simulator.clearRequests();
	const log = captureLog();
	let defective;
	try {
		defective = await list();
	} finally {
		log.stop();
	}
	assert.deepEqual(defective, clean, 'same records, same order, no extra one');
	assert.ok(clean.length > 0);
	const pages = requestsTo(simulator, path);
	assert.equal(pages.length, cleanPages.length, 'no page more or less than against the clean API');
	assert.ok(
		pages.every((page) => page.status === 200),
		'every page answered',
	);
	assert.deepEqual(
		askedOf(pages),
		askedOf(cleanPages),
		'every page asked what it asks of a clean API',
	);
	assert.ok(
		pages.some((page) => page.query.cursor || page.query.offset),
		'next links were followed',
	);
	if (pageSize !== undefined)
		assert.ok(
			pages.every((page) => Number(page.query.max) <= pageSize && page.query.max !== 'null'),
		);
	assert.deepEqual(log.lines, [], 'nothing was left out: nothing to log');
	return { clean, pages };
}

/** The ids each poll emits, poll after poll from a new activation, until one emits nothing. */
async function drainTrigger(type, simulator, parameters) {
	const batches = [];
	let staticData;
	for (let pollIndex = 0; pollIndex < 30; pollIndex++) {
		const result = await pollTrigger(type, simulator, { parameters, staticData });
		staticData = result.staticData;
		if (result.items === null) break;
		batches.push(json(result.items).map((event) => event.id));
	}
	return batches;
}

/**
 * What each page asked, but for its position (Webex's cursor) and the times (the two runs start
 * at different moments: their windows are compared through the output), sorted.
 */
const askedOf = (pages) =>
	pages
		.map(({ query: { cursor, ...asked } }) =>
			JSON.stringify(
				Object.entries(asked)
					.map(([name, value]) => [name, /^\d{4}-\d\d-\d\dT/.test(value) ? 'a time' : value])
					.sort(),
			),
		)
		.sort();

describe('Next links that lose filters or carry max=null: the output is what a clean API gives', () => {
	it('Webex Events: Resource, Type, Actor ID, From and To put back; max the page size', async () => {
		await withSimulator({ events: 6000, eventSpanDays: 10 }, async (simulator) => {
			const actorId = simulator.events.at(3).actorId;
			// Each case: the query parameters asked, as the node's filters (Resource is eventResource).
			for (const [asked, parallelRequests, pageSize] of [
				[{ resource: 'messages', type: 'created' }, 1, 40],
				[{ resource: 'messages', type: 'created' }, 4, 40],
				[{ actorId }, 2, 5],
			]) {
				const { resource, ...others } = asked;
				const filters = resource ? { eventResource: resource, ...others } : others;
				const { clean } = await sameWithDefects(simulator, {
					path: '/events',
					drop: [...Object.keys(asked), 'from', 'to'],
					pageSize,
					list: async () =>
						json(
							await run('webexEvents', simulator, {
								resource: 'event',
								operation: 'getAll',
								returnAll: true,
								filters: { ...filters, from: iso(Date.now() - 9 * DAY), to: iso(Date.now() - DAY) },
								options: { pageSize, parallelRequests },
							}),
						),
				});
				for (const event of clean)
					for (const [name, value] of Object.entries(asked)) assert.equal(event[name], value);
			}
		});
	});

	it('Webex Events with a Limit: the links keep the filters and ask only for what is still needed', async () => {
		await withSimulator({ events: 3000 }, async (simulator) => {
			const { clean, pages } = await sameWithDefects(simulator, {
				path: '/events',
				drop: ['resource', 'type'],
				pageSize: 50,
				list: async () =>
					json(
						await run('webexEvents', simulator, {
							resource: 'event',
							operation: 'getAll',
							returnAll: false,
							limit: 120,
							filters: { eventResource: 'messages', type: 'created' },
							options: { pageSize: 50 },
						}),
					),
			});
			assert.equal(clean.length, 120);
			assert.deepEqual(
				pages.map((page) => page.query.max),
				['50', '50', '20'],
			);
		});
	});

	it('Recording audit summaries: Host Email, From and To put back in every window', async () => {
		await withSimulator({ recordings: 3000, recordingSpanDays: 200 }, async (simulator) => {
			const hostEmail = simulator.recordings.at(0).hostEmail;
			const { clean } = await sameWithDefects(simulator, {
				path: '/recordingReport/accessSummary',
				drop: ['hostEmail', 'from', 'to'],
				pageSize: 10,
				list: async () =>
					json(
						await run('webexRecordingAudit', simulator, {
							resource: 'recordingAuditSummary',
							operation: 'getAll',
							returnAll: true,
							filters: { hostEmail, from: iso(Date.now() - 190 * DAY) },
							options: { pageSize: 10 },
						}),
					),
			});
			assert.ok(clean.every((summary) => summary.hostEmail === hostEmail));
		});
	});

	it('Recording access details: Recording ID and Host Email put back', async () => {
		await withSimulator({ recordings: 500 }, async (simulator) => {
			let index = 0;
			while (simulator.recordings.accessDetail(index).length <= 60) index++;
			const recording = simulator.recordings.at(index);
			await sameWithDefects(simulator, {
				path: '/recordingReport/accessDetail',
				drop: ['recordingId', 'hostEmail'],
				pageSize: 20,
				list: async () =>
					json(
						await run('webexRecordingAudit', simulator, {
							resource: 'recordingAccessDetail',
							operation: 'getAll',
							recordingId: recording.recordingId,
							returnAll: true,
							filters: { hostEmail: recording.hostEmail },
							options: { pageSize: 20 },
						}),
					),
			});
		});
	});

	for (const [resource, path, fromParam, toParam] of [
		['adminAuditEvent', '/adminAudit/events', 'from', 'to'],
		['securityAuditEvent', '/admin/securityAudit/events', 'startTime', 'endTime'],
	]) {
		it(`${resource}: Organization ID, the window, Actor ID and categories put back`, async () => {
			await withSimulator(
				{
					adminAuditEvents: 3000,
					adminAuditSpanDays: 2,
					securityAuditEvents: 3000,
					securityAuditSpanDays: 2,
					adminAuditLink: true,
				},
				async (simulator) => {
					const dataset = resource === 'adminAuditEvent' ? 'adminAudit' : 'securityAudit';
					const categories = [
						simulator[dataset].at(0).data.eventCategory,
						simulator[dataset].at(1).data.eventCategory,
					];
					const { clean } = await sameWithDefects(simulator, {
						path,
						drop: ['orgId', fromParam, toParam, 'eventCategories'],
						pageSize: 25,
						list: async () =>
							json(
								await run('webexAdminAudit', simulator, {
									resource,
									operation: 'getAll',
									orgId: ORG_ID,
									returnAll: true,
									filters: {
										eventCategories: categories.join(','),
										from: iso(Date.now() - 2 * DAY),
									},
									options: { pageSize: 25 },
								}),
							),
					});
					assert.ok(clean.every((event) => categories.includes(event.data.eventCategory)));
				},
			);
		});
	}

	it('Webex Events Trigger: a backlog over several polls emits the same events in the same order', async () => {
		await withSimulator({ events: 4000, eventSpanDays: 2 }, async (simulator) => {
			const parameters = {
				startFrom: 'hoursAgo',
				startHoursAgo: 30,
				filters: { eventResource: 'messages', type: 'created' },
				options: { maxEventsPerPoll: 150, pageSize: 30 },
			};
			const { clean } = await sameWithDefects(simulator, {
				path: '/events',
				drop: ['resource', 'type', 'from', 'to'],
				pageSize: 30,
				list: () => drainTrigger('webexEventsTrigger', simulator, parameters),
			});
			assert.ok(clean.length >= 2, 'several polls');
		});
	});

	it('Webex Admin Audit Trigger (security audit): the same events, polls and order', async () => {
		await withSimulator(
			{ securityAuditEvents: 2000, securityAuditSpanDays: 1 },
			async (simulator) => {
				const category = simulator.securityAudit.at(0).data.eventCategory;
				const parameters = {
					source: 'securityAudit',
					orgId: '',
					startFrom: 'hoursAgo',
					startHoursAgo: 30,
					filters: { securityEventCategories: category },
					options: { maxEventsPerPoll: 200, pageSize: 30 },
				};
				const { clean } = await sameWithDefects(simulator, {
					path: '/admin/securityAudit/events',
					drop: ['orgId', 'startTime', 'endTime', 'eventCategories'],
					pageSize: 30,
					list: () => drainTrigger('webexAdminAuditTrigger', simulator, parameters),
				});
				assert.ok(clean.flat().length > 200);
			},
		);
	});
});

describe('Records that contradict a filter asked for are left out, and the log says how many', () => {
	it('Webex Events: next links that change Type bring other events; none is output', async () => {
		await withSimulator({ events: 3000, eventSpanDays: 10 }, async (simulator) => {
			const parameters = {
				resource: 'event',
				operation: 'getAll',
				returnAll: true,
				filters: { eventResource: 'messages', type: 'created', from: iso(Date.now() - 9 * DAY) },
				options: { pageSize: 50, parallelRequests: 1 },
			};
			const clean = json(await run('webexEvents', simulator, parameters));
			simulator.setFaults({ nextLink: { set: { type: 'deleted' } } });
			simulator.clearRequests();
			const log = captureLog();
			let items;
			try {
				items = json(await run('webexEvents', simulator, parameters));
			} finally {
				log.stop();
			}
			const [first, ...rest] = requestsTo(simulator, '/events');
			assert.ok(rest.length > 0 && rest.every((page) => page.query.type === 'deleted'));
			assert.deepEqual(
				items.map((event) => event.id),
				clean.slice(0, items.length).map((event) => event.id),
				'only the first page came with the filter; the rest is left out',
			);
			assert.ok(items.length > 0 && items.length <= 50);
			assert.ok(items.every((event) => event.type === 'created' && event.resource === 'messages'));
			assert.equal(first.query.type, 'created');
			assert.equal(log.lines.length, 1, log.lines.join('\n'));
			assert.match(
				log.lines[0],
				/^Webex: left out \d+ records from \/events that contradicted the filters asked for \(type\)/,
			);
			const count = Number(/left out (\d+)/.exec(log.lines[0])[1]);
			assert.ok(count > 100);
			assert.doesNotMatch(log.lines[0], /"id"|Y2lzY29zcGFyazov/, 'the log names no record');
		});
	});

	it('an Actor ID written with another region than Webex writes it still matches that person', async () => {
		await withSimulator({ adminAuditEvents: 3000, adminAuditSpanDays: 1 }, async (simulator) => {
			const actorId = simulator.adminAudit.at(0).actorId;
			const decoded = Buffer.from(actorId, 'base64').toString('utf8');
			const otherRegion = Buffer.from(decoded.replace('://us/', '://eu/')).toString('base64');
			assert.notEqual(otherRegion, actorId);
			const log = captureLog();
			let items;
			try {
				items = json(
					await run('webexAdminAudit', simulator, {
						resource: 'adminAuditEvent',
						operation: 'getAll',
						orgId: ORG_ID,
						returnAll: true,
						filters: { actorId: otherRegion, from: iso(Date.now() - DAY) },
						options: { pageSize: 20 },
					}),
				);
			} finally {
				log.stop();
			}
			assert.ok(items.length > 20, `every page of that person's events (${items.length})`);
			assert.ok(items.every((event) => event.actorId === actorId));
			assert.deepEqual(log.lines, []);
		});
	});

	it('Webex Events Trigger: contradicting events are never emitted; the matching ones are, once', async () => {
		await withSimulator({ events: 2000, eventSpanDays: 1 }, async (simulator) => {
			simulator.setFaults({ nextLink: { set: { resource: 'files' } } });
			const log = captureLog();
			let result;
			try {
				result = await pollTrigger('webexEventsTrigger', simulator, {
					parameters: {
						startFrom: 'hoursAgo',
						startHoursAgo: 30,
						filters: { eventResource: 'messages' },
						options: { pageSize: 20 },
					},
				});
			} finally {
				log.stop();
			}
			const events = json(result.items);
			assert.ok(events.length > 0);
			assert.ok(events.every((event) => event.resource === 'messages'));
			assert.equal(new Set(events.map((event) => event.id)).size, events.length);
			assert.equal(log.lines.length, 1, log.lines.join('\n'));
			assert.match(log.lines[0], /left out \d+ records from \/events .*\(resource\)/);
			// A left-out event never moves the position: it stops at the newest event emitted.
			const { positionMs } = result.staticData['node:Webex Trigger'].state;
			assert.equal(positionMs, Math.max(...events.map((event) => Date.parse(event.created))));
		});
	});
});
