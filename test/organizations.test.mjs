// Organizations on Webex Admin Audit → Get Many and the Webex Admin Audit Trigger: the token's
// own, a list of IDs, every one a partner's token sees; a refusing one; the trigger's state per
// organization and scope. Through n8n's engine against the simulator's customer organisations.
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';

import { poll, runNode, simulatorCredentials } from './helpers/n8n.mjs';
import {
	auditOrgState,
	mostInFlight,
	parseCsv,
	rejection,
	requestsTo,
	withSimulator,
} from './helpers/index.mjs';
import { ORG_ID, ORG_UUID } from '../simulator/people.mjs';
import { webexId } from '../simulator/random.mjs';

const HOUR = 3_600_000;
const STATE_KEY = 'node:Webex Trigger';

/** A partner's simulator: `customers` organisations, a few events each in the last day. */
const partnerOptions = (customers, extra = {}) => ({
	customerOrgs: customers,
	customerAuditEvents: 6,
	customerAuditSpanDays: 0.5,
	adminAuditEvents: 6,
	adminAuditSpanDays: 0.5,
	securityAuditEvents: 6,
	securityAuditSpanDays: 0.5,
	...extra,
});

/** Ids of a data set's records, newest first (oldestFirst: reversed). */
function datasetIds(dataset, { oldestFirst = false } = {}) {
	const ids = [];
	for (let index = 0; index < dataset.count; index++) ids.push(dataset.at(index).id);
	return oldestFirst ? ids.reverse() : ids;
}

function getMany(simulator, parameters, token = 'partner-token') {
	return runNode({
		type: 'webexAdminAudit',
		parameters: {
			authentication: 'accessToken',
			resource: 'adminAuditEvent',
			operation: 'getAll',
			returnAll: true,
			filters: {},
			options: {},
			...parameters,
		},
		credentials: simulatorCredentials(simulator, token),
	});
}

/** One poll of the Webex Admin Audit Trigger (admin audit, 24 hours back) with a partner's token. */
const trigger = (simulator, parameters, staticData, token = 'partner-token') =>
	poll({
		type: 'webexAdminAuditTrigger',
		parameters: {
			authentication: 'accessToken',
			source: 'adminAudit',
			startFrom: 'hoursAgo',
			startHoursAgo: 24,
			lookback: 5,
			filters: {},
			options: {},
			...parameters,
		},
		credentials: simulatorCredentials(simulator, token),
		staticData,
	});

const fileText = (item) => {
	const bytes = Buffer.from(item.binary.data.data, 'base64');
	return (item.json.gzip ? gunzipSync(bytes) : bytes).toString('utf8');
};

describe('Webex Admin Audit → Get Many: Organizations', () => {
	it("every organization a partner's token sees: each one's events once, named by orgId and orgName; Simplify and CSV have both columns", async () => {
		await withSimulator(partnerOptions(3), async (simulator) => {
			const items = await getMany(simulator, { organizations: 'all' });
			const orgs = [simulator.orgs.own, ...simulator.orgs.customers];
			const datasets = [simulator.adminAudit, ...simulator.orgs.customers.map((c) => c.adminAudit)];
			assert.deepEqual(
				items.map((item) => item.json.id),
				datasets.flatMap((dataset) => datasetIds(dataset)),
				'every event of every organization once, organization by organization',
			);
			for (const item of items) {
				const org = orgs.find((candidate) => candidate.id === item.json.orgId);
				assert.ok(org, 'each item names its organization');
				assert.equal(item.json.orgName, org.name);
			}
			assert.equal(requestsTo(simulator, '/organizations').length, 1);
			assert.equal(requestsTo(simulator, '/people/me').length, 0);

			const [simple] = await getMany(simulator, {
				organizations: 'all',
				options: { simplify: true },
			});
			const columns = Object.keys(simple.json);
			assert.deepEqual(columns.slice(0, 2), ['created', 'orgName']);
			assert.equal(columns[columns.indexOf('actorId') - 1], 'orgId');
			assert.equal(simple.json.orgName, 'Acme Inc.');

			const [file] = await getMany(simulator, {
				resource: 'securityAuditEvent',
				organizations: 'all',
				options: { output: 'csv', gzip: false },
			});
			const [header, ...rows] = parseCsv(fileText(file));
			assert.deepEqual(header.slice(0, 2), ['created', 'orgName']);
			assert.ok(header.includes('orgId'));
			assert.equal(rows.length, file.json.records);
			assert.deepEqual(
				[...new Set(rows.map((row) => row[1]))],
				orgs.map((org) => org.name),
			);
			assert.deepEqual(file.json.refusedOrganizations, []);
		});
	});

	it('a list of IDs: only those, named from GET /organizations; a token that is not a partner sees its own', async () => {
		await withSimulator(partnerOptions(4), async (simulator) => {
			const [, second, , fourth] = simulator.orgs.customers;
			const items = await getMany(simulator, {
				organizations: 'list',
				orgIds: `${fourth.id}, ${second.id}\n${fourth.id}`,
			});
			assert.deepEqual(
				items.map((item) => item.json.id),
				[...datasetIds(fourth.adminAudit), ...datasetIds(second.adminAudit)],
			);
			assert.deepEqual(
				[...new Set(items.map((item) => `${item.json.orgId} ${item.json.orgName}`))],
				[`${fourth.id} ${fourth.name}`, `${second.id} ${second.name}`],
			);
			const own = await getMany(simulator, { organizations: 'all' }, 'sim-token');
			assert.deepEqual(
				own.map((item) => item.json.id),
				datasetIds(simulator.adminAudit),
			);
			assert.ok(own.every((item) => item.json.orgId === ORG_ID));
		});
	});

	it('This Organization is as before: no orgId or orgName added', async () => {
		await withSimulator(partnerOptions(2), async (simulator) => {
			const items = await getMany(simulator, { orgId: '' }, 'sim-token');
			assert.equal(items.length, 6);
			assert.ok(items.every((item) => !('orgName' in item.json) && !('orgId' in item.json)));
			assert.equal(requestsTo(simulator, '/organizations').length, 0);
		});
	});

	it('an empty or malformed list fails before any request, naming Organization IDs', async () => {
		await withSimulator(partnerOptions(1), async (simulator) => {
			const empty = await rejection(getMany(simulator, { organizations: 'list', orgIds: ' , ' }));
			assert.match(empty.message, /Organization IDs is empty/);
			const malformed = await rejection(
				getMany(simulator, {
					organizations: 'list',
					orgIds: `${ORG_ID},acme-org,${Buffer.from('ciscospark://us/PEOPLE/1').toString('base64')}`,
				}),
			);
			assert.match(
				malformed.message,
				/Organization IDs holds values that are not a Webex organization ID: acme-org/,
			);
			assert.equal(simulator.requests.length, 0);
		});
	});

	it('an organization that refuses fails the run naming it; with Continue on Refused Organizations the others are read and it is reported', async () => {
		await withSimulator(partnerOptions(3, { refusingOrgs: [1] }), async (simulator) => {
			const refusing = simulator.orgs.customers[1];
			const error = await rejection(getMany(simulator, { organizations: 'all' }));
			assert.equal(error.httpCode, '403');
			assert.ok(error.message.includes(`${refusing.name} (${refusing.id}) refused`), error.message);
			assert.match(error.description, /Continue on Refused Organizations/);

			const items = await getMany(simulator, { organizations: 'all', continueOnRefused: true });
			const others = [
				simulator.adminAudit,
				...simulator.orgs.customers.filter((c) => !c.refuses).map((c) => c.adminAudit),
			];
			const records = items.slice(0, -1);
			assert.deepEqual(
				records.map((item) => item.json.id).sort(),
				others.flatMap((dataset) => datasetIds(dataset)).sort(),
			);
			const report = items.at(-1).json;
			assert.equal(report.orgId, refusing.id);
			assert.equal(report.orgName, refusing.name);
			assert.match(report.error, /403/);

			const [file] = await getMany(simulator, {
				organizations: 'all',
				continueOnRefused: true,
				options: { output: 'jsonLines', gzip: true },
			});
			assert.equal(file.json.records, records.length);
			assert.deepEqual(
				file.json.refusedOrganizations.map((org) => org.orgName),
				[refusing.name],
			);
		});
	});

	it('a token that may not list organizations: the error says so, and how to go on', async () => {
		await withSimulator(partnerOptions(1), async (simulator) => {
			simulator.setFaults({ rules: [{ status: 403, path: '/v1/organizations' }] });
			const error = await rejection(getMany(simulator, { organizations: 'all' }));
			assert.equal(error.httpCode, '403');
			assert.match(error.description, /GET \/organizations.*List of IDs/);
			assert.equal(requestsTo(simulator, '/adminAudit/events').length, 0);
		});
	});

	it('every organization refusing fails the run even with Continue: nothing was read (the token, not a customer)', async () => {
		await withSimulator(partnerOptions(2), async (simulator) => {
			// A compliance officer is not a partner's full administrator: every audit is refused.
			const error = await rejection(
				getMany(simulator, { organizations: 'all', continueOnRefused: true }, 'officer-token'),
			);
			assert.match(error.message, /^All \d+ organizations refused/);
			assert.match(error.description, /Nothing was read/);
		});
	});

	it('Parallel Requests is one limit for the whole run: organizations read at once, never more than it', async () => {
		await withSimulator(partnerOptions(11, { faults: { delayMs: 150 } }), async (simulator) => {
			const items = await getMany(simulator, {
				organizations: 'all',
				options: { parallelRequests: 3 },
			});
			assert.equal(items.length, 12 * 6);
			const arrivals = simulator.requests.map((request) => request.at);
			assert.equal(simulator.requests[0].path, '/v1/organizations');
			const audit = arrivals.slice(1);
			assert.ok(audit[2] - audit[0] < 100, 'three organizations read together');
			for (let index = 3; index < arrivals.length; index++)
				assert.ok(arrivals[index] - arrivals[index - 3] >= 140, 'a fourth waits for one of three');
		});
	});

	it(
		'500 customer organizations, with Parallel Requests: every event of each once',
		{ timeout: 120_000 },
		async () => {
			await withSimulator(partnerOptions(500, { customerAuditEvents: 2 }), async (simulator) => {
				const items = await getMany(simulator, {
					organizations: 'all',
					options: { parallelRequests: 4 },
				});
				const expected = [
					simulator.adminAudit,
					...simulator.orgs.customers.map((c) => c.adminAudit),
				].flatMap((dataset) => datasetIds(dataset));
				assert.equal(items.length, 6 + 1000);
				assert.deepEqual(
					items.map((item) => item.json.id),
					expected,
				);
				assert.equal(new Set(items.map((item) => item.json.orgId)).size, 501);
			});
		},
	);
});

describe('Webex Admin Audit Trigger: Organizations', () => {
	/** Polls until one emits nothing; every poll's items and the last static data. */
	async function drain(simulator, parameters, staticData, maxPolls = 30) {
		const items = [];
		let run = { staticData };
		for (let index = 0; index < maxPolls; index++) {
			run = await trigger(simulator, parameters, run.staticData);
			if (run.items === null) return { items, staticData: run.staticData, polls: index + 1 };
			items.push(...run.items);
		}
		throw new Error(`still emitting after ${maxPolls} polls`);
	}

	const byOrg = (items) => {
		const groups = {};
		for (const { json } of items) (groups[json.orgName] ??= []).push(json.id);
		return groups;
	};
	const expectedByOrg = (orgs) =>
		Object.fromEntries(
			orgs.map((org) => [org.name, datasetIds(org.adminAudit, { oldestFirst: true })]),
		);

	it('every event once per organization over many polls; a new organization starts by Start From, a vanished one drops its state; another scope starts afresh', async () => {
		await withSimulator(partnerOptions(3, { customerAuditEvents: 30 }), async (simulator) => {
			const [first, second, third] = simulator.orgs.customers;
			simulator.orgs.visible.delete(third.id);
			const parameters = { organizations: 'all', options: { maxEventsPerPoll: 7 } };
			const drained = await drain(simulator, parameters);
			assert.ok(drained.polls >= 10, `${drained.polls} polls`);
			const own = { name: 'Acme Inc.', adminAudit: simulator.adminAudit };
			assert.deepEqual(byOrg(drained.items), expectedByOrg([own, first, second]));
			const state = drained.staticData[STATE_KEY].state;
			assert.deepEqual(Object.keys(state.orgs).sort(), [ORG_UUID, first.uuid, second.uuid].sort());

			// A new customer appears, one goes away.
			simulator.orgs.visible.add(third.id);
			simulator.orgs.visible.delete(first.id);
			const appearedMs = Date.now();
			const later = await drain(simulator, parameters, drained.staticData);
			const sinceOf = (org) => auditOrgState(later.staticData, org.uuid).sinceMs;
			assert.ok(
				sinceOf(third) >= appearedMs - 24 * HOUR,
				'the new one: 24 hours before it appeared',
			);
			assert.ok(sinceOf(second) < appearedMs - 24 * HOUR, 'the others keep their own start');
			assert.deepEqual(
				byOrg(later.items),
				expectedByOrg([third]),
				'only the new one, from Start From',
			);
			assert.deepEqual(
				Object.keys(later.staticData[STATE_KEY].state.orgs).sort(),
				[ORG_UUID, second.uuid, third.uuid].sort(),
			);

			// Another scope (a filter): nothing of the previous positions carries over.
			const filtered = {
				...parameters,
				startFrom: 'now',
				filters: { eventCategories: ['LOGINS'] },
			};
			const next = await trigger(simulator, filtered, later.staticData);
			assert.equal(next.items, null);
			const nextState = next.staticData[STATE_KEY].state;
			assert.notEqual(nextState.scope, later.staticData[STATE_KEY].state.scope);
			for (const [sinceMs, positionMs] of Object.values(nextState.orgs)) {
				assert.ok(Date.now() - sinceMs < 60_000, 'started now');
				assert.equal(positionMs, sinceMs);
			}
			// Back to the first scope: it starts afresh too (Start From), nothing twice from old state.
			const back = await drain(simulator, { ...parameters, startFrom: 'now' }, next.staticData);
			assert.deepEqual(back.items, []);
		});
	});

	it('organizations a poll did not reach (Max Events per Poll) are read first by the next', async () => {
		await withSimulator(
			partnerOptions(2, { customerAuditEvents: 30, adminAuditEvents: 30 }),
			async (simulator) => {
				const [first, second] = simulator.orgs.customers;
				// One at a time: which organization the cap cuts is then fixed (side by side it is the
				// one reading when the cap is reached, see the tests of Parallel Requests below).
				const parameters = {
					organizations: 'all',
					options: { maxEventsPerPoll: 40, parallelRequests: 1 },
				};
				const one = await trigger(simulator, parameters);
				assert.deepEqual(
					Object.entries(byOrg(one.items)).map(([name, ids]) => [name, ids.length]),
					[
						['Acme Inc.', 30],
						[first.name, 10],
					],
				);
				const two = await trigger(simulator, parameters, one.staticData);
				assert.deepEqual(
					Object.entries(byOrg(two.items)).map(([name, ids]) => [name, ids.length]),
					[
						[second.name, 30],
						[first.name, 10],
					],
				);
				const three = await trigger(simulator, parameters, two.staticData);
				assert.deepEqual(
					Object.entries(byOrg(three.items)).map(([name, ids]) => [name, ids.length]),
					[[first.name, 10]],
				);
				const own = { name: 'Acme Inc.', adminAudit: simulator.adminAudit };
				assert.deepEqual(
					byOrg([...one.items, ...two.items, ...three.items]),
					expectedByOrg([own, first, second]),
				);
			},
		);
	});

	it('a state from before organizations goes on where it was: nothing emitted again, nothing lost; /people/me is read once', async () => {
		await withSimulator({ adminAuditEvents: 300, adminAuditSpanDays: 0.5 }, async (simulator) => {
			const parameters = { orgId: '', options: { maxEventsPerPoll: 120 } };
			const first = await trigger(simulator, parameters, undefined, 'sim-token');
			assert.equal(first.items.length, 120);
			// The single-stream state the trigger kept before (version 2), at the same position.
			const { sinceMs, positionMs, horizonMs, windowMs, emitted } = auditOrgState(first.staticData);
			const legacy = {
				[STATE_KEY]: {
					state: {
						version: 2,
						sinceMs,
						positionMs,
						horizonMs,
						emitted,
						...(windowMs ? { windowMs } : {}),
					},
				},
			};
			const rest = [];
			let run = { staticData: legacy };
			for (let index = 0; index < 10; index++) {
				run = await trigger(simulator, parameters, run.staticData, 'sim-token');
				if (run.items === null) break;
				rest.push(...run.items.map((item) => item.json.id));
			}
			assert.deepEqual(
				[...first.items.map((item) => item.json.id), ...rest],
				datasetIds(simulator.adminAudit, { oldestFirst: true }),
			);
			assert.equal(run.staticData[STATE_KEY].state.version, 3);
			// The first poll and the migrating one read /people/me; the state knows the org after.
			assert.equal(requestsTo(simulator, '/people/me').length, 2);
		});
	});

	it('a refusing organization fails the poll naming it and moves nothing; with Continue the others go on', async () => {
		await withSimulator(partnerOptions(2, { refusingOrgs: [0] }), async (simulator) => {
			const [refusing, other] = simulator.orgs.customers;
			const error = await rejection(trigger(simulator, { organizations: 'all' }));
			assert.ok(error.message.includes(`${refusing.name} (${refusing.id}) refused`));
			assert.equal(error.staticDataAfter[STATE_KEY]?.state, undefined, 'no state written');
			const run = await trigger(simulator, { organizations: 'all', continueOnRefused: true });
			assert.deepEqual(Object.keys(byOrg(run.items)), ['Acme Inc.', other.name]);
			assert.equal(run.staticData[STATE_KEY].state.orgs[refusing.uuid], undefined);
		});
	});

	it('every organization refusing fails the poll even with Continue, instead of a trigger silent for ever', async () => {
		await withSimulator(partnerOptions(2), async (simulator) => {
			const error = await rejection(
				trigger(simulator, { organizations: 'all', continueOnRefused: true }, {}, 'officer-token'),
			);
			assert.match(error.message, /^All \d+ organizations refused/);
			assert.equal(error.staticDataAfter[STATE_KEY]?.state, undefined, 'no state written');
		});
	});

	it(
		'500 customer organizations: each event once; the state stays small',
		{ timeout: 120_000 },
		async () => {
			await withSimulator(partnerOptions(500, { customerAuditEvents: 2 }), async (simulator) => {
				const drained = await drain(simulator, {
					organizations: 'all',
					options: { maxEventsPerPoll: 400 },
				});
				assert.equal(drained.items.length, 6 + 1000);
				assert.equal(new Set(drained.items.map((item) => item.json.id)).size, 1006);
				const bytes = JSON.stringify(drained.staticData[STATE_KEY].state).length;
				const [key, entry] = Object.entries(drained.staticData[STATE_KEY].state.orgs)[1];
				console.log(
					`# state of 501 organizations: ${bytes} bytes; one: ${key} ${JSON.stringify(entry)}`,
				);
				assert.ok(bytes < 200_000, `${bytes} bytes`);
			});
		},
	);
});

describe('Organizations side by side, within Parallel Requests', () => {
	for (const parallelRequests of [1, 3]) {
		it(`the trigger's poll and Get Many hold at most ${parallelRequests} request${parallelRequests > 1 ? 's' : ''} in flight, GET /organizations included${parallelRequests > 1 ? '; organizations are read side by side' : ''}`, async () => {
			// Each answer takes 100 ms: requests sent side by side are seen side by side.
			await withSimulator(partnerOptions(8, { faults: { delayMs: 100 } }), async (simulator) => {
				const polled = await trigger(simulator, {
					organizations: 'all',
					options: { parallelRequests },
				});
				assert.equal(new Set(polled.items.map((item) => item.json.orgId)).size, 9);
				assert.equal(simulator.requests[0].path, '/v1/organizations');
				const pollMost = mostInFlight(simulator.requests);
				simulator.clearRequests();
				const items = await getMany(simulator, {
					organizations: 'all',
					options: { parallelRequests },
				});
				assert.equal(items.length, 9 * 6);
				const getManyMost = mostInFlight(simulator.requests);
				for (const most of [pollMost, getManyMost]) {
					assert.ok(most <= parallelRequests, `${most} in flight`);
					if (parallelRequests > 1) assert.ok(most >= 2, `${most} in flight: side by side`);
				}
			});
		});
	}

	it('exactly once across polls with organizations read side by side and Max Events per Poll cutting in: each one its oldest events, together, its state past those only', async () => {
		// Answers of 5 to 15 ms: which organization reads first varies from poll to poll.
		const options = partnerOptions(6, {
			customerAuditEvents: 30,
			adminAuditEvents: 30,
			latencyMs: 10,
			latencyJitterMs: 5,
		});
		await withSimulator(options, async (simulator) => {
			const orgs = [
				{ name: 'Acme Inc.', adminAudit: simulator.adminAudit },
				...simulator.orgs.customers,
			];
			const expected = Object.fromEntries(
				orgs.map((org) => [org.name, datasetIds(org.adminAudit, { oldestFirst: true })]),
			);
			const parameters = {
				organizations: 'all',
				options: { maxEventsPerPoll: 25, parallelRequests: 4 },
			};
			const seen = Object.fromEntries(orgs.map((org) => [org.name, []]));
			let staticData;
			let polls = 0;
			for (; polls < 40; polls++) {
				const run = await trigger(simulator, parameters, staticData);
				staticData = run.staticData;
				if (run.items === null) break;
				assert.ok(run.items.length <= 25, `${run.items.length} events in one poll`);
				// Each organization's events of the poll come together, oldest first.
				const names = run.items.map((item) => item.json.orgName);
				const groups = names.filter((name, index) => name !== names[index - 1]);
				assert.equal(new Set(groups).size, groups.length, `grouped: ${groups.join(', ')}`);
				for (const { json } of run.items) seen[json.orgName].push(json.id);
				// Each organization's state moved past what it emitted and no further: every event
				// before its position, and every one it remembers, was emitted.
				for (const org of orgs) {
					const state = auditOrgState(staticData, org.uuid ?? ORG_UUID);
					if (!state) continue;
					const emitted = new Set(seen[org.name]);
					for (const [key] of state.emitted)
						assert.ok(emitted.has(key.slice('id:'.length)), `${org.name} remembers ${key}`);
					for (let index = 0; index < org.adminAudit.count; index++) {
						const event = org.adminAudit.at(index);
						if (Date.parse(event.created) < state.positionMs)
							assert.ok(emitted.has(event.id), `${org.name}: ${event.id} is behind the position`);
					}
				}
			}
			assert.ok(polls >= 8, `${polls} polls`);
			assert.deepEqual(seen, expected, 'every event of every organization once, oldest first');
		});
	});
});

describe('Organization IDs as Control Hub shows them (UUIDs)', () => {
	it("Get Many: a UUID, in any case, is read as Webex's ID; the same organization twice is read once", async () => {
		await withSimulator(partnerOptions(3), async (simulator) => {
			const [first, , third] = simulator.orgs.customers;
			const items = await getMany(simulator, {
				organizations: 'list',
				orgIds: `${third.uuid.toUpperCase()}, ${first.uuid}\n${first.id}`,
			});
			assert.deepEqual(
				items.map((item) => item.json.id),
				[...datasetIds(third.adminAudit), ...datasetIds(first.adminAudit)],
			);
			assert.deepEqual(
				[...new Set(items.map((item) => `${item.json.orgId} ${item.json.orgName}`))],
				[`${third.id} ${third.name}`, `${first.id} ${first.name}`],
			);
			assert.deepEqual(
				[...new Set(requestsTo(simulator, '/adminAudit/events').map((r) => r.query.orgId))],
				[third.id, first.id],
				"sent as Webex's IDs",
			);

			simulator.clearRequests();
			const own = await getMany(simulator, { orgId: ` ${ORG_UUID} ` }, 'sim-token');
			assert.equal(own.length, 6);
			assert.deepEqual(
				[...new Set(requestsTo(simulator, '/adminAudit/events').map((r) => r.query.orgId))],
				[ORG_ID],
			);
			assert.equal(webexId('ORGANIZATION', ORG_UUID), ORG_ID);
		});
	});

	it('the trigger: a UUID in Organization ID or Organization IDs polls that organization by its Webex ID', async () => {
		await withSimulator(partnerOptions(2), async (simulator) => {
			const [first, second] = simulator.orgs.customers;
			const run = (parameters) => trigger(simulator, parameters);
			const one = await run({ orgId: second.uuid });
			assert.deepEqual(
				one.items.map((item) => item.json.id),
				datasetIds(second.adminAudit, { oldestFirst: true }),
			);
			assert.ok(auditOrgState(one.staticData, second.uuid));
			simulator.clearRequests();
			const list = await run({ organizations: 'list', orgIds: `${first.uuid},${second.id}` });
			assert.deepEqual(
				[...new Set(list.items.map((item) => item.json.orgId))],
				[first.id, second.id],
			);
			assert.deepEqual(
				[...new Set(requestsTo(simulator, '/adminAudit/events').map((r) => r.query.orgId))],
				[first.id, second.id],
			);
		});
	});

	it('a malformed Organization ID fails before any request, naming the field and both forms', async () => {
		await withSimulator(partnerOptions(1), async (simulator) => {
			for (const orgId of ['acme-org', '1eb65fdf-9643-417f-9974', `${ORG_UUID}x`]) {
				const error = await rejection(getMany(simulator, { orgId }, 'sim-token'));
				assert.equal(error.message, `Organization ID is not a Webex organization ID: ${orgId}`);
				assert.match(error.description, /UUID.*Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8/);
			}
			assert.equal(simulator.requests.length, 0);
		});
	});
});
