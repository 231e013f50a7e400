import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { WebexGetOperation } from '../../../shared/customPagination';
import {
	optionsCollection,
	retryOptions,
	simplifyOption,
} from '../../../shared/descriptions/common';
import { downloadFilesOptions, resolvePeopleOption } from '../../../shared/descriptions/events';
import {
	EVENT_COLUMNS,
	EVENTS_ERROR_HINTS,
	eventMapper,
	resolveEventActors,
} from '../../../shared/events';
import { messageFileItems } from '../../../shared/messageFiles';
import { failOnField } from '../../../shared/options';

const showOnlyForEventGet = { resource: ['event'], operation: ['get'] };

export const eventGetDescription: INodeProperties[] = [
	{
		displayName: 'Event ID',
		name: 'eventId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Y2lzY29zcGFyazovL3VzL0VWRU5ULzEyMzQ1',
		displayOptions: { show: showOnlyForEventGet },
		description: 'The ID of the event, for example the ID of an event listed by Get Many',
	},
	optionsCollection(
		[...retryOptions, ...downloadFilesOptions, resolvePeopleOption, simplifyOption(EVENT_COLUMNS)],
		showOnlyForEventGet,
	),
];

export const getEventOperation: WebexGetOperation = {
	hints: {
		...EVENTS_ERROR_HINTS,
		notFound:
			'No event with this ID exists, or it is not visible to this token (events are kept for 90 days, longer with Pro Pack).',
	},
	validate() {
		const eventId = String(this.getNodeParameter('eventId', '') ?? '').trim();
		if (eventId === '' || /\s/.test(eventId)) {
			failOnField(
				this,
				`Event ID must be a Webex event ID (got "${eventId}")`,
				'Enter the ID of an event, for example {{ $json.id }} after a Get Many.',
			);
		}
	},
	enrichRecords: resolveEventActors,
	recordMapper() {
		return eventMapper(this.getNodeParameter('options', {}) as IDataObject);
	},
	itemsOf() {
		return messageFileItems(this);
	},
};
