// One measured run of the message-files bench (bench/message-files.mjs), a process of its own so
// that its peak RSS is its own. argv[2] is {mode, ...}; prints one JSON line.
//   plain: list the message events, then download every file with `parallel` at once (undici,
//     each written to disk as it comes): what a hand-built loop does, no n8n;
//   listing: Webex Events → Get Many with Download Files (Parallel Requests `parallel`) through
//     n8n's engine;
//   download: File → Download of one file through n8n's engine.
// `binaryMode`: n8n's `default` (in memory) or `filesystem` (N8N_DEFAULT_BINARY_DATA_MODE).
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createRequire } from 'node:module';

import { Agent, request } from 'undici';

const input = JSON.parse(process.argv[2]);
const storage = mkdtempSync(path.join(tmpdir(), 'webex-audit-bench-files-'));
const output = {};

if (input.mode === 'plain') {
	const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: input.parallel });
	const headers = { authorization: `Bearer ${input.token}` };
	const started = performance.now();
	const urls = [];
	for (let next = input.listUrl, pages = 0; next && pages < 1000; pages++) {
		const page = await request(next, { headers, dispatcher });
		const body = await page.body.json();
		if (page.statusCode !== 200) throw new Error(`HTTP ${page.statusCode}: ${body.message}`);
		urls.push(...body.items.flatMap((event) => event.data.files ?? []));
		next = /<([^>]+)>;\s*rel="next"/.exec(String(page.headers.link ?? ''))?.[1];
	}
	let next = 0;
	let bytes = 0;
	const chain = async () => {
		while (next < urls.length) {
			const n = next++;
			const response = await request(urls[n], { headers, dispatcher });
			if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
			const file = path.join(storage, `file${n}`);
			await pipeline(response.body, createWriteStream(file));
			bytes += Number(response.headers['content-length']);
		}
	};
	await Promise.all(Array.from({ length: input.parallel }, chain));
	Object.assign(output, {
		files: urls.length,
		bytes,
		wallMs: performance.now() - started,
		peakRssMb: process.resourceUsage().maxRSS / 1024,
	});
} else {
	process.env.N8N_DEFAULT_BINARY_DATA_MODE = input.binaryMode;
	process.env.N8N_BINARY_DATA_STORAGE_PATH = storage;
	const { runNode, ENGINE } = await import('../test/helpers/n8n.mjs');
	if (input.binaryMode === 'filesystem') {
		// As n8n starts: the binary data service with its filesystem store.
		const require = createRequire(import.meta.url);
		const core = require('n8n-core');
		const { Container } = createRequire(require.resolve('n8n-core'))('@n8n/di');
		await Container.get(core.BinaryDataService).init();
	}
	const run = (parameters) =>
		runNode({
			type: 'webexEvents',
			parameters: { authentication: 'accessToken', options: {}, ...parameters },
			credentials: input.credentials,
		});
	// Warm: n8n's modules loaded, then the memory before the run.
	await run({ resource: 'file', operation: 'download', file: input.warmFile });
	global.gc();
	const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
	const started = performance.now();
	const items = await run(input.parameters);
	const wallMs = performance.now() - started;
	let files = 0;
	let bytes = 0;
	for (const item of items)
		for (const binary of Object.values(item.binary ?? {})) {
			files++;
			bytes += binary.bytes ?? 0;
		}
	Object.assign(output, {
		files,
		bytes,
		wallMs,
		baselineRssMb,
		peakRssMb: process.resourceUsage().maxRSS / 1024,
		stored: Object.values(items.find((item) => item.binary)?.binary ?? {})[0]?.id
			? 'filesystem'
			: 'memory',
		n8nCore: ENGINE.n8nCore,
	});
}
rmSync(storage, { recursive: true, force: true });
console.log(JSON.stringify(output));
