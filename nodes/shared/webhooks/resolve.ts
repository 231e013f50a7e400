import type { IDataObject } from 'n8n-workflow';

import { buildUrl, isDeadlinePassed, requestUnlessGone, type WebexClient } from '../transport';
import { resourceOf } from './resources';

/**
 * Resolve Data: the record a notification names, read from Webex through the package's request
 * path, for the resources whose GET the definitions give (meetings, recordings). The item is the
 * notification with the record as `resolved`; a record Webex no longer has (404, 410) gives the
 * notification with `resolved: null` and a `resolveNote`, not a failed execution; so does a read
 * Webex refuses or fails after the retries, since Webex does not send the notification again.
 */
export async function withResolvedData(
	client: WebexClient,
	notification: IDataObject,
): Promise<IDataObject> {
	const path = resourceOf(notification.resource)?.resolvePath;
	const data = (notification.data ?? {}) as IDataObject;
	if (!path || typeof data.id !== 'string') return notification;
	if (notification.event === 'deleted')
		return { ...notification, resolved: null, resolveNote: 'Deleted: nothing left to read.' };
	const url = buildUrl(client.baseUrl, `${path}/${encodeURIComponent(data.id)}`, {
		// An admin or compliance officer reads another host's meeting or recording by its host.
		hostEmail: typeof data.hostEmail === 'string' ? data.hostEmail : undefined,
	});
	let answer;
	try {
		answer = await requestUnlessGone(client, url);
	} catch (error) {
		// The notification is Webex's only call: it starts the workflow even when the read fails.
		const reason = isDeadlinePassed(error)
			? 'not read while Webex waited for the answer (read it later by its ID)'
			: (error as Error).message;
		client.ctx.logger.warn(`Webex Compliance Webhook Trigger: Resolve Data failed: ${reason}`);
		return { ...notification, resolved: null, resolveNote: `Webex did not answer it: ${reason}` };
	}
	if (answer) return { ...notification, resolved: answer.body as IDataObject };
	return {
		...notification,
		resolved: null,
		resolveNote: 'Webex no longer has it (404 or 410): deleted after the notification was sent.',
	};
}
