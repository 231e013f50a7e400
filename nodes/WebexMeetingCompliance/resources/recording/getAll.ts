import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { WebexListOperation } from '../../../shared/customPagination';
import { failOnField } from '../../../shared/options';
import { sameValue } from '../../../shared/records/recordChecks';
import {
	listingFields,
	meetingListing,
	pickColumns,
	planSiteWindows,
	ROLE_HINTS,
	siteCheck,
	serviceTypeFilter,
	siteProperties,
	simplifyOn,
	timeFilters,
} from '../meetingListings';
import { filtersCollection } from '../../../shared/descriptions/common';

const showOnlyForRecordingGetMany = { resource: ['recording'], operation: ['getAll'] };

/** Simplify's columns; the links stay exactly as Webex sent them. */
export const RECORDING_COLUMNS = [
	'createTime',
	'timeRecorded',
	'topic',
	'hostEmail',
	'hostDisplayName',
	'siteUrl',
	'status',
	'format',
	'serviceType',
	'durationSeconds',
	'sizeBytes',
	'downloadUrl',
	'playbackUrl',
	'meetingId',
	'id',
] as const;

const fields = listingFields(showOnlyForRecordingGetMany, RECORDING_COLUMNS);

export const recordingGetManyDescription: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		displayOptions: { show: showOnlyForRecordingGetMany },
		options: [
			{ name: 'Available', value: 'available', description: 'Recordings that can be played' },
			{
				name: 'Deleted',
				value: 'deleted',
				description: 'Recordings moved to the recycle bin',
			},
			{
				name: 'Purged',
				value: 'purged',
				description: 'Recordings purged from the recycle bin',
			},
		],
		default: 'available',
		description: 'Which recordings to list',
	},
	...siteProperties(showOnlyForRecordingGetMany, { required: false }),
	...fields.top,
	filtersCollection(
		[
			...timeFilters('Recordings created'),
			{
				displayName: 'Topic',
				name: 'topic',
				type: 'string',
				default: '',
				description: 'Recordings whose topic contains this text (case-insensitive)',
			},
			{
				displayName: 'Format',
				name: 'format',
				type: 'options',
				options: [
					{ name: 'ARF', value: 'ARF', description: "Webex's own recording format" },
					{ name: 'MP4', value: 'MP4' },
				],
				default: 'MP4',
				description: "The recordings' file format",
			},
			serviceTypeFilter('The Webex service the recordings were made in'),
			{
				displayName: 'Meeting ID',
				name: 'meetingId',
				type: 'string',
				default: '',
				description:
					"Only this meeting's recordings: a meeting series, scheduled meeting or meeting instance ID. Webex then ignores site, From and To, so they must be left empty.",
			},
		],
		showOnlyForRecordingGetMany,
	),
	fields.options,
];

const simplifyRecording = (record: IDataObject) => pickColumns(record, RECORDING_COLUMNS);

const contains = (value: unknown, asked: string): boolean | undefined =>
	value === undefined || value === null
		? undefined
		: String(value).toLowerCase().includes(asked.toLowerCase());

export const listRecordingsOperation: WebexListOperation = {
	...meetingListing,
	hints: ROLE_HINTS.adminOrComplianceOfficer,
	keyOf: (record) => record.id,
	filterChecks: {
		...siteCheck,
		status: (record, asked) => sameValue(record.status, asked),
		format: (record, asked) => sameValue(record.format, asked),
		serviceType: (record, asked) => sameValue(record.serviceType, asked),
		topic: (record, asked) => contains(record.topic, asked),
		meetingId: (record, asked) =>
			[record.meetingId, record.meetingSeriesId, record.scheduledMeetingId].includes(asked)
				? true
				: record.meetingId === undefined
					? undefined
					: false,
	},
	file: {
		label: 'webex-recordings',
		csv: () => ({ columns: RECORDING_COLUMNS, row: simplifyRecording }),
		timeField: 'createTime',
	},
	planQueries(qs) {
		qs.status = this.getNodeParameter('status', 'available') as string;
		for (const name of ['topic', 'format', 'serviceType']) {
			const value = String(this.getNodeParameter(`filters.${name}`, '') ?? '').trim();
			if (value) qs[name] = value;
		}
		const meetingId = String(this.getNodeParameter('filters.meetingId', '') ?? '').trim();
		if (!meetingId) return planSiteWindows(this, qs, { siteRequired: false });
		const ignored = [
			['filters.from', 'From'],
			['filters.to', 'To'],
			['siteUrl', 'Site URL'],
		].filter(([name]) => String(this.getNodeParameter(name, '') ?? '') !== '');
		if (this.getNodeParameter('sites', 'oneSite') === 'allMySites')
			ignored.push(['sites', 'Sites']);
		if (ignored.length > 0) {
			failOnField(
				this,
				`Meeting ID cannot be combined with ${ignored.map(([, label]) => label).join(', ')}`,
				"Webex lists a meeting's recordings wherever and whenever they were made, ignoring site and dates: clear those fields (Sites: One Site, Site URL empty), or clear Meeting ID.",
			);
		}
		return [{ ...qs, meetingId }];
	},
	sliceQuery(qs, count) {
		return qs.meetingId ? undefined : meetingListing.sliceQuery.call(this, qs, count);
	},
	recordMapper() {
		return simplifyOn(this) ? simplifyRecording : undefined;
	},
};
