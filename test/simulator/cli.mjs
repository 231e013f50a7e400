#!/usr/bin/env node
// npm run simulator -- --port 5679 --events 100000
import { parseArgs } from 'node:util';

import { createSimulator, DEFAULT_TOKENS } from './server.mjs';

const HELP = `Local Webex API simulator (GET /v1/people/me, /v1/events, /v1/recordingReport/accessSummary)

Usage: npm run simulator -- [options]

  --port N                 port on 127.0.0.1 (default 5679; 0 picks a free one)
  --events N               number of compliance events, 0..1000000 (default 1000)
  --recordings N           number of recording audit summaries (default 500)
  --seed N                 data seed; the same seed gives the same data (default 42)
  --event-span-days N      events are spread over this many days before now (default 30)
  --recording-span-days N  summaries are spread over this many days before now (default 360)
Faults:
  --rate-limit-every N     answer every Nth request with 429
  --retry-after VALUE      Retry-After sent with 429 (seconds or an HTTP date; default 1)
  --fail-status CODE       with --fail-times, answer the first requests with this status (423, 5xx)
  --fail-times N           how many requests --fail-status answers (default 1)
  --empty-page-every N     every Nth page is empty but still links to the next one
  --extra-rels             add rel="first" and rel="prev" to the Link header
  --delay-ms N             delay every response by N milliseconds
  --help                   show this text

Tokens: ${Object.keys(DEFAULT_TOKENS).map((token) => `"${token}"`).join(', ')} (compliance officer + admin, ordinary user).`;

const { values } = parseArgs({
	options: {
		port: { type: 'string', default: '5679' },
		events: { type: 'string', default: '1000' },
		recordings: { type: 'string', default: '500' },
		seed: { type: 'string', default: '42' },
		'event-span-days': { type: 'string', default: '30' },
		'recording-span-days': { type: 'string', default: '360' },
		'rate-limit-every': { type: 'string' },
		'retry-after': { type: 'string', default: '1' },
		'fail-status': { type: 'string' },
		'fail-times': { type: 'string', default: '1' },
		'empty-page-every': { type: 'string' },
		'extra-rels': { type: 'boolean', default: false },
		'delay-ms': { type: 'string' },
		help: { type: 'boolean', default: false },
	},
});

if (values.help) {
	console.log(HELP);
	process.exit(0);
}

function count(name, max = 1_000_000) {
	const value = Number(values[name]);
	if (!Number.isInteger(value) || value < 0 || value > max) {
		console.error(`--${name} must be an integer from 0 to ${max}`);
		process.exit(2);
	}
	return value;
}

const rules = [];
if (values['rate-limit-every']) rules.push({ status: 429, every: count('rate-limit-every'), retryAfter: values['retry-after'] });
if (values['fail-status']) rules.push({ status: Number(values['fail-status']), times: count('fail-times') });

const simulator = await createSimulator({
	port: count('port', 65535),
	seed: count('seed', 2 ** 31),
	events: count('events'),
	recordings: count('recordings'),
	eventSpanDays: count('event-span-days', 3650),
	recordingSpanDays: count('recording-span-days', 3650),
	faults: {
		rules,
		emptyPageEvery: values['empty-page-every'] ? count('empty-page-every') : 0,
		extraRels: values['extra-rels'],
		delayMs: values['delay-ms'] ? count('delay-ms', 600_000) : 0,
	},
});

console.log(`Webex API simulator listening on ${simulator.baseUrl}`);
console.log(`Token: sim-token (Authorization: Bearer sim-token). Ctrl-C stops it.`);
const stop = async () => {
	await simulator.close();
	process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
