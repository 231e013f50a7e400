import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { DAY_MS, MAX_PAGE_SIZE, MEETING_REPORTS_MAX_HISTORY_DAYS } from '../../shared/limits';
import { meetingListing, planSiteWindows } from '../../shared/meetingListings';
import { failOnField } from '../../shared/options';

/**
 * What the usage and attendee reports share: a site required (One Site or All My Sites), From and
 * To in 30-day windows of which none starts more than 90 days ago, pages of up to 1,000 records.
 */

export const REPORT_HINTS = {
	forbidden:
		"Meeting usage and attendee reports of a site are read by its administrators (a meeting host only sees attendee reports of their own meetings): use a token of a site or full administrator with Webex's meeting admin scopes.",
};

export const reportListing = {
	...meetingListing,
	maxPageSize: MAX_PAGE_SIZE.meetingReports,
};

/** The queries of a report: a site, and windows of at most 30 days, the oldest within 90 days. */
export function planReportWindows(ctx: IExecuteSingleFunctions, qs: IDataObject): IDataObject[] {
	const queries = planSiteWindows(ctx, qs, { siteRequired: true });
	const oldest = Date.parse(String(queries.at(-1)?.from));
	if (Date.now() - oldest > MEETING_REPORTS_MAX_HISTORY_DAYS * DAY_MS) {
		failOnField(
			ctx,
			`From (${new Date(oldest).toISOString()}) is more than ${MEETING_REPORTS_MAX_HISTORY_DAYS} days ago`,
			`Webex reports meetings of the last ${MEETING_REPORTS_MAX_HISTORY_DAYS} days: set From to ${MEETING_REPORTS_MAX_HISTORY_DAYS} days ago or later, e.g. {{ $now.minus({days: ${MEETING_REPORTS_MAX_HISTORY_DAYS - 1}}) }} (an empty From is 7 days before To).`,
		);
	}
	return queries;
}

/** A filter's trimmed text ('' when not set). */
export const filterText = (ctx: IExecuteSingleFunctions, name: string): string =>
	String(ctx.getNodeParameter(`filters.${name}`, '') ?? '').trim();
