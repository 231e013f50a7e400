import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ErrorHints } from './errors';
import { failOnField, type FieldContext } from './fields';

/** Webex answers at most 1000 events per request. */
export const EVENTS_MAX_PAGE_SIZE = 1000;

// Every value of the OpenAPI enum (newer than the reference page, which lacks the last three).
const RESOURCE_OPTIONS = [
	{
		name: 'Attachment Actions',
		value: 'attachmentActions',
		description: 'State changed on a card attachment',
	},
	{
		name: 'Business Texts',
		value: 'businessTexts',
		description: 'A user sent or received an SMS message',
	},
	{
		name: 'Call Records',
		value: 'call_records',
		description: 'A Webex call was made to or from a user',
	},
	{
		name: 'Converged Recordings',
		value: 'convergedRecordings',
		description: 'A Webex call was recorded for a user (service type Calling)',
	},
	{
		name: 'File Transcodings',
		value: 'file_transcodings',
		description: 'State changed on a file preview',
	},
	{ name: 'Files', value: 'files', description: 'State changed on a file download' },
	{
		name: 'Meeting Messages',
		value: 'meetingMessages',
		description: 'A message exchanged as part of a meeting',
	},
	{
		name: 'Meeting Transcripts',
		value: 'meetingTranscripts',
		description: 'State changed on an automatic transcript',
	},
	{ name: 'Meetings', value: 'meetings', description: 'A meeting ended' },
	{
		name: 'Memberships',
		value: 'memberships',
		description: 'Someone joined, left or changed role in a space',
	},
	{ name: 'Messages', value: 'messages', description: 'A message was posted, edited or deleted' },
	{ name: 'Rooms', value: 'rooms', description: 'A space classification changed' },
	{ name: 'Tabs', value: 'tabs', description: 'State changed on a tab in a space' },
];

/**
 * The event filters shared by Webex Events and Webex Events Trigger (names are public contract),
 * keyed by the Webex query parameter each one sends. Both nodes offer every one of them and send
 * them through `eventsQuery`.
 */
const eventFilters: Record<'actorId' | 'resource' | 'serviceType' | 'type', INodeProperties> = {
	actorId: {
		displayName: 'Actor ID',
		name: 'actorId',
		type: 'string',
		default: '',
		description: 'Only events performed by this person (a Webex person ID)',
	},
	// Sent as `resource`, but not named so: n8n's lint and verification scan take a field named
	// `resource` for a node's resource selector, which must not take expressions; this filter must.
	resource: {
		displayName: 'Resource',
		name: 'eventResource',
		type: 'options',
		options: RESOURCE_OPTIONS,
		default: 'messages',
		description: 'Only events on this kind of resource',
	},
	serviceType: {
		displayName: 'Service Type',
		name: 'serviceType',
		type: 'options',
		options: [{ name: 'Calling', value: 'calling' }],
		default: 'calling',
		description:
			'Required by Webex when Resource is Converged Recordings, and only used then (set automatically when left out)',
	},
	type: {
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: [
			{ name: 'Created', value: 'created' },
			{ name: 'Deleted', value: 'deleted' },
			{ name: 'Ended', value: 'ended', description: 'A meeting ended' },
			{ name: 'Read', value: 'read', description: 'A file was downloaded (Files resource)' },
			{ name: 'Updated', value: 'updated' },
		],
		default: 'created',
		description: 'Only events of this type',
	},
};

export const simplifyOption: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: false,
	description:
		'Whether to return flat rows with fixed columns (event fields plus the useful fields of data) instead of the event as Webex sends it, for spreadsheets and chat messages',
};

export const EVENTS_ERROR_HINTS: ErrorHints = {
	forbidden:
		'Listing events needs a user with the Compliance Officer role and a token with the spark-compliance:events_read scope.',
};

/** The filters of `eventFilters`, plus any others a node adds, sorted as n8n's lint wants them. */
export function eventFilterOptions(...others: INodeProperties[]): INodeProperties[] {
	return [...Object.values(eventFilters), ...others].sort((a, b) =>
		a.displayName.localeCompare(b.displayName),
	);
}

/**
 * The /events query from the node's Filters: every filter of `eventFilters`, under its query
 * parameter, so a filter added there is sent by Webex Events and by the trigger alike. Dates are
 * not included.
 */
export function eventsQuery(ctx: FieldContext): IDataObject {
	const filters = (ctx.getNodeParameter('filters', {}) ?? {}) as IDataObject;
	const qs: IDataObject = {};
	for (const [parameter, { name }] of Object.entries(eventFilters)) {
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

export function simplifyEvent(event: IDataObject): IDataObject {
	const data = (event.data ?? {}) as IDataObject;
	const row: IDataObject = {
		id: event.id ?? null,
		resource: event.resource ?? null,
		type: event.type ?? null,
		created: event.created ?? null,
		actorId: event.actorId ?? null,
		appId: event.appId ?? null,
		orgId: event.orgId ?? null,
		dataId: data.id ?? null,
	};
	for (const field of SIMPLE_DATA_FIELDS) row[field] = data[field] ?? null;
	return row;
}
