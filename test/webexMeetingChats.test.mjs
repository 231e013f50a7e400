// Webex Meeting Compliance: Meeting Chat → Get Many (post-meeting chats of an ended meeting
// instance), through n8n's RoutingNode against the simulator.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';

import { allChats } from '../simulator/chats.mjs';
import { runNode, simulatorCredentials } from './helpers/n8n.mjs';
import { jsonLinesOf, parseCsv, rejection, requestsTo, withSimulator } from './helpers/index.mjs';

const SIMULATOR = { events: 3000, chatsPerMeeting: 250 };
const PATH = '/meetings/postMeetingChats';
const COLUMNS = [
	'chatTime',
	'senderEmail',
	'senderDisplayName',
	'type',
	'receivers',
	'text',
	'meetingId',
	'senderPersonId',
	'id',
];

function run(simulator, parameters, { token } = {}) {
	return runNode({
		type: 'webexMeetingCompliance',
		parameters: {
			authentication: 'accessToken',
			resource: 'meetingChat',
			operation: 'getAll',
			returnAll: true,
			...parameters,
		},
		credentials: simulatorCredentials(simulator, token),
	});
}

const json = (items) => items.map((item) => item.json);

/**
 * The meeting instance of the first meeting-ended event whose hasPostMeetingsChat is `chat` (and
 * that has more than `moreThan` chats).
 */
function endedMeeting(simulator, chat = 'yes', moreThan = 0) {
	for (let index = 0; index < simulator.events.count; index++) {
		const { resource, data } = simulator.events.at(index);
		if (
			resource === 'meetings' &&
			data.hasPostMeetingsChat === chat &&
			(chat === 'no' || simulator.chats.chats(data.meetingId).count > moreThan)
		)
			return data.meetingId;
	}
	throw new Error(`no meeting-ended event with hasPostMeetingsChat ${chat}`);
}

const offsets = (requests) => requests.map((request) => Number(request.query.offset ?? 0));

describe('Webex Meeting Compliance: Meeting Chat → Get Many', () => {
	it("lists every chat of the meeting once, in Webex's order, over pages of 100 by offset", async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const meetingId = endedMeeting(simulator, 'yes', 200);
			const want = allChats(simulator.chats, meetingId);
			assert.ok(want.length > 200 && want.length <= 250, `${want.length} chats over three pages`);
			const items = await run(simulator, { meetingId: ` ${meetingId} ` });
			assert.deepEqual(json(items), want);
			assert.equal(new Set(items.map((item) => item.json.id)).size, want.length);
			const pages = requestsTo(simulator, PATH);
			assert.deepEqual(offsets(pages), [0, 100, 200]);
			assert.ok(pages.every((r) => r.query.max === '100' && r.query.meetingId === meetingId));
		});
	});

	it('a smaller Page Size reads more pages, still every chat once', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const meetingId = endedMeeting(simulator);
			const want = allChats(simulator.chats, meetingId);
			const items = await run(simulator, { meetingId, options: { pageSize: 17 } });
			assert.deepEqual(json(items), want);
			const pages = requestsTo(simulator, PATH);
			assert.equal(pages.length, Math.floor(want.length / 17) + 1);
			assert.deepEqual(
				offsets(pages),
				pages.map((_, n) => n * 17),
			);
		});
	});

	it('Limit stops at the limit, asking no more than it needs', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const meetingId = endedMeeting(simulator);
			const want = allChats(simulator.chats, meetingId);
			const items = await run(simulator, { meetingId, returnAll: false, limit: 130 });
			assert.deepEqual(json(items), want.slice(0, 130));
			assert.deepEqual(
				requestsTo(simulator, PATH).map((r) => [r.query.offset ?? '0', r.query.max]),
				[
					['0', '100'],
					['100', '30'],
				],
			);
		});
	});

	it('Simplify gives the fixed columns, chat time first and IDs last, receivers as text', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const meetingId = endedMeeting(simulator);
			const want = allChats(simulator.chats, meetingId);
			const items = await run(simulator, { meetingId, options: { simplify: true } });
			assert.equal(items.length, want.length);
			for (const [n, { json: row }] of items.entries()) {
				const chat = want[n];
				assert.deepEqual(Object.keys(row), COLUMNS);
				assert.deepEqual(row, {
					chatTime: chat.chatTime,
					senderEmail: chat.sender.email,
					senderDisplayName: chat.sender.displayName,
					type: chat.type,
					receivers: chat.receivers.map((r) => `${r.displayName} <${r.email}>`).join(', '),
					text: chat.text,
					meetingId,
					senderPersonId: chat.sender.personId,
					id: chat.id,
				});
			}
			const types = new Set(items.map((item) => item.json.type));
			assert.deepEqual([...types].sort(), ['group', 'private', 'public']);
			const group = items.find((item) => item.json.type === 'group').json;
			assert.match(group.receivers, /^[^<]+ <[^>]+@example\.com>, [^<]+ <[^>]+@example\.com>$/);
		});
	});

	it('JSON Lines and CSV files hold exactly the chats of items mode', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const meetingId = endedMeeting(simulator);
			const want = allChats(simulator.chats, meetingId);
			const [file] = await run(simulator, { meetingId, options: { output: 'jsonLines' } });
			const bytes = Buffer.from(file.binary.data.data, 'base64');
			assert.deepEqual(jsonLinesOf(file), want);
			assert.equal(file.json.sha256, createHash('sha256').update(bytes).digest('hex'));
			assert.match(file.json.fileName, /^webex-meeting-chats-.*\.jsonl\.gz$/);
			const [csv] = await run(simulator, { meetingId, options: { output: 'csv', gzip: false } });
			const rows = parseCsv(Buffer.from(csv.binary.data.data, 'base64').toString('utf8'));
			assert.deepEqual(rows[0], COLUMNS);
			assert.deepEqual(
				rows.slice(1).map((row) => [row[0], row.at(-1), row[5]]),
				want.map((chat) => [chat.chatTime, chat.id, chat.text]),
			);
		});
	});

	it('an ended meeting without post-meeting chats gives no items', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const items = await run(simulator, { meetingId: endedMeeting(simulator, 'no') });
			assert.deepEqual(items, []);
			assert.equal(requestsTo(simulator, PATH).length, 1);
		});
	});

	it('an empty Meeting ID, or a series or scheduled meeting ID, fails naming the field before any request', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const series = endedMeeting(simulator).split('_I_')[0];
			for (const [meetingId, message] of [
				['', /^Meeting ID is empty$/],
				['   ', /^Meeting ID is empty$/],
				[series, /^Meeting ID ".*" is a meeting series or scheduled meeting/],
				[`${series}_20261206T090000Z`, /is a meeting series or scheduled meeting/],
			]) {
				const error = await rejection(run(simulator, { meetingId }));
				assert.match(error.message, message);
				assert.match(error.description, /ended meeting instance/);
			}
			assert.equal(simulator.requests.length, 0);
		});
	});

	it('a 403 and a 404 say what post-meeting chats need: enabled by Webex, a compliance officer, an ended instance', async () => {
		await withSimulator(SIMULATOR, async (simulator) => {
			const meetingId = endedMeeting(simulator);
			const requirements = [
				/post-meeting chat collection for the organisation/,
				/Compliance Officer role/,
				/spark-compliance:meetings_read/,
				/only for an ended meeting instance/,
			];
			const refused = await rejection(run(simulator, { meetingId }, { token: 'user-token' }));
			assert.match(refused.message, /Webex API error \(403\)/);
			for (const requirement of requirements) assert.match(refused.description, requirement);
			// A meeting instance that did not end with chats in this organisation: Webex's 404.
			const unknown = `${meetingId.split('_I_')[0]}_I_99999999999`;
			const missing = await rejection(run(simulator, { meetingId: unknown }));
			assert.match(missing.message, /Webex API error \(404\)/);
			assert.match(missing.description, /no post-meeting chats for this Meeting ID/);
			for (const requirement of requirements) assert.match(missing.description, requirement);
			assert.deepEqual(
				requestsTo(simulator, PATH).map((r) => r.status),
				[403, 404],
			);
		});
	});

	it('a Link when Webex sends one is followed; a link that drops meetingId and sets max=null loses and adds nothing', async () => {
		await withSimulator(
			{
				...SIMULATOR,
				chatsLink: true,
				faults: { nextLink: { drop: ['meetingId'], set: { max: 'null' } } },
			},
			async (simulator) => {
				const meetingId = endedMeeting(simulator);
				const want = allChats(simulator.chats, meetingId);
				const items = await run(simulator, { meetingId, options: { pageSize: 40 } });
				assert.deepEqual(json(items), want);
				const pages = requestsTo(simulator, PATH);
				assert.deepEqual(
					offsets(pages),
					pages.map((_, n) => n * 40),
				);
				assert.equal(pages.length, Math.floor(want.length / 40) + 1);
				assert.ok(pages.every((r) => r.query.meetingId === meetingId && r.query.max === '40'));
				// The link is what is followed: one to another host is refused, the token not sent there.
				simulator.setFaults({ chatsLink: true, nextBaseUrl: 'http://127.0.0.2:9' });
				const error = await rejection(run(simulator, { meetingId, options: { pageSize: 40 } }));
				assert.match(error.message, /Refused to follow a next-page link to another host/);
			},
		);
	});
});
