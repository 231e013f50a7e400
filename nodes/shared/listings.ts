import type { IDataObject } from 'n8n-workflow';

import type { WebexClient } from './transport/client';
import { collectRecords, type ListingRun } from './transport/records';

type CollectOptions = Parameters<typeof collectRecords>[1];

/**
 * Runs the listings of one node run, one per query, and gives their records in the queries'
 * order: with `parallel` > 1 several at once (each its own chain of pages), otherwise one after
 * the other until `limit`. With `onPage`, each listing's pages go there as they come (a file being
 * written) and nothing is returned.
 */
export async function readListings(
	queries: IDataObject[],
	{
		client,
		parallel,
		limit,
		run,
		collect,
		onPage,
		onDone,
	}: {
		client: WebexClient;
		parallel: number;
		limit: number;
		run: ListingRun;
		collect(qs: IDataObject): CollectOptions;
		onPage?: (index: number) => (page: IDataObject[]) => Promise<void>;
		/** Listing `index` has given all its pages. */
		onDone?: (index: number) => void;
	},
): Promise<IDataObject[]> {
	const list = async (
		index: number,
		records: IDataObject[],
		limitLeft: number,
		page = onPage?.(index),
	) => {
		await collectRecords(
			client,
			{ ...collect(queries[index]), limit: limitLeft, onPage: page },
			records,
			run,
		);
		onDone?.(index);
		return records;
	};
	if (parallel > 1 && queries.length > 1) {
		const listings = await inParallel(
			queries.length,
			parallel,
			run,
			async (index) => await list(index, [], limit),
		);
		return listings.flat();
	}
	const records: IDataObject[] = [];
	let taken = 0;
	for (let index = 0; index < queries.length && taken < limit; index++) {
		const page = onPage?.(index);
		await list(
			index,
			records,
			limit - taken,
			page &&
				(async (batch) => {
					taken += batch.length;
					await page(batch);
				}),
		);
		if (!onPage) taken = records.length;
	}
	return records;
}

/**
 * Runs `list` for every query with at most `parallel` at once, and gives the results in the
 * queries' order. When one fails, the others stop at their next page and the first error is thrown
 * once they have (nothing goes on in the background after the node returns).
 */
async function inParallel<T>(
	count: number,
	parallel: number,
	run: ListingRun,
	list: (index: number) => Promise<T>,
): Promise<T[]> {
	const results: T[] = new Array(count);
	const errors: unknown[] = [];
	let next = 0;
	const chain = async () => {
		while (next < count && !run.stopped) {
			const index = next++;
			try {
				results[index] = await list(index);
			} catch (error) {
				run.stopped = true;
				errors.push(error);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(parallel, count) }, chain));
	if (errors.length) return await Promise.reject(errors[0]);
	return results;
}
