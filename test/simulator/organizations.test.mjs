// The simulator is the ground truth of every other test: it must answer as Webex does.
// Here: the organisations a token sees, and a partner's customers with audit trails of their own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { withSimulator } from '../helpers/index.mjs';
import { DAY_MS, get, iso } from '../helpers/simulatorRequests.mjs';
import { ORG_ID } from '../../simulator/people.mjs';

const audit = (orgId, now = Date.now()) =>
	`/admin/securityAudit/events?orgId=${encodeURIComponent(orgId)}&startTime=${iso(now - 40 * DAY_MS)}&endTime=${iso(now)}&max=1000`;

describe("simulator: organisations and a partner's customers", () => {
	it('GET /organizations: a partner sees its own and its customers, anyone else its own; the default is one organisation', async () => {
		await withSimulator({ customerOrgs: 3 }, async (simulator) => {
			const partner = await get(simulator, '/organizations', { token: 'partner-token' });
			assert.equal(partner.status, 200);
			assert.deepEqual(
				partner.body.items.map((org) => org.displayName),
				['Acme Inc.', 'Customer 1 Ltd', 'Customer 2 Ltd', 'Customer 3 Ltd'],
			);
			assert.equal(partner.body.items[0].id, ORG_ID);
			const own = await get(simulator, '/organizations');
			assert.deepEqual(
				own.body.items.map((org) => org.id),
				[ORG_ID],
			);
			const [, customer] = partner.body.items;
			const one = await get(simulator, `/organizations/${customer.id}`, { token: 'partner-token' });
			assert.deepEqual(one.body, customer);
			const hidden = await get(simulator, `/organizations/${customer.id}`);
			assert.equal(hidden.status, 404);
		});
		await withSimulator({}, async (simulator) => {
			const partner = await get(simulator, '/organizations', { token: 'partner-token' });
			assert.deepEqual(
				partner.body.items.map((org) => org.id),
				[ORG_ID],
			);
		});
	});

	it("each customer has its own audit trail; a refusing one and another token's requests get Webex's 403", async () => {
		await withSimulator({ customerOrgs: 3, refusingOrgs: [2] }, async (simulator) => {
			const [first, second, refusing] = simulator.orgs.customers;
			const ids = async (org) =>
				(await get(simulator, audit(org.id), { token: 'partner-token' })).body.items.map(
					(event) => event.id,
				);
			const [a, b] = [await ids(first), await ids(second)];
			assert.equal(a.length, 50);
			assert.equal(b.length, 50);
			assert.equal(new Set([...a, ...b]).size, 100, 'no event shared');
			const event = (await get(simulator, audit(first.id), { token: 'partner-token' })).body
				.items[0];
			assert.equal(event.data.actorOrgName, first.name);
			for (const [orgId, token] of [
				[refusing.id, 'partner-token'],
				[first.id, 'sim-token'],
			]) {
				const refused = await get(simulator, audit(orgId), { token });
				assert.equal(refused.status, 403);
				assert.match(refused.body.message, /not authorized to access organization/);
				assert.match(refused.body.trackingId, /^ROUTER_/);
				assert.deepEqual(refused.body.errors, [{ description: refused.body.message }]);
			}
			simulator.orgs.visible.delete(first.id);
			const gone = await get(simulator, audit(first.id), { token: 'partner-token' });
			assert.equal(gone.status, 403, 'a customer no longer managed refuses');
		});
	});
});
