import type { IDataObject } from 'n8n-workflow';

import { orgKey } from '../organizations';
import { fnv1a, readPollState, type PollState } from './pollState';
import type { PollStateSlot } from './pollTrigger';

/**
 * The Admin Audit Trigger's state: one poll state per organization, for one scope (what it
 * watches: the source and the filters). A scope that differs from the stored one starts afresh,
 * each organization by Start From; an organization not read any more loses its state. Compact,
 * for partners with hundreds of organizations: an organization by its UUID, its state a tuple.
 */
export interface OrgPollStates {
	version: 3;
	/** A hash of the scope. */
	scope: string;
	/** Per organization: [sinceMs, positionMs, horizonMs, windowMs (0: none), emitted]. */
	orgs: Record<string, CompactState>;
	/** The token's own organization (This Organization, no Organization ID), for that credential. */
	own?: { credential: string; orgId: string };
	/** The first organization the last poll did not reach (out of events or time): read first next. */
	resume?: string;
}

type CompactState = [number, number, number, number, Array<[string, number]>];

/** The hash a scope is stored by: its parts in a fixed order. */
export function scopeOf(...parts: unknown[]): string {
	return fnv1a(JSON.stringify(parts));
}

const compact = (state: PollState): CompactState => [
	state.sinceMs,
	state.positionMs,
	state.horizonMs,
	state.windowMs ?? 0,
	state.emitted,
];

const expand = ([sinceMs, positionMs, horizonMs, windowMs, emitted]: CompactState): PollState => ({
	version: 2,
	sinceMs,
	positionMs,
	horizonMs,
	emitted,
	...(windowMs ? { windowMs } : {}),
});

/**
 * The states a poll starts from. Static data of this version and scope as it is; of another scope,
 * none. A state from before organizations (one stream, version 2 or the first) belongs to
 * `ownOrgId` when the trigger reads one organization: it goes on from there, nothing emitted
 * again, nothing lost.
 */
export function readOrgPollStates(value: unknown, scope: string, ownOrgId?: string): OrgPollStates {
	const stored = value as Partial<OrgPollStates> | undefined;
	// The token's organization does not depend on the scope.
	const own = stored?.version === 3 && stored.own ? { own: stored.own } : {};
	if (stored?.version === 3) {
		const sameScope = stored.scope === scope && stored.orgs && typeof stored.orgs === 'object';
		if (!sameScope) return { version: 3, scope, orgs: {}, ...own };
		const resume = typeof stored.resume === 'string' ? { resume: stored.resume } : {};
		return { version: 3, scope, orgs: { ...stored.orgs }, ...own, ...resume };
	}
	const legacy = readPollState(value);
	return {
		version: 3,
		scope,
		orgs: legacy && ownOrgId ? { [orgKey(ownOrgId)]: compact(legacy) } : {},
	};
}

/**
 * One poll over the organizations: `order(orgs)` the order to read them in (from the one the last
 * poll did not reach, round), `slotOf(orgId)` reads an organization's state from `before` and
 * writes it to what the poll leaves, `keep(orgId)` carries one unread (refused) over as it was,
 * `notReached(orgId)` too, and the first such is read first next poll; `states()` is the state to
 * store: exactly the organizations this poll read or kept.
 */
export function orgPollStates(before: OrgPollStates) {
	const after: OrgPollStates = { version: 3, scope: before.scope, orgs: {} };
	if (before.own) after.own = before.own;
	return {
		order<Org extends { id: string }>(orgs: Org[]): Org[] {
			const start = orgs.findIndex((org) => orgKey(org.id) === before.resume);
			return start > 0 ? [...orgs.slice(start), ...orgs.slice(0, start)] : orgs;
		},
		notReached(orgId: string) {
			after.resume ??= orgKey(orgId);
			this.keep(orgId);
		},
		slotOf(orgId: string): PollStateSlot {
			const key = orgKey(orgId);
			return {
				read: () => (before.orgs[key] ? expand(before.orgs[key]) : undefined),
				write: (state) => (after.orgs[key] = compact(state)),
			};
		},
		keep(orgId: string) {
			const key = orgKey(orgId);
			if (before.orgs[key]) after.orgs[key] = before.orgs[key];
		},
		setOwn(own: OrgPollStates['own']) {
			after.own = own;
		},
		states: () => after as unknown as IDataObject,
	};
}
