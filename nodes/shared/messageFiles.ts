import {
	type IBinaryData,
	type IBinaryKeyData,
	type IDataObject,
	type IExecuteSingleFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import type { RecordItems } from './customPagination';
import { ChunkStream } from './files/chunkStream';
import { contentUrlOf, fetchContent } from './files/webexContents';
import { inParallel } from './inParallel';
import {
	buildUrl,
	isDeadlinePassed,
	requestOrGiveBack,
	type ErrorHints,
	type WebexClient,
} from './transport';

/**
 * Download Files (Webex Events → Get Many and Get, and its trigger): each message event's files
 * as binary data of its item. A message event whose data has neither text nor files (a deleted
 * or edited message: Webex's event carries IDs only) is completed from GET /messages/{id} first,
 * which a compliance officer may read within the retention period.
 */

export const MESSAGE_HINTS: ErrorHints = {
	forbidden:
		"Reading a message and its files needs a compliance officer's token with the spark-compliance:messages_read scope.",
	notFound:
		'No message with this ID: its retention period is over, the token is not a compliance officer’s (only the compliance officer may read others’ and deleted messages), or the ID is wrong.',
};

/** The two options, as the nodes read them. */
export interface MessageFileOptions {
	allowUnscannable: boolean;
}

/** Download Files and Allow Unscannable Files from a node's Options: undefined when off. */
export function readDownloadFiles(options: IDataObject): MessageFileOptions | undefined {
	if (options.downloadFiles !== true) return undefined;
	return { allowUnscannable: options.allowUnscannable === true };
}

/** How n8n's binary data helper is called (a stream, its name and type). */
export type StoreFile = (
	stream: ChunkStream,
	fileName: string,
	mimeType: string,
) => Promise<IBinaryData>;

/** Binary field of the n-th file (from 1) of an item. */
export const fileField = (n: number) => `file${n}`;

/** Item JSON field that says what became of each file. */
export const FILE_REPORT_FIELD = 'fileDownloads';

const isMessageEvent = (event: IDataObject) =>
	event.resource === 'messages' && typeof event.data === 'object' && event.data !== null;

/**
 * The items of `events` (in order, as `toJson` writes them) with each message event's files in
 * binary fields file1, file2… and, in `fileDownloads`, per file: its URL, name, type, size and
 * binary field, or why it has none. Everything runs through the listing's client: its gate counts
 * every message read and download. When the client's deadline (a poll's budget) passes, only the
 * leading items whose files are complete are given back.
 */
export async function itemsWithMessageFiles(
	client: WebexClient,
	events: IDataObject[],
	{
		options,
		store,
		toJson,
	}: {
		options: MessageFileOptions;
		store: StoreFile;
		toJson?: (event: IDataObject) => IDataObject;
	},
): Promise<INodeExecutionData[]> {
	const messages = events.filter(isMessageEvent);
	// First the messages Webex's events do not carry, then every file: one queue each, both as
	// wide as the gate lets requests be in flight.
	const parallel = Math.max(1, client.rateLimits.maxInFlight);
	const stop = { stopped: false };
	const incomplete = new Set<IDataObject>();
	const guard = async (event: IDataObject, work: () => Promise<void>) => {
		if (incomplete.has(event)) return;
		await work().catch(async (error: unknown) =>
			isDeadlinePassed(error) ? void incomplete.add(event) : await Promise.reject(error),
		);
	};
	await inParallel(
		messages.filter((event) => needsMessage(event.data as IDataObject)),
		parallel,
		stop,
		async (event) => await guard(event, async () => await readMessage(client, event)),
	);
	const files = messages.flatMap((event) =>
		filesOf(event).map((value, index) => ({ event, value, n: index + 1 })),
	);
	const reports = new Map<IDataObject, IDataObject[]>();
	const binaries = new Map<IDataObject, IBinaryKeyData>();
	for (const event of messages)
		reports.set(
			event,
			filesOf(event).map(() => ({})),
		);
	await inParallel(files, parallel, stop, async ({ event, value, n }) => {
		await guard(event, async () => {
			const report = await downloadOne(client, value, fileField(n), options, store);
			(reports.get(event) as IDataObject[])[n - 1] = report.json;
			if (report.binary) {
				const binary = binaries.get(event) ?? {};
				binary[fileField(n)] = report.binary;
				binaries.set(event, binary);
			}
		});
	});
	const firstIncomplete = events.findIndex((event) => incomplete.has(event));
	const complete = firstIncomplete < 0 ? events : events.slice(0, firstIncomplete);
	return complete.map((event) => {
		const json = toJson ? toJson(event) : event;
		if (!reports.has(event)) return { json };
		const binary = binaries.get(event);
		return {
			json: { ...json, [FILE_REPORT_FIELD]: reports.get(event) as IDataObject[] },
			...(binary ? { binary } : {}),
		};
	});
}

/** Webex's event of a deleted or edited message carries neither text nor files. */
const needsMessage = (data: IDataObject) =>
	(typeof data.text !== 'string' || data.text === '') &&
	!(Array.isArray(data.files) && data.files.length > 0) &&
	typeof data.id === 'string' &&
	data.id !== '';

const filesOf = (event: IDataObject): unknown[] => {
	const files = (event.data as IDataObject).files;
	return Array.isArray(files) ? files : [];
};

/**
 * Completes a message event from GET /messages/{id}: its text, markdown and files, and in
 * `messageRead` whether Webex still had the message (a 404: past its retention period).
 */
async function readMessage(client: WebexClient, event: IDataObject) {
	const data = event.data as IDataObject;
	const url = buildUrl(client.baseUrl, `/messages/${encodeURIComponent(String(data.id))}`, {});
	const outcome = await requestOrGiveBack(client, url, { giveBack: new Set([404, 410]) });
	if ('failure' in outcome) {
		event.messageRead = `not found (${outcome.failure.status}): ${MESSAGE_HINTS.notFound}`;
		return;
	}
	const message = (outcome.body ?? {}) as IDataObject;
	event.data = { ...data };
	for (const field of ['text', 'markdown', 'html', 'files'])
		if (message[field] !== undefined) (event.data as IDataObject)[field] = message[field];
	event.messageRead = 'found';
}

/** One file of a listing: its report, and its binary data when Webex handed it over. */
async function downloadOne(
	client: WebexClient,
	value: unknown,
	binaryField: string,
	options: MessageFileOptions,
	store: StoreFile,
): Promise<{ json: IDataObject; binary?: IBinaryData }> {
	const url = typeof value === 'string' ? value : String(value ?? '');
	const target = contentUrlOf(client, url);
	if ('refused' in target)
		return { json: { url, binaryField: null, refused: target.refused, message: target.message } };
	const outcome = await fetchContent(client, target.url, {
		allowUnscannable: options.allowUnscannable,
		store,
	});
	if ('refused' in outcome)
		return {
			json: { url, binaryField: null, refused: outcome.refused, message: outcome.message },
		};
	return {
		json: { url, ...outcome.facts, sha256: outcome.sha256 ?? null, binaryField },
		binary: outcome.binary,
	};
}

/** Download Files on Webex Events → Get Many and Get: its items, or undefined when it is off. */
export function messageFileItems(ctx: IExecuteSingleFunctions): RecordItems | undefined {
	const options = readDownloadFiles(ctx.getNodeParameter('options', {}) as IDataObject);
	if (!options) return undefined;
	const store: StoreFile = async (stream, fileName, mimeType) =>
		await ctx.helpers.prepareBinaryData(stream as never, fileName, mimeType);
	return async (client, records, toJson) =>
		await itemsWithMessageFiles(client, records, { options, store, toJson });
}
