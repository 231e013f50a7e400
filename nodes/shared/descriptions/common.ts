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

/** How patient a request is with rate limits and faults (every operation has these options). */
export const retryOptions: INodeProperties[] = [
	{
		displayName: 'Max Rate Limit Wait (Seconds)',
		name: 'maxRateLimitWait',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS,
		description:
			'Total time the node may spend, for each input item, waiting when Webex answers 429 (rate limited), as its Retry-After header asks (never less than a second between tries). Past it, the node fails and says how long Webex asked to wait.',
	},
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: MAX_RETRIES.min, maxValue: MAX_RETRIES.max },
		default: DEFAULT_MAX_RETRIES,
		description: `How many times to retry a request when Webex answers ${retriedStatuses}, does not answer in time, or the connection drops, with exponential backoff. A 504 also halves the page size, as Webex advises.`,
	},
];

/** Options every listing has: page size, and how patient to be with rate limits and faults. */
export function listingOptions(maxPageSize: number): INodeProperties[] {
	return [
		...retryOptions,
		{
			displayName: 'Page Size',
			name: 'pageSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: maxPageSize },
			default: maxPageSize,
			description: `Records asked for per request (sent as max, 1 to ${maxPageSize}). The largest page makes the fewest requests.`,
		},
	];
}

/** Parallel Requests: for listings whose range splits into independent windows (Return All only). */
export const parallelRequestsOption: INodeProperties = {
	displayName: 'Parallel Requests',
	name: 'parallelRequests',
	type: 'number',
	typeOptions: { minValue: PARALLEL_REQUESTS.min, maxValue: PARALLEL_REQUESTS.max },
	default: DEFAULT_PARALLEL_REQUESTS,
	description: `With Return All and a From/To range, how many time windows to read at once (${PARALLEL_REQUESTS.min} to ${PARALLEL_REQUESTS.max}): each window has its own chain of pages, so against Webex's round trips this is up to that many times faster. The output is the same, in the same order; a rate limit on one window pauses them all. 1 reads one page at a time.`,
};

/** Output: items (one per record), or one JSON Lines or CSV file of any size (Get Many). */
export const fileOutputOptions: INodeProperties[] = [
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
				description:
					'One file, one record per line (as Webex sent it, or simplified with Simplify), of any size',
			},
			{
				name: 'CSV File',
				value: 'csv',
				description: 'One file with the Simplify columns, for sheets and Excel, of any size',
			},
		],
		default: 'items',
		description:
			'Items, or one file in a binary field with every record, written page by page (for archives: S3, SFTP, a drive). The item then says how many records, their first and last time, and the sha256 of the file.',
	},
	{
		displayName: 'Gzip',
		name: 'gzip',
		type: 'boolean',
		default: true,
		description: 'Whether to compress the file with gzip (with Output JSON Lines or CSV)',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryProperty',
		type: 'string',
		default: 'data',
		description: 'The binary field the file goes in (with Output JSON Lines or CSV)',
	},
];

export const simplifyOption: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: false,
	description:
		'Whether to return flat rows with fixed columns (event fields plus the useful fields of data) instead of the event as Webex sends it, for spreadsheets and chat messages',
};
