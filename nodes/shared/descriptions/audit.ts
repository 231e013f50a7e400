import type { INodeProperties } from 'n8n-workflow';

export const orgIdProperty = (show: Record<string, string[]>): INodeProperties => ({
	displayName: 'Organization ID',
	name: 'orgId',
	type: 'string',
	default: '',
	displayOptions: { show },
	description:
		"The organization whose events to list. Empty: the token's own organization (read once from /people/me). Partner administrators enter a customer organization's ID.",
});

export const auditDateFilters: INodeProperties[] = [
	{
		displayName: 'From',
		name: 'from',
		type: 'dateTime',
		default: '',
		description:
			'Only events after this time (default: 24 hours before To). Ranges longer than the year Webex answers per request are split automatically.',
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'dateTime',
		default: '',
		description: 'Only events before this time (default: now)',
	},
];

export const actorIdFilter: INodeProperties = {
	displayName: 'Actor ID',
	name: 'actorId',
	type: 'string',
	default: '',
	description: 'Only events performed by this person (a Webex person ID)',
};
