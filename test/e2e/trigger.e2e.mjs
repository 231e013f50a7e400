// Webex Events Trigger activated in the real n8n (`n8n start`): the activation poll emits nothing
// old, and two later polls (n8n polls at most once a minute) emit exactly the new events. Beside
// it, a second trigger activated with a backlog emits it across consecutive polls, and a Webex
// Admin Audit Trigger emits exactly the admin events that became visible after its activation, and
// a partner's (every organization the token sees, one refusing) those of each organization, once.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import { auditIdsOldestFirst } from '../../simulator/audit.mjs';
import { createSimulator } from '../../simulator/server.mjs';
import {
	createN8nHome,
	freePort,
	stopProcessGroup,
	waitFor,
	waitForAll,
} from '../../scripts/n8n.mjs';
import { startCollector } from './collector.mjs';

const cleanups = [];

describe('the triggers in a real n8n', () => {
	after(async () => {
		// Every cleanup runs; then the first that failed (a simulator's contract check) fails.
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
		'two polls emit the events that appeared before each, once each; a backlog drains across polls; admin events after activation, once each',
		{ timeout: 420_000 },
		async () => {
			const simulator = await createSimulator({ events: 200 });
			cleanups.push(() => simulator.close());
			const backlogSimulator = await createSimulator({ events: 200, seed: 7 });
			cleanups.push(() => backlogSimulator.close());
			// Admin events every 5 s, the newest half an hour from now: they become visible as time
			// passes, as Webex's do.
			const adminSimulator = await createSimulator({
				anchor: Date.now() + 30 * 60_000,
				adminAuditEvents: 1200,
				adminAuditSpanDays: (1200 * 5000) / 86_400_000,
			});
			cleanups.push(() => adminSimulator.close());
			// The same for a partner with three customers on the same timeline; the third refuses.
			const partnerSimulator = await createSimulator({
				anchor: Date.now() + 30 * 60_000,
				adminAuditEvents: 1200,
				adminAuditSpanDays: (1200 * 5000) / 86_400_000,
				customerOrgs: 3,
				customerAuditEvents: 1200,
				customerAuditSpanDays: (1200 * 5000) / 86_400_000,
				refusingOrgs: [2],
			});
			cleanups.push(() => partnerSimulator.close());

			// Where the workflows' HTTP Request nodes report each emitted event (one path per workflow).
			const collector = await startCollector();
			cleanups.push(() => collector.close());
			const received = collector.received('/collect');
			const backlogReceived = collector.received('/backlog');
			const adminReceived = collector.received('/admin');
			const partnerReceived = collector.received('/partner');

			const n8n = createN8nHome({ port: await freePort(), brokerPort: await freePort() });
			cleanups.push(() => n8n.remove());
			await n8n.importCredentials([
				{
					id: 'credSimOfficer01',
					name: 'Webex simulator',
					type: 'webexApi',
					data: { accessToken: 'sim-token', baseUrl: 'custom', customBaseUrl: simulator.baseUrl },
				},
				{
					id: 'credSimBacklog01',
					name: 'Webex simulator with a backlog',
					type: 'webexApi',
					data: {
						accessToken: 'sim-token',
						baseUrl: 'custom',
						customBaseUrl: backlogSimulator.baseUrl,
					},
				},
				{
					id: 'credSimAdmin0001',
					name: 'Webex simulator with admin events',
					type: 'webexApi',
					data: {
						accessToken: 'sim-token',
						baseUrl: 'custom',
						customBaseUrl: adminSimulator.baseUrl,
					},
				},
				{
					id: 'credSimPartner01',
					name: 'Webex simulator partner',
					type: 'webexApi',
					data: {
						accessToken: 'partner-token',
						baseUrl: 'custom',
						customBaseUrl: partnerSimulator.baseUrl,
					},
				},
			]);
			const triggerWorkflow = (
				id,
				{
					credentialId,
					path,
					parameters,
					trigger = 'Webex Events Trigger',
					report = '={{ JSON.stringify({ id: $json.id }) }}',
				},
			) => ({
				id,
				name: `${trigger} to collector ${path}`,
				active: false,
				settings: { timezone: 'UTC' },
				connections: {
					[trigger]: { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
				},
				nodes: [
					{
						id: 'trigger',
						name: trigger,
						type: `CUSTOM.${trigger === 'Webex Events Trigger' ? 'webexEventsTrigger' : 'webexAdminAuditTrigger'}`,
						typeVersion: 1,
						position: [0, 0],
						parameters: {
							pollTimes: { item: [{ mode: 'everyMinute' }] },
							lookback: 5,
							filters: {},
							...parameters,
						},
						credentials: { webexApi: { id: credentialId, name: 'Webex simulator' } },
					},
					{
						id: 'report',
						name: 'Report',
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						position: [240, 0],
						parameters: {
							method: 'POST',
							url: collector.url(path),
							sendBody: true,
							specifyBody: 'json',
							jsonBody: report,
							options: {},
						},
					},
				],
			});
			await n8n.importWorkflows([
				triggerWorkflow('wfTriggerE2e0001', {
					credentialId: 'credSimOfficer01',
					path: '/collect',
					parameters: { startFrom: 'now', options: {} },
				}),
				// 200 events over 30 days, 80 a poll: the activation poll and the next two emit them.
				triggerWorkflow('wfTriggerBacklog', {
					credentialId: 'credSimBacklog01',
					path: '/backlog',
					parameters: {
						startFrom: 'hoursAgo',
						startHoursAgo: 31 * 24,
						options: { maxEventsPerPoll: 80 },
					},
				}),
				triggerWorkflow('wfTriggerAdmin01', {
					credentialId: 'credSimAdmin0001',
					path: '/admin',
					trigger: 'Webex Admin Audit Trigger',
					parameters: { source: 'adminAudit', orgId: '', startFrom: 'now', options: {} },
				}),
				triggerWorkflow('wfTriggerPartner', {
					credentialId: 'credSimPartner01',
					path: '/partner',
					trigger: 'Webex Admin Audit Trigger',
					report: "={{ JSON.stringify({ id: $json.orgName + ' ' + $json.id }) }}",
					parameters: {
						source: 'adminAudit',
						organizations: 'all',
						continueOnRefused: true,
						startFrom: 'now',
						options: {},
					},
				}),
			]);
			for (const id of [
				'wfTriggerE2e0001',
				'wfTriggerBacklog',
				'wfTriggerAdmin01',
				'wfTriggerPartner',
			])
				await n8n.activate(id);

			const child = n8n.start();
			cleanups.push(() => stopProcessGroup(child, 'SIGKILL'));
			const polls = () => simulator.requests.filter((r) => r.path === '/v1/events').length;
			const adminPages = () =>
				adminSimulator.requests.filter((r) => r.path === '/v1/adminAudit/events');
			/** Where each of the admin trigger's requests so far reached (`to` is exclusive). */
			const adminTos = () => adminPages().map((r) => Date.parse(r.query.to));
			const adminReachedMs = () => Math.max(...adminTos());

			await waitFor(() => polls() >= 1, 300_000, 'the activation poll');
			await waitFor(() => adminPages().length >= 1, 30_000, "the admin trigger's activation poll");
			// Where the activation poll reached: the earliest `to` (n8n's first scheduled poll can
			// follow within seconds). That it emitted nothing old is proven below: what the trigger
			// emits is exactly what became visible after this.
			const adminActivatedMs = Math.min(...adminTos());
			const activationPolls = polls();
			await new Promise((resolve) => setTimeout(resolve, 50));
			const firstBatch = [simulator.events.addEvent(), simulator.events.addEvent()];
			await waitFor(() => received.length >= 2, 150_000, 'the first poll after activation to emit');
			assert.ok(polls() > activationPolls);
			assert.deepEqual(
				[...received].sort(),
				firstBatch.map((e) => e.id).sort(),
				'the activation poll emitted nothing old',
			);

			const pollsBefore = polls();
			const second = simulator.events.addEvent();
			await waitFor(() => received.length >= 3, 150_000, 'the next poll to emit');
			assert.equal(received[2], second.id);
			await waitFor(() => polls() > pollsBefore, 10_000, 'the poll');
			assert.equal(new Set(received).size, received.length, 'no event emitted twice');
			assert.equal(received.length, 3);

			// The backlog: 80, 80 and 40 events in three polls, each once, oldest first.
			await waitFor(() => backlogReceived.length >= 200, 150_000, 'the backlog to drain');
			const backlogIds = Array.from(
				{ length: 200 },
				(_, n) => backlogSimulator.events.at(199 - n).id,
			);
			assert.deepEqual(backlogReceived, backlogIds, 'every backlog event once, oldest first');
			const backlogPolls = backlogSimulator.requests.filter((r) => r.path === '/v1/events');
			assert.ok(backlogPolls.length >= 3, `${backlogPolls.length} requests`);

			// The admin trigger: after the next poll, every admin event that became visible after the
			// activation poll, once each, oldest first.
			const adminPagesBefore = adminPages().length;
			await waitFor(() => adminPages().length > adminPagesBefore, 90_000, 'an admin poll');
			await new Promise((resolve) => setTimeout(resolve, 3000));
			const admin = await waitForAll(
				() => adminReceived,
				() =>
					auditIdsOldestFirst(adminSimulator.adminAudit, adminActivatedMs - 1, adminReachedMs()),
				60_000,
				'the admin events to be reported',
			);
			assert.ok(
				admin.expected.length >= 12,
				`${admin.expected.length} admin events became visible`,
			);
			assert.deepEqual(admin.received, admin.expected, 'every new admin event once, oldest first');

			// The partner's trigger: per organization it reads (the refusing one passed over), every
			// event that became visible after its own activation, once, oldest first, named.
			const orgPages = (orgId) =>
				partnerSimulator.requests.filter(
					(r) => r.path === '/v1/adminAudit/events' && r.query.orgId === orgId,
				);
			const readable = [
				{ ...partnerSimulator.orgs.own, adminAudit: partnerSimulator.adminAudit },
				...partnerSimulator.orgs.customers.filter((customer) => !customer.refuses),
			];
			await waitFor(
				() => readable.every((org) => new Set(orgPages(org.id).map((r) => r.query.to)).size >= 3),
				150_000,
				"the partner trigger's second poll after activation",
			);
			await new Promise((resolve) => setTimeout(resolve, 3000));
			const partner = await waitForAll(
				() => partnerReceived,
				() =>
					readable.flatMap((org) => {
						const tos = orgPages(org.id).map((r) => Date.parse(r.query.to));
						return auditIdsOldestFirst(org.adminAudit, Math.min(...tos) - 1, Math.max(...tos)).map(
							(id) => `${org.name} ${id}`,
						);
					}),
				60_000,
				"the partner's events to be reported",
			);
			const sorted = (list) => [...list].sort();
			assert.deepEqual(
				sorted(partner.received),
				sorted(partner.expected),
				'every new event once per organization',
			);
			assert.equal(new Set(partner.received).size, partner.received.length);
			assert.ok(partner.expected.length >= 36, `${partner.expected.length} events`);
		},
	);
});
