/**
 * The package's limits and defaults, each defined once: the fields' text, their validation and
 * the code read them from here. (The retry policy's defaults are in transport/retryPolicy.ts.)
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/**
 * n8n's declarative engine copies a node's items with one spread call, which overflows the stack
 * somewhere above 120,000 items; past this many the node stops with a clear error instead.
 */
export const MAX_RECORDS_PER_ITEM = 100_000;
/** Pages in a row that bring no new record (empty, or only repeats) before the listing is declared stuck. */
export const MAX_PAGES_WITHOUT_NEW_RECORDS = 50;

/** Parallel Requests: time windows read at once with Return All. */
export const PARALLEL_REQUESTS = { min: 1, max: 8 } as const;
export const DEFAULT_PARALLEL_REQUESTS = 2;
/**
 * Time slices per parallel request when Return All reads a range at once. A file takes finer ones:
 * its slices are written in order, so a slice read ahead waits (in memory) until those before it
 * are written, and small slices keep that short.
 */
export const SLICES_PER_PARALLEL_REQUEST = { items: 2, file: 16 } as const;
/** Max Retries: the option's range (its default is the retry policy's). */
export const MAX_RETRIES = { min: 0, max: 10 } as const;

/** Webex's largest page (`max`) per endpoint. */
export const MAX_PAGE_SIZE = {
	events: 1000,
	recordings: 100,
	adminAudit: 200,
	securityAudit: 1000,
	meetingContent: 100,
	postMeetingChats: 100,
	meetingReports: 1000,
	meetingQualities: 100,
} as const;

/** Recording audit summaries: 90 days per request, kept 365 days, 7 days when From is empty. */
export const RECORDINGS_MAX_WINDOW_DAYS = 90;
export const RECORDINGS_MAX_HISTORY_DAYS = 365;
export const RECORDINGS_DEFAULT_RANGE_DAYS = 7;
/**
 * Meeting transcripts, admin recordings and meeting archives: 30 days per request (Webex's limit
 * for recordings and archives; transcripts state none and are asked the same way), 7 days when
 * From is empty.
 */
export const MEETING_CONTENT_MAX_WINDOW_DAYS = 30;
export const MEETING_CONTENT_DEFAULT_RANGE_DAYS = 7;
/** Meeting usage and attendee reports: 30 days per request (as above), `from` at most 90 days ago. */
export const MEETING_REPORTS_MAX_HISTORY_DAYS = 90;
/** Meeting qualities: Webex answers one request per meeting instance every 5 minutes. */
export const MEETING_QUALITIES_INTERVAL_MINUTES = 5;
/** Admin and security audit: a year per request (a minute less: windows ask from 1 ms earlier). */
export const AUDIT_MAX_WINDOW_MS = 365 * DAY_MS - MINUTE_MS;
export const AUDIT_DEFAULT_RANGE_MS = DAY_MS;

/** Triggers: Hours Ago up to a year (Webex keeps events 90 days, a year with Pro Pack). */
export const MAX_START_HOURS = 365 * 24;
export const DEFAULT_START_HOURS = 24;
export const DEFAULT_LOOKBACK_MINUTES = 5;
export const MAX_EVENTS_PER_POLL = { min: 1, max: 50_000 } as const;
export const DEFAULT_MAX_EVENTS_PER_POLL = 10_000;
/** n8n 2.40 and 1.x tell a poll no budget: 5 minutes is their fixed limit. */
export const DEFAULT_POLL_BUDGET_MS = 5 * MINUTE_MS;
/** Share of the poll budget spent fetching; the rest is margin for emitting. */
export const POLL_BUDGET_SHARE = 0.8;

/** Resolve People: person IDs in one GET /people?id=… (Webex accepts up to 85). */
export const PEOPLE_IDS_PER_REQUEST = 85;
/** The Webex Events Trigger keeps the people it looked up this long, at most this many (the oldest dropped). */
export const PEOPLE_CACHE_TTL_MS = DAY_MS;
export const MAX_CACHED_PEOPLE = 1_000;
/** Share of a poll's fetching time kept for Resolve People's lookups: no catch-up window starts in it. */
export const POLL_LOOKUP_SHARE = 0.25;

/**
 * Message files: a 423 (Webex still scanning the file for malware) is asked again after its
 * Retry-After, at least MIN_SCAN_WAIT_MS and at most MAX_SCAN_WAIT_MS, up to MAX_SCAN_WAITS times
 * (so at most 2.5 minutes per file); then the file is reported as still being scanned.
 */
export const MAX_SCAN_WAITS = 5;
export const MIN_SCAN_WAIT_MS = 1000;
export const MAX_SCAN_WAIT_MS = 30_000;

/**
 * Webex Calling's detailed call history. The feed (`cdr_feed`, by report time): windows of at most
 * 12 hours, from 30 days ago to 5 minutes ago, the last 24 hours by default. The stream
 * (`cdr_stream`, by arrival in Webex's cloud): windows of at most 2 hours, from 12 hours ago to a
 * minute ago. Both: up to 10 location names, pages (`max`) of 500 to 5,000 records.
 */
export const CALL_HISTORY = {
	feed: { maxWindowMs: 12 * HOUR_MS, maxAgeMs: 30 * DAY_MS, minAgeMs: 5 * MINUTE_MS },
	stream: { maxWindowMs: 2 * HOUR_MS, maxAgeMs: 12 * HOUR_MS, minAgeMs: MINUTE_MS },
	defaultRangeMs: DAY_MS,
	maxLocations: 10,
	pageSize: { min: 500, max: 5000 },
} as const;
