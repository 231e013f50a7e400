import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { toWebexTime } from '../../../shared/dates';
import {
	listingOptions,
	parallelRequestsOption,
	returnAllAndLimit,
} from '../../../shared/descriptions';
import { failOnField, readDateFilter } from '../../../shared/fields';
import type { WebexListOperation } from '../../../shared/listing';
import { sameEmail } from '../../../shared/recordChecks';
import {
	readHostEmail,
	RECORDING_ERROR_HINTS,
	RECORDINGS_MAX_PAGE_SIZE,
	timezoneHeader,
	timezoneOption,
} from '../recordings';
import { DAY_MS, splitNewestFirst } from '../../../shared/timeWindows';

/** Webex answers at most 90 days per request and keeps 365 days. */
export const MAX_WINDOW_DAYS = 90;
export const MAX_HISTORY_DAYS = 365;
const DEFAULT_RANGE_DAYS = 7;

const showOnlyForSummaryGetMany = { resource: ['recordingAuditSummary'], operation: ['getAll'] };

export const recordingAuditSummaryGetManyDescription: INodeProperties[] = [
	...returnAllAndLimit(showOnlyForSummaryGetMany),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		displayOptions: { show: showOnlyForSummaryGetMany },
		default: {},
		options: [
			{
				displayName: 'From',
				name: 'from',
				type: 'dateTime',
				default: '',
				description:
					"Recordings made at or after this time (default: 7 days before To). At most 365 days ago. Longer ranges than Webex's 90 days are split into several requests automatically.",
			},
			{
				displayName: 'Host Email',
				name: 'hostEmail',
				type: 'string',
				default: '',
				placeholder: 'all',
				description:
					'Whose recordings: a host\'s email address, or "all" for every host on the site. Both need an admin token (meeting:admin_recordings_read). Empty lists your own recordings.',
				routing: { send: { type: 'query', property: 'hostEmail' } },
			},
			{
				displayName: 'Site URL',
				name: 'siteUrl',
				type: 'string',
				default: '',
				placeholder: 'example.webex.com',
				description:
					"The Webex site to list, e.g. example.webex.com (default: the user's preferred site)",
				routing: { send: { type: 'query', property: 'siteUrl' } },
			},
			{
				displayName: 'To',
				name: 'to',
				type: 'dateTime',
				default: '',
				description: 'Recordings made before this time (default: now)',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		displayOptions: { show: showOnlyForSummaryGetMany },
		default: {},
		options: [...listingOptions(RECORDINGS_MAX_PAGE_SIZE), parallelRequestsOption, timezoneOption],
	},
];

const EXAMPLE = '{{ $now.minus({days: 7}) }}';

export const listRecordingAuditSummariesOperation: WebexListOperation = {
	maxPageSize: RECORDINGS_MAX_PAGE_SIZE,
	hints: RECORDING_ERROR_HINTS,
	keyOf: (record) => record.recordingId,
	// hostEmail=all asks for every host: nothing to agree with.
	filterChecks: {
		hostEmail: (record, asked) =>
			asked.toLowerCase() === 'all' ? undefined : sameEmail(record.hostEmail, asked),
	},
	planQueries(qs) {
		const now = Date.now();
		const fromInput = readDateFilter(this, 'from', 'From', EXAMPLE)?.toMillis();
		const toInput = readDateFilter(this, 'to', 'To', EXAMPLE)?.toMillis();
		// Unlike the raw API (where a lone `from` means 7 days from it), To defaults to now: the node
		// splits long ranges itself, so "From 300 days ago" means up to now.
		const to = Math.min(toInput ?? now, now);
		const from = fromInput ?? to - DEFAULT_RANGE_DAYS * DAY_MS;
		if (from > to) {
			failOnField(
				this,
				`From (${new Date(from).toISOString()}) is after To (${new Date(to).toISOString()})`,
				'Swap the two values, or clear To to list up to now.',
			);
		}
		if (now - from > MAX_HISTORY_DAYS * DAY_MS) {
			failOnField(
				this,
				`From (${new Date(from).toISOString()}) is more than ${MAX_HISTORY_DAYS} days ago`,
				`Webex keeps recording audit summaries for ${MAX_HISTORY_DAYS} days: set From to ${MAX_HISTORY_DAYS} days ago or later, e.g. {{ $now.minus({days: ${MAX_HISTORY_DAYS - 1}}) }}.`,
			);
		}
		const hostEmail = readHostEmail(this, qs.hostEmail);
		if (hostEmail) qs.hostEmail = hostEmail;
		return splitNewestFirst(from, to, MAX_WINDOW_DAYS * DAY_MS).map((window) => ({
			...qs,
			from: toWebexTime(window.fromMs),
			to: toWebexTime(window.toMs),
		}));
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
