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
	simplifyOption,
} from '../../../shared/descriptions/common';
import {
	downloadFilesOptions,
	eventFilterOptions,
	resolvePeopleOption,
} from '../../../shared/descriptions/events';
import {
	EVENT_COLUMNS,
	EVENT_FILTER_CHECKS,
	EVENTS_ERROR_HINTS,
	eventMapper,
	eventsQuery,
	lookUpEventActorsAhead,
	simplifyEvent,
	resolveEventActors,
} from '../../../shared/events';
import { MAX_PAGE_SIZE } from '../../../shared/limits';
import { messageFileItems, readDownloadFiles } from '../../../shared/messageFiles';
import { failOnField } from '../../../shared/options';
import { exclusiveStart, readTimeRange } from '../../../shared/timeRange';
import { splitNewestFirst } from '../../../shared/timeWindows';

const showOnlyForEventGetMany = { resource: ['event'], operation: ['getAll'] };

export const eventGetManyDescription: INodeProperties[] = [
	...returnAllAndLimit(showOnlyForEventGetMany),
	filtersCollection(
		eventFilterOptions(
			{
				displayName: 'From',
				name: 'from',
				type: 'dateTime',
				default: '',
				description:
					"Only events that occurred after this time. A time without an offset is read in the workflow's time zone. Accepts expressions such as {{ $now.minus({hours: 1}) }}.",
			},
			{
				displayName: 'To',
				name: 'to',
				type: 'dateTime',
				default: '',
				description:
					'Only events that occurred before this time. A time in the future is replaced by now, as Webex rejects it.',
			},
		),
		showOnlyForEventGetMany,
	),
	optionsCollection(
		[
			...listingOptions(MAX_PAGE_SIZE.events),
			...fileOutputOptions({ simplify: true }),
			...downloadFilesOptions,
			parallelRequestsOption,
			resolvePeopleOption,
			simplifyOption(EVENT_COLUMNS),
		],
		showOnlyForEventGetMany,
	),
];

const EXAMPLE = '{{ $now.minus({hours: 1}) }}';

export const listEventsOperation: WebexListOperation = {
	maxPageSize: MAX_PAGE_SIZE.events,
	hints: EVENTS_ERROR_HINTS,
	keyOf: (record) => record.id,
	filterChecks: EVENT_FILTER_CHECKS,
	file: {
		label: 'webex-events',
		csv() {
			const withActorNames = this.getNodeParameter('options.resolvePeople', false) as boolean;
			const row = (event: IDataObject) => simplifyEvent(event, withActorNames);
			return { columns: Object.keys(row({})), row };
		},
		timeField: 'created',
	},
	planQueries(qs) {
		const options = this.getNodeParameter('options', {}) as IDataObject;
		if (readDownloadFiles(options) && (options.output ?? 'items') !== 'items') {
			failOnField(
				this,
				'Download Files needs Output: Items',
				"A message's files become binary data of its item, which a JSON Lines or CSV file cannot hold. Set Output to Items (and Limit or a shorter range for large ones), or turn Download Files off.",
			);
		}
		Object.assign(qs, eventsQuery(this));
		const { from, to } = readTimeRange(this, EXAMPLE);
		if (from) qs.from = toWebexTime(from);
		if (to) qs.to = toWebexTime(to);
		return [qs];
	},
	sliceQuery(qs, count) {
		// Without From the range has no start to cut from: one listing.
		if (typeof qs.from !== 'string') return undefined;
		const fromMs = Date.parse(qs.from);
		const toMs = typeof qs.to === 'string' ? Date.parse(qs.to) : Date.now();
		const sliceMs = Math.ceil((toMs - fromMs) / count);
		if (!(sliceMs > 1)) return undefined;
		// Each slice asks from its first millisecond to the next slice's first, the newest keeps the
		// query's `to` (none: up to now).
		return splitNewestFirst(fromMs + 1, toMs, sliceMs).map((slice, index) => ({
			...qs,
			from: exclusiveStart(slice.fromMs),
			...(index === 0 ? {} : { to: toWebexTime(slice.toMs) }),
		}));
	},
	enrichRecords: resolveEventActors,
	enrichAhead: lookUpEventActorsAhead,
	recordMapper() {
		return eventMapper(this.getNodeParameter('options', {}) as IDataObject);
	},
	itemsOf() {
		return messageFileItems(this);
	},
};
