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

/** A next link with real Webex's known defects: named parameters dropped, others set (max=null). */
export function withLinkDefects(nextUrl, { drop = [], set = {} }) {
	const url = new URL(nextUrl);
	for (const name of drop) url.searchParams.delete(name);
	for (const [name, value] of Object.entries(set)) url.searchParams.set(name, String(value));
	return url.toString();
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
 * may be followed by an empty one, as Webex does). With `repeatLast`, a page after the first starts
 * with the last record of the page before it, as a cursor that shifted by one would.
 */
export function scanPage({
	dataset,
	range: [start, end],
	query,
	max,
	matches,
	present = (record) => record,
	publicBase,
	path,
	repeatLast = false,
}) {
	const cursor = query.get('cursor');
	const state = cursor ? decodeCursor(cursor) : { i: start, p: 0 };
	const items = [];
	let last;
	if (repeatLast && Number.isInteger(state.l) && state.l >= start && state.l < end) {
		items.push(present(dataset.at(state.l)));
		last = state.l;
	}
	// At least one new record per page, so a repeated page never stands still.
	const limit = items.length > 0 ? Math.max(max, 2) : max;
	let index = Math.max(state.i, start);
	for (; index < end && items.length < limit; index++) {
		const record = dataset.at(index);
		if (matches(record)) {
			items.push(present(record));
			last = index;
		}
	}
	const next =
		index < end
			? nextPageUrl(publicBase, path, query, { i: index, p: state.p + 1, l: last })
			: undefined;
	return { items, next, state };
}

/** `count` timestamps, index 0 the newest, spread evenly over `spanMs` before `now`. */
export function timeline(count, now, spanMs) {
	const spacing = count > 0 ? spanMs / count : 1;
	const createdAt = (index) => Math.floor(now - spacing * (index + 1));
	/** Indexes [start, end) of the records created after `fromMs` and before `toMs` (exclusive). */
	function range(fromMs, toMs) {
		const firstBelow = (bound, inclusive) => {
			let low = 0;
			let high = count;
			while (low < high) {
				const mid = (low + high) >>> 1;
				const created = createdAt(mid);
				if (inclusive ? created <= bound : created < bound) high = mid;
				else low = mid + 1;
			}
			return low;
		};
		const start = toMs === undefined ? 0 : firstBelow(toMs, false);
		const end = fromMs === undefined ? count : firstBelow(fromMs, true);
		return [start, Math.max(start, end)];
	}
	return { createdAt, range };
}
