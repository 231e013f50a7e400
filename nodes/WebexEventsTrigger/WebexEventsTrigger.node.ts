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
	webexIcon,
} from '../shared/descriptions';
import {
	EVENTS_MAX_PAGE_SIZE,
	eventFilterOptions,
	EVENTS_ERROR_HINTS,
	eventsQuery,
	simplifyEvent,
	simplifyOption,
} from '../shared/eventFields';
import { readListingOptions, webexClient } from '../shared/listing';
import { collectRecords } from '../shared/pages';
import type { PollSource } from '../shared/poll/catchUp';
import { eventKey, eventTime } from '../shared/poll/pollState';
import {
	maxEventsPerPollOption,
	pollNewEvents,
	pollStartProperties,
} from '../shared/poll/pollTrigger';
import { buildUrl, type WebexClient } from '../shared/request';

const HOUR_MS = 3_600_000;
const TEST_EVENT_COUNT = 5;

export class WebexEventsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Webex Events Trigger',
		name: 'webexEventsTrigger',
		icon: webexIcon,
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Every new " + ($parameter["filters"]["eventResource"] || "event")}}',
		description: 'Starts the workflow with each new Webex compliance event, exactly once',
		defaults: { name: 'Webex Events Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: webexCredentials,
		properties: [
			authenticationProperty,
			...pollStartProperties('events'),
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
				options: [maxEventsPerPollOption, ...listingOptions(EVENTS_MAX_PAGE_SIZE), simplifyOption],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const credentialType = credentialTypeFor(
			this.getNodeParameter('authentication', 'accessToken'),
		);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const { pageSize, policy } = readListingOptions(this, options, EVENTS_MAX_PAGE_SIZE);
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
		const events = await pollNewEvents(this, {
			client,
			source: EVENTS_SOURCE,
			qs,
			pageSize,
			options,
			name: 'Webex Events Trigger',
		});
		return events.length ? [toItems(events)] : null;
	}
}

/** /events windows: `to` is left out of the last one, as Webex rejects a `to` in the future. */
const EVENTS_SOURCE: PollSource = {
	path: '/events',
	window: (fromMs, toMs) => ({
		from: toWebexTime(fromMs - 1),
		...(toMs === undefined ? {} : { to: toWebexTime(toMs) }),
	}),
};

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
