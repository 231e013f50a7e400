// Control Hub audit trails generated from a seed:
//   GET /v1/adminAudit/events            admin actions, paged by `offset` (a Link only on request)
//   GET /v1/adminAudit/eventCategories   the categories those events take
//   GET /v1/admin/securityAudit/events   sign-ins and sign-outs, paged with Link and cursors
// Both lists: `orgId` and a window are required (at most one year), the bounds are exclusive (the
// API documents "after" and "before"), newest first, and only a full administrator may read them;
// security audit events also need Pro Pack and the "Allow user authentication data" setting.
import { EXAMPLES, isExampleRecord } from './definitions.mjs';
import { WebexHttpError } from './errors.mjs';
import { readMax, scanPage, timeline } from './paging.mjs';
import { ORG_ID, ORG_UUID } from './people.mjs';
import { hash32, pick, prng, stableUuid } from './random.mjs';

export const ADMIN_AUDIT_MAX = { defaultMax: 100, ceiling: 200 };
export const SECURITY_AUDIT_MAX = { defaultMax: 100, ceiling: 1000 };
export const ORG_NAME = 'Acme Inc.';
/** The organisation of the tokens: the audit trails' owner unless a data set names another. */
export const OWN_ORG = Object.freeze({ id: ORG_ID, uuid: ORG_UUID, name: ORG_NAME });
/** About one audit event in this many is made from the definitions' example (see below). */
export const EXAMPLE_AUDIT_EVERY = 10;
const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;

/** What GET /v1/adminAudit/eventCategories answers (Control Hub's categories). */
export const ADMIN_AUDIT_CATEGORIES = [
	'BOTS',
	'CALLING',
	'COMPLIANCE',
	'CONTACT_CENTER',
	'DEVICES',
	'GROUPS',
	'HYBRID',
	'INTEGRATIONS',
	'LICENSES',
	'LOCATIONS',
	'LOGINS',
	'LOGOUT',
	'MEETINGS',
	'MESSAGING',
	'ORG_SETTINGS',
	'SPACES',
	'SUPPORT',
	'TEAMS',
	'USERS',
	'WORKSPACES',
];

export const MESSAGES = {
	fullAdmin:
		'This API requires a full administrator and the audit:events_read scope. The authenticated user is not a full administrator of this organization.',
	org: "The authenticated user is not authorized to access organization in parameter 'orgId'.",
	proPack:
		'Security audit events require Pro Pack for Control Hub and the "Allow user authentication data" setting (Control Hub > Organization Settings > Security) to be turned on.',
	oneYear: 'A maximum of one year of audit events can be returned per request.',
};

const USER_AGENTS = [
	'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
	'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0',
	'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
	'Webex/44.5.0.29672 (Mac OS X 14.4.1; arm64)',
	'Webex/44.5.0.29672 (Windows 10.0.22631; x64)',
];
const IP_PREFIXES = ['128.107', '173.38', '64.104', '72.163', '198.18'];
const GROUPS = ['Sales EMEA', 'Finance', 'Support Tier 2', 'Contractors'];
const DEVICES = ['Room Kit Pro', 'Desk Pro', 'Board 55S', 'Room Bar'];
const WORKSPACES = ['Boardroom 4', 'Huddle 2B', 'Lisbon Lobby', 'Training Room'];
const LOCATIONS = ['Lisbon HQ', 'Austin', 'Singapore'];
const LICENSES = ['Webex Meetings - Enterprise', 'Webex Calling - Professional', 'Messaging'];

// Weighted admin actions: [category, weight, eventDescription, actionText(actor, target),
// targetType, target kind ('person' | 'org' | a list of names)].
const ADMIN_ACTIONS = [
	[
		'LOGINS',
		25,
		'An Admin logged in',
		(a, t, r, org) => `${a} logged into organization ${org}`,
		'ORG',
	],
	[
		'LOGOUT',
		10,
		'An Admin logged out',
		(a, t, r, org) => `${a} logged out of organization ${org}`,
		'ORG',
	],
	['USERS', 12, 'A user was created', (a, t) => `${a} created user ${t}`, 'USER', 'person'],
	[
		'USERS',
		6,
		'User roles updated',
		(a, t) => `${a} updated the administrator roles of ${t}`,
		'USER',
		'person',
	],
	[
		'LICENSES',
		10,
		'Licenses updated',
		(a, t, r) => `${a} assigned license ${pick(r, LICENSES)} to ${t}`,
		'USER',
		'person',
	],
	[
		'GROUPS',
		5,
		'Group membership updated',
		(a, t) => `${a} updated the members of group ${t}`,
		'GROUP',
		GROUPS,
	],
	[
		'DEVICES',
		6,
		'A device was activated',
		(a, t, r) => `${a} activated ${pick(r, DEVICES)} in workspace ${t}`,
		'DEVICE',
		WORKSPACES,
	],
	[
		'WORKSPACES',
		3,
		'A workspace was created',
		(a, t) => `${a} created workspace ${t}`,
		'PLACE',
		WORKSPACES,
	],
	[
		'ORG_SETTINGS',
		4,
		'Organization settings updated',
		(a, t, r, org) => `${a} changed the security settings of organization ${org}`,
		'ORG',
	],
	[
		'COMPLIANCE',
		3,
		'Compliance Officer role assigned',
		(a, t) => `${a} assigned the Compliance Officer role to ${t}`,
		'USER',
		'person',
	],
	[
		'MEETINGS',
		4,
		'Meeting site settings updated',
		(a) => `${a} updated the settings of site acme.webex.com`,
		'SITE',
	],
	[
		'CALLING',
		8,
		'A phone number was assigned',
		(a, t) => `${a} assigned an extension to ${t}`,
		'USER',
		'person',
	],
	[
		'LOCATIONS',
		2,
		'A location was updated',
		(a, t) => `${a} updated location ${t}`,
		'LOCATION',
		LOCATIONS,
	],
	[
		'INTEGRATIONS',
		2,
		'An integration was authorized',
		(a, t, r, org) => `${a} authorized integration Audit Exporter for organization ${org}`,
		'ORG',
	],
];
const ADMIN_WEIGHT = ADMIN_ACTIONS.reduce((sum, action) => sum + action[1], 0);

/** Webex audit ids: base64 of a UUID string. */
function auditId(uuid) {
	return Buffer.from(uuid).toString('base64').replace(/=+$/, '');
}

/**
 * The ids of an audit data set's events created strictly between the bounds, oldest first: what a
 * trigger that read that window emits.
 */
export function auditIdsOldestFirst(dataset, fromMs, toMs) {
	const [start, end] = dataset.range(fromMs, toMs);
	return Array.from({ length: end - start }, (_, n) => dataset.at(end - 1 - n).id);
}

/** The UUID a person id names: from "ciscospark://us/PEOPLE/<uuid>" ids, base64 UUIDs or itself. */
export function personUuid(id) {
	const text = Buffer.from(String(id), 'base64').toString('utf8');
	const match = /^(?:ciscospark:\/\/[a-z0-9]+\/PEOPLE\/)?([0-9a-f]{8}-[0-9a-f-]{27})$/i.exec(text);
	return match ? match[1].toLowerCase() : String(id).toLowerCase();
}

function actorFields(random, person) {
	return {
		actorName: person.displayName,
		actorEmail: person.emails[0],
		actorIp: `${pick(random, IP_PREFIXES)}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`,
		actorUserAgent: pick(random, USER_AGENTS),
	};
}

/**
 * Admin audit events: `count` of them, index 0 the newest, over `spanMs` before `now`, by the
 * organisation's administrators (the first 8 people of the pool; person 0 is a full administrator).
 * at(index), range(fromMs, toMs) (exclusive bounds), createdAt(index); nothing is held in memory.
 */
export function adminAuditDataset({ seed, count, now, spanMs, people, org = OWN_ORG }) {
	const { createdAt, range } = timeline(count, now, spanMs);
	const admins = people.slice(0, 8);

	function at(index) {
		const random = prng(hash32(seed, 'admin-audit', index));
		let roll = random() * ADMIN_WEIGHT;
		let action = ADMIN_ACTIONS[0];
		for (const candidate of ADMIN_ACTIONS) {
			roll -= candidate[1];
			if (roll < 0) {
				action = candidate;
				break;
			}
		}
		const [eventCategory, , eventDescription, actionText, targetType, targetKind] = action;
		const adminIndex = Math.floor(random() * admins.length);
		const actor = admins[adminIndex];
		const fields = actorFields(random, actor);
		if (isExampleRecord(seed, 'admin-audit', index, EXAMPLE_AUDIT_EVERY))
			return exampleAuditEvent(EXAMPLES.adminAuditEvent, {
				seed,
				kind: 'admin-audit',
				index,
				actor,
				created: createdAt(index),
				org,
				data: { targetId: auditId(org.uuid), targetOrgId: org.id },
			});
		let targetId = auditId(org.uuid);
		let targetName = org.name;
		let targetText = org.name;
		if (targetKind === 'person') {
			const target = pick(random, people);
			targetId = auditId(personUuid(target.id));
			targetName = target.displayName;
			targetText = `${target.displayName} (${target.emails[0]})`;
		} else if (Array.isArray(targetKind)) {
			targetName = pick(random, targetKind);
			targetId = auditId(stableUuid(seed, targetType, targetName));
			targetText = targetName;
		} else if (targetType === 'SITE') {
			targetId = auditId(stableUuid(seed, 'site', 0));
			targetName = 'acme.webex.com';
		}
		const data = {
			actorOrgName: org.name,
			actorName: fields.actorName,
			actorEmail: fields.actorEmail,
			actorIp: fields.actorIp,
			actorUserAgent: fields.actorUserAgent,
			adminRoles: adminIndex < 3 ? ['Full_Admin', 'id_full_admin'] : ['Full_Admin'],
			eventCategory,
			eventDescription,
			actionText: actionText(fields.actorName, targetText, random, org.name),
			targetId,
			targetName,
			targetType: `TargetResourceType.${targetType}`,
			targetOrgId: org.id,
			targetOrgName: org.name,
			trackingId: `ATLAS_${stableUuid(seed, 'admin-audit-tracking', index)}_0`,
		};
		// A few Calling changes fail: Control Hub records them with the error.
		if (eventCategory === 'CALLING' && random() < 0.25) {
			data.errorCode = 'WXC-25058';
			data.errorMessage = 'WXC-25058 Extension cannot be less than 2 or greater than 6 characters';
		}
		if (eventCategory === 'ORG_SETTINGS') Object.assign(data, settingChange(random));
		return {
			id: auditId(stableUuid(seed, 'admin-audit', index)),
			created: new Date(createdAt(index)).toISOString(),
			actorId: actor.id,
			actorOrgId: org.id,
			data,
		};
	}

	return { count, at, range, createdAt, org, categories: ADMIN_AUDIT_CATEGORIES };
}

/**
 * Security audit events (sign-ins, sign-outs) of anyone in the pool: `count` of them, index 0 the
 * newest, over `spanMs` before `now`. at(index), range(fromMs, toMs) (exclusive), createdAt(index).
 */
export function securityAuditDataset({ seed, count, now, spanMs, people, org = OWN_ORG }) {
	const { createdAt, range } = timeline(count, now, spanMs);

	function at(index) {
		const random = prng(hash32(seed, 'security-audit', index));
		const actor = pick(random, people);
		const login = random() < 0.7;
		const fields = actorFields(random, actor);
		if (login && isExampleRecord(seed, 'security-audit', index, EXAMPLE_AUDIT_EVERY))
			return exampleAuditEvent(EXAMPLES.securityAuditEvent, {
				seed,
				kind: 'security-audit',
				index,
				actor,
				created: createdAt(index),
				org,
			});
		return {
			id: auditId(stableUuid(seed, 'security-audit', index)),
			created: new Date(createdAt(index)).toISOString(),
			actorId: actor.id,
			actorOrgId: org.id,
			data: {
				actorOrgName: org.name,
				actorName: fields.actorName,
				actorEmail: fields.actorEmail,
				actorIp: fields.actorIp,
				actorUserAgent: fields.actorUserAgent,
				eventCategory: login ? 'LOGINS' : 'LOGOUT',
				eventDescription: login ? 'A user logged in' : 'A user logged out',
				actionText: login
					? `${fields.actorName} logged into organization ${org.name}`
					: `${fields.actorName} logged out of organization ${org.name}`,
				trackingId: `ATLAS_${stableUuid(seed, 'security-audit-tracking', index)}_0`,
				...(login ? signInOutcome(random) : {}),
			},
		};
	}

	return { count, at, range, createdAt, org };
}

// The fields below are not in the definitions' schemas (but authenticationMethod): their shapes
// follow recorded Webex answers (README.md, "Recorded fields"), quirks included.
const SETTINGS = [
	['release_migration', '"MIGRATED"', 'Null'],
	['allow_user_authentication_data', 'true', 'false'],
	['session_timeout_minutes', '720', '1440'],
];
const CLIENTS = [
	[
		'Webex Admin Portal',
		'C80fb9c7096bd8474627317ee1d7a817eff372ca9c9cee3ce43c3ea3e8d1511ec',
		'Password',
	],
	['Developer Portal', '111111', 'Non-Interactive'],
];

/** An org setting change: settingValue is JSON text, a first value's previousValue the text Null. */
function settingChange(random) {
	const [key, value, previous] = pick(random, SETTINGS);
	return {
		operationType: previous === 'Null' ? 'CREATE' : 'UPDATE',
		settingKey: key,
		settingName: key,
		settingValue: value,
		previousValue: previous,
		entityType: 'ORG',
	};
}

/** A sign-in's result: one in five fails; a success's failedReason is one space. */
function signInOutcome(random) {
	if (random() < 0.2)
		return {
			eventStatus: 'FAILURE',
			failedReason: 'Invalid Password.',
			authenticationMethod: 'Password',
			actorClientName: 'NA',
			actorOauthClient: 'NA',
		};
	const [actorClientName, actorOauthClient, authenticationMethod] = pick(random, CLIENTS);
	return {
		eventStatus: 'SUCCESS',
		failedReason: ' ',
		authenticationMethod,
		actorClientName,
		actorOauthClient,
	};
}

/**
 * An audit event made from the definitions' example (`template`, an admin logging in): the
 * example's fields and values, with this record's id, actor, time and tracking id, in this
 * organisation (the `data` given replaces the example's ids of it). Two values follow this data
 * set rather than the admin audit example, so that the filters stay exact: `eventCategory` is
 * 'LOGINS' (the example writes 'EventCategory.LOGINS', the security audit example and the filter
 * examples 'LOGINS') and `actorId` a person id (the admin audit example's is a bare UUID in base64).
 */
function exampleAuditEvent(template, { seed, kind, index, actor, created, org, data = {} }) {
	const example = structuredClone(template);
	return {
		id: auditId(stableUuid(seed, kind, index)),
		created: new Date(created).toISOString(),
		actorId: actor.id,
		actorOrgId: org.id,
		data: {
			...example.data,
			actorOrgName: org.name,
			actorName: actor.displayName,
			actorEmail: actor.emails[0],
			trackingId: `ATLAS_${stableUuid(seed, `${kind}-tracking`, index)}_0`,
			eventCategory: 'LOGINS',
			actionText: `${actor.displayName} logged into organization ${org.name}`,
			...data,
		},
	};
}

function required(query, name) {
	const value = query.get(name);
	if (value === null || value === '')
		throw new WebexHttpError(400, `Missing required parameter '${name}'.`);
	return value;
}

function parseTime(name, raw) {
	const ms = Date.parse(raw);
	if (Number.isNaN(ms))
		throw new WebexHttpError(
			400,
			`Invalid '${name}' parameter: ${raw} is not an ISO 8601 date and time.`,
		);
	return ms;
}

/**
 * The checks both lists share: full administrator, orgId (`datasetOf(orgId)`: that organisation's
 * data set, or undefined when the caller may not read it), the window, categories, actorId.
 */
function readAuditQuery(query, caller, [fromName, toName], datasetOf) {
	if (!caller.fullAdmin) throw new WebexHttpError(403, MESSAGES.fullAdmin);
	const orgId = required(query, 'orgId');
	const rawFrom = required(query, fromName);
	const rawTo = required(query, toName);
	const dataset = datasetOf(orgId);
	if (!dataset) throw new WebexHttpError(403, MESSAGES.org);
	const from = parseTime(fromName, rawFrom);
	const to = parseTime(toName, rawTo);
	if (from > to) throw new WebexHttpError(400, `'${fromName}' cannot be after '${toName}'.`);
	if (to - from > YEAR_MS) throw new WebexHttpError(400, MESSAGES.oneYear);
	const categories = query
		.getAll('eventCategories')
		.flatMap((value) => value.split(','))
		.map((value) => value.trim())
		.filter(Boolean);
	for (const category of categories)
		if (!ADMIN_AUDIT_CATEGORIES.includes(category))
			throw new WebexHttpError(
				400,
				`Invalid 'eventCategories' parameter: ${category}. See GET /adminAudit/eventCategories.`,
			);
	const actorId = query.get('actorId') || undefined;
	const actor = actorId === undefined ? undefined : personUuid(actorId);
	const matches = (event) =>
		(categories.length === 0 || categories.includes(event.data.eventCategory)) &&
		(actor === undefined || personUuid(event.actorId) === actor);
	return { dataset, from, to, matches, filtered: categories.length > 0 || actor !== undefined };
}

/** Handles GET /v1/adminAudit/eventCategories. */
export function listAdminAuditCategories(caller) {
	if (!caller.fullAdmin) throw new WebexHttpError(403, MESSAGES.fullAdmin);
	return { eventCategories: [...ADMIN_AUDIT_CATEGORIES] };
}

/**
 * Handles one GET /v1/adminAudit/events request (`datasetOf(orgId)`: the data set of an
 * organisation the caller may read); returns {items, next?, state}. Pages by
 * `offset` (default 0; the number of matching events to skip); `next` (a URL with the next
 * offset) only with `link` and only when another matching event exists.
 */
export function listAdminAudit(datasetOf, query, { caller, publicBase, path, link = false }) {
	const { dataset, from, to, matches, filtered } = readAuditQuery(
		query,
		caller,
		['from', 'to'],
		datasetOf,
	);
	const max = readMax(query, ADMIN_AUDIT_MAX);
	const rawOffset = query.get('offset');
	const offset = rawOffset === null || rawOffset === '' ? 0 : Number(rawOffset);
	if (!Number.isInteger(offset) || offset < 0)
		throw new WebexHttpError(400, "Invalid 'offset' parameter: must be a non-negative integer.");
	const [start, end] = dataset.range(from, to);
	const items = [];
	let more = false;
	if (!filtered) {
		for (let index = start + offset; index < end && items.length < max; index++)
			items.push(dataset.at(index));
		more = start + offset + items.length < end;
	} else {
		let skipped = 0;
		for (let index = start; index < end; index++) {
			const event = dataset.at(index);
			if (!matches(event)) continue;
			if (skipped < offset) skipped++;
			else if (items.length < max) items.push(event);
			else {
				more = true;
				break;
			}
		}
	}
	let next;
	if (link && more) {
		const params = new URLSearchParams(query);
		params.set('offset', String(offset + items.length));
		next = `${publicBase}${path}?${params}`;
	}
	return { items, next, state: { p: Math.floor(offset / max) } };
}

/** Handles one GET /v1/admin/securityAudit/events request (`datasetOf` as listAdminAudit's). */
export function listSecurityAudit(
	datasetOf,
	query,
	{ caller, proPack = true, publicBase, path, repeatLast = false },
) {
	if (!caller.fullAdmin) throw new WebexHttpError(403, MESSAGES.fullAdmin);
	if (!proPack) throw new WebexHttpError(403, MESSAGES.proPack);
	const { dataset, from, to, matches } = readAuditQuery(
		query,
		caller,
		['startTime', 'endTime'],
		datasetOf,
	);
	const max = readMax(query, SECURITY_AUDIT_MAX);
	return scanPage({
		dataset,
		range: dataset.range(from, to),
		query,
		max,
		matches,
		publicBase,
		path,
		repeatLast,
	});
}
