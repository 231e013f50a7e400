import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import {
	ADMIN_AUDIT,
	AUDIT_FILTER_CHECKS,
	auditFilterQuery,
	auditLoadOptions,
	SECURITY_AUDIT,
	signInResultKeep,
} from '../shared/audit';
import { toWebexTime } from '../shared/dates';
import {
	actorIdFilter,
	auditSourceOptions,
	eventCategoriesFilter,
	orgIdProperty,
	signInResultFilter,
} from '../shared/descriptions/audit';
import {
	authenticationProperty,
	retryOptions,
	webexCredentials,
	webexIcon,
} from '../shared/descriptions/common';
import { maxEventsPerPollOption, pollStartProperties } from '../shared/descriptions/poll';
import { readPageSize, readRetryPolicy } from '../shared/options';
import { ownOrgId } from '../shared/people';
import type { PollSource } from '../shared/poll/catchUp';
import { pollDeadlineMs, pollNewEvents } from '../shared/poll/pollTrigger';
import { newestEvents } from '../shared/poll/testEvents';
import { exclusiveStart } from '../shared/timeRange';
import { createWebexClient } from '../shared/transport';

/** Where a filter or an option applies: with one Source. */
const withSource = (source: { value: string }) => ({ '/source': [source.value] });

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
			orgIdProperty(),
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
						...eventCategoriesFilter(ADMIN_AUDIT, 'eventCategories'),
						displayOptions: { show: withSource(ADMIN_AUDIT) },
					},
					{
						...eventCategoriesFilter(SECURITY_AUDIT, 'securityEventCategories'),
						displayOptions: { show: withSource(SECURITY_AUDIT) },
					},
					{ ...signInResultFilter, displayOptions: { show: withSource(SECURITY_AUDIT) } },
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				// Page Size and Simplify once per Source, under one name: an editor that takes the first
				// of a name whatever the Source gets the admin audit's, which suits both.
				options: [
					maxEventsPerPollOption,
					...retryOptions,
					...auditSourceOptions(ADMIN_AUDIT, withSource(ADMIN_AUDIT)),
					...auditSourceOptions(SECURITY_AUDIT, withSource(SECURITY_AUDIT)),
				],
			},
		],
	};

	methods = { loadOptions: auditLoadOptions };

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
		const pollSource: PollSource = {
			path: source.path,
			paging: source.paging,
			filterChecks: AUDIT_FILTER_CHECKS,
			keep: source === SECURITY_AUDIT ? signInResultKeep(filters.signInResult) : undefined,
			// Both bounds are required here: the last window ends now.
			window: (fromMs, toMs, nowMs) => ({
				[source.fromParam]: exclusiveStart(fromMs),
				[source.toParam]: toWebexTime(toMs ?? nowMs),
			}),
		};
		const toJson = options.simplify ? source.simplify : (event: IDataObject) => event;
		const toItems = (events: IDataObject[]) => [events.map((event) => ({ json: toJson(event) }))];
		if (this.getMode() === 'manual') {
			const noun = source === ADMIN_AUDIT ? 'admin audit events' : 'security audit events';
			return toItems(await newestEvents(this, client, { source: pollSource, qs, pageSize, noun }));
		}
		const events = await pollNewEvents(this, {
			client,
			source: pollSource,
			qs,
			pageSize,
			options,
			name: 'Webex Admin Audit Trigger',
		});
		return events.length ? toItems(events) : null;
	}
}
