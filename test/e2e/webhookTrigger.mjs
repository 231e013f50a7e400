// What the end-to-end tests of the Webex Compliance Webhook Trigger share: its node in a workflow,
// and waiting until n8n serves its webhook URL.

/** The trigger as a workflow node: recordings created, organisation-wide, at a fixed webhook ID. */
export function webhookTriggerNode({ type, webhookId, credentials }) {
	return {
		id: 'trigger',
		name: 'Webex Compliance Webhook Trigger',
		type,
		typeVersion: 1,
		position: [0, 0],
		webhookId,
		parameters: { resource: 'recordings', event: 'created', ownedBy: 'org' },
		credentials,
	};
}

/**
 * Waits until n8n serves a webhook URL: an unsigned call is answered 401 by the trigger, not 404
 * (a call before activation has ended is lost, as Webex does not redeliver). Bounded.
 */
export async function untilServed(url, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const { status } = await fetch(url, { method: 'POST', body: '{}' }).catch(() => ({}));
		if (status === 401) return;
		if (Date.now() > deadline) throw new Error(`n8n does not serve ${url} (last answer ${status})`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * Waits until the trigger's activation has ended: its webhook's ID is in the workflow's static
 * data as n8n saved it (`getWorkflow()` reads the workflow from n8n's REST API). n8n serves the URL
 * and creates the webhook at Webex before it saves the static data; the tests count executions
 * from then on.
 * Resolves to the webhook's ID. Bounded.
 */
export async function untilRegistered(getWorkflow, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const workflow = await getWorkflow();
		const webhookId = workflow?.staticData?.['node:Webex Compliance Webhook Trigger']?.webhookId;
		if (webhookId) return webhookId;
		if (Date.now() > deadline) throw new Error('the webhook never reached the static data');
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
