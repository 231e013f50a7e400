import type { IDataObject } from 'n8n-workflow';

import { BODY_TOO_LARGE } from './errors';

/** Reading what a server answered, for a success and a failure alike: its headers and its body. */

/** The headers with their names in lower case (an answer's headers may come in any case). */
export function lowerCaseHeaders(headers: unknown): IDataObject {
	const result: IDataObject = {};
	if (headers && typeof headers === 'object') {
		for (const [key, value] of Object.entries(headers))
			result[key.toLowerCase()] = value as IDataObject[string];
	}
	return result;
}

/** The body's JSON, or the text itself when it is not JSON. */
export function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** The most of a failed answer's body read, to find Webex's message in it. */
export const ERROR_BODY_BYTES = 1024 * 1024;

/** A body read past its limit: the reading stopped there. */
export class BodyTooLarge extends Error {
	code = BODY_TOO_LARGE;
}

/**
 * A body as text, from a string, a Buffer or a stream, refusing to read past maxBytes (the stream
 * is destroyed then): n8n's own reading has no limit.
 */
export async function readAtMost(body: unknown, maxBytes: number): Promise<string> {
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (!body || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function')
		return '';
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body as AsyncIterable<Buffer | string>) {
		const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
		size += buffer.length;
		if (size > maxBytes) {
			(body as { destroy?: () => void }).destroy?.();
			throw new BodyTooLarge(`The answer is larger than ${Math.round(maxBytes / 1048576)} MB`);
		}
		chunks.push(buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}
