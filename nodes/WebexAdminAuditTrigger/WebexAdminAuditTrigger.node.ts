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
	auditSimplify,
	SECURITY_AUDIT,
	signInResultKeep,
} from '../shared/audit';
import { toWebexTime } from '../shared/dates';
import {
	actorIdFilter,
	auditSourceOptions,
	eventCategoriesFilter,
	organizationsProperties,
	signInResultFilter,
} from '../shared/descriptions/audit';
import {
	authenticationProperty,
	filtersCollection,
	parallelRequestsOption,
	retryOptions,
	webexCredentials,
	webexIcon,
} from '../shared/descriptions/common';
import { maxEventsPerPollOption, pollStartProperties } from '../shared/descriptions/poll';
import { inParallel } from '../shared/inParallel';
import { readPageSize, readParallelRequests, readRetryPolicy } from '../shared/options';
import {
	describeOrg,
	isRefusal,
	namesOrganizations,
	readOrganizationsChoice,
	refusedBy,
	refusedByEvery,
	resolveOrganizations,
	withOrg,
	type AuditOrg,
} from '../shared/organizations';
import type { PollSource } from '../shared/poll/catchUp';
import { orgPollStates, readOrgPollStates, scopeOf } from '../shared/poll/orgPollStates';
import { onePollAtATime } from '../shared/poll/onePollAtATime';
import { pollDeadlineMs, pollNewEvents, readMaxEventsPerPoll } from '../shared/poll/pollTrigger';
import { newestEventsOrNone, noTestEvents } from '../shared/poll/testEvents';
import { PARALLEL_REQUESTS } from '../shared/limits';
import { exclusiveStart } from '../shared/timeRange';
import { createWebexClient, isDeadlinePassed } from '../shared/transport';

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
			...organizationsProperties(),
			...pollStartProperties('audit events'),
			filtersCollection([
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
			]),
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
					{
						...parallelRequestsOption,
						description: `Requests to Webex at once (${PARALLEL_REQUESTS.min} to ${PARALLEL_REQUESTS.max}), GET /organizations included: that many organizations read side by side. Same events, same order.`,
					},
					...retryOptions,
					...auditSourceOptions(ADMIN_AUDIT, withSource(ADMIN_AUDIT)),
					...auditSourceOptions(SECURITY_AUDIT, withSource(SECURITY_AUDIT)),
				],
			},
		],
	};

	methods = { loadOptions: auditLoadOptions };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await onePollAtATime(
			this,
			'Webex Admin Audit Trigger',
			async () => await pollAdminAudit.call(this),
		);
	}
}

/** One poll of the trigger (see onePollAtATime for when it is skipped). */
async function pollAdminAudit(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const source =
		this.getNodeParameter('source', 'adminAudit') === 'securityAudit'
			? SECURITY_AUDIT
			: ADMIN_AUDIT;
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const pageSize = readPageSize(this, options.pageSize, source.maxPageSize);
	// One gate for the whole poll: GET /organizations and every organization's requests.
	const parallel = readParallelRequests(this, options.parallelRequests);
	const client = await createWebexClient(this, {
		hints: source.hints,
		policy: readRetryPolicy(this, options),
		deadlineMs: pollDeadlineMs(this),
		maxInFlight: parallel,
	});
	const filters = this.getNodeParameter('filters', {}) as IDataObject;
	const qs = auditFilterQuery({
		actorId: filters.actorId,
		eventCategories:
			source === ADMIN_AUDIT ? filters.eventCategories : filters.securityEventCategories,
	});
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
	const choice = readOrganizationsChoice(this);
	const perOrg = namesOrganizations(choice);
	const continueOnRefused = perOrg && this.getNodeParameter('continueOnRefused', false) === true;
	const simplify = options.simplify ? auditSimplify(source, perOrg) : undefined;
	const toItems = (events: IDataObject[]) => [
		events.map((event) => ({ json: simplify ? simplify(event) : event })),
	];
	const maxEvents = readMaxEventsPerPoll(this, options.maxEventsPerPoll);

	const staticData = this.getWorkflowStaticData('node');
	// This Organization without an ID: the token's own, read once per credential.
	const credential = Object.values(this.getNode().credentials ?? {})
		.map((chosen) => chosen.id)
		.join();
	const stored = staticData.state as { own?: { credential: string; orgId: string } } | undefined;
	const tokensOwn =
		choice.mode === 'this' && !choice.orgId && stored?.own?.credential === credential
			? stored.own.orgId
			: undefined;
	const orgs = await resolveOrganizations(client, choice, tokensOwn);
	// Where an organization fails: a refusal is named, or (Continue) passed over this poll.
	const refusal = (error: unknown, org: AuditOrg) => {
		if (!perOrg || !isRefusal(error)) return error;
		if (!continueOnRefused) return refusedBy(error, org);
		this.logger.warn(
			`Webex Admin Audit Trigger: ${describeOrg(org)} refused (${(error as Error).message}); the other organizations were read, this one is tried again next poll`,
		);
		return undefined;
	};
	const withOrgId = (org: AuditOrg) => ({ ...qs, orgId: org.id });

	if (this.getMode() === 'manual') {
		// The newest events of the first of the first few organizations that has any.
		for (const org of orgs.slice(0, MAX_TEST_ORGS)) {
			try {
				const request = { source: pollSource, qs: withOrgId(org), pageSize };
				const events = await newestEventsOrNone(client, request);
				if (events.length) return toItems(perOrg ? events.map((e) => withOrg(e, org)) : events);
			} catch (error) {
				const failure = refusal(error, org);
				if (failure) throw failure;
			}
		}
		throw noTestEvents(
			this,
			source === ADMIN_AUDIT ? 'admin audit events' : 'security audit events',
		);
	}

	const scope = scopeOf(source.value, qs, filters.signInResult ?? 'all');
	const states = orgPollStates(
		readOrgPollStates(staticData.state, scope, choice.mode === 'this' ? orgs[0].id : undefined),
	);
	if (choice.mode === 'this' && !choice.orgId) states.setOwn({ credential, orgId: orgs[0].id });
	const deadlineMs = client.deadlineMs ?? pollDeadlineMs(this);
	// Max Events per Poll, shared by the organizations read at once: the first to read new
	// events take them, each its oldest, and its state moves past those only.
	const budget = { left: maxEvents };
	const order = states.order(orgs);
	const outcomes = await inParallel(
		order,
		parallel,
		{ stopped: false },
		async (org): Promise<OrgOutcome> => {
			// Out of events or time: it goes on from where it is next poll, first.
			if (budget.left <= 0 || Date.now() >= deadlineMs) return NOT_REACHED;
			try {
				const events = await pollNewEvents(this, {
					client,
					source: pollSource,
					qs: withOrgId(org),
					pageSize,
					options,
					name: perOrg
						? `Webex Admin Audit Trigger (${describeOrg(org)})`
						: 'Webex Admin Audit Trigger',
					budget,
					state: states.slotOf(org.id),
				});
				// The others took every event while it read: as if not reached (it emitted nothing).
				return events.length || budget.left > 0 ? { events } : NOT_REACHED;
			} catch (error) {
				// Out of time while reading an organization beside others: not reached, unless no
				// organization got through (then the poll fails, as with one organization).
				if (perOrg && isDeadlinePassed(error)) return { outOfTime: error };
				const failure = refusal(error, org);
				if (failure) throw failure;
				return { refused: error };
			}
		},
	);
	// In the order read: each organization's events together, oldest first.
	const emitted: IDataObject[] = [];
	let refused: { error: unknown; org: AuditOrg } | undefined;
	let refusedCount = 0;
	let outOfTime: unknown;
	order.forEach((org, index) => {
		const outcome = outcomes[index];
		if ('events' in outcome) {
			for (const event of outcome.events) emitted.push(perOrg ? withOrg(event, org) : event);
		} else if ('refused' in outcome) {
			refused = { error: outcome.refused, org };
			refusedCount++;
			states.keep(org.id);
		} else {
			outOfTime ??= 'outOfTime' in outcome ? outcome.outOfTime : undefined;
			states.notReached(org.id);
		}
	});
	// Every organization refused: the token, not one customer; the poll fails and says so.
	if (refused && refusedCount === orgs.length)
		throw refusedByEvery(refused.error, refused.org, orgs.length);
	if (outOfTime && !outcomes.some((outcome) => 'events' in outcome)) throw outOfTime;
	// A poll that fails leaves the state as it was: it is stored only here.
	staticData.state = states.states();
	return emitted.length ? toItems(emitted) : null;
}

/** An organization this poll did not read (out of events or time): read first next poll. */
const NOT_REACHED = { notReached: true } as const;

/** What reading one organization in a poll came to. */
type OrgOutcome =
	| { events: IDataObject[] }
	| { refused: unknown }
	| { outOfTime: unknown }
	| typeof NOT_REACHED;

/** Organizations Fetch Test Event looks in at most, one after the other. */
const MAX_TEST_ORGS = 10;
