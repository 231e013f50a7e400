// The simulator is the ground truth of every other test: it must page and reject as Webex does.
// Here: post-meeting chats of the meeting-ended events, each answer checked against Webex's
// definitions (openapi-messages-chats-excerpt.json).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { allChats } from '../../simulator/chats.mjs';
import { MESSAGING_EXAMPLES } from '../../simulator/definitions.mjs';
import { withSimulator } from '../helpers/index.mjs';
import { get } from '../helpers/simulatorRequests.mjs';

const PATH = '/meetings/postMeetingChats';

/** The meeting-ended events of the data set. */
function meetingsEnded(simulator) {
	const ended = [];
	for (let index = 0; index < simulator.events.count; index++) {
		const event = simulator.events.at(index);
		if (event.resource === 'meetings') ended.push(event);
	}
	return ended;
}

describe('simulator: post-meeting chats', () => {
	it('the meeting-ended events say hasPostMeetingsChat; those that say yes have chats, by offset, every chat once', async () => {
		await withSimulator({ events: 2000, chatsPerMeeting: 60 }, async (simulator) => {
			const ended = meetingsEnded(simulator);
			assert.ok(ended.every((event) => event.type === 'ended'));
			const withChats = ended.filter((event) => event.data.hasPostMeetingsChat === 'yes');
			assert.ok(withChats.length > 10 && withChats.length < ended.length);
			for (const { data, created } of withChats.slice(0, 5)) {
				const want = allChats(simulator.chats, data.meetingId);
				assert.ok(want.length >= 30 && want.length <= 60, `${want.length} chats`);
				const read = [];
				for (let offset = 0, pages = 0; pages < 100; pages++) {
					const page = await get(
						simulator,
						`${PATH}?meetingId=${data.meetingId}&max=25&offset=${offset}`,
					);
					assert.equal(page.status, 200);
					assert.equal(page.headers.link, undefined, 'no Link: the definition declares none');
					read.push(...page.body.items);
					if (page.body.items.length < 25) break;
					offset += page.body.items.length;
				}
				assert.deepEqual(read, want);
				assert.equal(new Set(read.map((chat) => chat.id)).size, read.length);
				assert.ok(read.every((chat) => chat.meetingId === data.meetingId));
				const times = read.map((chat) => Date.parse(chat.chatTime));
				assert.ok(
					times.every((ms, n) => n === 0 || ms > times[n - 1]),
					'oldest first',
				);
				assert.ok(times.at(-1) < Date.parse(created), 'written before the meeting ended');
			}
			const none = ended.find((event) => event.data.hasPostMeetingsChat === 'no');
			const empty = await get(simulator, `${PATH}?meetingId=${none.data.meetingId}`);
			assert.deepEqual([empty.status, empty.body], [200, { items: [] }]);
		});
	});

	it("max defaults to 10 and is held to 100; the definition's example among the chats; chatsLink sends the next offset", async () => {
		await withSimulator(
			{ events: 2000, chatsPerMeeting: 250, chatsLink: true },
			async (simulator) => {
				const [{ data }] = meetingsEnded(simulator).filter(
					(event) => event.data.hasPostMeetingsChat === 'yes',
				);
				const want = allChats(simulator.chats, data.meetingId);
				const first = await get(simulator, `${PATH}?meetingId=${data.meetingId}`);
				assert.equal(first.body.items.length, 10);
				const next = new URL(/<([^>]+)>; rel="next"/.exec(first.headers.link)[1]);
				assert.equal(next.searchParams.get('offset'), '10');
				assert.equal(next.searchParams.get('meetingId'), data.meetingId);
				const over = await get(simulator, `${PATH}?meetingId=${data.meetingId}&max=500`, {
					offContract: 'max above the 100 the definition states, on purpose',
				});
				assert.deepEqual(over.body.items, want.slice(0, 100));
				const example = want.filter((chat) => chat.text === MESSAGING_EXAMPLES.chat.text);
				assert.ok(example.length > 5 && example.length < want.length / 4, `${example.length}`);
				assert.ok(example.every((chat) => chat.type === 'private' && chat.receivers.length === 1));
				const bad = await get(simulator, `${PATH}?meetingId=${data.meetingId}&offset=-1`, {
					offContract: 'a negative offset on purpose',
				});
				assert.equal(bad.status, 400);
			},
		);
	});

	it('refusals: not a compliance officer is a 403; an unknown, series or not-ended meeting a 404, in Webex’s error shape', async () => {
		await withSimulator({ events: 2000 }, async (simulator) => {
			const ended = meetingsEnded(simulator);
			const { meetingId } = ended.find((event) => event.data.hasPostMeetingsChat === 'yes').data;
			const refused = await get(simulator, `${PATH}?meetingId=${meetingId}`, {
				token: 'user-token',
			});
			assert.equal(refused.status, 403);
			assert.match(refused.body.message, /compliance officer/);
			// A meeting-transcript event's meeting: an instance ID, but no meeting-ended event says so.
			const notEnded = (() => {
				for (let index = 0; index < simulator.events.count; index++) {
					const event = simulator.events.at(index);
					if (event.resource === 'meetingTranscripts') return event.data.meetingId;
				}
			})();
			for (const id of [meetingId.split('_I_')[0], `${meetingId}9`, notEnded, 'unknown']) {
				const missing = await get(simulator, `${PATH}?meetingId=${encodeURIComponent(id)}`);
				assert.equal(missing.status, 404, id);
				assert.ok(missing.body.trackingId && missing.body.errors[0].description);
				assert.match(missing.body.message, /not found or not ended/);
			}
		});
	});
});
