import type { INodeProperties } from 'n8n-workflow';

import { webexListPagination } from '../../../shared/customPagination';
import { callRecordGetManyDescription, listCallRecordsOperation } from './getAll';

export const callRecordDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['callRecord'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'List call records',
				description:
					'List the detailed call history of Webex Calling: every call leg Webex reported between From and To',
				routing: {
					request: { method: 'GET', url: '/cdr_feed' },
					send: { paginate: true },
					operations: { pagination: webexListPagination(listCallRecordsOperation) },
				},
			},
		],
		default: 'getAll',
	},
	...callRecordGetManyDescription,
];
