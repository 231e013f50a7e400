/**
 * The one retry policy of the request layer: its defaults live here and nowhere else. Deciding
 * whether a failure is retried (`retryKind`) is kept apart from deciding how long to wait
 * (`rateLimitWait`, `faultWait`); retry.ts applies both around a single request.
 */

export interface RetryPolicy {
	/** Retries of one request after a transient fault (423, 5xx, timeout, dropped connection). */
	maxRetries: number;
	/** Total time one listing may spend waiting on 429s, across all its requests. */
	maxRateLimitWaitMs: number;
	/** Never retry a 429 sooner than this, whatever Retry-After says (0, past dates, garbage). */
	minRateLimitWaitMs: number;
	/** Wait after a 429 without a usable Retry-After. */
	defaultRateLimitWaitMs: number;
	/** Hard ceiling on attempts of one request, 429s included, whatever the server answers. */
	maxAttemptsPerRequest: number;
	/** Exponential backoff of fault retries: first ceiling, and the largest ceiling. */
	backoffBaseMs: number;
	backoffCapMs: number;
	/** Longest single wait before a fault retry, even when a 423 asks for more. */
	maxFaultWaitMs: number;
	/** Same-origin redirects followed for one request (other origins are never followed). */
	maxRedirects: number;
	/** Timeout when n8n gives none (the trigger): n8n's own default for declarative nodes. */
	defaultTimeoutMs: number;
	/** Largest answer read; a Webex page of 1,000 events is 1 to 2 MB. */
	maxBodyBytes: number;
	/**
	 * Every wait (a 429's, the listing's shared pause, a fault's backoff) lasts this many times what
	 * the rules above say: 1 in n8n. Tests that only sleep through waits set it lower on
	 * DEFAULT_RETRY_POLICY before a run (never where they measure a wait); budgets, Retry-After and
	 * deadlines stay in nominal milliseconds.
	 */
	waitScale: number;
	/**
	 * Webex Calling's call history allows each token `firstRequests` first requests and `nextPages`
	 * next pages per `intervalMs` (a minute, plus a second for clocks apart): its requests wait until
	 * they keep within both (see callHistory.ts), times waitScale like every wait, so that a test
	 * that shortens waits paces call history in its own shortened minute.
	 */
	callHistoryPacing: Readonly<{ intervalMs: number; firstRequests: number; nextPages: number }>;
}

/** The two defaults a node's options can change (Max Retries, Max Rate Limit Wait). */
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS = 300;

/**
 * The defaults every policy starts from. Read-only to the package; sealed rather than frozen so
 * that a test can set waitScale (and nothing else is ever written to it).
 */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.seal({
	maxRetries: DEFAULT_MAX_RETRIES,
	maxRateLimitWaitMs: DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS * 1000,
	minRateLimitWaitMs: 1000,
	defaultRateLimitWaitMs: 60_000,
	maxAttemptsPerRequest: 100,
	backoffBaseMs: 1000,
	backoffCapMs: 30_000,
	maxFaultWaitMs: 60_000,
	maxRedirects: 5,
	defaultTimeoutMs: 300_000,
	maxBodyBytes: 64 * 1024 * 1024,
	waitScale: 1,
	callHistoryPacing: Object.freeze({ intervalMs: 61_000, firstRequests: 1, nextPages: 10 }),
});

/** What the policy needs to know of a failed request. */
export interface FailureFacts {
	status?: number;
	/** A network error code such as ECONNRESET, when no HTTP answer came. */
	code?: string;
	/** The request ran out of time: no answer, or an answer that stopped half way. */
	timedOut?: boolean;
	retryAfter?: unknown;
}

/** Status codes retried with backoff; 429 is retried on its own terms (it says how long). */
export const FAULT_STATUSES: ReadonlySet<number> = new Set([408, 423, 500, 502, 503, 504]);

/** Network failures retried with backoff: the connection dropped or could not be made. */
const FAULT_ERROR_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'EPIPE',
	'EAI_AGAIN',
	'UND_ERR_SOCKET',
	'ERR_STREAM_PREMATURE_CLOSE',
]);

export type RetryKind = 'rateLimit' | 'fault';

/** Whether a failure is worth retrying, and on which terms; undefined when retrying cannot help. */
export function retryKind(failure: FailureFacts): RetryKind | undefined {
	if (failure.status === 429) return 'rateLimit';
	if (failure.timedOut) return 'fault';
	if (failure.status !== undefined) return FAULT_STATUSES.has(failure.status) ? 'fault' : undefined;
	return failure.code !== undefined && FAULT_ERROR_CODES.has(failure.code) ? 'fault' : undefined;
}

/**
 * How long to wait after a 429: what Retry-After asks, never less than the policy's minimum, the
 * policy's default when the header is missing or unreadable. `asked` is what the header said.
 */
export function rateLimitWait(
	retryAfter: unknown,
	policy: RetryPolicy,
	nowMs = Date.now(),
): { waitMs: number; askedMs: number | undefined } {
	const askedMs = parseRetryAfter(retryAfter, nowMs);
	const waitMs = Math.max(policy.minRateLimitWaitMs, askedMs ?? policy.defaultRateLimitWaitMs);
	return { waitMs, askedMs };
}

/**
 * How long to wait before the retry-th fault retry (1-based): exponential backoff, or longer when
 * a 423's Retry-After asks for more; never more than maxFaultWaitMs.
 */
export function faultWait(
	failure: FailureFacts,
	retry: number,
	policy: RetryPolicy,
	random = Math.random,
): number {
	const asked = failure.status === 423 ? parseRetryAfter(failure.retryAfter) : undefined;
	return Math.min(Math.max(asked ?? 0, backoffMs(retry, policy, random)), policy.maxFaultWaitMs);
}

/**
 * Exponential backoff with "equal jitter": the ceiling doubles per retry from backoffBaseMs up to
 * backoffCapMs, and the wait is drawn uniformly between half the ceiling and the ceiling, so
 * retries of several workflows spread out but never come back sooner than half the ceiling.
 */
export function backoffMs(
	retry: number,
	policy: Pick<RetryPolicy, 'backoffBaseMs' | 'backoffCapMs'> = DEFAULT_RETRY_POLICY,
	random = Math.random,
): number {
	const ceiling = Math.min(policy.backoffCapMs, policy.backoffBaseMs * 2 ** Math.max(0, retry - 1));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** An HTTP date (RFC 9110: IMF-fixdate, or the obsolete RFC 850 and asctime forms) starts with the day. */
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /i;

/** Delay-seconds or an HTTP date beyond this are nonsense (Retry-After: 1e12); read as unusable. */
const MAX_READABLE_RETRY_AFTER_MS = 30 * 86_400_000;

/**
 * Milliseconds a Retry-After header asks for: delay-seconds ("120") or an HTTP date. Undefined
 * when absent or unreadable (negative, not a number, not a date, absurdly far); a past date gives 0.
 */
export function parseRetryAfter(value: unknown, nowMs = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const trimmed = String(text).trim();
	let ms: number | undefined;
	if (/^\d+(\.\d+)?$/.test(trimmed)) ms = Math.round(Number(trimmed) * 1000);
	else if (HTTP_DATE.test(trimmed) && !Number.isNaN(Date.parse(trimmed)))
		ms = Math.max(0, Date.parse(trimmed) - nowMs);
	return ms !== undefined && ms <= MAX_READABLE_RETRY_AFTER_MS ? ms : undefined;
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
