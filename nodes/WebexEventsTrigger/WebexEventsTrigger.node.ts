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
import { buildUrl } from '../shared/request';
import { advance, initialState, isPollState, newEvents, pollFrom } from './pollState';

const HOUR_MS = 3_600_000;
const TEST_EVENT_COUNT = 5;

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
					'Where the first activation starts; later polls go on from the newest event emitted',
			},
			{
				displayName: 'Hours Ago',
				name: 'startHoursAgo',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 2160 },
				default: 24,
				displayOptions: { show: { startFrom: ['hoursAgo'] } },
				description:
					'How many hours before activation to start from (events older than 90 days need Pro Pack)',
			},
			{
				displayName: 'Lookback (Minutes)',
				name: 'lookback',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 5,
				description:
					'Each poll asks again for this many minutes before the newest emitted event, so events Webex makes visible late are still caught; events seen before are dropped by ID. An event that appears later than this is missed.',
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
				options: [...listingOptions(EVENTS_MAX_PAGE_SIZE), simplifyOption],
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
		const lookbackMinutes = readNonNegative(
			this,
			this.getNodeParameter('lookback', 5),
			5,
			'Lookback (Minutes)',
		);
		const lookbackMs = lookbackMinutes * 60_000;

		const qs = eventsQuery(this);
		const list = async (fromMs: number, limit: number) =>
			await collectRecords(client, {
				url: buildUrl(client.baseUrl, '/events', { ...qs, from: toWebexTime(fromMs) }),
				pageSize,
				limit,
				keyOf: (event) => event.id,
			});
		const toItems = (events: IDataObject[]) =>
			events.map((event) => ({ json: options.simplify ? simplifyEvent(event) : event }));

		if (this.getMode() === 'manual') {
			// "Fetch Test Event": the newest few matching events; the poll state is left untouched.
			const now = Date.now();
			let events = await list(now - HOUR_MS, 1000);
			if (events.length === 0) events = await list(now - 7 * 24 * HOUR_MS, 1000);
			if (events.length === 0) {
				throw new NodeOperationError(
					this.getNode(),
					'No Webex events match the filters in the last 7 days',
					{
						description:
							'Widen the filters, or cause a matching event in Webex (post a message, end a meeting) and fetch again.',
					},
				);
			}
			const newest = [...events]
				.sort((a, b) => Date.parse(String(b.created)) - Date.parse(String(a.created)))
				.slice(0, TEST_EVENT_COUNT);
			return [toItems(newest)];
		}

		const staticData = this.getWorkflowStaticData('node');
		let state = isPollState(staticData.state) ? staticData.state : undefined;
		if (!state) {
			const startHoursAgo = Number(this.getNodeParameter('startHoursAgo', 24));
			const startsNow = this.getNodeParameter('startFrom', 'now') === 'now';
			state = initialState(Date.now() - (startsNow ? 0 : startHoursAgo * HOUR_MS));
		}
		// A poll that throws leaves the state as it was: the next poll starts from the same place.
		const events = await list(pollFrom(state, lookbackMs), Infinity);
		const emitted = newEvents(state, events);
		staticData.state = advance(state, emitted, lookbackMs) as unknown as IDataObject;
		return emitted.length ? [toItems(emitted)] : null;
	}
}
