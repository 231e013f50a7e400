import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { WebexListOperation } from '../../../shared/customPagination';
import {
	listingFields,
	pickColumns,
	serviceTypeFilter,
	siteCheck,
	siteProperties,
	simplifyOn,
	timeFilters,
} from '../../../shared/meetingListings';
import { MAX_PAGE_SIZE } from '../../../shared/limits';
import { sameValue } from '../../../shared/records/recordChecks';
import { filterText, planReportWindows, REPORT_HINTS, reportListing } from '../reportListings';
import { filtersCollection } from '../../../shared/descriptions/common';

const showOnlyForUsageGetMany = { resource: ['usageReport'], operation: ['getAll'] };

/** Simplify's columns: one row per meeting, the figures a monthly sheet needs. */
export const USAGE_COLUMNS = [
	'start',
	'end',
	'meetingTitle',
	'meetingNumber',
	'hostEmail',
	'hostDisplayName',
	'duration',
	'totalParticipants',
	'peakAttendee',
	'totalPeopleMinutes',
	'totalVoipMinutes',
	'totalCallInMinutes',
	'serviceType',
	'scheduledType',
	'siteUrl',
	'meetingId',
] as const;

const fields = listingFields(showOnlyForUsageGetMany, USAGE_COLUMNS, MAX_PAGE_SIZE.meetingReports);

export const usageGetManyDescription: INodeProperties[] = [
	...siteProperties(showOnlyForUsageGetMany, { required: true }),
	...fields.top,
	filtersCollection(
		[
			...timeFilters('Meetings started'),
			serviceTypeFilter(
				'The Webex service the meetings were held in (without this filter Webex reports Meeting Center meetings)',
			),
		],
		showOnlyForUsageGetMany,
	),
	fields.options,
];

const simplifyUsage = (record: IDataObject) => pickColumns(record, USAGE_COLUMNS);

export const listUsageReportsOperation: WebexListOperation = {
	...reportListing,
	hints: REPORT_HINTS,
	keyOf: (record) => record.meetingId,
	filterChecks: {
		...siteCheck,
		serviceType: (record, asked) => sameValue(record.serviceType, asked),
	},
	file: {
		label: 'webex-meeting-usage',
		csv: () => ({ columns: USAGE_COLUMNS, row: simplifyUsage }),
		timeField: 'start',
	},
	planQueries(qs) {
		const serviceType = filterText(this, 'serviceType');
		if (serviceType) qs.serviceType = serviceType;
		return planReportWindows(this, qs);
	},
	recordMapper() {
		return simplifyOn(this) ? simplifyUsage : undefined;
	},
};
