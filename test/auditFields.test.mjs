// The audit fields security teams ask about first (issue 32), through n8n's engine against the
// simulator, whose records carry them in the shapes of recorded Webex answers: Simplify and the CSV
// file keep them (null when absent or blank, otherwise as sent), and Sign-In Result keeps the
// failed or succeeded sign-ins in items, files, with a Limit and in the trigger over several polls.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';

import { runNode, simulatorCredentials } from './helpers/n8n.mjs';
import { auditOrgState, parseCsv, pollTrigger, withSimulator } from './helpers/index.mjs';

const SECURITY_FIELDS = [
	'eventStatus',
	'failedReason',
	'authenticationMethod',
	'actorClientName',
	'actorOauthClient',
];
const ADMIN_FIELDS = [
	'operationType',
	'settingKey',
	'settingName',
	'settingValue',
	'previousValue',
	'entityType',
];
/** Simplify's columns as the README lists them, in order. */
const SECURITY_COLUMNS = (
	'created eventCategory eventDescription actorName actorEmail actorIp actorUserAgent ' +
	'actorClientName authenticationMethod eventStatus failedReason actionText actorOauthClient ' +
	'trackingId actorId actorOrgId id'
).split(' ');
const ADMIN_COLUMNS = (
	'created eventCategory eventDescription actorName actorEmail actorIp actorUserAgent adminRoles ' +
	'operationType actionText entityType settingKey settingName settingValue previousValue ' +
	'targetName targetType targetOrgName errorCode errorMessage targetId targetOrgId ' +
	'trackingId actorId actorOrgId id'
).split(' ');

const ids = (items) => items.map((item) => item.json.id);
const status = (record) => record.data.eventStatus;

function run(simulator, resource, parameters = {}) {
	return runNode({
		type: 'webexAdminAudit',
		parameters: {
			authentication: 'accessToken',
			resource,
			operation: 'getAll',
			orgId: '',
			returnAll: true,
			filters: {},
			options: {},
			...parameters,
		},
		credentials: simulatorCredentials(simulator),
	});
}

/** The raw records of a data set by id. */
function byId(dataset) {
	const records = new Map();
	for (let index = 0; index < dataset.count; index++) {
		const record = dataset.at(index);
		records.set(record.id, record);
	}
	return records;
}

/** What Simplify must show for a field: null when absent or blank, otherwise the value as sent. */
const expectedCell = (value) =>
	value === undefined || (typeof value === 'string' && !value.trim()) ? null : value;

const fileText = (item) => {
	const bytes = Buffer.from(item.binary.data.data, 'base64');
	return (item.json.gzip ? gunzipSync(bytes) : bytes).toString('utf8');
};

describe('Simplify and CSV keep the fields security teams ask about first', () => {
	it('security audit: eventStatus, failedReason (one space → null), authenticationMethod, actorClientName, actorOauthClient', async () => {
		await withSimulator({ securityAuditEvents: 600, securityAuditSpanDays: 1 }, async (sim) => {
			const raw = byId(sim.securityAudit);
			const items = await run(sim, 'securityAuditEvent', { options: { simplify: true } });
			assert.ok(items.length > 100);
			for (const { json } of items) {
				assert.deepEqual(Object.keys(json), SECURITY_COLUMNS);
				const data = raw.get(json.id).data;
				for (const field of SECURITY_FIELDS)
					assert.equal(json[field], expectedCell(data[field]), `${field} of ${json.id}`);
			}
			const success = items.find((item) => item.json.eventStatus === 'SUCCESS').json;
			assert.equal(raw.get(success.id).data.failedReason, ' ', 'the recorded one space');
			assert.equal(success.failedReason, null);
			assert.ok(
				success.actorClientName && success.authenticationMethod && success.actorOauthClient,
			);
			const failure = items.find((item) => item.json.eventStatus === 'FAILURE').json;
			assert.equal(failure.failedReason, 'Invalid Password.');
			const logout = items.find((item) => item.json.eventCategory === 'LOGOUT').json;
			for (const field of SECURITY_FIELDS) assert.equal(logout[field], null, field);

			const [csv] = await run(sim, 'securityAuditEvent', {
				options: { output: 'csv', gzip: false },
			});
			const [header, ...rows] = parseCsv(fileText(csv));
			assert.deepEqual(header, SECURITY_COLUMNS);
			assert.deepEqual(
				rows,
				items.map(({ json }) =>
					header.map((column) => (json[column] === null ? '' : String(json[column]))),
				),
			);
		});
	});

	it('admin audit: operationType, settingKey, settingName, settingValue (JSON text), previousValue (the text Null), entityType, as Webex sent them', async () => {
		await withSimulator({ adminAuditEvents: 3000, adminAuditSpanDays: 1 }, async (sim) => {
			const raw = byId(sim.adminAudit);
			const items = await run(sim, 'adminAuditEvent', { options: { simplify: true } });
			for (const { json } of items) {
				assert.deepEqual(Object.keys(json), ADMIN_COLUMNS);
				const data = raw.get(json.id).data;
				for (const field of ADMIN_FIELDS)
					assert.equal(json[field], expectedCell(data[field]), `${field} of ${json.id}`);
			}
			const created = items.find((item) => item.json.settingKey === 'release_migration')?.json;
			assert.ok(created, 'a recorded setting change is among the events');
			assert.equal(created.settingValue, '"MIGRATED"');
			assert.equal(created.previousValue, 'Null', 'the text Null stays as Webex sent it');
			assert.equal(created.operationType, 'CREATE');
			assert.equal(created.entityType, 'ORG');
			const other = items.find((item) => item.json.eventCategory === 'USERS').json;
			for (const field of ADMIN_FIELDS) assert.equal(other[field], null, field);

			const [csv] = await run(sim, 'adminAuditEvent', { options: { output: 'csv', gzip: false } });
			const [header, ...rows] = parseCsv(fileText(csv));
			assert.deepEqual(header, ADMIN_COLUMNS);
			const row = rows[items.findIndex((item) => item.json.id === created.id)];
			assert.equal(row[header.indexOf('settingValue')], '"MIGRATED"');
			assert.equal(row[header.indexOf('previousValue')], 'Null');
			assert.equal(rows.length, items.length);
		});
	});
});

describe('Sign-In Result (read after the records come)', () => {
	it('All, Failed Only, Succeeded Only in items, with a Limit and in JSON Lines and CSV files', async () => {
		await withSimulator({ securityAuditEvents: 800, securityAuditSpanDays: 1 }, async (sim) => {
			const all = (await run(sim, 'securityAuditEvent')).map((item) => item.json);
			assert.ok(
				all.some((record) => status(record) === undefined),
				'sign-outs have no eventStatus',
			);
			const failed = all.filter((record) => status(record) === 'FAILURE').map((r) => r.id);
			const succeeded = all.filter((record) => status(record) === 'SUCCESS').map((r) => r.id);
			assert.ok(failed.length >= 10 && succeeded.length >= 10);
			const withResult = (signInResult, parameters = {}) =>
				run(sim, 'securityAuditEvent', { filters: { signInResult }, ...parameters });

			assert.deepEqual(
				ids(await withResult('all')),
				all.map((record) => record.id),
			);
			assert.deepEqual(ids(await withResult('failed')), failed);
			assert.deepEqual(ids(await withResult('succeeded')), succeeded);
			assert.deepEqual(
				ids(await withResult('failed', { returnAll: false, limit: 7 })),
				failed.slice(0, 7),
				'a Limit counts only the kept records',
			);

			const [lines] = await withResult('failed', { options: { output: 'jsonLines', gzip: false } });
			const written = fileText(lines)
				.split('\n')
				.filter(Boolean)
				.map((line) => JSON.parse(line).id);
			assert.deepEqual(written, failed);
			assert.equal(lines.json.count ?? written.length, failed.length);
			const [csv] = await withResult('succeeded', {
				returnAll: false,
				limit: 9,
				options: { output: 'csv', gzip: false },
			});
			const [header, ...rows] = parseCsv(fileText(csv));
			assert.deepEqual(
				rows.map((row) => row[header.indexOf('id')]),
				succeeded.slice(0, 9),
			);
			assert.ok(rows.every((row) => row[header.indexOf('eventStatus')] === 'SUCCESS'));
		});
	});

	it('the trigger emits each failed sign-in once over several polls, and the others still move its position', async () => {
		await withSimulator({ securityAuditEvents: 900, securityAuditSpanDays: 2 }, async (sim) => {
			const oldestFirst = [];
			for (let index = sim.securityAudit.count - 1; index >= 0; index--)
				oldestFirst.push(sim.securityAudit.at(index));
			const failed = oldestFirst.filter((record) => status(record) === 'FAILURE');
			const newest = oldestFirst.at(-1);
			assert.notEqual(status(newest), 'FAILURE', 'the newest event is one the filter leaves out');
			const parameters = {
				source: 'securityAudit',
				orgId: '',
				startFrom: 'hoursAgo',
				startHoursAgo: 72,
				filters: { signInResult: 'failed' },
				options: { maxEventsPerPoll: 40, simplify: true },
			};
			const batches = [];
			let polled = { staticData: undefined };
			for (let pollIndex = 0; pollIndex < 20; pollIndex++) {
				polled = await pollTrigger('webexAdminAuditTrigger', sim, {
					parameters,
					staticData: polled.staticData,
				});
				if (polled.items === null) break;
				batches.push(polled.items.map((item) => item.json));
			}
			assert.equal(polled.items, null, 'caught up within 20 polls');
			assert.ok(batches.length >= 2, 'over several polls');
			assert.ok(batches.every((batch) => batch.length <= 40));
			const emitted = batches.flat();
			assert.deepEqual(
				emitted.map((event) => event.id),
				failed.map((record) => record.id),
			);
			assert.ok(emitted.every((event) => event.eventStatus === 'FAILURE' && event.failedReason));
			assert.equal(
				auditOrgState(polled.staticData).positionMs,
				Date.parse(newest.created),
				'the position moved to the newest event, though it was left out',
			);

			const test = await pollTrigger('webexAdminAuditTrigger', sim, {
				parameters,
				mode: 'manual',
			});
			assert.ok(test.items.length > 0);
			assert.ok(test.items.every((item) => item.json.eventStatus === 'FAILURE'));
		});
	});
});
