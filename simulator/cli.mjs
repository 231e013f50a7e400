#!/usr/bin/env node
// npm run simulator -- --port 4010 --events 100000
import { parseArgs } from 'node:util';

import { createSimulator, DEFAULT_TOKENS, TLS_CERT_PATH } from './server.mjs';

const HELP = `Local Webex API simulator (GET /v1/people/me, /v1/people, /v1/events, /v1/events/{eventId},
/v1/recordingReport/accessSummary and accessDetail, /v1/adminAudit/events and eventCategories,
/v1/admin/securityAudit/events, /v1/organizations and /v1/organizations/{orgId})

Usage: npm run simulator -- [options]

  --port N                 port on 127.0.0.1 (default 4010, not n8n's task broker port 5679; 0 picks a free one)
  --events N               number of compliance events, 0..1000000 (default 1000)
  --recordings N           number of recording audit summaries (default 500)
  --people N               people in the pool the data refers to and GET /v1/people knows (default 60)
  --former-people N        deleted people who acted in some events, unknown to GET /v1/people (default 3)
  --seed N                 data seed; the same seed gives the same data (default 42)
  --event-span-days N      events are spread over this many days before now (default 30)
  --recording-span-days N  summaries are spread over this many days before now (default 360)
  --customer-orgs N        customer organisations partner-token manages, each with its own audit
                           trails (default 0)
  --refusing-orgs N        of them, how many (the last ones) answer partner-token's audit requests
                           with 403 (default 0)
  --https                  serve https with the test-only self-signed certificate
                           (simulator/tls/selfsigned-cert.pem, for 127.0.0.1 and localhost)
  --oauth-client-id ID     serve POST /v1/access_token (refresh_token grant) for this client
  --oauth-client-secret S  its client secret (default sim-secret)
  --latency-ms N           every request waits N ms before it is answered, like a round trip to
                           the real Webex (default 0)
  --latency-jitter-ms N    plus or minus up to N ms of uniform random jitter (default 0), e.g.
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
		events: { type: 'string', default: '1000' },
		recordings: { type: 'string', default: '500' },
		people: { type: 'string', default: '60' },
		'former-people': { type: 'string', default: '3' },
		seed: { type: 'string', default: '42' },
		'event-span-days': { type: 'string', default: '30' },
		'recording-span-days': { type: 'string', default: '360' },
		'customer-orgs': { type: 'string', default: '0' },
		'refusing-orgs': { type: 'string', default: '0' },
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
	events: count('events'),
	recordings: count('recordings'),
	people: count('people', 100_000),
	formerPeople: count('former-people', 100_000),
	eventSpanDays: count('event-span-days', 3650),
	recordingSpanDays: count('recording-span-days', 3650),
	customerOrgs: count('customer-orgs', 10_000),
	refusingOrgs: Array.from(
		{ length: Math.min(count('refusing-orgs', 10_000), count('customer-orgs', 10_000)) },
		(_, n) => count('customer-orgs', 10_000) - 1 - n,
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
