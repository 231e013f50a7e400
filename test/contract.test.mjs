// The contract checker itself: its copies of Webex's definitions are the source's, it reads the
// limits they state, and it reports what violates them (naming the operation and the field), in
// the checker and through the simulator, whose exemptions stay narrow.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { request } from 'undici';

import { createSimulator } from '../simulator/server.mjs';
import { loadContract, SPEC_FILES } from '../simulator/contract.mjs';

const SHARED = new URL('../../shared/webex-api/', import.meta.url);
const contract = loadContract();
const texts = (violations) => violations.map((violation) => violation.text);
const checkRequest = (path, query = '', headers = {}) =>
	texts(contract.checkRequest({ method: 'GET', path, query, headers }).violations);
const operation = (path) => contract.findOperation('GET', path).operation;
const answer = (path, status, body, headers = {}) =>
	texts(
		contract.checkResponse(operation(path), {
			status,
			headers: { 'content-type': 'application/json', ...headers },
			body: JSON.stringify(body),
			url: `http://127.0.0.1${path}`,
		}),
	);

describe('contract: the definitions', () => {
	it(
		'are byte-identical copies of ../shared/webex-api/ when that folder is beside the repository',
		{ skip: !existsSync(SHARED) && 'no ../shared/webex-api/ beside this clone' },
		() => {
			for (const file of SPEC_FILES)
				assert.ok(
					readFileSync(new URL(`../simulator/openapi/${file}`, import.meta.url)).equals(
						readFileSync(new URL(file, SHARED)),
					),
					`simulator/openapi/${file} differs from shared/webex-api/${file}`,
				);
		},
	);

	it('give every operation the excerpts name, /people/me by its template', () => {
		assert.deepEqual(contract.operations.map((o) => `${o.method} ${o.path}`).sort(), [
			'DELETE /organizations/{orgId}',
			'DELETE /webhooks/{webhookId}',
			'GET /admin/meetingSummaries',
			'GET /admin/meetingTranscripts',
			'GET /admin/recordings',
			'GET /admin/securityAudit/events',
			'GET /adminAudit/eventCategories',
			'GET /adminAudit/events',
			// Written from the documentation (documented/call-history.json), not excerpted.
			'GET /cdr_feed',
			'GET /cdr_stream',
			'GET /events',
			'GET /events/{eventId}',
			'GET /meeting/qualities',
			'GET /meetingPreferences/sites',
			'GET /meetingReports/attendees',
			'GET /meetingReports/usage',
			'GET /meetingTranscripts/{transcriptId}/download',
			'GET /meetings/postMeetingChats',
			'GET /meetings/{meetingId}',
			'GET /messages/{messageId}',
			'GET /organizations',
			'GET /organizations/{orgId}',
			'GET /people',
			'GET /people/{personId}',
			'GET /recordingReport/accessDetail',
			'GET /recordingReport/accessSummary',
			'GET /recordingReport/meetingArchiveSummaries',
			'GET /recordingReport/meetingArchives/{archiveId}',
			'GET /recordings/{recordingId}',
			'GET /webhooks',
			'GET /webhooks/{webhookId}',
			'POST /applications/{applicationId}/token',
			'POST /webhooks',
			'PUT /meetingPreferences/sites',
			'PUT /webhooks/{webhookId}',
		]);
		assert.equal(operation('/v1/people/me').path, '/people/{personId}');
		assert.equal(operation('/v1/events/abc').path, '/events/{eventId}');
		assert.equal(operation('/v1/events').path, '/events');
	});

	it("check a request's JSON body against the operation's schema", () => {
		const { operation: token } = contract.findOperation('POST', '/v1/applications/app-1/token');
		const good = { clientId: 'c', clientSecret: 's', targetOrgId: 'o' };
		const check = (body, contentType = 'application/json') =>
			contract.checkRequestBody(token, { contentType, body }).map((v) => v.text);
		assert.deepEqual(check(JSON.stringify(good)), []);
		assert.match(
			check(JSON.stringify({ clientId: 'c', clientSecret: 's' })).join('\n'),
			/lacks the required property 'targetOrgId'/,
		);
		assert.match(
			check(JSON.stringify({ ...good, clientId: 7 })).join('\n'),
			/clientId.*must be string/,
		);
		assert.match(check('').join('\n'), /request body: is required and missing/);
		assert.match(
			check('client=c', 'application/x-www-form-urlencoded').join('\n'),
			/is not application\/json/,
		);
	});

	it('bound max as their descriptions state it, at each end', () => {
		const window = `orgId=o&from=a&to=b`;
		const cases = [
			['/v1/events', '', 1, 1000],
			['/v1/recordingReport/accessSummary', '', 1, 100],
			['/v1/recordingReport/accessDetail', 'recordingId=r&', 1, 100],
			['/v1/adminAudit/events', `${window}&`, undefined, 200],
			['/v1/admin/securityAudit/events', 'orgId=o&startTime=a&endTime=b&', undefined, 1000],
		];
		for (const [path, required, minimum, maximum] of cases) {
			assert.deepEqual(checkRequest(path, `${required}max=${maximum}`), [], path);
			assert.match(
				checkRequest(path, `${required}max=${maximum + 1}`).join('\n'),
				new RegExp(`query parameter 'max': "${maximum + 1}" must be <= ${maximum}`),
				path,
			);
			if (minimum !== undefined) {
				assert.deepEqual(checkRequest(path, `${required}max=${minimum}`), [], path);
				assert.match(checkRequest(path, `${required}max=0`).join('\n'), /must be >= 1/, path);
			}
		}
	});

	it("allow a Link-paged list's cursor, and no cursor on admin audit events (paged by offset)", () => {
		assert.deepEqual(checkRequest('/v1/events', 'max=10&cursor=abc'), []);
		assert.deepEqual(
			checkRequest('/v1/admin/securityAudit/events', 'orgId=o&startTime=a&endTime=b&cursor=abc'),
			[],
		);
		assert.deepEqual(checkRequest('/v1/adminAudit/events', 'orgId=o&from=a&to=b&cursor=abc'), [
			"GET /adminAudit/events (List Admin Audit Events): query parameter 'cursor': is not a parameter of this operation",
		]);
		assert.deepEqual(checkRequest('/v1/adminAudit/events', 'orgId=o&from=a&to=b&offset=200'), []);
	});
});

describe('contract: the checker reports violations, naming the operation and the field', () => {
	it('a request: an invented query parameter, a wrong enum value, max out of range, a required one missing, a path nowhere', () => {
		assert.deepEqual(checkRequest('/v1/events', 'resource=messages&colour=blue'), [
			"GET /events (List Events): query parameter 'colour': is not a parameter of this operation",
		]);
		assert.deepEqual(checkRequest('/v1/events', 'type=viewed'), [
			'GET /events (List Events): query parameter \'type\': "viewed" must be equal to one of the allowed values (created, updated, deleted, ended)',
		]);
		assert.deepEqual(checkRequest('/v1/events', 'max=1001'), [
			'GET /events (List Events): query parameter \'max\': "1001" must be <= 1000',
		]);
		assert.deepEqual(checkRequest('/v1/events', 'max=null'), [
			'GET /events (List Events): query parameter \'max\': "null" must be number',
		]);
		assert.deepEqual(checkRequest('/v1/recordingReport/accessDetail', 'max=10'), [
			"GET /recordingReport/accessDetail (Get Recording Audit Report Details): query parameter 'recordingId': is required and missing",
		]);
		assert.deepEqual(checkRequest('/v1/eventz'), [
			'request GET /v1/eventz: no operation of the definitions has the path /eventz',
		]);
		assert.deepEqual(
			texts(contract.checkRequest({ method: 'DELETE', path: '/v1/events' }).violations),
			['request DELETE /v1/events: /events is defined only for GET, not DELETE'],
		);
		// The timezone header where the definitions have it, and nowhere else.
		assert.deepEqual(
			checkRequest('/v1/recordingReport/accessSummary', '', { Timezone: 'Asia/Tokyo' }),
			[],
		);
		assert.deepEqual(checkRequest('/v1/events', '', { timezone: 'UTC', 'user-agent': 'n8n' }), [
			"GET /events (List Events): header parameter 'timezone': is not a parameter of this operation",
		]);
	});

	it('an answer: a field of the wrong type in a record, a required field missing, an error body not shaped as Webex writes it, a status the definition lacks', () => {
		const event = {
			id: 'e1',
			resource: 'messages',
			type: 'created',
			actorId: 'a',
			orgId: 'o',
			created: '2026-01-01T00:00:00.000Z',
			data: {},
		};
		assert.deepEqual(answer('/v1/events', 200, { items: [event] }), []);
		assert.deepEqual(
			answer('/v1/events', 200, { items: [event, { ...event, data: { roomId: 42 } }] }),
			['GET /events (List Events): response 200 body /items/1/data/roomId: 42 must be string'],
		);
		const { created, ...withoutCreated } = event;
		assert.ok(created);
		assert.deepEqual(answer('/v1/events', 200, { items: [withoutCreated] }), [
			"GET /events (List Events): response 200 body /items/0: lacks the required property 'created'",
		]);
		assert.deepEqual(
			answer(
				'/v1/recordingReport/accessSummary',
				200,
				{ items: [{ viewCount: '7' }] },
				{
					'content-type': 'application/json;charset=UTF-8',
				},
			),
			[
				'GET /recordingReport/accessSummary (List of Recording Audit Report Summaries): response 200 body /items/0/viewCount: "7" must be number',
			],
		);
		assert.deepEqual(
			answer('/v1/events', 403, {
				message: 'No.',
				errors: [{ description: 'No.' }],
				trackingId: 'ROUTER_1',
			}),
			[],
		);
		assert.deepEqual(answer('/v1/events', 403, { message: 'No.', trackingId: 'ROUTER_1' }), [
			"GET /events (List Events): response 403 body (root): lacks the required property 'errors'",
		]);
		assert.match(
			answer('/v1/events', 418, {}).join(),
			/response status 418: is not one of the definition's \(200, 400, 401/,
		);
	});

	it("an answer's next link, checked as the request it invites", () => {
		const link = (url) => ({ link: `<${url}>; rel="next"` });
		assert.deepEqual(
			answer('/v1/events', 200, { items: [] }, link('http://h/v1/events?max=10&cursor=c')),
			[],
		);
		assert.deepEqual(
			answer('/v1/events', 200, { items: [] }, link('/v1/events?max=null&cursor=c')),
			[
				'GET /events (List Events): response 200 next link: query parameter \'max\': "null" must be number',
			],
		);
		assert.deepEqual(
			answer(
				'/v1/admin/securityAudit/events',
				200,
				{ items: [] },
				link('/v1/admin/securityAudit/events?startTime=a&endTime=b'),
			),
			[
				"GET /admin/securityAudit/events (List Security Audit Events): response 200 next link: query parameter 'orgId': is required and missing",
			],
		);
		assert.deepEqual(answer('/v1/events', 200, { items: [] }, link('/v1/people/me')), [
			'GET /events (List Events): response 200 next link: leads to another operation: GET /people/{personId} (Get Person Details)',
		]);
	});
});

describe('contract: through the simulator', () => {
	const get = (simulator, path, headers = {}) =>
		request(`${simulator.baseUrl}${path}`, {
			headers: { authorization: 'Bearer sim-token', ...headers },
		}).then(async (response) => ({
			status: response.statusCode,
			body: await response.body.json(),
		}));

	it('close() rejects with the bad request and the bad answer, naming the operation, the field and the request', async () => {
		const simulator = await createSimulator({ events: 20 });
		assert.equal((await get(simulator, '/events?max=5&colour=blue')).status, 200);
		simulator.events.addEvent({ data: { roomId: 42 } });
		assert.equal((await get(simulator, '/events?max=5')).status, 200);
		const error = await close(simulator);
		// The request, the next link of its answer (which repeats its query), the record.
		assert.deepEqual(
			error.violations.map((v) => v.where),
			[
				"query parameter 'colour'",
				"response 200 next link: query parameter 'colour'",
				'response 200 body /items/0/data/roomId',
			],
		);
		assert.match(
			error.message,
			/GET \/events \(List Events\): query parameter 'colour': is not a parameter of this operation\n {4}\(GET \/v1\/events\?max=5&colour=blue\)/,
		);
		assert.match(
			error.message,
			/GET \/events \(List Events\): response 200 body \/items\/0\/data\/roomId: 42 must be string\n {4}\(GET \/v1\/events\?max=5\)/,
		);
	});

	it("exempts a request only with this simulator's offContract headers, and still checks its answer", async () => {
		const simulator = await createSimulator({ events: 20 });
		const exempt = simulator.offContract('max out of range, on purpose');
		assert.equal((await get(simulator, '/events?max=0', exempt)).status, 400);
		assert.deepEqual(simulator.contractViolations, []);
		const forged = { 'x-contract-exempt': 'guess max out of range' };
		assert.equal((await get(simulator, '/events?max=0', forged)).status, 400);
		assert.equal(simulator.contractViolations.length, 1);
		simulator.events.addEvent({ data: { roomId: 42 } });
		assert.equal((await get(simulator, '/events?max=0&colour=blue', exempt)).status, 400);
		assert.equal((await get(simulator, '/events?max=5', exempt)).status, 200);
		const error = await close(simulator);
		assert.deepEqual(
			error.violations.map((v) => v.where),
			["query parameter 'max'", 'response 200 body /items/0/data/roomId'],
		);
	});

	it('leaves unchecked just the records a test breaks on purpose, and the bad records of the fault', async () => {
		const simulator = await createSimulator({ events: 20, faults: { badRecords: [null, 7] } });
		const broken = simulator.events.addEvent({}, { offContract: 'no id, on purpose' });
		delete broken.id;
		const unmarked = simulator.events.addEvent({});
		delete unmarked.created;
		const page = await get(simulator, '/events?max=5');
		assert.deepEqual(page.body.items.slice(0, 2), [null, 7]);
		const at = page.body.items.findIndex((item) => item?.id === unmarked.id);
		assert.ok(at >= 2);
		const error = await close(simulator);
		assert.deepEqual(
			error.violations.map((v) => v.text),
			[
				`GET /events (List Events): response 200 body /items/${at}: lacks the required property 'created'`,
			],
		);
	});
});

/** close()'s rejection (fails when it resolves). */
async function close(simulator) {
	try {
		await simulator.close();
	} catch (error) {
		return error;
	}
	throw new Error('close() resolved: no violation was reported');
}
