import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { auditLoadOptions } from '../shared/audit';
import {
	authenticationProperty,
	webexCredentials,
	webexIcon,
	webexRequestDefaults,
} from '../shared/descriptions/common';
import { adminAuditEventDescription } from './resources/adminAuditEvent';
import { securityAuditEventDescription } from './resources/securityAuditEvent';

export class WebexAdminAudit implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Webex Admin Audit',
		name: 'webexAdminAudit',
		icon: webexIcon,
		group: ['input'],
		version: 1,
		// The chosen operation's action, as the node picker names it (a test holds them equal).
		subtitle:
			'={{ $parameter["resource"] === "securityAuditEvent" ? "List security audit events" : "List admin audit events" }}',
		description: 'List Webex Control Hub admin audit events and security audit events',
		defaults: { name: 'Webex Admin Audit' },
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
					{
						name: 'Admin Audit Event',
						value: 'adminAuditEvent',
						description: 'What administrators changed in Control Hub',
					},
					{
						name: 'Security Audit Event',
						value: 'securityAuditEvent',
						description: 'Sign-ins and sign-outs (needs Pro Pack)',
					},
				],
				default: 'adminAuditEvent',
			},
			...adminAuditEventDescription,
			...securityAuditEventDescription,
		],
	};

	methods = { loadOptions: auditLoadOptions };
}
