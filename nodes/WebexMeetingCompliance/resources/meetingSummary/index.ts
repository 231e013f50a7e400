import type { INodeProperties } from 'n8n-workflow';

import { webexGetRecord } from '../../../shared/customPagination';
import { getSummariesOperation, summaryGetDescription } from './get';

const showOnlyForSummaries = { resource: ['meetingSummary'] };

export const meetingSummaryDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForSummaries },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get the summaries of a meeting',
				description:
					"Get an ended meeting's AI summaries (notes and action items), available and deleted, one item each, for a compliance officer",
				routing: {
					request: {
						method: 'GET',
						url: '/admin/meetingSummaries',
						qs: { meetingId: '={{ String($parameter.meetingId).trim() }}' },
					},
					send: { paginate: true },
					operations: { pagination: webexGetRecord(getSummariesOperation) },
				},
			},
		],
		default: 'get',
	},
	...summaryGetDescription,
];
