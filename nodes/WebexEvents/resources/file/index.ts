import type { INodeProperties } from 'n8n-workflow';

import { downloadFile, fileDownloadDescription } from './download';
import { fileGetInfoDescription, getFileInfo } from './getInfo';

const showOnlyForFiles = { resource: ['file'] };

export const fileDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForFiles },
		options: [
			{
				name: 'Download',
				value: 'download',
				action: 'Download a file',
				description: "Download a message's file as binary data, malware scan states handled",
				routing: {
					request: { method: 'GET', url: '/contents' },
					send: { paginate: true },
					operations: { pagination: downloadFile },
				},
			},
			{
				name: 'Get Info',
				value: 'getInfo',
				action: 'Get file info',
				description: "A message file's name, type, size and malware scan state, without its bytes",
				routing: {
					request: { method: 'HEAD', url: '/contents' },
					send: { paginate: true },
					operations: { pagination: getFileInfo },
				},
			},
		],
		default: 'download',
	},
	...fileDownloadDescription,
	...fileGetInfoDescription,
];
