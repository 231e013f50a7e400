import { NodeOperationError } from 'n8n-workflow';

import { itemIndexOf, type WebexClient } from './client';
import type { WebexFailure } from './errors';
import { scrubSecrets } from './secrets';

/**
 * The origin rule: requests, and so the token, go to the credential's base URL origin and
 * nowhere else. Redirects and next links are checked here.
 */

/**
 * `link` resolved against `from`, when it is on the base URL's origin with no user:password in it;
 * undefined otherwise.
 */
export function sameOriginUrl(
	client: WebexClient,
	link: unknown,
	from: string,
): string | undefined {
	if (typeof link !== 'string' || link === '') return undefined;
	let target: URL;
	try {
		target = new URL(link, from);
	} catch {
		return undefined;
	}
	if (target.origin !== client.baseUrl.origin || target.username || target.password)
		return undefined;
	return target.toString();
}

/**
 * Where a refused link points, for a message: its origin, scrubbed of the credential's secrets
 * (the server chooses the host name, and could put the token in it).
 */
export function describeOrigin(link: unknown, from: string, secrets: string[]): string {
	let target: URL;
	try {
		target = new URL(String(link ?? ''), from);
	} catch {
		return 'no valid address';
	}
	if (!link || !/^https?:$/.test(target.protocol)) return 'no valid address';
	const userinfo = target.username || target.password ? ' (with a user:password in it)' : '';
	return `${scrubSecrets(target.origin, secrets)}${userinfo}`;
}

/**
 * Where a redirect points, if that is the base URL's origin (and carries no user:password of the
 * server's choosing); an error otherwise.
 */
export function redirectTarget(
	client: WebexClient,
	failure: WebexFailure,
	from: string,
	secrets: string[],
): string {
	const target = sameOriginUrl(client, failure.location, from);
	if (target) return target;
	throw new NodeOperationError(
		client.ctx.getNode(),
		`Webex answered with a redirect (${failure.status}) to ${describeOrigin(failure.location, from, secrets)}, which is not the credential's Base URL: not followed`,
		{
			description: `Requests and the access token only go to ${client.baseUrl.origin}; the token was not sent to the redirect target. Check the credential's Base URL (use the address the redirect points to if you trust it, with https).`,
			itemIndex: itemIndexOf(client.ctx),
		},
	);
}
