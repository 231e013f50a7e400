// GET /v1/people/me, and the pool of people the generated data refers to.
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
	return Array.from({ length: size }, (_, n) => {
		const random = prng(hash32(seed, 'person', n));
		const first = pick(random, FIRST);
		const last = pick(random, LAST);
		const uuid = stableUuid(seed, 'person', n);
		const local = `${first}.${last}`
			.toLowerCase()
			.normalize('NFD')
			.replace(/[^a-z.]/g, '');
		return {
			id: webexId('PEOPLE', uuid),
			emails: [`${local}${n}@example.com`],
			displayName: `${first} ${last}`,
			firstName: first,
			lastName: last,
			orgId: ORG_ID,
		};
	});
}

export function personMe(person) {
	return {
		...person,
		nickName: person.firstName,
		avatar: 'https://avatar-prod-us-east-2.webexcontent.com/default_avatar~1600',
		created: '2021-03-04T10:11:12.000Z',
		status: 'active',
		type: 'person',
	};
}
