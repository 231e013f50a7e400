import type { IDataObject } from 'n8n-workflow';

import { EVENT_FILTER_FIELDS } from './descriptions/events';
import type { FieldContext } from './options';
import { lookUpAhead, withActorNames, type KnownPeople, type LookAhead } from './people';
import { sameValue, sameWebexId } from './records/recordChecks';
import type { ErrorHints, WebexClient } from './transport';
import type { FilterChecks } from './records/records';

/** The exact event filters every record must agree with (Webex Events and its trigger). */
export const EVENT_FILTER_CHECKS: FilterChecks = {
	resource: (event, asked) => sameValue(event.resource, asked),
	type: (event, asked) => sameValue(event.type, asked),
	actorId: (event, asked) => sameWebexId(event.actorId, asked),
};

export const EVENTS_ERROR_HINTS: ErrorHints = {
	forbidden:
		'Listing events needs a user with the Compliance Officer role and a token with the spark-compliance:events_read scope.',
};

/**
 * The /events query from the node's Filters: every event filter under its query parameter, so a
 * filter added there is sent by Webex Events and by the trigger alike. Dates are not included.
 */
export function eventsQuery(ctx: FieldContext): IDataObject {
	const filters = (ctx.getNodeParameter('filters', {}) ?? {}) as IDataObject;
	const qs: IDataObject = {};
	for (const { parameter, name } of EVENT_FILTER_FIELDS) {
		if (parameter !== 'serviceType' && filters[name] !== undefined && filters[name] !== '')
			qs[parameter] = filters[name];
	}
	applyServiceType(ctx, qs);
	return qs;
}

/**
 * Webex requires serviceType=calling with convergedRecordings (its only value, so it is filled in)
 * and takes it with no other resource: n8n leaves the filter out then, as the editor hides it.
 */
function applyServiceType(ctx: FieldContext, qs: IDataObject) {
	if (qs.resource !== 'convergedRecordings') return;
	qs.serviceType = ctx.getNodeParameter('filters.serviceType', '') || 'calling';
}

/**
 * Simplify's columns of an event, in the order a reader scans them: time, resource, type, who (with
 * Resolve People), what; the IDs last and the event's own ID the very last. Always all of them,
 * null when absent, for stable sheets.
 */
const LEADING_COLUMNS = ['created', 'resource', 'type'] as const;
const ACTOR_NAME_COLUMNS = ['actorEmail', 'actorDisplayName'] as const;
const TRAILING_COLUMNS = [
	'personEmail',
	'text',
	'roomType',
	'callType',
	'callDirection',
	'isCallAnswered',
	'callDurationSeconds',
	'callStartTime',
	'callingNumber',
	'calledNumber',
	'recordingEnabled',
	'transcriptionEnabled',
	'actorId',
	'roomId',
	'personId',
	'meetingId',
	'creatorId',
	'userId',
	'dataId',
	'appId',
	'orgId',
	'id',
] as const;
/** Columns read from the event itself; every other is a field of its data (dataId is data.id). */
const EVENT_FIELDS = new Set<string>([
	...LEADING_COLUMNS,
	...ACTOR_NAME_COLUMNS,
	'actorId',
	'appId',
	'orgId',
	'id',
]);

export const EVENT_COLUMNS: readonly string[] = [...LEADING_COLUMNS, ...TRAILING_COLUMNS];
const EVENT_COLUMNS_WITH_ACTOR_NAMES: readonly string[] = [
	...LEADING_COLUMNS,
	...ACTOR_NAME_COLUMNS,
	...TRAILING_COLUMNS,
];

/**
 * Simplify's row of an event; with `withActorNames` (Resolve People) the actor's email and display
 * name follow its type, and without it the columns are exactly EVENT_COLUMNS.
 */
export function simplifyEvent(event: IDataObject, withActorNames = false): IDataObject {
	const data = (event.data ?? {}) as IDataObject;
	const row: IDataObject = {};
	for (const column of withActorNames ? EVENT_COLUMNS_WITH_ACTOR_NAMES : EVENT_COLUMNS) {
		const value = EVENT_FIELDS.has(column)
			? event[column]
			: data[column === 'dataId' ? 'id' : column];
		row[column] = value ?? null;
	}
	return row;
}

/** How Webex Events and its trigger output an event, from the node's Options: Simplify's row, or as it is. */
export function eventMapper(
	options: IDataObject,
): ((event: IDataObject) => IDataObject) | undefined {
	if (!options.simplify) return undefined;
	const withActorNames = Boolean(options.resolvePeople);
	return (event) => simplifyEvent(event, withActorNames);
}

/** Resolve People on Webex Events' operations: the actors' names added once the events are read. */
export async function resolveEventActors(
	this: FieldContext,
	client: WebexClient,
	events: IDataObject[],
	known?: KnownPeople,
): Promise<IDataObject[]> {
	return this.getNodeParameter('options.resolvePeople', false)
		? await withActorNames(client, events, known)
		: events;
}

/** Resolve People on Webex Events → Get Many: the lookups start while the pages are read. */
export function lookUpEventActorsAhead(
	this: FieldContext,
	client: WebexClient,
	known: KnownPeople,
): LookAhead | undefined {
	return this.getNodeParameter('options.resolvePeople', false)
		? lookUpAhead(client, known)
		: undefined;
}
