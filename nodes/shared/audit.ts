import type {
	IDataObject,
	IExecuteSingleFunctions,
	ILoadOptionsFunctions,
	INodePropertyOptions,
} from 'n8n-workflow';

import { toWebexTime } from './dates';
import { AUDIT_DEFAULT_RANGE_MS, AUDIT_MAX_WINDOW_MS, MAX_PAGE_SIZE } from './limits';
import { dataField, oneOf, sameWebexId } from './records/recordChecks';
import { exclusiveStart, readTimeRange } from './timeRange';
import { splitNewestFirst } from './timeWindows';
import { buildUrl, createWebexClient, requestWithRetry, type ErrorHints } from './transport';
import type { FilterChecks } from './records/records';

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
	maxPageSize: MAX_PAGE_SIZE.adminAudit,
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
	maxPageSize: MAX_PAGE_SIZE.securityAudit,
	paging: 'link',
	hints: {
		forbidden:
			'Security audit events need a token with the audit:events_read scope authorized by a full administrator, Pro Pack for Control Hub, and Control Hub\'s "Allow user authentication data" setting (Management > Organization Settings) turned on.',
	},
	simplify: (event) =>
		flatAuditRow(event, ['eventCategory', 'eventDescription', 'actionText', 'trackingId']),
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
	const range = readTimeRange(ctx, EXAMPLE);
	const to = range.to?.toMillis() ?? range.nowMs;
	const from = range.from?.toMillis() ?? to - AUDIT_DEFAULT_RANGE_MS;
	const orgId = String(ctx.getNodeParameter('orgId', '') ?? '').trim();
	const base: IDataObject = { ...(orgId ? { orgId } : {}), ...auditFilterQuery(filters) };
	return splitNewestFirst(from, to, AUDIT_MAX_WINDOW_MS).map((window) => ({
		...base,
		[source.fromParam]: exclusiveStart(window.fromMs),
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
	const client = await createWebexClient(ctx, { hints: ADMIN_AUDIT.hints });
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
