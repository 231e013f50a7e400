// Requests to the simulator as a client sends them, for the simulator's own tests (test/simulator/).
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';

import { request } from 'undici';

import { parseLinkHeaderForTests } from './index.mjs';

export const DAY_MS = 86_400_000;

export const iso = (ms) => new Date(ms).toISOString();

/** A GET as a client sends it; `offContract` (why) exempts an invalid request sent on purpose. */
export async function get(
	simulator,
	pathAndQuery,
	{ token = 'sim-token', headers = {}, offContract } = {},
) {
	const url = pathAndQuery.startsWith('http')
		? pathAndQuery
		: `${simulator.baseUrl}${pathAndQuery}`;
	const exempt = offContract ? simulator.offContract(offContract) : {};
	const response = await request(url, {
		headers: { authorization: `Bearer ${token}`, ...exempt, ...headers },
	});
	return {
		status: response.statusCode,
		headers: response.headers,
		body: await response.body.json(),
	};
}

export async function listAll(simulator, firstPath) {
	const ids = [];
	let url = firstPath;
	let pages = 0;
	while (url && pages < 10_000) {
		const page = await get(simulator, url);
		assert.equal(page.status, 200, JSON.stringify(page.body));
		ids.push(...page.body.items.map((item) => item.id ?? item.recordingId));
		url = parseLinkHeaderForTests(page.headers.link).next;
		pages++;
	}
	return { ids, pages };
}

/** Follows next links the way a client must: resolved against the URL of the page. */
export async function listAllResolved(simulator, firstUrl) {
	const pages = [];
	let url = firstUrl;
	while (url && pages.length < 1000) {
		const page = await get(simulator, url);
		assert.equal(page.status, 200, JSON.stringify(page.body));
		pages.push(page.body.items);
		const next = parseLinkHeaderForTests(page.headers.link).next;
		url = next ? new URL(next, url).href : undefined;
	}
	return pages;
}

export const idOf = (item) => item.id ?? item.recordingId;

/** A GET with node:http that gives up after `ms`; resolves {status, headers, body} or 'no answer'. */
export function rawGet(url, { ms = 2000, headers = {}, ...options } = {}) {
	return new Promise((resolve, reject) => {
		const req = (url.startsWith('https') ? https : http).get(
			url,
			{ headers, ...options },
			(res) => {
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () =>
					resolve({
						status: res.statusCode,
						headers: res.headers,
						body: Buffer.concat(chunks).toString('utf8'),
					}),
				);
				res.on('error', reject);
			},
		);
		req.setTimeout(ms, () => {
			req.destroy();
			resolve('no answer');
		});
		req.on('error', reject);
	});
}
