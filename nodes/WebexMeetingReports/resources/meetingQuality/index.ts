import type { INodeProperties } from 'n8n-workflow';

import { webexListPagination } from '../../../shared/customPagination';
import { listMeetingQualitiesOperation, qualityGetManyDescription } from './getAll';

const showOnlyForMeetingQualities = { resource: ['meetingQuality'] };

export const meetingQualityDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForMeetingQualities },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'List the media sessions of a meeting',
				description:
					"List each media session of a meeting with its audio, video and share quality, for the organisation's administrators",
				routing: {
					request: { method: 'GET', url: '/meeting/qualities' },
					send: { paginate: true },
					operations: { pagination: webexListPagination(listMeetingQualitiesOperation) },
				},
			},
		],
		default: 'getAll',
	},
	...qualityGetManyDescription,
];
