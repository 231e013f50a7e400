import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { toWebexTime } from '../../../shared/dates';
import type { WebexListOperation } from '../../../shared/customPagination';
import {
	fileOutputOptions,
	filtersCollection,
	listingOptions,
	optionsCollection,
	parallelRequestsOption,
	returnAllAndLimit,
} from '../../../shared/descriptions/common';
import {
	DAY_MS,
	MAX_PAGE_SIZE,
	RECORDINGS_DEFAULT_RANGE_DAYS,
	RECORDINGS_MAX_HISTORY_DAYS,
	RECORDINGS_MAX_WINDOW_DAYS,
} from '../../../shared/limits';
import { failOnField } from '../../../shared/options';
import { readTimeRange } from '../../../shared/timeRange';
import { splitNewestFirst } from '../../../shared/timeWindows';
import { sameEmail } from '../../../shared/records/recordChecks';
import { readAllSites, sameSite, sitesProperty } from '../../../shared/sites';
import {
	readHostEmail,
	RECORDING_ERROR_HINTS,
	timezoneHeader,
	timezoneOption,
} from '../recordings';

/** Webex answers at most 90 days per request and keeps 365 days. */

const showOnlyForSummaryGetMany = { resource: ['recordingAuditSummary'], operation: ['getAll'] };

export const recordingAuditSummaryGetManyDescription: INodeProperties[] = [
	...returnAllAndLimit(showOnlyForSummaryGetMany),
	sitesProperty(
		showOnlyForSummaryGetMany,
		"The Site URL filter's site, or the user's preferred site when it is empty",
	),
	filtersCollection(
		[
			{
				displayName: 'From',
				name: 'from',
				type: 'dateTime',
				default: '',
				description:
					"Recordings made at or after this time (default: 7 days before To). At most 365 days ago. Longer ranges than Webex's 90 days are split into several requests automatically.",
			},
			{
				displayName: 'To',
				name: 'to',
				type: 'dateTime',
				default: '',
				description: 'Recordings made before this time (default: now)',
			},
			{
				displayName: 'Host Email',
				name: 'hostEmail',
				type: 'string',
				default: '',
				placeholder: 'all',
				description:
					'Whose recordings: a host\'s email address, or "all" for every host on the site. Both need an admin token (meeting:admin_recordings_read). Empty lists your own recordings.',
			},
			{
				displayName: 'Site URL',
				name: 'siteUrl',
				type: 'string',
				default: '',
				placeholder: 'example.webex.com',
				description:
					"The Webex site to list, e.g. example.webex.com (default: the user's preferred site)",
			},
		],
		showOnlyForSummaryGetMany,
	),
	optionsCollection(
		[
			...listingOptions(MAX_PAGE_SIZE.recordings),
			...fileOutputOptions({ simplify: false }),
			parallelRequestsOption,
			timezoneOption,
		],
		showOnlyForSummaryGetMany,
	),
];

const EXAMPLE = '{{ $now.minus({days: 7}) }}';

export const listRecordingAuditSummariesOperation: WebexListOperation = {
	maxPageSize: MAX_PAGE_SIZE.recordings,
	hints: RECORDING_ERROR_HINTS,
	keyOf: (record) => record.recordingId,
	file: {
		label: 'webex-recording-audit-summaries',
		// The fields of Webex's RecordingReportSummaryObject.
		csv: () => ({
			columns: [
				'recordingId',
				'topic',
				'timeRecorded',
				'siteUrl',
				'hostEmail',
				'viewCount',
				'downloadCount',
			],
			row: countsAsNumbers,
		}),
		timeField: 'timeRecorded',
	},
	// hostEmail=all asks for every host: nothing to agree with.
	filterChecks: {
		hostEmail: (record, asked) =>
			asked.toLowerCase() === 'all' ? undefined : sameEmail(record.hostEmail, asked),
		siteUrl: (record, asked) => sameSite(record.siteUrl, asked),
	},
	planQueries(qs) {
		const range = readTimeRange(this, EXAMPLE);
		const now = range.nowMs;
		// Unlike the raw API (where a lone `from` means 7 days from it), To defaults to now: the node
		// splits long ranges itself, so "From 300 days ago" means up to now.
		const to = range.to?.toMillis() ?? now;
		const from = range.from?.toMillis() ?? to - RECORDINGS_DEFAULT_RANGE_DAYS * DAY_MS;
		if (now - from > RECORDINGS_MAX_HISTORY_DAYS * DAY_MS) {
			failOnField(
				this,
				`From (${new Date(from).toISOString()}) is more than ${RECORDINGS_MAX_HISTORY_DAYS} days ago`,
				`Webex keeps recording audit summaries for ${RECORDINGS_MAX_HISTORY_DAYS} days: set From to ${RECORDINGS_MAX_HISTORY_DAYS} days ago or later, e.g. {{ $now.minus({days: ${RECORDINGS_MAX_HISTORY_DAYS - 1}}) }}.`,
			);
		}
		const hostEmail = readHostEmail(this, this.getNodeParameter('filters.hostEmail', ''));
		if (hostEmail) qs.hostEmail = hostEmail;
		const siteUrl = String(this.getNodeParameter('filters.siteUrl', '') ?? '').trim();
		readAllSites(this, siteUrl);
		if (siteUrl) qs.siteUrl = siteUrl;
		return splitNewestFirst(from, to, RECORDINGS_MAX_WINDOW_DAYS * DAY_MS).map((window) => ({
			...qs,
			from: toWebexTime(window.fromMs),
			to: toWebexTime(window.toMs),
		}));
	},
	allSites() {
		return readAllSites(this, '');
	},
	headers: timezoneHeader,
	recordMapper() {
		return countsAsNumbers;
	},
};

function countsAsNumbers(record: IDataObject): IDataObject {
	for (const field of ['viewCount', 'downloadCount']) {
		if (record[field] !== undefined && record[field] !== null)
			record[field] = Number(record[field]);
	}
	return record;
}
