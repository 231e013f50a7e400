// What a compliance officer keeps of meetings (openapi-meeting-compliance-excerpt.json):
// GET /v1/admin/meetingTranscripts and the transcripts' VTT and TXT bodies, GET /v1/admin/recordings
// (available, deleted and purged), GET /v1/recordingReport/meetingArchiveSummaries and
// .../meetingArchives/{archiveId}, and GET /v1/meetingPreferences/sites. Records are generated
// from the seed, index 0 the newest; about one in EXAMPLE_EVERY is made from the definitions'
// own examples.
import { DateTime } from 'luxon';

import { isExampleRecord, MEETING_EXAMPLES } from './definitions.mjs';
import { WebexHttpError } from './errors.mjs';
import { readMax, scanPage } from './paging.mjs';
import { hash32, hexId, pick, prng, stableUuid } from './random.mjs';
import { parseTime, readTimezone, SITES } from './recordings.mjs';

export const MEETING_CONTENT_MAX = { defaultMax: 10, ceiling: 100 };
export const EXAMPLE_EVERY = 10;
const DAY_MS = 86_400_000;
/** /admin/recordings and /recordingReport/meetingArchiveSummaries: `to - from` at most 30 days. */
export const MAX_WINDOW_DAYS = 30;
export const RECORDING_STATUSES = ['available', 'deleted', 'purged'];
export const RECORDING_FORMATS = ['MP4', 'ARF'];
export const SERVICE_TYPES = ['MeetingCenter', 'EventCenter', 'SupportCenter', 'TrainingCenter'];
const TOPICS = [
	'Trading Desk Morning Call',
	'Client Review: Globex',
	'Incident 4471 Bridge',
	'Board Prep',
	'Compliance Training',
	'Zoë’s Onboarding',
	'Design Review',
	'Legal Hold Briefing',
];
const LINES = [
	'Good morning, everyone.',
	'Let us start with the open items.',
	'The numbers are in the shared folder.',
	'Ça marche, merci.',
	'Any questions before we close?',
	'Thanks, talk tomorrow.',
];

/** `count` times over `spanMs` before `now`, index 0 the newest, whole seconds, each distinct. */
export function times(count, now, spanMs) {
	const spacing = Math.max(1000, spanMs / Math.max(count, 1));
	const at = (index) => Math.floor((now - spacing * (index + 1)) / 1000) * 1000;
	/** Indexes [start, end) of the records at or after `fromMs` and before `toMs`. */
	function range(fromMs, toMs) {
		const firstBelow = (bound) => {
			let low = 0;
			let high = count;
			while (low < high) {
				const mid = (low + high) >>> 1;
				if (at(mid) < bound) high = mid;
				else low = mid + 1;
			}
			return low;
		};
		return [firstBelow(toMs), Math.max(firstBelow(toMs), firstBelow(fromMs))];
	}
	return { at, range };
}

/** The index of each id a data set made, built on first use. */
export function idIndex(count, idOf) {
	let byId;
	return (id) => {
		byId ??= new Map(Array.from({ length: count }, (_, index) => [idOf(index), index]));
		return byId.get(String(id)) ?? -1;
	};
}

export const siteOf = (random) => (random() < 0.6 ? SITES[0] : pick(random, SITES));
export const iso = (ms, zone = 'UTC') =>
	DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true });
const compact = (ms) => DateTime.fromMillis(ms, { zone: 'UTC' }).toFormat("yyyyMMdd'T'HHmmss'Z'");

/** Meeting transcripts, with their VTT and TXT bodies. */
export function transcriptDataset({ seed, count, now, spanMs, people }) {
	const { at: startAt, range } = times(count, now, spanMs);
	const idOf = (index) =>
		`${stableUuid(seed, 'transcript', index)}_M_${hexId(seed, 'transcript-m', index)}`;
	const example = (index) =>
		isExampleRecord(seed, 'transcript', index, EXAMPLE_EVERY)
			? MEETING_EXAMPLES.transcripts[index % MEETING_EXAMPLES.transcripts.length]
			: undefined;
	function at(index) {
		const random = prng(hash32(seed, 'transcript', index));
		const host = pick(random, people);
		const series = hexId(seed, 'transcript-series', index);
		const startMs = startAt(index);
		const record = {
			id: idOf(index),
			startMs,
			meetingId: `${series}_I_${hash32(seed, 'instance', index)}${hash32(index, seed)}`,
			meetingTopic: pick(random, TOPICS),
			siteUrl: siteOf(random),
			scheduledMeetingId: `${series}_${compact(startMs)}`,
			meetingSeriesId: series,
			hostUserId: host.id,
			hostEmail: host.emails[0],
			status: random() < 0.85 ? 'available' : 'deleted',
		};
		const own = example(index);
		if (own)
			Object.assign(record, {
				meetingTopic: own.meetingTopic,
				meetingId: own.meetingId,
				scheduledMeetingId: own.scheduledMeetingId,
				meetingSeriesId: own.meetingSeriesId,
				hostUserId: own.hostUserId,
				status: own.status,
			});
		return record;
	}
	/** The transcript's text in a format (vtt or txt), the definitions' example for example records. */
	function body(index, format) {
		const random = prng(hash32(seed, 'transcript-body', index));
		const cues = example(index)
			? [
					['00:00:20.904', '00:00:24.564', 'This is an s sample recording.'],
					['00:00:31.014', '00:00:33.744', 'Testing out transcripts.'],
				]
			: Array.from({ length: 3 + Math.floor(random() * 6) }, (_, n) => {
					const start = n * 7 + Math.floor(random() * 5);
					const clock = (s) =>
						`00:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.000`;
					return [clock(start), clock(start + 4), pick(random, LINES)];
				});
		if (format === 'txt') return cues.map(([start, , text]) => `[${start}] ${text}\n`).join('');
		return `WEBVTT\n\n${cues.map(([start, end, text], n) => `${n + 1}\n${start} --> ${end}\n${text}\n`).join('\n')}`;
	}
	return { count, at, range, find: idIndex(count, idOf), body };
}

/** Recordings as an admin or compliance officer lists them, in every status. */
export function adminRecordingDataset({ seed, count, now, spanMs, people }) {
	const { at: createdAt, range } = times(count, now, spanMs);
	function at(index) {
		const random = prng(hash32(seed, 'admin-recording', index));
		const host = pick(random, people);
		// Two recordings in a row are of the same meeting.
		const meeting = index >> 1;
		const series = hexId(seed, 'recording-series', meeting);
		const createMs = createdAt(index);
		const durationSeconds = 60 + Math.floor(random() * 7200);
		const siteUrl = siteOf(prng(hash32(seed, 'recording-site', meeting)));
		const record = {
			id: hexId(seed, 'admin-recording', index),
			meetingId: `${series}_I_${hash32(seed, 'recording-instance', meeting)}`,
			scheduledMeetingId: `${series}_${compact(createMs - durationSeconds * 1000)}`,
			meetingSeriesId: series,
			topic: pick(prng(hash32(seed, 'recording-topic', meeting)), TOPICS),
			createMs,
			recordedMs: createMs - durationSeconds * 1000 - 60_000,
			hostDisplayName: host.displayName,
			hostEmail: host.emails[0],
			siteUrl,
			downloadUrl: `https://${siteUrl}/${siteUrl.split('.')[0]}/lsr.php?RCID=${hexId(seed, 'download', index)}`,
			playbackUrl: `https://${siteUrl}/${siteUrl.split('.')[0]}/ldr.php?RCID=${hexId(seed, 'playback', index)}`,
			password: '********',
			format: random() < 0.03 ? 'UPLOADED' : random() < 0.6 ? 'MP4' : 'ARF',
			serviceType: random() < 0.7 ? 'MeetingCenter' : pick(random, SERVICE_TYPES),
			durationSeconds,
			sizeBytes: durationSeconds * (20_000 + Math.floor(random() * 80_000)),
			shareToMe: false,
			integrationTags: [],
			status: random() < 0.7 ? 'available' : random() < 0.6 ? 'deleted' : 'purged',
		};
		if (isExampleRecord(seed, 'admin-recording', index, EXAMPLE_EVERY)) {
			const own = MEETING_EXAMPLES.recordings[index % MEETING_EXAMPLES.recordings.length];
			Object.assign(record, {
				topic: own.topic,
				hostDisplayName: own.hostDisplayName,
				hostEmail: own.hostEmail,
				format: own.format,
				serviceType: own.serviceType,
				durationSeconds: own.durationSeconds,
				sizeBytes: own.sizeBytes,
				integrationTags: [...own.integrationTags],
			});
		}
		return record;
	}
	return { count, at, range };
}

/** Meeting archives (summaries, and each one's details), one site each. */
export function archiveDataset({ seed, count, now, spanMs }) {
	const { at: createdAt, range } = times(count, now, spanMs);
	const idOf = (index) =>
		`${hexId(seed, 'archive', index)}_R_${1_000_000_000 + (hash32(seed, 'archive', index) % 999_999_999)}`;
	function at(index) {
		const random = prng(hash32(seed, 'archive', index));
		const own = isExampleRecord(seed, 'archive', index, EXAMPLE_EVERY)
			? MEETING_EXAMPLES.archiveSummaries[index % MEETING_EXAMPLES.archiveSummaries.length]
			: undefined;
		return {
			archiveId: idOf(index),
			serviceType:
				own?.serviceType ?? (random() < 0.8 ? 'MeetingCenter' : pick(random, SERVICE_TYPES)),
			title: own?.title ?? `${pick(random, TOPICS)}_xml`,
			createMs: createdAt(index),
			siteUrl: siteOf(random),
		};
	}
	return { count, at, range, find: idIndex(count, idOf) };
}

/** `from` and `to` with the definitions' defaults (7 days), and their limit when one is given. */
export function window(query, nowMs, maxDays) {
	let from = parseTime(query, 'from');
	let to = parseTime(query, 'to');
	if (from === undefined && to === undefined) to = nowMs;
	if (from === undefined) from = to - 7 * DAY_MS;
	if (to === undefined) to = from + 7 * DAY_MS;
	if (from > to) throw new WebexHttpError(400, "'from' cannot be after 'to'.");
	if (maxDays !== undefined && to - from > maxDays * DAY_MS)
		throw new WebexHttpError(
			400,
			`The interval between 'from' and 'to' must be within ${maxDays} days.`,
		);
	return { from, to };
}

/** `siteUrl` as the caller may ask it: one of their sites; the preferred one when absent. */
export function readSite(query, caller, { required = false } = {}) {
	const siteUrl = query.get('siteUrl') || undefined;
	if (siteUrl === undefined) {
		if (required) throw new WebexHttpError(400, "Missing required parameter 'siteUrl'.");
		return sitesOf(caller)[0];
	}
	if (!sitesOf(caller).includes(siteUrl))
		throw new WebexHttpError(
			400,
			`Invalid 'siteUrl' parameter: ${siteUrl} is not a site of this user.`,
		);
	return siteUrl;
}

export function readEnum(query, name, values) {
	const value = query.get(name) || undefined;
	if (value !== undefined && !values.includes(value))
		throw new WebexHttpError(400, `Invalid '${name}' parameter: ${value}.`);
	return value;
}

/** The sites of a caller: a token's `sites`, or every site for an admin, the first for others. */
export function sitesOf(caller) {
	return caller.sites ?? (caller.admin || caller.compliance ? SITES : SITES.slice(0, 1));
}

/** GET /v1/meetingPreferences/sites. */
export function listSites(caller) {
	return { sites: sitesOf(caller).map((siteUrl, index) => ({ siteUrl, default: index === 0 })) };
}

/** GET /v1/admin/meetingTranscripts: compliance officers; pages by `to` (the definition has no cursor). */
export function listTranscripts(dataset, query, { now, publicBase, path, timezone, caller }) {
	if (!caller.compliance)
		throw new WebexHttpError(403, 'Compliance officer role required to list meeting transcripts.');
	const max = readMax(query, MEETING_CONTENT_MAX);
	const zone = readTimezone(timezone);
	const siteUrl = readSite(query, caller, { required: true });
	const { from, to } = window(query, now());
	const [start, end] = dataset.range(from, to);
	const items = [];
	let index = start;
	for (; index < end && items.length < max; index++) {
		const record = dataset.at(index);
		if (record.siteUrl === siteUrl) items.push(presentTranscript(record, zone));
	}
	let next;
	if (index < end) {
		// The next page: the same query, up to (exclusive) the last record read.
		const following = new URLSearchParams(query);
		following.set('to', new Date(dataset.at(index - 1).startMs).toISOString());
		next = `${publicBase}${path}?${following}`;
	}
	return { items, next, state: { p: 0 } };
}

export function presentTranscript(record, zone = 'UTC') {
	const link = (format) =>
		`https://${record.siteUrl}/v1/meetingTranscripts/${record.id}/download?format=${format}`;
	return {
		id: record.id,
		startTime: iso(record.startMs, zone),
		meetingId: record.meetingId,
		meetingTopic: record.meetingTopic,
		siteUrl: record.siteUrl,
		scheduledMeetingId: record.scheduledMeetingId,
		meetingSeriesId: record.meetingSeriesId,
		hostUserId: record.hostUserId,
		vttDownloadLink: link('vtt'),
		txtDownloadLink: link('txt'),
		status: record.status,
	};
}

/**
 * GET /v1/meetingTranscripts/{transcriptId}/download: {body, contentType, offContract}. Compliance officers
 * and admins download any transcript (an admin naming its host), others only their own.
 */
export function downloadTranscript(dataset, transcriptId, query, caller, callerEmail) {
	const format = readEnum(query, 'format', ['vtt', 'txt']) ?? 'vtt';
	const hostEmail = query.get('hostEmail') || undefined;
	if (hostEmail !== undefined && !caller.admin)
		throw new WebexHttpError(403, 'The hostEmail parameter requires an administrator.');
	const index = dataset.find(transcriptId);
	const record = index < 0 ? undefined : dataset.at(index);
	const host = hostEmail ?? (caller.compliance || caller.admin ? undefined : callerEmail);
	if (!record || (host !== undefined && record.hostEmail !== host))
		throw new WebexHttpError(404, `Transcript not found: ${transcriptId}.`);
	if (format === 'vtt') return { body: dataset.body(index, format), contentType: 'text/vtt' };
	return {
		body: dataset.body(index, format),
		contentType: 'text/plain;charset=UTF-8',
		offContract: 'the definition gives only text/vtt; TXT comes as plain text (NOTES.md)',
	};
}

/** GET /v1/admin/recordings: admins and compliance officers. */
export function listAdminRecordings(
	dataset,
	query,
	{ now, publicBase, path, timezone, caller, repeatLast = false },
) {
	if (!caller.admin && !caller.compliance)
		throw new WebexHttpError(403, 'Admin or compliance officer role required to list recordings.');
	const max = readMax(query, MEETING_CONTENT_MAX);
	const zone = readTimezone(timezone);
	const status = readEnum(query, 'status', RECORDING_STATUSES) ?? 'available';
	const format = readEnum(query, 'format', RECORDING_FORMATS);
	const serviceType = readEnum(query, 'serviceType', SERVICE_TYPES);
	const topic = query.get('topic')?.toLowerCase() || undefined;
	const meetingId = query.get('meetingId') || undefined;
	// With meetingId, siteUrl, from and to are ignored.
	const siteUrl = meetingId ? undefined : readSite(query, caller);
	const range = meetingId
		? [0, dataset.count]
		: dataset.range(...Object.values(window(query, now(), MAX_WINDOW_DAYS)));
	return scanPage({
		dataset,
		range,
		query,
		max,
		matches: (record) =>
			record.status === status &&
			(!format || record.format === format) &&
			(!serviceType || record.serviceType === serviceType) &&
			(!topic || record.topic.toLowerCase().includes(topic)) &&
			(!siteUrl || record.siteUrl === siteUrl) &&
			(!meetingId ||
				[record.meetingId, record.meetingSeriesId, record.scheduledMeetingId].includes(meetingId)),
		present: (record) => presentAdminRecording(record, zone),
		publicBase,
		path,
		repeatLast,
	});
}

export function presentAdminRecording({ createMs, recordedMs, ...record }, zone = 'UTC') {
	return {
		id: record.id,
		meetingId: record.meetingId,
		scheduledMeetingId: record.scheduledMeetingId,
		meetingSeriesId: record.meetingSeriesId,
		topic: record.topic,
		createTime: iso(createMs, zone),
		timeRecorded: iso(recordedMs, zone),
		hostDisplayName: record.hostDisplayName,
		hostEmail: record.hostEmail,
		siteUrl: record.siteUrl,
		downloadUrl: record.downloadUrl,
		playbackUrl: record.playbackUrl,
		password: record.password,
		format: record.format,
		serviceType: record.serviceType,
		durationSeconds: record.durationSeconds,
		sizeBytes: record.sizeBytes,
		shareToMe: record.shareToMe,
		integrationTags: record.integrationTags,
		status: record.status,
	};
}

function assertFullAdmin(caller) {
	if (!caller.fullAdmin)
		throw new WebexHttpError(403, 'Meeting archives are only available to full administrators.');
}

/** GET /v1/recordingReport/meetingArchiveSummaries: full administrators. */
export function listArchiveSummaries(
	dataset,
	query,
	{ now, publicBase, path, timezone, caller, repeatLast = false },
) {
	assertFullAdmin(caller);
	const max = readMax(query, MEETING_CONTENT_MAX);
	const zone = readTimezone(timezone);
	const siteUrl = readSite(query, caller);
	const { from, to } = window(query, now(), MAX_WINDOW_DAYS);
	return scanPage({
		dataset,
		range: dataset.range(from, to),
		query,
		max,
		matches: (archive) => archive.siteUrl === siteUrl,
		present: (archive) => presentArchiveSummary(archive, zone),
		publicBase,
		path,
		repeatLast,
	});
}

export const presentArchiveSummary = (archive, zone = 'UTC') => ({
	archiveId: archive.archiveId,
	serviceType: archive.serviceType,
	title: archive.title,
	createTime: iso(archive.createMs, zone),
});

/** GET /v1/recordingReport/meetingArchives/{archiveId}: the definitions' example, this archive's own. */
export function getArchive(dataset, archiveId, { timezone, caller }) {
	assertFullAdmin(caller);
	const zone = readTimezone(timezone);
	const index = dataset.find(archiveId);
	if (index < 0) throw new WebexHttpError(404, `Meeting archive not found: ${archiveId}.`);
	const archive = dataset.at(index);
	const start = iso(archive.createMs - 3_600_000, zone);
	return {
		...structuredClone(MEETING_EXAMPLES.archive),
		archiveId: archive.archiveId,
		serviceType: archive.serviceType,
		title: archive.title,
		start,
		end: iso(archive.createMs - 60_000, zone),
	};
}
