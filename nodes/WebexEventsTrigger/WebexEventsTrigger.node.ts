import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { toWebexTime } from '../shared/dates';
import {
	authenticationProperty,
	filtersCollection,
	listingOptions,
	optionsCollection,
	simplifyOption,
	webexCredentials,
	webexIcon,
} from '../shared/descriptions/common';
import {
	downloadFilesOptions,
	eventFilterOptions,
	resolvePeopleOption,
} from '../shared/descriptions/events';
import { maxEventsPerPollOption, pollStartProperties } from '../shared/descriptions/poll';
import {
	EVENT_COLUMNS,
	EVENT_FILTER_CHECKS,
	EVENTS_ERROR_HINTS,
	eventMapper,
	eventsQuery,
} from '../shared/events';
import { MAX_PAGE_SIZE } from '../shared/limits';
import { itemsWithMessageFiles, readDownloadFiles, type StoreFile } from '../shared/messageFiles';
import { readPageSize, readRetryPolicy } from '../shared/options';
import { peopleCacheOf, readPeopleCache, withActorNames } from '../shared/people';
import type { PollSource } from '../shared/poll/catchUp';
import { onePollAtATime } from '../shared/poll/onePollAtATime';
import { pollDeadlineMs, pollNewEvents } from '../shared/poll/pollTrigger';
import { newestEvents } from '../shared/poll/testEvents';
import { exclusiveStart } from '../shared/timeRange';
import { createWebexClient } from '../shared/transport';

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
			// Names the trigger's action in n8n's node picker (a property labelled Event with options);
			// never shown, and its one value changes nothing.
			{
				displayName: 'Event',
				name: 'event',
				type: 'hidden',
				options: [{ name: 'New Event', value: 'newEvent', action: 'On new Webex event' }],
				default: 'newEvent',
			},
			...pollStartProperties('events'),
			filtersCollection(eventFilterOptions()),
			optionsCollection([
				maxEventsPerPollOption,
				...listingOptions(MAX_PAGE_SIZE.events),
				...downloadFilesOptions,
				resolvePeopleOption,
				simplifyOption(EVENT_COLUMNS),
			]),
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await onePollAtATime(
			this,
			'Webex Events Trigger',
			async () => await pollEvents.call(this),
		);
	}
}

/** One poll of the trigger (see onePollAtATime for when it is skipped). */
async function pollEvents(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const pageSize = readPageSize(this, options.pageSize, MAX_PAGE_SIZE.events);
	// Not a declarative node: no Request Options, so the policy's default timeout applies, and
	// n8n's proxy settings from the environment apply as to any request without a proxy.
	const client = await createWebexClient(this, {
		hints: EVENTS_ERROR_HINTS,
		policy: readRetryPolicy(this, options),
		deadlineMs: pollDeadlineMs(this),
	});
	const qs = eventsQuery(this);
	const toJson = eventMapper(options);
	const plainItems = (events: IDataObject[]) =>
		events.map((event) => ({ json: toJson ? toJson(event) : event }));
	// Download Files: the items are made with the files, before the state moves (a poll that runs
	// out of time emits the leading events whose files are complete).
	const files = readDownloadFiles(options);
	const store: StoreFile = async (stream, fileName, mimeType) =>
		await this.helpers.prepareBinaryData(stream as never, fileName, mimeType);
	let fileItems: INodeExecutionData[] | undefined;
	const withFiles = async (events: IDataObject[]) => {
		if (!files) return events;
		fileItems = await itemsWithMessageFiles(client, events, { options: files, store, toJson });
		return events.slice(0, fileItems.length);
	};
	const toItems = (events: IDataObject[]) => fileItems ?? plainItems(events);

	if (this.getMode() === 'manual') {
		const newest = await newestEvents(this, client, {
			source: EVENTS_SOURCE,
			qs,
			pageSize,
			noun: 'Webex events',
		});
		return [
			toItems(
				await withFiles(options.resolvePeople ? await withActorNames(client, newest) : newest),
			),
		];
	}
	// Resolve People: the people looked up by the last polls are not asked again (a bounded
	// cache in static data, saved with the state when the poll succeeds).
	const staticData = this.getWorkflowStaticData('node');
	const people = options.resolvePeople ? readPeopleCache(staticData.people, Date.now()) : undefined;
	const events = await pollNewEvents(this, {
		client,
		source: EVENTS_SOURCE,
		qs,
		pageSize,
		options,
		name: 'Webex Events Trigger',
		enrich:
			people || files
				? async (found) =>
						await withFiles(people ? await withActorNames(client, found, people) : found)
				: undefined,
	});
	if (people) staticData.people = peopleCacheOf(people);
	else if ('people' in staticData) delete staticData.people;
	return events.length ? [toItems(events)] : null;
}

/** /events windows: `to` is left out of the last one, as Webex rejects a `to` in the future. */
const EVENTS_SOURCE: PollSource = {
	path: '/events',
	filterChecks: EVENT_FILTER_CHECKS,
	window: (fromMs, toMs) => ({
		from: exclusiveStart(fromMs),
		...(toMs === undefined ? {} : { to: toWebexTime(toMs) }),
	}),
};
