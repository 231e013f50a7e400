// The simulator is the ground truth of every other test: it must page and reject as Webex does.
// Here: the admin audit and security audit events.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { withSimulator } from '../helpers/index.mjs';
import { DAY_MS, get, iso, listAll, listAllResolved } from '../helpers/simulatorRequests.mjs';
import { ORG_ID } from '../../simulator/people.mjs';

describe('simulator: admin and security audit', () => {
	const adminTokens = {
		'sim-token': { person: 0, compliance: true, admin: true, fullAdmin: true },
		'site-admin': { person: 2, compliance: true, admin: true, fullAdmin: false },
		'user-token': { person: 1, compliance: false, admin: false, fullAdmin: false },
	};

	it('GET /adminAudit/events requires orgId, from and to, at most a year, a full administrator of that org', async () => {
		await withSimulator({ tokens: adminTokens }, async (simulator) => {
			const now = Date.now();
			const window = `from=${iso(now - 40 * DAY_MS)}&to=${iso(now)}`;
			const cases = [
				[`/adminAudit/events?${window}`, 400, /orgId/],
				[`/adminAudit/events?orgId=${ORG_ID}&to=${iso(now)}`, 400, /'from'/],
				[`/adminAudit/events?orgId=${ORG_ID}&from=${iso(now - DAY_MS)}`, 400, /'to'/],
				[
					`/adminAudit/events?orgId=${ORG_ID}&from=${iso(now - 366 * DAY_MS)}&to=${iso(now)}`,
					400,
					/one year/,
				],
				[
					`/adminAudit/events?orgId=${ORG_ID}&from=${iso(now)}&to=${iso(now - DAY_MS)}`,
					400,
					/cannot be after/,
				],
				[`/adminAudit/events?orgId=${ORG_ID}&from=yesterday&to=${iso(now)}`, 400, /ISO 8601/],
				[`/adminAudit/events?orgId=${ORG_ID}&${window}&offset=-1`, 400, /offset/],
				[`/adminAudit/events?orgId=${ORG_ID}&${window}&max=0`, 400, /max/],
				[`/adminAudit/events?orgId=${ORG_ID}&${window}&eventCategories=LOGIN`, 400, /LOGIN/],
				[`/adminAudit/events?orgId=${simulator.people[0].id}&${window}`, 403, /organization/],
			];
			for (const [query, status, message] of cases) {
				const answer = await get(simulator, query, {
					offContract: 'an invalid request, on purpose',
				});
				assert.equal(answer.status, status, query);
				assert.match(answer.body.message, message, query);
				assert.match(answer.body.trackingId, /^ROUTER_/);
			}
			for (const token of ['site-admin', 'user-token']) {
				for (const path of [
					`/adminAudit/events?orgId=${ORG_ID}&${window}`,
					'/adminAudit/eventCategories',
				]) {
					const answer = await get(simulator, path, { token });
					assert.equal(answer.status, 403, `${token} ${path}`);
					assert.match(answer.body.message, /full administrator/);
				}
			}
			const year = await get(
				simulator,
				`/adminAudit/events?orgId=${ORG_ID}&from=${iso(now - 365 * DAY_MS)}&to=${iso(now)}`,
			);
			assert.equal(year.status, 200);
			assert.equal(year.body.items.length, 100);
			assert.equal(year.headers.link, undefined);
			assert.equal(
				(
					await get(simulator, `/adminAudit/events?orgId=${ORG_ID}&${window}&max=1000`, {
						offContract: 'max above the ceiling, on purpose',
					})
				).body.items.length,
				200,
			);
		});
	});

	it('pages admin audit events by offset until a short page, or by Link when asked: every event once, newest first', async () => {
		await withSimulator({ adminAuditEvents: 450, adminAuditSpanDays: 10 }, async (simulator) => {
			const { adminAudit } = simulator;
			assert.equal(adminAudit.count, 450);
			const now = Date.now();
			// Exclusive bounds: events created exactly at `from` or `to` are left out.
			const from = adminAudit.createdAt(400);
			const to = adminAudit.createdAt(10);
			const [start, end] = adminAudit.range(from, to);
			assert.deepEqual([start, end], [11, 400]);
			const expected = Array.from({ length: end - start }, (_, i) => adminAudit.at(start + i));
			const base = `/adminAudit/events?orgId=${ORG_ID}&from=${iso(from)}&to=${iso(to)}&max=50`;
			const byOffset = [];
			for (let offset = 0; ; offset += 50) {
				const page = await get(simulator, `${base}&offset=${offset}`);
				assert.equal(page.status, 200);
				assert.equal(page.headers.link, undefined);
				byOffset.push(...page.body.items);
				if (page.body.items.length < 50) break;
			}
			assert.deepEqual(byOffset, expected);
			for (let i = 1; i < byOffset.length; i++)
				assert.ok(byOffset[i - 1].created > byOffset[i].created);
			const item = byOffset[0];
			assert.deepEqual(Object.keys(item), ['id', 'created', 'actorId', 'actorOrgId', 'data']);
			for (const field of [
				'actorName',
				'actorEmail',
				'actorIp',
				'actorUserAgent',
				'adminRoles',
				'eventCategory',
				'eventDescription',
				'actionText',
				'targetId',
				'targetName',
				'targetType',
				'targetOrgId',
				'targetOrgName',
				'trackingId',
			])
				assert.ok(item.data[field] !== undefined, field);
			assert.equal(item.actorOrgId, ORG_ID);

			simulator.setFaults({ adminAuditLink: true });
			const pages = await listAllResolved(simulator, `${simulator.baseUrl}${base}`);
			assert.deepEqual(pages.flat(), expected);
			assert.equal(pages.length, Math.ceil(expected.length / 50));
			assert.ok(
				simulator.requests
					.slice(-pages.length + 1)
					.every((r) => Number(r.query.offset) > 0 && r.query.max === '50'),
			);

			const categories = (await get(simulator, '/adminAudit/eventCategories')).body.eventCategories;
			assert.ok(categories.includes('LOGINS') && categories.includes('USERS'));
			const all = Array.from({ length: 450 }, (_, i) => adminAudit.at(i));
			assert.ok(all.every((event) => categories.includes(event.data.eventCategory)));
			assert.ok(all.some((event) => event.data.errorCode));

			// Filters, with offset paging and in Link mode.
			const actor = simulator.people[0];
			const wide = `orgId=${ORG_ID}&from=${iso(now - 20 * DAY_MS)}&to=${iso(now)}`;
			const wanted = all.filter(
				(e) => e.actorId === actor.id && ['LOGINS', 'USERS'].includes(e.data.eventCategory),
			);
			assert.ok(wanted.length > 5);
			const filtered = await listAllResolved(
				simulator,
				`${simulator.baseUrl}/adminAudit/events?${wide}&max=5&actorId=${actor.id}&eventCategories=LOGINS,USERS`,
			);
			assert.deepEqual(filtered.flat(), wanted);
			simulator.setFaults({});
			const byUuid = Buffer.from(
				Buffer.from(actor.id, 'base64').toString().split('/').pop(),
			).toString('base64');
			const second = await get(
				simulator,
				`/adminAudit/events?${wide}&max=5&offset=5&actorId=${byUuid}&eventCategories=LOGINS&eventCategories=USERS`,
			);
			assert.deepEqual(second.body.items, wanted.slice(5, 10));
		});
	});

	it('GET /admin/securityAudit/events: required window, limits, Link paging, filters, Pro Pack', async () => {
		await withSimulator(
			{ tokens: adminTokens, securityAuditEvents: 2500, securityAuditSpanDays: 20 },
			async (simulator) => {
				const { securityAudit } = simulator;
				const now = Date.now();
				const window = `orgId=${ORG_ID}&startTime=${iso(now - 30 * DAY_MS)}&endTime=${iso(now)}`;
				const cases = [
					[
						`/admin/securityAudit/events?startTime=${iso(now - DAY_MS)}&endTime=${iso(now)}`,
						400,
						/orgId/,
					],
					[`/admin/securityAudit/events?orgId=${ORG_ID}&endTime=${iso(now)}`, 400, /startTime/],
					[`/admin/securityAudit/events?orgId=${ORG_ID}&startTime=${iso(now)}`, 400, /endTime/],
					[
						`/admin/securityAudit/events?orgId=${ORG_ID}&startTime=${iso(now - 400 * DAY_MS)}&endTime=${iso(now)}`,
						400,
						/one year/,
					],
					[`/admin/securityAudit/events?${window}&max=-3`, 400, /max/],
					[
						`/admin/securityAudit/events?orgId=other&startTime=${iso(now - DAY_MS)}&endTime=${iso(now)}`,
						403,
						/organization/,
					],
				];
				for (const [query, status, message] of cases) {
					const answer = await get(simulator, query, {
						offContract: 'an invalid request, on purpose',
					});
					assert.equal(answer.status, status, query);
					assert.match(answer.body.message, message, query);
				}
				for (const token of ['site-admin', 'user-token'])
					assert.equal(
						(await get(simulator, `/admin/securityAudit/events?${window}`, { token })).status,
						403,
					);
				const first = await get(simulator, `/admin/securityAudit/events?${window}`);
				assert.equal(first.body.items.length, 100);
				assert.deepEqual(first.body.items[0], securityAudit.at(0));
				assert.equal(
					(
						await get(simulator, `/admin/securityAudit/events?${window}&max=5000`, {
							offContract: 'max above the ceiling, on purpose',
						})
					).body.items.length,
					1000,
				);
				const { ids, pages } = await listAll(
					simulator,
					`/admin/securityAudit/events?${window}&max=1000`,
				);
				assert.equal(pages, 3);
				assert.deepEqual(
					ids,
					Array.from({ length: 2500 }, (_, i) => securityAudit.at(i).id),
				);

				const actor = simulator.people[4];
				const expected = Array.from({ length: 2500 }, (_, i) => securityAudit.at(i)).filter(
					(e) => e.actorId === actor.id && e.data.eventCategory === 'LOGOUT',
				);
				assert.ok(expected.length > 0);
				const filtered = await listAllResolved(
					simulator,
					`${simulator.baseUrl}/admin/securityAudit/events?${window}&max=3&actorId=${actor.id}&eventCategories=LOGOUT`,
				);
				assert.deepEqual(filtered.flat(), expected);

				simulator.setFaults({ proPack: false });
				const refused = await get(simulator, `/admin/securityAudit/events?${window}`);
				assert.equal(refused.status, 403);
				assert.match(refused.body.message, /Pro Pack/);
				assert.match(refused.body.message, /Allow user authentication data/);
			},
		);
		await withSimulator({ proPack: false }, async (simulator) => {
			const now = Date.now();
			const answer = await get(
				simulator,
				`/admin/securityAudit/events?orgId=${ORG_ID}&startTime=${iso(now - DAY_MS)}&endTime=${iso(now)}`,
			);
			assert.equal(answer.status, 403);
			assert.match(answer.body.message, /Pro Pack/);
		});
	});
});
