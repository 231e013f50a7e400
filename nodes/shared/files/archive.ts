import { createHash } from 'crypto';
import type { IBinaryData, IDataObject } from 'n8n-workflow';

import { ChunkStream } from './chunkStream';
import {
	csvHeader,
	csvRow,
	FILE_FORMATS,
	GZIP_MIME_TYPE,
	jsonLine,
	type FileFormat,
} from './fileFormat';
import { OrderedChunks } from './orderedChunks';

export interface ArchiveSettings {
	format: FileFormat;
	gzip: boolean;
	fileName: string;
	/** CSV columns (the Simplify columns, or the record's fields). */
	columns: readonly string[];
	/** How a record is written: Simplify, or as Webex sent it. */
	toJson(record: IDataObject): IDataObject;
	/** The field that says when a record happened, for firstCreated and lastCreated. */
	timeField?: string;
}

/** What the output item says of the file: a retention archive needs a count and a fingerprint. */
export interface ArchiveSummary extends IDataObject {
	fileName: string;
	records: number;
	bytes: number;
	/** Of the file's bytes as stored, lowercase hex. */
	sha256: string;
	firstCreated: string | null;
	lastCreated: string | null;
}

type PrepareBinaryData = (data: never, fileName: string, mimeType: string) => Promise<IBinaryData>;

/**
 * Writes the records of `listings` listings into one file through n8n's binary data helper, page
 * by page, in the listings' order: `run(pageWriter)` runs the listings (at once or one after the
 * other), each giving its pages to `pageWriter(index)` and then calling `done(index)`. With gzip,
 * every page becomes a gzip member of its own (a file of several members is one gzip file, as
 * RFC 1952 says), compressed as it comes, so nothing waits for the whole file. A listing that
 * fails fails the file: n8n keeps no half file as the node's result.
 */
export async function writeArchive(
	prepareBinaryData: PrepareBinaryData,
	settings: ArchiveSettings,
	listings: number,
	run: (listing: {
		page(index: number): (records: IDataObject[]) => Promise<void>;
		done(index: number): void;
	}) => Promise<void>,
): Promise<{ binary: IBinaryData; summary: ArchiveSummary }> {
	const chunks = new OrderedChunks(listings + 1);
	const encode = async (text: string) =>
		settings.gzip ? await gzipMember(text) : Buffer.from(text, 'utf8');
	const times = {
		first: Infinity,
		last: -Infinity,
		firstText: null as string | null,
		lastText: null as string | null,
	};
	let records = 0;
	const page = (index: number) => async (batch: IDataObject[]) => {
		let text = '';
		for (const record of batch) {
			const row = settings.toJson(record);
			text += settings.format === 'csv' ? csvRow(settings.columns, row) : jsonLine(row);
			noteTime(times, record[settings.timeField ?? '']);
		}
		records += batch.length;
		await chunks.push(index + 1, await encode(text));
	};
	// The CSV header, or (gzip, no records) one empty member so that the file is valid gzip.
	const head = async () => {
		if (settings.format === 'csv') await chunks.push(0, await encode(csvHeader(settings.columns)));
		chunks.finish(0);
	};
	const producing = (async () => {
		await head();
		await run({ page, done: (index) => chunks.finish(index + 1) });
	})().catch((error: unknown) => {
		chunks.fail(error);
		throw error;
	});

	const hash = createHash('sha256');
	let bytes = 0;
	let emptyGzip = settings.gzip && settings.format !== 'csv';
	async function* hashed(): AsyncGenerator<Buffer> {
		for await (const chunk of chunks) {
			hash.update(chunk);
			bytes += chunk.length;
			emptyGzip = false;
			yield chunk;
		}
		if (emptyGzip) {
			const empty = await gzipMember('');
			hash.update(empty);
			bytes += empty.length;
			yield empty;
		}
	}
	const mimeType = settings.gzip ? GZIP_MIME_TYPE : FILE_FORMATS[settings.format].mimeType;
	let binary: IBinaryData | undefined;
	let stored: { error: unknown } | undefined;
	try {
		binary = await prepareBinaryData(
			new ChunkStream(hashed()) as never,
			settings.fileName,
			mimeType,
		);
	} catch (error) {
		stored = { error };
		chunks.fail(error);
	}
	await producing;
	if (stored || !binary) throw stored?.error;
	return {
		binary,
		summary: {
			fileName: settings.fileName,
			records,
			bytes,
			sha256: hash.digest('hex'),
			firstCreated: times.firstText,
			lastCreated: times.lastText,
		},
	};
}

function noteTime(
	times: { first: number; last: number; firstText: string | null; lastText: string | null },
	value: unknown,
) {
	if (typeof value !== 'string') return;
	const ms = Date.parse(value);
	if (Number.isNaN(ms)) return;
	if (ms < times.first) [times.first, times.firstText] = [ms, value];
	if (ms > times.last) [times.last, times.lastText] = [ms, value];
}

/**
 * One gzip member of `text`, compressed off the main thread by Node's zlib (written as one buffer:
 * a Blob's stream would hand zlib many small chunks, each costing the main thread).
 */
async function gzipMember(text: string): Promise<Buffer> {
	const gzip = new CompressionStream('gzip');
	const writer = gzip.writable.getWriter();
	// A failure shows on the readable side, read below.
	writer.write(Buffer.from(text, 'utf8')).catch(() => undefined);
	writer.close().catch(() => undefined);
	return Buffer.from(await new Response(gzip.readable).arrayBuffer());
}
