import type { INodeProperties } from 'n8n-workflow';

import { webexGetRecord, webexListPagination } from '../../../shared/customPagination';
import { archiveGetDescription, getArchiveOperation } from './get';
import { archiveGetManyDescription, listArchiveSummariesOperation } from './getAll';

const showOnlyForArchives = { resource: ['meetingArchive'] };

export const meetingArchiveDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForArchives },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a meeting archive',
				description: "Get one meeting archive's participants, chats, polls and Q&A",
				routing: {
					request: {
						method: 'GET',
						url: '=/recordingReport/meetingArchives/{{encodeURIComponent(String($parameter.archiveId).trim())}}',
					},
					send: { paginate: true },
					operations: { pagination: webexGetRecord(getArchiveOperation) },
				},
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'List meeting archives',
				description: 'List the meeting archive summaries of a site, for full administrators',
				routing: {
					request: { method: 'GET', url: '/recordingReport/meetingArchiveSummaries' },
					send: { paginate: true },
					operations: { pagination: webexListPagination(listArchiveSummariesOperation) },
				},
			},
		],
		default: 'getAll',
	},
	...archiveGetDescription,
	...archiveGetManyDescription,
];
