import type { INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_LOOKBACK_MINUTES,
	DEFAULT_MAX_EVENTS_PER_POLL,
	DEFAULT_START_HOURS,
	MAX_EVENTS_PER_POLL,
	MAX_START_HOURS,
} from '../limits';

/**
 * Start From, Hours Ago and Lookback, for the trigger's properties. `hoursAgo`: another range
 * and default of Hours Ago, and why (a source that keeps less); then no Lookback.
 */
export function pollStartProperties(
	noun: string,
	hoursAgo?: { max: number; default: number; description: string },
): INodeProperties[] {
	const maxHours = hoursAgo?.max ?? MAX_START_HOURS;
	const defaultHours = hoursAgo?.default ?? DEFAULT_START_HOURS;
	const properties: INodeProperties[] = [
		{
			displayName: 'Start From',
			name: 'startFrom',
			type: 'options',
			options: [
				{
					name: 'Now',
					value: 'now',
					description: `Emit only ${noun} that happen after activation`,
				},
				{
					name: 'Hours Ago',
					value: 'hoursAgo',
					description: `Also emit the ${noun} of the last hours, once`,
				},
			],
			default: 'now',
			description:
				'Where the first activation starts; later polls go on from where the last one stopped',
		},
		{
			displayName: 'Hours Ago',
			name: 'startHoursAgo',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: maxHours },
			default: defaultHours,
			displayOptions: { show: { startFrom: ['hoursAgo'] } },
			description:
				hoursAgo?.description ??
				`How many hours before activation to start from, up to ${MAX_START_HOURS.toLocaleString('en-US')} (a year). Webex keeps ${noun} for 90 days, longer with Pro Pack; a backlog is emitted oldest first.`,
		},
	];
	if (hoursAgo) return properties;
	return [
		...properties,
		{
			displayName: 'Lookback (Minutes)',
			name: 'lookback',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: DEFAULT_LOOKBACK_MINUTES,
			description: `How many minutes before where the last poll stopped each poll looks again, to catch ${noun} Webex shows late (the ones already emitted are skipped)`,
		},
	];
}

export const maxEventsPerPollOption: INodeProperties = {
	displayName: 'Max Events per Poll',
	name: 'maxEventsPerPoll',
	type: 'number',
	typeOptions: { minValue: MAX_EVENTS_PER_POLL.min, maxValue: MAX_EVENTS_PER_POLL.max },
	default: DEFAULT_MAX_EVENTS_PER_POLL,
	description: `Most events one poll emits, oldest first (${MAX_EVENTS_PER_POLL.min} to ${MAX_EVENTS_PER_POLL.max.toLocaleString('en-US')}); a larger backlog is emitted over the next polls`,
};
