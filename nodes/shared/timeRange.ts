import type { DateTime } from 'luxon';
import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { toWebexTime } from './dates';
import { failOnField, readDateFilter } from './options';

/**
 * The time-range rules of every Webex listing: Webex reads a window's start as exclusive, rejects
 * a `to` in the future, and From must not be after To.
 */

/**
 * The start Webex is asked for a window whose first millisecond is `fromMs`: 1 ms earlier, as
 * Webex's start is exclusive.
 */
export const exclusiveStart = (fromMs: number): string => toWebexTime(fromMs - 1);

/**
 * From and To as the node's filters give them, in the workflow's time zone: To in the future is
 * left out (Webex rejects it; up to now instead), and From after To, or after now without To,
 * fails naming both, before any request. `nowMs` is the now they were compared with.
 */
export function readTimeRange(
	ctx: IExecuteSingleFunctions,
	example: string,
): { from?: DateTime; to?: DateTime; nowMs: number } {
	const nowMs = Date.now();
	const from = readDateFilter(ctx, 'from', 'From', example);
	let to = readDateFilter(ctx, 'to', 'To', example);
	if (to && to.toMillis() > nowMs) to = undefined;
	if (from && from.toMillis() > (to?.toMillis() ?? nowMs)) {
		failOnField(
			ctx,
			`From (${from.toISO()}) is after To (${to?.toISO() ?? 'now'})`,
			'Swap the two values, or clear To to list up to now.',
		);
	}
	return { from, to, nowMs };
}
