import type { INodeProperties } from 'n8n-workflow';

import { webexListPagination } from '../../../shared/customPagination';
import { listUsageReportsOperation, usageGetManyDescription } from './getAll';

const showOnlyForUsageReports = { resource: ['usageReport'] };

export const usageReportDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForUsageReports },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'List meeting usage reports',
				description:
					"List the meetings held on a site (host, duration, participants, minutes), for the site's administrators",
				routing: {
					request: { method: 'GET', url: '/meetingReports/usage' },
					send: { paginate: true },
					operations: { pagination: webexListPagination(listUsageReportsOperation) },
				},
			},
		],
		default: 'getAll',
	},
	...usageGetManyDescription,
];
