import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import type { CallHistoryRegion } from './baseUrl';
import { toWebexTime } from './dates';
import { CALL_HISTORY, MINUTE_MS } from './limits';
import { failOnField, readDateFilter, type FieldContext } from './options';
import { splitNewestFirst } from './timeWindows';
import { REGION_NAMES } from './transport';

/**
 * Webex Calling's detailed call history: its records (keys as Webex writes them, spaces and all),
 * Simplify's columns, the Locations and Region fields, and the windows of the feed.
 */

/** Simplify's columns, each with the key Webex gives it and how its value is read. */
const COLUMNS = [
	['reportId', 'Report ID'],
	['startTime', 'Start time'],
	['answerTime', 'Answer time'],
	['releaseTime', 'Release time'],
	['reportTime', 'Report time'],
	['answered', 'Answered', 'boolean'],
	['duration', 'Duration', 'number'],
	['ringDuration', 'Ring duration', 'number'],
	['direction', 'Direction'],
	['callingNumber', 'Calling number'],
	['calledNumber', 'Called number'],
	['callingLineId', 'Calling line ID'],
	['calledLineId', 'Called line ID'],
	['dialedDigits', 'Dialed digits'],
	['callType', 'Call type'],
	['callOutcome', 'Call outcome'],
	['callOutcomeReason', 'Call outcome reason'],
	['user', 'User'],
	['userType', 'User type'],
	['userUuid', 'User UUID'],
	['userNumber', 'User number'],
	['location', 'Location'],
	['siteUuid', 'Site UUID'],
	['orgUuid', 'Org UUID'],
	['callId', 'Call ID'],
	['correlationId', 'Correlation ID'],
	['localCallId', 'Local call ID'],
	['remoteCallId', 'Remote call ID'],
	['networkCallId', 'Network call ID'],
	['redirectReason', 'Redirect reason'],
	['relatedReason', 'Related reason'],
	['transferType', 'Transfer type'],
] as const;

export const CALL_RECORD_COLUMNS: readonly string[] = COLUMNS.map(([column]) => column);

/** What a 403 means for call history: the scope and the administrator role it needs. */
export const CALL_HISTORY_HINTS = {
	forbidden:
		'Reading call history needs the scope spark-admin:calling_cdr_read and, for the token\'s user, a full or read-only administrator role with "Webex Calling Detailed Call History API access" in Control Hub.',
};

/** The key Webex gives each record, meant for de-duplication. */
export const REPORT_ID = 'Report ID';
/** When Webex reported the record (about the call's end): what the feed's windows are of. */
export const REPORT_TIME = 'Report time';

/** Webex writes Answered as the text "true" or "false"; a boolean is kept, anything else is null. */
function readBoolean(value: unknown): boolean | null {
	if (typeof value === 'boolean') return value;
	const text = String(value ?? '').toLowerCase();
	return text === 'true' ? true : text === 'false' ? false : null;
}

function readNumber(value: unknown): number | null {
	if (value === null || value === undefined || value === '') return null;
	const number = Number(value);
	return Number.isFinite(number) ? number : null;
}

/** A record as Simplify's flat row: the fixed columns in their order, null where absent. */
export function simplifyCallRecord(record: IDataObject): IDataObject {
	const row: IDataObject = {};
	for (const [column, key, type] of COLUMNS as ReadonlyArray<readonly [string, string, string?]>) {
		const value = record[key];
		row[column] =
			type === 'boolean'
				? readBoolean(value)
				: type === 'number'
					? readNumber(value)
					: value === undefined || value === ''
						? null
						: value;
	}
	return row;
}

/** Region: Automatic (a 451 followed to the organisation's region) or one region. */
export const regionProperty = (show?: Record<string, string[]>): INodeProperties => ({
	displayName: 'Region',
	name: 'region',
	type: 'options',
	options: [
		{
			name: 'Automatic',
			value: 'automatic',
			description:
				"The cloud's first call history host; when Webex answers that the organisation's data is in another region of the same cloud, the node goes there",
		},
		...(Object.entries(REGION_NAMES) as Array<[CallHistoryRegion, string]>).map(
			([value, name]) => ({ name, value }),
		),
	],
	default: 'automatic',
	description:
		"Where Webex keeps the organisation's call history: the token only goes to Webex's call history hosts of the credential's cloud (or a Custom Base URL's host)",
	...(show ? { displayOptions: { show } } : {}),
});

export const readRegion = (ctx: FieldContext): CallHistoryRegion | 'automatic' => {
	const region = String(ctx.getNodeParameter('region', 'automatic'));
	if (region === 'automatic' || region in REGION_NAMES)
		return region as CallHistoryRegion | 'automatic';
	return failOnField(
		ctx,
		`Region must be Automatic or one of ${Object.values(REGION_NAMES).join(', ')} (got ${region})`,
		'Pick a Region from the list.',
	);
};

/** Locations: up to 10 location names, comma-separated. */
export const locationsProperty: INodeProperties = {
	displayName: 'Locations',
	name: 'locations',
	type: 'string',
	default: '',
	placeholder: 'Headquarters, Branch Office',
	description: `Only calls of these Webex Calling locations: up to ${CALL_HISTORY.maxLocations} location names, comma-separated (empty: every location)`,
};

/** The Locations field as Webex takes it (names joined by commas), or undefined for every location. */
export function readLocations(ctx: FieldContext, value: unknown): string | undefined {
	const names = String(value ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	if (names.length > CALL_HISTORY.maxLocations) {
		failOnField(
			ctx,
			`Locations names ${names.length} locations; Webex takes at most ${CALL_HISTORY.maxLocations}`,
			`Leave Locations empty for every location, or split the locations over several nodes (or input items) of at most ${CALL_HISTORY.maxLocations} each.`,
		);
	}
	return names.length ? names.join(',') : undefined;
}

/** How long reading a range takes at Webex's limit of one first request a minute: a window a minute. */
export const CALL_HISTORY_PACE_TEXT =
	'Webex allows each token one new request a minute for call history, so the node reads one 12-hour window a minute: 24 hours take about 2 minutes, 7 days about 14 minutes, 30 days about an hour (longer while other workflows read call history with the same token).';

const EXAMPLE = '{{ $now.minus({days: 1}) }}';

/**
 * The feed's windows for From and To (Filters), oldest first: To later than 5 minutes ago is
 * taken as 5 minutes ago, From defaults to 24 hours before To, From more than 30 days ago or
 * after To fails before any request.
 */
export function planFeedWindows(ctx: IExecuteSingleFunctions, qs: IDataObject): IDataObject[] {
	const nowMs = Date.now();
	const { feed } = CALL_HISTORY;
	const latestMs = nowMs - feed.minAgeMs;
	const from = readDateFilter(ctx, 'from', 'From', EXAMPLE)?.toMillis();
	const askedTo = readDateFilter(ctx, 'to', 'To', EXAMPLE)?.toMillis();
	const toMs = Math.min(askedTo ?? latestMs, latestMs);
	const fromMs = from ?? toMs - CALL_HISTORY.defaultRangeMs;
	if (fromMs < nowMs - feed.maxAgeMs) {
		failOnField(
			ctx,
			`From (${toWebexTime(fromMs)}) is more than 30 days ago: Webex keeps call history for 30 days`,
			`Set From to ${toWebexTime(nowMs - feed.maxAgeMs + MINUTE_MS)} or later.`,
		);
	}
	if (fromMs >= toMs) {
		failOnField(
			ctx,
			`From (${toWebexTime(fromMs)}) is not before To (${toWebexTime(toMs)})`,
			`Webex's call history ends 5 minutes ago: set From earlier than To${askedTo === undefined || askedTo > latestMs ? ' (To is taken as 5 minutes ago)' : ''}.`,
		);
	}
	const locations = readLocations(ctx, ctx.getNodeParameter('filters.locations', ''));
	return splitNewestFirst(fromMs, toMs, feed.maxWindowMs)
		.reverse()
		.map((window) => ({
			...qs,
			startTime: toWebexTime(window.fromMs),
			endTime: toWebexTime(window.toMs),
			...(locations ? { locations } : {}),
		}));
}
