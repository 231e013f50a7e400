import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { WebexGetOperation } from '../../../shared/customPagination';
import { optionsCollection, retryOptions } from '../../../shared/descriptions/common';
import { readMeetingInstanceId } from '../../../shared/meetings';

const showOnlyForSummaryGet = { resource: ['meetingSummary'], operation: ['get'] };

export const summaryGetDescription: INodeProperties[] = [
	{
		displayName: 'Meeting ID',
		name: 'meetingId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '0ed74a1c0551494fb7a04e2881bf50ae_I_166022169160077044',
		displayOptions: { show: showOnlyForSummaryGet },
		description:
			'An ended meeting instance (with _I_ in it), e.g. the meetingId of a Meeting Transcript → Get Many item; not a series, a scheduled, running or personal room meeting',
	},
	optionsCollection(retryOptions, showOnlyForSummaryGet),
];

export const getSummariesOperation: WebexGetOperation = {
	hints: {
		forbidden:
			"Meeting summaries are only listed for a compliance officer: the token's user needs the Compliance Officer role in Control Hub, and the token that role's meeting scopes.",
		notFound:
			'No ended meeting instance with this ID has summaries this token can see: use the ID of an ended meeting instance (with _I_ in it).',
	},
	validate() {
		readMeetingInstanceId(
			this,
			'Enter the ID of an ended meeting instance, or use {{ $json.meetingId }} after a Meeting Transcript → Get Many.',
		);
	},
	// Available and deleted summaries, one item each.
	recordsOf: (body) =>
		(Array.isArray(body.items) ? body.items : []).filter(
			(item): item is IDataObject =>
				item !== null && typeof item === 'object' && !Array.isArray(item),
		),
};
