import type { INodeProperties } from 'n8n-workflow';

import type { AuditSource } from '../audit';
import { pageSizeOption, simplifyOption } from './common';

/** Organization ID of the audit nodes (Get Many and the trigger); `show` where it applies. */
export const orgIdProperty = (show?: Record<string, string[]>): INodeProperties => ({
	displayName: 'Organization ID',
	name: 'orgId',
	type: 'string',
	default: '',
	placeholder: "Empty: your token's own organization",
	...(show ? { displayOptions: { show } } : {}),
	description:
		"The organization whose audit events to read. Partner administrators enter a customer organization's ID.",
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

/**
 * The Event Categories filter of each source, `name` being its field (a public contract: the
 * trigger names the security one differently from Get Many). Admin audit: a list loaded from Webex
 * (auditLoadOptions in audit.ts); security audit: comma-separated text.
 */
export function eventCategoriesFilter(source: AuditSource, name: string) {
	const filter: INodeProperties =
		source.value === 'adminAudit'
			? {
					displayName: 'Category Names or IDs',
					name,
					type: 'multiOptions',
					typeOptions: { loadOptionsMethod: 'getAdminAuditEventCategories' },
					default: [],
					description:
						'Only events of these categories (such as USERS, LICENSES, LOGINS). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				}
			: {
					displayName: 'Event Categories',
					name,
					type: 'string',
					default: '',
					placeholder: 'LOGINS,LOGOUT',
					description: 'Only events of these categories, comma-separated (such as LOGINS, LOGOUT)',
				};
	return filter;
}

/**
 * The options in which the two sources differ: Page Size (their largest pages) and Simplify (their
 * columns); `show` where they apply.
 */
export function auditSourceOptions(
	source: AuditSource,
	show?: Record<string, string[]>,
): INodeProperties[] {
	const options = [pageSizeOption(source.maxPageSize), simplifyOption(source.columns)];
	return show ? options.map((option) => ({ ...option, displayOptions: { show } })) : options;
}

/** Sign-In Result of the security audit (Get Many and the trigger): read after the records come. */
export const signInResultFilter: INodeProperties = {
	displayName: 'Sign-In Result',
	name: 'signInResult',
	type: 'options',
	options: [
		{ name: 'All', value: 'all' },
		{
			name: 'Failed Only',
			value: 'failed',
			description: 'Events whose eventStatus is FAILURE',
		},
		{
			name: 'Succeeded Only',
			value: 'succeeded',
			description: 'Events whose eventStatus is SUCCESS',
		},
	],
	default: 'all',
	description:
		'Failed or succeeded sign-ins only, applied after the events are read (Webex has no such query parameter). An event without eventStatus is kept under All only.',
};
