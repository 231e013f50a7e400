import type { INodeProperties } from 'n8n-workflow';

export const COMMERCIAL_BASE_URL = 'https://webexapis.com/v1';
export const FEDRAMP_BASE_URL = 'https://api-usgov.webex.com/v1';

/** Webex Calling's call history regions (Commercial's four, FedRAMP's one). */
export type CallHistoryRegion = 'us' | 'eu' | 'in' | 'au' | 'gov';

/**
 * What else each Webex cloud (by its base URL) documents: the only hosts beyond the base URL the
 * token goes to. A custom base URL (a proxy, the simulator) is no cloud: everything is asked of it.
 * - `analytics` serves meeting qualities: Webex's definitions list /meeting/qualities with the
 *   other webexapis.com/v1 paths, but its analytics APIs are documented on analytics.webexapis.com,
 *   and Webex's SDKs (wxc_sdk) and Splunk's Webex add-on call the qualities there. No Webex
 *   document names an analytics host of the FedRAMP cloud (only Splunk's code does), so FedRAMP
 *   asks its own base URL.
 * - `callHistory`: Webex Calling's detailed call history, on hosts of its own by region.
 *   Commercial's first host serves the US and routes to the nearest region; an organisation whose
 *   data lives in another region is answered 451 naming its host.
 */
const CLOUDS: Readonly<
	Record<string, { analytics?: string; callHistory: Partial<Record<CallHistoryRegion, string>> }>
> = {
	[COMMERCIAL_BASE_URL]: {
		analytics: 'https://analytics.webexapis.com/v1',
		callHistory: {
			us: 'analytics-calling.webexapis.com',
			eu: 'analytics-calling-eu.webexapis.com',
			in: 'analytics-calling-in.webexapis.com',
			au: 'analytics-calling-au.webexapis.com',
		},
	},
	[FEDRAMP_BASE_URL]: { callHistory: { gov: 'analytics-calling-gov.webexapis.com' } },
};

/** The cloud whose base URL is `baseUrl`; undefined for a custom base URL. */
const cloudOf = (baseUrl: string) => CLOUDS[baseUrl.replace(/\/+$/, '')];

/** The analytics base URL of the cloud `baseUrl` names; FedRAMP's and a custom base URL itself. */
export const analyticsBaseUrlOf = (baseUrl: string): string =>
	cloudOf(baseUrl)?.analytics ?? baseUrl;

/** The base URL fields shared by every Webex credential. */
export const webexBaseUrlProperties: INodeProperties[] = [
	{
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'options',
		options: [
			{ name: 'Commercial', value: COMMERCIAL_BASE_URL, description: COMMERCIAL_BASE_URL },
			{ name: 'Custom', value: 'custom', description: 'A proxy, or the local Webex API simulator' },
			{ name: 'FedRAMP (US Government)', value: FEDRAMP_BASE_URL, description: FEDRAMP_BASE_URL },
		],
		default: COMMERCIAL_BASE_URL,
		description: 'Which Webex cloud to call',
	},
	{
		displayName: 'Custom Base URL',
		name: 'customBaseUrl',
		type: 'string',
		default: '',
		placeholder: 'https://webex-proxy.example.com/v1',
		description:
			'An https URL of the Webex API or a proxy in front of it (for example https://webex-proxy.example.com/v1), or http://127.0.0.1:PORT/v1 for the local simulator. Plain http is refused anywhere but loopback addresses (the connection test then reports a wrong host), so the token never travels unencrypted.',
		displayOptions: { show: { baseUrl: ['custom'] } },
	},
];

/** The hosts plain http is accepted for (the local simulator): the token never leaves the machine. */
const LOOPBACK_HOSTS = String.raw`localhost|127(?:\.\d{1,3}){3}|\[::1\]`;

export const isLoopbackHost = (hostname: string) =>
	new RegExp(`^(?:${LOOPBACK_HOSTS})$`, 'i').test(hostname);

/** https, or plain http on a loopback address (the local simulator): secrets never travel in clear. */
export const isSafeBaseUrl = (url: URL) =>
	url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));

const pick = (source: string) =>
	`(${source}.baseUrl === 'custom' ? String(${source}.customBaseUrl || '').trim().replace(/\\/+$/, '') : ${source}.baseUrl)`;

/**
 * The chosen base URL, or (when it is plain http anywhere but loopback) a host in the reserved
 * .invalid domain whose name says why, so that a request built on it fails at the name lookup and
 * the token goes nowhere: the credential test and the OAuth2 URLs are requested by n8n itself,
 * without the nodes' https check.
 */
const httpsOnly = (source: string) =>
	`((url) => /^https:\\/\\//i.test(url) || /^http:\\/\\/(${LOOPBACK_HOSTS})(:\\d+)?(\\/|$)/i.test(url) ? url : 'https://custom-base-url-must-use-https.invalid/v1')(${pick(source)})`;

/** Expressions (without the leading "=") that resolve the chosen base URL. */
export const WEBEX_BASE_URL = {
	/** In a node, from the credential's data (the node checks it before any request). */
	credentials: `{{${pick('$credentials')}}}`,
	/** In a credential test, from the credential's data; plain http off loopback never sent. */
	credentialTest: `{{${httpsOnly('$credentials')}}}`,
	/** Inside a credential's own hidden fields (the OAuth2 URLs), https-only like the test. */
	self: httpsOnly('$self'),
};

/** The chosen base URL from a credential's data, for code that builds requests itself. */
export function baseUrlOf(credentials: { baseUrl?: unknown; customBaseUrl?: unknown }): string {
	if (credentials.baseUrl === 'custom')
		return String(credentials.customBaseUrl ?? '')
			.trim()
			.replace(/\/+$/, '');
	return String(credentials.baseUrl ?? COMMERCIAL_BASE_URL);
}

/** The call history regions of a cloud (a credential's base URL); undefined for a custom base URL. */
const callHistoryRegionsOf = (baseUrl: string) => cloudOf(baseUrl)?.callHistory;

/** Every cloud's call history regions together. */
const allCallHistoryRegions = (): Partial<Record<CallHistoryRegion, string>> =>
	Object.assign({}, ...Object.values(CLOUDS).map((cloud) => cloud.callHistory));

/**
 * Where the call history of a credential's cloud is read: `region`'s host (Automatic: the cloud's
 * first host). With a Custom base URL (a proxy, the simulator) Automatic is the base URL itself
 * and a region is `<base URL's origin>/<region's host>/v1`, so that the token never leaves the
 * base URL's origin and a proxy can route by the path. Undefined when the region is not of the
 * credential's cloud.
 */
export function callHistoryBaseUrl(
	baseUrl: string,
	region: CallHistoryRegion | 'automatic',
): string | undefined {
	const regions = callHistoryRegionsOf(baseUrl);
	if (!regions) {
		if (region === 'automatic') return baseUrl;
		const host = allCallHistoryRegions()[region];
		return host && `${new URL(baseUrl).origin}/${host}/v1`;
	}
	const host = region === 'automatic' ? Object.values(regions)[0] : regions[region];
	return host && `https://${host}/v1`;
}

/** The region of the credential's cloud whose host is `host` (as a 451 names it), if any. */
export function callHistoryRegionOfHost(
	baseUrl: string,
	host: string,
): CallHistoryRegion | undefined {
	const regions = callHistoryRegionsOf(baseUrl) ?? allCallHistoryRegions();
	const found = Object.entries(regions).find(([, known]) => known === host.toLowerCase());
	return found?.[0] as CallHistoryRegion | undefined;
}
