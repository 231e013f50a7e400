import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { WEBEX_BASE_URL } from '../shared/baseUrl';
import { authenticationProperty, webexCredentials } from '../shared/descriptions';
import { eventDescription } from './resources/event';

export class WebexEvents implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Webex Events',
		name: 'webexEvents',
		icon: { light: 'file:../../icons/webex.svg', dark: 'file:../../icons/webex.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'List Webex compliance events with complete pagination',
		defaults: { name: 'Webex Events' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: webexCredentials,
		requestDefaults: {
			baseURL: `=${WEBEX_BASE_URL.credentials}`,
			headers: { Accept: 'application/json' },
		},
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
