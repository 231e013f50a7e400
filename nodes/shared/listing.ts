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
import type { FieldContext } from './fields';
import { collectRecords } from './pages';
import {
	assertSafeBaseUrl,
	buildUrl,
	type EngineRequestOptions,
	type WebexClient,
	type WebexRequestContext,
} from './request';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retryPolicy';

/** What a list operation adds to the shared paging: its limits, validation and output shape. */
export interface WebexListOperation {
	maxPageSize: number;
	hints: ErrorHints;
	/** The field that identifies a record: a record seen on two pages is output once. */
	recordKey: string;
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

/**
 * The `requestOperations.pagination` function of a Webex list operation. The declarative engine
 * has already applied the routing (method, path, query from the fields, defaults) and the node's
 * Request Options; this follows the Link headers through n8n's authenticated request helper with
 * those options on every page, and emits one item per record.
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
		const engine = requestData.options;
		const client = webexClient(this, {
			credentialType: credentialTypeFor(this.getNodeParameter('authentication', 'accessToken')),
			baseUrl: engine.baseURL,
			headers: {
				...(engine.headers as IDataObject),
				...operation.headers?.call(this),
			},
			engineOptions: {
				timeout: engine.timeout,
				proxy: engine.proxy,
				skipSslCertificateValidation: engine.skipSslCertificateValidation,
				allowedDomains: engine.allowedDomains,
			},
			hints: operation.hints,
			policy,
		});
		const queries = operation.planQueries.call(this, { ...(engine.qs as IDataObject) });

		const records: IDataObject[] = [];
		const seenKeys = new Set<unknown>();
		const keyOf = (record: IDataObject) => record[operation.recordKey];
		for (const qs of queries) {
			if (records.length >= limit) break;
			const url = buildUrl(client.baseUrl, String(engine.url ?? ''), qs);
			await collectRecords(client, { url, pageSize, limit, keyOf }, records, seenKeys);
		}

		const pairedItem = { item: this.getItemIndex() };
		const toJson = operation.recordMapper?.call(this);
		return records.map((record) => ({ json: toJson ? toJson(record) : record, pairedItem }));
	};
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
	if (value === undefined || value === '') return Math.min(max, limit);
	const pageSize = Number(value);
	if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > max) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Page Size must be a whole number from 1 to ${max} (got ${String(value)})`,
			{
				description: `Webex accepts max from 1 to ${max} on this endpoint. Remove the Page Size option to use ${max}.`,
				itemIndex: ctx.getItemIndex?.() ?? 0,
			},
		);
	}
	return pageSize;
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
