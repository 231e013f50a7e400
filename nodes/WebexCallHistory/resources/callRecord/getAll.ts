import type { INodeProperties } from 'n8n-workflow';

import {
	CALL_HISTORY_HINTS,
	CALL_HISTORY_PACE_TEXT,
	CALL_RECORD_COLUMNS,
	locationsProperty,
	planFeedWindows,
	readRegion,
	REPORT_ID,
	REPORT_TIME,
	regionProperty,
	simplifyCallRecord,
} from '../../../shared/callHistory';
import { type WebexListOperation } from '../../../shared/customPagination';
import {
	fileOutputOptions,
	filtersCollection,
	optionsCollection,
	pageSizeOption,
	retryOptions,
	returnAllAndLimit,
	simplifyOption,
} from '../../../shared/descriptions/common';
import { CALL_HISTORY } from '../../../shared/limits';

const show = { resource: ['callRecord'], operation: ['getAll'] };

/** Get Many on `cdr_feed`: the records Webex reported between From and To, in 12-hour windows. */
export const listCallRecordsOperation: WebexListOperation = {
	maxPageSize: CALL_HISTORY.pageSize.max,
	minPageSize: CALL_HISTORY.pageSize.min,
	paging: 'linkAsSent',
	hints: CALL_HISTORY_HINTS,
	keyOf: (record) => record[REPORT_ID],
	file: {
		label: 'webex-call-history',
		csv: () => ({ columns: CALL_RECORD_COLUMNS, row: simplifyCallRecord }),
		timeField: REPORT_TIME,
	},
	callHistoryRegion() {
		return readRegion(this);
	},
	planQueries(qs) {
		return planFeedWindows(this, qs);
	},
	recordMapper() {
		return this.getNodeParameter('options.simplify', false) ? simplifyCallRecord : undefined;
	},
};

export const callRecordGetManyDescription: INodeProperties[] = [
	{
		displayName: CALL_HISTORY_PACE_TEXT,
		name: 'paceNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	regionProperty(show),
	...returnAllAndLimit(show),
	filtersCollection(
		[
			{
				displayName: 'From',
				name: 'from',
				type: 'dateTime',
				default: '',
				description:
					'Calls reported at or after this time, at most 30 days ago (default: 24 hours before To). Longer ranges than 12 hours are read in 12-hour windows, one a minute.',
			},
			{
				displayName: 'To',
				name: 'to',
				type: 'dateTime',
				default: '',
				description:
					"Calls reported before this time (default, and at the latest: 5 minutes ago, where Webex's call history ends)",
			},
			locationsProperty,
		],
		show,
	),
	optionsCollection(
		[
			...retryOptions,
			pageSizeOption(CALL_HISTORY.pageSize.max, CALL_HISTORY.pageSize.min),
			...fileOutputOptions({ simplify: true }),
			simplifyOption(CALL_RECORD_COLUMNS),
		],
		show,
	),
];
