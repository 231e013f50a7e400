import { DateTime } from 'luxon';

export type DateInput = string | number | Date | { toISO: () => string | null } | null | undefined;

/**
 * Reads a date field as n8n users enter it: the date picker's value, an ISO string with or without
 * an offset, an SQL-style "2026-11-20 09:30", an RFC 2822 or HTTP date, epoch milliseconds, a JS
 * Date or a luxon DateTime from an expression such as {{ $now.minus({hours: 1}) }}. A value
 * without an offset is read in `zone` (the workflow's time zone). Empty gives undefined; an
 * unreadable value gives null.
 */
export function parseDateInput(value: DateInput, zone: string): DateTime | null | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (value instanceof Date) return validOrNull(DateTime.fromJSDate(value));
	if (typeof value === 'number') return validOrNull(DateTime.fromMillis(value));
	if (typeof value === 'object' && typeof value.toISO === 'function') {
		// A luxon DateTime from an expression, possibly another copy of luxon than ours.
		const iso = value.toISO();
		return iso ? validOrNull(DateTime.fromISO(iso, { setZone: true })) : null;
	}
	if (typeof value !== 'string') return null;
	const text = value.trim();
	const parsers = [DateTime.fromISO, DateTime.fromSQL, DateTime.fromRFC2822, DateTime.fromHTTP];
	for (const parse of parsers) {
		const parsed = parse(text, { zone });
		if (parsed.isValid) return parsed;
	}
	if (/^\d{10,13}$/.test(text))
		return validOrNull(DateTime.fromMillis(Number(text.length === 10 ? `${text}000` : text)));
	return null;
}

function validOrNull(date: DateTime): DateTime | null {
	return date.isValid ? date : null;
}

/** The form Webex expects: UTC ISO 8601 with milliseconds, e.g. 2026-11-20T09:30:00.000Z. */
export function toWebexTime(date: DateTime | number): string {
	const value = typeof date === 'number' ? DateTime.fromMillis(date) : date;
	return value.toUTC().toISO() as string;
}
