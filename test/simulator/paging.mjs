// Opaque cursors and Link headers, as the Webex API pages its lists.
import { WebexHttpError } from './errors.mjs';

export function encodeCursor(state) {
	return Buffer.from(JSON.stringify(state)).toString('base64url');
}

export function decodeCursor(cursor) {
	try {
		const state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
		if (typeof state !== 'object' || state === null) throw new Error('not an object');
		return state;
	} catch {
		throw new WebexHttpError(400, 'Invalid cursor.');
	}
}

/**
 * Reads `max` as Webex does: missing gives the endpoint default, non-numeric or below 1 is a 400,
 * above the ceiling is answered with the ceiling's number of items.
 */
export function readMax(query, { defaultMax, ceiling }) {
	const raw = query.get('max');
	if (raw === null || raw === '') return defaultMax;
	const max = Number(raw);
	if (!Number.isInteger(max) || max < 1) {
		throw new WebexHttpError(400, `max must be an integer between 1 and ${ceiling}.`);
	}
	return Math.min(max, ceiling);
}

/** The URL of the next page: the same path and query, with the cursor replaced. */
export function nextPageUrl(publicBase, path, query, cursorState) {
	const next = new URLSearchParams(query);
	next.delete('cursor');
	next.set('cursor', encodeCursor(cursorState));
	return `${publicBase}${path}?${next.toString()}`;
}

/** A Link header with rel="next" and, when asked, other rel values around it. */
export function linkHeader(nextUrl, { extraRels = false, firstUrl } = {}) {
	const parts = [];
	if (extraRels && firstUrl) parts.push(`<${firstUrl}>; rel="first"`);
	parts.push(`<${nextUrl}>; rel="next"`);
	if (extraRels && firstUrl) parts.push(`<${firstUrl}>; rel="prev"`);
	return parts.join(', ');
}

/**
 * One page of a data set held as indexes [start, end): continues at the cursor, keeps the records
 * `matches` accepts until `max` are found, and links on while indexes remain (so a full last page
 * may be followed by an empty one, as Webex does).
 */
export function scanPage({ dataset, range: [start, end], query, max, matches, present = (record) => record, publicBase, path }) {
	const cursor = query.get('cursor');
	const state = cursor ? decodeCursor(cursor) : { i: start, p: 0 };
	const items = [];
	let index = Math.max(state.i, start);
	for (; index < end && items.length < max; index++) {
		const record = dataset.at(index);
		if (matches(record)) items.push(present(record));
	}
	const next = index < end ? nextPageUrl(publicBase, path, query, { i: index, p: state.p + 1 }) : undefined;
	return { items, next, state };
}
