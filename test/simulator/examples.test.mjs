// The simulator is the ground truth of every other test: it must page and reject as Webex does.
// Here: Webex's own examples among the records.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { withSimulator } from '../helpers/index.mjs';
import { DAY_MS, get, iso } from '../helpers/simulatorRequests.mjs';
import { EXAMPLES } from '../../simulator/definitions.mjs';
import { ORG_ID } from '../../simulator/people.mjs';

describe("simulator: Webex's own examples among the records", () => {
	const all = (dataset, count) => Array.from({ length: count }, (_, index) => dataset.at(index));
	const keys = (record) => Object.keys(record).sort();
	const N = 400;
	const options = { events: N, recordings: N, adminAuditEvents: N, securityAuditEvents: N };

	it('events: the example event with its meeting and telephony data, with ids, people and times of the data set', async () => {
		await withSimulator(options, async (simulator) => {
			const example = EXAMPLES.event;
			const events = all(simulator.events, N);
			const made = events.filter((event) => event.data.text === example.data.text);
			assert.ok(made.length >= 5 && made.length <= N / 5, `${made.length} example events`);
			for (const event of made) {
				assert.deepEqual(Object.keys(event), Object.keys(example));
				assert.deepEqual(Object.keys(event.data), Object.keys(example.data));
				for (const field of ['resource', 'type', 'appId'])
					assert.equal(event[field], example[field]);
				for (const field of ['callType', 'callDurationSeconds', 'calledNumber', 'recordingEnabled'])
					assert.equal(event.data[field], example.data[field]);
				assert.equal(event.orgId, ORG_ID);
				assert.ok(simulator.people.some((person) => person.id === event.actorId));
				assert.equal(event.data.personId, event.actorId);
				assert.equal(event.data.created, event.created);
				const spacing = (record) =>
					Date.parse(record.data.callTransferTime) - Date.parse(record.data.callStartTime);
				assert.equal(spacing(event), spacing(example));
				assert.ok(Date.parse(event.data.callTransferTime) < Date.parse(event.created));
				assert.deepEqual(keys(event.data.recipients[0]), keys(example.data.recipients[0]));
			}
			assert.equal(new Set(events.map((event) => event.id)).size, N);
			events.forEach((event, index) =>
				assert.equal(Date.parse(event.created), simulator.events.createdAt(index)),
			);
			// Served as they are: listed (and checked against the definitions) and found by id.
			const listed = (await get(simulator, `/events?max=${N}`)).body.items;
			assert.deepEqual(listed, JSON.parse(JSON.stringify(events)));
			assert.deepEqual((await get(simulator, `/events/${made[0].id}`)).body, made[0]);
		});
	});

	it('admin and security audit events: the examples, in this organisation, by its people, on the timeline', async () => {
		await withSimulator(options, async (simulator) => {
			const [from, to] = [iso(Date.now() - 40 * DAY_MS), iso(Date.now())];
			for (const [dataset, example, path] of [
				[
					simulator.adminAudit,
					EXAMPLES.adminAuditEvent,
					`/adminAudit/events?orgId=${ORG_ID}&from=${from}&to=${to}&max=200`,
				],
				[
					simulator.securityAudit,
					EXAMPLES.securityAuditEvent,
					`/admin/securityAudit/events?orgId=${ORG_ID}&startTime=${from}&endTime=${to}&max=200`,
				],
			]) {
				const records = all(dataset, N);
				const made = records.filter(
					(record) => record.data.actorUserAgent === example.data.actorUserAgent,
				);
				assert.ok(made.length >= 5 && made.length <= N / 4, `${path}: ${made.length}`);
				for (const record of made) {
					assert.deepEqual(keys(record), keys(example));
					assert.deepEqual(Object.keys(record.data), Object.keys(example.data));
					for (const field of ['eventDescription', 'actorIp', 'actorOrgName'])
						assert.equal(record.data[field], example.data[field]);
					assert.equal(record.data.eventCategory, 'LOGINS');
					assert.equal(record.actorOrgId, ORG_ID);
					const actor = simulator.people.find((person) => person.id === record.actorId);
					assert.equal(record.data.actorEmail, actor.emails[0]);
					assert.equal(
						record.data.actionText,
						`${actor.displayName} logged into organization Acme Inc.`,
					);
				}
				if (example.data.adminRoles)
					assert.ok(made.every((record) => record.data.targetOrgId === ORG_ID));
				assert.equal(new Set(records.map((record) => record.id)).size, N);
				records.forEach((record, index) =>
					assert.equal(Date.parse(record.created), dataset.createdAt(index)),
				);
				const listed = (await get(simulator, path)).body.items;
				assert.deepEqual(listed, records.slice(0, 200));
			}
		});
	});

	it("recordings: the example summaries' topic and counts, whose access details start with the example's people", async () => {
		await withSimulator(options, async (simulator) => {
			const { recordings } = simulator;
			const made = Array.from({ length: N }, (_, index) => index).filter(
				(index) => recordings.at(index).topic === EXAMPLES.recordingSummaries[0].topic,
			);
			assert.ok(made.length >= 10 && made.length <= N / 4, `${made.length} example recordings`);
			const counts = EXAMPLES.recordingSummaries.map((e) => `${e.viewCount}/${e.downloadCount}`);
			for (const index of made) {
				const summary = recordings.at(index);
				assert.ok(counts.includes(`${summary.viewCount}/${summary.downloadCount}`));
				const access = recordings.accessDetail(index);
				assert.equal(access.filter((record) => record.viewed).length, summary.viewCount);
				assert.equal(access.filter((record) => record.downloaded).length, summary.downloadCount);
				const fits = EXAMPLES.recordingAccess.filter(
					(record) =>
						!(record.viewed && summary.viewCount === 0) &&
						!(record.downloaded && summary.downloadCount === 0),
				);
				assert.ok(fits.length > 0);
				assert.deepEqual(
					access.slice(0, fits.length).map(({ name, email, viewed, downloaded }) => ({
						name,
						email,
						viewed,
						downloaded,
					})),
					fits.map(({ name, email, viewed, downloaded }) => ({ name, email, viewed, downloaded })),
				);
				assert.ok(access.every((record) => record.recordingId === summary.recordingId));
			}
			// As served: the example's fields, in its order.
			const summary = recordings.at(made[0]);
			const answer = await get(
				simulator,
				`/recordingReport/accessDetail?recordingId=${summary.recordingId}&hostEmail=${summary.hostEmail}&max=100`,
			);
			assert.deepEqual(Object.keys(answer.body.items[0]), Object.keys(EXAMPLES.recordingAccess[0]));
			const from = iso(summary.timeRecordedMs - DAY_MS);
			const to = iso(summary.timeRecordedMs + 1000);
			const listed = (
				await get(
					simulator,
					`/recordingReport/accessSummary?hostEmail=all&siteUrl=${summary.siteUrl}&from=${from}&to=${to}&max=100`,
				)
			).body.items.find((item) => item.recordingId === summary.recordingId);
			assert.deepEqual(Object.keys(listed), Object.keys(EXAMPLES.recordingSummaries[0]));
			assert.equal(listed.topic, 'Example Topic');
		});
	});
});
