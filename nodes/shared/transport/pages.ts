import { NodeOperationError } from 'n8n-workflow';

import { itemIndexOf, type WebexClient } from './client';
import { parseLinkHeader } from './linkHeader';
import { describeOrigin, sameOriginUrl } from './origin';
import { requestWithRetry } from './retry';
import { secretsOf } from './secrets';

/** One listing: where it starts and how many records it may still take. */
export interface PageQuery {
	/** Absolute URL of the first page, query included. */
	url: string;
	pageSize: number;
	/** How many records are still wanted (Infinity for all); asked before each page. */
	wanted(): number;
	/**
	 * 'linkOrOffset': when a full page comes without a next link, ask for the next `offset` (an
	 * endpoint that documents no Link header, such as the admin audit events). 'linkAsSent': next
	 * links are followed exactly as sent (Webex Calling's call history, whose links carry where
	 * the next page starts in place of the first request's parameters). Default 'link'.
	 */
	paging?: 'link' | 'linkOrOffset' | 'linkAsSent';
	/** The smallest `max` the endpoint accepts: no page asks for fewer (default 1). */
	minPageSize?: number;
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
	const minPageSize = query.minPageSize ?? 1;

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
			withPageSize(url, Math.max(minPageSize, Math.min(pageSize, query.wanted()))),
			(failure, failedUrl) =>
				failure.status === 504
					? withPageSize(failedUrl, Math.max(minPageSize, Math.ceil(pageSizeOf(failedUrl) / 2)))
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
		if (next !== undefined) {
			const linked = await sameOriginLink(client, next, response.url);
			url = query.paging === 'linkAsSent' ? linked : withQueryAsked(linked, asked);
		} else if (query.paging === 'linkOrOffset' && items.length >= pageSizeOf(response.url))
			url = withOffset(response.url, items.length);
		else url = undefined;
	}
}

/**
 * The same pages, each one asked for as soon as the one before it has come, so that it is on its
 * way while that one is checked and written (still one request in flight per listing). Only for a
 * listing that wants every record: `wanted()` is asked before the page before it is counted, so
 * it can only say "all" or "none" (another listing failed: the consumer drops that page).
 */
export async function* readingAhead<T>(pages: AsyncGenerator<T>): AsyncGenerator<T> {
	const ask = () => {
		const asked = pages.next();
		// Its failure is thrown when the page is taken, not as an unhandled rejection before that.
		asked.catch(() => undefined);
		return asked;
	};
	let next = ask();
	try {
		for (;;) {
			const page = await next;
			if (page.done) return;
			next = ask();
			yield page.value;
		}
	} finally {
		// Nothing goes on after the listing: a page still under way is waited for, and dropped.
		await next.catch(() => undefined);
		await pages.return(undefined);
	}
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
export function withoutQuery(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.origin}${parsed.pathname}`;
	} catch {
		return 'an invalid URL';
	}
}
