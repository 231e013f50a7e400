// Webhooks as Webex keeps and delivers them (openapi-meeting-compliance-excerpt.json: /webhooks,
// /webhooks/{webhookId}; NOTES.md "Webhooks"): created, listed, read (with their secret), updated
// and deleted per token; and when a record appears (`appear`), a signed POST of Webex's
// notification to every matching active webhook's targetUrl, a webhook whose target keeps failing
// set `inactive`.
import { createHmac, randomUUID } from 'node:crypto';

import { EXAMPLES } from './definitions.mjs';
import { MESSAGES, WebexHttpError } from './errors.mjs';
import { decodeCursor, linkHeader, nextPageUrl, readMax } from './paging.mjs';
import { ORG_ID } from './people.mjs';

/** The resources an organisation-wide webhook (`ownedBy: org`) is supported for. */
export const ORG_RESOURCES = new Set([
	'meetings',
	'recordings',
	'convergedRecordings',
	'meetingParticipants',
	'meetingTranscripts',
	'videoMeshAlerts',
	'controlHubAlerts',
	'rooms',
	'messaging',
	'messages',
	'adminBatchJobs',
]);
/** Filters that need `ownedBy: org`. */
const ORG_FILTERS = ['hostEmail', 'hostUserId', 'ownerEmail', 'ownerId'];
const MAX_WEBHOOKS = 100;
/** Consecutive failed deliveries after which a webhook is set inactive. */
export const FAILURES_BEFORE_INACTIVE = 3;
/** How long a delivery waits for its target, milliseconds. */
export const DELIVERY_TIMEOUT_MS = 5000;

const webexId = (kind, uuid = randomUUID()) =>
	Buffer.from(`ciscospark://us/${kind}/${uuid}`).toString('base64url');

/** A filter `a=b&c=d` as {a: 'b', c: 'd'} (a 400 for a part without `=`). */
function parseFilter(filter) {
	if (filter === undefined || filter === '') return {};
	const pairs = {};
	for (const part of String(filter).split('&')) {
		const at = part.indexOf('=');
		if (at < 1) throw new WebexHttpError(400, `Invalid filter "${part}".`);
		pairs[decodeURIComponent(part.slice(0, at))] = decodeURIComponent(part.slice(at + 1));
	}
	return pairs;
}

function readJsonBody(rawBody) {
	try {
		const body = JSON.parse(rawBody);
		if (body && typeof body === 'object' && !Array.isArray(body)) return body;
	} catch {
		// answered below
	}
	throw new WebexHttpError(400, 'The request body must be a JSON object.');
}

function assertTargetUrl(targetUrl) {
	let url;
	try {
		url = new URL(String(targetUrl));
	} catch {
		url = undefined;
	}
	if (!url || !['http:', 'https:'].includes(url.protocol))
		throw new WebexHttpError(400, 'targetUrl must be an http or https URL.');
}

/**
 * The webhook store and its deliveries. `records` answers GET /recordings/{id} and
 * /meetings/{id} for the records that appeared.
 */
export function createWebhooks({ people, failuresBeforeInactive = FAILURES_BEFORE_INACTIVE }) {
	/** id → webhook (with `owner`, the person index of the token that made it). */
	const hooks = new Map();
	/** `${resource}/${id}` → the record that appeared, for Resolve Data. */
	const records = new Map();
	/** Every delivery made: {webhookId, targetUrl, status ('error' when none), body, at}. */
	const deliveries = [];
	const pending = new Set();

	const shown = ({ owner, failures, ...webhook }) => webhook;
	const own = (caller, id) => {
		const hook = hooks.get(id);
		if (!hook || hook.owner !== caller.person) throw new WebexHttpError(404, MESSAGES[404]);
		return hook;
	};

	function create(caller, body) {
		for (const name of ['name', 'targetUrl', 'resource', 'event'])
			if (typeof body[name] !== 'string' || body[name] === '')
				throw new WebexHttpError(400, `${name} is required.`);
		assertTargetUrl(body.targetUrl);
		const filter = parseFilter(body.filter);
		const org = body.ownedBy === 'org';
		if (body.ownedBy !== undefined && !org)
			throw new WebexHttpError(400, 'ownedBy must be org when given.');
		if (!org && ORG_FILTERS.some((name) => name in filter))
			throw new WebexHttpError(400, `A ${ORG_FILTERS.join(', ')} filter needs ownedBy org.`);
		if (org && !ORG_RESOURCES.has(body.resource))
			throw new WebexHttpError(400, `ownedBy org is not supported for ${body.resource}.`);
		if (org && !(caller.admin || caller.compliance))
			throw new WebexHttpError(
				403,
				'An organisation-wide webhook needs an admin or compliance officer.',
			);
		const webhook = {
			id: webexId('WEBHOOK'),
			name: body.name,
			targetUrl: body.targetUrl,
			resource: body.resource,
			event: body.event,
			...(body.filter ? { filter: body.filter } : {}),
			...(body.secret ? { secret: body.secret } : {}),
			status: 'active',
			created: new Date().toISOString(),
			...(org ? { ownedBy: 'org' } : {}),
			owner: caller.person,
			failures: 0,
		};
		hooks.set(webhook.id, webhook);
		return shown(webhook);
	}

	function update(hook, body) {
		for (const name of ['name', 'targetUrl'])
			if (typeof body[name] !== 'string' || body[name] === '')
				throw new WebexHttpError(400, `${name} is required.`);
		assertTargetUrl(body.targetUrl);
		if (body.status !== undefined && body.status !== 'active')
			throw new WebexHttpError(400, 'status can only be set to active.');
		hook.name = body.name;
		hook.targetUrl = body.targetUrl;
		if (body.secret !== undefined) hook.secret = body.secret;
		if (body.status === 'active') {
			hook.status = 'active';
			hook.failures = 0;
		}
		return shown(hook);
	}

	function list(caller, url, publicBase) {
		const query = url.searchParams;
		const max = readMax(query, { defaultMax: 100, ceiling: MAX_WEBHOOKS });
		const ownedBy = query.get('ownedBy');
		if (ownedBy !== null && ownedBy !== 'org')
			throw new WebexHttpError(400, 'ownedBy can only be org.');
		const mine = [...hooks.values()].filter(
			(hook) => hook.owner === caller.person && (ownedBy === null || hook.ownedBy === 'org'),
		);
		const start = query.has('cursor') ? Number(decodeCursor(query.get('cursor')).offset) : 0;
		const items = mine.slice(start, start + max).map(shown);
		const headers =
			start + max < mine.length
				? {
						link: linkHeader(nextPageUrl(publicBase, url.pathname, query, { offset: start + max })),
					}
				: {};
		return { body: { items }, headers };
	}

	/**
	 * The answer to a /v1/webhooks request, or undefined when the path is not a webhooks one:
	 * {status, body, headers}.
	 */
	function answer({ method, endpoint, caller, rawBody, url, publicBase }) {
		if (endpoint === '/v1/webhooks') {
			if (method === 'GET') return { status: 200, ...list(caller, url, publicBase) };
			if (method === 'POST') return { status: 200, body: create(caller, readJsonBody(rawBody)) };
			throw new WebexHttpError(405, 'Method not allowed.');
		}
		const match = /^\/v1\/webhooks\/([^/]+)$/.exec(endpoint);
		if (!match) return undefined;
		const hook = own(caller, decodeURIComponent(match[1]));
		if (method === 'GET') return { status: 200, body: shown(hook) };
		if (method === 'PUT') return { status: 200, body: update(hook, readJsonBody(rawBody)) };
		if (method === 'DELETE') {
			hooks.delete(hook.id);
			return { status: 204 };
		}
		throw new WebexHttpError(405, 'Method not allowed.');
	}

	/** Whether a webhook gets a notification of `resource`/`event` about `data`. */
	function matches(hook, resource, event, data) {
		if (hook.status !== 'active' || hook.resource !== resource) return false;
		if (hook.event !== event && hook.event !== 'all') return false;
		const filter = parseFilter(hook.filter);
		if (Object.entries(filter).some(([name, value]) => String(data[name]) !== value)) return false;
		// A user's own webhook hears about their own meetings only; an org one about every host's.
		return hook.ownedBy === 'org' || data.hostEmail === people[hook.owner]?.emails[0];
	}

	/** One POST of a notification, bounded by DELIVERY_TIMEOUT_MS: its status, or 'error'. */
	async function post(hook, notification) {
		const body = JSON.stringify(notification);
		const headers = { 'content-type': 'application/json' };
		if (hook.secret)
			headers['x-spark-signature'] = createHmac('sha1', hook.secret).update(body).digest('hex');
		let status;
		try {
			const response = await fetch(hook.targetUrl, {
				method: 'POST',
				headers,
				body,
				signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
			});
			await response.arrayBuffer();
			status = response.status;
		} catch {
			status = 'error';
		}
		deliveries.push({
			webhookId: hook.id,
			targetUrl: hook.targetUrl,
			status,
			body,
			at: Date.now(),
		});
		const ok = typeof status === 'number' && status >= 200 && status < 300;
		hook.failures = ok ? 0 : hook.failures + 1;
		if (hook.failures >= failuresBeforeInactive) hook.status = 'inactive';
		return status;
	}

	/**
	 * Makes a record appear, as a meeting, recording or transcript does in a tenant, and delivers
	 * a notification of it to every matching webhook (one POST each, at once). `data` is the
	 * notification's data (its `id` made when missing). A recording or a meeting is built from the
	 * definitions' example with these ids, and answered by GET /recordings/{id} or /meetings/{id}.
	 * Resolves, once every POST has ended, to {data, record, deliveries: [{webhookId, status}]}.
	 */
	async function appear({ resource, event = 'created', data = {}, actor = 0 }) {
		const host = people[actor];
		const full = {
			id: data.id ?? randomUUID().replaceAll('-', ''),
			orgId: ORG_ID,
			hostEmail: host.emails[0],
			hostUserId: host.id,
			created: new Date().toISOString(),
			...data,
		};
		let record;
		if (resource === 'recordings' && event !== 'deleted') {
			record = { ...structuredClone(EXAMPLES.recording), id: full.id, hostEmail: full.hostEmail };
			if (full.meetingId) record.meetingId = full.meetingId;
		} else if (resource === 'meetings' && event !== 'deleted') {
			record = { ...meetingAsDefined(), id: full.id, hostEmail: full.hostEmail };
		}
		if (record) records.set(`${resource}/${full.id}`, record);
		if (event === 'deleted') records.delete(`${resource}/${full.id}`);
		const targets = [...hooks.values()].filter((hook) => matches(hook, resource, event, full));
		const delivery = Promise.all(
			targets.map(async (hook) => {
				const notification = {
					id: hook.id,
					name: hook.name,
					targetUrl: hook.targetUrl,
					resource,
					event,
					...(hook.filter ? { filter: hook.filter } : {}),
					orgId: ORG_ID,
					createdBy: people[hook.owner]?.id,
					appId: webexId('APPLICATION', '00000000-0000-4000-8000-000000000001'),
					ownedBy: hook.ownedBy ?? 'creator',
					status: hook.status,
					created: hook.created,
					actorId: host.id,
					data: full,
				};
				return { webhookId: hook.id, status: await post(hook, notification) };
			}),
		);
		pending.add(delivery);
		try {
			return { data: full, record, deliveries: await delivery };
		} finally {
			pending.delete(delivery);
		}
	}

	/** The record that appeared for GET /recordings/{id} or /meetings/{id}; a 404 otherwise. */
	/**
	 * The definitions' example meeting, its registration questions' `id` numbers as the schema
	 * says (the example writes them as text, against its own schema).
	 */
	function meetingAsDefined() {
		const meeting = structuredClone(EXAMPLES.meeting);
		for (const question of meeting.registration?.customizedQuestions ?? []) {
			question.id = Number(question.id);
			for (const option of question.options ?? []) option.id = Number(option.id);
		}
		return meeting;
	}

	function recordOf(resource, id) {
		const record = records.get(`${resource}/${id}`);
		if (!record) throw new WebexHttpError(404, MESSAGES[404]);
		return record;
	}

	return {
		answer,
		appear,
		recordOf,
		/** The webhooks as Webex holds them (with owner and consecutive failures). */
		all: () => [...hooks.values()].map((hook) => ({ ...hook })),
		deliveries,
		/** Resolves once every delivery under way has ended. */
		settled: async () => void (await Promise.allSettled([...pending])),
	};
}
