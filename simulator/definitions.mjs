// What the simulator takes from Webex's own OpenAPI definitions (openapi/, the copies
// the contract tests check against): the enums its events are drawn from, and the examples some
// of its records are made from, so that the nodes are tested on Webex's own samples too.
import { readFileSync } from 'node:fs';

import { hash32 } from './random.mjs';

const read = (file) =>
	JSON.parse(readFileSync(new URL(`./openapi/${file}`, import.meta.url), 'utf8'));
const events = read('openapi-excerpt.json');
const audit = read('openapi-admin-audit-excerpt.json');
const meetings = read('openapi-meeting-compliance-excerpt.json');
const messaging = read('openapi-messages-chats-excerpt.json');
const reports = read('openapi-meeting-reports-excerpt.json');

/** The example of an operation's 200 answer (its only media type). */
function example(spec, path) {
	const [content] = Object.values(spec.paths[path].get.responses['200'].content);
	// (Some definitions put it in the schema.)
	return content.example ?? content.schema.example;
}

function deepFreeze(value) {
	if (value && typeof value === 'object') {
		for (const inner of Object.values(value)) deepFreeze(inner);
		Object.freeze(value);
	}
	return value;
}

/** The `resource` and `type` values of an event (EventResourceEnum, EventTypeEnum). */
export const EVENT_RESOURCES = [...events.components.schemas.EventResourceEnum.enum];
export const EVENT_TYPES = [...events.components.schemas.EventTypeEnum.enum];

/** The definitions' examples, frozen: copy before changing (structuredClone). */
export const EXAMPLES = deepFreeze({
	/** GET /events/{eventId}: a message event whose data also has meeting and telephony fields. */
	event: example(events, '/events/{eventId}'),
	/** GET /adminAudit/events: an admin logging in. */
	adminAuditEvent: example(audit, '/adminAudit/events').items[0],
	/** GET /admin/securityAudit/events: a sign-in. */
	securityAuditEvent: example(audit, '/admin/securityAudit/events').items[0],
	/** GET /recordingReport/accessSummary: three summaries. */
	recordingSummaries: example(events, '/recordingReport/accessSummary').items,
	/** GET /recordingReport/accessDetail: three people who viewed or downloaded one recording. */
	recordingAccess: example(events, '/recordingReport/accessDetail').items,
	/** GET /recordings/{recordingId}: a recording with its direct download links. */
	recording: example(meetings, '/recordings/{recordingId}'),
	/** GET /meetings/{meetingId}: a meeting series. */
	meeting: example(meetings, '/meetings/{meetingId}'),
});

/** The meeting compliance definitions' examples, frozen. */
export const MEETING_EXAMPLES = deepFreeze({
	/** GET /admin/meetingTranscripts: an available and a deleted transcript. */
	transcripts: example(meetings, '/admin/meetingTranscripts').items,
	/** GET /admin/recordings: recordings of one meeting. */
	recordings: example(meetings, '/admin/recordings').items,
	/** GET /recordingReport/meetingArchiveSummaries: four summaries. */
	archiveSummaries: example(meetings, '/recordingReport/meetingArchiveSummaries').items,
	/** GET /recordingReport/meetingArchives/{archiveId}: participants, chats, polls, Q&A. */
	archive: example(meetings, '/recordingReport/meetingArchives/{archiveId}'),
});

/** The messaging definitions' examples, frozen. */
export const MESSAGING_EXAMPLES = deepFreeze({
	/** GET /meetings/postMeetingChats: a private chat. */
	chat: example(messaging, '/meetings/postMeetingChats').items[0],
});

/** The meeting reports definitions' examples, frozen. */
export const MEETING_REPORT_EXAMPLES = deepFreeze({
	/** GET /admin/meetingSummaries: a summary with notes and action items. */
	summaries: example(reports, '/admin/meetingSummaries').items,
});

/**
 * Whether record `index` of a data set is made from the definitions' example: about one in
 * `every`, chosen by a hash of (seed, kind, index) so that the other records stay as they were.
 */
export function isExampleRecord(seed, kind, index, every) {
	return hash32(seed, `example-${kind}`, index) % every === 0;
}
