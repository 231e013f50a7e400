import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { parseLinkHeader } from './linkHeader';
import {
	describeOrigin,
	itemIndexOf,
	requestWithRetry,
	sameOriginUrl,
	secretsOf,
	type WebexClient,
} from './request';

/** Pages in a row that bring no new record (empty, or only repeats) before the listing is declared stuck. */
const MAX_PAGES_WITHOUT_NEW_RECORDS = 50;

/**
 * n8n's declarative engine copies a node's items with one spread call, which overflows the stack
 * somewhere above 120,000 items; past this many the node stops with a clear error instead.
 */
const MAX_RECORDS_PER_ITEM = 100_000;

/** One listing: where it starts and how many records it may still take. */
export interface PageQuery {
	/** Absolute URL of the first page, query included. */
	url: string;
	pageSize: number;
	/** How many records are still wanted (Infinity for all); asked before each page. */
	wanted(): number;
	/**
	 * 'linkOrOffset': when a full page comes without a next link, ask for the next `offset` (an
	 * endpoint that documents no Link header, such as the admin audit events). Default 'link'.
	 */
	paging?: 'link' | 'linkOrOffset';
}

/**
 * The pages of a listing, following rel="next" Link headers (relative ones resolve against the
 * page's URL), or the next `offset` after a full page (paging 'linkOrOffset'), until there is none
 * or no more records are wanted. Every next link must stay on the
 * base URL's origin; a link seen before ends with an error. Messages name the listing's own
 * endpoint, never a URL the server chose.
 */
export async function* webexPages(
	client: WebexClient,
	query: PageQuery,
): AsyncGenerator<unknown[]> {
	const { ctx } = client;
	const seenUrls = new Set<string>();
	let url: string | undefined = query.url;
	let pageSize = query.pageSize;
	const endpoint = withoutQuery(query.url);

	const asked = new URL(query.url).searchParams;
	while (url !== undefined && query.wanted() > 0) {
		if (seenUrls.has(url)) {
			throw new NodeOperationError(
				ctx.getNode(),
				'Webex sent a next-page link that was already followed (a paging loop)',
				{
					description: `Stopped instead of repeating records from ${endpoint}. Try again later; if it persists, report it to Webex support.`,
					itemIndex: itemIndexOf(ctx),
				},
			);
		}
		seenUrls.add(url);

		const response = await requestWithRetry(
			client,
			withPageSize(url, Math.min(pageSize, query.wanted())),
			(failure, failedUrl) =>
				failure.status === 504
					? withPageSize(failedUrl, Math.ceil(pageSizeOf(failedUrl) / 2))
					: failedUrl,
		);
		pageSize = Math.min(pageSize, pageSizeOf(response.url));
		const items = (response.body as { items?: unknown } | undefined)?.items;
		if (!Array.isArray(items)) {
			throw new NodeOperationError(ctx.getNode(), 'Webex answered without an "items" list', {
				description: `Unexpected response from ${endpoint}: check that the credential's Base URL points at the Webex API (for example https://webexapis.com/v1).`,
				itemIndex: itemIndexOf(ctx),
			});
		}
		yield items;

		const next = parseLinkHeader(response.headers.link).next;
		if (next !== undefined)
			url = withQueryAsked(await sameOriginLink(client, next, response.url), asked);
		else if (query.paging === 'linkOrOffset' && items.length >= pageSizeOf(response.url))
			url = withOffset(response.url, items.length);
		else url = undefined;
	}
}

/**
 * The exact filters a listing's records must agree with, by query parameter: whether a record
 * agrees with the value asked, or undefined when the record does not say.
 */
export type FilterChecks = Record<
	string,
	(record: IDataObject, asked: string) => boolean | undefined
>;

/** Records left out because they contradicted a filter the request carried, and which filters. */
export interface LeftOut {
	count: number;
	filters: Set<string>;
}

/**
 * What the listings of one node run share, however many run at once: the keys met (a record is
 * kept once), how many records were kept in all, the records left out, and whether to stop
 * (another listing failed).
 */
export interface ListingRun {
	seenKeys: Set<unknown>;
	total: number;
	leftOut: LeftOut;
	stopped: boolean;
}

export const newListingRun = (): ListingRun => ({
	seenKeys: new Set(),
	total: 0,
	leftOut: { count: 0, filters: new Set() },
	stopped: false,
});

/**
 * Adds the records of every page to `records`, each once (by `keyOf`; records without a key are
 * kept), up to `limit`. A record that contradicts one of `filterChecks` for the value the first
 * request asked is left out and counted in the run (a server that drops a filter must not turn
 * a filtered listing into everything). A record that is not an object fails the listing.
 */
export async function collectRecords(
	client: WebexClient,
	{
		url,
		pageSize,
		limit,
		keyOf,
		paging,
		filterChecks = {},
	}: {
		url: string;
		pageSize: number;
		limit: number;
		keyOf: (record: IDataObject) => unknown;
		paging?: PageQuery['paging'];
		filterChecks?: FilterChecks;
	},
	records: IDataObject[] = [],
	run: ListingRun = newListingRun(),
): Promise<IDataObject[]> {
	const { seenKeys, leftOut } = run;
	const contradictedFilter = filterCheckOf(filterChecks, url);
	const wanted = () => (run.stopped ? 0 : limit - records.length);
	let pagesWithoutNewRecords = 0;
	for await (const items of webexPages(client, { url, pageSize, wanted, paging })) {
		let metNewRecord = false;
		for (const item of items) {
			if (records.length >= limit) break;
			if (item === null || typeof item !== 'object' || Array.isArray(item)) {
				throw new NodeOperationError(
					client.ctx.getNode(),
					'Webex sent a record that is not an object',
					{
						description: `Got ${item === null ? 'null' : Array.isArray(item) ? 'a list' : `a ${typeof item}`} among the items of ${withoutQuery(url)} after ${records.length} records. This is not a Webex API answer: check the credential's Base URL, or try again later.`,
						itemIndex: itemIndexOf(client.ctx),
					},
				);
			}
			const key = keyOf(item as IDataObject);
			if (key !== undefined && key !== null) {
				if (seenKeys.has(key)) continue;
				seenKeys.add(key);
			}
			metNewRecord = true;
			const contradicted = contradictedFilter(item as IDataObject);
			if (contradicted !== undefined) {
				leftOut.count++;
				leftOut.filters.add(contradicted);
				continue;
			}
			if (run.total >= MAX_RECORDS_PER_ITEM) throw tooManyRecords(client);
			run.total++;
			records.push(item as IDataObject);
		}
		pagesWithoutNewRecords = metNewRecord ? 0 : pagesWithoutNewRecords + 1;
		if (pagesWithoutNewRecords > MAX_PAGES_WITHOUT_NEW_RECORDS) {
			throw new NodeOperationError(
				client.ctx.getNode(),
				`Webex sent more than ${MAX_PAGES_WITHOUT_NEW_RECORDS} pages in a row without a new record`,
				{
					description: `The listing of ${withoutQuery(url)} is not advancing (empty pages, or only records already returned). Stopped after ${records.length} records. Try again later.`,
					itemIndex: itemIndexOf(client.ctx),
				},
			);
		}
	}
	return records;
}

/** The checks that apply to the listing's first request: the name of the filter a record contradicts. */
function filterCheckOf(
	filterChecks: FilterChecks,
	url: string,
): (record: IDataObject) => string | undefined {
	const asked = new URL(url).searchParams;
	const active = Object.entries(filterChecks).filter(([name]) => asked.get(name));
	return (record) => {
		for (const [name, agrees] of active)
			if (agrees(record, asked.get(name) as string) === false) return name;
		return undefined;
	};
}

/**
 * One line in n8n's log when records were left out (the count and the filters, never the
 * records): Webex sent records outside what was asked.
 */
export function logLeftOut(client: WebexClient, leftOut: LeftOut, endpoint: string) {
	if (leftOut.count === 0) return;
	client.ctx.logger.warn(
		`${client.ctx.getNode().name}: left out ${leftOut.count} record${leftOut.count === 1 ? '' : 's'} from ${endpoint} that contradicted the filters asked for (${[...leftOut.filters].join(', ')}): Webex sent records outside the query`,
	);
}

function tooManyRecords(client: WebexClient) {
	return new NodeOperationError(
		client.ctx.getNode(),
		`More than ${MAX_RECORDS_PER_ITEM.toLocaleString('en-US')} records match, more than n8n can return from one node run`,
		{
			description:
				'Narrow From and To, or feed this node several input items, each with its own From/To window (each item runs its own listing), or use Limit. The Webex Events Trigger also reads events incrementally.',
			itemIndex: itemIndexOf(client.ctx),
		},
	);
}

/** A next link resolved against the page's URL, if it stays on the base URL's origin. */
async function sameOriginLink(client: WebexClient, link: string, pageUrl: string): Promise<string> {
	const next = sameOriginUrl(client, link, pageUrl);
	if (next) return next;
	throw new NodeOperationError(
		client.ctx.getNode(),
		`Refused to follow a next-page link to another host (${describeOrigin(link, pageUrl, await secretsOf(client))})`,
		{
			description: `Webex pages must come from ${client.baseUrl.origin}, the credential's Base URL. The access token was not sent to the other host. If you use a proxy, make it rewrite Link headers to its own address.`,
			itemIndex: itemIndexOf(client.ctx),
		},
	);
}

/** Where a next link says the listing goes on: the server's to set, never put back. */
const POSITION_PARAMS = new Set(['cursor', 'offset', 'max']);

/**
 * A next link with every parameter of the listing's first request that it lacks put back (none
 * it carries is replaced). Real Webex has sent next links without a filter of the first request
 * (the pages after it came back unfiltered) and with `max=null`; `max` is set per page anyway.
 */
function withQueryAsked(next: string, asked: URLSearchParams): string {
	const url = new URL(next);
	for (const [name, value] of asked)
		if (!POSITION_PARAMS.has(name) && !url.searchParams.has(name))
			url.searchParams.append(name, value);
	return url.toString();
}

/**
 * The page's `max`: the listing's page size, or fewer when fewer records are still needed (or
 * after a 504), whatever the link said (missing, `null`, another number).
 */
function withPageSize(url: string, max: number): string {
	const parsed = new URL(url);
	parsed.searchParams.set('max', String(max));
	return parsed.toString();
}

/** The same request `count` records further on. */
function withOffset(url: string, count: number): string {
	const parsed = new URL(url);
	const offset = Number(parsed.searchParams.get('offset')) || 0;
	parsed.searchParams.set('offset', String(offset + count));
	return parsed.toString();
}

function pageSizeOf(url: string): number {
	const max = Number(new URL(url).searchParams.get('max'));
	return Number.isInteger(max) && max > 0 ? max : Infinity;
}

/** A URL for messages: the cursor and filters are left out (they can be long and personal). */
function withoutQuery(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.origin}${parsed.pathname}`;
	} catch {
		return 'an invalid URL';
	}
}
