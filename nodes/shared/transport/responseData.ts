import type { IDataObject } from 'n8n-workflow';

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
