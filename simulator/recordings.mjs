// GET /v1/recordingReport/accessSummary: recording audit summaries generated from a seed, with the
// API's window rules (90 days at most, `from` at most 365 days back), `timezone` header and paging;
// GET /v1/recordingReport/accessDetail: who viewed or downloaded one of those recordings.
import { DateTime } from 'luxon';

import { EXAMPLES, isExampleRecord } from './definitions.mjs';
import { WebexHttpError } from './errors.mjs';
import { readMax, scanPage } from './paging.mjs';
import { createIdIndex, hash32, hexId, pick, prng, uuidPrefix } from './random.mjs';

export const RECORDINGS_MAX = { defaultMax: 10, ceiling: 100 };
export const SITES = ['acme.webex.com', 'acme-emea.webex.com', 'acme-apac.webex.com'];
/** About one recording in this many is made from one of the definitions' example summaries. */
export const EXAMPLE_RECORDING_EVERY = 10;
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

const GUESTS = [
	['Pat Morgan', 'pat.morgan@partner.example.org'],
	['Sam Rivera', 'sam.rivera@globex.example.net'],
	['Alex Kim', 'alex.kim@auditors.example.com'],
];

/**
 * `count` summaries, index 0 the newest, spread evenly over `spanMs` before `now`. Also finds a
 * recording by id (find: index or -1) and gives its access records (accessDetail(index): oldest
 * first, as many viewed ones as the summary's viewCount and downloaded ones as its downloadCount).
 */
export function recordingDataset({ seed, count, now, spanMs, people }) {
	const spacing = count > 0 ? spanMs / count : 1;
	// Webex reports whole seconds.
	const recordedAt = (index) => Math.floor((now - spacing * (index + 1)) / 1000) * 1000;

	function at(index) {
		const random = prng(hash32(seed, 'recording', index));
		// The first person (the token's owner) hosts about a quarter of the recordings.
		const host = random() < 0.25 ? people[0] : pick(random, people);
		const summary = {
			recordingId: hexId(seed, 'recording', index),
			topic: pick(random, TOPICS),
			timeRecordedMs: recordedAt(index),
			siteUrl: random() < 0.7 ? SITES[0] : pick(random, SITES),
			hostEmail: host.emails[0],
			viewCount: Math.floor(random() * 40),
			downloadCount: Math.floor(random() * 12),
		};
		// A few popular recordings (all hands, trainings) have well over 100 access records.
		if (random() < 0.04) summary.viewCount += 100 + Math.floor(random() * 120);
		const example = exampleOf(index);
		// The example's topic and counts, this record's id, time, site and host.
		if (example)
			Object.assign(summary, pickFields(example, ['topic', 'viewCount', 'downloadCount']));
		return summary;
	}

	/** The definitions' example summary recording `index` is made from, or undefined. */
	function exampleOf(index) {
		if (!isExampleRecord(seed, 'recording', index, EXAMPLE_RECORDING_EVERY)) return undefined;
		return EXAMPLES.recordingSummaries[hash32(seed, 'example-summary', index) % 3];
	}

	const findIndex = createIdIndex(count, (index) => hash32(0, seed, 'recording', index));
	/** The index of the recording with this id, or -1. */
	function find(recordingId) {
		if (!/^[0-9a-f]{32}$/.test(String(recordingId))) return -1;
		return findIndex(
			uuidPrefix(recordingId),
			(index) => hexId(seed, 'recording', index) === recordingId,
		);
	}

	/**
	 * The access records of one recording, oldest first: {recordingId, topic, name, email,
	 * accessTimeMs, viewed, downloaded}, accessTimeMs in whole seconds after the recording's time
	 * (within 30 days, not after `now`). Some records are a view and a download at once.
	 */
	function accessDetail(index) {
		const summary = at(index);
		const random = prng(hash32(seed, 'recording-access', index));
		// A recording made from an example starts with the definitions' example access records that
		// its counts leave room for (the example's people, viewed and downloaded as there).
		const examples = [];
		let views = summary.viewCount;
		let downloads = summary.downloadCount;
		if (exampleOf(index))
			for (const record of EXAMPLES.recordingAccess) {
				if ((record.viewed && views === 0) || (record.downloaded && downloads === 0)) continue;
				examples.push(record);
				views -= record.viewed ? 1 : 0;
				downloads -= record.downloaded ? 1 : 0;
			}
		const both = Math.floor(random() * (Math.min(views, downloads) + 1));
		const flags = [
			...examples.map((record) => [record.viewed, record.downloaded]),
			...Array.from({ length: both }, () => [true, true]),
			...Array.from({ length: views - both }, () => [true, false]),
			...Array.from({ length: downloads - both }, () => [false, true]),
		];
		for (let i = flags.length - 1; i > examples.length; i--) {
			const j = examples.length + Math.floor(random() * (i + 1 - examples.length));
			[flags[i], flags[j]] = [flags[j], flags[i]];
		}
		const first = summary.timeRecordedMs + 1000;
		const last = Math.max(first, Math.min(summary.timeRecordedMs + 30 * DAY_MS, now));
		const times = flags
			.map(() => Math.floor((first + random() * (last - first)) / 1000) * 1000)
			.sort((a, b) => a - b);
		return flags.map(([viewed, downloaded], n) => {
			if (n < examples.length)
				return {
					recordingId: summary.recordingId,
					topic: summary.topic,
					name: examples[n].name,
					email: examples[n].email,
					accessTimeMs: times[n],
					viewed,
					downloaded,
				};
			const guest = random() < 0.1 ? pick(random, GUESTS) : undefined;
			const person = guest ? undefined : pick(random, people);
			return {
				recordingId: summary.recordingId,
				topic: summary.topic,
				name: guest ? guest[0] : person.displayName,
				email: guest ? guest[1] : person.emails[0],
				accessTimeMs: times[n],
				viewed,
				downloaded,
			};
		});
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

	return { count, at, range, recordedAt, find, accessDetail };
}

const pickFields = (record, names) => Object.fromEntries(names.map((name) => [name, record[name]]));

/** A query's ISO 8601 time in epoch ms, undefined when absent; 400 when it is not one. */
export function parseTime(query, name) {
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

/** Reads `hostEmail` and checks the caller may use it (as both recording report endpoints do). */
function readHostEmail(query, caller, { allowAll }) {
	const hostEmail = query.get('hostEmail') || undefined;
	if (hostEmail !== undefined && !(allowAll && hostEmail === 'all') && !EMAIL.test(hostEmail)) {
		throw new WebexHttpError(
			400,
			allowAll
				? `Invalid 'hostEmail' parameter: ${hostEmail}. Use an email address or 'all'.`
				: `Invalid 'hostEmail' parameter: ${hostEmail}. Use an email address.`,
		);
	}
	if (hostEmail !== undefined && hostEmail !== caller.email && !caller.admin) {
		throw new WebexHttpError(
			403,
			'The hostEmail parameter requires the meeting:admin_recordings_read scope and an administrator role.',
		);
	}
	return hostEmail;
}

/**
 * Handles one GET /v1/recordingReport/accessDetail request; returns {items, next?}. The recording
 * must be hosted by `hostEmail` (admins) or the caller: otherwise, or when unknown, 404.
 */
export function listRecordingAccess(
	dataset,
	query,
	{ publicBase, path, timezone, caller, repeatLast = false },
) {
	const max = readMax(query, RECORDINGS_MAX);
	const zone = readTimezone(timezone);
	const recordingId = query.get('recordingId') || undefined;
	if (recordingId === undefined)
		throw new WebexHttpError(400, "Missing required parameter 'recordingId'.");
	const host = readHostEmail(query, caller, { allowAll: false }) ?? caller.email;
	const index = dataset.find(recordingId);
	if (index < 0 || dataset.at(index).hostEmail !== host)
		throw new WebexHttpError(404, `Recording not found: ${recordingId}.`);
	const records = dataset.accessDetail(index);
	return scanPage({
		dataset: records,
		range: [0, records.length],
		query,
		max,
		matches: () => true,
		present: (record) => presentAccess(record, zone),
		publicBase,
		path,
		repeatLast,
	});
}

/** An access record as the API returns it, with `accessTime` in the requested time zone. */
export function presentAccess({ accessTimeMs, ...record }, zone = 'UTC') {
	return {
		recordingId: record.recordingId,
		topic: record.topic,
		name: record.name,
		email: record.email,
		accessTime: DateTime.fromMillis(accessTimeMs, { zone }).toISO({ suppressMilliseconds: true }),
		viewed: record.viewed,
		downloaded: record.downloaded,
	};
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
	const hostEmail = readHostEmail(query, caller, { allowAll: true });
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
