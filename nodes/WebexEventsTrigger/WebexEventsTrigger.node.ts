import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { baseUrlOf } from '../shared/baseUrl';
import { toWebexTime } from '../shared/dates';
import {
	authenticationProperty,
	credentialTypeFor,
	listingOptions,
	webexCredentials,
} from '../shared/descriptions';
import {
	EVENTS_MAX_PAGE_SIZE,
	eventFilterOptions,
	EVENTS_ERROR_HINTS,
	eventsQuery,
	simplifyEvent,
	simplifyOption,
} from '../shared/eventFields';
import { readListingOptions, readNonNegative, webexClient } from '../shared/listing';
import { collectRecords } from '../shared/pages';
import { buildUrl, type WebexClient } from '../shared/request';
import { describeWait } from '../shared/retryPolicy';
import { catchUp, DEFAULT_WINDOW_MS } from './catchUp';
import { advance, eventKey, eventTime, initialState, pollStart, readPollState } from './pollState';

const HOUR_MS = 3_600_000;
const TEST_EVENT_COUNT = 5;
/** Webex keeps events 90 days, a year with Pro Pack. */
const MAX_START_HOURS = 365 * 24;
const DEFAULT_MAX_EVENTS_PER_POLL = 10_000;
const MAX_EVENTS_PER_POLL = 50_000;
const DEFAULT_POLL_BUDGET_MS = 5 * 60_000;
/** Share of the poll budget spent fetching; the rest is margin for emitting. */
const POLL_BUDGET_SHARE = 0.8;

export class WebexEventsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Webex Events Trigger',
		name: 'webexEventsTrigger',
		icon: { light: 'file:../../icons/webex.svg', dark: 'file:../../icons/webex.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Every new " + ($parameter["filters"]["resource"] || "event")}}',
		description: 'Starts the workflow with each new Webex compliance event, exactly once',
		defaults: { name: 'Webex Events Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: webexCredentials,
		properties: [
			authenticationProperty,
			{
				displayName: 'Start From',
				name: 'startFrom',
				type: 'options',
				options: [
					{
						name: 'Now',
						value: 'now',
						description: 'Emit only events that happen after activation',
					},
					{
						name: 'Hours Ago',
						value: 'hoursAgo',
						description: 'Also emit the events of the last hours, once',
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
				typeOptions: { minValue: 1, maxValue: 8760 },
				default: 24,
				displayOptions: { show: { startFrom: ['hoursAgo'] } },
				description:
					'How many hours before activation to start from, up to 8,760 (a year). Webex keeps events for 90 days (2,160 hours); older ones need Pro Pack. A large backlog is emitted over several polls, oldest first.',
			},
			{
				displayName: 'Lookback (Minutes)',
				name: 'lookback',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 5,
				description:
					'Each poll asks again for this many minutes before where the last poll stopped (the newest event emitted, or the end of a backlog window), so events Webex makes visible late are still caught; events emitted before are dropped by ID. An event that appears later than this is missed.',
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				options: eventFilterOptions(),
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Max Events per Poll',
						name: 'maxEventsPerPoll',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 50000 },
						default: 10000,
						description:
							'Most events one poll emits, oldest first (1 to 50,000). A larger backlog (after downtime, or Start From hours ago) is emitted over the next polls, each going on where the last stopped.',
					},
					...listingOptions(EVENTS_MAX_PAGE_SIZE),
					simplifyOption,
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const pollStartedMs = Date.now();
		const credentialType = credentialTypeFor(
			this.getNodeParameter('authentication', 'accessToken'),
		);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const { pageSize, policy } = readListingOptions(this, options, EVENTS_MAX_PAGE_SIZE);
		const maxEvents = readMaxEventsPerPoll(this, options.maxEventsPerPoll);
		const lookbackMs =
			readNonNegative(this, this.getNodeParameter('lookback', 5), 5, 'Lookback (Minutes)') * 60_000;
		// Not a declarative node: no Request Options, so the policy's default timeout applies, and
		// n8n's proxy settings from the environment apply as to any request without a proxy.
		const client = webexClient(this, {
			credentialType,
			baseUrl: baseUrlOf(await this.getCredentials(credentialType)),
			headers: { Accept: 'application/json' },
			hints: EVENTS_ERROR_HINTS,
			policy,
		});
		const qs = eventsQuery(this);
		const toItems = (events: IDataObject[]) =>
			events.map((event) => ({ json: options.simplify ? simplifyEvent(event) : event }));

		if (this.getMode() === 'manual') return [toItems(await newestEvents(this, client, qs))];

		const staticData = this.getWorkflowStaticData('node');
		const state = readPollState(staticData.state) ?? initialState(startOf(this, pollStartedMs));
		// n8n 2.41 tells a poll its budget; 2.40 does not, and 5 minutes is its fixed limit too.
		const budgetMs = this.getPollBudgetMs?.() ?? DEFAULT_POLL_BUDGET_MS;
		client.deadlineMs = pollStartedMs + budgetMs * POLL_BUDGET_SHARE;
		const nowMs = Date.now();
		// A poll that throws leaves the state as it was: the next poll starts from the same place.
		const result = await catchUp(client, {
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
			this.logger.info(
				`Webex Events Trigger is catching up: emitted ${result.events.length} events; the next poll goes on from ${new Date(result.positionMs).toISOString()}, ${describeWait(nowMs - result.positionMs)} behind`,
			);
		}
		return result.events.length ? [toItems(result.events)] : null;
	}
}

/** Where the first activation starts: now, or Hours Ago. */
function startOf(ctx: IPollFunctions, nowMs: number): number {
	if (ctx.getNodeParameter('startFrom', 'now') === 'now') return nowMs;
	const hours = Number(ctx.getNodeParameter('startHoursAgo', 24));
	if (!Number.isFinite(hours) || hours < 1 || hours > MAX_START_HOURS) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Hours Ago must be a number from 1 to ${MAX_START_HOURS} (got ${String(hours)})`,
			{ description: `Webex keeps events for 90 days, or up to a year with Pro Pack.` },
		);
	}
	return nowMs - hours * HOUR_MS;
}

function readMaxEventsPerPoll(ctx: IPollFunctions, value: unknown): number {
	const max = readNonNegative(ctx, value, DEFAULT_MAX_EVENTS_PER_POLL, 'Max Events per Poll');
	if (!Number.isInteger(max) || max < 1 || max > MAX_EVENTS_PER_POLL) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Max Events per Poll must be a whole number from 1 to ${MAX_EVENTS_PER_POLL} (got ${String(value)})`,
			{
				description: `Remove the option to use ${DEFAULT_MAX_EVENTS_PER_POLL}; a backlog is emitted over several polls.`,
			},
		);
	}
	return max;
}

/**
 * "Fetch Test Event": up to five of the newest matching events, looking back 10 minutes, then an
 * hour, a day, a week (at most 1,000 read per look: Webex promises no order). State is untouched.
 */
async function newestEvents(
	ctx: IPollFunctions,
	client: WebexClient,
	qs: IDataObject,
): Promise<IDataObject[]> {
	const nowMs = Date.now();
	for (const lookMs of [10 * 60_000, HOUR_MS, 24 * HOUR_MS, 7 * 24 * HOUR_MS]) {
		const events = await collectRecords(client, {
			url: buildUrl(client.baseUrl, '/events', { ...qs, from: toWebexTime(nowMs - lookMs) }),
			pageSize: EVENTS_MAX_PAGE_SIZE,
			limit: 1000,
			keyOf: eventKey,
		});
		if (events.length > 0) {
			return events.sort((a, b) => eventTime(b, 0) - eventTime(a, 0)).slice(0, TEST_EVENT_COUNT);
		}
	}
	throw new NodeOperationError(
		ctx.getNode(),
		'No Webex events match the filters in the last 7 days',
		{
			description:
				'Widen the filters, or cause a matching event in Webex (post a message, end a meeting) and fetch again.',
		},
	);
}
