import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { AUDIT_FILTER_CHECKS, type AuditSource, planAuditQueries } from '../../shared/audit';
import { type WebexListOperation, webexListPagination } from '../../shared/customPagination';
import { actorIdFilter, auditDateFilters, orgIdProperty } from '../../shared/descriptions/audit';
import {
	fileOutputOptions,
	listingOptions,
	parallelRequestsOption,
	returnAllAndLimit,
	simplifyOption,
} from '../../shared/descriptions/common';

/**
 * The Get Many of an audit resource: both resources list the same way and differ only in their
 * source (path, parameter names, page size, paging, hints), category filter and Simplify columns.
 */
export function auditGetMany({
	resource,
	source,
	action,
	description,
	categoryFilter,
	simplifiedColumns,
}: {
	resource: string;
	source: AuditSource;
	action: string;
	description: string;
	categoryFilter: INodeProperties;
	simplifiedColumns: string;
}): INodeProperties[] {
	const show = { resource: [resource], operation: ['getAll'] };
	const operation: WebexListOperation = {
		maxPageSize: source.maxPageSize,
		hints: source.hints,
		paging: source.paging,
		needsOrgId: true,
		keyOf: (record) => record.id,
		filterChecks: AUDIT_FILTER_CHECKS,
		file: {
			label: `webex-${resource === 'securityAuditEvent' ? 'security' : 'admin'}-audit-events`,
			csv: () => ({ columns: Object.keys(source.simplify({})), row: source.simplify }),
			timeField: 'created',
		},
		planQueries() {
			return planAuditQueries(this, source, this.getNodeParameter('filters', {}) as IDataObject);
		},
		recordMapper() {
			return this.getNodeParameter('options.simplify', false) ? source.simplify : undefined;
		},
	};
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: [
				{
					name: 'Get Many',
					value: 'getAll',
					action,
					description,
					routing: {
						request: { method: 'GET', url: source.path },
						send: { paginate: true },
						operations: { pagination: webexListPagination(operation) },
					},
				},
			],
			default: 'getAll',
		},
		orgIdProperty(show),
		...returnAllAndLimit(show),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			displayOptions: { show },
			default: {},
			options: [actorIdFilter, categoryFilter, ...auditDateFilters],
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			displayOptions: { show },
			default: {},
			options: [
				...listingOptions(source.maxPageSize),
				...fileOutputOptions,
				parallelRequestsOption,
				{
					...simplifyOption,
					description: `Whether to return flat rows (${simplifiedColumns}) instead of the event as Webex sends it`,
				},
			],
		},
	];
}
