#!/usr/bin/env node
// npm run simulator -- --port 4010 --events 100000
import { parseArgs } from 'node:util';

import { createSimulator, DEFAULT_TOKENS, TLS_CERT_PATH } from './server.mjs';

/**
 * The data sets' sizes and spans: [flag, createSimulator option, default, most, what it sets].
 * Each flag's help line, its parsing and its option come from this one row.
 */
const DATA_SETS = [
	['events', 'events', 1000, 1_000_000, 'compliance events'],
	[
		'event-span-days',
		'eventSpanDays',
		30,
		3650,
		'events are spread over this many days before now',
	],
	[
		'message-retention-days',
		'messageRetentionDays',
		365,
		3650,
		'a deleted message and its files stay readable this many days',
	],
	['recordings', 'recordings', 500, 1_000_000, 'recording audit summaries'],
	['recording-span-days', 'recordingSpanDays', 360, 3650, 'over this many days'],
	['admin-audit-events', 'adminAuditEvents', 500, 1_000_000, 'admin audit events'],
	['admin-audit-span-days', 'adminAuditSpanDays', 30, 3650, 'over this many days'],
	['security-audit-events', 'securityAuditEvents', 500, 1_000_000, 'security audit events'],
	['security-audit-span-days', 'securityAuditSpanDays', 30, 3650, 'over this many days'],
	['customer-orgs', 'customerOrgs', 0, 10_000, 'customer organisations partner-token manages'],
	['refusing-orgs', 'refusingOrgs', 0, 10_000, 'of them, how many (the last ones) answer 403'],
	['customer-audit-events', 'customerAuditEvents', 50, 1_000_000, 'audit events of each customer'],
	['customer-audit-span-days', 'customerAuditSpanDays', 30, 3650, 'over this many days'],
	['transcripts', 'transcripts', 300, 1_000_000, 'meeting transcripts (compliance officers)'],
	['transcript-span-days', 'transcriptSpanDays', 60, 3650, 'over this many days'],
	['admin-recordings', 'adminRecordings', 600, 1_000_000, 'recordings of GET /admin/recordings'],
	['admin-recording-span-days', 'adminRecordingSpanDays', 90, 3650, 'over this many days'],
	['archives', 'archives', 200, 1_000_000, 'meeting archive summaries (full administrators)'],
	['archive-span-days', 'archiveSpanDays', 60, 3650, 'over this many days'],
	[
		'chats-per-meeting',
		'chatsPerMeeting',
		40,
		100_000,
		'most post-meeting chats of a meeting whose ended event says hasPostMeetingsChat',
	],
	[
		'report-meetings',
		'reportMeetings',
		400,
		1_000_000,
		'meetings of the usage, attendee and quality reports',
	],
	['report-span-days', 'reportSpanDays', 80, 3650, 'over this many days'],
	['people', 'people', 60, 100_000, 'people the data refers to and GET /v1/people knows'],
	['former-people', 'formerPeople', 3, 100_000, 'deleted people who acted, unknown to /v1/people'],
	[
		'webhook-failures',
		'webhookFailures',
		3,
		1000,
		'failed deliveries before a webhook is inactive',
	],
];

const dataSetHelp = DATA_SETS.map(
	([flag, , byDefault, , what]) => `  --${`${flag} N`.padEnd(28)}${what} (default ${byDefault})`,
).join('\n');

const HELP = `Local Webex API simulator: the endpoints simulator/README.md lists, under /v1

Usage: npm run simulator -- [options]

  --port N                      port on 127.0.0.1 (default 4010, not n8n's task broker port 5679; 0 picks a free one)
  --seed N                      data seed; the same seed gives the same data (default 42)
Data sets:
${dataSetHelp}
  --https                       serve https with the test-only self-signed certificate
                                (simulator/tls/selfsigned-cert.pem, for 127.0.0.1 and localhost)
  --oauth-client-id ID          serve POST /v1/access_token (refresh_token grant) for this client
  --oauth-client-secret S       its client secret (default sim-secret)
  --latency-ms N                every request waits N ms before it is answered, like a round trip to
                                the real Webex (default 0)
  --latency-jitter-ms N         plus or minus up to N ms of uniform random jitter (default 0), e.g.
                                --latency-ms 150 --latency-jitter-ms 50
Faults:
  --rate-limit-every N     answer every Nth request with 429
  --retry-after VALUE      Retry-After sent with 429 (seconds or an HTTP date; default 1)
  --fail-status CODE       with --fail-times, answer the first requests with this status (423, 5xx)
  --fail-times N           how many requests --fail-status answers (default 1)
  --empty-page-every N     every Nth page is empty but still links to the next one
  --extra-rels             add rel="first" and rel="prev" to the Link header
  --delay-ms N             delay every response by N milliseconds
  --redirect-to TARGET     redirect data requests to this origin (http://127.0.0.1:5680) or path
                           prefix replacing /v1 (/v1/moved, then served here)
  --redirect-status CODE   301, 302, 303, 307 or 308 (default 307)
  --redirect-on WHICH      first (requests without a cursor), next (with one) or all (default)
  --repeat-across-pages    every page after the first repeats the last record of the one before
  --relative-next FORM     next links as an absolute path (path) or relative to the page (query)
  --next-link-drop NAMES   next links lose these query parameters (comma separated, e.g.
                           resource,type), as real Webex's have been seen to
  --next-link-max-null     next links carry max=null, as real Webex's have (it fails as is)
  --refuse-refresh         answer every token refresh with 400 invalid_grant
  --help                   show this text

Tokens: ${Object.keys(DEFAULT_TOKENS)
	.map((token) => `"${token}"`)
	.join(', ')} (compliance officer + admin, ordinary user, partner administrator,
compliance officer only, compliance officer without spark:people_read).`;

const { values } = parseArgs({
	options: {
		port: { type: 'string', default: '4010' },
		seed: { type: 'string', default: '42' },
		...Object.fromEntries(
			DATA_SETS.map(([flag, , byDefault]) => [
				flag,
				{ type: 'string', default: String(byDefault) },
			]),
		),
		'rate-limit-every': { type: 'string' },
		'retry-after': { type: 'string', default: '1' },
		'fail-status': { type: 'string' },
		'fail-times': { type: 'string', default: '1' },
		'empty-page-every': { type: 'string' },
		'extra-rels': { type: 'boolean', default: false },
		'delay-ms': { type: 'string' },
		https: { type: 'boolean', default: false },
		'oauth-client-id': { type: 'string' },
		'oauth-client-secret': { type: 'string', default: 'sim-secret' },
		'latency-ms': { type: 'string', default: '0' },
		'latency-jitter-ms': { type: 'string', default: '0' },
		'redirect-to': { type: 'string' },
		'redirect-status': { type: 'string', default: '307' },
		'redirect-on': { type: 'string', default: 'all' },
		'repeat-across-pages': { type: 'boolean', default: false },
		'relative-next': { type: 'string' },
		'next-link-drop': { type: 'string' },
		'next-link-max-null': { type: 'boolean', default: false },
		'refuse-refresh': { type: 'boolean', default: false },
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

const dataSets = Object.fromEntries(
	DATA_SETS.map(([flag, option, , most]) => [option, count(flag, most)]),
);

const rules = [];
if (values['rate-limit-every'])
	rules.push({ status: 429, every: count('rate-limit-every'), retryAfter: values['retry-after'] });
if (values['fail-status'])
	rules.push({ status: Number(values['fail-status']), times: count('fail-times') });

function oneOf(name, allowed) {
	if (!allowed.includes(values[name])) {
		console.error(`--${name} must be one of ${allowed.join(', ')}`);
		process.exit(2);
	}
	return values[name];
}

const redirect = values['redirect-to']
	? {
			to: values['redirect-to'],
			status: Number(oneOf('redirect-status', ['301', '302', '303', '307', '308'])),
			on: oneOf('redirect-on', ['first', 'next', 'all']),
		}
	: undefined;

const dropped = (values['next-link-drop'] ?? '')
	.split(',')
	.map((name) => name.trim())
	.filter(Boolean);
const nextLink =
	dropped.length || values['next-link-max-null']
		? { drop: dropped, set: values['next-link-max-null'] ? { max: 'null' } : {} }
		: undefined;

const simulator = await createSimulator({
	contract: false,
	port: count('port', 65535),
	seed: count('seed', 2 ** 31),
	...dataSets,
	refusingOrgs: Array.from(
		{ length: Math.min(dataSets.refusingOrgs, dataSets.customerOrgs) },
		(_, n) => dataSets.customerOrgs - 1 - n,
	),
	latencyMs: count('latency-ms', 600_000),
	latencyJitterMs: count('latency-jitter-ms', 600_000),
	https: values.https,
	oauth: values['oauth-client-id']
		? { clientId: values['oauth-client-id'], clientSecret: values['oauth-client-secret'] }
		: undefined,
	faults: {
		rules,
		emptyPageEvery: values['empty-page-every'] ? count('empty-page-every') : 0,
		extraRels: values['extra-rels'],
		delayMs: values['delay-ms'] ? count('delay-ms', 600_000) : 0,
		redirect,
		repeatAcrossPages: values['repeat-across-pages'],
		relativeNext: values['relative-next'] ? oneOf('relative-next', ['path', 'query']) : undefined,
		refuseRefresh: values['refuse-refresh'],
		nextLink,
	},
});

console.log(`Webex API simulator listening on ${simulator.baseUrl}`);
if (simulator.latencyMs || simulator.latencyJitterMs)
	console.log(`Latency per request: ${simulator.latencyMs} ± ${simulator.latencyJitterMs} ms`);
if (values.https) console.log(`TLS certificate (test-only, self-signed): ${TLS_CERT_PATH}`);
if (simulator.oauth) {
	const issued = simulator.oauth.issue();
	console.log(
		`OAuth2 token URL: ${simulator.baseUrl}/access_token (client ${simulator.oauth.clientId}); refresh token: ${issued.refresh_token}`,
	);
}
console.log(`Token: sim-token (Authorization: Bearer sim-token). Ctrl-C stops it.`);
const stop = async () => {
	await simulator.close();
	process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
