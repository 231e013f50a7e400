import type { IDataObject } from 'n8n-workflow';

/**
 * Whether a record's field agrees with a filter's value, for FilterChecks (records.ts): undefined
 * when the record has no such field (it does not contradict what it does not say).
 */

export const sameValue = (value: unknown, asked: string): boolean | undefined =>
	value === undefined || value === null ? undefined : String(value) === asked;

export const sameEmail = (value: unknown, asked: string): boolean | undefined =>
	value === undefined || value === null
		? undefined
		: String(value).trim().toLowerCase() === asked.trim().toLowerCase();

/** One of a comma-separated list of values (eventCategories=LOGINS,LOGOUT). */
export const oneOf = (value: unknown, asked: string): boolean | undefined =>
	value === undefined || value === null
		? undefined
		: asked
				.split(',')
				.map((entry) => entry.trim())
				.includes(String(value));

/**
 * The same Webex ID: Webex IDs are base64 of `ciscospark://<region>/<KIND>/<uuid>`, and the same
 * person can be written with another region or padding; compared by kind and UUID when both
 * decode so, as text otherwise.
 */
export function sameWebexId(value: unknown, asked: string): boolean | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(value);
	if (text === asked) return true;
	const a = webexIdKey(text);
	const b = webexIdKey(asked);
	return a !== undefined && a === b;
}

/**
 * What a Webex ID names, whatever region or padding it is written with: `KIND/uuid` (e.g.
 * `PEOPLE/…`), or undefined when it does not decode as `ciscospark://<region>/<KIND>/<uuid>`.
 */
export function webexIdKey(id: string): string | undefined {
	const decoded = Buffer.from(id.trim(), 'base64').toString('utf8');
	const match = /^ciscospark:\/\/[^/]+\/([A-Z_]+)\/([0-9a-f-]+)$/i.exec(decoded);
	return match ? `${match[1].toUpperCase()}/${match[2].toLowerCase()}` : undefined;
}

/** A field of the record's `data` object. */
export const dataField = (record: IDataObject, field: string): unknown =>
	((record.data ?? {}) as IDataObject)[field];
