// The list and get operations in the real pinned n8n (the shared n8n with the packed package,
// test/e2e/sharedN8n.mjs), against the simulator over loopback.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { createSimulator } from '../../simulator/server.mjs';
import { createProxy } from '../helpers/proxy.mjs';
import { present, presentAccess, SITES } from '../../simulator/recordings.mjs';
import { itemsOf, manualWorkflow } from '../../scripts/n8n.mjs';
import { nodeType, useSharedN8n } from './sharedN8n.mjs';

const DAY_MS = 86_400_000;
let simulator;
let n8n;
let proxy;

const credential = (id, token) => ({
	id,
	name: `Webex simulator ${id}`,
	type: 'webexApi',
	data: { accessToken: token, baseUrl: 'custom', customBaseUrl: simulator.baseUrl },
});
const uses = (id) => ({ webexApi: { id, name: 'Webex' } });
const eventsNode = (parameters, credentialId = 'credSimOfficer01') => ({
	name: 'Webex Events',
	type: nodeType('webexEvents'),
	parameters: { resource: 'event', operation: 'getAll', ...parameters },
	credentials: uses(credentialId),
});

describe('the package in a real n8n', () => {
	before(async () => {
		simulator = await createSimulator({
			events: 4500,
			recordings: 4000,
			securityAuditEvents: 2500,
			securityAuditSpanDays: 1,
			// A partner's customers (partner-token); the second refuses.
			customerOrgs: 3,
			customerAuditEvents: 300,
			customerAuditSpanDays: 1,
			refusingOrgs: [1],
		});
		proxy = await createProxy({ auth: { username: 'egress', password: 'pr0xy-pass' } });
		n8n = await useSharedN8n();
		await n8n.importCredentials([
			credential('credSimOfficer01', 'sim-token'),
			credential('credSimUser0001', 'user-token'),
			credential('credSimPartner01', 'partner-token'),
		]);
		const everyCustomer = (parameters) => ({
			name: 'Webex Admin Audit',
			type: nodeType('webexAdminAudit'),
			parameters: {
				resource: 'securityAuditEvent',
				operation: 'getAll',
				organizations: 'all',
				returnAll: true,
				filters: {},
				options: { simplify: true },
				...parameters,
			},
			credentials: uses('credSimPartner01'),
		});
		const toMs = Date.now() - DAY_MS;
		await n8n.importWorkflows([
			manualWorkflow('wfEventsAll00001', eventsNode({ returnAll: true, filters: {}, options: {} })),
			manualWorkflow(
				'wfEventsFilter01',
				eventsNode({
					returnAll: true,
					filters: { eventResource: 'messages', type: 'created' },
					options: { simplify: true, pageSize: 200 },
				}),
			),
			manualWorkflow(
				'wfEventsDenied01',
				eventsNode({ returnAll: true, filters: {}, options: {} }, 'credSimUser0001'),
			),
			// Get Many, then Get of the third event listed, by expression.
			manualWorkflow(
				'wfEventsGet0001',
				eventsNode({ returnAll: false, limit: 3, filters: {}, options: {} }),
				{
					name: 'Get Event',
					type: nodeType('webexEvents'),
					parameters: {
						resource: 'event',
						operation: 'get',
						eventId: '={{ $json.id }}',
						options: { simplify: true },
					},
					credentials: uses('credSimOfficer01'),
				},
			),
			// The newest summaries of all hosts, then who viewed or downloaded each recording.
			manualWorkflow(
				'wfAccessDetail01',
				{
					name: 'Summaries',
					type: nodeType('webexRecordingAudit'),
					parameters: {
						resource: 'recordingAuditSummary',
						operation: 'getAll',
						returnAll: false,
						limit: 4,
						filters: { hostEmail: 'all' },
						options: { timezone: 'UTC' },
					},
					credentials: uses('credSimOfficer01'),
				},
				{
					name: 'Access Details',
					type: nodeType('webexRecordingAudit'),
					parameters: {
						resource: 'recordingAccessDetail',
						operation: 'getAll',
						recordingId: '={{ $json.recordingId }}',
						returnAll: true,
						filters: { hostEmail: '={{ $json.hostEmail }}' },
						options: { timezone: 'UTC', pageSize: 7 },
					},
					credentials: uses('credSimOfficer01'),
				},
			),
			manualWorkflow('wfSecurityAudit1', {
				name: 'Webex Admin Audit',
				type: nodeType('webexAdminAudit'),
				parameters: {
					resource: 'securityAuditEvent',
					operation: 'getAll',
					orgId: '',
					returnAll: true,
					filters: {},
					options: { simplify: true },
				},
				credentials: uses('credSimOfficer01'),
			}),
			manualWorkflow('wfPartnerAll0001', everyCustomer({})),
			manualWorkflow('wfPartnerCont001', everyCustomer({ continueOnRefused: true })),
			// Request Options as the editor stores them on a declarative node.
			manualWorkflow(
				'wfEventsProxy001',
				eventsNode({
					returnAll: true,
					filters: {},
					options: {},
					requestOptions: { proxy: proxy.url },
				}),
			),
			manualWorkflow(
				'wfEventsTimeout1',
				eventsNode({
					returnAll: true,
					filters: {},
					options: { maxRetries: 1 },
					requestOptions: { timeout: 2000 },
				}),
			),
			manualWorkflow('wfRecordings0001', {
				name: 'Webex Recording Audit',
				type: nodeType('webexRecordingAudit'),
				parameters: {
					resource: 'recordingAuditSummary',
					operation: 'getAll',
					returnAll: true,
					filters: {
						hostEmail: 'all',
						from: new Date(toMs - 200 * DAY_MS).toISOString(),
						to: new Date(toMs).toISOString(),
					},
					options: { timezone: 'Europe/Berlin' },
				},
				credentials: uses('credSimOfficer01'),
			}),
		]);
	});

	after(async () => {
		await n8n?.release();
		await proxy?.close();
		await simulator?.close();
	});

	it('Webex Events lists every event across pages, once each', async () => {
		simulator.clearRequests();
		const { ok, runData, output } = await n8n.execute('wfEventsAll00001');
		assert.ok(ok, output.slice(-2000));
		const items = itemsOf(runData, 'Webex Events');
		assert.deepEqual(
			items.map((i) => i.json.id),
			Array.from({ length: 4500 }, (_, n) => simulator.events.at(n).id),
		);
		assert.deepEqual(items[7].json, simulator.events.at(7));
		assert.equal(simulator.requests.filter((r) => r.path === '/v1/events').length, 5);
	});

	it('filters and options reach Webex; Simplify gives flat rows', async () => {
		simulator.clearRequests();
		const { ok, runData, output } = await n8n.execute('wfEventsFilter01');
		assert.ok(ok, output.slice(-2000));
		const items = itemsOf(runData, 'Webex Events');
		const expected = [];
		for (let n = 0; n < 4500; n++) {
			const event = simulator.events.at(n);
			if (event.resource === 'messages' && event.type === 'created') expected.push(event.id);
		}
		assert.deepEqual(
			items.map((i) => i.json.id),
			expected,
		);
		assert.ok(items.every((i) => i.json.text !== undefined && i.json.data === undefined));
		const requests = simulator.requests.filter((r) => r.path === '/v1/events');
		assert.deepEqual(
			[requests[0].query.resource, requests[0].query.type, requests[0].query.max],
			['messages', 'created', '200'],
		);
	});

	it('Webex Recording Audit splits 200 days into windows and returns every summary once, in the time zone asked', async () => {
		simulator.clearRequests();
		const { ok, runData, output } = await n8n.execute('wfRecordings0001');
		assert.ok(ok, output.slice(-2000));
		const items = itemsOf(runData, 'Webex Recording Audit');
		const firstPages = simulator.requests.filter(
			(r) => r.path === '/v1/recordingReport/accessSummary' && !r.query.cursor,
		);
		assert.equal(firstPages.length, 3);
		// The windows are read two at a time (Parallel Requests): the range is their union.
		const fromMs = Math.min(...firstPages.map((page) => Date.parse(page.query.from)));
		const toMs = Math.max(...firstPages.map((page) => Date.parse(page.query.to)));
		const [start, end] = simulator.recordings.range(fromMs, toMs);
		const expected = [];
		for (let n = start; n < end; n++) {
			const summary = simulator.recordings.at(n);
			if (summary.siteUrl === SITES[0]) expected.push(present(summary, 'Europe/Berlin'));
		}
		assert.ok(expected.length > 1000);
		assert.deepEqual(
			items.map((i) => i.json),
			expected,
		);
	});

	it('Events Get: each event listed is got again by its ID, simplified', async () => {
		simulator.clearRequests();
		const { ok, runData, output } = await n8n.execute('wfEventsGet0001');
		assert.ok(ok, output.slice(-2000));
		const listed = itemsOf(runData, 'Webex Events').map((item) => item.json.id);
		const got = itemsOf(runData, 'Get Event').map((item) => item.json);
		assert.deepEqual(
			got.map((row) => row.id),
			listed,
		);
		assert.ok(got.every((row) => 'dataId' in row && row.data === undefined));
		assert.equal(simulator.requests.filter((r) => r.path.startsWith('/v1/events/')).length, 3);
	});

	it('Recording Access Detail chained after the summaries: every access record of each recording', async () => {
		simulator.clearRequests();
		const { ok, runData, output } = await n8n.execute('wfAccessDetail01');
		assert.ok(ok, output.slice(-2000));
		const summaries = itemsOf(runData, 'Summaries').map((item) => item.json);
		const details = itemsOf(runData, 'Access Details').map((item) => item.json);
		const expected = summaries.flatMap((summary) => {
			const index = simulator.recordings.find(summary.recordingId);
			return simulator.recordings.accessDetail(index).map((record) => presentAccess(record, 'UTC'));
		});
		assert.ok(expected.length > 4);
		assert.deepEqual(details, expected);
	});

	it('Security audit events: the org from /people/me, every sign-in of the last day once, simplified', async () => {
		simulator.clearRequests();
		const { ok, runData, output } = await n8n.execute('wfSecurityAudit1');
		assert.ok(ok, output.slice(-2000));
		const pages = simulator.requests.filter((r) => r.path === '/v1/admin/securityAudit/events');
		assert.ok(pages.length >= 3, `${pages.length} pages`);
		const [start, end] = simulator.securityAudit.range(
			Date.parse(pages[0].query.startTime),
			Date.parse(pages[0].query.endTime),
		);
		const rows = itemsOf(runData, 'Webex Admin Audit').map((item) => item.json);
		assert.deepEqual(
			rows.map((row) => row.id),
			Array.from({ length: end - start }, (_, n) => simulator.securityAudit.at(start + n).id),
		);
		assert.ok(rows.every((row) => 'actorIp' in row && row.data === undefined));
		// The recorded fields as columns: eventStatus as sent, a success's one-space failedReason null.
		for (const [n, row] of rows.entries()) {
			const { data } = simulator.securityAudit.at(start + n);
			assert.equal(row.eventStatus, data.eventStatus ?? null);
			assert.equal(row.actorClientName, data.actorClientName ?? null);
			assert.equal(row.failedReason, data.eventStatus === 'FAILURE' ? data.failedReason : null);
		}
		assert.ok(rows.some((row) => row.eventStatus === 'FAILURE'));
	});

	it("Organizations → every one a partner's token sees: a refusing customer fails the run naming it; with Continue, each organization's events once and the refusal reported", async () => {
		const refusing = simulator.orgs.customers[1];
		const failed = await n8n.execute('wfPartnerAll0001');
		assert.equal(failed.ok, false);
		assert.ok(
			failed.runText.includes(`${refusing.name} (${refusing.id}) refused`),
			failed.runText.slice(-2000),
		);
		assert.ok(
			!failed.output.includes('partner-token'),
			'the token does not appear in what n8n prints',
		);

		simulator.clearRequests();
		const { ok, runData, output } = await n8n.execute('wfPartnerCont001');
		assert.ok(ok, output.slice(-2000));
		const [first] = simulator.requests.filter((r) => r.path === '/v1/admin/securityAudit/events');
		const window = [Date.parse(first.query.startTime), Date.parse(first.query.endTime)];
		const readable = [
			{ name: 'Acme Inc.', id: simulator.orgs.own.id, securityAudit: simulator.securityAudit },
			...simulator.orgs.customers.filter((customer) => !customer.refuses),
		];
		const expected = readable.flatMap((org) => {
			const [start, end] = org.securityAudit.range(...window);
			return Array.from(
				{ length: end - start },
				(_, n) => `${org.name} ${org.id} ${org.securityAudit.at(start + n).id}`,
			);
		});
		const rows = itemsOf(runData, 'Webex Admin Audit').map((item) => item.json);
		assert.deepEqual(
			rows.slice(0, -1).map((row) => `${row.orgName} ${row.orgId} ${row.id}`),
			expected,
		);
		assert.ok(expected.length > 2500);
		assert.deepEqual(Object.keys(rows[0]).slice(0, 2), ['created', 'orgName']);
		const report = rows.at(-1);
		assert.equal(report.orgId, refusing.id);
		assert.equal(report.orgName, refusing.name);
		assert.match(report.error, /403/);
		assert.equal(simulator.requests.filter((r) => r.path === '/v1/organizations').length, 1);
	});

	it('Request Options > Proxy (with user:password@) carries every page, next links included', async () => {
		simulator.clearRequests();
		const before = proxy.requests.length;
		const { ok, runData, output } = await n8n.execute('wfEventsProxy001');
		assert.ok(ok, output.slice(-2000));
		assert.equal(itemsOf(runData, 'Webex Events').length, 4500);
		const served = simulator.requests.filter((r) => r.path === '/v1/events');
		const proxied = proxy.requests.slice(before).filter((r) => r.authorized && r.status === 200);
		assert.equal(served.length, 5);
		assert.equal(proxied.length, served.length, 'every page the API served came through the proxy');
		assert.equal(proxied.filter((r) => /cursor=/.test(r.target)).length, 4);
		assert.ok(!output.includes('pr0xy-pass'), 'the proxy password is not printed');
	});

	it('Request Options > Timeout ends a stalled request in seconds, after the retries', async () => {
		simulator.setFaults({ stall: { on: 'headers' } });
		try {
			// Without the Timeout, n8n's default (300 s an attempt) would outlast execute()'s bound on
			// the run: that it ends, with the timeout's message, is the proof (no wall-time check).
			const { ok, runText } = await n8n.execute('wfEventsTimeout1');
			assert.equal(ok, false);
			assert.match(runText, /Webex API error \(timeout\): no answer in time/);
			assert.match(runText, /Gave up after 2 attempts/);
			assert.equal(simulator.requests.filter((r) => r.status === 'stall').length, 2);
		} finally {
			simulator.setFaults({});
		}
	});

	it('a Webex error fails the execution with the Webex message, and never prints the token', async () => {
		const { ok, runText, output } = await n8n.execute('wfEventsDenied01');
		assert.equal(ok, false);
		assert.match(runText, /Compliance role required to get events/);
		assert.ok(!output.includes('user-token'), 'the token does not appear in what n8n prints');
	});
});
