import {
	NodeConnectionTypes,
	type IDataObject,
	type ILoadOptionsFunctions,
	type INodeExecutionData,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import {
	ADMIN_AUDIT,
	AUDIT_FILTER_CHECKS,
	adminAuditCategories,
	auditFilterQuery,
	SECURITY_AUDIT,
} from '../shared/audit';
import { toWebexTime } from '../shared/dates';
import { actorIdFilter } from '../shared/descriptions/audit';
import {
	authenticationProperty,
	listingOptions,
	simplifyOption,
	webexCredentials,
	webexIcon,
} from '../shared/descriptions/common';
import { maxEventsPerPollOption, pollStartProperties } from '../shared/descriptions/poll';
import { readPageSize, readRetryPolicy } from '../shared/options';
import { ownOrgId } from '../shared/people';
import { pollDeadlineMs, pollNewEvents } from '../shared/poll/pollTrigger';
import { exclusiveStart } from '../shared/timeRange';
import { createWebexClient } from '../shared/transport';

export class WebexAdminAuditTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Webex Admin Audit Trigger',
		name: 'webexAdminAuditTrigger',
		icon: webexIcon,
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{"Every new " + ($parameter["source"] === "securityAudit" ? "sign-in event" : "admin change")}}',
		description:
			'Starts the workflow with each new Control Hub admin audit or security audit event, exactly once',
		defaults: { name: 'Webex Admin Audit Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: webexCredentials,
		properties: [
			authenticationProperty,
			{
				displayName: 'Source',
				name: 'source',
				type: 'options',
				options: [
					{
						name: 'Admin Audit Events',
						value: 'adminAudit',
						description: 'What administrators changed in Control Hub',
					},
					{
						name: 'Security Audit Events',
						value: 'securityAudit',
						description: 'Sign-ins and sign-outs (needs Pro Pack)',
					},
				],
				default: 'adminAudit',
			},
			{
				displayName: 'Organization ID',
				name: 'orgId',
				type: 'string',
				default: '',
				description:
					"The organization whose events to watch. Empty: the token's own organization (read from /people/me).",
			},
			...pollStartProperties('audit events'),
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				options: [
					actorIdFilter,
					{
						displayName: 'Event Category Names or IDs',
						name: 'eventCategories',
						type: 'multiOptions',
						typeOptions: { loadOptionsMethod: 'getAdminAuditEventCategories' },
						default: [],
						displayOptions: { show: { '/source': ['adminAudit'] } },
						description:
							'Only events of these categories. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					{
						displayName: 'Event Categories',
						name: 'securityEventCategories',
						type: 'string',
						default: '',
						placeholder: 'LOGINS,LOGOUT',
						displayOptions: { show: { '/source': ['securityAudit'] } },
						description: 'Only events of these categories, comma-separated',
					},
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					maxEventsPerPollOption,
					...listingOptions(SECURITY_AUDIT.maxPageSize),
					{
						...simplifyOption,
						description:
							'Whether to return flat rows (time, actor name, email and IP, category, description, action, target) instead of the event as Webex sends it',
					},
				],
			},
		],
	};

	methods = {
		loadOptions: {
			async getAdminAuditEventCategories(
				this: ILoadOptionsFunctions,
			): Promise<INodePropertyOptions[]> {
				return await adminAuditCategories(this);
			},
		},
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const source =
			this.getNodeParameter('source', 'adminAudit') === 'securityAudit'
				? SECURITY_AUDIT
				: ADMIN_AUDIT;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const pageSize = readPageSize(this, options.pageSize, source.maxPageSize);
		const client = await createWebexClient(this, {
			hints: source.hints,
			policy: readRetryPolicy(this, options),
			deadlineMs: pollDeadlineMs(this),
		});
		const filters = this.getNodeParameter('filters', {}) as IDataObject;
		const qs = auditFilterQuery({
			actorId: filters.actorId,
			eventCategories:
				source === ADMIN_AUDIT ? filters.eventCategories : filters.securityEventCategories,
		});
		qs.orgId = String(this.getNodeParameter('orgId', '') ?? '').trim() || (await ownOrgId(client));
		const events = await pollNewEvents(this, {
			client,
			source: {
				path: source.path,
				paging: source.paging,
				filterChecks: AUDIT_FILTER_CHECKS,
				// Both bounds are required here: the last window ends now.
				window: (fromMs, toMs, nowMs) => ({
					[source.fromParam]: exclusiveStart(fromMs),
					[source.toParam]: toWebexTime(toMs ?? nowMs),
				}),
			},
			qs,
			pageSize,
			options,
			name: 'Webex Admin Audit Trigger',
		});
		if (!events.length) return null;
		const toJson = options.simplify ? source.simplify : (event: IDataObject) => event;
		return [events.map((event) => ({ json: toJson(event) }))];
	}
}
