// Message files in the real n8n, installed from the packed package as n8n installs it (the shared
// n8n, test/e2e/sharedN8n.mjs): the example messages-with-files-to-s3.json (its test copy: S3
// becomes files on disk) in one run against the simulator. Every message of yesterday is on disk as JSON, and every file Webex
// handed over beside it, byte for byte; the ones it held back (malware scan) are not.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { itemsOf } from '../../scripts/n8n.mjs';
import { createSimulator } from '../../simulator/server.mjs';
import { example, testCopy } from './examples.mjs';
import { useSharedN8n } from './sharedN8n.mjs';

const DAY = 86_400_000;
const COMPLIANCE = { compliance: true };
let simulator;
let n8n;
let folder;

const contentIdOf = (url) => decodeURIComponent(new URL(url).pathname.split('/').pop());

describe('Message files in a real n8n (the packed package)', () => {
	before(async () => {
		simulator = await createSimulator({
			events: 1500,
			eventSpanDays: 3,
			// Some files still scanned once (423, Retry-After 1), some unscannable, some infected.
			messageFiles: { every: 2, scanning: 0.05, unscannable: 0.05, infected: 0.05 },
		});
		n8n = await useSharedN8n();
		folder = n8n.folder('messages-');
		await n8n.importCredentials([
			{
				id: 'webexExampleCred',
				name: 'Webex account',
				type: 'webexApi',
				data: { accessToken: 'sim-token', baseUrl: 'custom', customBaseUrl: simulator.baseUrl },
			},
		]);
		await n8n.importWorkflows([
			testCopy(example('messages-with-files-to-s3.json'), 'exMessageFiles01', folder),
		]);
	});

	after(async () => {
		await n8n?.release();
		await simulator?.close();
	});

	it("yesterday's messages on disk as JSON, each file Webex handed over beside its message, byte for byte", async () => {
		const { ok, runData, output } = await n8n.execute('exMessageFiles01');
		assert.ok(ok, output.slice(-3000));

		const triggered = Date.parse(itemsOf(runData, 'Every Day at 3')[0].json.timestamp);
		const today = Math.floor(triggered / DAY) * DAY;
		const [start, end] = simulator.events.range(today - DAY, today);
		const messages = [];
		for (let index = start; index < end; index++) {
			const event = simulator.events.at(index);
			if (event.resource === 'messages') messages.push(event);
		}
		assert.ok(messages.length > 50, `${messages.length} message events yesterday`);
		assert.deepEqual(
			itemsOf(runData, "Yesterday's Messages").map((item) => item.json.id),
			messages.map((event) => event.id),
		);

		const written = new Set(readdirSync(folder));
		let handedOver = 0;
		let heldBack = 0;
		for (const event of messages) {
			const prefix = `${event.created.slice(0, 10)} ${event.data.id}`;
			const json = JSON.parse(readFileSync(path.join(folder, `${prefix}.json`), 'utf8'));
			assert.equal(json.id, event.id, `${prefix}.json is the message's event`);
			// An edited or deleted message's files are those of the message as Webex keeps it.
			const files =
				event.data.files ?? simulator.events.findMessage(event.data.id, COMPLIANCE)?.files ?? [];
			assert.deepEqual(
				json.fileDownloads.map((report) => report.url),
				files,
			);
			files.forEach((url, n) => {
				const report = json.fileDownloads[n];
				const id = contentIdOf(url);
				const name = `${prefix} file${n + 1} ${simulator.contents.find(id).name}`;
				if (report.binaryField === null) {
					assert.match(report.refused, /^(unscannable|infected)$/, `${url}: ${report.message}`);
					assert.ok(!written.has(name), `${name} was not written`);
					heldBack++;
					return;
				}
				assert.deepEqual(readFileSync(path.join(folder, name)), simulator.contents.bytes(id), name);
				handedOver++;
			});
		}
		assert.ok(handedOver > 20, `${handedOver} files on disk`);
		assert.ok(heldBack > 0, `${heldBack} files held back by the malware scan`);
		assert.equal(written.size, messages.length + handedOver, 'nothing else was written');
		const asked = simulator.requests.filter((r) => r.path.startsWith('/v1/contents/'));
		assert.ok(
			asked.some((r) => r.status === 423),
			'a file still scanned was asked again',
		);
		assert.ok(asked.every((r) => r.authorization === 'Bearer sim-token'));
	});
});
