// `npm run dev` (scripts/dev.mjs) as a new user meets it: it ends with a working editor in which the
// nodes appear with their icons, the examples are imported and load, the Webex credential passes
// its test, and a workflow runs against the simulator; Ctrl-C stops n8n and the simulator. And with
// WEBEX_TOKEN and WEBEX_BASE_URL (a "real" Webex API on loopback), the credential it writes passes
// its test and runs the examples against that API.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

import { startDev } from '../../scripts/editor.mjs';
import {
	ensureN8n,
	freePort,
	n8nVersion,
	PACKAGE_NAME,
	restClient,
	ROOT,
	waitFor,
} from '../../scripts/n8n.mjs';
import { parseLinkHeaderForTests } from '../helpers/index.mjs';
import { createSimulator } from '../../simulator/server.mjs';

// n8n stores execution data in the `flatted` format; read it with n8n's own copy.
const { parse: unflatten } = createRequire(path.resolve(ensureN8n(), '../../n8n/package.json'))(
	'flatted',
);

const home = mkdtempSync(path.join(tmpdir(), 'webex-audit-dev-'));
let dev;
let output = '';

/** Every event of [from, to) straight from the Webex API the dev setup uses, following Link headers. */
async function countEvents(baseUrl, from, to) {
	let url = `${baseUrl}/events?${new URLSearchParams({ from, to, max: '1000' })}`;
	let count = 0;
	for (let page = 0; url && page < 1000; page++) {
		const response = await fetch(url, { headers: { authorization: 'Bearer sim-token' } });
		count += (await response.json()).items.length;
		url = parseLinkHeaderForTests(response.headers.get('link')).next;
	}
	return count;
}

describe('npm run dev', () => {
	after(async () => {
		// Ctrl-C, as a person stops it: npm run dev then stops its n8n (a process group of its own)
		// and the simulator, which a SIGKILL to it would leave running.
		if (dev?.exitCode === null) {
			dev.kill('SIGINT');
			await waitFor(() => dev.exitCode !== null, 30_000, 'npm run dev to stop').catch(() =>
				dev.kill('SIGKILL'),
			);
		}
		rmSync(home, { recursive: true, force: true });
	});

	it(
		'starts a working editor with the package, examples and credential; Ctrl-C stops everything',
		{ timeout: 420_000 },
		async () => {
			const port = await freePort();
			dev = spawn(process.execPath, ['scripts/dev.mjs', '--home', home, '--port', String(port)], {
				cwd: ROOT,
				stdio: ['ignore', 'pipe', 'pipe'],
				env: { ...process.env, WEBEX_TOKEN: '' },
			});
			dev.stdout.on('data', (chunk) => (output += chunk));
			dev.stderr.on('data', (chunk) => (output += chunk));
			await waitFor(
				() => output.includes('Ctrl-C stops') || dev.exitCode !== null,
				360_000,
				'npm run dev to print the editor URL',
			);
			assert.equal(dev.exitCode, null, output);

			assert.match(output, new RegExp(`n8n is ready: +http://localhost:${port}`));
			const [, email, password] = /Login: +(\S+) \/ (\S+)/.exec(output);
			const simulatorUrl = /Webex API: +the simulator at (\S+)/.exec(output)[1];
			const n8n = restClient(`http://127.0.0.1:${port}`);
			assert.equal(await n8n.signIn({ email, password }), 'signed in', 'the printed login works');

			// The editor's node list: every node of the package, with icons the server serves.
			const nodeTypes = (await n8n.request('GET', '/types/nodes.json')).json;
			for (const name of [
				'webexEvents',
				'webexRecordingAudit',
				'webexEventsTrigger',
				'webexAdminAudit',
				'webexAdminAuditTrigger',
			]) {
				const type = nodeTypes.find((node) => node.name === `${PACKAGE_NAME}.${name}`);
				assert.ok(type, `${name} is in the editor's node list`);
				for (const iconUrl of [type.iconUrl.light, type.iconUrl.dark]) {
					const icon = await n8n.request('GET', `/${iconUrl}`);
					assert.equal(icon.status, 200, iconUrl);
					assert.match(icon.contentType, /^image\/svg\+xml/);
					assert.match(icon.text, /<svg[\s>]/);
				}
			}
			const credentialTypes = (await n8n.request('GET', '/types/credentials.json')).json.map(
				(type) => type.name,
			);
			for (const type of ['webexApi', 'webexOAuth2Api', 'webexServiceAppApi'])
				assert.ok(credentialTypes.includes(type), type);

			// The examples are there, and every node in them is a type (and version) this n8n knows.
			const workflows = (await n8n.request('GET', '/rest/workflows')).json.data;
			assert.deepEqual(
				workflows.map((workflow) => workflow.name).sort(),
				readdirSync(path.join(ROOT, 'examples'))
					.filter((file) => file.endsWith('.json'))
					.map((file) => JSON.parse(readFileSync(path.join(ROOT, 'examples', file), 'utf8')).name)
					.sort(),
			);
			for (const { id } of workflows) {
				const workflow = (await n8n.request('GET', `/rest/workflows/${id}`)).json.data;
				for (const node of workflow.nodes) {
					const known = nodeTypes.some(
						(type) => type.name === node.type && [type.version].flat().includes(node.typeVersion),
					);
					assert.ok(known, `${workflow.name}: ${node.type} v${node.typeVersion} is known to n8n`);
				}
			}

			// The credential test runs the package's test request against the simulator.
			const test = (accessToken) =>
				n8n.request('POST', '/rest/credentials/test', {
					credentials: {
						id: 'webexExampleCred',
						name: 'Webex',
						type: 'webexApi',
						data: { accessToken, baseUrl: 'custom', customBaseUrl: simulatorUrl },
					},
				});
			assert.deepEqual((await test('sim-token')).json.data, {
				status: 'OK',
				message: 'Connection successful!',
			});
			const rejected = (await test('not-a-token')).json.data;
			assert.equal(rejected.status, 'Error');
			// n8n 1.x's credential tester loses the failed answer (its errors drop their cause), so it
			// shows its own message for a 401 instead of the credential's (README "Compatibility").
			assert.match(
				rejected.message,
				n8nVersion().startsWith('1.')
					? /^Authorization failed - please check your credentials$/
					: /Webex rejected the access token/,
			);

			// The service app credential npm run dev made: its Test button renews the access token from
			// the refresh token, then reads /people/me.
			const serviceApp = (
				await n8n.request('GET', '/rest/credentials/webexServiceAppCrd?includeData=true')
			).json.data;
			assert.deepEqual(
				(
					await n8n.request('POST', '/rest/credentials/test', {
						credentials: {
							id: serviceApp.id,
							name: serviceApp.name,
							type: serviceApp.type,
							data: serviceApp.data,
						},
					})
				).json.data,
				{ status: 'OK', message: 'Connection successful!' },
			);

			// Run the digest example from the editor, up to Webex Events: a day of events, every one once.
			const digest = workflows.find((workflow) =>
				workflow.name.startsWith('Webex compliance digest'),
			);
			const execution = await n8n.runManually(digest.id, {
				trigger: 'Every Day at 8',
				destination: 'Webex Events',
			});
			assert.equal(execution.status, 'success');
			const runData = unflatten(execution.data).resultData.runData;
			const timestamp = runData['Every Day at 8'][0].data.main[0][0].json.timestamp;
			const events = runData['Webex Events'][0].data.main[0].map((item) => item.json);
			const from = new Date(Date.parse(timestamp) - 86_400_000).toISOString();
			assert.equal(
				events.length,
				await countEvents(simulatorUrl, from, new Date(Date.parse(timestamp)).toISOString()),
			);
			assert.ok(events.length > 1000);
			assert.equal(new Set(events.map((event) => event.id)).size, events.length);
			assert.ok(
				events.every((event) => event.actorId && 'personEmail' in event),
				'simplified rows',
			);

			// Ctrl-C: n8n and the simulator stop, and so does the script.
			dev.kill('SIGINT');
			await waitFor(() => dev.exitCode !== null, 60_000, 'npm run dev to stop');
			assert.equal(dev.exitCode, 0, output);
			await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'n8n is stopped');
			await assert.rejects(fetch(`${simulatorUrl}/people/me`), 'the simulator is stopped');
		},
	);

	it(
		'WEBEX_TOKEN=x WEBEX_BASE_URL=<a Webex API on loopback>: the written credential passes its test and runs the examples',
		{ timeout: 420_000 },
		async () => {
			// The "real" Webex API: the simulator, which knows only the token x.
			const api = await createSimulator({
				port: 0,
				events: 2000,
				eventSpanDays: 3,
				recordings: 200,
				tokens: { x: { person: 0, compliance: true, admin: true } },
			});
			const apiHome = mkdtempSync(path.join(tmpdir(), 'webex-audit-dev-token-'));
			let real;
			try {
				real = await startDev({
					home: apiHome,
					port: await freePort(),
					env: { WEBEX_TOKEN: 'x', WEBEX_BASE_URL: `${api.baseUrl}/` },
				});
				assert.match(
					real.output(),
					new RegExp(`Webex API: +${api.baseUrl.replaceAll('.', '\\.')}\n`),
				);
				assert.doesNotMatch(real.output(), /simulator/i, 'no simulator of its own');
				const n8n = restClient(real.url);
				assert.equal(await n8n.signIn(real.login), 'signed in');

				// The credential as written: Custom with the URL (no trailing slash), shown under its URL.
				const credential = (
					await n8n.request('GET', '/rest/credentials/webexExampleCred?includeData=true')
				).json.data;
				assert.equal(credential.name, `Webex (${api.baseUrl})`);
				assert.equal(credential.data.baseUrl, 'custom');
				assert.equal(credential.data.customBaseUrl, api.baseUrl);

				// The editor's "Test" on the stored credential (n8n fills in the redacted token): GET /people/me with Bearer x.
				const before = api.requests.length;
				const test = await n8n.request('POST', '/rest/credentials/test', {
					credentials: {
						id: credential.id,
						name: credential.name,
						type: 'webexApi',
						data: credential.data,
					},
				});
				assert.deepEqual(
					test.json.data,
					{ status: 'OK', message: 'Connection successful!' },
					test.text,
				);
				const asked = api.requests.slice(before);
				assert.ok(
					asked.some(
						(request) => request.path === '/v1/people/me' && request.authorization === 'Bearer x',
					),
					JSON.stringify(asked),
				);

				// Each example's Webex node runs against that API with the credential as written.
				const workflows = (await n8n.request('GET', '/rest/workflows')).json.data;
				for (const [name, trigger, node] of [
					['Webex compliance digest to Slack (daily)', 'Every Day at 8', 'Webex Events'],
					[
						'Webex recording audit to Google Sheets (daily, last 7 days)',
						'Every Day at 6',
						'Webex Recording Audit',
					],
				]) {
					const workflow = workflows.find((candidate) => candidate.name === name);
					const execution = await n8n.runManually(workflow.id, { trigger, destination: node });
					assert.equal(execution.status, 'success', `${name}: ${execution.data?.slice?.(0, 2000)}`);
					const items = unflatten(execution.data).resultData.runData[node][0].data.main[0];
					assert.ok(items.length > 0, `${name}: ${node} returned records from the API`);
				}

				assert.equal(await real.stop(), 0, real.output());
			} finally {
				await real?.stop().catch(() => {});
				rmSync(apiHome, { recursive: true, force: true });
				await api.close();
			}
		},
	);
});
