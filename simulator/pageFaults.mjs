// A listing's page as the server sends it, with the paging faults a test asked for (see setFaults
// in server.mjs): empty pages, looping, defective or relative next links, bad records, a Link
// header of the test's own.
import { encodeCursor, linkHeader, withLinkDefects } from './paging.mjs';

/**
 * The answer to a page of a listing: {body, headers, offContract}. `liveOffContract` holds the
 * live events a test broke on purpose (see addEvent in events.mjs).
 */
export function pageAnswer(
	{ items, next, state, notFoundIds },
	{ url, publicBase, faults, liveOffContract, offsetPaged = false },
) {
	let body = notFoundIds ? { items, notFoundIds } : { items };
	let nextUrl = next;
	if (
		!offsetPaged &&
		faults.emptyPageEvery &&
		state.p % faults.emptyPageEvery === faults.emptyPageEvery - 1 &&
		!state.emptyServed
	) {
		// An empty page that still links on, to the same position.
		body = { items: [] };
		const again = new URLSearchParams(url.searchParams);
		again.set('cursor', encodeCursor({ ...state, emptyServed: true }));
		nextUrl = `${publicBase}${url.pathname}?${again}`;
	}
	if (faults.loopNext && nextUrl && !offsetPaged) {
		const first = new URLSearchParams(url.searchParams);
		first.set('cursor', encodeCursor({ i: 0, p: 1 }));
		nextUrl = `${publicBase}${url.pathname}?${first}`;
	}
	const offContract = {};
	if (faults.nextLink && nextUrl) {
		nextUrl = withLinkDefects(nextUrl, faults.nextLink);
		offContract.link = "nextLink: a next link with real Webex's defects, by design";
	}
	if (faults.badRecords?.length && !url.searchParams.has('cursor'))
		body = { items: [...faults.badRecords, ...body.items] };
	// Records off the contract on purpose, by their index: the bad records, and live events a
	// test broke (see addEvent). The others are checked.
	offContract.items = new Map();
	body.items.forEach((item, index) => {
		if (index < (faults.badRecords?.length ?? 0) && !url.searchParams.has('cursor'))
			offContract.items.set(index, 'badRecords: items that are not records, by design');
		else if (item && typeof item === 'object' && liveOffContract.has(item))
			offContract.items.set(index, liveOffContract.get(item));
	});
	if (faults.relativeNext && nextUrl) {
		const absolute = new URL(nextUrl);
		// 'path': an absolute path; 'query': relative to the current URL (its last segment).
		nextUrl =
			faults.relativeNext === 'query'
				? `${absolute.pathname.split('/').pop()}${absolute.search}`
				: `${absolute.pathname}${absolute.search}`;
	}
	const firstUrl = `${publicBase}${url.pathname}${url.search}`;
	let headers = nextUrl
		? { link: linkHeader(nextUrl, { extraRels: faults.extraRels, firstUrl }) }
		: {};
	if (faults.linkHeader !== undefined) {
		headers = { link: faults.linkHeader };
		offContract.link = 'linkHeader: exactly the Link header the test gave, by design';
	}
	return { body, headers, offContract };
}
