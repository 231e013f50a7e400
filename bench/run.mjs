#!/usr/bin/env node
// The benchmark's runner: parses the command line, starts the simulator for every latency,
// endpoint and size, measures the rows of every selected target on it (bench/targets/), writes
// bench/results.json and prints the table. `node bench/run.mjs --help` for the options.
import path from 'node:path';
import { parseArgs } from 'node:util';

import { ROOT } from '../scripts/n8n.mjs';
import { createSimulator } from '../simulator/server.mjs';
import { ENDPOINTS, jitterOf } from './endpoints.mjs';
import { printReport } from './report.mjs';
import { createResults } from './results.mjs';
import { FAMILIES } from './targets/index.mjs';

const TARGETS = FAMILIES.flatMap((family) => Object.entries(family.targets));
const TARGET_NAMES = TARGETS.map(([name]) => name);

const HELP = `npm run bench -- [--events 10000,100000,1000000] [--recordings 10000,100000] [--runs 3]
                 [--targets ${TARGET_NAMES.join(',')}] [--latency 0,150]
                 [--parallel default,1,4] [--rate-limit N] [--page-size N] [--resolve-people off,on]
                 [--people N] [--out bench/results.json]

Every target side by side on the same simulator data, each run in a process of its own; prints a
Markdown table and writes bench/results.json (bench/README.md). Lists are comma-separated.

--events LIST      the event counts to read, each a row per target (default 10000,100000,1000000)
--recordings LIST  the recording audit summary counts, about (default 10000,100000); 0: none
--runs N           runs per row: the table gives their median, min and max (default 3)
--targets LIST     which targets, below (default: all)
--latency LIST     the simulator's delay per request in ms, with a jitter of one third of it (150:
                   150 ± 50 ms), every size at every value (default 0)
--parallel LIST    the targets marked * run once per value with the node option Parallel Requests
                   set to it (1 to 8; \`default\` leaves it out, i.e. the node's default; default:
                   default)
--rate-limit N     the simulator allows N requests a second (a token bucket of N), answering 429
                   with Retry-After 1 beyond it; rows then give the share of 429s (default: none)
--page-size N      the node target's Page Size option (default: the node's, the endpoint's largest)
--resolve-people LIST  the node target's Resolve People option, a row per value (default off)
--people N         the simulator's people, the events' distinct actors (default 60)
--out FILE         where the JSON goes (default bench/results.json)
--help             this text

Targets:
${TARGETS.map(([name, { about, options }]) => `  ${`${name}${options.includes('parallel') ? ' *' : ''}`.padEnd(18)}${about}`).join('\n')}`;

const { values } = parseArgs({
	options: {
		events: { type: 'string', default: '10000,100000,1000000' },
		recordings: { type: 'string', default: '10000,100000' },
		runs: { type: 'string', default: '3' },
		targets: { type: 'string', default: TARGET_NAMES.join(',') },
		latency: { type: 'string', default: '0' },
		parallel: { type: 'string', default: 'default' },
		'rate-limit': { type: 'string' },
		'page-size': { type: 'string' },
		'resolve-people': { type: 'string', default: 'off' },
		people: { type: 'string' },
		out: { type: 'string', default: path.join(ROOT, 'bench', 'results.json') },
		help: { type: 'boolean', default: false },
	},
});
if (values.help) {
	console.log(HELP);
	process.exit(0);
}
const sizes = (list) =>
	list
		.split(',')
		.map(Number)
		.filter((n) => n > 0);
const eventSizes = sizes(values.events);
const recordingSizes = sizes(values.recordings);
const runs = Math.max(1, Number(values.runs));
const targets = values.targets.split(',');
const latencies = [
	...new Set(
		values.latency.split(',').map((value) => {
			const ms = Number(value);
			if (value.trim() === '' || !Number.isInteger(ms) || ms < 0)
				throw new Error(`--latency takes whole milliseconds, 0 or more: ${value}`);
			return ms;
		}),
	),
];
/** null: leave the option out (the node's default). */
const parallels = [
	...new Set(
		values.parallel.split(',').map((value) => {
			if (value.trim() === 'default') return null;
			const count = Number(value);
			if (!Number.isInteger(count) || count < 1 || count > 8)
				throw new Error(`--parallel takes 1 to 8 or default: ${value}`);
			return count;
		}),
	),
];
const rateLimit = values['rate-limit'] === undefined ? undefined : Number(values['rate-limit']);
if (rateLimit !== undefined && !(rateLimit > 0))
	throw new Error(`--rate-limit takes requests per second, more than 0: ${values['rate-limit']}`);
for (const target of targets)
	if (!TARGET_NAMES.includes(target))
		throw new Error(`Unknown target ${target}; use ${TARGET_NAMES.join(', ')}`);

/** Each family with a selected target, and the rows it gives at every endpoint, size and latency. */
const plan = FAMILIES.map((family) => ({
	family,
	rows: Object.entries(family.targets)
		.filter(([name]) => targets.includes(name))
		.flatMap(([target, { options }]) =>
			(options.includes('parallel') ? parallels : [null]).map((parallel) => ({ target, parallel })),
		),
})).filter(({ rows }) => rows.length);

async function benchmark(results, endpointName, size, latencyMs) {
	const endpoint = ENDPOINTS[endpointName];
	// A whole second, so that From/To name the same instants however a target writes them.
	const anchor = Math.floor((Date.now() - 60_000) / 1000) * 1000;
	const simulator = await createSimulator({
		port: 0,
		contract: false,
		anchor,
		latencyMs,
		latencyJitterMs: jitterOf(latencyMs),
		...(rateLimit === undefined ? {} : { rateLimit: { perSecond: rateLimit, burst: rateLimit } }),
		...(values.people === undefined ? {} : { people: Number(values.people), formerPeople: 0 }),
		...endpoint.simulatorOptions(size),
	});
	const requestsMade = () =>
		simulator.requests.filter((request) => request.path === `/v1${endpoint.path}`);
	const withRequests = async (sample) => {
		simulator.clearRequests();
		const result = await sample();
		const requests = requestsMade();
		return {
			...result,
			requests: requests.length,
			peopleLookups: simulator.requests.filter((request) => request.path === '/v1/people').length,
			...(rateLimit === undefined
				? {}
				: {
						rateLimitPerSecond: rateLimit,
						rateLimited: requests.filter((request) => request.status === 429).length,
					}),
		};
	};
	const note = (text) => results.notes.push(text);
	try {
		for (const { family, rows } of plan) {
			const pageSize = values['page-size'] === undefined ? undefined : Number(values['page-size']);
			const resolvePeople = values['resolve-people'].split(',').map((value) => value === 'on');
			const context = {
				endpoint,
				endpointName,
				size,
				anchor,
				simulator,
				rows,
				note,
				pageSize,
				resolvePeople,
			};
			for (const row of await family.run(context))
				await results.measure({
					...row,
					endpoint: endpointName,
					size,
					latencyMs,
					sample: () => withRequests(row.sample),
				});
		}
	} finally {
		await simulator.close();
	}
}

let startupMs = null;
let results;
try {
	for (const { family } of plan) {
		const setUp = await family.setUp?.({ runs });
		if (setUp?.startupMs !== undefined) startupMs = setUp.startupMs;
	}
	results = createResults({ runs, latencies, startupMs, out: values.out });
	for (const latencyMs of latencies) {
		for (const size of eventSizes) await benchmark(results, 'events', size, latencyMs);
		for (const size of recordingSizes) await benchmark(results, 'recording', size, latencyMs);
	}
} finally {
	for (const { family } of plan) family.tearDown?.();
}

results.write();
printReport(results, {
	runs,
	latencies,
	eventSizes,
	recordingSizes,
	parallels,
	startupMs,
	out: values.out,
});
