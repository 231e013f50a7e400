import type { IDataObject, INodeProperties } from 'n8n-workflow';

import {
	AUDIT_FILTER_CHECKS,
	auditColumns,
	auditSimplify,
	type AuditSource,
	planAuditQueries,
	SECURITY_AUDIT,
	signInResultKeep,
} from '../../shared/audit';
import { type WebexListOperation, webexListPagination } from '../../shared/customPagination';
import {
	actorIdFilter,
	auditDateFilters,
	auditSourceOptions,
	eventCategoriesFilter,
	organizationsProperties,
	signInResultFilter,
} from '../../shared/descriptions/audit';
import { namesOrganizations, readOrganizationsChoice } from '../../shared/organizations';
import {
	fileOutputOptions,
	filtersCollection,
	optionsCollection,
	parallelRequestsOption,
	retryOptions,
	returnAllAndLimit,
} from '../../shared/descriptions/common';

/**
 * The Get Many of an audit resource: both resources list the same way and differ only in their
 * source (path, parameter names, page size, paging, hints, Simplify columns) and category filter.
 */
export function auditGetMany({
	resource,
	source,
	action,
	description,
}: {
	resource: string;
	source: AuditSource;
	action: string;
	description: string;
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
			csv() {
				const withOrgs = namesOrganizations(readOrganizationsChoice(this));
				return {
					columns: [...auditColumns(source, withOrgs)],
					row: auditSimplify(source, withOrgs),
				};
			},
			timeField: 'created',
		},
		planQueries() {
			return planAuditQueries(this, source, this.getNodeParameter('filters', {}) as IDataObject);
		},
		keep() {
			return signInResultKeep(this.getNodeParameter('filters.signInResult', 'all'));
		},
		recordMapper() {
			if (!this.getNodeParameter('options.simplify', false)) return undefined;
			return auditSimplify(source, namesOrganizations(readOrganizationsChoice(this)));
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
		...organizationsProperties(show),
		...returnAllAndLimit(show),
		filtersCollection(
			[
				...auditDateFilters,
				actorIdFilter,
				eventCategoriesFilter(source, 'eventCategories'),
				...(source === SECURITY_AUDIT ? [signInResultFilter] : []),
			],
			show,
		),
		optionsCollection(
			[
				...retryOptions,
				...auditSourceOptions(source),
				...fileOutputOptions({ simplify: true }),
				parallelRequestsOption,
			],
			show,
		),
	];
}
