import { NodeOperationError, type IDataObject, type IPollFunctions } from 'n8n-workflow';

import { DAY_MS, HOUR_MS, MINUTE_MS } from '../limits';
import { buildUrl, type WebexClient } from '../transport';
import { collectRecords } from '../records/records';
import type { PollSource } from './catchUp';
import { eventKey, eventTime } from './pollState';

const TEST_EVENT_COUNT = 5;
/** How far back each look goes, one after the other until one finds events. */
const LOOKS_MS = [10 * MINUTE_MS, HOUR_MS, DAY_MS, 7 * DAY_MS];
/** Events read per look at most: Webex promises no order, so the newest may be anywhere. */
const READ_PER_LOOK = 1000;

/**
 * "Fetch Test Event" of a polling trigger, whatever Start From says: up to five of the newest
 * matching events, looking back 10 minutes, then an hour, a day, a week. State is untouched.
 * `noun` names the events in the error when none match ("Webex events").
 */
export async function newestEvents(
	ctx: IPollFunctions,
	client: WebexClient,
	request: { source: PollSource; qs: IDataObject; pageSize: number; noun: string },
): Promise<IDataObject[]> {
	const events = await newestEventsOrNone(client, request);
	if (events.length > 0) return events;
	throw noTestEvents(ctx, request.noun);
}

/** The error of Fetch Test Event when no event matches: `noun` names the events. */
export function noTestEvents(ctx: IPollFunctions, noun: string) {
	return new NodeOperationError(ctx.getNode(), `No ${noun} match the filters in the last 7 days`, {
		description:
			'Widen the filters, or cause a matching event in Webex (post a message, end a meeting, change a setting) and fetch again.',
	});
}

/** As newestEvents, but none when none match. */
export async function newestEventsOrNone(
	client: WebexClient,
	{ source, qs, pageSize }: { source: PollSource; qs: IDataObject; pageSize: number },
): Promise<IDataObject[]> {
	const nowMs = Date.now();
	for (const lookMs of LOOKS_MS) {
		const events = await collectRecords(client, {
			url: buildUrl(client.baseUrl, source.path, {
				...qs,
				...source.window(nowMs - lookMs, undefined, nowMs),
			}),
			pageSize,
			limit: READ_PER_LOOK,
			keyOf: eventKey,
			paging: source.paging,
			filterChecks: source.filterChecks,
			keep: source.keep,
		});
		if (events.length > 0) {
			return events.sort((a, b) => eventTime(b, 0) - eventTime(a, 0)).slice(0, TEST_EVENT_COUNT);
		}
	}
	return [];
}
