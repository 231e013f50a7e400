// GET /v1/recordingReport/accessSummary: recording audit summaries generated from a seed, with the
// API's window rules (90 days at most, `from` at most 365 days back), `timezone` header and paging.
import { DateTime } from 'luxon';

import { WebexHttpError } from './errors.mjs';
import { readMax, scanPage } from './paging.mjs';
import { hash32, hexId, pick, prng } from './random.mjs';

export const RECORDINGS_MAX = { defaultMax: 10, ceiling: 100 };
export const SITES = ['acme.webex.com', 'acme-emea.webex.com', 'acme-apac.webex.com'];
const DAY_MS = 86_400_000;
const TOPICS = [
	'Quarterly Business Review',
	'Weekly Pipeline Sync',
	'Incident 4471 Bridge',
	'Board Prep',
	'Customer Onboarding: Globex',
	'Security Training',
	'All Hands',
	'Design Review',
	'Legal Hold Briefing',
	'Sales Kickoff',
];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `count` summaries, index 0 the newest, spread evenly over `spanMs` before `now`. */
export function recordingDataset({ seed, count, now, spanMs, people }) {
	const spacing = count > 0 ? spanMs / count : 1;
	// Webex reports whole seconds.
	const recordedAt = (index) => Math.floor((now - spacing * (index + 1)) / 1000) * 1000;

	function at(index) {
		const random = prng(hash32(seed, 'recording', index));
		// The first person (the token's owner) hosts about a quarter of the recordings.
		const host = random() < 0.25 ? people[0] : pick(random, people);
		return {
			recordingId: hexId(seed, 'recording', index),
			topic: pick(random, TOPICS),
			timeRecordedMs: recordedAt(index),
			siteUrl: random() < 0.7 ? SITES[0] : pick(random, SITES),
			hostEmail: host.emails[0],
			viewCount: Math.floor(random() * 40),
			downloadCount: Math.floor(random() * 12),
		};
	}

	/** Indexes [start, end) of the summaries recorded at or after `fromMs` and before `toMs`. */
	function range(fromMs, toMs) {
		const firstBelow = (bound) => {
			let low = 0;
			let high = count;
			while (low < high) {
				const mid = (low + high) >>> 1;
				if (recordedAt(mid) < bound) high = mid;
				else low = mid + 1;
			}
			return low;
		};
		return [firstBelow(toMs), firstBelow(fromMs)];
	}

	return { count, at, range, recordedAt };
}

function parseTime(query, name) {
	const raw = query.get(name);
	if (raw === null || raw === '') return undefined;
	const parsed = DateTime.fromISO(raw, { setZone: true });
	if (!parsed.isValid)
		throw new WebexHttpError(
			400,
			`Invalid '${name}' parameter: ${raw} is not an ISO 8601 date and time.`,
		);
	return parsed.toMillis();
}

/** The time zone of the `timezone` header (IANA name), UTC when absent; 400 when unknown. */
export function readTimezone(header) {
	if (header === undefined || header === '') return 'UTC';
	if (!DateTime.local().setZone(header).isValid)
		throw new WebexHttpError(
			400,
			`Invalid timezone: ${header}. Use an IANA time zone name such as America/New_York.`,
		);
	return header;
}

/** The window a request asks for, with the API's defaults and limits. */
export function recordingWindow(query, nowMs) {
	let from = parseTime(query, 'from');
	let to = parseTime(query, 'to');
	if (from === undefined && to === undefined) to = nowMs;
	if (from === undefined) from = to - 7 * DAY_MS;
	if (to === undefined) to = from + 7 * DAY_MS;
	if (from > to) throw new WebexHttpError(400, "'from' cannot be after 'to'.");
	if (to - from > 90 * DAY_MS)
		throw new WebexHttpError(400, "The interval between 'to' and 'from' cannot exceed 90 days.");
	if (nowMs - from > 365 * DAY_MS)
		throw new WebexHttpError(
			400,
			"The interval between the current time and 'from' cannot exceed 365 days.",
		);
	return { from, to };
}

/** Handles one GET /v1/recordingReport/accessSummary request; returns {items, next?}. */
export function listRecordingSummaries(
	dataset,
	query,
	{ now, publicBase, path, timezone, caller, repeatLast = false },
) {
	const max = readMax(query, RECORDINGS_MAX);
	const zone = readTimezone(timezone);
	const { from, to } = recordingWindow(query, now());
	const hostEmail = query.get('hostEmail') || undefined;
	if (hostEmail !== undefined && hostEmail !== 'all' && !EMAIL.test(hostEmail)) {
		throw new WebexHttpError(
			400,
			`Invalid 'hostEmail' parameter: ${hostEmail}. Use an email address or 'all'.`,
		);
	}
	if (hostEmail !== undefined && hostEmail !== caller.email && !caller.admin) {
		throw new WebexHttpError(
			403,
			'The hostEmail parameter requires the meeting:admin_recordings_read scope and an administrator role.',
		);
	}
	const siteUrl = query.get('siteUrl') || SITES[0];
	if (!SITES.includes(siteUrl))
		throw new WebexHttpError(
			400,
			`Invalid 'siteUrl' parameter: ${siteUrl} is not a site of this organization.`,
		);
	const host = hostEmail ?? caller.email;

	return scanPage({
		dataset,
		range: dataset.range(from, to),
		query,
		max,
		matches: (summary) =>
			summary.siteUrl === siteUrl && (host === 'all' || summary.hostEmail === host),
		present: (summary) => present(summary, zone),
		publicBase,
		path,
		repeatLast,
	});
}

/** The summary as the API returns it, with `timeRecorded` in the requested time zone. */
export function present({ timeRecordedMs, ...summary }, zone = 'UTC') {
	const timeRecorded = DateTime.fromMillis(timeRecordedMs, { zone }).toISO({
		suppressMilliseconds: true,
	});
	return {
		recordingId: summary.recordingId,
		topic: summary.topic,
		timeRecorded,
		siteUrl: summary.siteUrl,
		hostEmail: summary.hostEmail,
		viewCount: summary.viewCount,
		downloadCount: summary.downloadCount,
	};
}
