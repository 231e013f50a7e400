import type { IDataObject } from 'n8n-workflow';

import { inParallel } from './inParallel';
import { MAX_CACHED_PEOPLE, PEOPLE_CACHE_TTL_MS, PEOPLE_IDS_PER_REQUEST } from './limits';
import { failOnField } from './options';
import { webexIdKey } from './records/recordChecks';
import {
	buildUrl,
	isDeadlinePassed,
	requestWithRetry,
	webexPages,
	type ErrorHints,
	type WebexClient,
} from './transport';

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

/** The people looked up so far by personKey, or the lookup under way that will add them. */
export type KnownPeople = Map<string, PersonNames | Promise<void>>;

const isLookedUp = (entry: PersonNames | Promise<void> | undefined): entry is PersonNames =>
	entry !== undefined && !(entry instanceof Promise);

/**
 * The person an ID names (Webex writes one person with other regions or padding), or undefined
 * when it is not a person's ID: such an actor gets null names without a lookup, which Webex could
 * refuse for the whole batch.
 */
function personKey(id: unknown): string | undefined {
	const key = typeof id === 'string' ? webexIdKey(id) : undefined;
	return key?.startsWith('PEOPLE/') ? key : undefined;
}

/** personKey of each actor ID met, decoded once (records share few actors). */
function personKeys() {
	const keys = new Map<unknown, string | undefined>();
	const keyOf = (id: unknown) => {
		if (!keys.has(id)) keys.set(id, personKey(id));
		return keys.get(id);
	};
	return { keys, keyOf };
}

/** Resolve People's lookups while a listing reads (lookUpAhead). */
export interface LookAhead {
	/** Takes a page's new records. */
	see(records: IDataObject[]): void;
	/**
	 * When the listing has ended (read or failed): starts no other lookup, and resolves once the
	 * one under way has ended. withActorNames asks the actors left.
	 */
	stop(): Promise<void>;
}

/**
 * Resolve People while a listing reads: given each page's records, looks up every
 * PEOPLE_IDS_PER_REQUEST new actors at once, so that the lookups take turns at the rate-limit gate
 * with the pages instead of all waiting for the last page (withActorNames then waits for them and
 * looks up the rest). One lookup at a time, so that the pages never wait behind several; after a
 * failed one no other starts, and the listing fails at its next page.
 */
export function lookUpAhead(client: WebexClient, known: KnownPeople): LookAhead {
	const { keyOf } = personKeys();
	let waiting: Array<[string, string]> = [];
	const batches: Array<Array<[string, string]>> = [];
	let underWay: Promise<void> | undefined;
	let failure: { error: unknown } | undefined;
	let stopped = false;
	const next = () => {
		while (!underWay && !stopped && !failure && batches.length > 0) {
			// A file's pages look up their own actors as they are written: those are asked already.
			const batch = (batches.shift() ?? []).filter(([key]) => known.get(key) === NOT_ASKED_YET);
			if (batch.length === 0) continue;
			const lookup = lookUpBatch(client, batch, known);
			for (const [key] of batch) known.set(key, lookup);
			underWay = lookup.then(
				() => undefined,
				(error: unknown) => {
					failure ??= { error };
				},
			);
			void underWay.then(() => {
				underWay = undefined;
				next();
			});
		}
	};
	return {
		see(records) {
			if (failure) throw failure.error;
			for (const record of records) {
				const key = keyOf(record.actorId);
				if (key === undefined || known.has(key)) continue;
				known.set(key, NOT_ASKED_YET);
				waiting.push([key, record.actorId as string]);
			}
			while (waiting.length >= PEOPLE_IDS_PER_REQUEST) {
				batches.push(waiting.slice(0, PEOPLE_IDS_PER_REQUEST));
				waiting = waiting.slice(PEOPLE_IDS_PER_REQUEST);
			}
			next();
		},
		async stop() {
			stopped = true;
			await underWay;
		},
	};
}

/**
 * Resolve People: every record gains `actorEmail` and `actorDisplayName` (the first email and the
 * display name of its `actorId`), null for both when Webex does not know the person (deleted,
 * another organization) or the record names none. The records stay as they are, in their order.
 *
 * Each distinct actor is looked up once (none of `known`, the trigger's cache or lookUpAhead's,
 * at all), in batches of PEOPLE_IDS_PER_REQUEST, through the listing's client: its retries,
 * rate-limit gate (as many batches in flight as it allows requests), deadline and cancellation.
 * When the client's deadline (a poll's budget) passes during the lookups, only the leading records
 * whose actors were looked up are given back: the trigger emits those and leaves the rest to its
 * next poll.
 */
export async function withActorNames(
	client: WebexClient,
	records: IDataObject[],
	known: KnownPeople = new Map(),
): Promise<IDataObject[]> {
	const { keys, keyOf } = personKeys();
	for (const record of records) keyOf(record.actorId);
	const underWay = new Set<Promise<void>>();
	for (const key of keys.values()) {
		const entry = key === undefined ? undefined : known.get(key);
		if (entry instanceof Promise) underWay.add(entry);
	}
	// Every lookup has ended before an error is given: nothing goes on after the node fails.
	const settled = await Promise.allSettled([...underWay, lookUpPeople(client, keys, known)]);
	const failed = settled.find(
		(result): result is PromiseRejectedResult =>
			result.status === 'rejected' && !isDeadlinePassed(result.reason),
	);
	if (failed) return await Promise.reject(failed.reason);
	const firstUnknown = records.findIndex((record) => {
		const key = keyOf(record.actorId);
		return key !== undefined && !isLookedUp(known.get(key));
	});
	return (firstUnknown < 0 ? records : records.slice(0, firstUnknown)).map((record) => {
		const person = known.get(keyOf(record.actorId) ?? '');
		const names = isLookedUp(person) ? person : undefined;
		return {
			...record,
			actorEmail: names?.email ?? null,
			actorDisplayName: names?.displayName ?? null,
		};
	});
}

/** lookUpAhead's mark of an actor met but not asked for yet: withActorNames looks it up. */
const NOT_ASKED_YET: Promise<void> = Promise.resolve();

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
	for (const [id, key] of keys) {
		if (key === undefined || asked.has(key)) continue;
		const entry = known.get(key);
		if (entry === undefined || entry === NOT_ASKED_YET) asked.set(key, id as string);
	}
	const distinct = [...asked];
	const batches: Array<Array<[string, string]>> = [];
	for (let start = 0; start < distinct.length; start += PEOPLE_IDS_PER_REQUEST)
		batches.push(distinct.slice(start, start + PEOPLE_IDS_PER_REQUEST));
	const lookup = inParallel(
		batches,
		client.rateLimits.maxInFlight,
		{ stopped: false },
		async (batch) => await lookUpBatch(client, batch, known),
	).then(() => undefined);
	// Until its batch is done, an actor asked here is under way (a file's next page waits for it).
	for (const [key] of distinct) known.set(key, lookup);
	await lookup;
}

/** One GET /people?id=… of `batch` ([person key, ID]): each one asked is added to `known`. */
async function lookUpBatch(
	client: WebexClient,
	batch: Array<[string, string]>,
	known: KnownPeople,
): Promise<void> {
	const found = new Map<string, IDataObject>();
	// One page holds the batch (max = its size); a Link to more is followed all the same.
	const pages = webexPages(
		{ ...client, hints: PEOPLE_LOOKUP_HINTS },
		{
			url: buildUrl(client.baseUrl, '/people', { id: batch.map(([, id]) => id).join(',') }),
			pageSize: batch.length,
			wanted: () => Infinity,
		},
	);
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
		.filter((entry): entry is [string, PersonNames] => isLookedUp(entry[1]))
		.sort(([, a], [, b]) => a.lookedUpMs - b.lookedUpMs)
		.slice(-MAX_CACHED_PEOPLE)
		.map(([key, { email, displayName, lookedUpMs }]) => [key, email, displayName, lookedUpMs]);
}
