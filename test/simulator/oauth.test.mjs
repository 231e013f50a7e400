// The simulator is the ground truth of every other test: it must page and reject as Webex does.
// Here: the OAuth2 token endpoint.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { request } from 'undici';

import { withSimulator } from '../helpers/index.mjs';
import { get } from '../helpers/simulatorRequests.mjs';

describe('simulator OAuth2 token endpoint', () => {
	const oauth = {
		clientId: 'client-1',
		clientSecret: 'secret-xyz',
		accessTokenLifetimeRequests: 2,
	};
	const refresh = (simulator, fields, headers = {}) =>
		request(`${simulator.baseUrl}/access_token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
			body: new URLSearchParams(fields).toString(),
		}).then(async (answer) => ({ status: answer.statusCode, body: await answer.body.json() }));

	it('refreshes access tokens that work until their lifetime, and refuses bad clients and refused grants', async () => {
		await withSimulator({ events: 5, oauth }, async (simulator) => {
			const issued = simulator.oauth.issue();
			assert.equal(issued.token_type, 'Bearer');
			assert.equal((await get(simulator, '/events', { token: issued.access_token })).status, 200);
			assert.equal(
				(await get(simulator, '/people/me', { token: issued.access_token })).status,
				200,
			);
			const expired = await get(simulator, '/events', { token: issued.access_token });
			assert.equal(expired.status, 401);
			assert.match(expired.body.message, /valid access token/);

			const fresh = await refresh(simulator, {
				grant_type: 'refresh_token',
				refresh_token: issued.refresh_token,
				client_id: 'client-1',
				client_secret: 'secret-xyz',
			});
			assert.equal(fresh.status, 200);
			assert.deepEqual(Object.keys(fresh.body).sort(), [
				'access_token',
				'expires_in',
				'refresh_token',
				'refresh_token_expires_in',
				'token_type',
			]);
			assert.equal(fresh.body.expires_in, 1209599);
			assert.equal(fresh.body.refresh_token_expires_in, 7776000);
			assert.notEqual(fresh.body.access_token, issued.access_token);
			const me = await get(simulator, '/people/me', { token: fresh.body.access_token });
			assert.equal(me.body.emails[0], simulator.people[0].emails[0]);
			assert.equal(simulator.oauth.refreshCount, 1);

			const basic = `Basic ${Buffer.from('client-1:secret-xyz').toString('base64')}`;
			assert.equal(
				(
					await refresh(
						simulator,
						{ grant_type: 'refresh_token', refresh_token: issued.refresh_token },
						{ authorization: basic },
					)
				).status,
				200,
			);
			const wrongSecret = await refresh(simulator, {
				grant_type: 'refresh_token',
				refresh_token: issued.refresh_token,
				client_id: 'client-1',
				client_secret: 'nope',
			});
			assert.equal(wrongSecret.status, 401);
			assert.equal(wrongSecret.body.error, 'invalid_client');
			const unknown = await refresh(simulator, {
				grant_type: 'refresh_token',
				refresh_token: 'made-up',
				client_id: 'client-1',
				client_secret: 'secret-xyz',
			});
			assert.equal(unknown.status, 400);
			simulator.setFaults({ refuseRefresh: true });
			const refused = await refresh(simulator, {
				grant_type: 'refresh_token',
				refresh_token: issued.refresh_token,
				client_id: 'client-1',
				client_secret: 'secret-xyz',
			});
			assert.equal(refused.status, 400);
			assert.equal(refused.body.error, 'invalid_grant');
			assert.ok(refused.body.error_description);
			assert.equal(simulator.oauth.refreshCount, 2);
			assert.equal(simulator.oauth.tokenRequests.length, 5);

			const tokenRequests = simulator.requests.filter((r) => r.path === '/v1/access_token');
			assert.equal(tokenRequests.length, 5);
			assert.ok(tokenRequests.every((r) => r.method === 'POST' && r.grantType === 'refresh_token'));
			assert.ok(!JSON.stringify(simulator.requests).includes('secret-xyz'));
			assert.ok(!JSON.stringify(simulator.requests).includes(basic.slice(6)));
			assert.ok(!JSON.stringify(simulator.oauth.tokenRequests).includes('secret-xyz'));
		});
	});
});
