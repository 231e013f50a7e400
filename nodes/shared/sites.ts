import {
	NodeOperationError,
	type IDataObject,
	type IExecuteSingleFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { failOnField } from './options';
import { buildUrl, itemIndexOf, requestWithRetry, type WebexClient } from './transport';

/**
 * "All my sites": a meeting listing that takes a Site URL can instead read the token's user's
 * sites (GET /meetingPreferences/sites) and list each in turn, each record saying its site.
 */

export const ONE_SITE = 'oneSite';
export const ALL_MY_SITES = 'allMySites';

/** The Sites choice of an operation (`show`: its display options); One Site keeps Site URL's meaning. */
export function sitesProperty(
	show: Record<string, string[]>,
	oneSiteDescription: string,
): INodeProperties {
	return {
		displayName: 'Sites',
		name: 'sites',
		type: 'options',
		displayOptions: { show },
		options: [
			{ name: 'One Site', value: ONE_SITE, description: oneSiteDescription },
			{
				name: 'All My Sites',
				value: ALL_MY_SITES,
				description:
					"Every Webex site of the token's user, one after the other; each item says its site (siteUrl)",
			},
		],
		default: ONE_SITE,
		description: 'Which Webex meeting sites to list',
	};
}

/** Whether the node lists all the user's sites; `siteUrl` (the one-site field's value) must be empty then. */
export function readAllSites(ctx: IExecuteSingleFunctions, siteUrl: string): boolean {
	const allSites = ctx.getNodeParameter('sites', ONE_SITE) === ALL_MY_SITES;
	if (allSites && siteUrl !== '') {
		failOnField(
			ctx,
			`Site URL "${siteUrl}" is set while Sites is All My Sites`,
			'Clear Site URL to list every site of the token, or set Sites to One Site to list only that one.',
		);
	}
	return allSites;
}

/** A Site URL as Webex takes it: its host name (example.webex.com), trimmed; empty when not set. */
export function readSiteUrl(ctx: IExecuteSingleFunctions, value: unknown): string {
	const text = value === undefined || value === null ? '' : String(value).trim();
	const host = text.replace(/^https?:\/\//i, '').replace(/\/+$/, '');
	if (host !== '' && !/^[a-z0-9.-]+$/i.test(host)) {
		failOnField(
			ctx,
			`Site URL must be a Webex site's host name (got "${text}")`,
			'Enter the site as in its address, for example example.webex.com.',
		);
	}
	return host;
}

/** The same site, however it is written (case, scheme, trailing slash); undefined when not said. */
export const sameSite = (value: unknown, asked: string): boolean | undefined =>
	value === undefined || value === null ? undefined : siteHost(String(value)) === siteHost(asked);

const siteHost = (site: string) =>
	site
		.trim()
		.replace(/^https?:\/\//i, '')
		.replace(/\/+$/, '')
		.toLowerCase();

const SITES_HINTS = {
	forbidden:
		"Webex refused to list the token's meeting sites (GET /meetingPreferences/sites): the token lacks the scope or role to read its meeting preferences. Set Sites to One Site and enter the Site URL instead.",
};

/** The user's sites, in Webex's order, through the listing's client (its gate counts the lookup). */
export async function readMySites(client: WebexClient): Promise<string[]> {
	const url = buildUrl(client.baseUrl, 'meetingPreferences/sites', {});
	// The listing's `timezone` header is not a parameter of the site list.
	const headers = Object.fromEntries(
		Object.entries(client.headers).filter(([name]) => name.toLowerCase() !== 'timezone'),
	);
	const { body } = await requestWithRetry(
		{ ...client, headers, hints: { ...client.hints, ...SITES_HINTS } },
		url,
	);
	const sites = (body as { sites?: unknown } | undefined)?.sites;
	const urls = Array.isArray(sites)
		? sites
				.map((site) => (site as IDataObject | null)?.siteUrl)
				.filter((site) => typeof site === 'string' && site !== '')
		: [];
	if (!Array.isArray(sites) || urls.length === 0) {
		throw new NodeOperationError(
			client.ctx.getNode(),
			"Webex listed no meeting site for the token's user",
			{
				description:
					"GET /meetingPreferences/sites answered without a site. Check that the credential's user has a Webex Meetings site, or set Sites to One Site and enter the Site URL.",
				itemIndex: itemIndexOf(client.ctx),
			},
		);
	}
	return urls as string[];
}

/** Each query once per site, site after site (each site's windows newest first). */
export const perSite = (sites: string[], queries: IDataObject[]): IDataObject[] =>
	sites.flatMap((siteUrl) => queries.map((qs) => ({ ...qs, siteUrl })));

/** What a listing of one site is, for its failure. */
export const siteOfListing = (qs: IDataObject): string => `Site ${String(qs.siteUrl)}`;
