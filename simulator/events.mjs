// GET /v1/events: compliance events generated from a seed, filtered and paged as Webex does;
// GET /v1/events/{eventId}: one of them (generated or live) by id.
import { EVENT_RESOURCES, EVENT_TYPES, EXAMPLES, isExampleRecord } from './definitions.mjs';
import { WebexHttpError } from './errors.mjs';
import { readMax, scanPage, timeline } from './paging.mjs';
import { ORG_ID } from './people.mjs';
import {
	createIdIndex,
	hash32,
	hexId,
	pick,
	prng,
	stableUuid,
	uuidPrefix,
	webexId,
} from './random.mjs';

// The definitions' enums (EventResourceEnum, EventTypeEnum): a `type` outside them is a 400.
export { EVENT_RESOURCES, EVENT_TYPES };
export const EVENTS_MAX = { defaultMax: 100, ceiling: 1000 };
/** About one event in this many is Webex's own example event (see exampleEvent). */
export const EXAMPLE_EVENT_EVERY = 20;

// Weighted mix of what a real organisation produces, and the types each resource takes.
const MIX = [
	['messages', 40, ['created', 'created', 'created', 'updated', 'deleted']],
	['memberships', 10, ['created', 'deleted', 'updated']],
	['meetings', 7, ['ended']],
	['meetingMessages', 5, ['created', 'deleted']],
	['meetingTranscripts', 3, ['created']],
	['files', 10, ['created', 'created', 'deleted']],
	['file_transcodings', 2, ['created', 'updated']],
	['call_records', 8, ['created']],
	['convergedRecordings', 3, ['created']],
	['businessTexts', 3, ['created']],
	['attachmentActions', 4, ['created']],
	['tabs', 3, ['created', 'updated', 'deleted']],
	['rooms', 2, ['updated']],
];
const MIX_TOTAL = MIX.reduce((sum, [, weight]) => sum + weight, 0);

const TEXTS = [
	'Can you review the Q3 forecast before Friday?',
	'Shared the updated contract draft in this space.',
	'Customer call moved to 3pm, dial-in unchanged.',
	'Please do not forward this outside the deal team.',
	'Incident 4471 resolved, post-mortem tomorrow.',
	'Here is the export you asked for.',
	'Who owns the renewal for this account?',
	'Board deck v7 attached.',
];
const ROOMS = [
	'Deal Desk',
	'Finance Leadership',
	'Incident Bridge',
	'Legal Review',
	'Sales EMEA',
	'Product Launch',
	'Support Escalations',
];
const CALL_TYPES = [
	'SIP_ENTERPRISE',
	'SIP_NATIONAL',
	'SIP_INTERNATIONAL',
	'SIP_TOLLFREE',
	'SIP_MOBILE',
];

/**
 * The data set: `count` events, index 0 the newest, spread evenly over `spanMs` before `now`, each
 * by one of `actors` (default: the people). Returns `at(index)` and the index range of a time
 * window; nothing is held in memory.
 */
export function eventDataset({
	seed,
	count,
	now,
	spanMs,
	people,
	actors = people,
	contents,
	messageRetentionMs = 365 * 86_400_000,
}) {
	const { createdAt, range } = timeline(count, now, spanMs);

	/** The event as generated, a message event's data with its text and files (see `at`). */
	function generatedEvent(index) {
		const random = prng(hash32(seed, 'event', index));
		let roll = random() * MIX_TOTAL;
		let entry = MIX[0];
		for (const candidate of MIX) {
			roll -= candidate[1];
			if (roll < 0) {
				entry = candidate;
				break;
			}
		}
		const [resource, , types] = entry;
		const type = pick(random, types);
		const actor = pick(random, actors);
		const created = new Date(createdAt(index)).toISOString();
		if (isExampleEvent(index)) return exampleEvent({ seed, index, actor, people, created });
		const event = {
			id: webexId('EVENT', stableUuid(seed, 'event', index)),
			resource,
			type,
			appId: random() < 0.1 ? webexId('APPLICATION', stableUuid(seed, 'app', index % 7)) : 'null',
			actorId: actor.id,
			orgId: ORG_ID,
			created,
			data: eventData(resource, random, { seed, index, actor, people, created }),
		};
		if (resource === 'messages') {
			const files = contents?.filesOf(index) ?? [];
			if (files.length) event.data.files = files;
		}
		return event;
	}

	/**
	 * Event `index`. Webex's event of an edited or deleted message carries IDs only (the Webex API
	 * notes, "Message files"): its text and files are read with GET /messages/{id}.
	 */
	function at(index) {
		const event = generatedEvent(index);
		if (event.resource !== 'messages' || event.type === 'created' || isExampleEvent(index))
			return event;
		const ids = { ...event.data };
		delete ids.text;
		delete ids.files;
		return { ...event, data: ids };
	}

	const isExampleEvent = (index) => isExampleRecord(seed, 'event', index, EXAMPLE_EVENT_EVERY);

	/** The message of generated message event `index` as GET /messages/{id} gives it. */
	function messageAt(index) {
		const { type, created, data } = generatedEvent(index);
		const message = { ...data };
		if (type === 'updated') {
			message.text = `${data.text} (edited)`;
			message.updated = created;
			message.created = new Date(Date.parse(created) - 3_600_000).toISOString();
		}
		return { message, deleted: type === 'deleted', at: Date.parse(created) };
	}

	// Events added while the simulator runs (addEvent), newest first: they are served before the
	// generated ones and filtered the same way, so tests can make events appear between polls.
	const live = [];
	const liveCreated = [];
	/** Index of the first live event created before `ms` (inclusive: at or before). */
	const liveBelow = (ms, inclusive) => {
		let low = 0;
		let high = live.length;
		while (low < high) {
			const mid = (low + high) >>> 1;
			if (inclusive ? liveCreated[mid] <= ms : liveCreated[mid] < ms) high = mid;
			else low = mid + 1;
		}
		return low;
	};
	// Live events a test made off the contract on purpose (say, without an id), and why: the
	// simulator's contract check leaves just these records of an answer unchecked.
	const offContract = new WeakMap();
	// The messages of live message events, as GET /messages/{id} gives them (addEvent's `message`).
	const liveMessages = new Map();
	/**
	 * Adds a live event; `offContract` (why) when the test will break it on purpose; `message`: the
	 * message GET /messages/{id} answers for its data.id ({message, deleted}).
	 */
	function addEvent(overrides = {}, { offContract: reason, message } = {}) {
		const n = live.length;
		const template = at(n % Math.max(count, 1));
		const event = {
			...template,
			id: webexId('EVENT', stableUuid(seed, 'live-event', n)),
			created: new Date(Date.now()).toISOString(),
			...overrides,
		};
		const created = Date.parse(event.created);
		const position = liveBelow(created, false);
		live.splice(position, 0, event);
		liveCreated.splice(position, 0, created);
		if (reason) offContract.set(event, reason);
		if (message) liveMessages.set(event.data?.id, { ...message, at: created });
		return event;
	}
	/** Indexes [start, end) of the live events created after `fromMs` and before `toMs`. */
	function liveRange(fromMs, toMs) {
		const start = toMs === undefined ? 0 : liveBelow(toMs, false);
		const end = fromMs === undefined ? live.length : liveBelow(fromMs, true);
		return [start, Math.max(start, end)];
	}

	// Generated ids are webexId('EVENT', stableUuid(seed, 'event', index)): a lazily built table of
	// their first 32 bits (8 bytes per event, see createIdIndex) finds the index; live events are
	// searched directly (there are few).
	const eventId = (index) => webexId('EVENT', stableUuid(seed, 'event', index));
	const findGenerated = createIdIndex(count, (index) => hash32(0, seed, 'event', index));
	/** The event with this id (a live one first), or undefined. */
	function find(id) {
		const liveEvent = live.find((event) => event.id === id);
		if (liveEvent) return liveEvent;
		const uuid = /^ciscospark:\/\/us\/EVENT\/([0-9a-f-]{36})$/.exec(
			Buffer.from(String(id), 'base64').toString('utf8'),
		)?.[1];
		if (!uuid) return undefined;
		const index = findGenerated(uuidPrefix(uuid), (candidate) => eventId(candidate) === id);
		return index < 0 ? undefined : at(index);
	}

	// Message ids are webexId('MESSAGE', stableUuid(seed, 'messages', index)), found as events are.
	const findMessageIndex = createIdIndex(count, (index) => hash32(0, seed, 'messages', index));
	/**
	 * GET /messages/{id}: the message, also a deleted one to a compliance officer within the
	 * retention period; undefined (a 404) otherwise.
	 */
	function findMessage(id, caller) {
		let found = liveMessages.get(id);
		if (!found) {
			const uuid = /^ciscospark:\/\/us\/MESSAGE\/([0-9a-f-]{36})$/.exec(
				Buffer.from(String(id), 'base64').toString('utf8'),
			)?.[1];
			const index = uuid
				? findMessageIndex(uuidPrefix(uuid), (candidate) => {
						const event = generatedEvent(candidate);
						return event.resource === 'messages' && event.data.id === id;
					})
				: -1;
			if (index >= 0 && !isExampleEvent(index)) found = messageAt(index);
		}
		if (!found) return undefined;
		if (found.deleted && (!caller.compliance || Date.now() - found.at > messageRetentionMs))
			return undefined;
		if (!caller.compliance && found.message.personEmail !== caller.email) return undefined;
		return found.message;
	}

	return {
		count,
		at,
		range,
		createdAt,
		live,
		addEvent,
		liveRange,
		find,
		offContract,
		findMessage,
	};
}

/**
 * The definitions' example event (a message whose data also carries the meeting and telephony
 * fields Webex documents), with this record's ids, people and time; the example's call times keep
 * their spacing and move to just before `created`.
 */
function exampleEvent({ seed, index, actor, people, created }) {
	const template = structuredClone(EXAMPLES.event);
	const recipient = people[hash32(seed, 'example-recipient', index) % people.length];
	const shift = Date.parse(created) - 1000 - Date.parse(template.data.callTransferTime);
	const shifted = (iso) => new Date(Date.parse(iso) + shift).toISOString();
	return {
		...template,
		id: webexId('EVENT', stableUuid(seed, 'event', index)),
		actorId: actor.id,
		orgId: ORG_ID,
		created,
		data: {
			...template.data,
			id: webexId('MESSAGE', stableUuid(seed, 'messages', index)),
			roomId: webexId('ROOM', stableUuid(seed, 'room', index % ROOMS.length)),
			orgId: ORG_ID,
			personId: actor.id,
			personEmail: actor.emails[0],
			meetingId: `${hexId(seed, 'meeting', index)}_I_${100000000 + index}`,
			creatorId: actor.id,
			corelationId: stableUuid(seed, 'call', index),
			userId: actor.id,
			callStartTime: shifted(template.data.callStartTime),
			callAnswerTime: shifted(template.data.callAnswerTime),
			callTransferTime: shifted(template.data.callTransferTime),
			created,
			breakoutSessionId: stableUuid(seed, 'breakout', index),
			recipients: template.data.recipients.map((entry) => ({
				...entry,
				personId: recipient.id,
				personEmail: recipient.emails[0],
			})),
		},
	};
}

function eventData(resource, random, { seed, index, actor, people, created }) {
	const roomUuid = stableUuid(seed, 'room', Math.floor(random() * ROOMS.length));
	const roomId = webexId('ROOM', roomUuid);
	const resourceUuid = stableUuid(seed, resource, index);
	const person = pick(random, people);
	switch (resource) {
		case 'messages':
			return {
				id: webexId('MESSAGE', resourceUuid),
				roomId,
				roomType: random() < 0.7 ? 'group' : 'direct',
				orgId: ORG_ID,
				text: pick(random, TEXTS),
				personId: actor.id,
				personEmail: actor.emails[0],
				created,
			};
		case 'memberships':
			return {
				id: webexId('MEMBERSHIP', resourceUuid),
				roomId,
				roomType: 'group',
				personId: person.id,
				personEmail: person.emails[0],
				personDisplayName: person.displayName,
				personOrgId: ORG_ID,
				isModerator: random() < 0.1,
				created,
			};
		case 'meetings':
			return {
				id: hexId(seed, 'meeting', index),
				meetingId: `${hexId(seed, 'meeting', index)}_I_${100000000 + index}`,
				creatorId: actor.id,
				host: { personId: actor.id, email: actor.emails[0], displayName: actor.displayName },
				attendees: [person.emails[0]],
				transcriptionEnabled: random() < 0.3 ? 'yes' : 'no',
				recordingEnabled: random() < 0.4 ? 'yes' : 'no',
				hasPostMeetingsChat: random() < 0.5 ? 'yes' : 'no',
				created,
			};
		case 'meetingMessages':
			return {
				id: webexId('MEETING_MESSAGE', resourceUuid),
				meetingId: `${hexId(seed, 'meeting', index)}_I_${100000000 + index}`,
				text: pick(random, TEXTS),
				personId: actor.id,
				personEmail: actor.emails[0],
				breakoutSessionId: random() < 0.2 ? stableUuid(seed, 'breakout', index) : undefined,
				created,
			};
		case 'meetingTranscripts':
			return {
				id: hexId(seed, 'transcript', index),
				meetingId: `${hexId(seed, 'meeting', index)}_I_${100000000 + index}`,
				created,
			};
		case 'files':
		case 'file_transcodings':
			return {
				id: webexId('CONTENT', resourceUuid),
				roomId,
				roomType: 'group',
				personId: actor.id,
				personEmail: actor.emails[0],
				created,
			};
		case 'call_records':
		case 'convergedRecordings': {
			const start = Date.parse(created) - Math.floor(random() * 3_600_000);
			const duration = Math.floor(random() * 1800);
			return {
				id: hexId(seed, resource, index),
				corelationId: stableUuid(seed, 'call', index),
				callType: pick(random, CALL_TYPES),
				userId: actor.id,
				userType: 'User',
				callDirection: random() < 0.5 ? 'ORIGINATING' : 'TERMINATING',
				isCallAnswered: random() < 0.8 ? 'true' : 'false',
				callDurationSeconds: String(duration),
				callStartTime: new Date(start).toISOString(),
				callAnswerTime: new Date(start + 4000).toISOString(),
				callingNumber: String(4085550000 + (index % 10000)),
				calledNumber: String(9195550000 + ((index * 7) % 10000)),
				created,
			};
		}
		case 'businessTexts':
			return {
				id: webexId('BUSINESS_TEXT', resourceUuid),
				personId: actor.id,
				personEmail: actor.emails[0],
				text: pick(random, TEXTS),
				callingNumber: '+14085550100',
				calledNumber: '+19195550111',
				created,
			};
		case 'attachmentActions':
			return {
				id: webexId('ATTACHMENT_ACTION', resourceUuid),
				roomId,
				personId: actor.id,
				type: 'submit',
				messageId: webexId('MESSAGE', stableUuid(seed, 'card', index)),
				created,
			};
		case 'tabs':
			return {
				id: webexId('TAB', resourceUuid),
				roomId,
				roomType: 'group',
				displayName: 'Runbook',
				contentUrl: 'https://wiki.example.com/runbook',
				creatorId: actor.id,
				created,
			};
		default:
			return {
				id: roomId,
				roomType: 'group',
				title: pick(random, ROOMS),
				classificationId: webexId('CLASSIFICATION', stableUuid(seed, 'class', 1)),
				created,
			};
	}
}

function parseTime(query, name) {
	const raw = query.get(name);
	if (raw === null || raw === '') return undefined;
	const ms = Date.parse(raw);
	if (Number.isNaN(ms))
		throw new WebexHttpError(
			400,
			`Invalid '${name}' parameter: ${raw} is not an ISO 8601 date and time.`,
		);
	return ms;
}

/** Handles one GET /v1/events/{eventId} request: the event, or a 404. */
export function getEvent(dataset, eventId) {
	const event = eventId ? dataset.find(eventId) : undefined;
	if (!event) throw new WebexHttpError(404, 'Event not found.');
	return event;
}

/** Handles one GET /v1/events request; returns {items, next?}. */
export function listEvents(dataset, query, { now, publicBase, path, repeatLast = false }) {
	const max = readMax(query, EVENTS_MAX);
	const resource = query.get('resource') || undefined;
	const type = query.get('type') || undefined;
	const actorId = query.get('actorId') || undefined;
	const serviceType = query.get('serviceType') || undefined;
	if (resource !== undefined && !EVENT_RESOURCES.includes(resource))
		throw new WebexHttpError(400, `Invalid 'resource' parameter: ${resource}.`);
	if (type !== undefined && !EVENT_TYPES.includes(type))
		throw new WebexHttpError(400, `Invalid 'type' parameter: ${type}.`);
	if (serviceType !== undefined && serviceType !== 'calling')
		throw new WebexHttpError(400, `Invalid 'serviceType' parameter: ${serviceType}.`);
	if (resource === 'convergedRecordings' && serviceType === undefined)
		throw new WebexHttpError(
			400,
			"'serviceType' is required when 'resource' is convergedRecordings.",
		);
	const from = parseTime(query, 'from');
	const to = parseTime(query, 'to');
	if (to !== undefined && to > now())
		throw new WebexHttpError(400, "'to' cannot be a future date relative to the current time.");
	if (from !== undefined && to !== undefined && from > to)
		throw new WebexHttpError(400, "'from' must be before 'to'.");

	const [start, end] = dataset.range(from, to);
	const [liveStart, liveEnd] = dataset.liveRange(from, to);
	const liveCount = liveEnd - liveStart;
	return scanPage({
		// Live events in the window first, then the generated ones in [start, end).
		dataset: {
			at: (index) =>
				index < liveCount ? dataset.live[liveStart + index] : dataset.at(start + index - liveCount),
		},
		range: [0, liveCount + end - start],
		query,
		max,
		matches: (event) =>
			(resource === undefined || event.resource === resource) &&
			(type === undefined || event.type === type) &&
			(actorId === undefined || event.actorId === actorId),
		publicBase,
		path,
		repeatLast,
	});
}
