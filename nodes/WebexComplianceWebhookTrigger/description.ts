import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { optionsCollection, retryOptions } from '../shared/descriptions/common';
import {
	DEFAULT_WEBHOOK_RESOURCE,
	WEBHOOK_EVENTS,
	WEBHOOK_RESOURCES,
	type WebhookResource,
} from '../shared/webhooks/resources';

/** An Event option: the definitions' words for it. */
function eventOption(event: string): INodePropertyOptions {
	const { name, description } = WEBHOOK_EVENTS[event];
	return { name, value: event, description };
}

/** Resource, then only the events Webex sends for it (one Event field per resource). */
const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: WEBHOOK_RESOURCES.map(({ name, value, description }) => ({ name, value, description })),
	default: DEFAULT_WEBHOOK_RESOURCE,
};

function eventProperty(resource: WebhookResource): INodeProperties {
	const [first] = resource.events;
	const property: INodeProperties = {
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options: resource.events.map(eventOption),
		default: first,
	};
	return property;
}

const eventProperties = WEBHOOK_RESOURCES.map(eventProperty);

const ownedByProperty: INodeProperties = {
	displayName: 'Owned By',
	name: 'ownedBy',
	type: 'options',
	options: [
		{
			name: 'Organization',
			value: 'org',
			description:
				"Every user's changes in the organisation (an admin or compliance officer's token)",
		},
		{
			name: "Token's User",
			value: 'creator',
			description: "Only the changes the token's own user can see",
		},
	],
	default: 'org',
};

const resolvable = WEBHOOK_RESOURCES.filter((resource) => resource.resolvePath).map(
	(resource) => resource.value,
);

export const webhookTriggerProperties: INodeProperties[] = [
	resourceProperty,
	...eventProperties,
	ownedByProperty,
	{
		displayName: 'Resolve Data',
		name: 'resolveData',
		type: 'boolean',
		displayOptions: { show: { resource: resolvable } },
		default: true,
		description:
			'Whether to read the meeting or recording the notification names from Webex and add it as resolved (the notification only carries its IDs)',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		displayOptions: {
			show: {
				resource: WEBHOOK_RESOURCES.filter((r) => r.filters.length).map((r) => r.value),
			},
		},
		default: {},
		options: [
			...new Map(
				WEBHOOK_RESOURCES.flatMap((resource) => resource.filters).map((filter) => [
					filter.name,
					filter,
				]),
			).values(),
		].map((filter) => ({
			displayName: filter.displayName,
			name: filter.name,
			type: 'string',
			default: '',
			description: filter.description,
			displayOptions: {
				show: {
					'/resource': WEBHOOK_RESOURCES.filter((r) => r.filters.includes(filter)).map(
						(r) => r.value,
					),
				},
			},
		})),
	},
	optionsCollection(retryOptions),
];
