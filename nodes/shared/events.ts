import type { IDataObject } from 'n8n-workflow';

import { EVENT_FILTER_FIELDS } from './descriptions/events';
import { failOnField, type FieldContext } from './options';
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
 * and takes it with no other resource.
 */
function applyServiceType(ctx: FieldContext, qs: IDataObject) {
	const serviceType = ctx.getNodeParameter('filters.serviceType', '') as string;
	if (qs.resource === 'convergedRecordings') {
		qs.serviceType = serviceType || 'calling';
	} else if (serviceType) {
		failOnField(
			ctx,
			'Service Type only applies when Resource is Converged Recordings',
			'Remove the Service Type filter, or set Resource to Converged Recordings.',
		);
	}
}

/** Flat columns of a simplified event: always all of them, null when absent, for stable sheets. */
const SIMPLE_DATA_FIELDS = [
	'roomId',
	'roomType',
	'personId',
	'personEmail',
	'text',
	'meetingId',
	'creatorId',
	'recordingEnabled',
	'transcriptionEnabled',
	'callType',
	'callDirection',
	'isCallAnswered',
	'callDurationSeconds',
	'callStartTime',
	'callingNumber',
	'calledNumber',
	'userId',
] as const;

/**
 * Simplify's row of an event; with `withActorNames` (Resolve People) the actor's email and display
 * name follow actorId, and without it the columns are exactly those of a Simplify before it.
 */
export function simplifyEvent(event: IDataObject, withActorNames = false): IDataObject {
	const data = (event.data ?? {}) as IDataObject;
	const row: IDataObject = {
		id: event.id ?? null,
		resource: event.resource ?? null,
		type: event.type ?? null,
		created: event.created ?? null,
		actorId: event.actorId ?? null,
	};
	if (withActorNames) {
		row.actorEmail = event.actorEmail ?? null;
		row.actorDisplayName = event.actorDisplayName ?? null;
	}
	row.appId = event.appId ?? null;
	row.orgId = event.orgId ?? null;
	row.dataId = data.id ?? null;
	for (const field of SIMPLE_DATA_FIELDS) row[field] = data[field] ?? null;
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
