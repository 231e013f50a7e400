import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import {
	authenticationProperty,
	webexCredentials,
	webexIcon,
	webexRequestDefaults,
} from '../shared/descriptions/common';
import { getTimezones } from '../shared/meetings';
import { meetingArchiveDescription } from './resources/meetingArchive';
import { meetingChatDescription } from './resources/meetingChat';
import { meetingTranscriptDescription } from './resources/meetingTranscript';
import { recordingDescription } from './resources/recording';
import { meetingSummaryDescription } from './resources/meetingSummary';

export class WebexMeetingCompliance implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Webex Meeting Compliance',
		name: 'webexMeetingCompliance',
		icon: webexIcon,
		group: ['input'],
		version: 1,
		// The chosen operation's action, as the node picker names it (a test holds them equal).
		subtitle:
			'={{ {"meetingTranscript:getAll": "List meeting transcripts", "meetingTranscript:download": "Download a meeting transcript", "recording:getAll": "List recordings", "meetingArchive:getAll": "List meeting archives", "meetingArchive:get": "Get a meeting archive", "meetingChat:getAll": "List meeting chats", "meetingSummary:get": "Get the summaries of a meeting"}[$parameter["resource"] + ":" + $parameter["operation"]] }}',
		description:
			'List and keep Webex meeting transcripts, recordings (also deleted and purged), meeting archives and AI meeting summaries of every site, and post-meeting chats, for compliance officers and administrators',
		defaults: { name: 'Webex Meeting Compliance' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: webexCredentials,
		requestDefaults: webexRequestDefaults,
		properties: [
			authenticationProperty,
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Meeting Archive', value: 'meetingArchive' },
					{ name: 'Meeting Chat', value: 'meetingChat' },
					{ name: 'Meeting Summary', value: 'meetingSummary' },
					{ name: 'Meeting Transcript', value: 'meetingTranscript' },
					{ name: 'Recording', value: 'recording' },
				],
				default: 'meetingTranscript',
			},
			...meetingArchiveDescription,
			...meetingChatDescription,
			...meetingTranscriptDescription,
			...recordingDescription,
			...meetingSummaryDescription,
		],
	};

	methods = { loadOptions: { getTimezones } };
}
