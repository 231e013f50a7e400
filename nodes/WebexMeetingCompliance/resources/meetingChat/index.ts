import type { INodeProperties } from 'n8n-workflow';

import { webexListPagination } from '../../../shared/customPagination';
import { chatGetManyDescription, listChatsOperation } from './getAll';

const showOnlyForChats = { resource: ['meetingChat'] };

export const meetingChatDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForChats },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'List meeting chats',
				description:
					'List the chats of an ended meeting instance, kept after the meeting, for compliance officers',
				routing: {
					request: { method: 'GET', url: '/meetings/postMeetingChats' },
					send: { paginate: true },
					operations: { pagination: webexListPagination(listChatsOperation) },
				},
			},
		],
		default: 'getAll',
	},
	...chatGetManyDescription,
];
