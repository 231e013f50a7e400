import {
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type INode,
} from 'n8n-workflow';

import {
	isRetryableFault,
	readFailure,
	webexApiError,
	type ErrorHints,
	type WebexFailure,
} from './errors';
import { parseLinkHeader } from './linkHeader';
import { backoffMs, DEFAULT_RATE_LIMIT_WAIT_MS, describeWait, parseRetryAfter } from './retry';

/** Consecutive empty pages tolerated before the listing is declared stuck. */
export const MAX_CONSECUTIVE_EMPTY_PAGES = 50;

/**
 * n8n's declarative engine copies a node's items with one spread call, which overflows the stack
 * somewhere above 120,000 items; past this many the node stops with a clear error instead.
 */
export const MAX_RECORDS_PER_ITEM = 100_000;

/** Longest single wait before retrying a 423 or 5xx. */
export const MAX_FAULT_WAIT_MS = 60_000;

/** Shared across the windows of one listing: how long it has waited on rate limits so far. */
export interface WaitBudget {
	rateLimitWaitMs: number;
	maxRateLimitWaitMs: number;
	maxRetries: number;
}

export interface PageLoop {
	/** Absolute URL of the first page, query included. */
	url: string;
	/** The configured base URL: every page must come from its origin. */
	baseUrl: string;
	headers: IDataObject;
	credentialType: string;
	/** Stop once `records` holds this many (Infinity for all). */
	limit: number;
	pageSize: number;
	hints: ErrorHints;
	budget: WaitBudget;
}

/**
 * What the request path needs from n8n: a node list operation's context, or a poll context (which
 * has no item index and no cancel signal).
 */
export interface WebexRequestContext {
	getNode(): INode;
	helpers: Pick<IExecuteSingleFunctions['helpers'], 'httpRequestWithAuthentication'>;
	getItemIndex?(): number;
	getExecutionCancelSignal?(): AbortSignal | undefined;
}

const itemIndexOf = (ctx: WebexRequestContext) => ctx.getItemIndex?.() ?? 0;

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Checks the base URL before any request: https, or plain http on a loopback address (the local
 * simulator). Anything else would send the token in clear text over a network.
 */
export function assertSafeBaseUrl(ctx: WebexRequestContext, baseUrl: unknown): URL {
	let parsed: URL | undefined;
	try {
		parsed = new URL(String(baseUrl ?? ''));
	} catch {
		parsed = undefined;
	}
	const fix =
		'Open the Webex credential and pick Commercial or FedRAMP, or enter a Custom Base URL such as https://webex-proxy.example.com/v1 (http is only accepted for 127.0.0.1 or localhost).';
	if (!parsed) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The credential's Custom Base URL "${String(baseUrl ?? '')}" is not a URL`,
			{ description: fix, itemIndex: itemIndexOf(ctx) },
		);
	}
	if (
		parsed.protocol !== 'https:' &&
		!(parsed.protocol === 'http:' && LOOPBACK_HOSTS.test(parsed.hostname))
	) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The credential's Custom Base URL must use https (got ${parsed.origin})`,
			{ description: fix, itemIndex: itemIndexOf(ctx) },
		);
	}
	return parsed;
}

/** The first page's URL: base URL + path + query, leaving out empty values. */
export function buildUrl(baseUrl: string, path: string, qs: IDataObject): string {
	const url = new URL(`${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined || value === null || value === '') continue;
		url.searchParams.set(key, String(value));
	}
	return url.toString();
}

/**
 * Asks for at most `wanted` records. The next URL Webex gives is otherwise requested as it is;
 * only its `max` is lowered when fewer records are still needed (or after a 504).
 */
export function withPageSize(url: string, wanted: number): string {
	const parsed = new URL(url);
	const current = Number(parsed.searchParams.get('max'));
	if (parsed.searchParams.has('max') && current <= wanted) return url;
	parsed.searchParams.set('max', String(wanted));
	return parsed.toString();
}

/**
 * Follows rel="next" Link headers from the first page until there is none or `limit` records are
 * collected. Every record of every page is kept once; an empty page with a next link goes on.
 */
export async function fetchAllPages(
	ctx: WebexRequestContext,
	loop: PageLoop,
	records: IDataObject[] = [],
): Promise<IDataObject[]> {
	const origin = new URL(loop.baseUrl).origin;
	const seenUrls = new Set<string>();
	let url: string | undefined = loop.url;
	let pageSize = loop.pageSize;
	let emptyPagesInARow = 0;

	while (url !== undefined && records.length < loop.limit) {
		if (seenUrls.has(url)) {
			throw new NodeOperationError(
				ctx.getNode(),
				'Webex sent a next-page link that was already followed (a paging loop)',
				{
					description: `Stopped after ${records.length} records instead of repeating them. The repeated link was ${redactQuery(url)}. Try again later; if it persists, report it to Webex support.`,
					itemIndex: itemIndexOf(ctx),
				},
			);
		}
		seenUrls.add(url);

		const page = await requestPage(ctx, loop, url, pageSize, loop.limit - records.length);
		pageSize = page.pageSize;
		const items = (page.body as { items?: unknown } | undefined)?.items;
		if (!Array.isArray(items)) {
			throw new NodeOperationError(ctx.getNode(), 'Webex answered without an "items" list', {
				description: `Unexpected response from ${redactQuery(url)}: check that the credential's Base URL points at the Webex API (ending in /v1).`,
				itemIndex: itemIndexOf(ctx),
			});
		}
		for (const item of items) {
			if (records.length >= loop.limit) break;
			if (records.length >= MAX_RECORDS_PER_ITEM) throw tooManyRecords(ctx);
			records.push(item as IDataObject);
		}

		emptyPagesInARow = items.length === 0 ? emptyPagesInARow + 1 : 0;
		if (emptyPagesInARow > MAX_CONSECUTIVE_EMPTY_PAGES) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Webex sent more than ${MAX_CONSECUTIVE_EMPTY_PAGES} empty pages in a row`,
				{
					description: `Stopped after ${records.length} records: the listing is not advancing. Try again later.`,
					itemIndex: itemIndexOf(ctx),
				},
			);
		}

		const next: string | undefined = parseLinkHeader(page.headers.link).next;
		if (next !== undefined) assertSameOrigin(ctx, next, origin);
		url = next;
	}
	return records;
}

function tooManyRecords(ctx: WebexRequestContext) {
	return new NodeOperationError(
		ctx.getNode(),
		`More than ${MAX_RECORDS_PER_ITEM.toLocaleString('en-US')} records match, more than n8n can return from one node run`,
		{
			description:
				'Narrow From and To, or feed this node several input items, each with its own From/To window (each item runs its own listing), or use Limit. The Webex Events Trigger also reads events incrementally.',
			itemIndex: itemIndexOf(ctx),
		},
	);
}

function assertSameOrigin(ctx: WebexRequestContext, next: string, origin: string) {
	let nextOrigin: string | undefined;
	try {
		nextOrigin = new URL(next).origin;
	} catch {
		nextOrigin = undefined;
	}
	if (nextOrigin !== origin) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Refused to follow a next-page link to another host (${nextOrigin ?? 'not a URL'})`,
			{
				description: `Webex pages must come from ${origin}, the credential's Base URL. The access token was not sent to the other host. If you use a proxy, make it rewrite Link headers to its own address.`,
				itemIndex: itemIndexOf(ctx),
			},
		);
	}
}

/** One page, retried as Webex advises: 429 waits Retry-After; 423 and 5xx back off; 504 halves the page. */
async function requestPage(
	ctx: WebexRequestContext,
	loop: PageLoop,
	url: string,
	initialPageSize: number,
	stillNeeded: number,
): Promise<{ body: unknown; headers: IDataObject; pageSize: number }> {
	const { budget } = loop;
	let pageSize = initialPageSize;
	let retries = 0;
	for (;;) {
		const options: IHttpRequestOptions = {
			method: 'GET',
			url: withPageSize(url, Math.min(pageSize, stillNeeded)),
			headers: loop.headers,
			json: true,
			returnFullResponse: true,
		};
		let failure: WebexFailure;
		try {
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx as IExecuteSingleFunctions,
				loop.credentialType,
				options,
			)) as IN8nHttpFullResponse;
			return { body: response.body, headers: lowerCaseHeaders(response.headers), pageSize };
		} catch (error) {
			failure = readFailure(error);
			if (ctx.getExecutionCancelSignal?.()?.aborted) {
				throw new NodeOperationError(ctx.getNode(), 'The execution was cancelled', {
					itemIndex: itemIndexOf(ctx),
				});
			}
		}

		if (failure.status === 429) {
			const asked = parseRetryAfter(failure.retryAfter);
			const wait = asked ?? DEFAULT_RATE_LIMIT_WAIT_MS;
			if (budget.rateLimitWaitMs + wait > budget.maxRateLimitWaitMs) {
				throw webexApiError(ctx.getNode(), failure, loop.hints, {
					itemIndex: itemIndexOf(ctx),
					extra: `Webex asked to wait ${describeWait(wait)}${asked === undefined ? ' (no usable Retry-After header, so a default wait)' : ''}, which would exceed the node's Max Rate Limit Wait of ${describeWait(budget.maxRateLimitWaitMs)} (already waited ${describeWait(budget.rateLimitWaitMs)}). Raise that option or run the workflow less often.`,
				});
			}
			budget.rateLimitWaitMs += wait;
			await pause(ctx, wait);
			continue;
		}

		const transient = isRetryableFault(failure);
		if (!transient || retries >= budget.maxRetries) {
			throw webexApiError(ctx.getNode(), failure, loop.hints, {
				itemIndex: itemIndexOf(ctx),
				extra: transient ? `Gave up after ${retries + 1} attempts.` : undefined,
			});
		}
		retries++;
		if (failure.status === 504 && pageSize > 1) pageSize = Math.ceil(pageSize / 2);
		// A 423 may say how long to wait; a fault retry never waits longer than a minute.
		await pause(
			ctx,
			Math.min(parseRetryAfter(failure.retryAfter) ?? backoffMs(retries), MAX_FAULT_WAIT_MS),
		);
	}
}

/** Waits, but stops at once when the execution is cancelled. */
async function pause(ctx: WebexRequestContext, ms: number) {
	try {
		await sleep(ms, ctx.getExecutionCancelSignal?.());
	} catch {
		throw new NodeOperationError(
			ctx.getNode(),
			'The execution was cancelled while waiting to retry Webex',
			{ itemIndex: itemIndexOf(ctx) },
		);
	}
}

function lowerCaseHeaders(headers: unknown): IDataObject {
	const result: IDataObject = {};
	if (headers && typeof headers === 'object') {
		for (const [key, value] of Object.entries(headers))
			result[key.toLowerCase()] = value as IDataObject[string];
	}
	return result;
}

/** A URL for messages: the cursor and filters are left out (they can be long and personal). */
function redactQuery(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.origin}${parsed.pathname}`;
	} catch {
		return 'an invalid URL';
	}
}
