// The simulator is the ground truth of every other test: it must page and reject as Webex does.
// Here: https with the test certificate, and the test proxy.
import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, it } from 'node:test';

import { Agent, ProxyAgent, request } from 'undici';

import { withSimulator } from '../helpers/index.mjs';
import { createProxy } from '../helpers/proxy.mjs';
import { rawGet } from '../helpers/simulatorRequests.mjs';
import { createSimulator, TLS_CERT_PATH } from '../../simulator/server.mjs';

describe('simulator over https, and the test proxy', () => {
	it('serves https with the test certificate, trusted by ca or not at all', async () => {
		await withSimulator({ events: 5, https: true }, async (simulator) => {
			assert.match(simulator.origin, /^https:\/\/127\.0\.0\.1:\d+$/);
			const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
			const insecure = await request(`${simulator.baseUrl}/events`, {
				dispatcher,
				headers: { authorization: 'Bearer sim-token' },
			});
			assert.equal(insecure.statusCode, 200);
			assert.equal((await insecure.body.json()).items.length, 5);
			await dispatcher.close();
			const trusted = await rawGet(`${simulator.baseUrl}/people/me`, {
				ca: simulator.ca,
				headers: { authorization: 'Bearer sim-token' },
			});
			assert.equal(trusted.status, 200);
			const byName = await rawGet(`https://localhost:${simulator.port}/v1/people/me`, {
				ca: simulator.ca,
				headers: { authorization: 'Bearer sim-token' },
				lookup: (host, options, callback) =>
					options.all
						? callback(null, [{ address: '127.0.0.1', family: 4 }])
						: callback(null, '127.0.0.1', 4),
			});
			assert.equal(byName.status, 200);
			await assert.rejects(rawGet(`${simulator.baseUrl}/people/me`), /self-signed|certificate/);
			assert.ok(TLS_CERT_PATH.endsWith('selfsigned-cert.pem'));
		});
	});

	it('forwards plain requests without hop-by-hop or proxy headers', async () => {
		const seen = [];
		const echo = http.createServer((req, res) => {
			seen.push(req.headers);
			res.writeHead(200, { 'content-type': 'text/plain', 'x-upstream': 'yes' });
			res.end(`hello ${req.url}`);
		});
		echo.listen(0, '127.0.0.1');
		await new Promise((resolve) => echo.once('listening', resolve));
		const proxy = await createProxy({ auth: { username: 'user', password: 'p@ss word' } });
		try {
			assert.equal(proxy.url, `http://user:p%40ss%20word@127.0.0.1:${proxy.port}`);
			const target = `http://127.0.0.1:${echo.address().port}/v1/events?max=1`;
			const headers = {
				host: `127.0.0.1:${echo.address().port}`,
				'proxy-authorization': `Basic ${Buffer.from('user:p@ss word').toString('base64')}`,
				'x-kept': 'kept',
				connection: 'keep-alive, x-drop',
				'x-drop': 'dropped',
			};
			const answer = await rawGet(`${proxy.origin}/`, { path: target, headers });
			assert.equal(answer.status, 200);
			assert.equal(answer.body, 'hello /v1/events?max=1');
			assert.equal(answer.headers['x-upstream'], 'yes');
			assert.equal(seen[0]['x-kept'], 'kept');
			assert.equal(seen[0]['x-drop'], undefined);
			assert.equal(seen[0]['proxy-authorization'], undefined);
			assert.deepEqual(proxy.requests.at(-1), {
				method: 'GET',
				target,
				authorized: true,
				proxyAuthorization: headers['proxy-authorization'],
				status: 200,
			});

			const refused = await rawGet(`${proxy.origin}/`, {
				path: target,
				headers: { host: headers.host },
			});
			assert.equal(refused.status, 407);
			assert.equal(refused.headers['proxy-authenticate'], 'Basic realm="test"');
			assert.equal(proxy.requests.at(-1).authorized, false);
			assert.equal(seen.length, 1);
		} finally {
			await proxy.close();
			echo.closeAllConnections();
			echo.close();
		}
	});

	it('tunnels CONNECT to the https simulator, and refuses non-loopback targets without connecting', async () => {
		const proxy = await createProxy({ auth: { username: 'user', password: 'secret' } });
		const simulator = await createSimulator({ events: 5, https: true });
		try {
			const dispatcher = new ProxyAgent({ uri: proxy.url, requestTls: { ca: simulator.ca } });
			const answer = await request(`${simulator.baseUrl}/events`, {
				dispatcher,
				headers: { authorization: 'Bearer sim-token' },
			});
			assert.equal(answer.statusCode, 200);
			assert.equal((await answer.body.json()).items.length, 5);
			await dispatcher.close();
			assert.equal(proxy.requests[0].method, 'CONNECT');
			assert.equal(proxy.requests[0].target, `127.0.0.1:${simulator.port}`);
			assert.equal(simulator.requests[0].authorization, 'Bearer sim-token');

			const anonymous = new ProxyAgent({ uri: proxy.origin, requestTls: { ca: simulator.ca } });
			await assert.rejects(
				request(`${simulator.baseUrl}/events`, { dispatcher: anonymous }),
				/407/,
			);
			await anonymous.close();

			const auth = `Basic ${Buffer.from('user:secret').toString('base64')}`;
			const started = Date.now();
			const outside = await rawGet(`${proxy.origin}/`, {
				path: 'http://example.invalid/v1/events',
				headers: { host: 'example.invalid', 'proxy-authorization': auth },
			});
			assert.equal(outside.status, 403);
			const connect = await new Promise((resolve, reject) => {
				const req = http.request({
					host: '127.0.0.1',
					port: proxy.port,
					method: 'CONNECT',
					path: '10.255.255.1:443',
					headers: { 'proxy-authorization': auth },
				});
				req.on('connect', (res, socket) => {
					socket.destroy();
					resolve(res.statusCode);
				});
				req.on('error', reject);
				req.end();
			});
			assert.equal(connect, 403);
			assert.ok(Date.now() - started < 500);
			assert.deepEqual(
				proxy.requests.slice(-2).map((r) => [r.target, r.status]),
				[
					['http://example.invalid/v1/events', 403],
					['10.255.255.1:443', 403],
				],
			);
			assert.equal(simulator.requests.length, 1);
		} finally {
			await simulator.close();
			await proxy.close();
		}
	});
});
