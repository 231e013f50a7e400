import type { IDataObject } from 'n8n-workflow';

import { inParallel } from './inParallel';
import type { WebexClient } from './transport';
import { collectRecords, type ListingRun } from './records/records';

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
		describe,
		onFailure,
	}: {
		client: WebexClient;
		parallel: number;
		limit: number;
		run: ListingRun;
		collect(qs: IDataObject): CollectOptions;
		onPage?: (index: number) => (page: IDataObject[]) => Promise<void>;
		/** Listing `index` has given all its pages. */
		onDone?: (index: number) => void;
		/** What a listing is (e.g. its site), put before the message of its failure. */
		describe?: (qs: IDataObject) => string;
		/**
		 * `failed`: listing `index` failed; rethrow to fail the run, or return to end that listing
		 * with what it read and go on with the others. `skip`: listing `index` is not started.
		 */
		onFailure?: { skip(index: number): boolean; failed(index: number, error: unknown): void };
	},
): Promise<IDataObject[]> {
	const list = async (
		index: number,
		records: IDataObject[],
		limitLeft: number,
		page = onPage?.(index),
	) => {
		if (!onFailure?.skip(index)) {
			const reading = collectRecords(
				client,
				{ ...collect(queries[index]), limit: limitLeft, onPage: page },
				records,
				run,
			).catch(async (error: unknown) => {
				if (describe && error instanceof Error)
					error.message = `${describe(queries[index])}: ${error.message}`;
				return await Promise.reject(error);
			});
			await (onFailure ? reading.catch((error) => onFailure.failed(index, error)) : reading);
		}
		onDone?.(index);
		return records;
	};
	if (parallel > 1 && queries.length > 1) {
		const listings = await inParallel(
			queries.map((_, index) => index),
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
