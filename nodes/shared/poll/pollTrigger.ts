import {
	NodeOperationError,
	type IDataObject,
	type INodeProperties,
	type IPollFunctions,
} from 'n8n-workflow';

import { readWholeNumber } from '../fields';
import { readNonNegative } from '../listing';
import type { WebexClient } from '../request';
import { describeWait } from '../retryPolicy';
import { catchUp, DEFAULT_WINDOW_MS, type PollSource } from './catchUp';
import { advance, initialState, pollStart, readPollState } from './pollState';

/**
 * What every Webex polling trigger shares: where it starts, its Lookback, Max Events per Poll,
 * and a poll that catches up from its state in the workflow's static data.
 */

const HOUR_MS = 3_600_000;
/** Webex keeps events 90 days, a year with Pro Pack. */
const MAX_START_HOURS = 365 * 24;
const DEFAULT_MAX_EVENTS_PER_POLL = 10_000;
const MAX_EVENTS_PER_POLL = 50_000;
const DEFAULT_POLL_BUDGET_MS = 5 * 60_000;
/** Share of the poll budget spent fetching; the rest is margin for emitting. */
const POLL_BUDGET_SHARE = 0.8;

/** Start From, Hours Ago and Lookback, for the trigger's properties. */
export function pollStartProperties(noun: string): INodeProperties[] {
	return [
		{
			displayName: 'Start From',
			name: 'startFrom',
			type: 'options',
			options: [
				{
					name: 'Now',
					value: 'now',
					description: `Emit only ${noun} that happen after activation`,
				},
				{
					name: 'Hours Ago',
					value: 'hoursAgo',
					description: `Also emit the ${noun} of the last hours, once`,
				},
			],
			default: 'now',
			description:
				'Where the first activation starts; later polls go on from where the last one stopped',
		},
		{
			displayName: 'Hours Ago',
			name: 'startHoursAgo',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_START_HOURS },
			default: 24,
			displayOptions: { show: { startFrom: ['hoursAgo'] } },
			description: `How many hours before activation to start from, up to 8,760 (a year). Webex keeps ${noun} for 90 days (2,160 hours); older ones need Pro Pack. A large backlog is emitted over several polls, oldest first.`,
		},
		{
			displayName: 'Lookback (Minutes)',
			name: 'lookback',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 5,
			description: `Each poll asks again for this many minutes before where the last poll stopped (the newest one emitted, or the end of a backlog window), so ${noun} Webex makes visible late are still caught; ones emitted before are dropped by ID. One that appears later than this is missed.`,
		},
	];
}

export const maxEventsPerPollOption: INodeProperties = {
	displayName: 'Max Events per Poll',
	name: 'maxEventsPerPoll',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_EVENTS_PER_POLL },
	default: DEFAULT_MAX_EVENTS_PER_POLL,
	description:
		'Most events one poll emits, oldest first (1 to 50,000). A larger backlog (after downtime, or Start From hours ago) is emitted over the next polls, each going on where the last stopped.',
};

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
	}: {
		client: WebexClient;
		source: PollSource;
		qs: IDataObject;
		pageSize: number;
		options: IDataObject;
		/** The trigger's name, for the log. */
		name: string;
	},
): Promise<IDataObject[]> {
	const pollStartedMs = Date.now();
	const maxEvents = readMaxEventsPerPoll(ctx, options.maxEventsPerPoll);
	const lookbackMs =
		readNonNegative(ctx, ctx.getNodeParameter('lookback', 5), 5, 'Lookback (Minutes)') * 60_000;
	const staticData = ctx.getWorkflowStaticData('node');
	const state = readPollState(staticData.state) ?? initialState(startOf(ctx, pollStartedMs));
	// n8n 2.41 tells a poll its budget; 2.40 does not, and 5 minutes is its fixed limit too.
	const budgetMs = ctx.getPollBudgetMs?.() ?? DEFAULT_POLL_BUDGET_MS;
	client.deadlineMs = pollStartedMs + budgetMs * POLL_BUDGET_SHARE;
	const nowMs = Date.now();
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
		maxEvents,
		windowMs: state.windowMs ?? DEFAULT_WINDOW_MS,
		deadlineMs: client.deadlineMs,
	});
	staticData.state = advance(state, {
		emitted: result.emitted,
		positionMs: result.positionMs,
		lookbackMs,
		nowMs,
		windowMs: result.windowMs,
	}) as unknown as IDataObject;
	if (!result.caughtUp) {
		ctx.logger.info(
			`${name} is catching up: emitted ${result.events.length} events; the next poll goes on from ${new Date(result.positionMs).toISOString()}, ${describeWait(nowMs - result.positionMs)} behind`,
		);
	}
	return result.events;
}

/** Where the first activation starts: now, or Hours Ago. */
function startOf(ctx: IPollFunctions, nowMs: number): number {
	if (ctx.getNodeParameter('startFrom', 'now') === 'now') return nowMs;
	const hours = Number(ctx.getNodeParameter('startHoursAgo', 24));
	if (!Number.isFinite(hours) || hours < 1 || hours > MAX_START_HOURS) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Hours Ago must be a number from 1 to ${MAX_START_HOURS} (got ${String(hours)})`,
			{ description: 'Webex keeps events for 90 days, or up to a year with Pro Pack.' },
		);
	}
	return nowMs - hours * HOUR_MS;
}

function readMaxEventsPerPoll(ctx: IPollFunctions, value: unknown): number {
	return readWholeNumber(ctx, value, {
		label: 'Max Events per Poll',
		min: 1,
		max: MAX_EVENTS_PER_POLL,
		fallback: DEFAULT_MAX_EVENTS_PER_POLL,
		fix: `Remove the option to use ${DEFAULT_MAX_EVENTS_PER_POLL}; a backlog is emitted over several polls.`,
	});
}
