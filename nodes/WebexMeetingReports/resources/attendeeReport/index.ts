import type { INodeProperties } from 'n8n-workflow';

import { webexListPagination } from '../../../shared/customPagination';
import { listAttendeeReportsOperation, attendeeGetManyDescription } from './getAll';

const showOnlyForAttendeeReports = { resource: ['attendeeReport'] };

export const attendeeReportDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForAttendeeReports },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'List meeting attendee reports',
				description:
					"List who joined a site's meetings (when, how long, from where), for the site's administrators or a meeting's host",
				routing: {
					request: { method: 'GET', url: '/meetingReports/attendees' },
					send: { paginate: true },
					operations: { pagination: webexListPagination(listAttendeeReportsOperation) },
				},
			},
		],
		default: 'getAll',
	},
	...attendeeGetManyDescription,
];
