import type {
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import type { FileOutput } from '../options';
import { writeArchive } from './archive';
import { archiveFileName } from './fileFormat';

/** What a Get Many says of its records for a file. */
export interface FileListing {
	/** What the file name starts with, e.g. webex-events. */
	label: string;
	/**
	 * The CSV header (the Simplify columns, or the record's own fields) and a record as a row of
	 * them (Simplify, whatever the Simplify option says), for this run's options.
	 */
	csv(this: IExecuteSingleFunctions): {
		columns: readonly string[];
		row(record: IDataObject): IDataObject;
	};
	/** The field that says when a record happened. */
	timeField: string;
}

type ReadListings = (file: {
	onPage(index: number): (page: IDataObject[]) => Promise<void>;
	onDone(index: number): void;
}) => Promise<unknown>;

/**
 * The item of Output JSON Lines or CSV: one file in its binary field holding exactly the records
 * items mode would give, in their order (JSON Lines as items mode's JSON), and what the file is.
 */
export async function archiveListings(
	ctx: IExecutePaginationFunctions,
	{ file }: { file: FileListing },
	output: FileOutput,
	queries: IDataObject[],
	toJson: ((record: IDataObject) => IDataObject) | undefined,
	read: ReadListings,
): Promise<INodeExecutionData> {
	const fileName = archiveFileName(file.label, rangeOf(queries), output.format, output.gzip);
	const csv = file.csv.call(ctx);
	const { binary, summary } = await writeArchive(
		ctx.helpers.prepareBinaryData.bind(ctx.helpers) as never,
		{
			format: output.format,
			gzip: output.gzip,
			fileName,
			columns: csv.columns,
			toJson: output.format === 'csv' ? csv.row : (toJson ?? ((record) => record)),
			timeField: file.timeField,
		},
		queries.length,
		async ({ page, done }) => {
			await read({ onPage: page, onDone: done });
			// Listings a Limit left unread.
			for (let index = 0; index < queries.length; index++) done(index);
		},
	);
	return {
		json: { ...summary, format: output.format, gzip: output.gzip },
		binary: { [output.binaryProperty]: binary },
		pairedItem: { item: ctx.getItemIndex() },
	};
}

/** The range the queries cover, for the file name: the earliest start, the latest end (or now). */
function rangeOf(queries: IDataObject[]): { fromMs?: number; toMs: number } {
	const times = (names: string[]) =>
		queries
			.map((qs) => names.map((name) => qs[name]).find((value) => typeof value === 'string'))
			.map((value) => (value === undefined ? NaN : Date.parse(value as string)));
	const froms = times(['from', 'startTime']).filter((ms) => !Number.isNaN(ms));
	const tos = times(['to', 'endTime']);
	return {
		// Windows ask from their first millisecond - 1 (Webex's start is exclusive): whole seconds.
		fromMs: froms.length ? Math.ceil(Math.min(...froms) / 1000) * 1000 : undefined,
		toMs: tos.some(Number.isNaN) ? Date.now() : Math.max(...tos),
	};
}
