import type { INodeProperties } from 'n8n-workflow';

import { webexListPagination } from '../../../shared/customPagination';
import {
	listRecordingAuditSummariesOperation,
	recordingAuditSummaryGetManyDescription,
} from './getAll';

const showOnlyForSummaries = { resource: ['recordingAuditSummary'] };

export const recordingAuditSummaryDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForSummaries },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'List recording audit summaries',
				description: 'List who viewed and downloaded meeting recordings, per recording',
				routing: {
					request: { method: 'GET', url: '/recordingReport/accessSummary' },
					send: { paginate: true },
					operations: { pagination: webexListPagination(listRecordingAuditSummariesOperation) },
				},
			},
		],
		default: 'getAll',
	},
	...recordingAuditSummaryGetManyDescription,
];
