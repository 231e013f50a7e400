// Every option a user can add works at the value the editor fills in: for every node of the package,
// every operation and mode (each value of its top-level choices: Resource, Operation, Source, Start
// From) and each Output, every filter and option the editor shows is added at its default, and the
// node runs through n8n's engine against the simulator (a trigger: Fetch Test Event, and a poll).
// The parameters are built from the shipped descriptions as the editor builds them: a field is
// there when its displayOptions show it, with the value it fills in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { PACKAGE, poll, runNode, simulatorCredentials, webhookTrigger } from './helpers/n8n.mjs';
import { withSimulator } from './helpers/index.mjs';
import { listMeetingSummaries } from '../simulator/meetingReports.mjs';
import { shortenWaits } from './helpers/waits.mjs';
import { ORG_ID } from '../simulator/people.mjs';

// Data in every node's default time range (the last 24 hours, 7 days for recordings).
/** The meeting instance of the first meeting-ended event that says hasPostMeetingsChat. */
function meetingWithChats(simulator) {
	for (let index = 0; index < simulator.events.count; index++) {
		const { resource, data } = simulator.events.at(index);
		if (resource === 'meetings' && data.hasPostMeetingsChat === 'yes') return data.meetingId;
	}
	throw new Error('no meeting-ended event with chats');
}

const SIMULATOR = {
	events: 600,
	eventSpanDays: 1,
	adminAuditEvents: 300,
	adminAuditSpanDays: 1,
	securityAuditEvents: 300,
	securityAuditSpanDays: 1,
	recordings: 400,
	recordingSpanDays: 5,
	adminRecordings: 3000,
	// Meeting qualities: every mode of one meeting, without Webex's 5 minutes between calls.
	qualitiesIntervalMs: 0,
	// Call history: Webex's limit counted in a minute as short as the node's (see shortenWaits).
	callHistory: { records: 600, spanDays: 1, minuteMs: 120 },
};

/** Whether the editor shows `property`: its displayOptions against the node's and its siblings' values. */
function isShown(property, root, siblings) {
	const { show = {}, hide = {}, ...other } = property.displayOptions ?? {};
	assert.deepEqual(Object.keys(other), [], `${property.name}: displayOptions this test reads`);
	const matches = ([key, values]) => {
		assert.ok(
			values.every((value) => typeof value !== 'object'),
			`${property.name}: plain displayOptions values`,
		);
		return values.includes(key.startsWith('/') ? root[key.slice(1)] : siblings[key]);
	};
	return Object.entries(show).every(matches) && !Object.entries(hide).some(matches);
}

/** A collection with every option it shows added at its default (options shown by others added too). */
function everyOption(collection, root, chosen) {
	const value = {};
	for (let added = -1; added !== Object.keys(value).length; ) {
		added = Object.keys(value).length;
		for (const option of collection.options) {
			if (option.name in value || !isShown(option, root, value)) continue;
			value[option.name] =
				option.name in chosen ? chosen[option.name] : structuredClone(option.default);
		}
	}
	return value;
}

/** The node's parameters for the chosen top-level values: each field shown at its default. */
function parametersOf(description, chosen) {
	const parameters = {};
	for (const property of description.properties) {
		if (!isShown(property, parameters, parameters)) continue;
		// A choice this field does not offer (another resource's Event) leaves it at its default.
		const offered =
			property.name in chosen &&
			(property.type !== 'options' ||
				property.options.some((option) => option.value === chosen[property.name]));
		parameters[property.name] =
			property.type === 'collection'
				? everyOption(property, parameters, chosen)
				: offered
					? chosen[property.name]
					: structuredClone(property.default);
	}
	return parameters;
}

/** Every combination of the node's top-level choices (not Authentication), each way it changes the fields. */
function modesOf(description) {
	const choices = description.properties.filter(
		(property) => property.type === 'options' && property.name !== 'authentication',
	);
	// A field shown once per resource (Event) is one choice: the values of all of them.
	const valuesByName = new Map();
	for (const choice of choices)
		valuesByName.set(choice.name, [
			...new Set([
				...(valuesByName.get(choice.name) ?? []),
				...choice.options.map((option) => option.value),
			]),
		]);
	let modes = [{}];
	for (const [name, values] of valuesByName) {
		modes = modes.flatMap((mode) => values.map((value) => ({ ...mode, [name]: value })));
	}
	const distinct = new Map();
	for (const mode of modes) {
		const parameters = parametersOf(description, mode);
		const outputs = Object.values(parameters).some(
			(value) => value && typeof value === 'object' && 'output' in value,
		)
			? description.properties
					.flatMap((property) => property.options ?? [])
					.find((option) => option.name === 'output')
					.options.map((option) => option.value)
			: [undefined];
		for (const output of outputs) {
			const withOutput = output ? parametersOf(description, { ...mode, output }) : parameters;
			distinct.set(JSON.stringify(withOutput), withOutput);
		}
	}
	return [...distinct.values()];
}

const label = (parameters) =>
	['resource', 'event', 'ownedBy', 'operation', 'source', 'startFrom']
		.filter((name) => name in parameters)
		.map((name) => `${name} ${parameters[name]}`)
		.concat(`output ${parameters.options?.output ?? 'items'}`)
		.join(', ');

describe('every filter and option at its default, on every node, operation and mode', () => {
	// Only sleeps through waits: call history's pacing (a minute per window) in 122 ms.
	shortenWaits(0.002);
	for (const [type, node] of Object.entries(PACKAGE.nodes)) {
		for (const parameters of modesOf(node.description)) {
			it(`${node.description.displayName}: ${label(parameters)}`, async () => {
				await withSimulator(SIMULATOR, async (simulator) => {
					const credentials = simulatorCredentials(simulator);
					// Call history in the Region chosen: the organisation's data is there.
					if (parameters.region && parameters.region !== 'automatic')
						simulator.callHistory.set({ homeRegion: parameters.region });
					// Organizations → List of IDs has no usable default: the token's own organization.
					if (parameters.organizations === 'list') parameters.orgIds = ORG_ID;
					if (node.webhook) {
						// A webhook trigger: activated (its webhook made at Webex as asked), then deactivated.
						const trigger = webhookTrigger({ type, parameters, credentials });
						const { staticData } = await trigger.activate();
						assert.deepEqual(
							simulator.webhooks.all().map((hook) => [hook.resource, hook.event]),
							[[parameters.resource, parameters.event]],
						);
						await trigger.deactivate(staticData);
						assert.deepEqual(simulator.webhooks.all(), []);
						return;
					}
					if (node.poll) {
						const test = await poll({ type, parameters, credentials, mode: 'manual' });
						assert.ok(test.items?.length > 0, 'Fetch Test Event shows the newest events');
						await poll({ type, parameters, credentials });
						return;
					}
					// Where a field has no usable default, what a user gives it: an event's ID (Get), and the
					// summaries of their own recordings before access details, which read each item's
					// recordingId (the Recording ID's default is {{ $json.recordingId }}).
					// Webex Meeting Compliance: a Site URL where it is required (there is no preferred site), and
					// the transcripts and archives Get Many lists before Download and Get.
					if (parameters.operation === 'get') parameters.eventId = simulator.events.at(0).id;
					// Webex Events: a message of the data set, and a file (clean: a scan state fails Download).
					if (parameters.resource === 'message') {
						const index = Array.from({ length: 600 }, (_, n) => n).find(
							(n) => simulator.events.at(n).resource === 'messages',
						);
						parameters.messageId = simulator.events.at(index).data.id;
					}
					if (parameters.resource === 'file')
						parameters.file = simulator.contents.add({ name: 'a.txt', size: 100 }).url;
					if (parameters.siteUrl === '' && parameters.resource === 'meetingTranscript')
						parameters.siteUrl = 'acme.webex.com';
					// Meeting Chat: an ended meeting instance with chats (the first such meeting-ended event).
					if (parameters.resource === 'meetingChat')
						parameters.meetingId = meetingWithChats(simulator);
					// Webex Meeting Reports: a site, and a meeting of the last week on it (the attendee report
					// needs one; qualities and summaries are of one meeting, one with summaries).
					const meeting = Array.from({ length: 40 }, (_, index) =>
						simulator.meetingReports.at(index),
					).find(
						(candidate) =>
							candidate.siteUrl === 'acme.webex.com' &&
							listMeetingSummaries(
								simulator.meetingReports,
								new URLSearchParams({ meetingId: candidate.meetingId }),
								{ caller: { compliance: true } },
							).items.length > 0,
					);
					if (parameters.siteUrl === '' && /^(usage|attendee)Report$/.test(parameters.resource))
						parameters.siteUrl = 'acme.webex.com';
					if (parameters.resource === 'attendeeReport')
						parameters.filters.meetingId = meeting.meetingId;
					if (parameters.meetingId === '') parameters.meetingId = meeting.meetingId;
					const listedFirst = {
						recordingAccessDetail: 'recordingAuditSummary',
						meetingTranscript:
							parameters.operation === 'download' ? 'meetingTranscript' : undefined,
						meetingArchive: parameters.operation === 'get' ? 'meetingArchive' : undefined,
					}[parameters.resource];
					const summaries = listedFirst
						? await runNode({
								type,
								parameters: {
									resource: listedFirst,
									operation: 'getAll',
									...(listedFirst === 'meetingTranscript' ? { siteUrl: 'acme.webex.com' } : {}),
								},
								credentials,
							})
						: undefined;
					const items = await runNode({ type, parameters, credentials, items: summaries });
					assert.ok(items.length > 0, 'the node outputs items');
					const output = parameters.options?.output ?? 'items';
					if (output !== 'items') {
						assert.equal(items.length, summaries?.length ?? 1, 'one file per input item');
						for (const item of items)
							assert.ok(item.binary[parameters.options.binaryProperty], 'the file is there');
					}
				});
			});
		}
	}
});
