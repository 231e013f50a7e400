import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { WebexListOperation } from '../../../shared/customPagination';
import { MAX_PAGE_SIZE } from '../../../shared/limits';
import {
	fileOutputOptions,
	filtersCollection,
	listingOptions,
	optionsCollection,
	returnAllAndLimit,
} from '../../../shared/descriptions/common';
import { failOnField } from '../../../shared/options';
import { sameValue } from '../../../shared/records/recordChecks';
import {
	readHostEmail,
	RECORDING_ERROR_HINTS,
	timezoneHeader,
	timezoneOption,
} from '../recordings';

const showOnlyForAccessDetailGetMany = {
	resource: ['recordingAccessDetail'],
	operation: ['getAll'],
};

export const recordingAccessDetailGetManyDescription: INodeProperties[] = [
	{
		displayName: 'Recording ID',
		name: 'recordingId',
		type: 'string',
		required: true,
		default: '={{ $json.recordingId }}',
		displayOptions: { show: showOnlyForAccessDetailGetMany },
		description:
			'The recording whose viewers and downloaders to list. The default takes it from the input item, so this follows a Recording Audit Summary → Get Many.',
	},
	...returnAllAndLimit(showOnlyForAccessDetailGetMany),
	filtersCollection(
		[
			{
				displayName: 'Host Email',
				name: 'hostEmail',
				type: 'string',
				default: '',
				description:
					"The recording's host, when an admin lists another host's recording (meeting:admin_recordings_read)",
			},
		],
		showOnlyForAccessDetailGetMany,
	),
	optionsCollection(
		[
			...listingOptions(MAX_PAGE_SIZE.recordings),
			...fileOutputOptions({ simplify: false }),
			timezoneOption,
		],
		showOnlyForAccessDetailGetMany,
	),
];

export const listRecordingAccessDetailsOperation: WebexListOperation = {
	maxPageSize: MAX_PAGE_SIZE.recordings,
	hints: {
		...RECORDING_ERROR_HINTS,
		notFound:
			"No recording with this ID exists, or it is not visible to this token (another host's recording needs Host Email and an admin token).",
	},
	// Access records have no ID of their own: one person's access at one time is one record.
	keyOf: (record) =>
		`${String(record.email)}|${String(record.accessTime)}|${String(record.viewed)}|${String(record.downloaded)}`,
	filterChecks: { recordingId: (record, asked) => sameValue(record.recordingId, asked) },
	file: {
		label: 'webex-recording-access-details',
		// The fields of Webex's RecordingReportObject.
		csv: () => ({
			columns: ['recordingId', 'topic', 'name', 'email', 'accessTime', 'viewed', 'downloaded'],
			row: booleanFlags,
		}),
		timeField: 'accessTime',
	},
	planQueries(qs) {
		const recordingId = String(this.getNodeParameter('recordingId', '') ?? '').trim();
		if (recordingId === '' || recordingId === 'undefined' || /\s/.test(recordingId)) {
			failOnField(
				this,
				`Recording ID must be a Webex recording ID (got "${recordingId}")`,
				'Enter a recording ID, or connect this node after a Recording Audit Summary → Get Many so {{ $json.recordingId }} finds one.',
			);
		}
		qs.recordingId = recordingId;
		const hostEmail = readHostEmail(this, this.getNodeParameter('filters.hostEmail', ''));
		if (hostEmail === 'all') {
			failOnField(
				this,
				'Host Email cannot be "all" for access details',
				"Enter the recording host's email address, or leave it empty for your own recordings.",
			);
		}
		if (hostEmail) qs.hostEmail = hostEmail;
		return [qs];
	},
	headers: timezoneHeader,
	recordMapper() {
		return booleanFlags;
	},
};

/** `viewed` and `downloaded` as booleans, whatever form they come in. */
function booleanFlags(record: IDataObject): IDataObject {
	for (const field of ['viewed', 'downloaded']) {
		const value = record[field];
		if (typeof value === 'string') record[field] = value.toLowerCase() === 'true';
	}
	return record;
}
