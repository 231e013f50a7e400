import {
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecutePaginationFunctions,
	type IExecuteSingleFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { analyticsBaseUrlOf, type CallHistoryRegion } from './baseUrl';
import { archiveListings, type FileListing } from './files/archiveListings';
import { SLICES_PER_PARALLEL_REQUEST } from './limits';
import { readListings } from './listings';
import {
	readFileOutput,
	readLimit,
	readPageSize,
	readParallelRequests,
	readRetryPolicy,
} from './options';
import {
	isRefusal,
	namesOrganizations,
	readOrganizationsChoice,
	refusalReport,
	ORG_ID_FIELD,
	ORG_NAME_FIELD,
	refusedBy,
	refusedByEvery,
	resolveOrganizations,
	type AuditOrg,
} from './organizations';
import type { KnownPeople, LookAhead } from './people';
import {
	buildUrl,
	createWebexClient,
	requestWithRetry,
	type ErrorHints,
	type PageQuery,
	type WebexClient,
} from './transport';
import { logLeftOut, newListingRun, type FilterChecks } from './records/records';
import { perSite, readMySites, siteOfListing } from './sites';

/**
 * How the Webex nodes use n8n's declarative routing: each operation's description gives the method,
 * the path and the query (its fields' `routing.send`), with `paginate: true` and a pagination
 * function from here in `routing.operations`. n8n's RoutingNode builds the request from those, the
 * credential's base URL and the node's Request Options (timeout, proxy, SSL), and hands it to that
 * function instead of sending it, for Get too. The function does the work through the transport:
 * it validates the fields before any request, reads every page (or the one record) with retries,
 * rate limits and same-origin links, and returns the items. The routing shapes each request; the
 * transport sends it.
 */

/** What a list operation adds to the shared paging: its limits, validation and output shape. */
export interface WebexListOperation {
	maxPageSize: number;
	hints: ErrorHints;
	/** What identifies a record: a record met twice (on two pages, two windows) is output once. */
	keyOf(record: IDataObject): unknown;
	/**
	 * 'analytics': served by the cloud's analytics host (baseUrl.ts), which then is the listing's
	 * only origin; default: the credential's base URL.
	 */
	host?: 'analytics';
	/** 'linkOrOffset' for endpoints that may page by offset instead of Link (see pages.ts). */
	paging?: PageQuery['paging'];
	/** The smallest page (`max`) the endpoint accepts, when more than 1. */
	minPageSize?: number;
	/**
	 * Webex Calling's call history: read at the call history host of this region of the
	 * credential's cloud (paced per token, a 451 followed in Automatic), one window at a time (no
	 * Parallel Requests: Webex allows one first request a minute).
	 */
	callHistoryRegion?(this: IExecuteSingleFunctions): CallHistoryRegion | 'automatic';
	/** The exact filters every record must agree with (a record that contradicts one is left out). */
	filterChecks?: FilterChecks;
	/** Which records to keep, a filter read on the client (asked once per run); undefined: all. */
	keep?(this: IExecuteSingleFunctions): ((record: IDataObject) => boolean) | undefined;
	/**
	 * The endpoint needs `orgId`: the node's Organizations field says which (the token's own from
	 * /people/me, a list, or every one it sees); each query is read once per organization.
	 */
	needsOrgId?: boolean;
	/**
	 * Sites → All My Sites: the queries are run once per site of the token's user (read from
	 * /meetingPreferences/sites), each record saying its site; a site failing fails the run naming it.
	 */
	allSites?(this: IExecuteSingleFunctions): boolean;
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
	 * Completes the records once all are read (a file: page by page, `known` kept over the run),
	 * through the listing's client, keeping them and their order (e.g. Resolve People adds the
	 * actors' names).
	 */
	enrichRecords?(
		this: IExecuteSingleFunctions,
		client: WebexClient,
		records: IDataObject[],
		known?: KnownPeople,
	): Promise<IDataObject[]>;
	/**
	 * Starts what enrichRecords will need while the listing reads (Resolve People's lookups): sees
	 * each page's new records, and shares `known` with enrichRecords. Undefined when not needed.
	 */
	enrichAhead?(
		this: IExecuteSingleFunctions,
		client: WebexClient,
		known: KnownPeople,
	): LookAhead | undefined;
	/**
	 * How one record becomes the item's JSON (e.g. "Simplify"), or undefined for the record as Webex
	 * sent it. Asked once per run: reading a node field per record costs more than the paging.
	 */
	recordMapper?(this: IExecuteSingleFunctions): ((record: IDataObject) => IDataObject) | undefined;
	/**
	 * The items of the records when they carry more than their JSON (Download Files: each message's
	 * files as binary data), through the listing's client; undefined for one JSON item each. Asked
	 * once per run.
	 */
	itemsOf?(this: IExecuteSingleFunctions): RecordItems | undefined;
	/** How the records go into one file (Options → Output: JSON Lines or CSV). */
	file: FileListing;
}

/** Records to items, in their order, `toJson` writing each one's JSON (see itemsOf). */
export type RecordItems = (
	client: WebexClient,
	records: IDataObject[],
	toJson: ((record: IDataObject) => IDataObject) | undefined,
) => Promise<INodeExecutionData[]>;
/** The engine's request moved to the operation's host (the token goes there and only there). */
const onHost = (
	host: WebexListOperation['host'],
	engine: DeclarativeRestApiSettings.ResultOptions['options'],
) =>
	host === 'analytics'
		? { ...engine, baseURL: analyticsBaseUrlOf(String(engine.baseURL)) }
		: engine;

/** What a single-record operation (Get) adds: its checks and output shape. */
export interface WebexGetOperation {
	hints: ErrorHints;
	/** Validates the node's fields before any request (e.g. the id is not empty). */
	validate?(this: IExecuteSingleFunctions): void;
	/**
	 * The records of the answer, one item each (a short list Webex answers in one page, e.g. a
	 * meeting's summaries); default: the answer is the one record.
	 */
	recordsOf?(body: IDataObject): IDataObject[];
	/** As WebexListOperation's, for the one record. */
	enrichRecords?: WebexListOperation['enrichRecords'];
	headers?: WebexListOperation['headers'];
	recordMapper?(this: IExecuteSingleFunctions): ((record: IDataObject) => IDataObject) | undefined;
	itemsOf?: WebexListOperation['itemsOf'];
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
		const pageSize = readPageSize(this, options.pageSize, operation.maxPageSize, limit);
		const policy = readRetryPolicy(this, options);
		// With a Limit, one listing after the other: parallel ones would read pages nobody needs.
		const callHistoryRegion = operation.callHistoryRegion?.call(this);
		const parallel =
			returnAll && !callHistoryRegion ? readParallelRequests(this, options.parallelRequests) : 1;
		let queries = operation.planQueries.call(this, { ...(requestData.options.qs as IDataObject) });
		const orgChoice = operation.needsOrgId ? readOrganizationsChoice(this) : undefined;
		const perOrg = orgChoice !== undefined && namesOrganizations(orgChoice);
		const continueOnRefused = perOrg && this.getNodeParameter('continueOnRefused', false) === true;
		const output = readFileOutput(this, options);
		const slices = SLICES_PER_PARALLEL_REQUEST[output ? 'file' : 'items'] * parallel;
		if (parallel > 1 && queries.length === 1)
			queries = operation.sliceQuery?.call(this, queries[0], slices) ?? queries;
		const client = await createWebexClient(this, {
			hints: operation.hints,
			policy,
			engine: onHost(operation.host, requestData.options),
			headers: operation.headers?.call(this),
			maxInFlight: parallel,
			callHistoryRegion,
		});
		const orgs = new Map<string, AuditOrg>();
		if (orgChoice) {
			for (const org of await resolveOrganizations(client, orgChoice)) orgs.set(org.id, org);
			queries = [...orgs.keys()].flatMap((orgId) => queries.map((qs) => ({ ...qs, orgId })));
		}
		const allSites = operation.allSites?.call(this) ?? false;
		if (allSites) queries = perSite(await readMySites(client), queries);
		// Organizations that refused (403), when the run goes on without them.
		const refused = new Map<string, IDataObject>();
		const onFailure = perOrg
			? {
					skip: (index: number) => refused.has(String(queries[index].orgId)),
					failed: (index: number, error: unknown) => {
						const org = orgs.get(String(queries[index].orgId)) as AuditOrg;
						if (!isRefusal(error)) throw error;
						if (!continueOnRefused) throw refusedBy(error, org);
						if (!refused.has(org.id)) refused.set(org.id, refusalReport(error, org));
						if (refused.size === orgs.size) throw refusedByEvery(error, org, orgs.size);
					},
				}
			: undefined;

		const { keyOf, paging, minPageSize, filterChecks, enrichRecords } = operation;
		const known: KnownPeople = new Map();
		const ahead = operation.enrichAhead?.call(this, client, known);
		const keep = operation.keep?.call(this);
		const listing = (qs: IDataObject) => {
			const org = perOrg ? orgs.get(String(qs.orgId)) : undefined;
			return {
				url: buildUrl(client.baseUrl, String(requestData.options.url ?? ''), qs),
				pageSize,
				limit,
				keyOf,
				paging,
				minPageSize,
				filterChecks,
				keep,
				onNewRecords: ahead?.see,
				stamp: allSites
					? { siteUrl: qs.siteUrl }
					: org
						? { [ORG_ID_FIELD]: org.id, [ORG_NAME_FIELD]: org.name }
						: undefined,
			};
		};
		const run = newListingRun();
		const toJson = operation.recordMapper?.call(this);
		const read = async (file?: Pick<Parameters<typeof readListings>[1], 'onPage' | 'onDone'>) =>
			// Read or failed, the look-ahead stops: enrichRecords asks for what it left.
			await readListings(queries, {
				parallel,
				limit,
				run,
				collect: listing,
				describe: allSites ? siteOfListing : undefined,
				client,
				onFailure,
				...file,
			}).finally(async () => await ahead?.stop());
		if (output) {
			const enriched: typeof read = async (file) =>
				await read({
					...file,
					onPage: (index) => {
						const write = file?.onPage?.(index);
						return async (page) =>
							await write?.(
								enrichRecords ? await enrichRecords.call(this, client, page, known) : page,
							);
					},
				});
			const item = await archiveListings(this, operation, output, queries, toJson, enriched);
			logLeftOut(client, run.leftOut, String(requestData.options.url ?? ''));
			if (perOrg) item.json.refusedOrganizations = [...refused.values()];
			return [item];
		}
		let records = await read();
		logLeftOut(client, run.leftOut, String(requestData.options.url ?? ''));
		if (enrichRecords) records = await enrichRecords.call(this, client, records, known);

		const pairedItem = { item: this.getItemIndex() };
		const toItems = operation.itemsOf?.call(this);
		const items = toItems
			? await toItems(client, records, toJson)
			: records.map((record) => ({ json: toJson ? toJson(record) : record }));
		// Each organization that refused: one item after the records, saying so.
		return [
			...items.map((item) => ({ ...item, pairedItem })),
			...[...refused.values()].map((json) => ({ json, pairedItem })),
		];
	};
}

/**
 * A Webex Get operation, run as the `requestOperations.pagination` function (declarative routing
 * sends it there with `paginate: true`, so the request goes through the transport): one item, or
 * one per record of `recordsOf`.
 */
export function webexGetRecord(operation: WebexGetOperation) {
	return async function getWebexRecord(
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		operation.validate?.call(this);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const client = await createWebexClient(this, {
			hints: operation.hints,
			policy: readRetryPolicy(this, options),
			engine: requestData.options,
			headers: operation.headers?.call(this),
		});
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
		let records = operation.recordsOf
			? operation.recordsOf(body as IDataObject)
			: [body as IDataObject];
		if (operation.enrichRecords)
			records = await operation.enrichRecords.call(this, client, records);
		const toJson = operation.recordMapper?.call(this);
		const toItems = operation.itemsOf?.call(this);
		const items = toItems
			? await toItems(client, records, toJson)
			: records.map((record) => ({ json: toJson ? toJson(record) : record }));
		const pairedItem = { item: this.getItemIndex() };
		return items.map((item) => ({ ...item, pairedItem }));
	};
}
