import { randomBytes } from 'crypto';
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { failOnField } from '../options';
import { isRefusal } from '../organizations';
import {
	buildUrl,
	requestUnlessGone,
	requestWithRetry,
	webexPages,
	type ErrorHints,
	type WebexClient,
} from '../transport';
import { resourceOf, WEBHOOK_RESOURCES } from './resources';
import { forgetSecret, rememberSecret } from './secrets';

/**
 * The trigger's webhook at Webex: what it asks for, and its lifecycle (n8n's webhookMethods). The
 * node's static data holds only the webhook's ID: the secret lives at Webex (GET /webhooks/{id})
 * and in this process's memory (secrets.ts), never in the workflow's database or exports.
 */

/** Bytes of a new webhook secret (sent to Webex as hex). */
const SECRET_BYTES = 32;
/** Webex's largest page of GET /webhooks. */
const WEBHOOKS_PAGE_SIZE = 100;

export const WEBHOOK_ERROR_HINTS: ErrorHints = {
	forbidden:
		"Webex refused the webhook: an organisation-wide webhook (Owned By: Organization) needs an admin or compliance officer's token with the read scope of the resource (for example spark-admin:recordings_read or spark-compliance:meetings_read). Use such a credential, or set Owned By to the token's user.",
	notFound: 'Webex no longer has this webhook (deleted in Control Hub or by another app).',
};

/** The webhook this trigger wants, as POST /webhooks takes it (without the secret). */
export interface WantedWebhook {
	name: string;
	targetUrl: string;
	resource: string;
	event: string;
	filter?: string;
	ownedBy?: 'org';
}

/** A webhook as Webex answers it. */
export interface WebexWebhook extends WantedWebhook {
	id: string;
	secret?: string;
	status?: string;
}

/**
 * The webhook the node's fields ask for, checked before any request: the event is one of the
 * resource's, and a filter that needs Owned By: Organization has it.
 */
export function wantedWebhook(ctx: IHookFunctions): WantedWebhook {
	const resource = resourceOf(ctx.getNodeParameter('resource'));
	if (!resource)
		failOnField(
			ctx,
			`Resource "${String(ctx.getNodeParameter('resource'))}" is not one this trigger watches`,
			`Pick one of: ${WEBHOOK_RESOURCES.map((r) => r.name).join(', ')}.`,
		);
	const event = String(ctx.getNodeParameter('event'));
	if (!resource.events.includes(event))
		failOnField(
			ctx,
			`Event "${event}" is not sent for ${resource.name}`,
			`Pick one of ${resource.events.join(', ')} in the Event field.`,
		);
	const ownedByOrg = ctx.getNodeParameter('ownedBy', 'org') === 'org';
	const filters = ctx.getNodeParameter('filters', {}) as IDataObject;
	const parts: string[] = [];
	for (const filter of resource.filters) {
		const value = String(filters[filter.name] ?? '').trim();
		if (value === '') continue;
		if (!ownedByOrg)
			failOnField(
				ctx,
				`The ${filter.displayName} filter needs Owned By: Organization`,
				`Webex accepts a ${filter.displayName} filter only on an organisation-wide webhook. Set Owned By to Organization, or remove the filter.`,
			);
		parts.push(`${filter.name}=${encodeURIComponent(value)}`);
	}
	return {
		name: webhookNameOf(ctx),
		targetUrl: ctx.getNodeWebhookUrl('default') as string,
		resource: resource.value,
		event,
		...(parts.length ? { filter: parts.join('&') } : {}),
		...(ownedByOrg ? { ownedBy: 'org' as const } : {}),
	};
}

/**
 * The name of the trigger's webhooks: stable while the workflow and node exist (renaming either
 * changes nothing); with the URL, how the trigger finds its own webhooks again.
 */
export const webhookNameOf = (ctx: IHookFunctions | IWebhookFunctions) =>
	`n8n workflow ${ctx.getWorkflow().id} node ${ctx.getNode().id}`;

/** "Listen for test event" (n8n's manual mode) registers a webhook of its own for the test URL. */
export const isTestActivation = (ctx: IHookFunctions | IWebhookFunctions) =>
	ctx.getMode() === 'manual';

/** Whose webhook a secret in memory is: the trigger's, live or for the test URL. */
export const webhookOwnerOf = (ctx: IHookFunctions | IWebhookFunctions) =>
	`${webhookNameOf(ctx)}${isTestActivation(ctx) ? ' (test URL)' : ''}`;

const sameScope = (hook: WebexWebhook, wanted: WantedWebhook) =>
	hook.resource === wanted.resource &&
	hook.event === wanted.event &&
	(hook.filter ?? '') === (wanted.filter ?? '') &&
	(hook.ownedBy === 'org') === (wanted.ownedBy === 'org');

async function listWebhooks(client: WebexClient, ownedBy?: 'org') {
	const hooks: WebexWebhook[] = [];
	const url = buildUrl(client.baseUrl, '/webhooks', { max: WEBHOOKS_PAGE_SIZE, ownedBy });
	for await (const page of webexPages(client, {
		url,
		pageSize: WEBHOOKS_PAGE_SIZE,
		wanted: () => Infinity,
	}))
		hooks.push(...(page as WebexWebhook[]));
	return hooks;
}

/**
 * The token's webhooks of both kinds: its user's, and the organisation-wide ones (which Webex lists
 * only with ownedBy=org), so a trigger whose Owned By changed finds its earlier webhook too. A
 * token that may not list organisation-wide ones (403) has none, unless the trigger wants one.
 */
async function listBothKinds(client: WebexClient, wanted: WantedWebhook) {
	const users = await listWebhooks(client);
	const orgWide = await listWebhooks(client, 'org').catch((error) => {
		if (wanted.ownedBy === 'org' || !isRefusal(error)) throw error;
		return [];
	});
	const seen = new Set(users.map((hook) => hook.id));
	return [...users, ...orgWide.filter((hook) => !seen.has(hook.id))];
}

/** DELETE /webhooks/{id}; one Webex no longer has counts as deleted. */
export async function deleteWebhook(client: WebexClient, id: string): Promise<void> {
	forgetSecret(id);
	await requestUnlessGone(client, webhookUrl(client, id), { method: 'DELETE' });
}

const webhookUrl = (client: WebexClient, id: string) =>
	buildUrl(client.baseUrl, `/webhooks/${encodeURIComponent(id)}`, {});

/**
 * checkExists: finds this trigger's webhooks at Webex (same name and URL, or the one static data
 * names: made for n8n's earlier webhook URL). The first with the wanted URL and scope and a secret
 * is kept (turned back on when Webex set it inactive); the others are left over from earlier
 * activations (a restart, a crash, a changed field or URL) and deleted. Returns the kept one's ID,
 * or undefined when create must make one.
 */
export async function findOwnWebhook(
	client: WebexClient,
	wanted: WantedWebhook,
	{ savedId, owner }: { savedId?: string; owner: string },
): Promise<string | undefined> {
	const own = (await listBothKinds(client, wanted)).filter(
		(hook) =>
			hook.name === wanted.name && (hook.targetUrl === wanted.targetUrl || hook.id === savedId),
	);
	let kept: WebexWebhook | undefined;
	for (const hook of own) {
		const fits = hook.targetUrl === wanted.targetUrl && sameScope(hook, wanted);
		if (!kept && fits && hook.secret) kept = hook;
		else await deleteWebhook(client, hook.id);
	}
	if (!kept) return undefined;
	if (kept.status !== 'active') {
		await requestWithRetry(client, webhookUrl(client, kept.id), undefined, {
			method: 'PUT',
			body: { name: kept.name, targetUrl: kept.targetUrl, status: 'active' },
		});
	}
	rememberSecret(kept.id, kept.secret as string, owner);
	return kept.id;
}

/** create: a new webhook with a fresh random secret, kept in memory only. Returns its ID. */
export async function createWebhook(
	client: WebexClient,
	wanted: WantedWebhook,
	owner: string,
): Promise<string> {
	const secret = randomBytes(SECRET_BYTES).toString('hex');
	const { body } = await requestWithRetry(
		client,
		buildUrl(client.baseUrl, '/webhooks', {}),
		undefined,
		{
			method: 'POST',
			body: { ...wanted, secret },
		},
	);
	const id = (body as IDataObject | undefined)?.id;
	if (typeof id !== 'string' || id === '')
		failOnField(
			client.ctx,
			'Webex created the webhook but answered without its ID',
			"Check that the credential's Base URL points at the Webex API.",
		);
	rememberSecret(id, secret, owner);
	return id;
}
