// The simulator's webhooks: /webhooks as the definitions give it (contract-checked on close), and
// signed deliveries in Webex's shape to the target URLs, a target that keeps failing set inactive.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import { describe, it } from 'node:test';

import { withSimulator } from '../helpers/index.mjs';

/** A JSON request with the simulator's token: {status, body}. */
async function call(simulator, method, path, body, token = 'sim-token') {
	const response = await fetch(`${simulator.baseUrl}${path}`, {
		method,
		headers: {
			authorization: `Bearer ${token}`,
			...(body ? { 'content-type': 'application/json' } : {}),
		},
		body: body ? JSON.stringify(body) : undefined,
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** A receiver on 127.0.0.1 answering `status`: {url, received: [{headers, body}], close}. */
async function receiver(status = 200) {
	const received = [];
	const server = http.createServer(async (req, res) => {
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
		res.writeHead(status).end();
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	return {
		url: `http://127.0.0.1:${server.address().port}/hook`,
		received,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

describe('simulator: /v1/webhooks', () => {
	it('creates, lists, reads (with its secret), reactivates and deletes a webhook', async () => {
		await withSimulator({}, async (simulator) => {
			const made = await call(simulator, 'POST', '/webhooks', {
				name: 'n8n test',
				targetUrl: 'https://n8n.example.com/webhook/abc',
				resource: 'recordings',
				event: 'created',
				filter: 'hostEmail=someone@example.com',
				secret: 's'.repeat(64),
				ownedBy: 'org',
			});
			assert.equal(made.status, 200);
			assert.equal(made.body.status, 'active');
			assert.equal(made.body.ownedBy, 'org');
			const listed = await call(simulator, 'GET', '/webhooks?ownedBy=org');
			assert.deepEqual(
				listed.body.items.map((hook) => hook.id),
				[made.body.id],
			);
			const read = await call(simulator, 'GET', `/webhooks/${made.body.id}`);
			assert.equal(read.body.secret, 's'.repeat(64));
			// Another token does not see it.
			assert.equal(
				(await call(simulator, 'GET', `/webhooks/${made.body.id}`, undefined, 'user-token')).status,
				404,
			);
			const updated = await call(simulator, 'PUT', `/webhooks/${made.body.id}`, {
				name: 'n8n test',
				targetUrl: 'https://n8n.example.com/webhook/abc',
				status: 'active',
			});
			assert.equal(updated.status, 200);
			assert.equal((await call(simulator, 'DELETE', `/webhooks/${made.body.id}`)).status, 204);
			assert.equal((await call(simulator, 'GET', `/webhooks/${made.body.id}`)).status, 404);
		});
	});

	it('refuses a host filter without ownedBy org, and an org webhook for an ordinary user', async () => {
		await withSimulator({}, async (simulator) => {
			const base = {
				name: 'x',
				targetUrl: 'https://n8n.example.com/webhook/abc',
				resource: 'meetings',
				event: 'ended',
			};
			const noOrg = await call(simulator, 'POST', '/webhooks', {
				...base,
				filter: 'hostEmail=a@example.com',
			});
			assert.equal(noOrg.status, 400);
			assert.match(noOrg.body.message, /ownedBy org/);
			const user = await call(
				simulator,
				'POST',
				'/webhooks',
				{ ...base, ownedBy: 'org' },
				'user-token',
			);
			assert.equal(user.status, 403);
		});
	});

	it('delivers a signed notification in Webex shape to each matching webhook, once', async () => {
		const target = await receiver();
		try {
			await withSimulator({}, async (simulator) => {
				const secret = 'k'.repeat(64);
				const hook = (
					await call(simulator, 'POST', '/webhooks', {
						name: 'n8n',
						targetUrl: target.url,
						resource: 'recordings',
						event: 'created',
						secret,
						ownedBy: 'org',
					})
				).body;
				// Another resource's webhook gets nothing.
				await call(simulator, 'POST', '/webhooks', {
					name: 'other',
					targetUrl: target.url,
					resource: 'meetings',
					event: 'ended',
					secret,
					ownedBy: 'org',
				});
				const { data, deliveries } = await simulator.webhooks.appear({
					resource: 'recordings',
					actor: 3,
				});
				assert.deepEqual(deliveries, [{ webhookId: hook.id, status: 200 }]);
				assert.equal(target.received.length, 1);
				const [{ headers, body }] = target.received;
				assert.equal(
					headers['x-spark-signature'],
					createHmac('sha1', secret).update(body).digest('hex'),
				);
				const notification = JSON.parse(body);
				assert.equal(notification.id, hook.id);
				assert.equal(notification.resource, 'recordings');
				assert.equal(notification.event, 'created');
				assert.equal(notification.ownedBy, 'org');
				assert.equal(notification.data.id, data.id);
				assert.equal(notification.data.hostEmail, simulator.people[3].emails[0]);
				// The recording is there to read.
				const recording = await call(simulator, 'GET', `/recordings/${data.id}`);
				assert.equal(recording.status, 200);
				assert.equal(recording.body.id, data.id);
			});
		} finally {
			await target.close();
		}
	});

	it('sets a webhook whose target keeps failing inactive, and delivers nothing more to it', async () => {
		const target = await receiver(500);
		try {
			await withSimulator({ webhookFailures: 2 }, async (simulator) => {
				const hook = (
					await call(simulator, 'POST', '/webhooks', {
						name: 'n8n',
						targetUrl: target.url,
						resource: 'meetings',
						event: 'started',
						ownedBy: 'org',
					})
				).body;
				for (let i = 0; i < 3; i++)
					await simulator.webhooks.appear({ resource: 'meetings', event: 'started' });
				assert.equal(target.received.length, 2);
				const read = await call(simulator, 'GET', `/webhooks/${hook.id}`);
				assert.equal(read.body.status, 'inactive');
			});
		} finally {
			await target.close();
		}
	});
});
