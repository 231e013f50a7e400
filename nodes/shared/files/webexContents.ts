import { createHash } from 'crypto';
import type { IBinaryData, IDataObject } from 'n8n-workflow';

import { MAX_SCAN_WAITS, MAX_SCAN_WAIT_MS, MIN_SCAN_WAIT_MS } from '../limits';
import {
	buildUrl,
	describeOrigin,
	pause,
	requestOrGiveBack,
	sameOriginUrl,
	secretsOf,
	type WebexClient,
} from '../transport';
import { parseRetryAfter } from '../transport/retryPolicy';
import { scrubSecrets } from '../transport/secrets';
import { ChunkStream } from './chunkStream';

/**
 * A message's files (`GET`/`HEAD /contents/{id}`, which Webex's definitions do not describe: see
 * the Webex API notes, "Message files"). Webex scans each file for malware before it hands it
 * over: 423 while it scans (Retry-After says when to ask again), 428 for a file it cannot scan
 * (`allow=unscannable` takes it anyway), 410 for an infected one.
 */

/** Why a file was not fetched: a scan state, or what the URL or Webex said. */
export type FileRefusal = 'scanning' | 'unscannable' | 'infected' | 'foreignOrigin' | 'notFound';

/** What Webex says of a file in its headers. */
export interface FileFacts extends IDataObject {
	fileName: string;
	mimeType: string;
	/** Bytes, from Content-Length (a HEAD), or as counted (a download). */
	fileSize: number | null;
}

export type FileOutcome =
	| { facts: FileFacts; binary?: IBinaryData; sha256?: string }
	| { refused: FileRefusal; message: string };

const WRITE_BYTES = 1024 * 1024;

const SCAN_STATUSES: ReadonlySet<number> = new Set([423, 428, 410, 404]);

/** The option's label, named by the 428 message. */
export const ALLOW_UNSCANNABLE_LABEL = 'Allow Unscannable Files';

const REFUSALS: Record<Exclude<FileRefusal, 'foreignOrigin'>, string> = {
	scanning: `Webex is still scanning the file for malware (asked ${MAX_SCAN_WAITS + 1} times, as Retry-After said): run again later`,
	unscannable: `Webex cannot scan the file for malware (428, e.g. an encrypted file): turn on the option ${ALLOW_UNSCANNABLE_LABEL} to download it anyway, at your own risk`,
	infected: 'Webex found malware in the file (410): it is not handed over',
	notFound:
		"Webex has no such file (404): the message's retention period is over, the token is not a compliance officer's, or the URL is wrong",
};

/** The file of `value` (a contents URL as a message's `files` gives it, or a bare content ID). */
export function contentUrlOf(
	client: WebexClient,
	value: unknown,
): { url: string } | { refused: 'foreignOrigin' | 'badValue'; message: string } {
	const text = String(value ?? '').trim();
	if (/^[A-Za-z0-9_=-]+$/.test(text))
		return { url: buildUrl(client.baseUrl, `/contents/${encodeURIComponent(text)}`, {}) };
	if (!/^https?:\/\//i.test(text))
		return { refused: 'badValue', message: `"${text}" is neither a file URL nor a content ID` };
	const url = sameOriginUrl(client, text, client.baseUrl.toString());
	if (url) return { url };
	return { refused: 'foreignOrigin', message: foreignOriginMessage(client, text) };
}

/** Why a file URL is not requested: never with the token outside the base URL's origin. */
function foreignOriginMessage(client: WebexClient, text: string): string {
	return `The file URL points at ${describeOrigin(text, client.baseUrl.toString(), [])}, not at the credential's Base URL (${client.baseUrl.origin}): not requested, so the access token never goes there`;
}

/**
 * Downloads a file (or, with `head`, asks for its name, type and size only) through the client's
 * gate and retries, streaming its bytes into `store` (n8n's binary data helper). A 423 is asked
 * again after its Retry-After (at least MIN_SCAN_WAIT_MS, at most MAX_SCAN_WAIT_MS) up to
 * MAX_SCAN_WAITS times and never past the client's deadline; a 423 left, a 428, a 410 and a 404 are
 * given back as refusals. Other failures throw as any request's do.
 */
export async function fetchContent(
	client: WebexClient,
	url: string,
	{
		head = false,
		allowUnscannable = false,
		store,
	}: {
		head?: boolean;
		allowUnscannable?: boolean;
		store?: (stream: ChunkStream, fileName: string, mimeType: string) => Promise<IBinaryData>;
	},
): Promise<FileOutcome> {
	const target = allowUnscannable ? withQuery(url, 'allow', 'unscannable') : url;
	const secrets = await secretsOf(client);
	for (let waits = 0; ; waits++) {
		let counted: { bytes: number; sha256: string } | undefined;
		const outcome = await requestOrGiveBack(client, target, {
			giveBack: SCAN_STATUSES,
			write: head ? { method: 'HEAD' } : undefined,
			consume:
				head || !store
					? undefined
					: async (body, headers) => {
							const facts = factsOf(headers, url, secrets);
							const hashing = hashedChunks(body, facts.fileSize);
							const binary = await store(
								new ChunkStream(hashing.chunks),
								facts.fileName,
								facts.mimeType,
							);
							counted = hashing.result();
							return binary;
						},
		});
		if (!('failure' in outcome)) {
			const facts = factsOf(outcome.headers, url, secrets);
			if (counted) facts.fileSize = counted.bytes;
			return {
				facts,
				binary: outcome.consumed as IBinaryData | undefined,
				sha256: counted?.sha256,
			};
		}
		const { status, retryAfter } = outcome.failure;
		if (status === 428) return refusal('unscannable');
		if (status === 410) return refusal('infected');
		if (status === 404) return refusal('notFound');
		const waitMs = Math.min(
			MAX_SCAN_WAIT_MS,
			Math.max(MIN_SCAN_WAIT_MS, parseRetryAfter(retryAfter) ?? MIN_SCAN_WAIT_MS),
		);
		const pastDeadline =
			client.deadlineMs !== undefined && Date.now() + waitMs >= client.deadlineMs;
		if (head || waits >= MAX_SCAN_WAITS || pastDeadline) return refusal('scanning');
		await pause(client, waitMs);
	}
}

const refusal = (refused: Exclude<FileRefusal, 'foreignOrigin'>) => ({
	refused,
	message: REFUSALS[refused],
});

function withQuery(url: string, name: string, value: string): string {
	const parsed = new URL(url);
	parsed.searchParams.set(name, value);
	return parsed.toString();
}

/** The body's chunks as they come, counted and hashed; fails when fewer bytes came than announced. */
function hashedChunks(body: unknown, announced: number | null) {
	const hash = createHash('sha256');
	let bytes = 0;
	let digest: string | undefined;
	async function* chunks(): AsyncGenerator<Buffer> {
		// The socket's small chunks, handed on in pieces of about WRITE_BYTES: n8n's file store
		// writes each piece it gets, and a write per 16 KB costs more than one copy of them.
		let held: Buffer[] = [];
		let heldBytes = 0;
		for await (const chunk of body as AsyncIterable<Buffer | string>) {
			const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			hash.update(buffer);
			bytes += buffer.length;
			held.push(buffer);
			heldBytes += buffer.length;
			if (heldBytes >= WRITE_BYTES) {
				yield held.length === 1 ? held[0] : Buffer.concat(held, heldBytes);
				held = [];
				heldBytes = 0;
			}
		}
		if (heldBytes > 0) yield Buffer.concat(held, heldBytes);
		if (announced !== null && bytes !== announced) {
			throw Object.assign(new Error(`The file ended after ${bytes} of ${announced} bytes`), {
				code: 'ERR_STREAM_PREMATURE_CLOSE',
			});
		}
		digest = hash.digest('hex');
	}
	return { chunks: chunks(), result: () => ({ bytes, sha256: digest ?? '' }) };
}

/** Name, type and size from Content-Disposition, Content-Type and Content-Length. */
export function factsOf(headers: IDataObject, url: string, secrets: string[]): FileFacts {
	const size = Number(headers['content-length']);
	const type = String(headers['content-type'] ?? '').trim();
	return {
		fileName: scrubSecrets(
			fileNameOf(headers['content-disposition']) ?? fallbackName(url),
			secrets,
		),
		mimeType: type === '' ? 'application/octet-stream' : type,
		fileSize: headers['content-length'] !== undefined && Number.isInteger(size) ? size : null,
	};
}

/**
 * The file name of a Content-Disposition header (RFC 6266: `filename*=UTF-8''…` before
 * `filename="…"`), as a plain name: no folders (a name such as ../../x stays in its place), no
 * control characters. Undefined when it names none.
 */
export function fileNameOf(header: unknown): string | undefined {
	const text = Array.isArray(header) ? String(header[0]) : String(header ?? '');
	let name: string | undefined;
	const extended = /filename\*\s*=\s*([\w-]+)'[^']*'([^;]+)/i.exec(text);
	if (extended) {
		try {
			name = decodeURIComponent(extended[2].trim());
		} catch {
			name = undefined;
		}
	}
	name ??= /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(text)?.[1]?.replace(/\\(.)/g, '$1');
	name ??= /filename\s*=\s*([^;\s]+)/i.exec(text)?.[1];
	if (name === undefined) return undefined;
	const plain = [...name]
		.filter((character) => character.charCodeAt(0) > 31 && character.charCodeAt(0) !== 127)
		.join('')
		.split(/[/\\]/)
		.pop()
		?.trim();
	return plain && plain !== '.' && plain !== '..' ? plain.slice(0, 200) : undefined;
}

const fallbackName = (url: string) =>
	`webex-file-${(new URL(url).pathname.split('/').pop() ?? 'file').slice(0, 80)}`;
