import type { INodeProperties } from 'n8n-workflow';

export const COMMERCIAL_BASE_URL = 'https://webexapis.com/v1';
export const FEDRAMP_BASE_URL = 'https://api-usgov.webex.com/v1';

/**
 * Webex's analytics host of each cloud, which serves meeting qualities: Webex's definitions list
 * /meeting/qualities with the other webexapis.com/v1 paths, but its analytics APIs are documented
 * on analytics.webexapis.com, and Webex's SDKs (wxc_sdk) and Splunk's Webex add-on call the
 * qualities there (the add-on: analytics.webexgov.us for the US Government cloud). A custom base
 * URL (a proxy, the simulator) serves every path itself.
 */
const ANALYTICS_BASE_URLS: Readonly<Record<string, string>> = {
	[COMMERCIAL_BASE_URL]: 'https://analytics.webexapis.com/v1',
	[FEDRAMP_BASE_URL]: 'https://analytics.webexgov.us/v1',
};

/** The analytics base URL of the cloud `baseUrl` names; a custom base URL itself. */
export const analyticsBaseUrlOf = (baseUrl: string): string =>
	ANALYTICS_BASE_URLS[baseUrl.replace(/\/+$/, '')] ?? baseUrl;

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
