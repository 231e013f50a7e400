import { type IDataObject, type IPollFunctions } from 'n8n-workflow';

import {
	DEFAULT_LOOKBACK_MINUTES,
	DEFAULT_MAX_EVENTS_PER_POLL,
	DEFAULT_POLL_BUDGET_MS,
	DEFAULT_START_HOURS,
	HOUR_MS,
	MAX_EVENTS_PER_POLL,
	MAX_START_HOURS,
	MINUTE_MS,
	POLL_BUDGET_SHARE,
	POLL_LOOKUP_SHARE,
} from '../limits';
import { failOnField, readNonNegative, readWholeNumber } from '../options';
import { describeWait, type WebexClient } from '../transport';
import { catchUp, DEFAULT_WINDOW_MS, type EventBudget, type PollSource } from './catchUp';
import { advance, initialState, pollStart, readPollState, type PollState } from './pollState';

/**
 * What every Webex polling trigger shares: a poll that catches up from its state in the
 * workflow's static data, within n8n's poll budget.
 */

/**
 * How long n8n gives a poll (n8n 2.41 says; 2.40 and 1.x do not, and 5 minutes is their fixed
 * limit too).
 */
export const pollBudgetMs = (ctx: IPollFunctions): number =>
	ctx.getPollBudgetMs?.() ?? DEFAULT_POLL_BUDGET_MS;

/** When this poll stops fetching: a share of its budget. Pass it to the poll's client. */
export function pollDeadlineMs(ctx: IPollFunctions, startedMs = Date.now()): number {
	return startedMs + pollBudgetMs(ctx) * POLL_BUDGET_SHARE;
}

/**
 * One poll: the oldest new events from where the state says, at most Max Events per Poll, within
 * n8n's poll budget; the state in static data moves only when the poll succeeds.
 */
export async function pollNewEvents(
	ctx: IPollFunctions,
	{
		client,
		source,
		qs,
		pageSize,
		options,
		name,
		enrich,
		budget = { left: readMaxEventsPerPoll(ctx, options.maxEventsPerPoll) },
		state: slot = staticStateSlot(ctx),
	}: {
		client: WebexClient;
		source: PollSource;
		qs: IDataObject;
		pageSize: number;
		options: IDataObject;
		/** The trigger's name, for the log. */
		name: string;
		/**
		 * Completes the new events (oldest first) before they are emitted and the state moves, e.g.
		 * Resolve People. It may give back fewer, the oldest ones, when the poll runs out of time:
		 * the state then moves only past those, and the next poll emits the rest.
		 */
		enrich?: (events: IDataObject[]) => Promise<IDataObject[]>;
		/** What the events are taken from (default: Max Events per Poll of this stream alone). */
		budget?: EventBudget;
		/** Where the state is kept (default: the node's static data `state`). */
		state?: PollStateSlot;
	},
): Promise<IDataObject[]> {
	const lookbackMs =
		readNonNegative(
			ctx,
			ctx.getNodeParameter('lookback', DEFAULT_LOOKBACK_MINUTES),
			DEFAULT_LOOKBACK_MINUTES,
			'Lookback (Minutes)',
		) * MINUTE_MS;
	const nowMs = Date.now();
	const state = slot.read() ?? initialState(startOf(ctx, nowMs));
	const deadlineMs = client.deadlineMs ?? pollDeadlineMs(ctx, nowMs);
	// A poll that throws leaves the state as it was: the next poll starts from the same place.
	const result = await catchUp(client, {
		source,
		qs,
		pageSize,
		startMs: pollStart(state, lookbackMs),
		positionMs: state.positionMs,
		sinceMs: state.sinceMs,
		nowMs,
		remembered: new Set(state.emitted.map(([key]) => key)),
		budget,
		windowMs: state.windowMs ?? DEFAULT_WINDOW_MS,
		// What enrich does comes after the windows: no window starts in the share kept for it.
		deadlineMs: enrich ? deadlineMs - (deadlineMs - nowMs) * POLL_LOOKUP_SHARE : deadlineMs,
	});
	const events = enrich ? await enrich(result.events) : result.events;
	const emitted = result.emitted.slice(0, events.length);
	const cut = events.length < result.events.length;
	budget.left += result.events.length - events.length;
	// Cut: every event before the last one emitted was emitted (they are in order).
	const positionMs = cut ? (emitted.at(-1)?.[1] ?? state.positionMs) : result.positionMs;
	const next = advance(state, {
		emitted,
		positionMs,
		lookbackMs,
		nowMs,
		windowMs: result.windowMs,
	});
	slot.write(next);
	if (!result.caughtUp || cut) {
		ctx.logger.info(
			`${name} is catching up: emitted ${events.length} events; the next poll goes on from ${new Date(next.positionMs).toISOString()}, ${describeWait(nowMs - next.positionMs)} behind`,
		);
	}
	return events;
}

/** Where a poll's state is read from and written to (only when the poll succeeds). */
export interface PollStateSlot {
	read(): PollState | undefined;
	write(state: PollState): void;
}

/** The state in the node's static data, as a trigger watching one stream keeps it. */
function staticStateSlot(ctx: IPollFunctions): PollStateSlot {
	const staticData = ctx.getWorkflowStaticData('node');
	return {
		read: () => readPollState(staticData.state),
		write: (state) => (staticData.state = state as unknown as IDataObject),
	};
}

/** Where the first activation starts: now, or Hours Ago. */
function startOf(ctx: IPollFunctions, nowMs: number): number {
	if (ctx.getNodeParameter('startFrom', 'now') === 'now') return nowMs;
	const hours = Number(ctx.getNodeParameter('startHoursAgo', DEFAULT_START_HOURS));
	if (!Number.isFinite(hours) || hours < 1 || hours > MAX_START_HOURS) {
		failOnField(
			ctx,
			`Hours Ago must be a number from 1 to ${MAX_START_HOURS} (got ${String(hours)})`,
			'Webex keeps events for 90 days, or up to a year with Pro Pack.',
		);
	}
	return nowMs - hours * HOUR_MS;
}

export function readMaxEventsPerPoll(ctx: IPollFunctions, value: unknown): number {
	return readWholeNumber(ctx, value, {
		label: 'Max Events per Poll',
		min: MAX_EVENTS_PER_POLL.min,
		max: MAX_EVENTS_PER_POLL.max,
		fallback: DEFAULT_MAX_EVENTS_PER_POLL,
		fix: `Remove the option to use ${DEFAULT_MAX_EVENTS_PER_POLL}; a backlog is emitted over several polls.`,
	});
}
