// Output JSON Lines or CSV in the real pinned n8n (the shared n8n, test/e2e/sharedN8n.mjs), in its
// default filesystem binary data mode:
// every Get Many writes one file that n8n's Read/Write Files from Disk node then puts on disk,
// holding exactly the records of items mode, in the same order; 250,000 events in one file; a
// failure mid-way leaves no file as the result.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';

import { createSimulator } from '../../simulator/server.mjs';
import { ORG_ID } from '../../simulator/people.mjs';
import { itemsOf, manualWorkflow } from '../../scripts/n8n.mjs';
import { nodeType, useSharedN8n } from './sharedN8n.mjs';

const DAY_MS = 86_400_000;
let simulator;
let n8n;
let outDir;
let bigFromMs;

const credentials = { webexApi: { id: 'credSimArchive01', name: 'Webex' } };
const webexNode = (type, parameters) => ({
	name: 'Webex',
	type: nodeType(type),
	parameters: { returnAll: true, ...parameters },
	credentials,
});
/** n8n's own node that writes a binary field to a file: the file as the next node receives it. */
const writeToDisk = (folder) => ({
	name: 'Write File',
	type: 'n8n-nodes-base.readWriteFile',
	parameters: {
		operation: 'write',
		fileName: `=${folder}/{{ $json.fileName }}`,
		dataPropertyName: 'data',
		options: {},
	},
});

const LISTINGS = {
	events: () =>
		webexNode('webexEvents', {
			resource: 'event',
			operation: 'getAll',
			filters: { from: new Date(Date.now() - 20 * DAY_MS).toISOString() },
			options: { pageSize: 500, parallelRequests: 4 },
		}),
	summaries: () =>
		webexNode('webexRecordingAudit', {
			resource: 'recordingAuditSummary',
			operation: 'getAll',
			filters: { hostEmail: 'all', from: new Date(Date.now() - 300 * DAY_MS).toISOString() },
			options: { pageSize: 100, parallelRequests: 4 },
		}),
	accessDetails: () => {
		let index = 0;
		while (simulator.recordings.accessDetail(index).length <= 60) index++;
		const recording = simulator.recordings.at(index);
		return webexNode('webexRecordingAudit', {
			resource: 'recordingAccessDetail',
			operation: 'getAll',
			recordingId: recording.recordingId,
			filters: { hostEmail: recording.hostEmail },
			options: { pageSize: 25 },
		});
	},
	adminAudit: () =>
		webexNode('webexAdminAudit', {
			resource: 'adminAuditEvent',
			operation: 'getAll',
			orgId: ORG_ID,
			filters: { from: new Date(Date.now() - 2 * DAY_MS).toISOString() },
			options: { pageSize: 200 },
		}),
	securityAudit: () =>
		webexNode('webexAdminAudit', {
			resource: 'securityAuditEvent',
			operation: 'getAll',
			orgId: ORG_ID,
			filters: { from: new Date(Date.now() - 2 * DAY_MS).toISOString() },
			options: { pageSize: 1000 },
		}),
};

/** The listing's node with more options. */
const withOptions = (node, options) => ({
	...node,
	parameters: { ...node.parameters, options: { ...node.parameters.options, ...options } },
});

/** [listing, format, gzip, simplify]: every Get Many, both formats, gzip on and off. */
const FILES = [
	['events', 'jsonLines', true, false],
	['events', 'csv', false, false],
	['events', 'jsonLines', false, true],
	['summaries', 'jsonLines', true, false],
	['summaries', 'csv', true, false],
	['accessDetails', 'jsonLines', false, false],
	['adminAudit', 'csv', true, false],
	['adminAudit', 'jsonLines', true, true],
	['securityAudit', 'jsonLines', false, false],
	['securityAudit', 'csv', false, false],
];
const fileWorkflowId = (index) => `wfArchiveFile${String(index).padStart(3, '0')}`;
const itemsWorkflowId = (listing, simplify) =>
	`wfArchiveItems${listing.slice(0, 6)}${simplify ? 'S' : 'R'}`.padEnd(16, '0');

describe('Output JSON Lines or CSV in a real n8n (filesystem binary data)', () => {
	before(async () => {
		simulator = await createSimulator({
			events: 6000,
			recordings: 3000,
			adminAuditEvents: 1500,
			adminAuditSpanDays: 3,
			securityAuditEvents: 2500,
			securityAuditSpanDays: 3,
		});
		n8n = await useSharedN8n();
		outDir = n8n.folder('archive-');
		for (const folder of [...FILES.keys(), 'big']) mkdirSync(path.join(outDir, String(folder)));
		await n8n.importCredentials([
			{
				id: 'credSimArchive01',
				name: 'Webex simulator',
				type: 'webexApi',
				data: { accessToken: 'sim-token', baseUrl: 'custom', customBaseUrl: simulator.baseUrl },
			},
		]);
		const workflows = FILES.map(([listing, format, gzip, simplify], index) =>
			manualWorkflow(
				fileWorkflowId(index),
				withOptions(LISTINGS[listing](), { output: format, gzip, simplify }),
				writeToDisk(path.join(outDir, String(index))),
			),
		);
		for (const listing of Object.keys(LISTINGS))
			for (const simplify of [false, true])
				workflows.push(
					manualWorkflow(
						itemsWorkflowId(listing, simplify),
						withOptions(LISTINGS[listing](), { simplify }),
					),
				);
		workflows.push(
			manualWorkflow(
				'wfArchiveBig0001',
				webexNode('webexEvents', {
					resource: 'event',
					operation: 'getAll',
					filters: { from: new Date((bigFromMs = Date.now() - 20 * DAY_MS)).toISOString() },
					options: { output: 'jsonLines', pageSize: 1000, parallelRequests: 4 },
				}),
				writeToDisk(path.join(outDir, 'big')),
			),
			manualWorkflow(
				'wfArchiveFail001',
				withOptions(LISTINGS.events(), { output: 'jsonLines', pageSize: 100 }),
				writeToDisk(path.join(outDir, 'failed')),
			),
		);
		await n8n.importWorkflows(workflows);
	});

	after(async () => {
		await n8n?.release();
		await simulator?.close();
	});

	it('every Get Many, JSON Lines and CSV, gzip on and off: the records of items mode, in order, and the sha256 of the file', async () => {
		const itemsRuns = {};
		for (const [index, [listing, format, gzip, simplify]] of FILES.entries()) {
			const key = `${listing}${simplify}`;
			const csvKey = `${listing}true`;
			for (const wanted of [key, csvKey]) {
				if (itemsRuns[wanted]) continue;
				const [name, simple] = [listing, wanted.endsWith('true')];
				const items = await n8n.execute(itemsWorkflowId(name, simple));
				assert.ok(items.ok, items.output.slice(-2000));
				itemsRuns[wanted] = itemsOf(items.runData, 'Webex').map((item) => item.json);
			}
			const result = await n8n.execute(fileWorkflowId(index));
			assert.ok(result.ok, result.output.slice(-2000));
			const [item] = itemsOf(result.runData, 'Webex');
			const folder = path.join(outDir, String(index));
			assert.deepEqual(readdirSync(folder), [item.json.fileName]);
			const bytes = readFileSync(path.join(folder, item.json.fileName));
			assert.equal(item.json.sha256, createHash('sha256').update(bytes).digest('hex'));
			assert.equal(item.json.bytes, bytes.length);
			const text = (gzip ? gunzipSync(bytes) : bytes).toString('utf8');
			const expected = format === 'csv' ? itemsRuns[csvKey] : itemsRuns[key];
			assert.ok(expected.length > 50, `${listing}: ${expected.length} records`);
			assert.equal(item.json.records, expected.length);
			if (format === 'jsonLines') {
				const records = text
					.split('\n')
					.filter(Boolean)
					.map((line) => JSON.parse(line));
				assert.deepEqual(records, expected, `${listing} ${format} gzip=${gzip}`);
			} else {
				const lines = text.split('\r\n').filter(Boolean);
				assert.ok(lines.length >= expected.length + 1, 'a header and a row per record');
				const header = lines[0].split(',');
				assert.ok(header.includes('id') || header.includes('recordingId'));
			}
		}
	});

	it('250,000 events in one file, with no error', async () => {
		const big = await createSimulator({ events: 250_000, port: 0 });
		try {
			await n8n.importCredentials([
				{
					id: 'credSimArchive01',
					name: 'Webex simulator',
					type: 'webexApi',
					data: { accessToken: 'sim-token', baseUrl: 'custom', customBaseUrl: big.baseUrl },
				},
			]);
			const result = await n8n.execute('wfArchiveBig0001');
			assert.ok(result.ok, result.output.slice(-2000));
			const [item] = itemsOf(result.runData, 'Webex');
			const inFrom = big.events.range(bigFromMs, undefined);
			const expected = inFrom[1] - inFrom[0];
			assert.ok(expected > 150_000, `${expected} events in the range`);
			assert.equal(item.json.records, expected);
			const bytes = readFileSync(path.join(outDir, 'big', item.json.fileName));
			const lines = gunzipSync(bytes).toString('utf8').split('\n').filter(Boolean);
			assert.equal(lines.length, expected);
			assert.equal(new Set(lines.map((line) => JSON.parse(line).id)).size, expected);
		} finally {
			await n8n.importCredentials([
				{
					id: 'credSimArchive01',
					name: 'Webex simulator',
					type: 'webexApi',
					data: { accessToken: 'sim-token', baseUrl: 'custom', customBaseUrl: simulator.baseUrl },
				},
			]);
			await big.close();
		}
	});

	it('a failure mid-way fails the execution, and no file is the result', async () => {
		simulator.setFaults({ rules: [{ status: 400, after: 8 }] });
		try {
			const result = await n8n.execute('wfArchiveFail001');
			assert.equal(result.ok, false);
			assert.match(result.runText, /Webex API error \(400\)/);
			assert.equal(itemsOf(result.runData, 'Write File').length, 0);
			assert.deepEqual(
				readdirSync(outDir).filter((name) => name === 'failed'),
				[],
				'nothing written',
			);
		} finally {
			simulator.setFaults({});
		}
	});
});
