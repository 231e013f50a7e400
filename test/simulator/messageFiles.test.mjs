// The simulator's messages and their files, as Webex documents them (no definition exists for
// /contents: the Webex API notes, "Message files"): what a client sees, status by status.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { request } from 'undici';

import { withSimulator } from '../helpers/index.mjs';
import { get } from '../helpers/simulatorRequests.mjs';

/** A GET or HEAD of a file: status, headers, the bytes. */
async function fetchFile(url, { method = 'GET', token = 'sim-token' } = {}) {
	const response = await request(url, { method, headers: { authorization: `Bearer ${token}` } });
	const body = Buffer.from(await response.body.arrayBuffer());
	return { status: response.statusCode, headers: response.headers, body };
}

describe('simulator: messages and their files', () => {
	it('a file: HEAD gives name, type and size without bytes; GET the bytes; only a compliance officer', async () => {
		await withSimulator({ events: 0 }, async (simulator) => {
			const bytes = Buffer.from('Zahlen für Q3\n', 'utf8');
			const { id, url } = simulator.contents.add({
				name: 'Übersicht.txt',
				type: 'text/plain',
				bytes,
			});
			const head = await fetchFile(url, { method: 'HEAD' });
			assert.equal(head.status, 200);
			assert.equal(head.body.length, 0);
			assert.equal(head.headers['content-length'], String(bytes.length));
			assert.equal(head.headers['content-type'], 'text/plain');
			assert.equal(
				head.headers['content-disposition'],
				`attachment; filename="_bersicht.txt"; filename*=UTF-8''${encodeURIComponent('Übersicht.txt')}`,
			);
			const file = await fetchFile(url);
			assert.deepEqual(file.body, bytes);
			assert.deepEqual(simulator.contents.bytes(id), bytes);
			assert.equal((await fetchFile(url, { token: 'user-token' })).status, 404);
			assert.equal((await fetchFile(url, { token: 'nobody' })).status, 401);
		});
	});

	it('the malware scan: 423 with Retry-After while scanning, 428 unless allow=unscannable, 410 for an infected file', async () => {
		await withSimulator({ events: 0 }, async (simulator) => {
			const add = (scan) => simulator.contents.add({ name: 'f.bin', size: 100, scan }).url;
			const scanning = add({ state: 'scanning', times: 2, retryAfter: 7 });
			const first = await fetchFile(scanning);
			assert.equal(first.status, 423);
			assert.equal(first.headers['retry-after'], '7');
			assert.equal((await fetchFile(scanning)).status, 423);
			assert.equal((await fetchFile(scanning)).status, 200, 'clean after its scan');

			const unscannable = add({ state: 'unscannable' });
			assert.equal((await fetchFile(unscannable)).status, 428);
			const forced = await fetchFile(`${unscannable}?allow=unscannable`);
			assert.equal(forced.status, 200);
			assert.equal(forced.body.length, 100);

			const infected = add({ state: 'infected' });
			assert.equal((await fetchFile(infected)).status, 410);
			assert.equal((await fetchFile(`${infected}?allow=unscannable`)).status, 410);
		});
	});

	it("message events carry their files; an edited or deleted message's event only IDs, GET /messages/{id} the rest", async () => {
		await withSimulator({ events: 600, messageRetentionDays: 10 }, async (simulator) => {
			const messages = Array.from({ length: 600 }, (_, n) => simulator.events.at(n)).filter(
				(event) => event.resource === 'messages' && !('callType' in event.data),
			);
			const created = messages.filter((event) => event.type === 'created');
			assert.ok(created.some((event) => event.data.files?.length > 0));
			for (const event of messages.filter((e) => e.type !== 'created')) {
				assert.equal(event.data.text, undefined);
				assert.equal(event.data.files, undefined);
			}
			const recent = messages.find(
				(event) =>
					event.type === 'deleted' && Date.now() - Date.parse(event.created) < 9 * 86_400_000,
			);
			const read = await get(simulator, `/messages/${recent.data.id}`);
			assert.equal(read.status, 200);
			assert.equal(read.body.id, recent.data.id);
			assert.equal(typeof read.body.text, 'string');
			assert.equal(
				(await get(simulator, `/messages/${recent.data.id}`, { token: 'user-token' })).status,
				404,
			);
			const old = messages.find(
				(event) =>
					event.type === 'deleted' && Date.now() - Date.parse(event.created) > 11 * 86_400_000,
			);
			assert.equal(
				(await get(simulator, `/messages/${old.data.id}`)).status,
				404,
				'past retention',
			);
			const edited = messages.find((event) => event.type === 'updated');
			const message = (await get(simulator, `/messages/${edited.data.id}`)).body;
			assert.match(message.text, / \(edited\)$/);
			assert.equal(message.updated, edited.created);
		});
	});
});
