import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { toWebexTime } from './dates';
import type { WebexListOperation } from './customPagination';
import {
	fileOutputOptions,
	listingOptions,
	optionsCollection,
	parallelRequestsOption,
	returnAllAndLimit,
	simplifyOption,
} from './descriptions/common';
import {
	DAY_MS,
	MAX_PAGE_SIZE,
	MEETING_CONTENT_DEFAULT_RANGE_DAYS,
	MEETING_CONTENT_MAX_WINDOW_DAYS,
} from './limits';
import { timezoneHeader, timezoneOption } from './meetings';
import { failOnField } from './options';
import { readAllSites, readSiteUrl, sameSite, sitesProperty } from './sites';
import { readTimeRange } from './timeRange';
import { splitNewestFirst } from './timeWindows';

/**
 * What the meeting listings of a site share (Meeting Compliance, Meeting Reports): Sites and Site
 * URL, From and To in 30-day windows, the options of every Get Many.
 */

/** Sites, and the Site URL of One Site (`required`: Webex needs one, there is no preferred site). */
export function siteProperties(
	show: Record<string, string[]>,
	{ required }: { required: boolean },
): INodeProperties[] {
	return [
		sitesProperty(
			show,
			required ? 'The site in Site URL' : "The site in Site URL, or the user's preferred site",
		),
		{
			displayName: 'Site URL',
			name: 'siteUrl',
			type: 'string',
			required,
			default: '',
			placeholder: 'example.webex.com',
			displayOptions: { show: { ...show, sites: ['oneSite'] } },
			description: required
				? 'The Webex site to list, e.g. example.webex.com'
				: "The Webex site to list, e.g. example.webex.com (empty: the user's preferred site)",
		},
	];
}

/** From and To of a listing, as Filters options. */
export function timeFilters(what: string): INodeProperties[] {
	return [
		{
			displayName: 'From',
			name: 'from',
			type: 'dateTime',
			default: '',
			description: `${what} at or after this time (default: ${MEETING_CONTENT_DEFAULT_RANGE_DAYS} days before To). Ranges longer than Webex's ${MEETING_CONTENT_MAX_WINDOW_DAYS} days are split into several requests automatically.`,
		},
		{
			displayName: 'To',
			name: 'to',
			type: 'dateTime',
			default: '',
			description: `${what} before this time (default: now)`,
		},
	];
}

/** Service Type, as a Filters option (Webex answers MeetingCenter when it is not sent). */
export const serviceTypeFilter = (description: string): INodeProperties => ({
	displayName: 'Service Type',
	name: 'serviceType',
	type: 'options',
	options: [
		{ name: 'Event Center', value: 'EventCenter' },
		{ name: 'Meeting Center', value: 'MeetingCenter' },
		{ name: 'Support Center', value: 'SupportCenter' },
		{ name: 'Training Center', value: 'TrainingCenter' },
	],
	default: 'MeetingCenter',
	description,
});

/** Return All, Limit and the Options collection of a listing (`simplify`: its Simplify columns). */
export function listingFields(
	show: Record<string, string[]>,
	simplify?: readonly string[],
	maxPageSize: number = MAX_PAGE_SIZE.meetingContent,
): { top: INodeProperties[]; options: INodeProperties } {
	return {
		top: returnAllAndLimit(show),
		options: optionsCollection(
			[
				...listingOptions(maxPageSize),
				...fileOutputOptions({ simplify: simplify !== undefined }),
				parallelRequestsOption,
				...(simplify ? [simplifyOption(simplify)] : []),
				timezoneOption,
			],
			show,
		),
	};
}

const EXAMPLE = '{{ $now.minus({days: 7}) }}';

/**
 * The queries of a listing: the site (or none, for All My Sites or the preferred site), From and
 * To (To defaults to now, From to 7 days before To) in windows of 30 days, newest first.
 */
export function planSiteWindows(
	ctx: IExecuteSingleFunctions,
	qs: IDataObject,
	{ siteRequired }: { siteRequired: boolean },
): IDataObject[] {
	const siteUrl = readSiteUrl(ctx, ctx.getNodeParameter('siteUrl', ''));
	const allSites = readAllSites(ctx, siteUrl);
	if (!allSites && siteRequired && siteUrl === '') {
		failOnField(
			ctx,
			'Site URL is empty',
			'Webex lists these records one site at a time: enter the site, e.g. example.webex.com, or set Sites to All My Sites.',
		);
	}
	if (siteUrl) qs.siteUrl = siteUrl;
	const range = readTimeRange(ctx, EXAMPLE);
	const to = range.to?.toMillis() ?? range.nowMs;
	const from = range.from?.toMillis() ?? to - MEETING_CONTENT_DEFAULT_RANGE_DAYS * DAY_MS;
	return splitNewestFirst(from, to, MEETING_CONTENT_MAX_WINDOW_DAYS * DAY_MS).map((window) => ({
		...qs,
		from: toWebexTime(window.fromMs),
		to: toWebexTime(window.toMs),
	}));
}

/** A window cut into `count` slices for Parallel Requests, newest first (`from` is inclusive). */
function sliceWindow(qs: IDataObject, count: number): IDataObject[] | undefined {
	const fromMs = Date.parse(String(qs.from));
	const toMs = Date.parse(String(qs.to));
	const sliceMs = Math.ceil((toMs - fromMs) / count);
	if (!(sliceMs > 1000)) return undefined;
	return splitNewestFirst(fromMs, toMs, sliceMs).map((slice) => ({
		...qs,
		from: toWebexTime(slice.fromMs),
		to: toWebexTime(slice.toMs),
	}));
}

/** Whether Simplify is on (asked once per run). */
export const simplifyOn = (ctx: IExecuteSingleFunctions) =>
	ctx.getNodeParameter('options.simplify', false) === true;

/** The fields of `record` named by `columns`, in their order (absent ones as null). */
export const pickColumns = (record: IDataObject, columns: readonly string[]): IDataObject =>
	Object.fromEntries(columns.map((column) => [column, record[column] ?? null]));

/** What every listing of the node has: page size, the site check, windows, the time zone header. */
export const meetingListing = {
	maxPageSize: MAX_PAGE_SIZE.meetingContent,
	sliceQuery(this: IExecuteSingleFunctions, qs: IDataObject, count: number) {
		return sliceWindow(qs, count);
	},
	allSites(this: IExecuteSingleFunctions) {
		return this.getNodeParameter('sites', 'oneSite') === 'allMySites';
	},
	headers: timezoneHeader,
} satisfies Partial<WebexListOperation>;

export const siteCheck = {
	siteUrl: (record: IDataObject, asked: string) => sameSite(record.siteUrl, asked),
};
