import { createRequire } from 'node:module';

import { inspect } from 'node:util';
import { gunzipSync } from 'node:zlib';

import { poll, pollsAtOnce, runNode, simulatorCredentials } from './n8n.mjs';
import { ORG_UUID } from '../../simulator/people.mjs';
import { createSimulator } from '../../simulator/server.mjs';

const require = createRequire(import.meta.url);

/** A module of the shipped package, as n8n loads it. */
export function shipped(file) {
	return require(`../../dist/${file}`);
}

/** Simplify's columns of an event, in order, as the README lists them (without Resolve People). */
export const SIMPLIFY_COLUMNS = (
	'created resource type personEmail text roomType callType callDirection isCallAnswered ' +
	'callDurationSeconds callStartTime callingNumber calledNumber recordingEnabled ' +
	'transcriptionEnabled actorId roomId personId meetingId creatorId userId dataId appId orgId id'
).split(' ');

/**
 * Starts a simulator for the test, and stops it afterwards whatever happens. Its contract check is
 * on (see createSimulator): the test fails if a request or an answer violated Webex's OpenAPI
 * definitions. When the test itself failed, its error is the one thrown.
 */
export async function withSimulator(options, test) {
	const simulator = await createSimulator(options);
	let result;
	try {
		result = await test(simulator);
	} catch (error) {
		await simulator.close().catch((contractError) => console.error(contractError.message));
		throw error;
	}
	await simulator.close();
	return result;
}

/** The requests the simulator received for an endpoint. */
export function requestsTo(simulator, path) {
	return simulator.requests.filter((request) => request.path === `/v1${path}`);
}

/** Runs Webex Events / List Events against the simulator. */
export function listEvents(
	simulator,
	{ returnAll = true, limit, filters = {}, options = {}, token, ...rest } = {},
) {
	const parameters = {
		authentication: 'accessToken',
		resource: 'event',
		operation: 'getAll',
		returnAll,
		filters,
		options,
	};
	if (limit !== undefined) parameters.limit = limit;
	return runNode({
		type: 'webexEvents',
		parameters,
		credentials: simulatorCredentials(simulator, token),
		...rest,
	});
}

/** Runs Webex Recording Audit / List recording audit summaries against the simulator. */
export function listSummaries(
	simulator,
	{ returnAll = true, limit, filters = {}, options = {}, token, ...rest } = {},
) {
	const parameters = {
		authentication: 'accessToken',
		resource: 'recordingAuditSummary',
		operation: 'getAll',
		returnAll,
		filters,
		options,
	};
	if (limit !== undefined) parameters.limit = limit;
	return runNode({
		type: 'webexRecordingAudit',
		parameters,
		credentials: simulatorCredentials(simulator, token),
		...rest,
	});
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise) {
	try {
		await promise;
	} catch (error) {
		return error;
	}
	throw new Error('Expected the node to fail, but it succeeded');
}

/** All the ids of the simulator's events in [start, end), in the simulator's order. */
export function eventIds(simulator, start = 0, end = simulator.events.count) {
	const ids = [];
	for (let index = start; index < end; index++) ids.push(simulator.events.at(index).id);
	return ids;
}

/** The test's own reading of a Link header (independent of the package's parser). */
export function parseLinkHeaderForTests(header) {
	const links = {};
	for (const part of String(header ?? '').split(/,\s*(?=<)/)) {
		const match = /^<([^>]+)>;\s*rel="([^"]+)"/.exec(part.trim());
		if (match) links[match[2]] = match[1];
	}
	return links;
}

/**
 * One poll of a trigger of this package against the simulator: its parameters over the defaults
 * every trigger has (Start From now, Lookback 5 minutes, no filters or options). With `atOnce`,
 * that many polls of one active workflow started at once (see pollsAtOnce), resolving to
 * {items: each poll's, staticData}.
 */
export function pollTrigger(
	type,
	simulator,
	{ parameters = {}, staticData, mode, pollBudgetMs, atOnce } = {},
) {
	const options = {
		type,
		parameters: {
			authentication: 'accessToken',
			startFrom: 'now',
			lookback: 5,
			filters: {},
			options: {},
			...parameters,
		},
		credentials: simulatorCredentials(simulator),
		staticData,
		mode,
		pollBudgetMs,
	};
	return atOnce ? pollsAtOnce({ count: atOnce, ...options }) : poll(options);
}

/** Fails when a secret appears in any view of the errors a test collected (message, JSON, stack…). */
export function assertNoSecretIn(errors, secret) {
	for (const error of errors) {
		const views = [
			error.message,
			error.description,
			JSON.stringify(error),
			inspect(error, { depth: 20, showHidden: true }),
			JSON.stringify(error.context),
			error.stack,
		];
		for (const view of views)
			if (String(view).includes(secret))
				throw new Error(`the secret leaked into: ${String(view).slice(0, 300)}`);
	}
}

/** The records of an Output JSON Lines File item (gzip or not), one per line. */
export function jsonLinesOf(item, field = 'data') {
	const bytes = Buffer.from(item.binary[field].data, 'base64');
	return (item.json.gzip ? gunzipSync(bytes) : bytes)
		.toString('utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line));
}

/** A test's own CSV reader (RFC 4180: quoted cells, doubled quotes, CRLF rows). */
export function parseCsv(text) {
	const rows = [];
	let row = [];
	let cell = '';
	let quoted = false;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (quoted) {
			if (char === '"' && text[index + 1] === '"') ((cell += '"'), index++);
			else if (char === '"') quoted = false;
			else cell += char;
		} else if (char === '"') quoted = true;
		else if (char === ',') (row.push(cell), (cell = ''));
		else if (char === '\r' && text[index + 1] === '\n') {
			row.push(cell);
			rows.push(row);
			((row = []), (cell = ''), index++);
		} else cell += char;
	}
	return rows;
}

/**
 * The Webex Admin Audit Trigger's state of one organization (the token's own by default), from a
 * poll's static data: {sinceMs, positionMs, horizonMs, windowMs, emitted}, or undefined.
 */
export function auditOrgState(staticData, orgUuid = ORG_UUID) {
	const tuple = staticData?.['node:Webex Trigger']?.state?.orgs?.[orgUuid];
	if (!tuple) return undefined;
	const [sinceMs, positionMs, horizonMs, windowMs, emitted] = tuple;
	return { sinceMs, positionMs, horizonMs, windowMs, emitted };
}

/**
 * The most requests the simulator held at once (arrived, not yet answered): each request counts
 * from its arrival to its answer, an answer before an arrival of the same millisecond.
 */
export function mostInFlight(requests) {
	const moments = requests.flatMap((request) => [
		[request.at, 1],
		[request.answeredAt ?? Infinity, -1],
	]);
	moments.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let now = 0;
	let most = 0;
	for (const [, change] of moments) most = Math.max(most, (now += change));
	return most;
}
