// The organisations a token sees, for partners:
//   GET /v1/organizations            every organisation visible to the caller (not paginated)
//   GET /v1/organizations/{orgId}    one of them
// The tokens' own organisation (Acme Inc.) holds the audit trails of server.mjs. With
// `customerOrgs`, a partner administrator (a caller with `partner: true`) also manages that many
// customer organisations, each with audit trails of its own; some may refuse the partner's audit
// requests (`refusingOrgs`: a 403, as Webex answers an organisation that withdrew the partner's
// access). Anyone else sees their own organisation only.
import { adminAuditDataset, OWN_ORG, securityAuditDataset } from './audit.mjs';
import { WebexHttpError } from './errors.mjs';
import { stableUuid, webexId } from './random.mjs';

const DAY_MS = 86_400_000;

/**
 * The organisations of one simulator: `own` ({id, uuid, name, created}) and `count` customers, each with
 * {id, uuid, name, created, refuses, adminAudit, securityAudit} (their audit data sets: `events`
 * of each kind over `spanDays` before `now`; generated on demand, so 500 customers cost little).
 * `refusing` lists the indexes of the customers that refuse.
 */
export function organizationsOf({ seed, count, refusing = [], events, spanDays, now, people }) {
	const customers = Array.from({ length: count }, (_, index) => {
		const uuid = stableUuid(seed, 'customer-org', index);
		const org = { id: webexId('ORGANIZATION', uuid), uuid, name: `Customer ${index + 1} Ltd` };
		const data = { seed: `${seed}/customer-${index}`, count: events, now, people, org };
		const spanMs = spanDays * DAY_MS;
		return {
			...org,
			created: new Date(now - (index + 1) * DAY_MS).toISOString(),
			refuses: refusing.includes(index),
			adminAudit: adminAuditDataset({ ...data, spanMs }),
			securityAudit: securityAuditDataset({ ...data, spanMs }),
		};
	});
	const byId = new Map(customers.map((customer) => [customer.id, customer]));
	return {
		own: { ...OWN_ORG, created: new Date(now - 1000 * DAY_MS).toISOString() },
		customers,
		/** The customers a partner sees now (tests remove and add some between polls). */
		visible: new Set(customers.map((customer) => customer.id)),
		byId,
	};
}

/** What GET /v1/organizations answers `caller`: their own organisation, then a partner's customers. */
export function listOrganizations(orgs, caller) {
	const { own } = orgs;
	const items = [{ id: own.id, displayName: own.name, created: own.created }];
	if (caller.partner)
		for (const customer of orgs.customers)
			if (orgs.visible.has(customer.id))
				items.push({ id: customer.id, displayName: customer.name, created: customer.created });
	return { items };
}

/** What GET /v1/organizations/{orgId} answers: one organisation the caller sees, else a 404. */
export function getOrganization(orgs, caller, orgId) {
	const found = listOrganizations(orgs, caller).items.find((org) => org.id === orgId);
	if (!found) throw new WebexHttpError(404);
	return found;
}

/**
 * The audit data set (`kind`: adminAudit or securityAudit) of organisation `orgId` for `caller`,
 * or undefined when they may not read it: their own organisation's (`own`), or, for a partner, a
 * visible customer's that does not refuse.
 */
export function auditDatasetOf(orgs, caller, kind, own) {
	return (orgId) => {
		if (orgId === orgs.own.id) return own;
		const customer = orgs.byId.get(orgId);
		if (!customer || !caller.partner || customer.refuses || !orgs.visible.has(orgId)) return;
		return customer[kind];
	};
}
