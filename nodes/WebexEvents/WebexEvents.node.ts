import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import {
	authenticationProperty,
	webexCredentials,
	webexIcon,
	webexRequestDefaults,
} from '../shared/descriptions/common';
import { eventDescription } from './resources/event';

export class WebexEvents implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Webex Events',
		name: 'webexEvents',
		icon: webexIcon,
		group: ['input'],
		version: 1,
		// The chosen operation's action, as the node picker names it (a test holds them equal).
		subtitle: '={{ $parameter["operation"] === "get" ? "Get an event" : "List events" }}',
		description: 'List Webex compliance events with complete pagination',
		defaults: { name: 'Webex Events' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: webexCredentials,
		requestDefaults: webexRequestDefaults,
		properties: [
			authenticationProperty,
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Event', value: 'event' }],
				default: 'event',
			},
			...eventDescription,
		],
	};
}
