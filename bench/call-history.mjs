#!/usr/bin/env node
// A 30-day export of Webex Calling's call history through the Webex Call History node (n8n's
// engine, the built package) against the simulator, with Webex's limit and the node's pacing both
// shortened by --scale, against physics: Webex allows one first request a minute (so 60 windows
// take at least 59 minutes) and ten next pages a minute. Prints the figures as a Markdown table.
import { parseArgs } from 'node:util';

import { runNode, simulatorCredentials } from '../test/helpers/n8n.mjs';
import { shipped } from '../test/helpers/index.mjs';
import { createSimulator } from '../simulator/server.mjs';

const { values } = parseArgs({
	options: {
		days: { type: 'string', default: '29' },
		'records-per-day': { type: 'string', default: '4000' },
		scale: { type: 'string', default: '0.005' },
		output: { type: 'string', default: 'csv' },
		help: { type: 'boolean', default: false },
	},
});
if (values.help) {
	console.log(`node bench/call-history.mjs [--days 29] [--records-per-day 4000] [--scale 0.005] [--output csv|jsonLines|items]

Reads --days of call history (at most 30: Webex keeps 30 days) in 12-hour windows through the node,
its pacing and the simulator's limit both --scale times Webex's minute, and compares the time
taken with what the limit allows at best.`);
	process.exit(0);
}
const days = Number(values.days);
const scale = Number(values.scale);
const recordsPerDay = Number(values['records-per-day']);
const MINUTE = 60_000;

const { DEFAULT_RETRY_POLICY: policy } = shipped('nodes/shared/transport/retryPolicy.js');
policy.waitScale = scale;
const { intervalMs, nextPages } = policy.callHistoryPacing;

const simulator = await createSimulator({
	contract: false,
	callHistory: {
		records: Math.round(recordsPerDay * (days + 1)),
		spanDays: days + 1,
		lateShare: 0.05,
		minuteMs: MINUTE * scale,
	},
});
try {
	const to = Date.now() - 10 * MINUTE;
	const from = to - days * 86_400_000;
	const started = performance.now();
	const items = await runNode({
		type: 'webexCallHistory',
		parameters: {
			authentication: 'accessToken',
			resource: 'callRecord',
			operation: 'getAll',
			returnAll: true,
			filters: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
			options: { output: values.output },
		},
		credentials: simulatorCredentials(simulator),
	});
	const wallMs = performance.now() - started;
	const log = simulator.callHistory.log;
	const first = log.filter((entry) => entry.kind === 'first').length;
	const next = log.filter((entry) => entry.kind === 'next').length;
	const refused = log.filter((entry) => entry.status === 429).length;
	const records = values.output === 'items' ? items.length : items[0].json.records;
	// At best: the first requests a minute apart, the next pages ten a minute.
	const physicsMs = Math.max(first - 1, Math.ceil(next / nextPages) - 1, 0) * MINUTE * scale;
	const nominal = (ms) => `${(ms / scale / MINUTE).toFixed(1)} min`;
	console.log(
		[
			`| days | windows | next pages | records | 429s | wall (scaled) | as Webex's minute | physics | ratio |`,
			`| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
			`| ${days} | ${first} | ${next} | ${records} | ${refused} | ${(wallMs / 1000).toFixed(1)} s | ${nominal(wallMs)} | ${nominal(physicsMs)} | ${(wallMs / physicsMs).toFixed(3)} |`,
		].join('\n'),
	);
	console.log(
		`\nScale ${scale}: the node's interval ${intervalMs} ms (a minute and a second) lasted ${(intervalMs * scale).toFixed(0)} ms, the simulator's minute ${(MINUTE * scale).toFixed(0)} ms.`,
	);
} finally {
	await simulator.close();
}
