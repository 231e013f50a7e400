import type { INodeProperties } from 'n8n-workflow';

import { webexListPagination } from '../../../shared/customPagination';
import {
	listRecordingAccessDetailsOperation,
	recordingAccessDetailGetManyDescription,
} from './getAll';

const showOnlyForAccessDetails = { resource: ['recordingAccessDetail'] };

export const recordingAccessDetailDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForAccessDetails },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'List who viewed or downloaded a recording',
				description: 'List each view and download of one recording, with who and when',
				routing: {
					request: { method: 'GET', url: '/recordingReport/accessDetail' },
					send: { paginate: true },
					operations: { pagination: webexListPagination(listRecordingAccessDetailsOperation) },
				},
			},
		],
		default: 'getAll',
	},
	...recordingAccessDetailGetManyDescription,
];
