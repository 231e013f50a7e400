import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { MAX_PAGES_WITHOUT_NEW_RECORDS, MAX_RECORDS_PER_ITEM } from '../limits';
import {
	itemIndexOf,
	readingAhead,
	webexPages,
	withoutQuery,
	type PageQuery,
	type WebexClient,
} from '../transport';
import { SeenKeys } from './seenKeys';

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
	seenKeys: SeenKeys;
	total: number;
	leftOut: LeftOut;
	stopped: boolean;
}

export const newListingRun = (): ListingRun => ({
	seenKeys: new SeenKeys(),
	total: 0,
	leftOut: { count: 0, filters: new Set() },
	stopped: false,
});

/**
 * Adds the records of every page to `records`, each once (by `keyOf`; records without a key are
 * kept), up to `limit`. A record `keep` refuses (a filter read on the client, which Webex has no
 * query for) is passed over and does not count toward the limit. A record that contradicts one of `filterChecks` for the value the first
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
		minPageSize,
		filterChecks = {},
		keep,
		onPage,
		onNewRecords,
		stamp,
	}: {
		url: string;
		pageSize: number;
		limit: number;
		keyOf: (record: IDataObject) => unknown;
		paging?: PageQuery['paging'];
		minPageSize?: number;
		filterChecks?: FilterChecks;
		keep?: (record: IDataObject) => boolean;
		/**
		 * Takes each page's new records instead of `records` (a file being written): they are never
		 * all held, and n8n's per-item ceiling does not apply.
		 */
		onPage?: (page: IDataObject[]) => Promise<void>;
		/** Sees each page's new records as they come, before onPage (e.g. to start lookups). */
		onNewRecords?: (records: IDataObject[]) => void;
		/** Fields every kept record gets where it has none (the site a listing of all sites read). */
		stamp?: IDataObject;
	},
	records: IDataObject[] = [],
	run: ListingRun = newListingRun(),
): Promise<IDataObject[]> {
	const { seenKeys, leftOut } = run;
	const contradictedFilter = filterCheckOf(filterChecks, url);
	let taken = 0;
	const wanted = () => (run.stopped ? 0 : limit - taken);
	let pagesWithoutNewRecords = 0;
	const pages = webexPages(client, { url, pageSize, wanted, paging, minPageSize });
	for await (const items of limit === Infinity ? readingAhead(pages) : pages) {
		// Another listing failed: a page asked for ahead before that is dropped.
		if (run.stopped) break;
		let metNewRecord = false;
		const page: IDataObject[] = onPage ? [] : records;
		const firstNew = page.length;
		for (const item of items) {
			if (taken >= limit) break;
			if (item === null || typeof item !== 'object' || Array.isArray(item)) {
				throw new NodeOperationError(
					client.ctx.getNode(),
					'Webex sent a record that is not an object',
					{
						description: `Got ${item === null ? 'null' : Array.isArray(item) ? 'a list' : `a ${typeof item}`} among the items of ${withoutQuery(url)} after ${taken} records. This is not a Webex API answer: check the credential's Base URL, or try again later.`,
						itemIndex: itemIndexOf(client.ctx),
					},
				);
			}
			const key = keyOf(item as IDataObject);
			if (key !== undefined && key !== null) {
				if (!seenKeys.addIfNew(key)) continue;
			}
			metNewRecord = true;
			const contradicted = contradictedFilter(item as IDataObject);
			if (contradicted !== undefined) {
				leftOut.count++;
				leftOut.filters.add(contradicted);
				continue;
			}
			if (keep && !keep(item as IDataObject)) continue;
			if (!onPage && run.total >= MAX_RECORDS_PER_ITEM) throw tooManyRecords(client);
			run.total++;
			taken++;
			if (stamp)
				for (const [name, value] of Object.entries(stamp)) (item as IDataObject)[name] ??= value;
			page.push(item as IDataObject);
		}
		if (onNewRecords && page.length > firstNew) onNewRecords(page.slice(firstNew));
		if (onPage && page.length > 0) await onPage(page);
		pagesWithoutNewRecords = metNewRecord ? 0 : pagesWithoutNewRecords + 1;
		if (pagesWithoutNewRecords > MAX_PAGES_WITHOUT_NEW_RECORDS) {
			throw new NodeOperationError(
				client.ctx.getNode(),
				`Webex sent more than ${MAX_PAGES_WITHOUT_NEW_RECORDS} pages in a row without a new record`,
				{
					description: `The listing of ${withoutQuery(url)} is not advancing (empty pages, or only records already returned). Stopped after ${taken} records. Try again later.`,
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
				'Set Options → Output to JSON Lines (or CSV): every record goes into one file, with no such limit and without holding the records in memory. Or narrow From and To, feed this node several input items each with its own window, or use Limit.',
			itemIndex: itemIndexOf(client.ctx),
		},
	);
}
