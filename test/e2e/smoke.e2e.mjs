// Every node and credential of the packed package in one real n8n (the shared n8n,
// test/e2e/sharedN8n.mjs): n8n lists each node and credential type; each credential's Test passes
// with a good token and fails clearly with a bad one; both polling triggers' "Fetch Test Event"
// gives the newest events; the service app credential gets an access token and Webex
// Events lists every event with it. On n8n 1.x (`npm run test:e2e:1x`) this, the examples
// (package.e2e.mjs, meetingCompliance.e2e.mjs), the list and get operations (nodes.e2e.mjs) and the
// webhook trigger (webhook.e2e.mjs) are what a user meets end to end; the engine tests run on
// 1.x's engine too (`npm run test:1x`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { itemsOf, manualWorkflow, PACKAGE_NAME, ROOT } from '../../scripts/n8n.mjs';
import { createSimulator } from '../../simulator/server.mjs';
import { nodeType, useSharedN8n } from './sharedN8n.mjs';

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
/** dist/nodes/WebexEvents/WebexEvents.node.js -> webexEvents */
const typeName = (file) =>
	path
		.basename(file)
		.replace(/\.(node|credentials)\.js$/, '')
		.replace(/^./, (c) => c.toLowerCase());

let simulator;
let serviceApp;
let n8n;

const trigger = (name, type, parameters) => ({
	id: `${type}-smoke`,
	name: `${name} smoke`,
	active: false,
	settings: { timezone: 'UTC' },
	connections: {},
	nodes: [
		{
			id: 'trigger',
			name,
			type: nodeType(type),
			typeVersion: 1,
			position: [0, 0],
			parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, filters: {}, ...parameters },
			credentials: { webexApi: { id: 'smokewebexApi', name: 'Webex simulator' } },
		},
	],
});

describe('every node and credential of the packed package in a real n8n', () => {
	before(async () => {
		simulator = await createSimulator({
			events: 600,
			eventSpanDays: 3,
			adminAuditEvents: 300,
			adminAuditSpanDays: 3,
			oauth: { accessTokenLifetimeRequests: 2 },
		});
		serviceApp = simulator.serviceAppCredentialData();
		n8n = await useSharedN8n();
		await n8n.importCredentials([
			{
				id: 'smokewebexApi',
				name: 'Webex simulator',
				type: 'webexApi',
				data: { accessToken: 'sim-token', baseUrl: 'custom', customBaseUrl: simulator.baseUrl },
			},
			{
				id: 'smokewebexServiceAppApi',
				name: 'Webex service app simulator',
				type: 'webexServiceAppApi',
				data: serviceApp,
			},
		]);
		await n8n.importWorkflows([
			trigger('Webex Events Trigger', 'webexEventsTrigger', { options: {} }),
			trigger('Webex Admin Audit Trigger', 'webexAdminAuditTrigger', {
				source: 'adminAudit',
				orgId: '',
				startFrom: 'now',
				lookback: 5,
				options: {},
			}),
			manualWorkflow('wfSmokeSvcApp001', {
				name: 'Webex Events',
				type: nodeType('webexEvents'),
				parameters: {
					authentication: 'serviceApp',
					resource: 'event',
					operation: 'getAll',
					returnAll: true,
					filters: {},
					options: { pageSize: 100 },
				},
				credentials: {
					webexServiceAppApi: { id: 'smokewebexServiceAppApi', name: 'Webex service app' },
				},
			}),
		]);
	});

	after(async () => {
		await n8n?.release();
		await simulator?.close();
	});

	it('n8n lists every node and credential of the package', async () => {
		const nodes = await n8n.api.request('GET', '/types/nodes.json');
		const credentials = await n8n.api.request('GET', '/types/credentials.json');
		assert.equal(nodes.status, 200, nodes.text.slice(0, 500));
		assert.equal(credentials.status, 200, credentials.text.slice(0, 500));
		const nodeNames = new Set(nodes.json.map((node) => node.name));
		for (const file of manifest.n8n.nodes)
			assert.ok(nodeNames.has(`${PACKAGE_NAME}.${typeName(file)}`), `${file} is loaded`);
		const credentialNames = new Set(credentials.json.map((credential) => credential.name));
		for (const file of manifest.n8n.credentials)
			assert.ok(credentialNames.has(typeName(file)), `${file} is loaded`);
	});

	it("each credential's Test: OK with a good token or refresh token, a clear error with a bad one", async () => {
		const test = async (type, data) => {
			const response = await n8n.api.request('POST', '/rest/credentials/test', {
				credentials: { id: n8n.credentialId(`smoke${type}`), name: 'Webex', type, data },
			});
			assert.equal(response.status, 200, response.text.slice(0, 2000));
			return response.json.data;
		};
		const ok = { status: 'OK', message: 'Connection successful!' };
		const webexApi = (accessToken) => ({
			accessToken,
			baseUrl: 'custom',
			customBaseUrl: simulator.baseUrl,
		});
		assert.deepEqual(await test('webexApi', webexApi('sim-token')), ok);
		const rejected = await test('webexApi', webexApi('not-a-token'));
		assert.equal(rejected.status, 'Error');
		// n8n 1.x's credential tester loses the failed answer (its errors drop their cause), so it
		// shows its own message for a 401 instead of the credential's (README "Compatibility").
		assert.match(
			rejected.message,
			n8n.version.startsWith('1.')
				? /^Authorization failed - please check your credentials$/
				: /Webex rejected the access token/,
		);
		assert.deepEqual(
			await test('webexServiceAppApi', simulator.serviceAppCredentialData()),
			ok,
			'the service app credential renews its access token, then reads /people/me',
		);
	});

	for (const [name, type, dataset] of [
		['Webex Events Trigger', 'webexEventsTrigger', 'events'],
		['Webex Admin Audit Trigger', 'webexAdminAuditTrigger', 'adminAudit'],
	])
		it(`${name}: Fetch Test Event gives the newest events`, async () => {
			const { ok, runData, output } = await n8n.execute(`${type}-smoke`, { trigger: name });
			assert.ok(ok, output.slice(-3000));
			const ids = itemsOf(runData, name).map((item) => item.json.id);
			assert.ok(ids.length >= 1 && ids.length <= 5, `${ids.length} test events`);
			assert.deepEqual(
				ids,
				ids.map((_, n) => simulator[dataset].at(n).id),
				'the newest first',
			);
		});

	it('the service app credential: Webex Events lists every event, the token renewed as it expires', async () => {
		const { ok, runData, output } = await n8n.execute('wfSmokeSvcApp001');
		assert.ok(ok, output.slice(-3000));
		assert.deepEqual(
			itemsOf(runData, 'Webex Events').map((item) => item.json.id),
			Array.from({ length: simulator.events.count }, (_, n) => simulator.events.at(n).id),
		);
		const renewals = simulator.oauth.tokenRequests.filter(
			(request) => request.grantType === 'refresh_token',
		);
		assert.ok(renewals.length >= 2, `${renewals.length} renewals`);
		assert.ok(renewals.every((renewal) => renewal.status === 200));
		assert.ok(!output.includes(serviceApp.clientSecret), 'no client secret in the execution');
		assert.ok(!output.includes(serviceApp.refreshToken), 'no refresh token in the execution');
	});
});
