// The Webex Service App API credential in the real n8n, with the packed package installed as n8n
// installs community packages. The credential holds only client ID, secret and refresh token; its
// access token lives two requests (short, so that every run renews it several times). Webex Events,
// Webex Recording Audit and the service-app example run again and again, and a Webex Admin Audit
// Trigger polls on its own, none failing; n8n's database then holds the renewed access token; a
// refresh token revoked in Webex fails the run saying what to do.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
	createN8nHome,
	freePort,
	installPackedPackage,
	itemsOf,
	manualWorkflow,
	packPackage,
	PACKAGE_NAME,
	stopProcessGroup,
	waitFor,
	waitForAll,
} from '../../scripts/n8n.mjs';
import { auditIdsOldestFirst } from '../../simulator/audit.mjs';
import { present, SITES } from '../../simulator/recordings.mjs';
import { createSimulator } from '../../simulator/server.mjs';
import { startCollector } from './collector.mjs';
import { example, testCopy } from './examples.mjs';

const DAY_MS = 86_400_000;
const TOKEN_LIFETIME = { accessTokenLifetimeRequests: 2 };
const RUNS = 2;

let simulator; // the listings' Webex
let triggerSimulator; // the trigger's, whose admin events appear as time passes
let n8n;
let packed;
let collector;

const serviceAppCredential = (id, sim) => ({
	id,
	name: `Webex service app ${id}`,
	type: 'webexServiceAppApi',
	data: sim.serviceAppCredentialData(),
});
const uses = (id) => ({ webexServiceAppApi: { id, name: 'Webex service app' } });
const node = (name, type, parameters, credentialId = 'credServiceApp01') => ({
	name,
	type: `${PACKAGE_NAME}.${type}`,
	parameters: { authentication: 'serviceApp', ...parameters },
	credentials: uses(credentialId),
});
const renewals = (sim) =>
	sim.oauth.tokenRequests.filter((request) => request.grantType === 'refresh_token');
const ids = (items) => items.map((item) => item.json.id);

/** What n8n's database holds for a credential, decrypted with the home's key. */
async function storedCredential(id) {
	const file = path.join(n8n.home, `credential-${id}.json`);
	const result = await n8n.command(
		'export:credentials',
		`--id=${id}`,
		'--decrypted',
		`--output=${file}`,
	);
	assert.equal(result.code, 0, result.output.slice(-2000));
	const [credential] = JSON.parse(readFileSync(file, 'utf8'));
	rmSync(file, { force: true });
	return credential.data;
}

describe('the Webex Service App credential in a real n8n', () => {
	before(async () => {
		simulator = await createSimulator({
			events: 2500,
			eventSpanDays: 20,
			recordings: 400,
			recordingSpanDays: 5,
			adminAuditEvents: 600,
			adminAuditSpanDays: 3,
			oauth: TOKEN_LIFETIME,
		});
		// Admin events every 5 s, the newest half an hour from now: they become visible as time
		// passes, as Webex's do.
		triggerSimulator = await createSimulator({
			anchor: Date.now() + 30 * 60_000,
			adminAuditEvents: 1200,
			adminAuditSpanDays: (1200 * 5000) / DAY_MS,
			oauth: TOKEN_LIFETIME,
		});
		collector = await startCollector();

		packed = packPackage(mkdtempSync(path.join(tmpdir(), 'webex-audit-pack-')));
		n8n = createN8nHome({
			port: await freePort(),
			brokerPort: await freePort(),
			customExtensions: false,
		});
		installPackedPackage(packed.tarball, n8n.home);
		await n8n.importCredentials([
			serviceAppCredential('credServiceApp01', simulator),
			serviceAppCredential('credServiceApp02', triggerSimulator),
		]);
		const sheet = testCopy(example('admin-audit-log-with-service-app.json'), 'wfSvcExample0001');
		for (const each of sheet.nodes)
			if (each.credentials?.webexServiceAppApi) each.credentials = uses('credServiceApp01');
		await n8n.importWorkflows([
			manualWorkflow(
				'wfSvcEvents00001',
				node('Webex Events', 'webexEvents', {
					resource: 'event',
					operation: 'getAll',
					returnAll: true,
					filters: {},
					options: { pageSize: 250 },
				}),
			),
			manualWorkflow(
				'wfSvcRecording01',
				node('Webex Recording Audit', 'webexRecordingAudit', {
					resource: 'recordingAuditSummary',
					operation: 'getAll',
					returnAll: true,
					filters: { hostEmail: 'all' },
					options: { timezone: 'UTC', pageSize: 20 },
				}),
			),
			sheet,
			{
				id: 'wfSvcTrigger0001',
				name: 'Webex Admin Audit Trigger (service app) to collector',
				active: false,
				settings: { timezone: 'UTC' },
				connections: {
					'Webex Admin Audit Trigger': { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
				},
				nodes: [
					{
						id: 'trigger',
						position: [0, 0],
						typeVersion: 1,
						...node(
							'Webex Admin Audit Trigger',
							'webexAdminAuditTrigger',
							{
								pollTimes: { item: [{ mode: 'everyMinute' }] },
								source: 'adminAudit',
								orgId: '',
								startFrom: 'now',
								lookback: 5,
								filters: {},
								options: {},
							},
							'credServiceApp02',
						),
					},
					{
						id: 'report',
						name: 'Report',
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						position: [240, 0],
						parameters: {
							method: 'POST',
							url: collector.url('/admin'),
							sendBody: true,
							specifyBody: 'json',
							jsonBody: '={{ JSON.stringify({ id: $json.id }) }}',
							options: {},
						},
					},
				],
			},
		]);
	});

	after(async () => {
		n8n?.remove();
		if (packed) rmSync(path.dirname(packed.tarball), { recursive: true, force: true });
		await collector?.close();
		const closed = await Promise.allSettled([simulator?.close(), triggerSimulator?.close()]);
		for (const { reason } of closed) if (reason) throw reason;
	});

	it(
		`Webex Events, Webex Recording Audit and the daily example, ${RUNS} times each: every record every time, the token renewed across many lifetimes`,
		{ timeout: 600_000 },
		async () => {
			const first = await storedCredential('credServiceApp01');
			assert.equal(first.accessToken ?? '', '', 'the credential starts without an access token');
			for (let run = 0; run < RUNS; run++) {
				simulator.clearRequests();
				const events = await n8n.execute('wfSvcEvents00001');
				assert.ok(events.ok, events.output.slice(-3000));
				const listed = ids(itemsOf(events.runData, 'Webex Events'));
				assert.equal(listed.length, simulator.events.count);
				assert.equal(new Set(listed).size, listed.length, 'every event once');

				const recordings = await n8n.execute('wfSvcRecording01');
				assert.ok(recordings.ok, recordings.output.slice(-3000));
				const expected = [];
				for (let n = 0; n < simulator.recordings.count; n++) {
					const summary = simulator.recordings.at(n);
					if (summary.siteUrl === SITES[0]) expected.push(present(summary, 'UTC'));
				}
				assert.deepEqual(
					itemsOf(recordings.runData, 'Webex Recording Audit').map((item) => item.json),
					expected,
				);

				simulator.clearRequests();
				const daily = await n8n.execute('wfSvcExample0001');
				assert.ok(daily.ok, daily.output.slice(-3000));
				const [request] = simulator.requests.filter((r) => r.path === '/v1/adminAudit/events');
				const [start, end] = simulator.adminAudit.range(
					Date.parse(request.query.from),
					Date.parse(request.query.to),
				);
				const rows = itemsOf(daily.runData, "Yesterday's Admin Changes");
				assert.ok(end - start > 20, 'yesterday holds admin events');
				assert.equal(rows.length, end - start, 'every admin event of yesterday, as a row');
			}
			const done = renewals(simulator);
			assert.ok(done.length >= 5 * RUNS, `${done.length} renewals`);
			assert.ok(done.every((renewal) => renewal.status === 200));
			assert.ok(
				simulator.requests.every(
					(request) => request.status !== 401 || request.path !== '/v1/access_token',
				),
			);

			// n8n stored the last renewal: the access token the last request carried.
			const stored = await storedCredential('credServiceApp01');
			const lastBearer = simulator.requests
				.filter((request) => request.authorization?.startsWith('Bearer '))
				.at(-1).authorization;
			assert.match(stored.accessToken, /^service-app-access-\d+$/);
			assert.equal(`Bearer ${stored.accessToken}`, lastBearer);
			assert.equal(stored.refreshToken, first.refreshToken);
			assert.equal(stored.clientSecret, first.clientSecret);
		},
	);

	it(
		'the Webex Admin Audit Trigger, activated, emits the admin events after its activation once each, renewing as it polls',
		{ timeout: 420_000 },
		async () => {
			await n8n.activate('wfSvcTrigger0001');
			const child = n8n.start();
			try {
				const pages = () =>
					triggerSimulator.requests.filter((r) => r.path === '/v1/adminAudit/events');
				const tos = () => pages().map((r) => Date.parse(r.query.to));
				const reachedMs = () => Math.max(...tos());
				await waitFor(() => pages().length >= 1, 150_000, "the trigger's activation poll");
				// Where the activation poll reached: the earliest `to` (n8n's first scheduled poll can
				// follow within seconds). That it emitted nothing old is proven below: what the trigger
				// emits is exactly what became visible after this.
				const activatedMs = Math.min(...tos());
				// At least two polls, and as many more (a minute each, up to 5) as a dozen new events take:
				// how many became visible depends on where in its minute the trigger was activated.
				const visible = () => {
					const [from, to] = triggerSimulator.adminAudit.range(activatedMs - 1, reachedMs());
					return to - from;
				};
				for (let poll = 0; poll < 2 || (visible() < 12 && poll < 5); poll++) {
					const before = pages().length;
					await waitFor(() => pages().length > before, 150_000, 'the next poll');
				}
				await new Promise((resolve) => setTimeout(resolve, 3000));
				const { received, expected } = await waitForAll(
					() => collector.received('/admin'),
					() => auditIdsOldestFirst(triggerSimulator.adminAudit, activatedMs - 1, reachedMs()),
					60_000,
					'the reports',
				);
				assert.ok(expected.length >= 12, `${expected.length} admin events became visible`);
				assert.deepEqual(received, expected, 'every new admin event once, oldest first');
				assert.ok(renewals(triggerSimulator).length >= 2, 'the polls renewed the token');
				assert.ok(renewals(triggerSimulator).every((renewal) => renewal.status === 200));
			} finally {
				stopProcessGroup(child, 'SIGKILL');
				await new Promise((resolve) =>
					child.exitCode !== null ? resolve() : child.once('exit', resolve),
				);
			}
		},
	);

	it(
		'a refresh token revoked in Webex fails the run: what happened and what to do, no secret in the output',
		{ timeout: 180_000 },
		async () => {
			const stored = await storedCredential('credServiceApp01');
			simulator.oauth.revokeRefreshToken(stored.refreshToken);
			simulator.oauth.expireAll();
			const run = await n8n.execute('wfSvcEvents00001');
			assert.equal(run.ok, false);
			const error = run.run?.data?.resultData?.error;
			assert.match(
				error?.message ?? '',
				/did not renew the service app access token: the refresh token is revoked, expired or wrong/,
			);
			assert.match(
				error?.description ?? '',
				/full administrator authorises the service app again in Control Hub/,
			);
			for (const secret of [stored.refreshToken, stored.clientSecret, stored.accessToken])
				assert.ok(!run.output.includes(secret), 'no secret in what n8n printed');
		},
	);
});
