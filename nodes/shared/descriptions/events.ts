import type { INodeProperties } from 'n8n-workflow';

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
		// Webex takes it only with Converged Recordings (and needs it then: filled in when left out).
		displayOptions: { show: { eventResource: ['convergedRecordings'] } },
		description: 'The service of the converged recordings (set automatically when left out)',
	},
	type: {
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: [
			{ name: 'Created', value: 'created' },
			{ name: 'Deleted', value: 'deleted' },
			{ name: 'Ended', value: 'ended', description: 'A meeting ended' },
			{ name: 'Updated', value: 'updated' },
		],
		default: 'created',
		description: 'Only events of this type',
	},
};

/** The filters of `eventFilters`, alphabetical, after a node's From and To (as n8n's nodes order them). */
export function eventFilterOptions(...dates: INodeProperties[]): INodeProperties[] {
	const filters = Object.values(eventFilters).sort((a, b) =>
		a.displayName.localeCompare(b.displayName),
	);
	return [...dates, ...filters];
}

/** Each event filter's query parameter and the name of its field (see eventsQuery in events.ts). */
export const EVENT_FILTER_FIELDS = Object.entries(eventFilters).map(([parameter, { name }]) => ({
	parameter,
	name,
}));

/** Resolve People: Webex Events (Get Many, Get) and its trigger. */
export const resolvePeopleOption: INodeProperties = {
	displayName: 'Resolve People',
	name: 'resolvePeople',
	type: 'boolean',
	default: false,
	description:
		"Whether to add who did it: the actor's email and display name (actorEmail, actorDisplayName), null for a person Webex no longer knows. Needs the spark:people_read scope.",
};

/** Allow Unscannable Files: Download Files, and File → Download and Get Info. */
export const allowUnscannableOption: INodeProperties = {
	displayName: 'Allow Unscannable Files',
	name: 'allowUnscannable',
	type: 'boolean',
	default: false,
	description:
		'Whether to download files Webex cannot scan for malware (it answers 428, e.g. for an encrypted file) anyway. Risky: nothing checked such a file for malware.',
};

/** Download Files and Allow Unscannable Files: Webex Events (Get Many, Get) and its trigger. */
export const downloadFilesOptions: INodeProperties[] = [
	allowUnscannableOption,
	{
		displayName: 'Download Files',
		name: 'downloadFiles',
		type: 'boolean',
		default: false,
		description:
			"Whether to add each message's files as binary data (file1, file2…), fileDownloads saying what became of each. Reads deleted or edited messages first. Items only, not with a file output.",
	},
];
