import type { INodeProperties } from 'n8n-workflow';

import type { WebexGetOperation } from '../../../shared/customPagination';
import { optionsCollection, retryOptions } from '../../../shared/descriptions/common';
import { MESSAGE_HINTS } from '../../../shared/messageFiles';
import { failOnField } from '../../../shared/options';

const showOnlyForMessageGet = { resource: ['message'], operation: ['get'] };

export const messageGetDescription: INodeProperties[] = [
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Y2lzY29zcGFyazovL3VzL01FU1NBR0UvOTJkYjNiZTA',
		displayOptions: { show: showOnlyForMessageGet },
		description:
			"The message to read, also a deleted one within its retention period: for example the ID in a message event's data",
	},
	optionsCollection([...retryOptions], showOnlyForMessageGet),
];

export const getMessageOperation: WebexGetOperation = {
	hints: MESSAGE_HINTS,
	validate() {
		const messageId = String(this.getNodeParameter('messageId', '') ?? '').trim();
		if (messageId === '' || /[\s/?#]/.test(messageId)) {
			failOnField(
				this,
				`Message ID must be a Webex message ID (got "${messageId}")`,
				'Enter the ID of a message, for example {{ $json.data.id }} after a Webex Events → Get Many of message events.',
			);
		}
	},
};
