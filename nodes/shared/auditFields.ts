import type {
	IDataObject,
	IExecuteSingleFunctions,
	ILoadOptionsFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { baseUrlOf } from './baseUrl';
import { toWebexTime } from './dates';
import { credentialTypeFor } from './descriptions';
import type { ErrorHints } from './errors';
import { failOnField, readDateFilter } from './fields';
import type { FilterChecks } from './pages';
import { dataField, oneOf, sameWebexId } from './recordChecks';
import { webexClient } from './listing';
import { buildUrl, requestWithRetry } from './request';
import { DEFAULT_RETRY_POLICY } from './retryPolicy';
import { DAY_MS, splitNewestFirst } from './timeWindows';

/**
 * What the admin audit and security audit listings share, in the Webex Admin Audit node and its
 * trigger: the two sources, their query names and limits, Simplify, and the error hints.
 */
export interface AuditSource {
	/** Path under the base URL. */
	path: string;
	/** Query names of the window's start and end (both exclusive at Webex). */
	fromParam: string;
	toParam: string;
	maxPageSize: number;
	/** The admin audit events document no Link header: page by offset when none comes. */
	paging: 'link' | 'linkOrOffset';
	hints: ErrorHints;
	simplify(event: IDataObject): IDataObject;
}

/** The exact filters every audit event must agree with (both sources, node and trigger). */
export const AUDIT_FILTER_CHECKS: FilterChecks = {
	actorId: (event, asked) => sameWebexId(event.actorId, asked),
	eventCategories: (event, asked) => oneOf(dataField(event, 'eventCategory'), asked),
};

/** Webex answers at most one year per request (a minute less: windows ask from 1 ms earlier). */
const MAX_AUDIT_WINDOW_MS = 365 * DAY_MS - 60_000;
const DEFAULT_AUDIT_RANGE_MS = DAY_MS;

const ACTOR_FIELDS = ['actorName', 'actorEmail', 'actorIp', 'actorUserAgent'] as const;

function flatAuditRow(event: IDataObject, dataFields: readonly string[]): IDataObject {
	const data = (event.data ?? {}) as IDataObject;
	const row: IDataObject = {
		id: event.id ?? null,
		created: event.created ?? null,
		actorId: event.actorId ?? null,
		actorOrgId: event.actorOrgId ?? null,
	};
	for (const field of [...ACTOR_FIELDS, ...dataFields]) {
		const value = data[field];
		row[field] = Array.isArray(value) ? value.join(', ') : (value ?? null);
	}
	return row;
}

export const ADMIN_AUDIT: AuditSource = {
	path: '/adminAudit/events',
	fromParam: 'from',
	toParam: 'to',
	maxPageSize: 200,
	paging: 'linkOrOffset',
	hints: {
		forbidden:
			"Admin audit events need a full administrator's token with the audit:events_read scope, for that administrator's own organization (leave Organization ID empty to use it).",
	},
	simplify: (event) =>
		flatAuditRow(event, [
			'adminRoles',
			'eventCategory',
			'eventDescription',
			'actionText',
			'targetId',
			'targetName',
			'targetType',
			'targetOrgId',
			'targetOrgName',
			'trackingId',
			'errorCode',
			'errorMessage',
		]),
};

export const SECURITY_AUDIT: AuditSource = {
	path: '/admin/securityAudit/events',
	fromParam: 'startTime',
	toParam: 'endTime',
	maxPageSize: 1000,
	paging: 'link',
	hints: {
		forbidden:
			'Security audit events need a token with the audit:events_read scope authorized by a full administrator, Pro Pack for Control Hub, and Control Hub\'s "Allow user authentication data" setting (Management > Organization Settings) turned on.',
	},
	simplify: (event) =>
		flatAuditRow(event, ['eventCategory', 'eventDescription', 'actionText', 'trackingId']),
};

export const orgIdProperty = (show: Record<string, string[]>): INodeProperties => ({
	displayName: 'Organization ID',
	name: 'orgId',
	type: 'string',
	default: '',
	displayOptions: { show },
	description:
		"The organization whose events to list. Empty: the token's own organization (read once from /people/me). Partner administrators enter a customer organization's ID.",
});

export const auditDateFilters: INodeProperties[] = [
	{
		displayName: 'From',
		name: 'from',
		type: 'dateTime',
		default: '',
		description:
			'Only events after this time (default: 24 hours before To). Ranges longer than the year Webex answers per request are split automatically.',
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'dateTime',
		default: '',
		description: 'Only events before this time (default: now)',
	},
];

export const actorIdFilter: INodeProperties = {
	displayName: 'Actor ID',
	name: 'actorId',
	type: 'string',
	default: '',
	description: 'Only events performed by this person (a Webex person ID)',
};

const EXAMPLE = '{{ $now.minus({days: 1}) }}';

/**
 * The queries of an audit listing, newest window first: From/To (default the last 24 hours, To
 * never in the future) split into windows of at most a year, each asking from its first
 * millisecond (Webex's start is exclusive) to the next window's first, plus the filters.
 */
export function planAuditQueries(
	ctx: IExecuteSingleFunctions,
	source: AuditSource,
	filters: IDataObject,
): IDataObject[] {
	const now = Date.now();
	const fromInput = readDateFilter(ctx, 'from', 'From', EXAMPLE)?.toMillis();
	const toInput = readDateFilter(ctx, 'to', 'To', EXAMPLE)?.toMillis();
	const to = Math.min(toInput ?? now, now);
	const from = fromInput ?? to - DEFAULT_AUDIT_RANGE_MS;
	if (from > to) {
		failOnField(
			ctx,
			`From (${new Date(from).toISOString()}) is after To (${new Date(to).toISOString()})`,
			'Swap the two values, or clear To to list up to now.',
		);
	}
	const orgId = String(ctx.getNodeParameter('orgId', '') ?? '').trim();
	const base: IDataObject = { ...(orgId ? { orgId } : {}), ...auditFilterQuery(filters) };
	return splitNewestFirst(from, to, MAX_AUDIT_WINDOW_MS).map((window) => ({
		...base,
		[source.fromParam]: toWebexTime(window.fromMs - 1),
		[source.toParam]: toWebexTime(window.toMs),
	}));
}

/** actorId and eventCategories (a list, or comma-separated text) as Webex takes them. */
export function auditFilterQuery(filters: IDataObject): IDataObject {
	const qs: IDataObject = {};
	const actorId = String(filters.actorId ?? '').trim();
	if (actorId) qs.actorId = actorId;
	const categories = Array.isArray(filters.eventCategories)
		? filters.eventCategories
		: String(filters.eventCategories ?? '').split(',');
	const list = categories.map((category) => String(category).trim()).filter(Boolean);
	if (list.length) qs.eventCategories = list.join(',');
	return qs;
}

/** The admin audit event categories Webex offers (GET /adminAudit/eventCategories), for a list. */
export async function adminAuditCategories(
	ctx: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const credentialType = credentialTypeFor(ctx.getNodeParameter('authentication', 'accessToken'));
	const client = webexClient(ctx, {
		credentialType,
		baseUrl: baseUrlOf(await ctx.getCredentials(credentialType)),
		headers: { Accept: 'application/json' },
		hints: ADMIN_AUDIT.hints,
		policy: DEFAULT_RETRY_POLICY,
	});
	const { body } = await requestWithRetry(
		client,
		buildUrl(client.baseUrl, '/adminAudit/eventCategories', {}),
	);
	const categories = (body as IDataObject | undefined)?.eventCategories;
	if (!Array.isArray(categories)) return [];
	return categories
		.map(String)
		.sort()
		.map((category) => ({ name: category, value: category }));
}
