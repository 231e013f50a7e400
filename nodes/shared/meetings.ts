import type {
	IDataObject,
	IExecuteSingleFunctions,
	ILoadOptionsFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { failOnField } from './options';

/** What the meeting listings share: the timezone header and the host email Webex takes. */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const timezoneOption: INodeProperties = {
	displayName: 'Time Zone Name or ID',
	name: 'timezone',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getTimezones' },
	default: '',
	description:
		'Time zone of the returned times (default: the workflow\'s). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

function isKnownTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

/** The timezone header: the Time Zone option, or the workflow's; an unknown name fails the item. */
export function timezoneHeader(this: IExecuteSingleFunctions): IDataObject {
	const zone = (this.getNodeParameter('options.timezone', '') as string) || this.getTimezone();
	if (!isKnownTimeZone(zone)) {
		failOnField(
			this,
			`Time Zone "${zone}" is not an IANA time zone name`,
			'Pick a zone from the list, or use a name such as Europe/Berlin or America/New_York.',
		);
	}
	return { timezone: zone };
}

/** Host Email as Webex takes it (an email, or "all"), trimmed; empty means the caller's own. */
export function readHostEmail(ctx: IExecuteSingleFunctions, value: unknown): string {
	const hostEmail = value === undefined || value === null ? '' : String(value).trim();
	if (hostEmail !== '' && hostEmail !== 'all' && !EMAIL.test(hostEmail)) {
		failOnField(
			ctx,
			`Host Email must be an email address or "all" (got "${hostEmail}")`,
			'Enter the meeting host\'s email address, "all" for every host on the site, or leave it empty for your own recordings.',
		);
	}
	return hostEmail;
}

/** The Time Zone option's list: the workflow's zone first, then every IANA zone. */
export async function getTimezones(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const workflowZone = this.getTimezone();
	return [
		{ name: `Workflow Time Zone (${workflowZone})`, value: '' },
		...Intl.supportedValuesOf('timeZone').map((zone) => ({ name: zone, value: zone })),
	];
}

/**
 * The Meeting ID field of an operation on one meeting instance, trimmed; empty or not an ID
 * (spaces, a path) fails naming the field, before any request. `fix`: where to get one.
 */
export function readMeetingInstanceId(ctx: IExecuteSingleFunctions, fix: string): string {
	const meetingId = String(ctx.getNodeParameter('meetingId', '') ?? '').trim();
	if (meetingId === '' || meetingId === 'undefined' || /[\s/?#]/.test(meetingId)) {
		failOnField(ctx, `Meeting ID must be a Webex meeting instance ID (got "${meetingId}")`, fix);
	}
	return meetingId;
}
