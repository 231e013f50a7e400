import type { INodeProperties } from 'n8n-workflow';

import { webexListPagination } from '../../../shared/listing';
import { eventGetManyDescription, listEventsOperation } from './getAll';

const showOnlyForEvents = { resource: ['event'] };

export const eventDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForEvents },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'List events',
				description: 'List compliance events: messages, files, meetings, calls and more',
				routing: {
					request: { method: 'GET', url: '/events' },
					send: { paginate: true },
					operations: { pagination: webexListPagination(listEventsOperation) },
				},
			},
		],
		default: 'getAll',
	},
	...eventGetManyDescription,
];
