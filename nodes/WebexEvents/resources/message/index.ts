import type { INodeProperties } from 'n8n-workflow';

import { webexGetRecord } from '../../../shared/customPagination';
import { getMessageOperation, messageGetDescription } from './get';

const showOnlyForMessages = { resource: ['message'] };

export const messageDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForMessages },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a message',
				description: "Get one message by its ID, also a deleted one (a compliance officer's token)",
				routing: {
					request: {
						method: 'GET',
						url: '=/messages/{{encodeURIComponent($parameter.messageId.trim())}}',
					},
					send: { paginate: true },
					operations: { pagination: webexGetRecord(getMessageOperation) },
				},
			},
		],
		default: 'get',
	},
	...messageGetDescription,
];
