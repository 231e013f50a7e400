import type { Icon, INodeProperties } from 'n8n-workflow';

import { WEBEX_BASE_URL } from '../baseUrl';
import { DEFAULT_PARALLEL_REQUESTS, MAX_RETRIES, PARALLEL_REQUESTS } from '../limits';
import {
	DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS,
	DEFAULT_MAX_RETRIES,
	FAULT_STATUSES,
} from '../transport';

const retried = [...FAULT_STATUSES];
const retriedStatuses = `${retried.slice(0, -1).join(', ')} or ${retried.at(-1)}`;

/** The icon of every node (paths from nodes/<Node>/). */
export const webexIcon: Icon = {
	light: 'file:../../icons/webex.svg',
	dark: 'file:../../icons/webex.dark.svg',
};

/** Request defaults of the declarative nodes: the credential's base URL, JSON answers. */
export const webexRequestDefaults = {
	baseURL: `=${WEBEX_BASE_URL.credentials}`,
	headers: { Accept: 'application/json' },
};

/** Authentication choice, shared by every Webex node. */
export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'Access Token', value: 'accessToken' },
		{ name: 'OAuth2', value: 'oAuth2' },
		{
			name: 'Service App',
			value: 'serviceApp',
			description: "A Webex service app: the organisation's machine account, renewed unattended",
		},
	],
	default: 'accessToken',
};

export const webexCredentials = [
	{
		name: 'webexApi',
		required: true,
		displayOptions: { show: { authentication: ['accessToken'] } },
	},
	{
		name: 'webexOAuth2Api',
		required: true,
		displayOptions: { show: { authentication: ['oAuth2'] } },
	},
	{
		name: 'webexServiceAppApi',
		required: true,
		displayOptions: { show: { authentication: ['serviceApp'] } },
	},
];

/** "Return All" and "Limit" for a Get Many operation. */
export function returnAllAndLimit(show: Record<string, string[]>): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			displayOptions: { show },
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			displayOptions: { show: { ...show, returnAll: [false] } },
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
		},
	];
}

type Show = NonNullable<INodeProperties['displayOptions']>['show'];

/** A collection a node's panel adds entries to, shown where `show` says (always without it). */
const collection =
	(displayName: string, placeholder: string) =>
	(options: INodeProperties[], show?: Show): INodeProperties => ({
		displayName,
		name: displayName.toLowerCase(),
		type: 'collection',
		placeholder,
		...(show ? { displayOptions: { show } } : {}),
		default: {},
		options,
	});

/** A node's "Filters" (Add Filter). */
export const filtersCollection = collection('Filters', 'Add Filter');
/** A node's "Options" (Add Option). */
export const optionsCollection = collection('Options', 'Add Option');

/** How patient a request is with rate limits and faults (every operation has these options). */
export const retryOptions: INodeProperties[] = [
	{
		// The label fits the editor's option column uncut; its unit is in the description.
		displayName: 'Max Rate Limit Wait',
		name: 'maxRateLimitWait',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS,
		description:
			'How many seconds in all the node may wait when Webex answers 429 (rate limited), as Webex asks. Past it, the node fails and says how long Webex asked to wait.',
	},
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: MAX_RETRIES.min, maxValue: MAX_RETRIES.max },
		default: DEFAULT_MAX_RETRIES,
		description: `How many times to retry a request when Webex answers ${retriedStatuses}, does not answer in time, or the connection drops`,
	},
];

/** Page Size: `minPageSize` (1) to the endpoint's largest page, which is the default. */
export function pageSizeOption(maxPageSize: number, minPageSize = 1): INodeProperties {
	return {
		displayName: 'Page Size',
		name: 'pageSize',
		type: 'number',
		typeOptions: { minValue: minPageSize, maxValue: maxPageSize },
		default: maxPageSize,
		description: `Records asked for per request (sent as max, ${minPageSize} to ${maxPageSize}). The largest page makes the fewest requests.`,
	};
}

/** Options every listing has: page size, and how patient to be with rate limits and faults. */
export function listingOptions(maxPageSize: number): INodeProperties[] {
	return [...retryOptions, pageSizeOption(maxPageSize)];
}

/** Parallel Requests: for listings whose range splits into independent windows (Return All only). */
export const parallelRequestsOption: INodeProperties = {
	displayName: 'Parallel Requests',
	name: 'parallelRequests',
	type: 'number',
	typeOptions: { minValue: PARALLEL_REQUESTS.min, maxValue: PARALLEL_REQUESTS.max },
	default: DEFAULT_PARALLEL_REQUESTS,
	description: `With Return All, how many parts of the time range to read at once (${PARALLEL_REQUESTS.min} to ${PARALLEL_REQUESTS.max}). The output is the same, in the same order; 1 reads one page at a time.`,
};

const FILE_OUTPUTS = ['jsonLines', 'csv'];

/**
 * Output: items (one per record), or one JSON Lines or CSV file of any size (Get Many), with Gzip
 * and the binary field shown only for a file. `simplify`: whether the node has the Simplify option.
 */
export function fileOutputOptions({ simplify }: { simplify: boolean }): INodeProperties[] {
	return [
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			options: [
				{
					name: 'Items',
					value: 'items',
					description: 'One item per record (up to 100,000 per input item)',
				},
				{
					name: 'JSON Lines File',
					value: 'jsonLines',
					description: simplify
						? 'One file, one record per line (as Webex sent it, or simplified with Simplify), of any size'
						: 'One file, one record per line as Webex sent it, of any size',
				},
				{
					name: 'CSV File',
					value: 'csv',
					description: simplify
						? 'One file with the Simplify columns, for sheets and Excel, of any size'
						: "One file with the records' fields as columns, for sheets and Excel, of any size",
				},
			],
			default: 'items',
			description:
				"Items, or one file with every record for an archive (S3, SFTP, a drive). With a file the item gives the record count, the first and last time, and the file's sha256.",
		},
		{
			displayName: 'Gzip',
			name: 'gzip',
			type: 'boolean',
			default: true,
			displayOptions: { show: { output: FILE_OUTPUTS } },
			description: 'Whether to compress the file with gzip',
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryProperty',
			type: 'string',
			default: 'data',
			displayOptions: { show: { output: FILE_OUTPUTS } },
			description: 'The binary field the file goes in',
		},
	];
}

/** Simplify, its description built from the columns it gives (in their order). */
export function simplifyOption(columns: readonly string[]): INodeProperties {
	const shown = columns.length > 6 ? [...columns.slice(0, 5), '…', columns.at(-1)] : columns;
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: `Whether to return flat rows with fixed columns (${shown.join(', ')}) instead of the event as Webex sends it, for sheets and chat messages`,
	};
}
