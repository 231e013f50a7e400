// The simulator is the ground truth of every other test: it must page and reject as Webex does.
// Here: GET /people and /people/me.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { request } from 'undici';

import { withSimulator } from '../helpers/index.mjs';
import { get, listAll } from '../helpers/simulatorRequests.mjs';
import { ORG_ID } from '../../simulator/people.mjs';

describe('simulator: GET /v1/people', () => {
	// The Person schema of the official definition (openapi-people-excerpt.json), every property.
	const PERSON_PROPERTIES = new Set([
		'id',
		'emails',
		'phoneNumbers',
		'extension',
		'locationId',
		'displayName',
		'nickName',
		'firstName',
		'lastName',
		'avatar',
		'orgId',
		'roles',
		'licenses',
		'department',
		'manager',
		'managerId',
		'title',
		'addresses',
		'created',
		'lastModified',
		'timezone',
		'lastActivity',
		'siteUrls',
		'sipAddresses',
		'xmppFederationJid',
		'status',
		'invitePending',
		'loginEnabled',
		'type',
	]);
	const idsOf = (people) => people.map((person) => person.id).join(',');

	it('answers people by id in the official shape, without presence fields, once each, in the order asked', async () => {
		await withSimulator({ events: 10 }, async (simulator) => {
			const asked = [simulator.people[5], simulator.people[2], simulator.people[5]];
			const answer = await get(simulator, `/people?id=${encodeURIComponent(idsOf(asked))}`);
			assert.equal(answer.status, 200);
			assert.deepEqual(Object.keys(answer.body).sort(), ['items', 'notFoundIds']);
			assert.deepEqual(
				answer.body.items.map((person) => person.id),
				[simulator.people[5].id, simulator.people[2].id],
			);
			assert.deepEqual(answer.body.notFoundIds, []);
			for (const person of answer.body.items) {
				assert.deepEqual(
					Object.keys(person).filter((key) => !PERSON_PROPERTIES.has(key)),
					[],
				);
				assert.equal(person.type, 'person');
				assert.equal(person.orgId, ORG_ID);
				assert.ok(!('status' in person) && !('lastActivity' in person), 'no presence with id');
			}
			const [first] = answer.body.items;
			assert.equal(first.emails[0], simulator.people[5].emails[0]);
			assert.equal(first.displayName, simulator.people[5].displayName);
		});
	});

	it('leaves out the deleted people some events name, and lists them in notFoundIds', async () => {
		await withSimulator({ events: 2000 }, async (simulator) => {
			const { formerPeople } = simulator;
			assert.equal(formerPeople.length, 3);
			const actors = new Set();
			for (let index = 0; index < simulator.events.count; index++)
				actors.add(simulator.events.at(index).actorId);
			for (const former of formerPeople) assert.ok(actors.has(former.id), 'an event names them');
			const asked = [simulator.people[0], ...formerPeople];
			const answer = await get(simulator, `/people?id=${encodeURIComponent(idsOf(asked))}`);
			assert.deepEqual(
				answer.body.items.map((person) => person.id),
				[simulator.people[0].id],
			);
			assert.deepEqual(
				answer.body.notFoundIds,
				formerPeople.map((person) => person.id),
			);
		});
	});

	it('takes up to 85 IDs (86 is a 400, as Webex answers), and validates max and empty IDs', async () => {
		await withSimulator({ events: 10, people: 100 }, async (simulator) => {
			const ids = (count) => encodeURIComponent(idsOf(simulator.people.slice(0, count)));
			const at85 = await get(simulator, `/people?id=${ids(85)}&max=85`);
			assert.equal(at85.status, 200);
			assert.equal(at85.body.items.length, 85);
			assert.equal(at85.headers.link, undefined);
			const at86 = await get(simulator, `/people?id=${ids(86)}`);
			assert.equal(at86.status, 400);
			assert.match(at86.body.message, /up to 85 person IDs \(got 86\)/);
			assert.equal((await get(simulator, `/people?id=${ids(3)}&max=0`)).status, 400);
			const notANumber = { offContract: 'max not a number, on purpose' };
			assert.equal((await get(simulator, `/people?id=${ids(3)}&max=x`, notANumber)).status, 400);
			assert.equal((await get(simulator, `/people?id=`)).status, 400);
			assert.equal((await get(simulator, `/people?id=${ids(2)},`)).status, 400);
		});
	});

	it('pages by max with a Link, and without id wants email or displayName from all but admins', async () => {
		await withSimulator({ events: 10, people: 100 }, async (simulator) => {
			const asked = encodeURIComponent(idsOf(simulator.people.slice(0, 50)));
			const { ids, pages } = await listAll(simulator, `/people?id=${asked}&max=20`);
			assert.equal(pages, 3);
			assert.deepEqual(
				ids,
				simulator.people.slice(0, 50).map((person) => person.id),
			);
			const all = await listAll(simulator, '/people?max=40');
			assert.equal(all.ids.length, 100, 'an admin lists the organization');
			const listed = await get(simulator, '/people?max=1');
			assert.equal(listed.body.items[0].status, 'active', 'presence without id');
			const user = await get(simulator, '/people', { token: 'user-token' });
			assert.equal(user.status, 400);
			const byEmail = await get(
				simulator,
				`/people?email=${encodeURIComponent(simulator.people[7].emails[0])}`,
				{ token: 'user-token' },
			);
			assert.deepEqual(
				byEmail.body.items.map((person) => person.id),
				[simulator.people[7].id],
			);
		});
	});

	it('checks the bearer token, answers 403 to a token without spark:people_read, and applies fault rules', async () => {
		await withSimulator(
			{ events: 10, faults: { rules: [{ status: 503, times: 1, path: '/v1/people' }] } },
			async (simulator) => {
				const query = `/people?id=${encodeURIComponent(simulator.people[1].id)}`;
				assert.equal((await get(simulator, query, { token: 'wrong' })).status, 401);
				assert.equal((await get(simulator, query)).status, 503);
				assert.equal((await get(simulator, query)).status, 200);
				const forbidden = await get(simulator, query, { token: 'no-people-token' });
				assert.equal(forbidden.status, 403);
				assert.match(forbidden.body.message, /spark:people_read/);
				assert.equal((await get(simulator, '/people/me')).status, 200, 'another path');
				// A stall after a number of answered requests.
				simulator.setFaults({ stall: { path: '/v1/people', after: 1, times: 1 } });
				assert.equal((await get(simulator, query)).status, 200);
				await assert.rejects(
					request(`${simulator.baseUrl}${query}`, {
						headers: { authorization: 'Bearer sim-token' },
						signal: AbortSignal.timeout(300),
					}),
				);
				assert.equal(simulator.requests.at(-1).status, 'stall');
				assert.equal((await get(simulator, query)).status, 200, 'stalled times: 1');
			},
		);
	});
});

describe('simulator: GET /v1/people/me', () => {
	it('GET /people/me carries the caller org id', async () => {
		await withSimulator({ events: 1 }, async (simulator) => {
			const me = await get(simulator, '/people/me');
			assert.equal(me.body.orgId, ORG_ID);
		});
	});
});
