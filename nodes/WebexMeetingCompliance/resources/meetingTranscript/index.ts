import type { INodeProperties } from 'n8n-workflow';

import { webexListPagination } from '../../../shared/customPagination';
import { downloadTranscript, transcriptDownloadDescription } from './download';
import { listTranscriptsOperation, transcriptGetManyDescription } from './getAll';

const showOnlyForTranscripts = { resource: ['meetingTranscript'] };

export const meetingTranscriptDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForTranscripts },
		options: [
			{
				name: 'Download',
				value: 'download',
				action: 'Download a meeting transcript',
				description: 'Download one transcript as a VTT or TXT file',
				routing: {
					request: {
						method: 'GET',
						url: '=/meetingTranscripts/{{encodeURIComponent(String($parameter.transcriptId).trim())}}/download',
					},
					send: { paginate: true },
					operations: { pagination: downloadTranscript },
				},
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'List meeting transcripts',
				description: 'List the transcripts of ended meetings of a site, for a compliance officer',
				routing: {
					request: { method: 'GET', url: '/admin/meetingTranscripts' },
					send: { paginate: true },
					operations: { pagination: webexListPagination(listTranscriptsOperation) },
				},
			},
		],
		default: 'getAll',
	},
	...transcriptDownloadDescription,
	...transcriptGetManyDescription,
];
