import type { INodeProperties } from 'n8n-workflow';

import type { WebexListOperation } from '../../../shared/customPagination';
import {
	listingFields,
	meetingListing,
	planSiteWindows,
	ROLE_HINTS,
	siteProperties,
	timeFilters,
} from '../meetingListings';
import { filtersCollection } from '../../../shared/descriptions/common';

const showOnlyForArchiveGetMany = { resource: ['meetingArchive'], operation: ['getAll'] };

const fields = listingFields(showOnlyForArchiveGetMany);

export const archiveGetManyDescription: INodeProperties[] = [
	...siteProperties(showOnlyForArchiveGetMany, { required: false }),
	...fields.top,
	filtersCollection(timeFilters('Archives created'), showOnlyForArchiveGetMany),
	fields.options,
];

export const listArchiveSummariesOperation: WebexListOperation = {
	...meetingListing,
	hints: ROLE_HINTS.fullAdmin,
	keyOf: (record) => record.archiveId,
	file: {
		label: 'webex-meeting-archives',
		// The fields of Webex's RecordingAchriveSummaryObject, and the site (All My Sites).
		csv: () => ({
			columns: ['archiveId', 'serviceType', 'title', 'createTime', 'siteUrl'],
			row: (record) => record,
		}),
		timeField: 'createTime',
	},
	planQueries(qs) {
		return planSiteWindows(this, qs, { siteRequired: false });
	},
};
