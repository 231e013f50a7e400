// Options → Output JSON Lines or CSV on every Get Many, through n8n's engine (its in-memory binary
// data mode here; the e2e tests run n8n's default filesystem mode): one file holding exactly the
// records items mode gives, in the same order, with its count, time span and sha256.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';

import { runNode, simulatorCredentials } from './helpers/n8n.mjs';
import { listEvents, parseCsv, rejection, requestsTo, withSimulator } from './helpers/index.mjs';
import { ORG_ID } from '../simulator/people.mjs';

const DAY = 86_400_000;
const iso = (ms) => new Date(ms).toISOString();

/** The bytes of an item's file as n8n stored them. */
const storedBytes = (item, field = 'data') => Buffer.from(item.binary[field].data, 'base64');

/** The file's text: gunzipped when it is gzip. */
const textOf = (item, field) => {
	const bytes = storedBytes(item, field);
	return item.json.gzip ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
};

const jsonLines = (item, field) =>
	textOf(item, field)
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line));

function run(type, simulator, parameters) {
	return runNode({
		type,
		parameters: { authentication: 'accessToken', returnAll: true, ...parameters },
		credentials: simulatorCredentials(simulator),
	});
}

/** Every Get Many, with parameters that list several pages (and windows where it has them). */
const LISTINGS = [
	[
		'Webex Events',
		(simulator) => ({
			type: 'webexEvents',
			parameters: {
				resource: 'event',
				operation: 'getAll',
				filters: { from: iso(Date.now() - 20 * DAY) },
				options: { pageSize: 250 },
			},
		}),
	],
	[
		'Recording audit summaries',
		() => ({
			type: 'webexRecordingAudit',
			parameters: {
				resource: 'recordingAuditSummary',
				operation: 'getAll',
				filters: { hostEmail: 'all', from: iso(Date.now() - 300 * DAY) },
				options: { pageSize: 40 },
			},
		}),
	],
	[
		'Recording access details',
		(simulator) => {
			let index = 0;
			while (simulator.recordings.accessDetail(index).length <= 60) index++;
			const recording = simulator.recordings.at(index);
			return {
				type: 'webexRecordingAudit',
				parameters: {
					resource: 'recordingAccessDetail',
					operation: 'getAll',
					recordingId: recording.recordingId,
					filters: { hostEmail: recording.hostEmail },
					options: { pageSize: 25 },
				},
			};
		},
	],
	...['adminAuditEvent', 'securityAuditEvent'].map((resource) => [
		resource,
		() => ({
			type: 'webexAdminAudit',
			parameters: {
				resource,
				operation: 'getAll',
				orgId: ORG_ID,
				filters: { from: iso(Date.now() - 2 * DAY) },
				options: { pageSize: 100 },
			},
		}),
	]),
];

const SIMULATOR = {
	events: 6000,
	recordings: 2000,
	adminAuditEvents: 1500,
	adminAuditSpanDays: 3,
	securityAuditEvents: 1500,
	securityAuditSpanDays: 3,
};

describe('Output JSON Lines or CSV: one file with exactly the records of items mode', () => {
	for (const [name, listing] of LISTINGS) {
		it(`${name}: JSON Lines and CSV, gzip on and off, Simplify, sha256, count and time span`, async () => {
			await withSimulator(SIMULATOR, async (simulator) => {
				const { type, parameters } = listing(simulator);
				const withOptions = (options) => ({
					...parameters,
					options: { ...parameters.options, ...options },
				});
				for (const simplify of [false, true]) {
					const items = (await run(type, simulator, withOptions({ simplify }))).map(
						(item) => item.json,
					);
					assert.ok(items.length > 50, `${items.length} records over several pages`);
					for (const gzip of [true, false]) {
						const [file, ...more] = await run(
							type,
							simulator,
							withOptions({ simplify, output: 'jsonLines', gzip, binaryProperty: 'archive' }),
						);
						assert.equal(more.length, 0, 'one item per input item');
						assert.deepEqual(jsonLines(file, 'archive'), items, 'same records, order, fields');
						const bytes = storedBytes(file, 'archive');
						assert.equal(file.json.records, items.length);
						assert.equal(file.json.bytes, bytes.length);
						assert.equal(file.json.sha256, createHash('sha256').update(bytes).digest('hex'));
						assert.equal(file.binary.archive.fileName, file.json.fileName);
						assert.match(file.json.fileName, gzip ? /\.jsonl\.gz$/ : /\.jsonl$/);
						assert.equal(
							file.binary.archive.mimeType,
							gzip ? 'application/gzip' : 'application/x-ndjson',
						);
					}
				}
				// CSV: the Simplify columns (or the record's fields), whatever Simplify says.
				const simple = (await run(type, simulator, withOptions({ simplify: true }))).map(
					(item) => item.json,
				);
				const [csv] = await run(type, simulator, withOptions({ output: 'csv' }));
				assert.match(csv.json.fileName, /\.csv\.gz$/);
				const [header, ...rows] = parseCsv(textOf(csv));
				assert.equal(rows.length, simple.length);
				assert.deepEqual(
					rows[0],
					header.map((column) =>
						simple[0][column] === null || simple[0][column] === undefined
							? ''
							: String(simple[0][column]),
					),
				);
				assert.ok(csv.json.firstCreated <= csv.json.lastCreated);
			});
		});
	}

	it("Resolve People: the file has the actors' names, the CSV their columns, as items mode", async () => {
		await withSimulator({ events: 3000 }, async (simulator) => {
			const options = { pageSize: 200, resolvePeople: true, parallelRequests: 1 };
			const items = (await listEvents(simulator, { options })).map((item) => item.json);
			assert.ok(items.some((event) => typeof event.actorEmail === 'string'));
			const [file] = await listEvents(simulator, { options: { ...options, output: 'jsonLines' } });
			assert.deepEqual(jsonLines(file), items);
			const [csv] = await listEvents(simulator, { options: { ...options, output: 'csv' } });
			const [header, first] = parseCsv(textOf(csv));
			assert.ok(header.includes('actorEmail') && header.includes('actorDisplayName'));
			assert.equal(first[header.indexOf('actorEmail')], items[0].actorEmail ?? '');
		});
	});

	it('Resolve People with Parallel Requests 4: each of 2,000 actors asked once, while pages are read and written', async () => {
		await withSimulator({ events: 20_000, people: 2000, formerPeople: 0 }, async (simulator) => {
			const created = (index) => Date.parse(simulator.events.at(index).created);
			const filters = {
				from: new Date(created(simulator.events.count - 1) - 1).toISOString(),
				to: new Date(created(0) + 1).toISOString(),
			};
			const options = { resolvePeople: true, parallelRequests: 4 };
			const items = (await listEvents(simulator, { filters, options })).map((item) => item.json);
			const askedOf = () =>
				requestsTo(simulator, '/people').flatMap((request) => request.query.id.split(','));
			assert.equal(askedOf().length, 2000, 'items mode: each actor once');
			simulator.clearRequests();
			const [file] = await listEvents(simulator, {
				filters,
				options: { ...options, output: 'jsonLines' },
			});
			assert.deepEqual(jsonLines(file), items);
			const asked = askedOf();
			assert.equal(new Set(asked).size, 2000);
			assert.equal(asked.length, 2000, 'a file: each actor once too');
		});
	});

	it('a file name that says what and when; an empty listing gives a valid empty file', async () => {
		await withSimulator({ events: 100 }, async (simulator) => {
			const from = '2026-11-30T00:00:00.000Z';
			const to = '2026-12-01T00:00:00.000Z';
			const [file] = await listEvents(simulator, {
				filters: { from, to, type: 'ended', eventResource: 'memberships' },
				options: { output: 'jsonLines' },
			});
			assert.equal(
				file.json.fileName,
				'webex-events-2026-11-30T00-00-00Z--2026-12-01T00-00-00Z.jsonl.gz',
			);
			assert.equal(file.json.records, 0);
			assert.equal(textOf(file), '', 'a gzip file holding nothing');
			assert.equal(file.json.firstCreated, null);
		});
	});

	it('CSV cells a spreadsheet would run as formulas are escaped; quotes, commas and line breaks survive', async () => {
		const hostile = [
			'=HYPERLINK("http://x","y")',
			'+1+1',
			'-2',
			'@SUM(A1)',
			'\tx',
			'\rx',
			'a,"b"\nc',
		];
		const badRecords = hostile.map((text, index) => ({
			id: `hostile-${index}`,
			resource: 'messages',
			type: 'created',
			created: new Date(Date.now() - 60_000).toISOString(),
			data: { text },
		}));
		await withSimulator({ events: 10, faults: { badRecords } }, async (simulator) => {
			const [csv] = await listEvents(simulator, { options: { output: 'csv', gzip: false } });
			const [header, ...rows] = parseCsv(textOf(csv));
			const [id, text] = [header.indexOf('id'), header.indexOf('text')];
			const cells = rows.filter((row) => row[id].startsWith('hostile-')).map((row) => row[text]);
			assert.deepEqual(cells, [
				`'=HYPERLINK("http://x","y")`,
				"'+1+1",
				"'-2",
				"'@SUM(A1)",
				"'\tx",
				"'\rx",
				'a,"b"\nc',
			]);
		});
	});

	it('250,000 events in one file, past the 100,000 records items mode allows', async () => {
		await withSimulator({ events: 250_000 }, async (simulator) => {
			const error = await rejection(listEvents(simulator, { options: { parallelRequests: 1 } }));
			assert.match(error.description ?? '', /Options → Output to JSON Lines/);
			const [file] = await listEvents(simulator, { options: { output: 'jsonLines' } });
			assert.equal(file.json.records, 250_000);
			const ids = jsonLines(file).map((event) => event.id);
			assert.equal(new Set(ids).size, 250_000);
			assert.equal(ids[0], simulator.events.at(0).id);
			assert.equal(ids.at(-1), simulator.events.at(249_999).id);
		});
	});

	it('a failure mid-way fails the node: no item, so no half file as its result', async () => {
		await withSimulator(
			{ events: 5000, faults: { rules: [{ status: 400, after: 5 }] } },
			async (simulator) => {
				const error = await rejection(
					listEvents(simulator, { options: { output: 'jsonLines', pageSize: 200 } }),
				);
				assert.match(error.message, /Webex API error \(400\)/);
			},
		);
	});

	it('a cancelled execution stops the file mid-way', async () => {
		await withSimulator({ events: 20_000, faults: { delayMs: 50 } }, async (simulator) => {
			const controller = new AbortController();
			const listing = listEvents(simulator, {
				options: { output: 'jsonLines', pageSize: 100, parallelRequests: 1 },
				signal: controller.signal,
			});
			await new Promise((resolve) => setTimeout(resolve, 400));
			controller.abort();
			const error = await rejection(listing);
			assert.match(error.message, /cancelled/);
			const count = simulator.requests.length;
			assert.ok(count < 200, `${count} requests: stopped long before the end`);
		});
	});
});
