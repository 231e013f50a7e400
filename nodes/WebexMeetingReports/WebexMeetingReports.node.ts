import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import {
	authenticationProperty,
	webexCredentials,
	webexIcon,
	webexRequestDefaults,
} from '../shared/descriptions/common';
import { getTimezones } from '../shared/meetings';
import { attendeeReportDescription } from './resources/attendeeReport';
import { meetingQualityDescription } from './resources/meetingQuality';
import { usageReportDescription } from './resources/usageReport';

export class WebexMeetingReports implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Webex Meeting Reports',
		name: 'webexMeetingReports',
		icon: webexIcon,
		group: ['input'],
		version: 1,
		// The chosen operation's action, as the node picker names it (a test holds them equal).
		subtitle:
			'={{ {"usageReport:getAll": "List meeting usage reports", "attendeeReport:getAll": "List meeting attendee reports", "meetingQuality:getAll": "List the media sessions of a meeting"}[$parameter["resource"] + ":" + $parameter["operation"]] }}',
		description:
			'List Webex meeting usage and attendee reports of every site, and the media quality of each session of a meeting, for administrators',
		defaults: { name: 'Webex Meeting Reports' },
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
					{ name: 'Attendee Report', value: 'attendeeReport' },
					{ name: 'Meeting Quality', value: 'meetingQuality' },
					{ name: 'Usage Report', value: 'usageReport' },
				],
				default: 'usageReport',
			},
			...attendeeReportDescription,
			...meetingQualityDescription,
			...usageReportDescription,
		],
	};

	methods = { loadOptions: { getTimezones } };
}
