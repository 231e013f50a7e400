import { createHmac, timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { buildUrl, requestUnlessGone, type WebexClient } from '../transport';

/**
 * Webhook secrets, held in this process's memory only (never in static data, which is plain text
 * in the workflow's database and exports): filled when the trigger creates or reuses its webhook,
 * and on a miss (another process, a restart, queue mode's main) read once from Webex, which keeps
 * the secret with the webhook (GET /webhooks/{id}).
 */

/** Webhooks whose secret is kept at most (the oldest is dropped first). */
const MAX_SECRETS = 1000;
/** Per webhook ID: its secret and whose it is (webhookOwnerOf: the trigger, live or test URL). */
const known = new Map<string, { secret: string; owner?: string }>();

export function rememberSecret(webhookId: string, secret: string, owner?: string): void {
	known.delete(webhookId);
	known.set(webhookId, { secret, owner });
	if (known.size > MAX_SECRETS) known.delete(known.keys().next().value as string);
}

/**
 * Whether this process made or kept webhook `webhookId` for `owner` (webhookOwnerOf): n8n serves
 * the webhook URL before it saves the ID in static data, so a notification can come before.
 */
export const isKeptFor = (webhookId: string, owner: string): boolean =>
	known.get(webhookId)?.owner === owner;

export function forgetSecret(webhookId: string): void {
	known.delete(webhookId);
}

/** The secret of this trigger's webhook: from memory, or from Webex once. */
export async function secretOf(
	client: WebexClient,
	webhookId: string,
): Promise<string | undefined> {
	const kept = known.get(webhookId);
	if (kept !== undefined) return kept.secret;
	// A webhook Webex no longer has (deleted in Control Hub) has no secret: its calls are refused.
	const answer = await requestUnlessGone(
		client,
		buildUrl(client.baseUrl, `/webhooks/${encodeURIComponent(webhookId)}`, {}),
	);
	const secret = (answer?.body as IDataObject | undefined)?.secret;
	if (typeof secret !== 'string' || secret === '') return undefined;
	rememberSecret(webhookId, secret);
	return secret;
}

/**
 * Whether `signature` (X-Spark-Signature) is the HMAC-SHA1 hex digest of the raw body with the
 * secret, compared in constant time.
 */
export function isSignedWith(rawBody: Buffer, secret: string, signature: string): boolean {
	const expected = Buffer.from(createHmac('sha1', secret).update(rawBody).digest('hex'), 'utf8');
	const given = Buffer.from(signature.trim().toLowerCase(), 'utf8');
	return given.length === expected.length && timingSafeEqual(given, expected);
}
