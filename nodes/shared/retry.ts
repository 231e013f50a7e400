/** Pure rules for waiting and retrying; the request loop in transport.ts applies them. */

/** Wait used when a 429 carries no usable Retry-After. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/** Status codes worth retrying with backoff (429 is handled on its own: it says how long). */
export const TRANSIENT_STATUSES = new Set([423, 502, 503, 504]);

/** Network failures worth retrying: the connection dropped or timed out before an answer. */
export const TRANSIENT_ERROR_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'EAI_AGAIN',
	'UND_ERR_SOCKET',
]);

/**
 * Milliseconds a Retry-After header asks for: delay-seconds ("120") or an HTTP date. Returns
 * undefined when absent or malformed (negative, not a number, not a date), so the caller uses its
 * default. A date in the past gives 0.
 */
export function parseRetryAfter(value: unknown, nowMs = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const trimmed = String(text).trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	if (!/[a-z]/i.test(trimmed)) return undefined;
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - nowMs);
}

/**
 * Exponential backoff with full jitter for the attempt-th retry (1-based): a random wait between
 * half and all of base * 2^(attempt-1), capped. `random` is injectable for tests.
 */
export function backoffMs(
	attempt: number,
	{ baseMs = 1000, capMs = 30_000, random = Math.random } = {},
): number {
	const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Human wording of a wait, for error messages: "45 seconds", "1 hour". */
export function describeWait(ms: number): string {
	const seconds = Math.ceil(ms / 1000);
	if (seconds < 120) return `${seconds} second${seconds === 1 ? '' : 's'}`;
	const minutes = Math.round(seconds / 60);
	if (minutes < 120) return `${minutes} minutes`;
	const hours = Math.round(minutes / 60);
	return `${hours} hour${hours === 1 ? '' : 's'}`;
}
