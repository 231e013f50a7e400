// The records' ids in output order, hashed: the same records in the same order give the same hash,
// so bench/run.mjs can compare every target's output with the floor's sequential walk.
import { createHash } from 'node:crypto';

/** An incremental hash: add(id) for each record in order, then digest(). */
export function orderHasher() {
	const hash = createHash('sha256');
	return {
		add: (id) => hash.update(`${id}\n`),
		digest: () => hash.digest('hex'),
	};
}

export function orderHash(ids) {
	const hasher = orderHasher();
	for (const id of ids) hasher.add(id);
	return hasher.digest();
}
