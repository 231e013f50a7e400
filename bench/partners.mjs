// A partner's customers at Webex's latency: the Webex Admin Audit Trigger polling every
// organisation the token sees (its first poll, from 24 hours back, then a steady-state poll) and Webex Admin Audit → Get Many over a day of every organisation, against the simulator
// with `--orgs` customer organisations, each request answered after `--latency` ms (± a third).
// Each run is set beside physics: requests × round trip ÷ Parallel Requests, and the floor (the
// same requests as plain fetches, that many at a time) shows what this machine adds to physics.
//
//   node bench/partners.mjs [--orgs 500] [--latency 150] [--parallel 2,8]
import os from 'node:os';
import { parseArgs } from 'node:util';

import { createSimulator } from '../simulator/server.mjs';
import { runChild } from './child.mjs';
import { jitterOf } from './endpoints.mjs';

const { values: args } = parseArgs({
	options: {
		orgs: { type: 'string', default: '500' },
		latency: { type: 'string', default: '150' },
		parallel: { type: 'string', default: '2,8' },
	},
});
const ORGS = Number(args.orgs);
const LATENCY_MS = Number(args.latency);
const PARALLELS = args.parallel.split(',').map(Number);

const simulator = await createSimulator({
	port: 0,
	contract: false,
	customerOrgs: ORGS,
	// About two events a day per customer (50 over 30 days), the partner's own trail likewise.
	customerAuditEvents: 50,
	customerAuditSpanDays: 30,
	adminAuditEvents: 50,
	adminAuditSpanDays: 30,
	latencyMs: LATENCY_MS,
	latencyJitterMs: jitterOf(LATENCY_MS),
});
const rows = [];

/** Runs one step in a process of its own, and notes its wall time, requests and physics. */
async function measure(name, parallel, input) {
	simulator.clearRequests();
	const result = await runChild('partners-child.mjs', {
		...input,
		parallel,
		baseUrl: simulator.baseUrl,
	});
	const requests = simulator.requests.length;
	const physicsMs = (requests * LATENCY_MS) / parallel;
	const { records, wallMs, cpuMs } = result;
	const row = {
		name,
		parallel,
		records,
		requests,
		wallMs,
		cpuMs,
		physicsMs,
		ratio: wallMs / physicsMs,
	};
	rows.push(row);
	console.log(JSON.stringify(row));
	return result;
}

try {
	for (const parallel of PARALLELS) {
		const first = await measure('trigger first poll (24 hours back)', parallel, {
			step: 'poll',
			staticData: {},
		});
		await measure('trigger steady-state poll', parallel, {
			step: 'poll',
			staticData: first.staticData,
		});
		await measure("Get Many, a day's admin audit", parallel, { step: 'getMany' });
		await measure("floor: a day's admin audit without n8n", parallel, { step: 'floor' });
	}
} finally {
	await simulator.close();
}

const seconds = (ms) => (ms / 1000).toFixed(1);
console.log(
	`\n${ORGS} customer organisations (and the partner's own), ${LATENCY_MS} ± ${jitterOf(LATENCY_MS)} ms a request\n`,
);
console.log(
	'| run | Parallel Requests | events | requests | wall s | physics s | wall / physics | node CPU s |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows)
	console.log(
		`| ${row.name} | ${row.parallel} | ${row.records} | ${row.requests} | ${seconds(row.wallMs)} | ${seconds(row.physicsMs)} | ${row.ratio.toFixed(2)} | ${seconds(row.cpuMs)} |`,
	);
// The load: on a machine whose cores are busy, the node's CPU time comes on top of the waits.
console.log(
	`\nLoad average at the end: ${os
		.loadavg()
		.map((load) => load.toFixed(1))
		.join(', ')}`,
);
