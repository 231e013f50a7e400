// The Webex Service App API credential through n8n's own engine: it renews its access token from
// its refresh token (n8n's preAuthentication, when the token is empty and after a 401), keeps
// every record once across renewals in listings, files and trigger polls, tells what to do when
// Webex refuses, and never shows a secret.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';

import { captureLog, PACKAGE, poll, runNode, testCredential } from './helpers/n8n.mjs';
import {
	assertNoSecretIn,
	eventIds,
	rejection,
	requestsTo,
	withSimulator,
} from './helpers/index.mjs';

const CLIENT_SECRET = 'svc-secret-7f3a-NEVER-PRINT';
const serviceApp = { clientSecret: CLIENT_SECRET };

/** The credential as a user creates it: client ID, secret and refresh token only. */
function serviceAppCredentials(simulator, refreshToken) {
	const data = simulator.serviceAppCredentialData();
	return { webexServiceAppApi: { ...data, refreshToken: refreshToken ?? data.refreshToken } };
}

const stored = (credentials) => credentials.webexServiceAppApi;
const renewals = (simulator) =>
	simulator.oauth.tokenRequests.filter((request) => request.grantType === 'refresh_token');
const ids = (items) => items.map((item) => item.json.id);

function listEvents(credentials, options = {}) {
	return runNode({
		type: 'webexEvents',
		parameters: {
			authentication: 'serviceApp',
			resource: 'event',
			operation: 'getAll',
			returnAll: true,
			filters: {},
			options: { pageSize: 100, ...options },
		},
		credentials,
	});
}

/** Every view of what a run left where a user or a log could read it. */
function assertNoSecrets(credentials, ...views) {
	const { clientSecret, refreshToken, accessToken } = stored(credentials);
	for (const secret of [clientSecret, refreshToken, accessToken].filter(Boolean))
		for (const view of views) {
			const text = typeof view === 'string' ? view : inspect(view, { depth: 20 });
			assert.ok(!text.includes(secret), `a secret in: ${text.slice(0, 300)}`);
		}
}

/**
 * Polls a trigger with the service app `polls` times from 48 hours ago, as n8n would, each poll
 * from the static data the last one left: resolves to the ids emitted, in order.
 */
async function pollRepeatedly(type, credentials, { polls, parameters, afterEach = () => {} }) {
	const emitted = [];
	let staticData;
	for (let index = 0; index < polls; index++) {
		const run = await poll({
			type,
			parameters: {
				authentication: 'serviceApp',
				startFrom: 'hoursAgo',
				startHoursAgo: 48,
				lookback: 5,
				filters: {},
				...parameters,
			},
			credentials,
			staticData,
		});
		staticData = run.staticData;
		afterEach(staticData);
		if (run.items) emitted.push(...ids(run.items));
	}
	return emitted;
}

describe('Webex Service App API credential', () => {
	it('has the fields of its interface, the access token hidden and expirable', () => {
		const credential = PACKAGE.credentials.webexServiceAppApi;
		const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		assert.deepEqual(Object.keys(byName).sort(), [
			'accessToken',
			'baseUrl',
			'clientId',
			'clientSecret',
			'customBaseUrl',
			'refreshToken',
		]);
		assert.equal(byName.accessToken.type, 'hidden');
		assert.equal(byName.accessToken.typeOptions.expirable, true);
		for (const secret of ['clientSecret', 'refreshToken'])
			assert.equal(byName[secret].typeOptions.password, true);
		assert.equal(typeof credential.preAuthentication, 'function');
		assert.deepEqual(byName.baseUrl, PACKAGE.credentials.webexApi.properties[1]);
	});

	it('every node and both triggers offer it as Authentication "serviceApp"', () => {
		for (const [name, node] of Object.entries(PACKAGE.nodes)) {
			const { properties, credentials } = node.description;
			const authentication = properties.find((p) => p.name === 'authentication');
			assert.ok(
				authentication.options.some((option) => option.value === 'serviceApp'),
				`${name}: Authentication offers serviceApp`,
			);
			assert.deepEqual(
				credentials.find((c) => c.name === 'webexServiceAppApi')?.displayOptions,
				{ show: { authentication: ['serviceApp'] } },
				`${name}: the credential is shown for serviceApp`,
			);
		}
	});

	it('the Webex API credential no longer recommends a pasted service app token', () => {
		const [token] = PACKAGE.credentials.webexApi.properties;
		assert.doesNotMatch(token.description, /use a service app\b/i);
		assert.match(token.description, /Webex Service App API credential/);
	});
});

describe('renewal through n8n', () => {
	it('a credential holding only client ID, secret and refresh token renews once, lists every event, and stores the new token', async () => {
		await withSimulator({ events: 500, oauth: { serviceApp } }, async (simulator) => {
			const credentials = serviceAppCredentials(simulator);
			const refreshToken = stored(credentials).refreshToken;
			const items = await listEvents(credentials);
			assert.deepEqual(ids(items), eventIds(simulator));
			assert.equal(renewals(simulator).length, 1);
			assert.match(stored(credentials).accessToken, /^service-app-access-\d+$/);
			assert.equal(stored(credentials).refreshToken, refreshToken);
			// The stored token serves the next run without another renewal.
			await listEvents(credentials);
			assert.equal(renewals(simulator).length, 1);
			const pages = requestsTo(simulator, '/events');
			assert.ok(
				pages.every((page) => page.authorization === `Bearer ${stored(credentials).accessToken}`),
			);
		});
	});

	it('the token request is a POST of the refresh grant with the service app client ID', async () => {
		await withSimulator({ events: 10, oauth: { serviceApp } }, async (simulator) => {
			const credentials = serviceAppCredentials(simulator);
			await listEvents(credentials);
			const [renewal] = renewals(simulator);
			assert.equal(renewal.clientId, simulator.oauth.serviceApp.clientId);
			assert.equal(renewal.status, 200);
			const [request] = simulator.requests.filter((r) => r.path === '/v1/access_token');
			assert.equal(request.method, 'POST');
		});
	});

	for (const parallelRequests of [1, 4]) {
		it(`expiry in the middle of a listing (Parallel Requests ${parallelRequests}): renewed, every record once`, async () => {
			await withSimulator(
				{ events: 3000, oauth: { serviceApp, accessTokenLifetimeRequests: 7 } },
				async (simulator) => {
					const credentials = serviceAppCredentials(simulator);
					const items = await listEvents(credentials, { parallelRequests });
					assert.deepEqual(ids(items).sort(), eventIds(simulator).sort());
					assert.equal(new Set(ids(items)).size, items.length);
					const pages = requestsTo(simulator, '/events').filter((page) => page.status === 200);
					assert.ok(pages.length >= 30);
					// Each token lasts 7 requests; a renewal per expiry, at most one more per request in flight.
					const expiries = Math.ceil(requestsTo(simulator, '/events').length / 7);
					assert.ok(renewals(simulator).length >= 4, `renewals: ${renewals(simulator).length}`);
					assert.ok(renewals(simulator).length <= expiries + parallelRequests);
				},
			);
		});
	}

	it('expiry in the middle of a JSON Lines file: one file with every event once', async () => {
		await withSimulator(
			{ events: 2000, oauth: { serviceApp, accessTokenLifetimeRequests: 5 } },
			async (simulator) => {
				const credentials = serviceAppCredentials(simulator);
				const [file] = await listEvents(credentials, { output: 'jsonLines', gzip: false });
				const lines = Buffer.from(file.binary.data.data, 'base64')
					.toString('utf8')
					.split('\n')
					.filter(Boolean)
					.map((line) => JSON.parse(line).id);
				assert.equal(file.json.records, 2000);
				assert.deepEqual(lines.sort(), eventIds(simulator).sort());
				assert.ok(renewals(simulator).length >= 3);
				assertNoSecrets(credentials, file.json);
			},
		);
	});

	it('expiry during trigger polls: every event once across polls, nothing secret in static data', async () => {
		await withSimulator(
			{ events: 1200, eventSpanDays: 1, oauth: { serviceApp, accessTokenLifetimeRequests: 3 } },
			async (simulator) => {
				const credentials = serviceAppCredentials(simulator);
				const emitted = await pollRepeatedly('webexEventsTrigger', credentials, {
					polls: 8,
					parameters: { options: { maxEventsPerPoll: 300 } },
					// Nothing secret in the static data after any poll.
					afterEach: (staticData) => assertNoSecrets(credentials, JSON.stringify(staticData)),
				});
				assert.deepEqual(emitted.sort(), eventIds(simulator).sort());
				assert.ok(renewals(simulator).length >= 2);
			},
		);
	});

	it('the Admin Audit Trigger polls across five token lifetimes without a failure', async () => {
		await withSimulator(
			{
				adminAuditEvents: 400,
				adminAuditSpanDays: 1,
				oauth: { serviceApp, accessTokenLifetimeRequests: 2 },
			},
			async (simulator) => {
				const credentials = serviceAppCredentials(simulator);
				const emitted = await pollRepeatedly('webexAdminAuditTrigger', credentials, {
					polls: 12,
					parameters: { source: 'adminAudit', orgId: '', options: { maxEventsPerPoll: 100 } },
				});
				const expected = [];
				for (let index = 0; index < simulator.adminAudit.count; index++)
					expected.push(simulator.adminAudit.at(index).id);
				assert.deepEqual(emitted.sort(), expected.sort());
				assert.ok(renewals(simulator).length >= 5, `renewals: ${renewals(simulator).length}`);
			},
		);
	});

	it('a refresh token Webex rotates is stored, and the old one is not used again', async () => {
		await withSimulator(
			{
				events: 600,
				oauth: { serviceApp, accessTokenLifetimeRequests: 2, rotateRefreshTokens: true },
			},
			async (simulator) => {
				const credentials = serviceAppCredentials(simulator);
				const first = stored(credentials).refreshToken;
				const items = await listEvents(credentials);
				assert.equal(items.length, 600);
				assert.notEqual(stored(credentials).refreshToken, first);
				assert.equal(simulator.oauth.refreshTokenValid(stored(credentials).refreshToken), true);
				assert.ok(renewals(simulator).every((renewal) => renewal.status === 200));
			},
		);
	});

	it('Webex rotating refresh tokens: a new credential listing in 4 parallel requests, and two runs at once after expiry, all finish', async () => {
		await withSimulator(
			{
				events: 1500,
				oauth: { serviceApp, rotateRefreshTokens: true, accessTokenLifetimeRequests: 4 },
			},
			async (simulator) => {
				const credentials = serviceAppCredentials(simulator);
				// The simulator's events span 30 days: a From before them makes Parallel Requests cut slices.
				const from = new Date(Date.now() - 31 * 86_400_000).toISOString();
				const items = await runNode({
					type: 'webexEvents',
					parameters: {
						authentication: 'serviceApp',
						resource: 'event',
						operation: 'getAll',
						returnAll: true,
						filters: { from },
						options: { pageSize: 100, parallelRequests: 4 },
					},
					credentials,
				});
				assert.deepEqual(ids(items).sort(), eventIds(simulator).sort());
				simulator.oauth.expireAll();
				const [a, b] = await Promise.all([listEvents(credentials), listEvents(credentials)]);
				assert.equal(a.length, 1500);
				assert.equal(b.length, 1500);
				assert.equal(simulator.oauth.refreshTokenValid(stored(credentials).refreshToken), true);
			},
		);
	});

	it('two runs that find the same token expired at once both finish, one renewal each at most', async () => {
		await withSimulator({ events: 800, oauth: { serviceApp } }, async (simulator) => {
			const credentials = serviceAppCredentials(simulator);
			await listEvents(credentials, { pageSize: 1000 });
			assert.equal(renewals(simulator).length, 1);
			simulator.oauth.expireAll();
			// Two executions (two workers) reading the same stored credential.
			const [a, b] = await Promise.all([
				listEvents(credentials, { parallelRequests: 1 }),
				listEvents(credentials, { parallelRequests: 1 }),
			]);
			assert.equal(a.length, 800);
			assert.equal(b.length, 800);
			assert.ok(renewals(simulator).length <= 3, `renewals: ${renewals(simulator).length}`);
			assert.ok(renewals(simulator).every((renewal) => renewal.status === 200));
		});
	});
});

describe('refusals', () => {
	const failedRun = async (simulator, credentials) => {
		const log = captureLog('warn');
		const error = await rejection(listEvents(credentials)).finally(log.stop);
		assertNoSecretIn([error], CLIENT_SECRET);
		assertNoSecretIn([error], stored(credentials).refreshToken);
		assertNoSecrets(credentials, log.lines.join('\n'));
		assert.equal(requestsTo(simulator, '/events').filter((r) => r.status === 200).length, 0);
		return error;
	};

	it('a revoked refresh token fails the run: what happened and that a full admin authorises the app again', async () => {
		await withSimulator({ events: 50, oauth: { serviceApp } }, async (simulator) => {
			const credentials = serviceAppCredentials(simulator);
			simulator.oauth.revokeRefreshToken(stored(credentials).refreshToken);
			const error = await failedRun(simulator, credentials);
			assert.match(error.message, /did not renew the service app access token/);
			assert.match(error.message, /refresh token is revoked, expired or wrong/);
			assert.match(error.message, /400/);
			assert.match(
				error.description,
				/full administrator authorises the service app again in Control Hub/,
			);
			assert.match(error.description, /paste|copy the new refresh token/i);
			// Tried a few more times (another run may have rotated the refresh token), then given up.
			assert.equal(renewals(simulator).length, 4);
		});
	});

	it('a refresh token whose lifetime passed fails the same way', async () => {
		await withSimulator(
			{ events: 50, oauth: { serviceApp, refreshTokenLifetimeSeconds: 0 } },
			async (simulator) => {
				const error = await failedRun(simulator, serviceAppCredentials(simulator));
				assert.match(error.message, /refresh token is revoked, expired or wrong/);
			},
		);
	});

	it('a refresh refused mid-listing, after the access token expired, fails with the same message', async () => {
		await withSimulator(
			{ events: 1000, oauth: { serviceApp, accessTokenLifetimeRequests: 3 } },
			async (simulator) => {
				const credentials = serviceAppCredentials(simulator);
				await listEvents(credentials, { pageSize: 1000 });
				simulator.oauth.revokeRefreshToken(stored(credentials).refreshToken);
				const error = await rejection(listEvents(credentials));
				assert.match(error.message, /refresh token is revoked, expired or wrong/);
				assertNoSecretIn([error], stored(credentials).accessToken);
			},
		);
	});

	it('a renewed token Webex still refuses (401): the hint is about the service app, not a pasted token; renewals bounded', async () => {
		await withSimulator(
			{ events: 50, oauth: { serviceApp, accessTokenLifetimeRequests: 0 } },
			async (simulator) => {
				const error = await failedRun(simulator, serviceAppCredentials(simulator));
				assert.match(error.message, /401/);
				// Webex's own words, on n8n 1.x too (whose errors drop the answer of a refused renewal).
				assert.match(error.message, /requires a valid access token/);
				assert.match(error.description, /full administrator still authorises the service app/);
				assert.doesNotMatch(error.description, /Personal access tokens/);
				assert.ok(renewals(simulator).length <= 3, `renewals: ${renewals(simulator).length}`);
			},
		);
	});

	it('a wrong client secret names the Client ID or Client Secret', async () => {
		await withSimulator({ events: 50, oauth: { serviceApp } }, async (simulator) => {
			const credentials = serviceAppCredentials(simulator);
			stored(credentials).clientSecret = `${CLIENT_SECRET}-old`;
			const error = await rejection(listEvents(credentials));
			assert.match(error.message, /Client ID or Client Secret is wrong/);
			assertNoSecretIn([error], `${CLIENT_SECRET}-old`);
		});
	});

	it('an empty refresh token and a plain http base URL fail before any request', async () => {
		await withSimulator({ events: 50, oauth: { serviceApp } }, async (simulator) => {
			const empty = serviceAppCredentials(simulator, '');
			assert.match((await rejection(listEvents(empty))).message, /Refresh Token is empty/);
			const http = serviceAppCredentials(simulator);
			stored(http).customBaseUrl = 'http://webex-proxy.example.com/v1';
			const error = await rejection(listEvents(http));
			assert.match(`${error.message} ${error.description}`, /https/);
			assert.equal(simulator.requests.length, 0);
		});
	});
});

/**
 * A token endpoint that misbehaves (a Webex API of its own otherwise answers 401): `answer(req,
 * res, form)` writes the token endpoint's answer. Resolves to {baseUrl, requests, close()}.
 */
async function hostileTokenEndpoint(answer) {
	const requests = [];
	const sockets = new Set();
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			requests.push(req.url);
			if (req.url.split('?')[0] === '/v1/access_token')
				return answer(req, res, new URLSearchParams(body));
			res.writeHead(401, { 'content-type': 'application/json' });
			res.end('{"message":"The request requires a valid access token.","trackingId":"T"}');
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	return {
		baseUrl: `http://127.0.0.1:${server.address().port}/v1`,
		requests,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			server.close();
			await once(server, 'close');
		},
	};
}

const hostileCredentials = (baseUrl, secrets = {}) => ({
	webexServiceAppApi: {
		clientId: 'client-id',
		clientSecret: `${CLIENT_SECRET} `,
		refreshToken: 'refresh-token-LONG-5678\n',
		baseUrl: 'custom',
		customBaseUrl: baseUrl,
		...secrets,
	},
});

describe('a token endpoint that misbehaves', () => {
	it(
		'one that trickles its answer forever is given up after 30 seconds, saying so',
		{ timeout: 120_000 },
		async () => {
			let timer;
			const endpoint = await hostileTokenEndpoint((req, res) => {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.write('{"access_token":"');
				timer = setInterval(() => res.write('a'), 500);
				res.on('close', () => clearInterval(timer));
			});
			try {
				const error = await rejection(listEvents(hostileCredentials(endpoint.baseUrl)));
				assert.match(
					error.message,
					/token endpoint at http:\/\/127\.0\.0\.1:\d+ did not answer within 30 seconds/,
				);
				assert.deepEqual(endpoint.requests, ['/v1/access_token']);
			} finally {
				clearInterval(timer);
				await endpoint.close();
			}
		},
	);

	it('one that echoes the request in its refusal shows no secret, stored with spaces or sent encoded', async () => {
		const endpoint = await hostileTokenEndpoint((req, res, form) => {
			res.writeHead(400, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({
					error: 'invalid_grant',
					error_description: `refused ${form.get('client_secret')} ${form.get('refresh_token')} ${new URLSearchParams(form).toString()}`,
				}),
			);
		});
		try {
			const credentials = hostileCredentials(endpoint.baseUrl, {
				refreshToken: 'refresh+token/LONG=5678 ',
			});
			const error = await rejection(listEvents(credentials));
			assert.match(error.message, /refresh token is revoked, expired or wrong/);
			for (const secret of [
				CLIENT_SECRET,
				'refresh+token/LONG=5678',
				encodeURIComponent('refresh+token/LONG=5678'),
				'refresh%2Btoken%2FLONG%3D5678',
			])
				assertNoSecretIn([error], secret);
		} finally {
			await endpoint.close();
		}
	});

	it("a Custom Base URL with a query or fragment: the secret goes to the base URL's own token endpoint", async () => {
		const endpoint = await hostileTokenEndpoint((req, res) => {
			res.writeHead(400, { 'content-type': 'application/json' });
			res.end('{"error":"invalid_grant"}');
		});
		try {
			for (const suffix of ['?tenant=a', '#fragment']) {
				await rejection(listEvents(hostileCredentials(`${endpoint.baseUrl}${suffix}`)));
				assert.equal(endpoint.requests.at(-1), '/v1/access_token');
			}
		} finally {
			await endpoint.close();
		}
	});
});

describe('Test button', () => {
	it('renews, then reads /people/me; a refusal says the renewal failed', async () => {
		await withSimulator({ events: 5, oauth: { serviceApp } }, async (simulator) => {
			const { webexServiceAppApi } = serviceAppCredentials(simulator);
			assert.equal((await testCredential('webexServiceAppApi', webexServiceAppApi)).status, 'OK');
			assert.equal(requestsTo(simulator, '/people/me').at(-1).status, 200);
			simulator.oauth.revokeRefreshToken(webexServiceAppApi.refreshToken);
			const refused = await testCredential('webexServiceAppApi', {
				...webexServiceAppApi,
				accessToken: '',
			});
			assert.equal(refused.status, 'Error');
			assert.match(refused.message, /did not renew the service app access token/);
			assert.ok(!refused.message.includes(webexServiceAppApi.refreshToken));
		});
	});
});

describe('simulator: service app tokens as the definitions describe them', () => {
	it('POST /applications/{applicationId}/token answers a pair that the credential renews from', async () => {
		await withSimulator({ events: 20, oauth: { serviceApp } }, async (simulator) => {
			const integration = simulator.oauth.issue().access_token;
			const answer = await fetch(
				`${simulator.baseUrl}/applications/${simulator.oauth.serviceApp.applicationId}/token`,
				{
					method: 'POST',
					headers: { Authorization: `Bearer ${integration}`, 'Content-Type': 'application/json' },
					body: JSON.stringify({
						clientId: simulator.oauth.serviceApp.clientId,
						clientSecret: CLIENT_SECRET,
						targetOrgId: 'Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9vcmc',
					}),
				},
			);
			assert.equal(answer.status, 200);
			const pair = await answer.json();
			assert.equal(pair.token_type, 'Bearer');
			assert.ok(pair.expires_in > 0 && pair.refresh_token_expires_in > 0);
			const items = await listEvents(serviceAppCredentials(simulator, pair.refresh_token));
			assert.equal(items.length, 20);
		});
	});

	it('a short lifetime in seconds is what expires_in says, and the token is refused after it', async () => {
		await withSimulator(
			{ events: 5, oauth: { serviceApp, accessTokenLifetimeSeconds: 0.05 } },
			async (simulator) => {
				const pair = simulator.oauth.issueServiceApp();
				assert.equal(pair.expires_in, 1);
				await new Promise((resolve) => setTimeout(resolve, 60));
				const answer = await fetch(`${simulator.baseUrl}/people/me`, {
					headers: { Authorization: `Bearer ${pair.access_token}` },
				});
				assert.equal(answer.status, 401);
			},
		);
	});
});
