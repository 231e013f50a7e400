// Where the end-to-end workflows' HTTP Request nodes report what a trigger emitted.
import { once } from 'node:events';
import http from 'node:http';

/**
 * A server on 127.0.0.1 that keeps the `id` of every JSON body POSTed to it, by path:
 * {url(path), received(path) (the ids in order), close()}.
 */
export async function startCollector() {
	const byPath = new Map();
	const received = (pathname) => {
		if (!byPath.has(pathname)) byPath.set(pathname, []);
		return byPath.get(pathname);
	};
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			received(req.url).push(JSON.parse(body).id);
			res.end('{}');
		});
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	return {
		url: (pathname) => `http://127.0.0.1:${server.address().port}${pathname}`,
		received,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

/** A workflow's HTTP Request node named Report that POSTs `jsonBody` (an expression) to `url`. */
export function reportNode(url, jsonBody) {
	return {
		id: 'report',
		name: 'Report',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [240, 0],
		parameters: { method: 'POST', url, sendBody: true, specifyBody: 'json', jsonBody, options: {} },
	};
}
