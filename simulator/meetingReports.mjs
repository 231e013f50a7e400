// Meetings as admins report them (openapi-meeting-reports-excerpt.json): GET /v1/meetingReports/usage,
// GET /v1/meetingReports/attendees, GET /v1/meeting/qualities (real Webex serves it on its
// analytics host; the simulator on its own origin, as a custom base URL does) and GET
// /v1/admin/meetingSummaries. One data set of ended meeting instances, index 0 the newest; each
// meeting's attendees, media sessions and summaries are made from its index on demand.
import { MEETING_REPORT_EXAMPLES } from './definitions.mjs';
import { WebexHttpError } from './errors.mjs';
import {
	idIndex,
	iso,
	readEnum,
	readSite,
	SERVICE_TYPES,
	siteOf,
	times,
	window,
} from './meetingContent.mjs';
import { readMax, scanPage, decodeCursor, nextPageUrl } from './paging.mjs';
import { hash32, hexId, pick, prng } from './random.mjs';
import { readTimezone } from './recordings.mjs';

export const REPORTS_MAX = { defaultMax: 10, ceiling: 1000 };
export const QUALITIES_MAX = { defaultMax: 100, ceiling: 100 };
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Usage and attendee reports: 30 days per request, `from` at most 90 days ago. */
export const REPORTS_MAX_WINDOW_DAYS = 30;
export const REPORTS_MAX_HISTORY_DAYS = 90;
/** Meeting qualities: from 10 minutes after a meeting starts, for 7 days. */
export const QUALITIES_KEPT_DAYS = 7;
/** Webex answers one qualities request per meeting instance in this time (a test may scale it). */
export const QUALITIES_INTERVAL_MS = 5 * MINUTE_MS;
const TITLES = [
	'Quarterly Business Review',
	'Weekly Pipeline Sync',
	'Incident 4471 Bridge',
	'Board Prep',
	'Zoë’s Onboarding',
	'Design Review',
	'Customer Call: Globex',
	'All Hands',
];
const CLIENTS = [
	['Teams_Mobile_Client (iOS)', 'ios', 'iOS 17.5', 'cellular'],
	['MEETING_CENTER (Windows)', 'windows', 'Windows 11', 'ethernet'],
	['Webex_App (Mac)', 'mac', 'Version 14.5', 'wifi'],
	['TEAMS_DEVICE', 'linux', 'RoomOS 11', 'ethernet'],
];
const REGIONS = ['San Jose, USA', 'Amsterdam, Netherlands', 'Singapore'];

/**
 * Ended meeting instances over `spanMs` before `now`, each with its attendees (a host and 1 to 7
 * others, some joining twice), a media session per stay, and 0 to 2 AI summaries.
 */
export function meetingReportDataset({ seed, count, now, spanMs, people }) {
	const { at: startAt, range } = times(count, now, spanMs);
	const idOf = (index) =>
		`${hexId(seed, 'report-series', index)}_I_${100_000_000_000 + (hash32(seed, 'report-instance', index) % 899_999_999_999)}`;
	function at(index) {
		const random = prng(hash32(seed, 'report-meeting', index));
		const host = pick(random, people);
		const startMs = startAt(index);
		const duration = 5 + Math.floor(random() * 85);
		const guests = 1 + Math.floor(random() * 7);
		return {
			index,
			meetingId: idOf(index),
			meetingNumber: String(2_000_000_000 + (hash32(seed, 'report-number', index) % 999_999_999)),
			meetingTitle: pick(random, TITLES),
			startMs,
			endMs: startMs + duration * MINUTE_MS,
			duration,
			scheduledType: random() < 0.9 ? 'meeting' : 'webinar',
			host,
			siteUrl: siteOf(random),
			serviceType: random() < 0.75 ? 'MeetingCenter' : pick(random, SERVICE_TYPES),
			guests,
			trackingCodes: random() < 0.5 ? [{ name: 'Department', value: 'Engineering' }] : [],
		};
	}
	/** The stays of a meeting, newest joinedTime first (the host's first stay is the earliest). */
	function stays(meeting) {
		const random = prng(hash32(seed, 'report-stays', meeting.index));
		const spanMs = meeting.endMs - meeting.startMs;
		const list = [
			{ person: meeting.host, joinMs: meeting.startMs, leftMs: meeting.endMs, host: true },
		];
		for (let n = 0; n < meeting.guests; n++) {
			const person = pick(random, people);
			const joinMs = meeting.startMs + Math.floor((random() * (spanMs / 2)) / 1000) * 1000 + 1000;
			const leftMs = Math.min(
				meeting.endMs,
				joinMs + Math.floor((random() * spanMs) / 1000) * 1000 + 60_000,
			);
			list.push({ person, joinMs, leftMs, host: false, guestIndex: n });
			// One guest in four drops out and joins again.
			if (random() < 0.25 && leftMs + 60_000 < meeting.endMs)
				list.push({
					person,
					joinMs: leftMs + 30_000,
					leftMs: meeting.endMs,
					host: false,
					guestIndex: n,
				});
		}
		return list
			.map((stay, n) => ({
				...stay,
				n,
				random: prng(hash32(seed, 'report-stay', meeting.index, n)),
			}))
			.sort((a, b) => b.joinMs - a.joinMs || a.n - b.n);
	}
	return { count, at, range, find: idIndex(count, idOf), stays, qualityCalls: new Map() };
}

const minutes = (ms) => Math.round(ms / MINUTE_MS);

export function presentUsage(meeting, zone = 'UTC') {
	const attendees = meeting.guests + 1;
	const peopleMinutes = meeting.duration * attendees;
	return {
		meetingId: meeting.meetingId,
		meetingNumber: meeting.meetingNumber,
		meetingTitle: meeting.meetingTitle,
		start: iso(meeting.startMs, zone),
		end: iso(meeting.endMs, zone),
		duration: meeting.duration,
		scheduledType: meeting.scheduledType,
		hostDisplayName: meeting.host.displayName,
		hostEmail: meeting.host.emails[0],
		totalPeopleMinutes: peopleMinutes,
		totalCallInMinutes: 0,
		totalCallOutDomestic: 0,
		totalCallInTollFreeMinutes: 0,
		totalCallOutInternational: 0,
		totalVoipMinutes: peopleMinutes,
		totalParticipants: attendees,
		totalParticipantsVoip: attendees,
		totalParticipantsCallIn: 0,
		totalParticipantsCallOut: 0,
		peakAttendee: attendees,
		totalRegistered: 0,
		totalInvitee: meeting.guests,
		serviceType: meeting.serviceType,
		trackingCodes: meeting.trackingCodes,
	};
}

export function presentAttendee(meeting, stay, zone = 'UTC') {
	const [, osType] = CLIENTS[stay.n % CLIENTS.length];
	return {
		meetingId: meeting.meetingId,
		meetingNumber: Number(meeting.meetingNumber),
		meetingTitle: meeting.meetingTitle,
		displayName: stay.person.displayName,
		email: stay.person.emails[0],
		joinedTime: iso(stay.joinMs, zone),
		leftTime: iso(stay.leftMs, zone),
		duration: minutes(stay.leftMs - stay.joinMs),
		participantType: stay.host ? 'host' : 'attendee',
		ipAddress: `172.16.${stay.n % 250}.${(meeting.index % 250) + 1}`,
		clientAgent: `${osType.toUpperCase()},WEBEX`,
		company: 'Acme Inc.',
		registered: false,
		invited: !stay.host,
	};
}

/** A media session per stay; samples per minute, a degraded network in one session of five. */
export function presentSession(meeting, stay) {
	const random = stay.random;
	const [clientType, osType, osVersion, networkType] = CLIENTS[stay.n % CLIENTS.length];
	const poor = random() < 0.2;
	const samples = Math.max(1, Math.min(30, minutes(stay.leftMs - stay.joinMs)));
	const series = (base, spread) =>
		Array.from({ length: samples }, () => Math.round((base + random() * spread) * 100) / 100);
	const direction = (codec, video) => [
		{
			samplingInterval: 60,
			startTime: iso(stay.joinMs),
			endTime: iso(stay.leftMs),
			packetLoss: series(poor ? 4 : 0, poor ? 8 : 0.5),
			latency: series(poor ? 250 : 40, poor ? 300 : 40),
			resolutionHeight: video ? series(720, 0).map(Math.round) : [],
			frameRate: video ? series(24, 6) : [],
			mediaBitRate: series(video ? 900_000 : 40_000, 20_000).map(Math.round),
			codec,
			jitter: series(poor ? 30 : 2, poor ? 60 : 8),
			transportType: poor ? 'TCP' : 'UDP',
		},
	];
	return {
		meetingInstanceId: meeting.meetingId,
		webexUserName: stay.person.displayName,
		webexUserEmail: stay.person.emails[0],
		joinTime: new Date(stay.joinMs).toISOString(),
		leaveTime: new Date(stay.leftMs).toISOString(),
		joinMeetingTime: (2 + random() * 6).toFixed(3),
		clientType,
		clientVersion: '44.6.0.29928',
		osType,
		osVersion,
		hardwareType: osType === 'ios' ? 'iPhone' : 'laptop',
		speakerName: 'Speakers',
		networkType,
		localIP: `10.24.${stay.n % 250}.54`,
		publicIP: `203.0.113.${(meeting.index % 250) + 1}`,
		maskedLocalIP: '10.24.x.x',
		maskedPublicIP: '203.0.x.x',
		camera: 'FaceTime HD Camera',
		microphone: 'External Microphone',
		serverRegion: pick(random, REGIONS),
		videoMeshCluster: '',
		videoMeshServer: '',
		participantId: `${meeting.meetingId}_${stay.n}`,
		participantSessionId: hexId('session', meeting.meetingId, stay.n).toUpperCase(),
		videoIn: direction('H.264 BP', true),
		videoOut: direction('H.264 BP', true),
		audioIn: direction('Opus', false),
		audioOut: direction('Opus', false),
		shareIn: [],
		shareOut: [],
		resources: [
			{ processAverageCPU: [12], processMaxCPU: [40], systemAverageCPU: [30], systemMaxCPU: [70] },
		],
	};
}

/** The window of a report: 30 days at most, `from` within 90 days. */
function reportWindow(query, nowMs) {
	const { from, to } = window(query, nowMs, REPORTS_MAX_WINDOW_DAYS);
	if (nowMs - from > REPORTS_MAX_HISTORY_DAYS * DAY_MS)
		throw new WebexHttpError(
			400,
			`'from' cannot be earlier than ${REPORTS_MAX_HISTORY_DAYS} days ago.`,
		);
	return { from, to };
}

/** GET /v1/meetingReports/usage: site administrators; MeetingCenter unless serviceType says. */
export function listUsageReports(
	dataset,
	query,
	{ now, publicBase, path, timezone, caller, repeatLast = false },
) {
	if (!caller.admin)
		throw new WebexHttpError(
			403,
			'Site administrator role required to list meeting usage reports.',
		);
	const max = readMax(query, REPORTS_MAX);
	const zone = readTimezone(timezone);
	const siteUrl = readSite(query, caller, { required: true });
	const serviceType = readEnum(query, 'serviceType', SERVICE_TYPES) ?? 'MeetingCenter';
	const { from, to } = reportWindow(query, now());
	return scanPage({
		dataset,
		range: dataset.range(from, to),
		query,
		max,
		matches: (meeting) => meeting.siteUrl === siteUrl && meeting.serviceType === serviceType,
		present: (meeting) => presentUsage(meeting, zone),
		publicBase,
		path,
		repeatLast,
	});
}

/**
 * Which meetings an attendee report names: only the first of meetingId (an instance or series),
 * meetingNumber and meetingTitle is used, as the definition says; at least one is needed.
 */
function meetingFilter(query) {
	const meetingId = query.get('meetingId') || undefined;
	if (meetingId !== undefined)
		return (meeting) =>
			meeting.meetingId === meetingId || meeting.meetingId.startsWith(`${meetingId}_I_`);
	const meetingNumber = query.get('meetingNumber') || undefined;
	if (meetingNumber !== undefined) return (meeting) => meeting.meetingNumber === meetingNumber;
	const meetingTitle = query.get('meetingTitle') || undefined;
	if (meetingTitle !== undefined) return (meeting) => meeting.meetingTitle === meetingTitle;
	throw new WebexHttpError(
		400,
		"At least one of 'meetingId', 'meetingNumber' or 'meetingTitle' is required.",
	);
}

/**
 * GET /v1/meetingReports/attendees: an admin sees every host's meetings, a host their own; grouped
 * by meeting instance, newest first. The cursor holds the meeting and the stay within it.
 */
export function listAttendeeReports(
	dataset,
	query,
	{ now, publicBase, path, timezone, caller, person },
) {
	const max = readMax(query, REPORTS_MAX);
	const zone = readTimezone(timezone);
	const siteUrl = readSite(query, caller, { required: true });
	const named = meetingFilter(query);
	const { from, to } = reportWindow(query, now());
	const [start, end] = dataset.range(from, to);
	const cursor = query.get('cursor');
	const state = cursor ? decodeCursor(cursor) : { i: start, s: 0, p: 0 };
	const visible = (meeting) =>
		meeting.siteUrl === siteUrl &&
		named(meeting) &&
		(caller.admin || meeting.host.id === person.id);
	const items = [];
	let index = Math.max(state.i, start);
	let stay = state.s;
	for (; index < end && items.length < max; index++, stay = 0) {
		const meeting = dataset.at(index);
		if (!visible(meeting)) continue;
		const list = dataset.stays(meeting);
		for (; stay < list.length && items.length < max; stay++)
			items.push(presentAttendee(meeting, list[stay], zone));
		if (stay < list.length) break;
	}
	const next =
		index < end
			? nextPageUrl(publicBase, path, query, { i: index, s: stay, p: state.p + 1 })
			: undefined;
	return { items, next, state };
}

/**
 * GET /v1/meeting/qualities: organisation administrators; a meeting instance started 10 minutes
 * to 7 days ago; paged by `offset` in the Link. Every request counts against the meeting's
 * interval (the strict reading of "1 API call every 5 minutes for the same meeting instance ID");
 * one sooner is a 429 whose Retry-After is the rest of it, in seconds.
 */
export function listMeetingQualities(
	dataset,
	query,
	{ now, publicBase, path, caller, intervalMs = QUALITIES_INTERVAL_MS },
) {
	if (!caller.admin)
		throw new WebexHttpError(
			403,
			'Organization administrator with analytics:read_all required to get meeting qualities.',
		);
	const meetingId = query.get('meetingId') || undefined;
	if (meetingId === undefined)
		throw new WebexHttpError(400, "Missing required parameter 'meetingId'.");
	const max = readMax(query, QUALITIES_MAX);
	const offset = Number(query.get('offset') ?? 0);
	if (!Number.isInteger(offset) || offset < 0)
		throw new WebexHttpError(400, "Invalid 'offset' parameter.");
	const nowMs = now();
	const last = dataset.qualityCalls.get(meetingId);
	if (last !== undefined && nowMs - last < intervalMs)
		throw new WebexHttpError(
			429,
			'Rate limit of 1 API call every 5 minutes for the same meeting instance ID exceeded.',
			{
				'retry-after': String(Math.ceil((intervalMs - (nowMs - last)) / 1000)),
			},
		);
	dataset.qualityCalls.set(meetingId, nowMs);
	const index = dataset.find(meetingId);
	const meeting = index < 0 ? undefined : dataset.at(index);
	if (
		!meeting ||
		nowMs - meeting.startMs > QUALITIES_KEPT_DAYS * DAY_MS ||
		nowMs - meeting.startMs < 10 * MINUTE_MS
	)
		throw new WebexHttpError(404, `No meeting quality data for meeting ${meetingId}.`);
	const sessions = dataset.stays(meeting).map((stay) => presentSession(meeting, stay));
	const items = sessions.slice(offset, offset + max);
	let next;
	if (offset + max < sessions.length) {
		const following = new URLSearchParams(query);
		following.set('offset', String(offset + max));
		next = `${publicBase}${path}?${following}`;
	}
	return { items, next, state: { p: offset } };
}

/**
 * GET /v1/admin/meetingSummaries: compliance officers; an ended meeting instance's summaries,
 * available and deleted (one meeting in three has none, one in five a deleted one too). The notes
 * and action items are the definition's example's, with this meeting's title.
 */
export function listMeetingSummaries(dataset, query, { caller }) {
	if (!caller.compliance)
		throw new WebexHttpError(403, 'Compliance officer role required to get meeting summaries.');
	const meetingId = query.get('meetingId') || undefined;
	if (meetingId === undefined)
		throw new WebexHttpError(400, "Missing required parameter 'meetingId'.");
	if (!meetingId.includes('_I_'))
		throw new WebexHttpError(400, 'Only IDs of ended meeting instances are supported.');
	const index = dataset.find(meetingId);
	if (index < 0) throw new WebexHttpError(404, `Meeting not found: ${meetingId}.`);
	const meeting = dataset.at(index);
	const random = prng(hash32('summaries', meetingId));
	const example = MEETING_REPORT_EXAMPLES.summaries[0];
	const summary = (n, status) => ({
		id: hexId('summary', meetingId, n).replace(
			/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/,
			'$1-$2-$3-$4-$5',
		),
		meetingId,
		status,
		notes: {
			content: `<p>${meeting.meetingTitle}: ${example.notes.content.replace(/<\/?p>/g, '')}</p>`,
		},
		actionItems: structuredClone(example.actionItems),
	});
	const roll = random();
	const items =
		roll < 1 / 3
			? []
			: roll < 1 / 3 + 1 / 5
				? [summary(0, 'available'), summary(1, 'deleted')]
				: [summary(0, 'available')];
	return { items };
}
