import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { WebexListOperation } from '../../../shared/customPagination';
import {
	fileOutputOptions,
	listingOptions,
	optionsCollection,
	returnAllAndLimit,
	simplifyOption,
} from '../../../shared/descriptions/common';
import { MAX_PAGE_SIZE } from '../../../shared/limits';
import { failOnField } from '../../../shared/options';
import { sameValue } from '../../../shared/records/recordChecks';
import { pickColumns, simplifyOn } from '../meetingListings';

const showOnlyForChatGetMany = { resource: ['meetingChat'], operation: ['getAll'] };

/** Simplify's columns: the sender and receivers as text, the IDs last. */
export const CHAT_COLUMNS = [
	'chatTime',
	'senderEmail',
	'senderDisplayName',
	'type',
	'receivers',
	'text',
	'meetingId',
	'senderPersonId',
	'id',
] as const;

/** What a refusal of this endpoint can mean: all of it, since Webex does not say which. */
const REQUIREMENTS =
	'Post-meeting chats are kept only once Webex has enabled post-meeting chat collection for the organisation (ask Webex support or your account team); they are listed for a compliance officer (the Compliance Officer role in Control Hub, and the scope spark-compliance:meetings_read on the token), and only for an ended meeting instance.';

const HINTS = {
	forbidden: `Webex refused to list post-meeting chats. ${REQUIREMENTS}`,
	notFound: `Webex has no post-meeting chats for this Meeting ID. It must be an ended meeting instance (an ID with _I_, as a meeting-ended event's data.meetingId gives it), not a meeting series, a scheduled meeting, a personal room meeting or a meeting in progress. ${REQUIREMENTS}`,
};

export const chatGetManyDescription: INodeProperties[] = [
	{
		displayName: 'Meeting ID',
		name: 'meetingId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.data.meetingId }}',
		displayOptions: { show: showOnlyForChatGetMany },
		description:
			"The ended meeting instance whose post-meeting chats to list: after a Webex Events Trigger's meeting-ended event, an expression giving the event's data.meetingId",
	},
	...returnAllAndLimit(showOnlyForChatGetMany),
	optionsCollection(
		[
			...listingOptions(MAX_PAGE_SIZE.postMeetingChats),
			...fileOutputOptions({ simplify: true }),
			simplifyOption(CHAT_COLUMNS),
		],
		showOnlyForChatGetMany,
	),
];

type Person = IDataObject | undefined;

/** A person as one line of text: "Name <email>", or whichever of them Webex sent. */
function personText(person: Person): string {
	const name = typeof person?.displayName === 'string' ? person.displayName : '';
	const email = typeof person?.email === 'string' ? person.email : '';
	return name && email ? `${name} <${email}>` : name || email;
}

function simplifyChat(record: IDataObject): IDataObject {
	const sender = record.sender as Person;
	const receivers = Array.isArray(record.receivers) ? (record.receivers as Person[]) : [];
	return pickColumns(
		{
			...record,
			senderEmail: sender?.email,
			senderDisplayName: sender?.displayName,
			senderPersonId: sender?.personId,
			receivers: receivers.map(personText).filter(Boolean).join(', '),
		},
		CHAT_COLUMNS,
	);
}

/** IDs of what Webex lists no chats for: a meeting series (32 hex digits) or a scheduled meeting. */
const SERIES_OR_SCHEDULED = /^[0-9a-f]{32}(_\d{8}T\d{6}Z)?$/i;

export const listChatsOperation: WebexListOperation = {
	maxPageSize: MAX_PAGE_SIZE.postMeetingChats,
	hints: HINTS,
	keyOf: (record) => record.id,
	// The definition declares no Link header: the next offset after a full page (a Link is followed).
	paging: 'linkOrOffset',
	filterChecks: { meetingId: (record, asked) => sameValue(record.meetingId, asked) },
	file: {
		label: 'webex-meeting-chats',
		csv: () => ({ columns: CHAT_COLUMNS, row: simplifyChat }),
		timeField: 'chatTime',
	},
	planQueries(qs) {
		const meetingId = String(this.getNodeParameter('meetingId', '') ?? '').trim();
		if (meetingId === '' || meetingId === 'undefined') {
			failOnField(
				this,
				'Meeting ID is empty',
				"Enter the ended meeting instance whose chats to list, e.g. {{ $json.data.meetingId }} after a Webex Events Trigger's meeting-ended event.",
			);
		}
		if (SERIES_OR_SCHEDULED.test(meetingId)) {
			failOnField(
				this,
				`Meeting ID "${meetingId}" is a meeting series or scheduled meeting, not a meeting instance`,
				'Webex lists post-meeting chats of an ended meeting instance only: use the instance ID (with _I_), as a meeting-ended event gives it in data.meetingId.',
			);
		}
		return [{ ...qs, meetingId }];
	},
	recordMapper() {
		return simplifyOn(this) ? simplifyChat : undefined;
	},
};
