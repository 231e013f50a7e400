// GET /v1/meetings/postMeetingChats (openapi-messages-chats-excerpt.json): the chats of an ended
// meeting instance, for compliance officers. The meeting instances are those of the events data
// set's meeting-ended events (resource=meetings, type=ended, generated or live) that say
// hasPostMeetingsChat "yes"; their chats are generated from the seed and the meeting ID, oldest
// first, and paged by `offset` (the definition declares no Link header; one is sent on request).
import { DateTime } from 'luxon';

import { MESSAGING_EXAMPLES } from './definitions.mjs';
import { WebexHttpError } from './errors.mjs';
import { readMax } from './paging.mjs';
import { hash32, pick, prng, stableUuid } from './random.mjs';

export const CHATS_MAX = { defaultMax: 10, ceiling: 100 };
/** About one chat in this many is the definition's example ("hi", private), with this meeting's people. */
const EXAMPLE_EVERY = 10;
/** How long before the meeting ended its chats were written. */
const MEETING_SPAN_MS = 45 * 60_000;
const TEXTS = [
	'Can everyone see my screen?',
	'Sharing the deck in the space after the call.',
	'Please keep the figures inside the deal team.',
	'Ça marche, je vous envoie le lien.',
	'Zoë, can you take the action items?',
	'Muting, the line is noisy.',
	'Agreed: we close on Friday.',
	'Thanks all 👍',
];
const TYPES = ['public', 'public', 'private', 'group'];

/** Webex's meeting series ID and scheduled meeting ID shapes: no post-meeting chats are asked by them. */
const INSTANCE_ID = /^[0-9a-f]{32}_I_\d+$/i;

/**
 * The chats of the meeting instances that `events` (eventDataset) says ended with chats: each has
 * between half of `perMeeting` and all of it.
 * `chats(meetingId)`: {count, at(n)} of that meeting, undefined for a meeting that is not a known
 * ended instance (`hasChats` false: an ended meeting without chats).
 */
export function chatDataset({ seed, events, people, perMeeting }) {
	if (!Number.isInteger(perMeeting) || perMeeting < 0)
		throw new RangeError('chatsPerMeeting must be a whole number, 0 or more');

	/** The meeting-ended event of a meeting instance ID, generated (its index is in the ID) or live. */
	function endedEvent(meetingId) {
		const isIt = (event) =>
			event?.resource === 'meetings' &&
			event.type === 'ended' &&
			event.data?.meetingId === meetingId;
		const live = events.live.find(isIt);
		if (live) return live;
		const index = Number(/_I_(\d+)$/.exec(meetingId)?.[1]) - 100_000_000;
		if (!Number.isInteger(index) || index < 0 || index >= events.count) return undefined;
		const event = events.at(index);
		return isIt(event) ? event : undefined;
	}

	function chats(meetingId) {
		if (!INSTANCE_ID.test(meetingId)) return undefined;
		const event = endedEvent(meetingId);
		if (!event) return undefined;
		if (event.data.hasPostMeetingsChat !== 'yes' || perMeeting === 0)
			return { count: 0, at: () => undefined };
		const count = perMeeting - (hash32(seed, 'chat-count', meetingId) % Math.ceil(perMeeting / 2));
		// Whole seconds, as the definition's example.
		const endedMs = Math.floor(Date.parse(event.created) / 1000) * 1000;
		const spacing = Math.max(1000, Math.floor(MEETING_SPAN_MS / count / 1000) * 1000);
		const firstMs = endedMs - spacing * (count + 1);
		// The meeting's own people: its host and a few attendees.
		const random = prng(hash32(seed, 'chat-people', meetingId));
		const attendees = [0, 1, 2, 3, 4].map(() => pick(random, people));
		function at(n) {
			const chat = prng(hash32(seed, 'chat', meetingId, n));
			const sender = pick(chat, attendees);
			const others = attendees.filter((person) => person.id !== sender.id);
			const own = hash32(seed, 'chat-example', meetingId, n) % EXAMPLE_EVERY === 0;
			const type = own ? MESSAGING_EXAMPLES.chat.type : pick(chat, TYPES);
			const receivers =
				type === 'private'
					? [others[0] ?? sender]
					: type === 'group'
						? others.slice(0, 2)
						: // Public: to everyone in the meeting, whom Webex does not list (documented behaviour, no recorded answer).
							[];
			return {
				id: stableUuid(seed, 'chat', meetingId, n),
				chatTime: DateTime.fromMillis(firstMs + spacing * n, { zone: 'UTC' }).toISO({
					suppressMilliseconds: true,
				}),
				text: own ? MESSAGING_EXAMPLES.chat.text : pick(chat, TEXTS),
				meetingId,
				type,
				sender: presentPerson(sender),
				receivers: receivers.map(presentPerson),
			};
		}
		return { count, at };
	}

	return { chats, perMeeting };
}

const presentPerson = (person) => ({
	email: person.emails[0],
	displayName: person.displayName,
	personId: person.id,
	orgId: person.orgId,
});

function readOffset(query) {
	const raw = query.get('offset');
	const offset = raw === null || raw === '' ? 0 : Number(raw);
	if (!Number.isInteger(offset) || offset < 0)
		throw new WebexHttpError(400, "Invalid 'offset' parameter: must be a non-negative integer.");
	return offset;
}

/**
 * Handles one GET /v1/meetings/postMeetingChats request; returns {items, next?, state}. Compliance
 * officers only (403); a meeting ID that is not an ended meeting instance (unknown, a series, a
 * scheduled meeting, one still in progress) is a 404; `next` only with `link`, while chats remain.
 */
export function listPostMeetingChats(dataset, query, { caller, publicBase, path, link = false }) {
	if (!caller.compliance)
		throw new WebexHttpError(
			403,
			'The compliance officer role is required to list post-meeting chats.',
		);
	const meetingId = query.get('meetingId') || undefined;
	if (meetingId === undefined)
		throw new WebexHttpError(400, "Missing required parameter 'meetingId'.");
	const max = readMax(query, CHATS_MAX);
	const offset = readOffset(query);
	const chats = dataset.chats(meetingId);
	if (!chats)
		throw new WebexHttpError(
			404,
			`Meeting not found or not ended: ${meetingId}. Only meeting instances in state ended are supported.`,
		);
	const items = [];
	for (let n = offset; n < chats.count && items.length < max; n++) items.push(chats.at(n));
	let next;
	if (link && offset + items.length < chats.count) {
		const params = new URLSearchParams(query);
		params.set('offset', String(offset + items.length));
		next = `${publicBase}${path}?${params}`;
	}
	return { items, next, state: { p: Math.floor(offset / max) } };
}

/** Every chat of a meeting, in order, as Webex lists them (for tests); [] for none. */
export function allChats(dataset, meetingId) {
	const chats = dataset.chats(meetingId);
	return chats ? Array.from({ length: chats.count }, (_, n) => chats.at(n)) : [];
}
