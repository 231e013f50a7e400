// Deterministic data helpers: every value is a pure function of (seed, index), so any record of a
// 1,000,000-record data set can be produced on demand without keeping the set in memory.

/** A 32-bit hash of the arguments, used to seed one record's generator. */
export function hash32(...parts) {
	let h = 2166136261;
	for (const part of parts) {
		const text = String(part);
		for (let i = 0; i < text.length; i++) {
			h ^= text.charCodeAt(i);
			h = Math.imul(h, 16777619);
		}
		h ^= 0x9e3779b9;
	}
	return h >>> 0;
}

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function prng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function pick(random, list) {
	return list[Math.floor(random() * list.length)];
}

/** A UUID-shaped string derived from the arguments (not random: stable for the same input). */
export function stableUuid(...parts) {
	const hex = [0, 1, 2, 3]
		.map((n) =>
			hash32(n, ...parts)
				.toString(16)
				.padStart(8, '0'),
		)
		.join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Webex resource ids are base64 of "ciscospark://us/<KIND>/<uuid>", without padding. */
export function webexId(kind, uuid) {
	return Buffer.from(`ciscospark://us/${kind}/${uuid}`).toString('base64').replace(/=+$/, '');
}

/** A hex id of 32 characters, as Webex uses for recordings and meetings. */
export function hexId(...parts) {
	return stableUuid(...parts).replace(/-/g, '');
}

/** The first 32 bits of stableUuid(...parts) as a number, from the uuid's first 8 hex digits. */
export function uuidPrefix(uuid) {
	const match = /^([0-9a-f]{8})/i.exec(String(uuid));
	return match ? Number.parseInt(match[1], 16) : undefined;
}

/**
 * Finds the index of a generated record by its id without holding the records: on the first
 * lookup it builds a sorted table of `prefixOf(index)` (the first 32 bits of the record's uuid,
 * hash32(0, ...parts, index)) for every index, 8 bytes per record (8 MB for 1,000,000), and then
 * binary searches it; `find(prefix, matches)` returns the first index of that prefix that
 * `matches(index)` confirms (prefixes can collide), or -1. Data sets above 2^21 records are
 * searched linearly instead.
 */
export function createIdIndex(count, prefixOf) {
	const SHIFT = 2 ** 21;
	let table;
	return function find(prefix, matches) {
		if (prefix === undefined || count === 0) return -1;
		if (count > SHIFT) {
			for (let index = 0; index < count; index++)
				if (prefixOf(index) === prefix && matches(index)) return index;
			return -1;
		}
		if (!table) {
			table = new Float64Array(count);
			for (let index = 0; index < count; index++) table[index] = prefixOf(index) * SHIFT + index;
			table.sort();
		}
		let low = 0;
		let high = count;
		while (low < high) {
			const mid = (low + high) >>> 1;
			if (table[mid] < prefix * SHIFT) low = mid + 1;
			else high = mid;
		}
		for (; low < count && Math.floor(table[low] / SHIFT) === prefix; low++) {
			const index = table[low] % SHIFT;
			if (matches(index)) return index;
		}
		return -1;
	};
}
