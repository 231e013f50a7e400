// GET /v1/people/me, GET /v1/people (by id, email or display name), and the pool of people the
// generated data refers to.
import { WebexHttpError } from './errors.mjs';
import { readMax, scanPage } from './paging.mjs';
import { hash32, prng, pick, stableUuid, webexId } from './random.mjs';

const FIRST = [
	'Ana',
	'Ben',
	'Chloe',
	'Dev',
	'Elena',
	'Farid',
	'Grace',
	'Hiro',
	'Ines',
	'Jonas',
	'Kemi',
	'Liam',
	'Maya',
	'Noor',
	'Omar',
	'Priya',
	'Quinn',
	'Rosa',
	'Sven',
	'Tara',
	'Uma',
	'Victor',
	'Wen',
	'Yusuf',
	'Zoe',
];
const LAST = [
	'Alvarez',
	'Becker',
	'Chen',
	'Dubois',
	'Eriksen',
	'Fischer',
	'Garcia',
	'Haddad',
	'Ito',
	'Jensen',
	'Kowalski',
	'Lopez',
	'Müller',
	'Nakamura',
	'Okafor',
	'Patel',
	'Rossi',
	'Silva',
	'Tanaka',
	'Weber',
];

export const ORG_UUID = '1eb65fdf-9643-417f-9974-ad72cae0e10f';
export const ORG_ID = webexId('ORGANIZATION', ORG_UUID);

/** A fixed pool of people, the same for the same seed. */
export function peoplePool(seed, size = 60) {
	return Array.from({ length: size }, (_, n) => person(seed, 'person', n));
}

/**
 * People who acted in the events and are gone since (deleted users): their IDs are in the events
 * data set, and GET /v1/people does not know them.
 */
export function formerPeople(seed, count = 3) {
	return Array.from({ length: count }, (_, n) => person(seed, 'former-person', n));
}

function person(seed, kind, n) {
	const random = prng(hash32(seed, kind, n));
	const first = pick(random, FIRST);
	const last = pick(random, LAST);
	const uuid = stableUuid(seed, kind, n);
	const local = `${first}.${last}`
		.toLowerCase()
		.normalize('NFD')
		.replace(/[^a-z.]/g, '');
	return {
		id: webexId('PEOPLE', uuid),
		emails: [`${local}${kind === 'person' ? '' : '.former'}${n}@example.com`],
		displayName: `${first} ${last}`,
		firstName: first,
		lastName: last,
		orgId: ORG_ID,
	};
}

/**
 * A person as Webex answers them (the official item shape), with the presence fields (status,
 * lastActivity) unless `presence` is false: the definition leaves them out of lookups by id.
 */
function present(person, { presence = true } = {}) {
	return {
		...person,
		nickName: person.firstName,
		avatar: 'https://avatar-prod-us-east-2.webexcontent.com/default_avatar~1600',
		created: '2021-03-04T10:11:12.000Z',
		lastModified: '2025-01-06T08:09:10.000Z',
		...(presence ? { lastActivity: new Date().toISOString(), status: 'active' } : {}),
		type: 'person',
	};
}

export function personMe(person) {
	return present(person);
}

/** `max` of GET /v1/people: the definition's default 100; at most 1000 a page. */
export const PEOPLE_MAX = { defaultMax: 100, ceiling: 1000 };
/** Person IDs one `id` parameter takes ("Accepts up to 85 person IDs separated by commas"). */
export const PEOPLE_IDS_MAX = 85;

/** The pool, with an index by ID, for GET /v1/people. */
export function peopleDirectory(pool) {
	return { pool, byId: new Map(pool.map((entry) => [entry.id, entry])) };
}

/**
 * Handles one GET /v1/people request; returns {items, next?, notFoundIds?}. `id` (up to 85, comma
 * separated; more is a 400, as Webex answers) gives those people, once each, in the order asked,
 * without presence fields, and the IDs it does not know in `notFoundIds`; otherwise `email` (exact)
 * or `displayName` (a prefix), which callers other than admins must give. Pages by cursor.
 */
export function listPeople(directory, query, { caller, publicBase, path }) {
	const max = readMax(query, PEOPLE_MAX);
	const idList = query.get('id');
	const email = query.get('email') || undefined;
	const displayName = query.get('displayName') || undefined;
	let people;
	let notFoundIds;
	if (idList !== null) {
		const ids = idList.split(',');
		if (ids.length > PEOPLE_IDS_MAX)
			throw new WebexHttpError(
				400,
				`The 'id' parameter accepts up to ${PEOPLE_IDS_MAX} person IDs (got ${ids.length}).`,
			);
		if (ids.some((id) => id.trim() === ''))
			throw new WebexHttpError(400, "Invalid 'id' parameter: an empty person ID.");
		const distinct = [...new Set(ids.map((id) => id.trim()))];
		people = distinct.map((id) => directory.byId.get(id)).filter(Boolean);
		notFoundIds = distinct.filter((id) => !directory.byId.has(id));
	} else {
		if (!caller.admin && email === undefined && displayName === undefined)
			throw new WebexHttpError(400, 'Email or displayName is required.');
		people = directory.pool.filter(
			(entry) =>
				(email === undefined || entry.emails[0] === email.toLowerCase()) &&
				(displayName === undefined || entry.displayName.startsWith(displayName)),
		);
	}
	const page = scanPage({
		dataset: { at: (index) => people[index] },
		range: [0, people.length],
		query,
		max,
		matches: () => true,
		present: (entry) => present(entry, { presence: idList === null }),
		publicBase,
		path,
	});
	return notFoundIds ? { ...page, notFoundIds } : page;
}
