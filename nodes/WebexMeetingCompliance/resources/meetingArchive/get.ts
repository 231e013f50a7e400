import type { INodeProperties } from 'n8n-workflow';

import type { WebexGetOperation } from '../../../shared/customPagination';
import { optionsCollection, retryOptions } from '../../../shared/descriptions/common';
import { timezoneHeader, timezoneOption } from '../../../shared/meetings';
import { failOnField } from '../../../shared/options';
import { ROLE_HINTS } from '../meetingListings';

const showOnlyForArchiveGet = { resource: ['meetingArchive'], operation: ['get'] };

export const archiveGetDescription: INodeProperties[] = [
	{
		displayName: 'Archive ID',
		name: 'archiveId',
		type: 'string',
		required: true,
		default: '={{ $json.archiveId }}',
		displayOptions: { show: showOnlyForArchiveGet },
		description:
			'The meeting archive whose details (participants, chats, polls, Q&A) to get. The default takes it from the input item, so this follows a Meeting Archive → Get Many.',
	},
	optionsCollection([...retryOptions, timezoneOption], showOnlyForArchiveGet),
];

export const getArchiveOperation: WebexGetOperation = {
	hints: {
		...ROLE_HINTS.fullAdmin,
		notFound: 'No meeting archive with this ID exists, or this token cannot see it.',
	},
	headers: timezoneHeader,
	validate() {
		const archiveId = String(this.getNodeParameter('archiveId', '') ?? '').trim();
		if (archiveId === '' || archiveId === 'undefined' || /[\s/?#]/.test(archiveId)) {
			failOnField(
				this,
				`Archive ID must be a Webex meeting archive ID (got "${archiveId}")`,
				'Enter an archive ID, or connect this node after a Meeting Archive → Get Many so {{ $json.archiveId }} finds one.',
			);
		}
	},
};
