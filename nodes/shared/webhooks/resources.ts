/**
 * What a Webex webhook can watch, as the official definitions give it (POST /webhooks: the
 * `resource` and `event` enums and their descriptions, `ownedBy`, and the filters that need
 * `ownedBy: org`), limited to the resources an organisation-wide webhook supports. Each rule once:
 * the node's fields and the checks before any request are made from this table.
 */

/** A filter the definitions name: sent as `name=value` in the webhook's `filter`. */
export interface WebhookFilter {
	name: 'hostEmail' | 'hostUserId' | 'ownerEmail' | 'ownerId';
	displayName: string;
	description: string;
}

export interface WebhookResource {
	value: string;
	name: string;
	description: string;
	/** The events Webex sends for it (created/updated/deleted: "an object"; the others as named). */
	events: readonly string[];
	filters: readonly WebhookFilter[];
	/** The path of GET {path}/{id} that Resolve Data reads (only where the definitions give one). */
	resolvePath?: string;
}

const HOST_FILTERS: WebhookFilter[] = [
	{
		name: 'hostEmail',
		displayName: 'Host Email',
		description: "Only this host's meetings (needs Owned By: Organization)",
	},
	{
		name: 'hostUserId',
		displayName: 'Host User ID',
		description:
			"Only this host's meetings, by their Webex person ID (needs Owned By: Organization)",
	},
];
const OWNER_FILTERS: WebhookFilter[] = [
	{
		name: 'ownerEmail',
		displayName: 'Owner Email',
		description: "Only this person's call recordings (needs Owned By: Organization)",
	},
	{
		name: 'ownerId',
		displayName: 'Owner ID',
		description:
			"Only this person's call recordings, by their Webex person ID (needs Owned By: Organization)",
	},
];
const OBJECT_EVENTS = ['created', 'updated', 'deleted'] as const;

export const WEBHOOK_RESOURCES: readonly WebhookResource[] = [
	{
		value: 'meetings',
		name: 'Meeting',
		description: 'A meeting scheduled, changed, deleted, started or ended',
		events: [...OBJECT_EVENTS, 'started', 'ended'],
		filters: HOST_FILTERS,
		resolvePath: '/meetings',
	},
	{
		value: 'recordings',
		name: 'Meeting Recording',
		description: 'A meeting recording made available, changed or deleted',
		events: OBJECT_EVENTS,
		filters: HOST_FILTERS,
		resolvePath: '/recordings',
	},
	{
		value: 'meetingTranscripts',
		name: 'Meeting Transcript',
		description: 'A meeting transcript made available, changed or deleted',
		events: OBJECT_EVENTS,
		filters: HOST_FILTERS,
	},
	{
		value: 'meetingParticipants',
		name: 'Meeting Participant',
		description: 'Someone joined or left a meeting',
		events: ['joined', 'left'],
		filters: HOST_FILTERS,
	},
	{
		value: 'convergedRecordings',
		name: 'Call Recording',
		description: 'A Webex Calling recording (converged recordings) made, changed or deleted',
		events: OBJECT_EVENTS,
		filters: OWNER_FILTERS,
	},
	{
		value: 'rooms',
		name: 'Space',
		description: 'A space created, changed, deleted, or migrated to another region',
		events: [...OBJECT_EVENTS, 'migrated'],
		filters: [],
	},
	{
		value: 'messages',
		name: 'Message With File',
		description:
			'For compliance officers: a message with a file attachment (only where real-time file DLP is on)',
		events: OBJECT_EVENTS,
		filters: [],
	},
	{
		value: 'adminBatchJobs',
		name: 'Admin Batch Job',
		description: "An admin batch job's status changed",
		events: ['statusChanged'],
		filters: [],
	},
];

/** Each event's label and description (the definitions' words). */
export const WEBHOOK_EVENTS: Record<string, { name: string; description: string }> = {
	created: { name: 'Created', description: 'An object was created' },
	updated: { name: 'Updated', description: 'An object was updated' },
	deleted: { name: 'Deleted', description: 'An object was deleted' },
	started: { name: 'Started', description: 'A meeting was started' },
	ended: { name: 'Ended', description: 'A meeting was ended' },
	joined: { name: 'Joined', description: 'A participant joined' },
	left: { name: 'Left', description: 'A participant left' },
	migrated: {
		name: 'Migrated',
		description: 'A space was migrated to another region: its ID has changed',
	},
	statusChanged: { name: 'Status Changed', description: "An admin batch job's status changed" },
};

export const DEFAULT_WEBHOOK_RESOURCE = 'recordings';

export const resourceOf = (value: unknown): WebhookResource | undefined =>
	WEBHOOK_RESOURCES.find((resource) => resource.value === value);
