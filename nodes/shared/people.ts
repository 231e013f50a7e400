import type { IDataObject } from 'n8n-workflow';

import { inParallel } from './inParallel';
import { MAX_CACHED_PEOPLE, PEOPLE_CACHE_TTL_MS, PEOPLE_IDS_PER_REQUEST } from './limits';
import { failOnField } from './options';
import { webexIdKey } from './recordChecks';
import { buildUrl, type WebexClient } from './transport/client';
import { isDeadlinePassed } from './transport/deadline';
import type { ErrorHints } from './transport/errors';
import { webexPages } from './transport/pages';
import { requestWithRetry } from './transport/retry';

/** The organisation of the credential's token (GET /people/me). */
export async function ownOrgId(client: WebexClient): Promise<string> {
	const { body } = await requestWithRetry(client, buildUrl(client.baseUrl, '/people/me', {}));
	const orgId = (body as IDataObject | undefined)?.orgId;
	if (typeof orgId !== 'string' || orgId === '') {
		failOnField(
			client.ctx,
			"Could not read the token's organization",
			'Webex /people/me answered without an orgId. Enter the Organization ID on the node.',
		);
	}
	return orgId;
}

/** A lookup's failures get their own advice: a 403 there is the scope, not the listing's role. */
const PEOPLE_LOOKUP_HINTS: ErrorHints = {
	forbidden:
		"Resolve People needs spark:people_read: the token must have that scope to look up who did it (GET /people). Add it to the integration's scopes (it is among the Webex OAuth2 API credential's defaults) and reconnect; or turn the option off to list without names.",
};

/** Who a person is, as Resolve People adds it: both null when Webex does not know the person. */
interface PersonNames {
	email: string | null;
	displayName: string | null;
	/** When Webex was asked (epoch ms), for the trigger's cache. */
	lookedUpMs: number;
}

/** The people looked up so far, by personKey. */
export type KnownPeople = Map<string, PersonNames>;

/**
 * The person an ID names (Webex writes one person with other regions or padding), or undefined
 * when it is not a person's ID: such an actor gets null names without a lookup, which Webex could
 * refuse for the whole batch.
 */
function personKey(id: unknown): string | undefined {
	const key = typeof id === 'string' ? webexIdKey(id) : undefined;
	return key?.startsWith('PEOPLE/') ? key : undefined;
}

/**
 * Resolve People: every record gains `actorEmail` and `actorDisplayName` (the first email and the
 * display name of its `actorId`), null for both when Webex does not know the person (deleted,
 * another organization) or the record names none. The records stay as they are, in their order.
 *
 * Each distinct actor is looked up once (none of `known`, the trigger's cache, at all), in
 * batches of PEOPLE_IDS_PER_REQUEST, through the listing's client: its retries, rate-limit gate
 * (as many batches in flight as it allows requests), deadline and cancellation. When the client's
 * deadline (a poll's budget) passes during the lookups, only the leading records whose actors were
 * looked up are given back: the trigger emits those and leaves the rest to its next poll.
 */
export async function withActorNames(
	client: WebexClient,
	records: IDataObject[],
	known: KnownPeople = new Map(),
): Promise<IDataObject[]> {
	// Records share few actors: each ID is decoded once.
	const keys = new Map<unknown, string | undefined>();
	const keyOf = (id: unknown) => {
		if (!keys.has(id)) keys.set(id, personKey(id));
		return keys.get(id);
	};
	for (const record of records) keyOf(record.actorId);
	await lookUpPeople(client, keys, known).catch(async (error: unknown) =>
		isDeadlinePassed(error) ? undefined : await Promise.reject(error),
	);
	const firstUnknown = records.findIndex((record) => {
		const key = keyOf(record.actorId);
		return key !== undefined && !known.has(key);
	});
	return (firstUnknown < 0 ? records : records.slice(0, firstUnknown)).map((record) => {
		const person = known.get(keyOf(record.actorId) ?? '');
		return {
			...record,
			actorEmail: person?.email ?? null,
			actorDisplayName: person?.displayName ?? null,
		};
	});
}

/**
 * Looks up with GET /people?id=a,b,… every person of `keys` (ID → person key, in the order met)
 * that `known` lacks, and adds each one asked to `known` (null names when Webex leaves the person
 * out of `items`).
 */
async function lookUpPeople(
	client: WebexClient,
	keys: Map<unknown, string | undefined>,
	known: KnownPeople,
) {
	const asked = new Map<string, string>();
	for (const [id, key] of keys)
		if (key !== undefined && !known.has(key) && !asked.has(key)) asked.set(key, id as string);
	const distinct = [...asked];
	const batches: Array<Array<[string, string]>> = [];
	for (let start = 0; start < distinct.length; start += PEOPLE_IDS_PER_REQUEST)
		batches.push(distinct.slice(start, start + PEOPLE_IDS_PER_REQUEST));
	const lookups: WebexClient = { ...client, hints: PEOPLE_LOOKUP_HINTS };
	await inParallel(batches, client.rateLimits.maxInFlight, { stopped: false }, async (batch) => {
		const found = new Map<string, IDataObject>();
		// One page holds the batch (max = its size); a Link to more is followed all the same.
		const pages = webexPages(lookups, {
			url: buildUrl(client.baseUrl, '/people', { id: batch.map(([, id]) => id).join(',') }),
			pageSize: batch.length,
			wanted: () => Infinity,
		});
		for await (const items of pages) {
			for (const item of items as IDataObject[]) {
				const key = personKey(item?.id);
				if (key !== undefined) found.set(key, item);
			}
		}
		const lookedUpMs = Date.now();
		for (const [key] of batch) {
			const person = found.get(key);
			const email = Array.isArray(person?.emails) ? person.emails[0] : undefined;
			known.set(key, {
				email: typeof email === 'string' ? email : null,
				displayName: typeof person?.displayName === 'string' ? person.displayName : null,
				lookedUpMs,
			});
		}
	});
}

/** The trigger's cache in its static data: [person key, email, display name, looked up ms]. */
type CachedPerson = [string, string | null, string | null, number];

const isNameOrNull = (value: unknown): value is string | null =>
	value === null || typeof value === 'string';

/** The people of the trigger's cache looked up less than PEOPLE_CACHE_TTL_MS ago. */
export function readPeopleCache(value: unknown, nowMs: number): KnownPeople {
	const known: KnownPeople = new Map();
	if (!Array.isArray(value)) return known;
	for (const entry of value as unknown[]) {
		if (!Array.isArray(entry)) continue;
		const [key, email, displayName, lookedUpMs] = entry as unknown[];
		if (
			typeof key === 'string' &&
			isNameOrNull(email) &&
			isNameOrNull(displayName) &&
			typeof lookedUpMs === 'number' &&
			nowMs - lookedUpMs < PEOPLE_CACHE_TTL_MS
		)
			known.set(key, { email, displayName, lookedUpMs });
	}
	return known;
}

/** The cache to keep: the MAX_CACHED_PEOPLE people looked up last, oldest first. */
export function peopleCacheOf(known: KnownPeople): CachedPerson[] {
	return [...known]
		.sort(([, a], [, b]) => a.lookedUpMs - b.lookedUpMs)
		.slice(-MAX_CACHED_PEOPLE)
		.map(([key, { email, displayName, lookedUpMs }]) => [key, email, displayName, lookedUpMs]);
}
