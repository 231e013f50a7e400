import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createRequire } from 'node:module';

import { ENGINE, PACKAGE, testCredential } from './helpers/n8n.mjs';
import { withSimulator } from './helpers/index.mjs';

const N8N_1X = ENGINE.n8n?.startsWith('1.');

const require = createRequire(import.meta.url);
const { Workflow } = require('n8n-workflow');

const credentialData = (simulator, accessToken = 'sim-token') => ({
	accessToken,
	baseUrl: 'custom',
	customBaseUrl: simulator.baseUrl,
});

/** Evaluates a credential field's default expression with n8n's expression engine. */
function resolveDefault(credentialName, field, self) {
	const property = PACKAGE.credentials[credentialName].properties.find((p) => p.name === field);
	const node = {
		id: '1',
		name: 'n',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByNameAndVersion: () => ({ description: { properties: [] } }),
			getByName: () => undefined,
			getKnownTypes: () => ({}),
		},
	});
	return workflow.expression.getSimpleParameterValue(
		node,
		property.default,
		'internal',
		{ $self: self },
		undefined,
		'',
	);
}

describe('Webex API credential', () => {
	it('tests successfully against the simulator with a good token (GET /people/me, Bearer header)', async () => {
		await withSimulator({}, async (simulator) => {
			assert.deepEqual(await testCredential('webexApi', credentialData(simulator)), {
				status: 'OK',
				message: 'Connection successful!',
			});
			assert.equal(simulator.requests.length, 1);
			assert.equal(simulator.requests[0].path, '/v1/people/me');
			assert.equal(simulator.requests[0].authorization, 'Bearer sim-token');
		});
	});

	it('fails with a clear message with a bad token, or a base URL without /v1', async () => {
		await withSimulator({}, async (simulator) => {
			const bad = await testCredential('webexApi', credentialData(simulator, 'expired-token'));
			assert.equal(bad.status, 'Error');
			// n8n 1.x's credentials tester reads the credential's rules from the error's cause, which
			// its errors drop: it shows its own words (README "Compatibility").
			if (N8N_1X) assert.equal(bad.message, 'Authorization failed - please check your credentials');
			else {
				assert.match(bad.message, /wrong or expired/);
				assert.match(bad.message, /12 hours/);
			}
		});
		// A base URL that is not the API's (no /v1): what is asked there is no Webex operation, so
		// this simulator does not check the contract.
		await withSimulator({ contract: false }, async (simulator) => {
			const noVersion = await testCredential('webexApi', {
				accessToken: 'sim-token',
				baseUrl: 'custom',
				customBaseUrl: simulator.origin,
			});
			assert.equal(noVersion.status, 'Error');
			assert.match(noVersion.message, N8N_1X ? /could not be found/ : /must end in \/v1/);
		});
	});

	it('offers commercial (default), FedRAMP and custom base URLs; the token is a password field', () => {
		const { properties } = PACKAGE.credentials.webexApi;
		const baseUrl = properties.find((p) => p.name === 'baseUrl');
		assert.equal(baseUrl.default, 'https://webexapis.com/v1');
		assert.deepEqual(baseUrl.options.map((o) => o.value).sort(), [
			'custom',
			'https://api-usgov.webex.com/v1',
			'https://webexapis.com/v1',
		]);
		assert.equal(properties.find((p) => p.name === 'accessToken').typeOptions.password, true);
	});
});

describe('Webex OAuth2 API credential', () => {
	it('extends oAuth2Api with preset, editable scopes', () => {
		const credential = PACKAGE.credentials.webexOAuth2Api;
		assert.deepEqual(credential.extends, ['oAuth2Api']);
		const scope = credential.properties.find((p) => p.name === 'scope');
		assert.equal(scope.type, 'string');
		for (const needed of [
			'spark-compliance:events_read',
			'meeting:admin_recordings_read',
			'meeting:recordings_read',
			'spark:people_read',
		]) {
			assert.ok(scope.default.split(' ').includes(needed), needed);
		}
	});

	it('derives the authorization and token URLs from the base URL choice', () => {
		assert.equal(
			resolveDefault('webexOAuth2Api', 'authUrl', { baseUrl: 'https://webexapis.com/v1' }),
			'https://webexapis.com/v1/authorize',
		);
		assert.equal(
			resolveDefault('webexOAuth2Api', 'accessTokenUrl', { baseUrl: 'https://webexapis.com/v1' }),
			'https://webexapis.com/v1/access_token',
		);
		assert.equal(
			resolveDefault('webexOAuth2Api', 'authUrl', { baseUrl: 'https://api-usgov.webex.com/v1' }),
			'https://api-usgov.webex.com/v1/authorize',
		);
		assert.equal(
			resolveDefault('webexOAuth2Api', 'accessTokenUrl', {
				baseUrl: 'custom',
				customBaseUrl: 'https://proxy.example.com/v1/',
			}),
			'https://proxy.example.com/v1/access_token',
		);
	});
});
