import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { DAY_MS, HOUR_MS, MAX_RECORDS_PER_ITEM } from '../limits';
import { buildUrl, isDeadlinePassed, type PageQuery, type WebexClient } from '../transport';
import { collectRecords, logLeftOut, newListingRun, type FilterChecks } from '../records/records';
import { eventKey, eventTime } from './pollState';

export const DEFAULT_WINDOW_MS = HOUR_MS;
const MAX_WINDOW_MS = 365 * DAY_MS;
/** Windows one poll may read, whatever their sizes turn out to be. */
const MAX_WINDOWS_PER_POLL = 1_000;

/** What a trigger lists: an endpoint whose events have `id` and `created` and a time window query. */
export interface PollSource {
	path: string;
	/**
	 * The query of the window [fromMs, toMs) (toMs undefined: up to now). Webex's window bounds are
	 * exclusive, so a window asks from exclusiveStart(fromMs) (timeRange.ts).
	 */
	window(fromMs: number, toMs: number | undefined, nowMs: number): IDataObject;
	paging?: PageQuery['paging'];
	/** The exact filters every event must agree with (one that contradicts them is never emitted). */
	filterChecks?: FilterChecks;
	/**
	 * Which events to emit, a filter read on the client (Webex has no query for it); undefined: all.
	 * The others still move the position like any event read, so they are not read again and again.
	 */
	keep?: (event: IDataObject) => boolean;
}

/**
 * How many more events a poll may emit. Shared by the streams one poll reads at once (the Admin
 * Audit Trigger's organizations): each takes from it as it takes events, so together they never
 * take more, and the first to read new events takes them.
 */
export interface EventBudget {
	left: number;
}

export interface CatchUpRequest {
	source: PollSource;
	/** The query of the node's filters. */
	qs: IDataObject;
	pageSize: number;
	/** First millisecond to read (inclusive). */
	startMs: number;
	/** Where the state says every earlier event was emitted. */
	positionMs: number;
	/** Events at or before this are never emitted (Start From). */
	sinceMs: number;
	nowMs: number;
	/** Keys of events already emitted; the ones emitted now are added. */
	remembered: Set<string>;
	/** What this stream takes its events from (they are taken off it as they are taken). */
	budget: EventBudget;
	windowMs: number;
	/** Stop starting windows after this (the poll budget, less a margin). */
	deadlineMs: number;
}

export interface CatchUpResult {
	/** New events, oldest first. */
	events: IDataObject[];
	/** [key, time] of each of them. */
	emitted: Array<[string, number]>;
	positionMs: number;
	windowMs: number;
	caughtUp: boolean;
}

/**
 * Reads the events from startMs on, oldest window first, and takes the oldest new ones while the
 * budget lasts. Webex promises no order within a listing, so the range is walked in time windows
 * (each asks from its first millisecond to the next one's, see PollSource.window), and a window
 * holding more events than one poll should read is shrunk and read again. The position only
 * moves over what is complete: a whole window, or the oldest events of one up to the last taken.
 */
export async function catchUp(
	client: WebexClient,
	request: CatchUpRequest,
): Promise<CatchUpResult> {
	const { remembered, budget, nowMs } = request;
	// A window is read in one listing: one record fewer than a listing may hold, to see it overflow.
	const fetchCap = Math.min(2 * Math.max(0, budget.left) + 1000, MAX_RECORDS_PER_ITEM - 1);
	const result: CatchUpResult = {
		events: [],
		emitted: [],
		positionMs: request.positionMs,
		windowMs: request.windowMs,
		caughtUp: false,
	};
	let cursor = request.startMs;
	let windowsRead = 0;
	const leftOut = newListingRun().leftOut;

	for (let attempt = 0; attempt < MAX_WINDOWS_PER_POLL; attempt++) {
		if (budget.left <= 0 || Date.now() >= request.deadlineMs) break;
		const isLast = cursor + result.windowMs >= nowMs;
		const endMs = isLast ? nowMs : cursor + result.windowMs;
		// Each window keeps its own keys (a shrunk window is read again); left-out counts add up.
		const run = { ...newListingRun(), leftOut };
		const fetched = await collectRecords(
			client,
			{
				url: buildUrl(client.baseUrl, request.source.path, {
					...request.qs,
					...request.source.window(cursor, isLast ? undefined : endMs, nowMs),
				}),
				pageSize: request.pageSize,
				limit: fetchCap + 1,
				keyOf: eventKey,
				paging: request.source.paging,
				filterChecks: request.source.filterChecks,
			},
			[],
			run,
			// Out of poll budget after a complete window: stop, and emit what is complete.
		).catch(async (error: unknown) =>
			isDeadlinePassed(error) && windowsRead > 0 ? undefined : await Promise.reject(error),
		);
		if (fetched === undefined) break;
		if (fetched.length > fetchCap) {
			result.windowMs = shrunkWindow(client, result.windowMs, fetched, fetchCap);
			continue;
		}
		windowsRead++;

		const { keep } = request.source;
		const fresh = (keep ? fetched.filter(keep) : fetched)
			.map((event) => ({ event, key: eventKey(event), time: eventTime(event, nowMs) }))
			.filter(({ key, time }) => !remembered.has(key) && time > request.sinceMs)
			.sort((a, b) => a.time - b.time || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
		// Taken at once (no await in between): streams sharing the budget never overdraw it.
		const room = Math.max(0, budget.left);
		for (const { event, key, time } of fresh.slice(0, room)) {
			result.events.push(event);
			result.emitted.push([key, time]);
			remembered.add(key);
		}
		budget.left -= Math.min(room, fresh.length);
		if (fresh.length > room) {
			// Every event up to the last one taken is emitted (none at all: the position stays).
			if (room > 0) result.positionMs = Math.max(result.positionMs, fresh[room - 1].time);
			break;
		}
		if (isLast) {
			// Caught up: the newest event seen that is not stamped in the future (Webex's clock).
			for (const event of fetched) {
				const time = eventTime(event, -Infinity);
				if (time <= nowMs && time > result.positionMs) result.positionMs = time;
			}
			result.caughtUp = true;
			break;
		}
		result.positionMs = Math.max(result.positionMs, endMs);
		cursor = endMs;
		if (fetched.length < fetchCap / 4)
			result.windowMs = Math.min(MAX_WINDOW_MS, result.windowMs * 2);
	}
	logLeftOut(client, leftOut, request.source.path);
	return result;
}

/**
 * A window small enough for the events just met: at most half of it, and no more than the
 * density seen in what was read suggests (the read events were the newest, if Webex sent them in
 * its usual order).
 */
function shrunkWindow(
	client: WebexClient,
	windowMs: number,
	fetched: IDataObject[],
	fetchCap: number,
): number {
	if (windowMs <= 1) {
		throw new NodeOperationError(
			client.ctx.getNode(),
			`Webex returned more than ${fetchCap.toLocaleString('en-US')} events created within one millisecond`,
			{
				description:
					'The trigger cannot step through them in order. Raise Max Events per Poll, or narrow the Filters.',
			},
		);
	}
	let oldest = Infinity;
	let newest = -Infinity;
	for (const event of fetched) {
		const time = eventTime(event, NaN);
		if (time < oldest) oldest = time;
		if (time > newest) newest = time;
	}
	const span = newest > oldest ? newest - oldest : windowMs;
	const byDensity = Math.floor(((fetchCap / 2) * span) / fetched.length);
	return Math.max(1, Math.min(Math.floor(windowMs / 2), byDensity));
}
