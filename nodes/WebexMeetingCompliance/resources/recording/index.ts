import type { INodeProperties } from 'n8n-workflow';

import { webexListPagination } from '../../../shared/customPagination';
import { listRecordingsOperation, recordingGetManyDescription } from './getAll';

const showOnlyForRecordings = { resource: ['recording'] };

export const recordingDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForRecordings },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'List recordings',
				description:
					'List the recordings of a site (available, deleted or purged), for an admin or compliance officer',
				routing: {
					request: { method: 'GET', url: '/admin/recordings' },
					send: { paginate: true },
					operations: { pagination: webexListPagination(listRecordingsOperation) },
				},
			},
		],
		default: 'getAll',
	},
	...recordingGetManyDescription,
];
