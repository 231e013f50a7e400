// Webex Events: message files and deleted messages, run from dist/ through n8n's engine against
// the simulator: Download Files on Get Many, Get and the trigger; File → Download and Get Info;
// Message → Get; every malware scan state; a file URL of another origin; the one gate.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import { describe, it } from 'node:test';

import {
	assertNoSecretIn,
	listEvents,
	pollTrigger,
	rejection,
	withSimulator,
} from './helpers/index.mjs';
import { runNode, simulatorCredentials } from './helpers/n8n.mjs';
import { shortenWaits } from './helpers/waits.mjs';

const TOKEN = 'sim-token';
const bytesOf = (item, field) => Buffer.from(item.binary[field].data, 'base64');
const contentIdOf = (url) => decodeURIComponent(new URL(url).pathname.split('/').pop());
/** Files on every other message event, all clean (tests set the scan states they need). */
const CLEAN = { messageFiles: { every: 2, scanning: 0, unscannable: 0, infected: 0 } };
const MESSAGES = { eventResource: 'messages', type: 'created' };

function run(simulator, parameters, { token, ...rest } = {}) {
	return runNode({
		type: 'webexEvents',
		parameters: { authentication: 'accessToken', options: {}, ...parameters },
		credentials: simulatorCredentials(simulator, token),
		...rest,
	});
}

const download = (simulator, file, options = {}, rest = {}) =>
	run(simulator, { resource: 'file', operation: 'download', file, options }, rest);

/** The message events of the simulator with files, newest first. */
function eventsWithFiles(simulator, count = simulator.events.count) {
	const events = [];
	for (let index = 0; index < count; index++) {
		const event = simulator.events.at(index);
		if (event.resource === 'messages' && event.data.files?.length) events.push(event);
	}
	return events;
}

/** A server on 127.0.0.1 that records what reaches it (a host that is not Webex). */
async function foreignHost(test) {
	const seen = [];
	const server = http.createServer((req, res) => {
		seen.push({ url: req.url, authorization: req.headers.authorization });
		res.end('not Webex');
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	try {
		return await test(`http://127.0.0.1:${server.address().port}`, seen);
	} finally {
		server.close();
	}
}

describe('Webex Events → Get Many with Download Files', () => {
	it('every file of every message event as binary data, byte for byte, named and typed as Webex says; other events as they were', async () => {
		await withSimulator({ events: 300, ...CLEAN }, async (simulator) => {
			const plain = await listEvents(simulator);
			simulator.clearRequests();
			const items = await listEvents(simulator, { options: { downloadFiles: true } });
			assert.deepEqual(
				items.map((item) => item.json.id),
				plain.map((item) => item.json.id),
				'the same events, in the same order',
			);
			const withFiles = items.filter((item) => item.json.data.files?.length);
			assert.ok(withFiles.length > 10, `${withFiles.length} events with files`);
			let files = 0;
			for (const item of withFiles) {
				assert.equal(item.json.fileDownloads.length, item.json.data.files.length);
				item.json.data.files.forEach((url, n) => {
					const report = item.json.fileDownloads[n];
					const field = `file${n + 1}`;
					const id = contentIdOf(url);
					const expected = simulator.contents.bytes(id);
					assert.deepEqual(bytesOf(item, field), expected, `${url}: the simulator's bytes`);
					const spec = simulator.contents.find(id);
					assert.equal(report.binaryField, field);
					assert.equal(report.url, url);
					assert.equal(report.fileName, spec.name);
					assert.equal(item.binary[field].fileName, spec.name);
					assert.equal(report.mimeType, spec.type);
					assert.equal(report.fileSize, expected.length);
					assert.match(report.sha256, /^[0-9a-f]{64}$/);
					files++;
				});
			}
			assert.ok(
				withFiles.some((item) =>
					item.json.fileDownloads.some((f) => /[^\x20-\x7e]/.test(f.fileName)),
				),
				'a name that is not ASCII (filename*) comes through',
			);
			assert.equal(
				simulator.requests.filter((r) => r.path.startsWith('/v1/contents/')).length,
				files,
			);
			for (const item of items.filter(
				(i) => !i.json.data.files?.length && i.json.resource !== 'messages',
			)) {
				assert.equal(item.json.fileDownloads, undefined);
				assert.equal(item.binary, undefined);
			}
			assert.doesNotMatch(JSON.stringify(items.map((item) => item.json)), /sim-token/);
		});
	});

	it('a deleted or edited message (an event of IDs only) is read first: its text and files added, its files downloaded', async () => {
		await withSimulator({ events: 400, ...CLEAN }, async (simulator) => {
			const items = await listEvents(simulator, {
				filters: { eventResource: 'messages', type: 'deleted' },
				options: { downloadFiles: true },
			});
			assert.ok(items.length > 5, `${items.length} deleted messages`);
			const read = simulator.requests.filter((r) => r.path.startsWith('/v1/messages/'));
			assert.equal(read.length, items.length, 'each deleted message read once');
			let files = 0;
			for (const item of items) {
				assert.equal(item.json.messageRead, 'found');
				assert.equal(typeof item.json.data.text, 'string');
				for (const [n, url] of (item.json.data.files ?? []).entries()) {
					assert.deepEqual(
						bytesOf(item, `file${n + 1}`),
						simulator.contents.bytes(contentIdOf(url)),
					);
					files++;
				}
			}
			assert.ok(files > 0, 'some deleted messages had files');
		});
	});

	it('past the retention period the message is gone: the item says so and the run goes on', async () => {
		await withSimulator({ events: 200, messageRetentionDays: 0, ...CLEAN }, async (simulator) => {
			const items = await listEvents(simulator, {
				filters: { eventResource: 'messages', type: 'deleted' },
				options: { downloadFiles: true },
			});
			assert.ok(items.length > 0);
			for (const item of items) {
				assert.match(item.json.messageRead, /^not found \(404\): .*retention period is over/);
				assert.deepEqual(item.json.fileDownloads, []);
			}
		});
	});

	it('every scan state is noted in the item and the run goes on: scanning (asked again as Retry-After says, then given up), unscannable, infected', async (t) => {
		shortenWaits(t);
		await withSimulator({ events: 300, ...CLEAN }, async (simulator) => {
			const events = eventsWithFiles(simulator).filter((event) => event.type === 'created');
			const [soon, never, unscannable, infected] = events.map((event) =>
				contentIdOf(event.data.files[0]),
			);
			simulator.contents.setScan(soon, { state: 'scanning', times: 2, retryAfter: 2 });
			simulator.contents.setScan(never, { state: 'scanning', times: Infinity, retryAfter: 1 });
			simulator.contents.setScan(unscannable, { state: 'unscannable' });
			simulator.contents.setScan(infected, { state: 'infected' });
			const reportOf = (items, id) =>
				items
					.flatMap((item) => item.json.fileDownloads ?? [])
					.find((report) => contentIdOf(report.url) === id);
			const items = await listEvents(simulator, {
				filters: MESSAGES,
				options: { downloadFiles: true },
			});
			const asked = (id) =>
				simulator.requests.filter((r) => r.path === `/v1/contents/${encodeURIComponent(id)}`);

			assert.equal(reportOf(items, soon).binaryField, 'file1', 'downloaded once the scan ended');
			assert.deepEqual(
				asked(soon).map((r) => r.status),
				[423, 423, 200],
			);

			assert.equal(reportOf(items, never).binaryField, null);
			assert.equal(reportOf(items, never).refused, 'scanning');
			assert.match(
				reportOf(items, never).message,
				/still scanning the file for malware \(asked 6 times/,
			);
			assert.equal(asked(never).length, 6, 'the first request and 5 more, then given up');

			assert.equal(reportOf(items, unscannable).refused, 'unscannable');
			assert.match(
				reportOf(items, unscannable).message,
				/turn on the option Allow Unscannable Files/,
			);
			assert.equal(reportOf(items, infected).refused, 'infected');
			assert.match(reportOf(items, infected).message, /malware/);
			for (const id of [never, unscannable, infected]) {
				const item = items.find((i) =>
					i.json.fileDownloads?.some((f) => contentIdOf(f.url) === id),
				);
				assert.equal(item.binary?.file1, undefined, 'no binary data for a refused file');
			}

			simulator.clearRequests();
			const allowed = await listEvents(simulator, {
				filters: MESSAGES,
				options: { downloadFiles: true, allowUnscannable: true },
			});
			assert.equal(reportOf(allowed, unscannable).binaryField, 'file1');
			assert.ok(asked(unscannable).every((r) => r.query.allow === 'unscannable'));
			assert.equal(reportOf(allowed, infected).refused, 'infected', 'infected stays refused');
		});
	});

	it('a file URL of another origin is never requested (the token never goes there): the item says so', async () => {
		await foreignHost(async (origin, seen) => {
			await withSimulator({ events: 0 }, async (simulator) => {
				const own = simulator.contents.add({
					name: 'ok.txt',
					type: 'text/plain',
					bytes: Buffer.from('fine'),
				});
				simulator.events.addEvent({
					resource: 'messages',
					type: 'created',
					created: new Date(Date.now() - 60_000).toISOString(),
					data: {
						id: 'Y2lzY29zcGFyazovL3VzL01FU1NBR0UvZm9yZWlnbg',
						roomId: 'Y2lzY29zcGFyazovL3VzL1JPT00vZm9yZWlnbg',
						text: 'two files',
						files: [`${origin}/v1/contents/abc`, own.url],
					},
				});
				const items = await listEvents(simulator, { options: { downloadFiles: true } });
				const [item] = items;
				assert.equal(item.json.fileDownloads[0].refused, 'foreignOrigin');
				assert.match(item.json.fileDownloads[0].message, new RegExp(`points at ${origin}`));
				assert.equal(item.json.fileDownloads[1].binaryField, 'file2');
				assert.equal(bytesOf(item, 'file2').toString(), 'fine');
				assert.deepEqual(seen, [], 'nothing reached the other host');

				const error = await rejection(download(simulator, `${origin}/v1/contents/abc`));
				assert.match(
					error.message,
					new RegExp(`points at ${origin}, not at the credential's Base URL`),
				);
				assert.deepEqual(seen, []);
				assertNoSecretIn([error], TOKEN);
			});
		});
	});

	it("downloads run within the listing's one gate: Parallel Requests counts them", async () => {
		await withSimulator({ events: 200, latencyMs: 20, ...CLEAN }, async (simulator) => {
			for (const parallelRequests of [1, 3]) {
				simulator.clearRequests();
				const items = await listEvents(simulator, {
					filters: MESSAGES,
					options: { downloadFiles: true, parallelRequests },
				});
				const requests = simulator.requests;
				assert.ok(requests.filter((r) => r.path.startsWith('/v1/contents/')).length > 10);
				assert.ok(items.some((item) => item.binary));
				// In flight: arrived and not yet answered (a file: until its last byte was written).
				let most = 0;
				for (const request of requests) {
					const inFlight = requests.filter(
						(other) => other.at <= request.at && other.answeredAt > request.at,
					).length;
					most = Math.max(most, inFlight);
				}
				assert.ok(
					most <= parallelRequests,
					`${most} in flight with Parallel Requests ${parallelRequests}`,
				);
			}
		});
	});

	it('with Output JSON Lines or CSV it fails before any request, saying why', async () => {
		await withSimulator({ events: 10 }, async (simulator) => {
			const error = await rejection(
				listEvents(simulator, { options: { downloadFiles: true, output: 'jsonLines' } }),
			);
			assert.match(error.message, /Download Files needs Output: Items/);
			assert.equal(simulator.requests.length, 0);
		});
	});
});

describe('Webex Events → Get with Download Files, and the trigger', () => {
	it("Event Get: the message event's files as binary data", async () => {
		await withSimulator({ events: 100, ...CLEAN }, async (simulator) => {
			const [event] = eventsWithFiles(simulator).filter((e) => e.type === 'created');
			const [item] = await run(simulator, {
				resource: 'event',
				operation: 'get',
				eventId: event.id,
				options: { downloadFiles: true },
			});
			event.data.files.forEach((url, n) =>
				assert.deepEqual(bytesOf(item, `file${n + 1}`), simulator.contents.bytes(contentIdOf(url))),
			);
			assert.equal(item.json.fileDownloads.length, event.data.files.length);
		});
	});

	it('the trigger emits each new message with its files; a deleted one is read first', async () => {
		await withSimulator({ events: 0 }, async (simulator) => {
			const parameters = {
				filters: { eventResource: 'messages' },
				options: { downloadFiles: true },
			};
			const first = await pollTrigger('webexEventsTrigger', simulator, { parameters });
			const report = simulator.contents.add({
				name: 'report.pdf',
				type: 'application/pdf',
				size: 300_000,
			});
			const kept = simulator.contents.add({
				name: 'kept.txt',
				type: 'text/plain',
				bytes: Buffer.from('kept'),
			});
			const base = { resource: 'messages' };
			simulator.events.addEvent({
				...base,
				type: 'created',
				data: {
					id: 'Y2lzY29zcGFyazovL3VzL01FU1NBR0UvbmV3',
					text: 'see the report',
					files: [report.url],
				},
			});
			simulator.events.addEvent(
				{ ...base, type: 'deleted', data: { id: 'Y2lzY29zcGFyazovL3VzL01FU1NBR0UvZ29uZQ' } },
				{
					message: {
						message: {
							id: 'Y2lzY29zcGFyazovL3VzL01FU1NBR0UvZ29uZQ',
							text: 'deleted text',
							files: [kept.url],
						},
						deleted: true,
					},
				},
			);
			const { items } = await pollTrigger('webexEventsTrigger', simulator, {
				parameters,
				staticData: first.staticData,
			});
			assert.equal(items.length, 2);
			const created = items.find((item) => item.json.type === 'created');
			const deleted = items.find((item) => item.json.type === 'deleted');
			assert.deepEqual(bytesOf(created, 'file1'), simulator.contents.bytes(report.id));
			assert.equal(deleted.json.data.text, 'deleted text');
			assert.equal(bytesOf(deleted, 'file1').toString(), 'kept');
		});
	});
});

describe('Webex Events Trigger: a scan wait never passes the poll budget', () => {
	it('a file still scanned whose Retry-After would outlast the poll is noted as scanning at once', async () => {
		await withSimulator({ events: 0 }, async (simulator) => {
			const parameters = {
				filters: { eventResource: 'messages' },
				options: { downloadFiles: true },
			};
			const first = await pollTrigger('webexEventsTrigger', simulator, { parameters });
			const slow = simulator.contents.add({
				name: 'slow.pdf',
				size: 10,
				scan: { state: 'scanning', times: Infinity, retryAfter: 60 },
			});
			simulator.events.addEvent({
				resource: 'messages',
				type: 'created',
				data: { id: 'Y2lzY29zcGFyazovL3VzL01FU1NBR0Uvc2xvdw', text: 'slow', files: [slow.url] },
			});
			const { items } = await pollTrigger('webexEventsTrigger', simulator, {
				parameters,
				staticData: first.staticData,
				pollBudgetMs: 20_000,
			});
			assert.equal(items.length, 1);
			assert.equal(items[0].json.fileDownloads[0].refused, 'scanning');
			assert.equal(
				simulator.requests.filter((r) => r.path.startsWith('/v1/contents/')).length,
				1,
				'not asked again: a 60 s wait would pass the poll budget of 20 s',
			);
		});
	});
});

describe('Webex Events → File and Message', () => {
	it('File → Download: by URL or bare ID, streamed into binary data with its name, type and size', async () => {
		await withSimulator({ events: 0 }, async (simulator) => {
			const { id, url } = simulator.contents.add({
				name: 'Übersicht.csv',
				type: 'text/csv',
				size: 2_500_000,
			});
			for (const file of [url, id]) {
				const [item] = await download(simulator, file, { binaryProperty: 'doc' });
				assert.deepEqual(bytesOf(item, 'doc'), simulator.contents.bytes(id));
				assert.equal(item.binary.doc.fileName, 'Übersicht.csv');
				assert.equal(item.binary.doc.mimeType, 'text/csv');
				assert.equal(item.json.fileName, 'Übersicht.csv');
				assert.equal(item.json.fileSize, 2_500_000);
			}
		});
	});

	it('File → Download fails with the scan state (Continue On Fail gives the item); Allow Unscannable Files sends allow=unscannable', async (t) => {
		shortenWaits(t);
		await withSimulator({ events: 0 }, async (simulator) => {
			const add = (state, times) =>
				simulator.contents.add({
					name: `${state}.bin`,
					size: 10,
					scan: { state, times, retryAfter: 1 },
				});
			const infected = add('infected');
			const unscannable = add('unscannable');
			const scanning = add('scanning', Infinity);
			const missing = 'Y2lzY29zcGFyazovL3VzL0NPTlRFTlQvbm9uZQ';
			for (const [file, pattern] of [
				[infected.url, /Webex found malware in the file \(410\)/],
				[unscannable.url, /turn on the option Allow Unscannable Files to download it anyway/],
				[scanning.url, /still scanning the file for malware/],
				[
					missing,
					/retention period is over, the token is not a compliance officer's, or the URL is wrong/,
				],
			]) {
				const error = await rejection(download(simulator, file));
				assert.match(error.message, pattern);
				assertNoSecretIn([error], TOKEN);
				const [item] = await download(simulator, file, {}, { continueOnFail: true });
				// (n8n 2.x gives the error beside the JSON, 1.x in it.)
				assert.match(item.error?.message ?? item.json.error, pattern);
			}
			const [item] = await download(simulator, unscannable.url, { allowUnscannable: true });
			assert.deepEqual(bytesOf(item, 'data'), simulator.contents.bytes(unscannable.id));
			assert.equal(simulator.requests.at(-1).query.allow, 'unscannable');
			const error = await rejection(download(simulator, '../etc/passwd'));
			assert.match(error.message, /File must be a file URL or a content ID/);
		});
	});

	it('File → Get Info: HEAD, name, type and size without the bytes; a scan state instead when Webex holds the file back', async () => {
		await withSimulator({ events: 0 }, async (simulator) => {
			const clean = simulator.contents.add({ name: 'a.pdf', type: 'application/pdf', size: 5000 });
			const infected = simulator.contents.add({
				name: 'b.exe',
				size: 5,
				scan: { state: 'infected' },
			});
			const info = (file) => run(simulator, { resource: 'file', operation: 'getInfo', file });
			const [item] = await info(clean.url);
			assert.deepEqual(item.json, {
				url: clean.url,
				fileName: 'a.pdf',
				mimeType: 'application/pdf',
				fileSize: 5000,
				scan: 'clean',
			});
			assert.equal(item.binary, undefined);
			assert.equal(simulator.requests.at(-1).method, 'HEAD');
			const [held] = await info(infected.url);
			assert.equal(held.json.scan, 'infected');
		});
	});

	it('Message → Get: a deleted message within the retention period; a 404 says what it may mean', async () => {
		await withSimulator({ events: 300 }, async (simulator) => {
			const [deleted] = (
				await listEvents(simulator, { filters: { eventResource: 'messages', type: 'deleted' } })
			).map((item) => item.json);
			assert.equal(deleted.data.text, undefined, 'the event carries IDs only');
			const get = (messageId, token) =>
				run(simulator, { resource: 'message', operation: 'get', messageId }, { token });
			const [message] = await get(deleted.data.id);
			assert.equal(message.json.id, deleted.data.id);
			assert.equal(typeof message.json.text, 'string');
			const error = await rejection(get(deleted.data.id, 'user-token'));
			assert.match(error.message, /404/);
			assert.match(
				error.description,
				/retention period is over, the token is not a compliance officer/,
			);
			const empty = await rejection(get(' '));
			assert.match(empty.message, /Message ID must be a Webex message ID/);
		});
	});
});
