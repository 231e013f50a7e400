import type { INodeProperties } from 'n8n-workflow';

import { webexGetRecord, webexListPagination } from '../../../shared/customPagination';
import { eventGetDescription, getEventOperation } from './get';
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
				name: 'Get',
				value: 'get',
				action: 'Get an event',
				description: 'Get one compliance event by its ID',
				routing: {
					request: {
						method: 'GET',
						url: '=/events/{{encodeURIComponent($parameter.eventId.trim())}}',
					},
					send: { paginate: true },
					operations: { pagination: webexGetRecord(getEventOperation) },
				},
			},
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
	...eventGetDescription,
	...eventGetManyDescription,
];
