// The floor: a plain undici loop that follows the Link header and parses every page; no n8n.
// Run as its own process by bench/run.mjs: argv[2] is {urls, token}, the first page of each window
// (the recording audit answers at most 90 days per request); prints one JSON line.
import { Agent, request } from 'undici';

import { orderHasher } from './order.mjs';

const { urls, token } = JSON.parse(process.argv[2]);
const NEXT = /<([^>]+)>\s*;\s*rel="?next"?/;
const dispatcher = new Agent({ keepAliveTimeout: 30_000 });

const started = performance.now();
let requests = 0;
let records = 0;
let jsonBytes = 0;
const ids = new Set();
const order = orderHasher();
for (const url of urls) {
	let next = url;
	while (next && requests < 100_000) {
		const response = await request(next, {
			headers: { authorization: `Bearer ${token}` },
			dispatcher,
		});
		requests++;
		const body = await response.body.text();
		if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${body}`);
		const { items } = JSON.parse(body);
		records += items.length;
		jsonBytes += body.length;
		for (const item of items) {
			const id = item.id ?? item.recordingId;
			ids.add(id);
			order.add(id);
		}
		const link = response.headers.link;
		next = NEXT.exec(Array.isArray(link) ? link.join(', ') : (link ?? ''))?.[1];
	}
}
const wallMs = performance.now() - started;
if (ids.size !== records) throw new Error(`${records} records but ${ids.size} distinct ids`);
await dispatcher.close();
console.log(
	JSON.stringify({
		records,
		requests,
		wallMs,
		peakRssMb: process.resourceUsage().maxRSS / 1024,
		recordsJsonMb: jsonBytes / 2 ** 20,
		orderHash: order.digest(),
	}),
);
