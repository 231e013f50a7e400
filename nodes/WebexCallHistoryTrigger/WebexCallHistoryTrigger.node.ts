import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import {
	CALL_HISTORY_HINTS,
	CALL_RECORD_COLUMNS,
	locationsProperty,
	readLocations,
	readRegion,
	REPORT_ID,
	regionProperty,
	simplifyCallRecord,
} from '../shared/callHistory';
import { toWebexTime } from '../shared/dates';
import {
	authenticationProperty,
	filtersCollection,
	optionsCollection,
	retryOptions,
	simplifyOption,
	webexCredentials,
	webexIcon,
} from '../shared/descriptions/common';
import { CALL_HISTORY, HOUR_MS, MAX_EVENTS_PER_POLL, MINUTE_MS } from '../shared/limits';
import { pollStartProperties } from '../shared/descriptions/poll';
import { failOnField, readRetryPolicy, readWholeNumber } from '../shared/options';
import { scopeOf } from '../shared/poll/orgPollStates';
import { onePollAtATime } from '../shared/poll/onePollAtATime';
import { pollDeadlineMs } from '../shared/poll/pollTrigger';
import { collectRecords } from '../shared/records/records';
import { splitNewestFirst } from '../shared/timeWindows';
import {
	buildUrl,
	createWebexClient,
	describeWait,
	isDeadlinePassed,
	type WebexClient,
} from '../shared/transport';
import {
	readStreamState,
	remember,
	rememberedIds,
	REMEMBER_MS,
	type StreamState,
} from './streamState';

const { stream, feed, pageSize } = CALL_HISTORY;
/** The stream's oldest start is asked this much later than 12 hours ago: clocks differ. */
const STREAM_MARGIN_MS = 5 * MINUTE_MS;
const DEFAULT_MAX_RECORDS = 10_000;

export class WebexCallHistoryTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Webex Call History Trigger',
		name: 'webexCallHistoryTrigger',
		icon: webexIcon,
		group: ['trigger'],
		version: 1,
		subtitle: 'Every new call record',
		description:
			"Starts the workflow with each new record of Webex Calling's detailed call history, exactly once, late ones too",
		defaults: { name: 'Webex Call History Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: webexCredentials,
		properties: [
			authenticationProperty,
			regionProperty(),
			...pollStartProperties('calls', {
				max: 12,
				default: 1,
				description:
					"How many hours before activation to start from, up to 12 (what Webex's live stream keeps)",
			}),
			filtersCollection([locationsProperty]),
			optionsCollection([
				{
					displayName: 'Max Records per Poll',
					name: 'maxRecordsPerPoll',
					type: 'number',
					typeOptions: { minValue: MAX_EVENTS_PER_POLL.min, maxValue: MAX_EVENTS_PER_POLL.max },
					default: DEFAULT_MAX_RECORDS,
					description: `Most records one poll emits (${MAX_EVENTS_PER_POLL.min} to ${MAX_EVENTS_PER_POLL.max.toLocaleString('en-US')}); the rest are emitted by the next polls, each once`,
				},
				...retryOptions,
				simplifyOption(CALL_RECORD_COLUMNS),
			]),
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await onePollAtATime(
			this,
			'Webex Call History Trigger',
			async () => await pollCallHistory.call(this),
		);
	}
}

/** One poll of the trigger (see onePollAtATime for when it is skipped). */
async function pollCallHistory(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const region = readRegion(this);
	const locations = readLocations(this, this.getNodeParameter('filters.locations', ''));
	const maxRecords = readWholeNumber(this, options.maxRecordsPerPoll, {
		label: 'Max Records per Poll',
		min: MAX_EVENTS_PER_POLL.min,
		max: MAX_EVENTS_PER_POLL.max,
		fallback: DEFAULT_MAX_RECORDS,
		fix: `Remove the option to use ${DEFAULT_MAX_RECORDS}; the rest is emitted by the next polls.`,
	});
	const nowMs = Date.now();
	const startMs = startOf(this, nowMs);
	const client = await createWebexClient(this, {
		hints: CALL_HISTORY_HINTS,
		policy: readRetryPolicy(this, options),
		deadlineMs: this.getMode() === 'manual' ? undefined : pollDeadlineMs(this, nowMs),
		callHistoryRegion: region,
	});
	const toItems = (records: IDataObject[]) => [
		records.map((record) => ({ json: options.simplify ? simplifyCallRecord(record) : record })),
	];
	const qs = locations ? { locations } : {};

	if (this.getMode() === 'manual') {
		const latestMs = nowMs - stream.minAgeMs;
		const records = await read(client, '/cdr_stream', qs, latestMs - HOUR_MS, latestMs, 5);
		if (records.length) return toItems(records);
		throw new NodeOperationError(this.getNode(), 'No call reached Webex Calling in the last hour', {
			description:
				'Make a call with Webex Calling (or widen Locations), wait a minute and fetch again.',
		});
	}

	const staticData = this.getWorkflowStaticData('node');
	const scope = scopeOf('callHistory', region, locations ?? '');
	const state: StreamState = readStreamState(staticData.callHistory, scope) ?? {
		version: 1,
		scope,
		positionMs: startMs,
		emitted: [],
	};
	const seen = rememberedIds(state);
	const emitted: Array<[string, number]> = [];
	const records: IDataObject[] = [];
	const take = (found: IDataObject[], windowEndMs: number) => {
		for (const record of found) {
			const id = String(record[REPORT_ID]);
			seen.add(id);
			emitted.push([id, windowEndMs]);
			records.push(record);
		}
	};
	const unseen = (record: IDataObject) => !seen.has(String(record[REPORT_ID]));
	let { positionMs, fill } = state;
	const oldestStreamMs = nowMs - stream.maxAgeMs + STREAM_MARGIN_MS;
	if (!fill && positionMs < oldestStreamMs) {
		const fromMs = Math.max(positionMs - REMEMBER_MS, nowMs - feed.maxAgeMs + STREAM_MARGIN_MS);
		fill = { fromMs, nextMs: fromMs, toMs: oldestStreamMs };
		this.logger.info(
			`Webex Call History Trigger: stopped ${describeWait(nowMs - positionMs)} ago, longer than Webex's live stream keeps (12 hours): filling the gap from the call history feed, by report time from ${toWebexTime(fromMs)} to ${toWebexTime(oldestStreamMs)}, each record once`,
		);
	}
	const readAll = async () => {
		// A gap: the feed by report time, 12-hour windows oldest first.
		while (fill && records.length < maxRecords) {
			const endMs = Math.min(fill.nextMs + feed.maxWindowMs, fill.toMs);
			const found = await read(
				client,
				'/cdr_feed',
				qs,
				fill.nextMs,
				endMs,
				maxRecords - records.length,
				unseen,
			);
			take(found, endMs);
			if (records.length >= maxRecords) break;
			fill = endMs >= fill.toMs ? undefined : { ...fill, nextMs: endMs };
			if (!fill) positionMs = Math.max(positionMs, endMs);
		}
		// The stream by arrival, windows of at most 2 hours ending a minute ago.
		const latestMs = Date.now() - stream.minAgeMs;
		// (A fill that took longer than the stream keeps: the next poll fills again from here.)
		const streamKeepsMs = () => Date.now() - stream.maxAgeMs + MINUTE_MS;
		while (
			!fill &&
			positionMs < latestMs &&
			positionMs > streamKeepsMs() &&
			records.length < maxRecords
		) {
			const endMs = Math.min(positionMs + stream.maxWindowMs, latestMs);
			const left = maxRecords - records.length;
			const found = await read(client, '/cdr_stream', qs, positionMs, endMs, left, unseen);
			take(found, endMs);
			// All of the window emitted, or the rest (not remembered) in the next poll.
			if (found.length < left) positionMs = endMs;
		}
	};
	await readAll().then(undefined, async (error: unknown) => {
		// Out of time: what was read is emitted, and the next poll goes on from where it stopped.
		if (!isDeadlinePassed(error)) return await Promise.reject(error);
		this.logger.info(
			`Webex Call History Trigger ran out of time for this poll after ${records.length} records (Webex allows one new request a minute); the next poll goes on from ${toWebexTime(fill?.nextMs ?? positionMs)}`,
		);
	});
	staticData.callHistory = remember(state, emitted, {
		positionMs,
		fill,
	}) as unknown as IDataObject;
	return records.length ? toItems(records) : null;
}

/** Start From: now (the stream's latest end), or Hours Ago (1 to 12). */
function startOf(ctx: IPollFunctions, nowMs: number): number {
	if (ctx.getNodeParameter('startFrom', 'now') === 'now') return nowMs - stream.minAgeMs;
	const hours = Number(ctx.getNodeParameter('startHoursAgo', 1));
	if (!Number.isFinite(hours) || hours < 1 || hours > 12) {
		failOnField(
			ctx,
			`Hours Ago must be a number from 1 to 12 (got ${String(hours)})`,
			"Webex's live call history keeps 12 hours; for older calls use the Webex Call History node (30 days).",
		);
	}
	return nowMs - hours * HOUR_MS;
}

/** The records of one window of `path` (in at most 12- or 2-hour pieces), up to `limit` kept. */
async function read(
	client: WebexClient,
	path: string,
	qs: IDataObject,
	fromMs: number,
	toMs: number,
	limit: number,
	keep?: (record: IDataObject) => boolean,
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	const maxWindowMs = path === '/cdr_feed' ? feed.maxWindowMs : stream.maxWindowMs;
	for (const window of splitNewestFirst(fromMs, toMs, maxWindowMs).reverse()) {
		if (window.fromMs >= window.toMs || records.length >= limit) continue;
		await collectRecords(
			client,
			{
				url: buildUrl(client.baseUrl, path, {
					...qs,
					startTime: toWebexTime(window.fromMs),
					endTime: toWebexTime(window.toMs),
				}),
				pageSize: pageSize.max,
				minPageSize: pageSize.min,
				limit: limit - records.length,
				keyOf: (record) => record[REPORT_ID],
				paging: 'linkAsSent',
				keep,
			},
			records,
		);
	}
	return records;
}
