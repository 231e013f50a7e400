import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { WebexListOperation } from '../../../shared/customPagination';
import { MAX_PAGE_SIZE } from '../../../shared/limits';
import {
	listingFields,
	pickColumns,
	siteCheck,
	siteProperties,
	simplifyOn,
	timeFilters,
} from '../../../shared/meetingListings';
import { failOnField } from '../../../shared/options';
import { sameValue } from '../../../shared/records/recordChecks';
import { filterText, planReportWindows, REPORT_HINTS, reportListing } from '../reportListings';

const showOnlyForAttendeeGetMany = { resource: ['attendeeReport'], operation: ['getAll'] };

/** Simplify's columns: one row per attendee's stay in a meeting. */
export const ATTENDEE_COLUMNS = [
	'joinedTime',
	'leftTime',
	'duration',
	'displayName',
	'email',
	'participantType',
	'meetingTitle',
	'meetingNumber',
	'clientAgent',
	'ipAddress',
	'registered',
	'invited',
	'siteUrl',
	'meetingId',
] as const;

/** The filters of which Webex needs at least one (and uses the first given, in this order). */
const MEETING_FILTERS = [
	['meetingId', 'Meeting ID'],
	['meetingNumber', 'Meeting Number'],
	['meetingTitle', 'Meeting Title'],
] as const;

const fields = listingFields(
	showOnlyForAttendeeGetMany,
	ATTENDEE_COLUMNS,
	MAX_PAGE_SIZE.meetingReports,
);

export const attendeeGetManyDescription: INodeProperties[] = [
	...siteProperties(showOnlyForAttendeeGetMany, { required: true }),
	...fields.top,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		displayOptions: { show: showOnlyForAttendeeGetMany },
		default: {},
		description:
			'Webex needs at least one of Meeting ID, Meeting Number and Meeting Title; each given one must match',
		options: [
			...timeFilters('Attendees of meetings held'),
			{
				displayName: 'Meeting ID',
				name: 'meetingId',
				type: 'string',
				default: '',
				description:
					'Attendees of this meeting: an ended meeting instance ID (e.g. meetingId of a Usage Report → Get Many) or a meeting series ID (its instances)',
			},
			{
				displayName: 'Meeting Number',
				name: 'meetingNumber',
				type: 'string',
				default: '',
				description: 'Attendees of the meetings with this number (digits, e.g. 123456789)',
			},
			{
				displayName: 'Meeting Title',
				name: 'meetingTitle',
				type: 'string',
				default: '',
				description: 'Attendees of the meetings with exactly this title',
			},
		],
	},
	fields.options,
];

const simplifyAttendee = (record: IDataObject) => pickColumns(record, ATTENDEE_COLUMNS);

/** An instance of the series `asked` is `asked_I_…`: both are this meeting. */
const sameMeeting = (value: unknown, asked: string): boolean | undefined =>
	value === undefined || value === null
		? undefined
		: String(value) === asked || String(value).startsWith(`${asked}_I_`);

export const listAttendeeReportsOperation: WebexListOperation = {
	...reportListing,
	hints: REPORT_HINTS,
	// One record per stay: an attendee who left and joined again has two.
	keyOf: (record) =>
		[record.meetingId, record.email ?? record.displayName, record.joinedTime, record.leftTime].join(
			'\u0000',
		),
	filterChecks: {
		...siteCheck,
		meetingId: (record, asked) => sameMeeting(record.meetingId, asked),
		meetingNumber: (record, asked) => sameValue(record.meetingNumber, asked),
		meetingTitle: (record, asked) => sameValue(record.meetingTitle, asked),
	},
	file: {
		label: 'webex-meeting-attendees',
		csv: () => ({ columns: ATTENDEE_COLUMNS, row: simplifyAttendee }),
		timeField: 'joinedTime',
	},
	planQueries(qs) {
		for (const [name] of MEETING_FILTERS) {
			const value = filterText(this, name);
			if (value) qs[name] = value;
		}
		if (MEETING_FILTERS.every(([name]) => qs[name] === undefined)) {
			failOnField(
				this,
				'Meeting ID, Meeting Number or Meeting Title is needed',
				'Webex lists attendees of the meetings named by one of these filters: add Meeting ID (e.g. {{ $json.meetingId }} after a Usage Report → Get Many), Meeting Number or Meeting Title under Filters.',
			);
		}
		if (qs.meetingNumber !== undefined && !/^\d+$/.test(String(qs.meetingNumber))) {
			failOnField(
				this,
				`Meeting Number must be digits (got "${String(qs.meetingNumber)}")`,
				'Enter the meeting number as Webex shows it, without spaces, e.g. 123456789.',
			);
		}
		return planReportWindows(this, qs);
	},
	recordMapper() {
		return simplifyOn(this) ? simplifyAttendee : undefined;
	},
};
