// A forward HTTP proxy on 127.0.0.1 for tests, as an n8n user would put in Request Options > Proxy:
// absolute-form requests (GET http://host:port/path, and GET https://... for clients that send
// those) are forwarded and the answer streamed back; CONNECT host:port opens a TCP tunnel. It only
// ever connects to 127.0.0.1/localhost: any other target gets 403 without a connection attempt.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
// Hop-by-hop headers (RFC 9110 7.6.1) and the proxy's own, never forwarded.
const HOP_BY_HOP = [
	'connection',
	'keep-alive',
	'proxy-authenticate',
	'proxy-authorization',
	'proxy-connection',
	'te',
	'trailer',
	'transfer-encoding',
	'upgrade',
];
const TEST_CA = fileURLToPath(new URL('../../simulator/tls/selfsigned-cert.pem', import.meta.url));

function withoutHopByHop(headers) {
	const listed = String(headers.connection ?? '')
		.split(',')
		.map((name) => name.trim().toLowerCase())
		.filter(Boolean);
	const kept = {};
	for (const [name, value] of Object.entries(headers)) {
		if (!HOP_BY_HOP.includes(name) && !listed.includes(name)) kept[name] = value;
	}
	return kept;
}

/**
 * Starts the proxy. Options: auth ({username, password}: require `Proxy-Authorization: Basic`,
 * else 407), ca (PEM trusted when forwarding absolute https:// requests; the test certificate).
 * Returns {url (with user:password@ when auth is set), origin, port, requests, close()};
 * `requests` holds {method, target, authorized, proxyAuthorization, status} for every request
 * (`authorized`: it passed the credential check, always true without `auth`).
 */
export async function createProxy({ auth, ca } = {}) {
	const expected = auth ? `${auth.username}:${auth.password}` : undefined;
	const trusted = ca ?? readFileSync(TEST_CA, 'utf8');
	const requests = [];
	const sockets = new Set();
	const track = (socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
		return socket;
	};

	function check(req, target) {
		const proxyAuthorization = req.headers['proxy-authorization'];
		const basic = /^Basic\s+(\S+)\s*$/i.exec(proxyAuthorization ?? '')?.[1];
		const authorized =
			expected === undefined ||
			(basic !== undefined && Buffer.from(basic, 'base64').toString('utf8') === expected);
		const record = { method: req.method, target, authorized, proxyAuthorization, status: 0 };
		requests.push(record);
		return record;
	}

	const server = http.createServer((req, res) => {
		track(req.socket);
		const record = check(req, req.url);
		const answer = (status, message, headers = {}) => {
			record.status = status;
			res.writeHead(status, { 'content-type': 'text/plain', ...headers });
			res.end(message);
		};
		if (!record.authorized)
			return answer(407, 'Proxy authentication required.', {
				'proxy-authenticate': 'Basic realm="test"',
			});
		let target;
		try {
			target = new URL(req.url);
		} catch {
			return answer(400, 'A proxy request needs an absolute URL.');
		}
		if (target.protocol !== 'http:' && target.protocol !== 'https:')
			return answer(400, `Unsupported scheme ${target.protocol}`);
		if (!LOOPBACK.has(target.hostname))
			return answer(
				403,
				`This test proxy only forwards to 127.0.0.1 and localhost, not ${target.hostname}.`,
			);
		const secure = target.protocol === 'https:';
		const upstream = (secure ? https : http).request({
			host: '127.0.0.1',
			port: target.port || (secure ? 443 : 80),
			method: req.method,
			path: `${target.pathname}${target.search}`,
			headers: withoutHopByHop(req.headers),
			agent: false,
			...(secure
				? { ca: trusted, servername: target.hostname === 'localhost' ? 'localhost' : undefined }
				: {}),
		});
		upstream.on('socket', track);
		upstream.on('response', (answerFrom) => {
			record.status = answerFrom.statusCode;
			res.writeHead(
				answerFrom.statusCode,
				answerFrom.statusMessage,
				withoutHopByHop(answerFrom.headers),
			);
			answerFrom.pipe(res);
			answerFrom.on('error', () => res.destroy());
		});
		upstream.on('error', (error) => {
			if (res.headersSent) return void res.destroy();
			answer(502, `Bad gateway: ${error.message}`);
		});
		req.pipe(upstream);
	});
	server.on('connection', track);

	server.on('connect', (req, client, head) => {
		track(client);
		const record = check(req, req.url);
		const refuse = (status, reason, extra = '') => {
			record.status = status;
			client.end(
				`HTTP/1.1 ${status} ${reason}\r\n${extra}Content-Length: 0\r\nConnection: close\r\n\r\n`,
			);
		};
		client.on('error', () => client.destroy());
		if (!record.authorized)
			return refuse(
				407,
				'Proxy Authentication Required',
				'Proxy-Authenticate: Basic realm="test"\r\n',
			);
		let target;
		try {
			target = new URL(`http://${req.url}`);
		} catch {
			return refuse(400, 'Bad Request');
		}
		if (!LOOPBACK.has(target.hostname) || !target.port) return refuse(403, 'Forbidden');
		const upstream = track(net.connect(Number(target.port), '127.0.0.1'));
		upstream.once('connect', () => {
			record.status = 200;
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			if (head?.length) upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		upstream.on('error', () => {
			if (record.status === 0) return refuse(502, 'Bad Gateway');
			client.destroy();
		});
		upstream.on('close', () => client.destroy());
		client.on('close', () => upstream.destroy());
	});

	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const port = server.address().port;
	const origin = `http://127.0.0.1:${port}`;
	const credentials = auth
		? `${encodeURIComponent(auth.username)}:${encodeURIComponent(auth.password)}@`
		: '';

	return {
		url: `http://${credentials}127.0.0.1:${port}`,
		origin,
		port,
		requests,
		async close() {
			for (const socket of sockets) socket.destroy();
			sockets.clear();
			server.closeAllConnections();
			server.close();
			await once(server, 'close');
		},
	};
}
