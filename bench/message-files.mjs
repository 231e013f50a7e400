#!/usr/bin/env node
// Message files: Download Files against a plain download loop, and the memory one 100 MB file
// costs. `node bench/message-files.mjs [--files 1000] [--size-mb 1] [--parallel 4] [--big-mb 100]`
// (bench/README.md). Each measurement runs in a process of its own (message-files-child.mjs),
// against the simulator on loopback; prints a Markdown table.
import { parseArgs } from 'node:util';

import { createSimulator } from '../simulator/server.mjs';
import { runChild } from './child.mjs';

const { values } = parseArgs({
	options: {
		files: { type: 'string', default: '1000' },
		'size-mb': { type: 'string', default: '1' },
		parallel: { type: 'string', default: '4' },
		'big-mb': { type: 'string', default: '100' },
	},
});
const MB = 2 ** 20;
const files = Number(values.files);
const size = Math.round(Number(values['size-mb']) * MB);
const parallel = Number(values.parallel);
const bigSize = Math.round(Number(values['big-mb']) * MB);

const simulator = await createSimulator({ events: 0, contract: false });
const started = Date.now();
for (let n = 0; n < files; n++) {
	const { url } = simulator.contents.add({ name: `file ${n}.bin`, size });
	simulator.events.addEvent({
		resource: 'messages',
		type: 'created',
		created: new Date(started - 60_000 + n).toISOString(),
		data: { id: `bench-message-${n}`, text: `message ${n}`, files: [url] },
	});
}
const warm = simulator.contents.add({ name: 'warm.bin', size: 1024 });
const big = simulator.contents.add({ name: 'big.bin', size: bigSize });
const credentials = {
	webexApi: { accessToken: 'sim-token', baseUrl: 'custom', customBaseUrl: simulator.baseUrl },
};
const from = new Date(started - 120_000).toISOString();
const to = new Date(started - 60_000 + files + 1).toISOString();
const common = { credentials, warmFile: warm.url };
const rows = [];
const measure = async (label, input) => {
	const result = await runChild('message-files-child.mjs', input);
	rows.push({ label, ...result });
	console.error(`# ${label}: ${JSON.stringify(result)}`);
	return result;
};

const plain = await measure(`plain loop, ${parallel} at once`, {
	mode: 'plain',
	token: 'sim-token',
	parallel,
	listUrl: `${simulator.baseUrl}/events?resource=messages&from=${from}&to=${to}&max=1000`,
});
const listing = await measure(`Download Files, Parallel Requests ${parallel} (filesystem)`, {
	mode: 'listing',
	binaryMode: 'filesystem',
	...common,
	parameters: {
		resource: 'event',
		operation: 'getAll',
		returnAll: true,
		filters: { eventResource: 'messages', from, to },
		options: { downloadFiles: true, parallelRequests: parallel },
	},
});
for (const binaryMode of ['default', 'filesystem'])
	await measure(`File → Download of ${values['big-mb']} MB (${binaryMode})`, {
		mode: 'download',
		binaryMode,
		...common,
		parameters: { resource: 'file', operation: 'download', file: big.url },
	});
await simulator.close();

const mb = (bytes) => (bytes / MB).toFixed(0);
console.log(`\n${files} files of ${values['size-mb']} MB; one file of ${values['big-mb']} MB\n`);
console.log('| run | files | MB | time | peak RSS | RSS before | binary data |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
for (const row of rows)
	console.log(
		`| ${row.label} | ${row.files} | ${mb(row.bytes)} | ${(row.wallMs / 1000).toFixed(1)} s | ${row.peakRssMb ? `${row.peakRssMb.toFixed(0)} MB` : ''} | ${row.baselineRssMb ? `${row.baselineRssMb.toFixed(0)} MB` : ''} | ${row.stored ?? ''} |`,
	);
console.log(
	`\nDownload Files / plain loop: ${(listing.wallMs / plain.wallMs).toFixed(2)}x the time`,
);
