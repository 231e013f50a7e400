import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { WebexListOperation } from '../../../shared/customPagination';
import {
	listingOptions,
	optionsCollection,
	returnAllAndLimit,
	simplifyOption,
} from '../../../shared/descriptions/common';
import { MAX_PAGE_SIZE, MEETING_QUALITIES_INTERVAL_MINUTES } from '../../../shared/limits';
import { pickColumns, simplifyOn } from '../../../shared/meetingListings';
import { readMeetingInstanceId } from '../../../shared/meetings';
import { sameValue } from '../../../shared/records/recordChecks';
import { AVERAGE_COLUMNS, sessionAverages } from './sessionAverages';

const showOnlyForQualityGetMany = { resource: ['meetingQuality'], operation: ['getAll'] };

/** Simplify's columns: who, with what, where from, and the averages per direction. */
export const QUALITY_COLUMNS = [
	'joinTime',
	'leaveTime',
	'webexUserName',
	'webexUserEmail',
	'clientType',
	'clientVersion',
	'osType',
	'networkType',
	'serverRegion',
	...AVERAGE_COLUMNS,
	'participantSessionId',
	'meetingInstanceId',
] as const;

export const qualityGetManyDescription: INodeProperties[] = [
	{
		displayName: 'Meeting ID',
		name: 'meetingId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e5dba9613a9d455aa49f6ffdafb6e7db_I_191395283063545470',
		displayOptions: { show: showOnlyForQualityGetMany },
		description: `A meeting instance, e.g. the meetingId of a Usage Report → Get Many item. Webex answers once per meeting every ${MEETING_QUALITIES_INTERVAL_MINUTES} minutes; sooner, the node waits within Max Rate Limit Wait.`,
	},
	...returnAllAndLimit(showOnlyForQualityGetMany),
	optionsCollection(
		[
			...listingOptions(MAX_PAGE_SIZE.meetingQualities),
			{
				...simplifyOption(QUALITY_COLUMNS),
				description:
					'Whether to return one flat row per session (who, client, network, average packet loss %, latency and jitter ms of audio and video in and out) instead of every sample',
			},
		],
		showOnlyForQualityGetMany,
	),
];

const simplifyQuality = (record: IDataObject) =>
	pickColumns({ ...record, ...sessionAverages(record) }, QUALITY_COLUMNS);

export const listMeetingQualitiesOperation: WebexListOperation = {
	maxPageSize: MAX_PAGE_SIZE.meetingQualities,
	host: 'analytics',
	hints: {
		forbidden:
			"Meeting qualities are read by the organisation's full or read-only administrators (not external ones) with the analytics:read_all scope, in an organisation with Pro Pack: use such a token.",
		notFound:
			'Webex has no quality data for this meeting ID: it must be a meeting instance (with _I_ in it) that started at least 10 minutes ago and at most 7 days ago.',
	},
	keyOf: (record) => record.participantSessionId,
	filterChecks: {
		meetingId: (record, asked) => sameValue(record.meetingInstanceId, asked),
	},
	file: {
		label: 'webex-meeting-qualities',
		csv: () => ({ columns: QUALITY_COLUMNS, row: simplifyQuality }),
		timeField: 'joinTime',
	},
	planQueries(qs) {
		const meetingId = readMeetingInstanceId(
			this,
			'Enter a meeting instance ID, or use {{ $json.meetingId }} after a Usage Report → Get Many.',
		);
		return [{ ...qs, meetingId }];
	},
	recordMapper() {
		return simplifyOn(this) ? simplifyQuality : undefined;
	},
};
