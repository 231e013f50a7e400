import type {
	IDataObject,
	IExecuteSingleFunctions,
	ILoadOptionsFunctions,
	INodePropertyOptions,
} from 'n8n-workflow';

import { toWebexTime } from './dates';
import { AUDIT_DEFAULT_RANGE_MS, AUDIT_MAX_WINDOW_MS, MAX_PAGE_SIZE } from './limits';
import { ORG_ID_FIELD, ORG_NAME_FIELD } from './organizations';
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
	/** Its value in the trigger's Source. */
	value: 'adminAudit' | 'securityAudit';
	/** Path under the base URL. */
	path: string;
	/** Query names of the window's start and end (both exclusive at Webex). */
	fromParam: string;
	toParam: string;
	maxPageSize: number;
	/** The admin audit events document no Link header: page by offset when none comes. */
	paging: 'link' | 'linkOrOffset';
	hints: ErrorHints;
	/** Simplify's columns, in order (the CSV file's too). */
	columns: readonly string[];
	simplify(event: IDataObject): IDataObject;
}

/** The exact filters every audit event must agree with (both sources, node and trigger). */
export const AUDIT_FILTER_CHECKS: FilterChecks = {
	actorId: (event, asked) => sameWebexId(event.actorId, asked),
	eventCategories: (event, asked) => oneOf(dataField(event, 'eventCategory'), asked),
};

/**
 * Simplify's row of an audit event: the columns in the order a reader scans them (time, category,
 * what happened, who, on what), IDs last and the event's own ID the very last. A column is the
 * event's own field, or else a field of its `data` (a list joined with ", "); null when absent or
 * blank (Webex writes one space as the failedReason of a success), otherwise as Webex sent it.
 */
function flatAuditRow(event: IDataObject, columns: readonly string[]): IDataObject {
	const data = (event.data ?? {}) as IDataObject;
	const row: IDataObject = {};
	for (const column of columns) {
		const value = TOP_LEVEL_FIELDS.has(column) ? event[column] : data[column];
		const cell = Array.isArray(value) ? value.join(', ') : value;
		row[column] = cell === undefined || (typeof cell === 'string' && !cell.trim()) ? null : cell;
	}
	return row;
}

const TOP_LEVEL_FIELDS = new Set([
	'id',
	'created',
	'actorId',
	'actorOrgId',
	ORG_ID_FIELD,
	ORG_NAME_FIELD,
]);

/** The columns both sources start with (time, category, what happened, who) and end with (IDs). */
const FIRST_COLUMNS = [
	'created',
	'eventCategory',
	'eventDescription',
	'actorName',
	'actorEmail',
	'actorIp',
	'actorUserAgent',
] as const;
const LAST_COLUMNS = ['trackingId', 'actorId', 'actorOrgId', 'id'] as const;

const ADMIN_AUDIT_COLUMNS = [
	...FIRST_COLUMNS,
	'adminRoles',
	'operationType',
	'actionText',
	'entityType',
	'settingKey',
	'settingName',
	'settingValue',
	'previousValue',
	'targetName',
	'targetType',
	'targetOrgName',
	'errorCode',
	'errorMessage',
	'targetId',
	'targetOrgId',
	...LAST_COLUMNS,
];
const SECURITY_AUDIT_COLUMNS = [
	...FIRST_COLUMNS,
	'actorClientName',
	'authenticationMethod',
	'eventStatus',
	'failedReason',
	'actionText',
	'actorOauthClient',
	...LAST_COLUMNS,
];

export const ADMIN_AUDIT: AuditSource = {
	value: 'adminAudit',
	path: '/adminAudit/events',
	fromParam: 'from',
	toParam: 'to',
	maxPageSize: MAX_PAGE_SIZE.adminAudit,
	paging: 'linkOrOffset',
	hints: {
		forbidden:
			"Admin audit events need a full administrator's token with the audit:events_read scope, for that administrator's own organization (leave Organization ID empty to use it).",
	},
	columns: ADMIN_AUDIT_COLUMNS,
	simplify: (event) => flatAuditRow(event, ADMIN_AUDIT_COLUMNS),
};

export const SECURITY_AUDIT: AuditSource = {
	value: 'securityAudit',
	path: '/admin/securityAudit/events',
	fromParam: 'startTime',
	toParam: 'endTime',
	maxPageSize: MAX_PAGE_SIZE.securityAudit,
	paging: 'link',
	hints: {
		forbidden:
			'Security audit events need a token with the audit:events_read scope authorized by a full administrator, Pro Pack for Control Hub, and Control Hub\'s "Allow user authentication data" setting (Management > Organization Settings) turned on.',
	},
	columns: SECURITY_AUDIT_COLUMNS,
	simplify: (event) => flatAuditRow(event, SECURITY_AUDIT_COLUMNS),
};

/**
 * Simplify's columns of a source (the CSV file's too): when the items name their organization
 * (Organizations: a list or every one), its name follows `created` and its ID precedes the actor's.
 */
export function auditColumns(source: AuditSource, withOrgs: boolean): readonly string[] {
	if (!withOrgs) return source.columns;
	const [created, ...rest] = source.columns;
	const actorId = rest.indexOf('actorId');
	return [created, ORG_NAME_FIELD, ...rest.slice(0, actorId), ORG_ID_FIELD, ...rest.slice(actorId)];
}

/** Simplify of a source, with the organization's columns when the items name it. */
export function auditSimplify(source: AuditSource, withOrgs: boolean) {
	if (!withOrgs) return source.simplify;
	const columns = auditColumns(source, true);
	return (event: IDataObject) => flatAuditRow(event, columns);
}

/** Sign-In Result (security audit), read after the records come: Webex has no such query. */
export type SignInResult = 'all' | 'failed' | 'succeeded';

/**
 * Which security audit events Sign-In Result keeps, or undefined for all of them: by the record's
 * eventStatus (FAILURE / SUCCESS); a record without one is kept under All only.
 */
export function signInResultKeep(result: unknown): ((event: IDataObject) => boolean) | undefined {
	if (result !== 'failed' && result !== 'succeeded') return undefined;
	const wanted = result === 'failed' ? 'FAILURE' : 'SUCCESS';
	return (event) => dataField(event, 'eventStatus') === wanted;
}

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
	const base = auditFilterQuery(filters);
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

/** The option loaders of the nodes that list audit events (the Event Categories list). */
export const auditLoadOptions = {
	async getAdminAuditEventCategories(this: ILoadOptionsFunctions) {
		return await adminAuditCategories(this);
	},
};

/** The admin audit event categories Webex offers (GET /adminAudit/eventCategories), for a list. */
async function adminAuditCategories(ctx: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
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
