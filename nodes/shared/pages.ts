import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { parseLinkHeader } from './linkHeader';
import { itemIndexOf, requestWithRetry, type WebexClient } from './request';

/** Consecutive empty pages tolerated before the listing is declared stuck. */
export const MAX_CONSECUTIVE_EMPTY_PAGES = 50;

/**
 * n8n's declarative engine copies a node's items with one spread call, which overflows the stack
 * somewhere above 120,000 items; past this many the node stops with a clear error instead.
 */
export const MAX_RECORDS_PER_ITEM = 100_000;

/** One listing: where it starts and how many records it may still take. */
export interface PageQuery {
	/** Absolute URL of the first page, query included. */
	url: string;
	pageSize: number;
	/** How many records are still wanted (Infinity for all); asked before each page. */
	wanted(): number;
}

/**
 * The pages of a listing, following rel="next" Link headers (relative ones resolve against the
 * page's URL) until there is none or no more records are wanted. Every next link must stay on the
 * base URL's origin; a link seen before, or too many empty pages in a row, ends with an error.
 */
export async function* webexPages(
	client: WebexClient,
	query: PageQuery,
): AsyncGenerator<unknown[]> {
	const { ctx } = client;
	const seenUrls = new Set<string>();
	let url: string | undefined = query.url;
	let pageSize = query.pageSize;
	let emptyPagesInARow = 0;

	while (url !== undefined && query.wanted() > 0) {
		if (seenUrls.has(url)) {
			throw new NodeOperationError(
				ctx.getNode(),
				'Webex sent a next-page link that was already followed (a paging loop)',
				{
					description: `Stopped instead of repeating records. The repeated link was ${withoutQuery(url)}. Try again later; if it persists, report it to Webex support.`,
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
				description: `Unexpected response from ${withoutQuery(url)}: check that the credential's Base URL points at the Webex API (ending in /v1).`,
				itemIndex: itemIndexOf(ctx),
			});
		}
		yield items;

		emptyPagesInARow = items.length === 0 ? emptyPagesInARow + 1 : 0;
		if (emptyPagesInARow > MAX_CONSECUTIVE_EMPTY_PAGES) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Webex sent more than ${MAX_CONSECUTIVE_EMPTY_PAGES} empty pages in a row`,
				{
					description: 'The listing is not advancing. Try again later.',
					itemIndex: itemIndexOf(ctx),
				},
			);
		}
		const next = parseLinkHeader(response.headers.link).next;
		url = next === undefined ? undefined : sameOriginLink(client, next, response.url);
	}
}

/**
 * Adds the records of every page to `records`, each once (by `keyOf`; records without a key are
 * kept), up to `limit`. A record that is not an object fails the listing.
 */
export async function collectRecords(
	client: WebexClient,
	{
		url,
		pageSize,
		limit,
		keyOf,
	}: { url: string; pageSize: number; limit: number; keyOf: (record: IDataObject) => unknown },
	records: IDataObject[] = [],
	seenKeys = new Set<unknown>(),
): Promise<IDataObject[]> {
	const wanted = () => limit - records.length;
	for await (const items of webexPages(client, { url, pageSize, wanted })) {
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
			if (records.length >= MAX_RECORDS_PER_ITEM) throw tooManyRecords(client);
			records.push(item as IDataObject);
		}
	}
	return records;
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
function sameOriginLink(client: WebexClient, link: string, pageUrl: string): string {
	let next: URL | undefined;
	try {
		next = new URL(link, pageUrl);
	} catch {
		next = undefined;
	}
	if (next?.origin === client.baseUrl.origin) return next.toString();
	throw new NodeOperationError(
		client.ctx.getNode(),
		`Refused to follow a next-page link to another host (${next?.origin ?? 'not a URL'})`,
		{
			description: `Webex pages must come from ${client.baseUrl.origin}, the credential's Base URL. The access token was not sent to the other host. If you use a proxy, make it rewrite Link headers to its own address.`,
			itemIndex: itemIndexOf(client.ctx),
		},
	);
}

/**
 * Asks for at most `wanted` records. The next URL Webex gives is otherwise requested as it is;
 * only its `max` is lowered when fewer records are still needed (or after a 504).
 */
export function withPageSize(url: string, wanted: number): string {
	const parsed = new URL(url);
	if (parsed.searchParams.has('max') && pageSizeOf(url) <= wanted) return url;
	parsed.searchParams.set('max', String(wanted));
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
