import { createHash } from 'crypto';
import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { callHistoryBaseUrl, callHistoryRegionOfHost, type CallHistoryRegion } from '../baseUrl';
import { itemIndexOf, type WebexClient } from './client';
import { assertWithinDeadline, pause } from './deadline';
import type { WebexFailure } from './errors';
import { scrubSecrets, secretsOf } from './secrets';

/**
 * Webex Calling's call history, as the request layer treats it: its own hosts (named per cloud in
 * baseUrl.ts), a 451 that names the organisation's region, and a limit per token of one first
 * request a minute and ten next pages a minute, kept here before each request, for every
 * execution of the n8n process at once.
 */

/** The query parameter every next link of the call history carries (and no first request). */
export const NEXT_FETCH_PARAM = 'startTimeForNextFetch';

/** What one token's requests have done: when the last ones were answered, and whose turn it is. */
interface TokenPace {
	first: number[];
	next: number[];
	/** Settles when the request before this one was answered: one request per token at a time. */
	turn: Promise<void>;
}

/** Tokens paced at once in this process; the least recently used is forgotten past it. */
const MAX_PACED_TOKENS = 1000;
const paces = new Map<string, TokenPace>();

/** A token's pace, by a hash of the token (never the token itself). */
function paceOf(key: string): TokenPace {
	let pace = paces.get(key);
	if (pace) paces.delete(key);
	else pace = { first: [], next: [], turn: Promise.resolve() };
	paces.set(key, pace);
	if (paces.size > MAX_PACED_TOKENS) paces.delete(paces.keys().next().value as string);
	return pace;
}

/**
 * What identifies the token Webex counts: a pasted access token, or the client of an OAuth2 or
 * service app credential (whose access token is renewed under it), hashed.
 */
async function tokenKey(client: WebexClient): Promise<string> {
	let data: IDataObject = {};
	try {
		data = (await client.ctx.getCredentials(client.credentialType)) as IDataObject;
	} catch {
		// No credential data: one pace for the credential type.
	}
	const token = data.accessToken ?? data.clientId ?? '';
	return createHash('sha256')
		.update(`${client.credentialType}\u0000${String(token)}`)
		.digest('hex');
}

/**
 * Waits until a request to `url` keeps within the token's limit (and any other call history
 * request of the token has been answered), and gives the function to call when it was answered.
 * Counted from the answers: a request is sent at least an interval after the answer it is counted
 * against, so it reaches Webex at least that long after, whatever the network delays.
 */
export async function paceCallHistory(client: WebexClient, url: string): Promise<() => void> {
	const { intervalMs, firstRequests, nextPages } = client.policy.callHistoryPacing;
	const scale = client.policy.waitScale;
	const pace = paceOf(await tokenKey(client));
	const isNext = new URL(url).searchParams.has(NEXT_FETCH_PARAM);
	const [answers, allowed] = isNext ? [pace.next, nextPages] : [pace.first, firstRequests];
	const before = pace.turn;
	let answered!: () => void;
	pace.turn = new Promise<void>((resolve) => (answered = resolve));
	let waited = false;
	try {
		await before;
		const dueMs =
			answers.length < allowed ? 0 : answers[answers.length - allowed] + intervalMs * scale;
		const waitMs = (dueMs - Date.now()) / scale;
		if (waitMs > 0) {
			assertWithinDeadline(client, waitMs);
			await pause(client, waitMs);
		}
		waited = true;
	} finally {
		// Cancelled or out of time: the token's next request need not wait for this one.
		if (!waited) answered();
	}
	return () => {
		answers.push(Date.now());
		answers.splice(0, Math.max(0, answers.length - allowed));
		answered();
	};
}

/** A client's call history settings: the credential's base URL, the Region asked, a 451 followed. */
export interface CallHistoryHosts {
	credentialBaseUrl: string;
	region: CallHistoryRegion | 'automatic';
	followed: boolean;
}

/**
 * After a 451: in Automatic, the same request at the host of the region Webex named, when that is
 * one of the call history hosts of the credential's cloud and no 451 was followed before (the
 * client goes on there); an error naming the region otherwise.
 */
export async function followRegion(
	client: WebexClient,
	hosts: CallHistoryHosts,
	failure: WebexFailure,
	url: string,
): Promise<string> {
	const named = hostsIn(failure.message);
	const region = named
		.map((host) => callHistoryRegionOfHost(hosts.credentialBaseUrl, host))
		.find(Boolean);
	const target = region && callHistoryBaseUrl(hosts.credentialBaseUrl, region);
	const fail = (message: string, description: string) =>
		new NodeOperationError(client.ctx.getNode(), message, {
			description,
			itemIndex: itemIndexOf(client.ctx),
		});
	if (!region || !target) {
		const where = scrubSecrets(named[0] ?? `"${failure.message}"`, await secretsOf(client));
		throw fail(
			`Webex answered 451 (the organisation's call history is kept in another region), naming ${where}, which is not one of its call history hosts of the credential's cloud: not followed`,
			`The access token was not sent there. Set Region to the organisation's region (${regionNamesOf(hosts)}), or check the credential's Base URL.`,
		);
	}
	if (hosts.region !== 'automatic' || hosts.followed) {
		throw fail(
			`Webex keeps this organisation's call history in region ${REGION_NAMES[region]} (${named.find((host) => callHistoryRegionOfHost(hosts.credentialBaseUrl, host))})`,
			hosts.followed
				? "Webex named another region after the node had followed one: set Region to the organisation's region, then run again."
				: `Set Region to ${REGION_NAMES[region]} (or Automatic), then run again.`,
		);
	}
	hosts.followed = true;
	const from = String(client.baseUrl).replace(/\/+$/, '');
	client.baseUrl = new URL(target);
	client.ctx.logger.info(
		`${client.ctx.getNode().name}: Webex keeps this organisation's call history in region ${REGION_NAMES[region]}: reading it at ${client.baseUrl.origin}`,
	);
	return `${target}${url.slice(from.length)}`;
}

const regionNamesOf = (hosts: CallHistoryHosts) =>
	Object.entries(REGION_NAMES)
		.filter(([region]) => callHistoryBaseUrl(hosts.credentialBaseUrl, region as CallHistoryRegion))
		.map(([, name]) => name)
		.join(', ');

/** The names of the regions, as the Region field shows them. */
export const REGION_NAMES: Record<CallHistoryRegion, string> = {
	us: 'US',
	eu: 'EU',
	in: 'India',
	au: 'Australia',
	gov: 'US Government (FedRAMP)',
};

/** Host names in a message, in order. */
function hostsIn(message: string): string[] {
	return [...message.matchAll(/\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)+\.[a-z]{2,}\b/gi)]
		.map((match) => match[0].toLowerCase())
		.slice(0, 10);
}
