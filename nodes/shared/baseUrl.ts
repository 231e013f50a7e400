import type { INodeProperties } from 'n8n-workflow';

export const COMMERCIAL_BASE_URL = 'https://webexapis.com/v1';
export const FEDRAMP_BASE_URL = 'https://api-usgov.webex.com/v1';

/** The base URL fields shared by both Webex credentials. */
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
			'An https URL ending in /v1 (for example a proxy), or http://127.0.0.1:PORT/v1 for the local simulator. Plain http is only accepted for loopback addresses.',
		displayOptions: { show: { baseUrl: ['custom'] } },
	},
];

const pick = (source: string) =>
	`(${source}.baseUrl === 'custom' ? String(${source}.customBaseUrl || '').trim().replace(/\\/+$/, '') : ${source}.baseUrl)`;

/** Expressions (without the leading "=") that resolve the chosen base URL. */
export const WEBEX_BASE_URL = {
	/** In a node or a credential test, from the credential's data. */
	credentials: `{{${pick('$credentials')}}}`,
	/** Inside a credential's own hidden fields. */
	self: pick('$self'),
};

/** The chosen base URL from a credential's data, for code that builds requests itself. */
export function baseUrlOf(credentials: { baseUrl?: unknown; customBaseUrl?: unknown }): string {
	if (credentials.baseUrl === 'custom')
		return String(credentials.customBaseUrl ?? '')
			.trim()
			.replace(/\/+$/, '');
	return String(credentials.baseUrl ?? COMMERCIAL_BASE_URL);
}
