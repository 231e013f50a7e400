import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { WebexListOperation } from '../../../shared/customPagination';
import {
	listingFields,
	meetingListing,
	pickColumns,
	planSiteWindows,
	ROLE_HINTS,
	siteCheck,
	siteProperties,
	simplifyOn,
	timeFilters,
} from '../meetingListings';
import { filtersCollection } from '../../../shared/descriptions/common';

const showOnlyForTranscriptGetMany = { resource: ['meetingTranscript'], operation: ['getAll'] };

/** Simplify's columns: the transcript without its download links (Download reads it through the API). */
export const TRANSCRIPT_COLUMNS = [
	'startTime',
	'meetingTopic',
	'siteUrl',
	'status',
	'meetingId',
	'scheduledMeetingId',
	'meetingSeriesId',
	'hostUserId',
	'id',
] as const;

const fields = listingFields(showOnlyForTranscriptGetMany, TRANSCRIPT_COLUMNS);

export const transcriptGetManyDescription: INodeProperties[] = [
	...siteProperties(showOnlyForTranscriptGetMany, { required: true }),
	...fields.top,
	filtersCollection(
		timeFilters('Transcripts of meetings that started'),
		showOnlyForTranscriptGetMany,
	),
	fields.options,
];

const simplifyTranscript = (record: IDataObject) => pickColumns(record, TRANSCRIPT_COLUMNS);

export const listTranscriptsOperation: WebexListOperation = {
	...meetingListing,
	hints: ROLE_HINTS.complianceOfficer,
	keyOf: (record) => record.id,
	filterChecks: siteCheck,
	file: {
		label: 'webex-meeting-transcripts',
		csv: () => ({ columns: TRANSCRIPT_COLUMNS, row: simplifyTranscript }),
		timeField: 'startTime',
	},
	planQueries(qs) {
		return planSiteWindows(this, qs, { siteRequired: true });
	},
	recordMapper() {
		return simplifyOn(this) ? simplifyTranscript : undefined;
	},
};
