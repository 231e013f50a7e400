import type { INodeProperties } from 'n8n-workflow';

import type { AuditSource } from '../audit';
import { pageSizeOption, simplifyOption } from './common';

/**
 * Organizations of the audit nodes (Get Many and the trigger), and the fields each choice shows;
 * `show` where they apply. Organization ID is the field of "This Organization", as it always was.
 */
export function organizationsProperties(show: Record<string, string[]> = {}): INodeProperties[] {
	const when = (modes: string[]) => ({
		displayOptions: { show: { ...show, organizations: modes } },
	});
	return [
		{
			displayName: 'Organizations',
			name: 'organizations',
			type: 'options',
			options: [
				{
					name: 'This Organization',
					value: 'this',
					description: "The token's own organization, or the one Organization ID names",
				},
				{
					name: 'List of IDs',
					value: 'list',
					description: 'The organizations whose IDs you enter',
				},
				{
					name: 'Every Organization the Token Can See',
					value: 'all',
					description:
						'For a partner administrator: every customer organization (GET /organizations)',
				},
			],
			default: 'this',
			...(Object.keys(show).length ? { displayOptions: { show } } : {}),
			description:
				'Whose audit events to read. With a list or every organization, each item names its orgId and orgName.',
		},
		{
			displayName: 'Organization ID',
			name: 'orgId',
			type: 'string',
			default: '',
			placeholder: "Empty: your token's own organization",
			...when(['this']),
			description:
				"The organization whose audit events to read. Partner administrators enter a customer organization's ID.",
		},
		{
			displayName: 'Organization IDs',
			name: 'orgIds',
			type: 'string',
			default: '',
			placeholder: 'Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8..., ...',
			...when(['list']),
			description: 'The IDs of the organizations to read, separated by commas',
		},
		{
			displayName: 'Continue on Refused Organizations',
			name: 'continueOnRefused',
			type: 'boolean',
			default: false,
			...when(['list', 'all']),
			description:
				'Whether an organization that refuses the request (403) is reported and the others are read; otherwise it fails the run, naming that organization',
		},
	];
}

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
