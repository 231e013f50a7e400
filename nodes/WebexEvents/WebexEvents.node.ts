import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import {
	authenticationProperty,
	webexCredentials,
	webexIcon,
	webexRequestDefaults,
} from '../shared/descriptions/common';
import { eventDescription } from './resources/event';
import { fileDescription } from './resources/file';
import { messageDescription } from './resources/message';

export class WebexEvents implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Webex Events',
		name: 'webexEvents',
		icon: webexIcon,
		group: ['input'],
		version: 1,
		// The chosen operation's action, as the node picker names it (a test holds them equal).
		subtitle:
			'={{ {"event:getAll": "List events", "event:get": "Get an event", "message:get": "Get a message", "file:download": "Download a file", "file:getInfo": "Get file info"}[$parameter["resource"] + ":" + $parameter["operation"]] }}',
		description:
			'List Webex compliance events with complete pagination, and keep messages (also deleted ones) and their files',
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
				options: [
					{ name: 'Event', value: 'event' },
					{ name: 'File', value: 'file' },
					{ name: 'Message', value: 'message' },
				],
				default: 'event',
			},
			...eventDescription,
			...messageDescription,
			...fileDescription,
		],
	};
}
