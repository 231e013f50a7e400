import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import {
	authenticationProperty,
	webexCredentials,
	webexIcon,
	webexRequestDefaults,
} from '../shared/descriptions/common';
import { getTimezones } from '../shared/meetings';
import { recordingAccessDetailDescription } from './resources/recordingAccessDetail';
import { recordingAuditSummaryDescription } from './resources/recordingAuditSummary';

export class WebexRecordingAudit implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Webex Recording Audit',
		name: 'webexRecordingAudit',
		icon: webexIcon,
		group: ['input'],
		version: 1,
		// The chosen operation's action, as the node picker names it (a test holds them equal).
		subtitle:
			'={{ $parameter["resource"] === "recordingAccessDetail" ? "List who viewed or downloaded a recording" : "List recording audit summaries" }}',
		description:
			'List Webex recording audit summaries and access details: who viewed and downloaded meeting recordings',
		defaults: { name: 'Webex Recording Audit' },
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
					{ name: 'Recording Access Detail', value: 'recordingAccessDetail' },
					{ name: 'Recording Audit Summary', value: 'recordingAuditSummary' },
				],
				default: 'recordingAuditSummary',
			},
			...recordingAccessDetailDescription,
			...recordingAuditSummaryDescription,
		],
	};

	methods = { loadOptions: { getTimezones } };
}
