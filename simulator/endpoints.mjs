// The data endpoints the simulator answers, family by family, on top of the listings of
// events.mjs, recordings.mjs, audit.mjs and people.mjs: who may ask, and what each answers.
import { listAdminAudit, listAdminAuditCategories, listSecurityAudit } from './audit.mjs';
import { listPostMeetingChats } from './chats.mjs';
import { MESSAGES, WebexHttpError } from './errors.mjs';
import { getEvent, listEvents } from './events.mjs';
import {
	downloadTranscript,
	getArchive,
	listAdminRecordings,
	listArchiveSummaries,
	listSites,
	listTranscripts,
} from './meetingContent.mjs';
import {
	listAttendeeReports,
	listMeetingQualities,
	listMeetingSummaries,
	listUsageReports,
} from './meetingReports.mjs';
import { auditDatasetOf, getOrganization, listOrganizations } from './organizations.mjs';
import { listPeople, personMe } from './people.mjs';
import { listRecordingAccess, listRecordingSummaries } from './recordings.mjs';

/** Only a compliance officer reads events. */
function assertCompliance(caller) {
	if (!caller.compliance) throw new WebexHttpError(403, MESSAGES[403]);
}

/** The caller as the recording reports see them: their email, and whether they are an admin. */
const recordingCaller = ({ caller, person }) => ({ email: person.emails[0], admin: caller.admin });

/** A path's last segment, decoded when it is percent-encoded UTF-8. */
function segmentAfter(endpoint, prefix) {
	const raw = endpoint.slice(prefix.length).split('/')[0];
	try {
		return decodeURIComponent(raw);
	} catch {
		return raw;
	}
}

/**
 * Each endpoint's answer to a request (`ask`: {data, caller, person, endpoint, url, context,
 * timezone, flags}): {page, offsetPaged} for a listing (the server sends it with its paging
 * faults), {record, offContract} for one record, {file: {body, contentType}} for a file,
 * {stream: {status, headers, chunks()}} for a message's file (streamed, or its headers for HEAD). `{name}` in a path stands for one segment.
 */
const ENDPOINTS = {
	// Events
	'/v1/events': ({ data, caller, url, context }) => {
		assertCompliance(caller);
		return { page: listEvents(data.events, url.searchParams, context) };
	},
	'/v1/events/{eventId}': ({ data, caller, endpoint }) => {
		assertCompliance(caller);
		const raw = endpoint.slice('/v1/events/'.length);
		let eventId = raw;
		try {
			eventId = decodeURIComponent(raw);
		} catch {
			// Not percent-encoded UTF-8: looked up as it is (and not found).
		}
		const event = getEvent(data.events, eventId);
		return { record: event, offContract: data.events.offContract.get(event) };
	},
	// Messages (also deleted ones, to a compliance officer within the retention period) and their
	// files (contents.mjs: no definition exists, written from Webex's documentation)
	'/v1/messages/{messageId}': ({ data, caller, person, endpoint }) => {
		const message = data.events.findMessage(segmentAfter(endpoint, '/v1/messages/'), {
			...caller,
			email: person.emails[0],
		});
		if (!message) throw new WebexHttpError(404, 'The requested message could not be found.');
		return { record: message };
	},
	'/v1/contents/{contentId}': ({ data, caller, endpoint, url }) => ({
		stream: data.contents.answer({
			id: segmentAfter(endpoint, '/v1/contents/'),
			allow: url.searchParams.get('allow'),
			caller,
		}),
	}),
	// Recordings
	'/v1/recordingReport/accessSummary': (ask) => ({
		page: listRecordingSummaries(ask.data.recordings, ask.url.searchParams, {
			...ask.context,
			timezone: ask.timezone,
			caller: recordingCaller(ask),
		}),
	}),
	'/v1/recordingReport/accessDetail': (ask) => ({
		page: listRecordingAccess(ask.data.recordings, ask.url.searchParams, {
			...ask.context,
			timezone: ask.timezone,
			caller: recordingCaller(ask),
		}),
	}),
	// Meeting content for compliance officers
	'/v1/admin/meetingTranscripts': (ask) => ({
		page: listTranscripts(ask.data.transcripts, ask.url.searchParams, {
			...ask.context,
			timezone: ask.timezone,
			caller: ask.caller,
		}),
	}),
	'/v1/meetingTranscripts/{transcriptId}/download': (ask) => ({
		file: downloadTranscript(
			ask.data.transcripts,
			segmentAfter(ask.endpoint, '/v1/meetingTranscripts/'),
			ask.url.searchParams,
			ask.caller,
			ask.person.emails[0],
		),
	}),
	'/v1/admin/recordings': (ask) => ({
		page: listAdminRecordings(ask.data.adminRecordings, ask.url.searchParams, {
			...ask.context,
			timezone: ask.timezone,
			caller: ask.caller,
		}),
	}),
	'/v1/recordingReport/meetingArchiveSummaries': (ask) => ({
		page: listArchiveSummaries(ask.data.archives, ask.url.searchParams, {
			...ask.context,
			timezone: ask.timezone,
			caller: ask.caller,
		}),
	}),
	'/v1/recordingReport/meetingArchives/{archiveId}': (ask) => ({
		record: getArchive(
			ask.data.archives,
			segmentAfter(ask.endpoint, '/v1/recordingReport/meetingArchives/'),
			{ timezone: ask.timezone, caller: ask.caller },
		),
	}),
	'/v1/meetingPreferences/sites': ({ caller }) => ({ record: listSites(caller) }),
	'/v1/meetings/postMeetingChats': ({ data, caller, url, context, flags }) => ({
		offsetPaged: true,
		page: listPostMeetingChats(data.chats, url.searchParams, {
			...context,
			caller,
			link: flags.chatsLink,
		}),
	}),
	// Meeting reports, qualities and summaries (meetingReports.mjs)
	'/v1/meetingReports/usage': (ask) => ({
		page: listUsageReports(ask.data.meetingReports, ask.url.searchParams, {
			...ask.context,
			timezone: ask.timezone,
			caller: ask.caller,
		}),
	}),
	'/v1/meetingReports/attendees': (ask) => ({
		page: listAttendeeReports(ask.data.meetingReports, ask.url.searchParams, {
			...ask.context,
			timezone: ask.timezone,
			caller: ask.caller,
			person: ask.person,
		}),
	}),
	'/v1/meeting/qualities': (ask) => ({
		page: listMeetingQualities(ask.data.meetingReports, ask.url.searchParams, {
			...ask.context,
			caller: ask.caller,
			intervalMs: ask.flags.qualitiesIntervalMs,
		}),
	}),
	'/v1/admin/meetingSummaries': (ask) => ({
		record: listMeetingSummaries(ask.data.meetingReports, ask.url.searchParams, {
			caller: ask.caller,
		}),
	}),
	// Admin and security audit
	'/v1/adminAudit/events': ({ data, caller, url, context, flags }) => ({
		offsetPaged: true,
		page: listAdminAudit(
			auditDatasetOf(data.orgs, caller, 'adminAudit', data.adminAudit),
			url.searchParams,
			{
				...context,
				caller,
				link: flags.adminAuditLink,
			},
		),
	}),
	'/v1/adminAudit/eventCategories': ({ caller }) => ({ record: listAdminAuditCategories(caller) }),
	'/v1/admin/securityAudit/events': ({ data, caller, url, context, flags }) => ({
		page: listSecurityAudit(
			auditDatasetOf(data.orgs, caller, 'securityAudit', data.securityAudit),
			url.searchParams,
			{
				...context,
				caller,
				proPack: flags.proPack,
			},
		),
	}),
	// Organisations (a partner's customers)
	'/v1/organizations': ({ data, caller }) => ({ record: listOrganizations(data.orgs, caller) }),
	'/v1/organizations/{orgId}': ({ data, caller, endpoint }) => ({
		record: getOrganization(
			data.orgs,
			caller,
			decodeURIComponent(endpoint.slice('/v1/organizations/'.length)),
		),
	}),
	// What appeared for webhooks (webhooks.mjs)
	'/v1/recordings/{recordingId}': ({ data, endpoint }) => ({
		record: data.webhooks.recordOf('recordings', decodeURIComponent(endpoint.split('/')[3])),
	}),
	'/v1/meetings/{meetingId}': ({ data, endpoint }) => ({
		record: data.webhooks.recordOf('meetings', decodeURIComponent(endpoint.split('/')[3])),
	}),
	// People
	'/v1/people/me': ({ person }) => ({ record: personMe(person) }),
	'/v1/people': ({ data, caller, url, context }) => {
		if (caller.peopleRead === false) throw new WebexHttpError(403, MESSAGES.peopleRead);
		return { page: listPeople(data.directory, url.searchParams, { ...context, caller }) };
	},
};

/** Endpoints that Webex's definitions do not describe: their requests and answers are not checked. */
export const UNDEFINED_PATHS = new Set(['/v1/contents/{contentId}']);

/** Methods other than GET an endpoint answers (HEAD: a file's name, type and size). */
export const OTHER_METHODS = { '/v1/contents/{contentId}': ['HEAD'] };

/**
 * The endpoints that answer data (and that redirect and stall faults apply to). A fault rule's
 * `path` may be a concrete path or one of these templates.
 */
export const DATA_PATHS = Object.keys(ENDPOINTS);
const DATA_ROUTES = DATA_PATHS.map((template) => ({
	template,
	pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

/** The DATA_PATHS template a path matches, or undefined. */
export function dataRouteOf(pathname) {
	return DATA_ROUTES.find(({ pattern }) => pattern.test(pathname))?.template;
}

/** The answer of the data endpoint `ask.endpoint` names; a 404 for any other path. */
export function answerData(ask) {
	const answer = ENDPOINTS[dataRouteOf(ask.endpoint)];
	if (!answer) throw new WebexHttpError(404);
	return answer(ask);
}
