import {
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecutePaginationFunctions,
	type IExecuteSingleFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { credentialTypeFor } from './descriptions';
import type { ErrorHints } from './errors';
import { readWholeNumber, type FieldContext } from './fields';
import {
	collectRecords,
	logLeftOut,
	newListingRun,
	type FilterChecks,
	type ListingRun,
	type PageQuery,
} from './pages';
import {
	assertSafeBaseUrl,
	buildUrl,
	requestWithRetry,
	type EngineRequestOptions,
	type WebexClient,
	type WebexRequestContext,
} from './request';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retryPolicy';

/** What a list operation adds to the shared paging: its limits, validation and output shape. */
export interface WebexListOperation {
	maxPageSize: number;
	hints: ErrorHints;
	/** What identifies a record: a record met twice (on two pages, two windows) is output once. */
	keyOf(record: IDataObject): unknown;
	/** 'linkOrOffset' for endpoints that may page by offset instead of Link (see pages.ts). */
	paging?: PageQuery['paging'];
	/** The exact filters every record must agree with (a record that contradicts one is left out). */
	filterChecks?: FilterChecks;
	/** The endpoint needs `orgId`: when the query has none, the token's own is read from /people/me. */
	needsOrgId?: boolean;
	/**
	 * For Parallel Requests: the query cut into `count` time slices (newest first, together exactly
	 * the query's records, in the order one listing would give them), or undefined when it cannot be.
	 */
	sliceQuery?(
		this: IExecuteSingleFunctions,
		qs: IDataObject,
		count: number,
	): IDataObject[] | undefined;
	/**
	 * Validates the node's fields and returns the queries to run, in output order (one per time
	 * window). Runs before any request, so bad input never reaches Webex.
	 */
	planQueries(this: IExecuteSingleFunctions, qs: IDataObject): IDataObject[];
	/** Extra request headers (e.g. the recording audit's timezone). */
	headers?(this: IExecuteSingleFunctions): IDataObject;
	/**
	 * How one record becomes the item's JSON (e.g. "Simplify"), or undefined for the record as Webex
	 * sent it. Asked once per run: reading a node field per record costs more than the paging.
	 */
	recordMapper?(this: IExecuteSingleFunctions): ((record: IDataObject) => IDataObject) | undefined;
}

/** What a single-record operation (Get) adds: its checks and output shape. */
export interface WebexGetOperation {
	hints: ErrorHints;
	/** Validates the node's fields before any request (e.g. the id is not empty). */
	validate?(this: IExecuteSingleFunctions): void;
	recordMapper?(this: IExecuteSingleFunctions): ((record: IDataObject) => IDataObject) | undefined;
}

/**
 * The `requestOperations.pagination` function of a Webex list operation. The declarative engine
 * has already applied the routing (method, path, query from the fields, defaults) and the node's
 * Request Options; this follows the pages through the shared request layer with those options on
 * every page, and emits one item per record.
 */
export function webexListPagination(operation: WebexListOperation) {
	return async function paginateWebexList(
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const returnAll = this.getNodeParameter('returnAll', false) as boolean;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const limit = returnAll ? Infinity : readLimit(this);
		const { pageSize, policy } = readListingOptions(this, options, operation.maxPageSize, limit);
		// With a Limit, one listing after the other: parallel ones would read pages nobody needs.
		const parallel = returnAll ? readParallelRequests(this, options.parallelRequests) : 1;
		let queries = operation.planQueries.call(this, { ...(requestData.options.qs as IDataObject) });
		if (parallel > 1 && queries.length === 1)
			queries = operation.sliceQuery?.call(this, queries[0], 2 * parallel) ?? queries;
		const client = engineClient(this, requestData, operation.hints, policy, operation.headers);
		if (operation.needsOrgId && queries.some((qs) => !qs.orgId)) {
			const orgId = await ownOrgId(client);
			for (const qs of queries) qs.orgId ||= orgId;
		}

		const { keyOf, paging, filterChecks } = operation;
		const listing = (qs: IDataObject) => ({
			url: buildUrl(client.baseUrl, String(requestData.options.url ?? ''), qs),
			pageSize,
			limit,
			keyOf,
			paging,
			filterChecks,
		});
		let records: IDataObject[];
		const run = newListingRun();
		if (parallel > 1 && queries.length > 1) {
			const listings = await inParallel(
				queries,
				parallel,
				run,
				async (qs) => await collectRecords(client, listing(qs), [], run),
			);
			records = listings.flat();
		} else {
			records = [];
			for (const qs of queries) {
				if (records.length >= limit) break;
				await collectRecords(client, listing(qs), records, run);
			}
		}
		logLeftOut(client, run.leftOut, String(requestData.options.url ?? ''));

		const pairedItem = { item: this.getItemIndex() };
		const toJson = operation.recordMapper?.call(this);
		return records.map((record) => ({ json: toJson ? toJson(record) : record, pairedItem }));
	};
}

/**
 * The `requestOperations.pagination` function of a Webex Get operation: one request through the
 * shared request layer (declarative routing sends it here with `paginate: true`), one item.
 */
export function webexGetPagination(operation: WebexGetOperation) {
	return async function getWebexRecord(
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		operation.validate?.call(this);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const { policy } = readListingOptions(this, options, 1);
		const client = engineClient(this, requestData, operation.hints, policy);
		const url = buildUrl(
			client.baseUrl,
			String(requestData.options.url ?? ''),
			requestData.options.qs as IDataObject,
		);
		const { body } = await requestWithRetry(client, url);
		if (!body || typeof body !== 'object' || Array.isArray(body)) {
			throw new NodeOperationError(this.getNode(), 'Webex answered without a record', {
				description:
					"Check that the credential's Base URL points at the Webex API (for example https://webexapis.com/v1).",
				itemIndex: this.getItemIndex(),
			});
		}
		const toJson = operation.recordMapper?.call(this);
		const record = body as IDataObject;
		return [{ json: toJson ? toJson(record) : record, pairedItem: { item: this.getItemIndex() } }];
	};
}

/**
 * Runs `list` for every query with at most `parallel` at once, and gives the results in the
 * queries' order. When one fails, the others stop at their next page and the first error is thrown
 * once they have (nothing goes on in the background after the node returns).
 */
async function inParallel<T>(
	queries: IDataObject[],
	parallel: number,
	run: ListingRun,
	list: (qs: IDataObject) => Promise<T>,
): Promise<T[]> {
	const results: T[] = new Array(queries.length);
	const errors: unknown[] = [];
	let next = 0;
	const chain = async () => {
		while (next < queries.length && !run.stopped) {
			const index = next++;
			try {
				results[index] = await list(queries[index]);
			} catch (error) {
				run.stopped = true;
				errors.push(error);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(parallel, queries.length) }, chain));
	if (errors.length) return await Promise.reject(errors[0]);
	return results;
}

/** A client for a declarative operation: the engine's base URL, headers and Request Options. */
function engineClient(
	ctx: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	hints: ErrorHints,
	policy: RetryPolicy,
	headers?: (this: IExecuteSingleFunctions) => IDataObject,
): WebexClient {
	const engine = requestData.options;
	return webexClient(ctx, {
		credentialType: credentialTypeFor(ctx.getNodeParameter('authentication', 'accessToken')),
		baseUrl: engine.baseURL,
		headers: { ...(engine.headers as IDataObject), ...headers?.call(ctx) },
		engineOptions: {
			timeout: engine.timeout,
			proxy: engine.proxy,
			skipSslCertificateValidation: engine.skipSslCertificateValidation,
			allowedDomains: engine.allowedDomains,
		},
		hints,
		policy,
	});
}

/** The organisation of the credential's token (GET /people/me). */
export async function ownOrgId(client: WebexClient): Promise<string> {
	const { body } = await requestWithRetry(client, buildUrl(client.baseUrl, '/people/me', {}));
	const orgId = (body as IDataObject | undefined)?.orgId;
	if (typeof orgId !== 'string' || orgId === '') {
		throw new NodeOperationError(client.ctx.getNode(), "Could not read the token's organization", {
			description:
				'Webex /people/me answered without an orgId. Enter the Organization ID on the node.',
			itemIndex: client.ctx.getItemIndex?.() ?? 0,
		});
	}
	return orgId;
}

/** The shared state of one listing's requests, with the base URL checked before any request. */
export function webexClient(
	ctx: WebexRequestContext,
	settings: Omit<WebexClient, 'ctx' | 'baseUrl' | 'rateLimits' | 'engineOptions'> & {
		baseUrl: unknown;
		engineOptions?: EngineRequestOptions;
	},
): WebexClient {
	return {
		...settings,
		ctx,
		baseUrl: assertSafeBaseUrl(ctx, settings.baseUrl),
		engineOptions: settings.engineOptions ?? {},
		rateLimits: { waitedMs: 0, count: 0 },
	};
}

/** Page size and retry policy from a node's Options, validated. */
export function readListingOptions(
	ctx: FieldContext,
	options: IDataObject,
	maxPageSize: number,
	limit = Infinity,
): { pageSize: number; policy: RetryPolicy } {
	const defaults = DEFAULT_RETRY_POLICY;
	return {
		pageSize: readPageSize(ctx, options.pageSize, maxPageSize, limit),
		policy: {
			...defaults,
			maxRateLimitWaitMs:
				readNonNegative(
					ctx,
					options.maxRateLimitWait,
					defaults.maxRateLimitWaitMs / 1000,
					'Max Rate Limit Wait',
				) * 1000,
			maxRetries: readNonNegative(ctx, options.maxRetries, defaults.maxRetries, 'Max Retries'),
		},
	};
}

const MAX_PARALLEL_REQUESTS = 8;
const DEFAULT_PARALLEL_REQUESTS = 2;

function readParallelRequests(ctx: FieldContext, value: unknown): number {
	return readWholeNumber(ctx, value, {
		label: 'Parallel Requests',
		min: 1,
		max: MAX_PARALLEL_REQUESTS,
		fallback: DEFAULT_PARALLEL_REQUESTS,
		fix: `Remove the option to use ${DEFAULT_PARALLEL_REQUESTS}, or set 1 for one request at a time.`,
	});
}

function readLimit(ctx: FieldContext): number {
	const limit = Number(ctx.getNodeParameter('limit', 50));
	if (!Number.isInteger(limit) || limit < 1) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Limit must be a whole number of at least 1 (got ${String(ctx.getNodeParameter('limit', ''))})`,
			{
				description: 'Set Limit to how many records you want, or turn on Return All.',
				itemIndex: ctx.getItemIndex?.() ?? 0,
			},
		);
	}
	return limit;
}

function readPageSize(ctx: FieldContext, value: unknown, max: number, limit: number): number {
	return readWholeNumber(ctx, value, {
		label: 'Page Size',
		min: 1,
		max,
		fallback: Math.min(max, limit),
		fix: `Webex accepts max from 1 to ${max} on this endpoint. Remove the Page Size option to use ${max}.`,
	});
}

/** A number option that must be at least 0; the fallback when empty; an error naming it otherwise. */
export function readNonNegative(
	ctx: FieldContext,
	value: unknown,
	fallback: number,
	label: string,
): number {
	if (value === undefined || value === '') return fallback;
	const number = Number(value);
	if (!Number.isFinite(number) || number < 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} must be a number of at least 0 (got ${String(value)})`,
			{
				description: `Remove the ${label} option to use the default of ${fallback}.`,
				itemIndex: ctx.getItemIndex?.() ?? 0,
			},
		);
	}
	return number;
}
