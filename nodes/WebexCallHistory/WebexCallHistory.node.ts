import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import {
	authenticationProperty,
	webexCredentials,
	webexIcon,
	webexRequestDefaults,
} from '../shared/descriptions/common';
import { callRecordDescription } from './resources/callRecord';

export class WebexCallHistory implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Webex Call History',
		name: 'webexCallHistory',
		icon: webexIcon,
		group: ['input'],
		version: 1,
		subtitle: 'List call records',
		description: "List Webex Calling's detailed call history (every call's record)",
		defaults: { name: 'Webex Call History' },
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
					{
						name: 'Call Record',
						value: 'callRecord',
						description: 'A call leg as Webex Calling reports it (CDR)',
					},
				],
				default: 'callRecord',
			},
			...callRecordDescription,
		],
	};
}
